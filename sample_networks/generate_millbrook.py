"""Generate the fictional Millbrook locality (``sample_networks/millbrook``), seeded.

Millbrook is invented: every name is made up. It is built to look like the result of a
Connected Communities-style mapping exercise in an English town of five wards, and to hold
structures a good analysis should find (see ``millbrook/README.md``):

* two even-handed brokers: Amina Patel (community connector) and Millbrook Community Hub;
* a partisan gatekeeper: the council's regeneration officer, Graham Pike, through whom
  the town's businesses reach the council, his ties almost all on the council side;
* a poorly connected ward: Hollins Park, tied to the rest of the town by one tie;
* assets held by marginal actors: Hollins Park Methodist Chapel (hall, rooms to hire),
  Ken Walsh (retired joiner, tool library; an isolate), Bright Futures Minibus Trust,
  Eastfield Allotment Society, Castle Hill Garage;
* needs that other actors' offers would meet, in different words (the youth club needs a
  meeting room, the chapel has a hall with rooms to hire; the food bank needs fresh produce
  and drivers, the allotments have surplus vegetables and the minibus trust has drivers);
* a circle of trust: Eastfield's play-area partnership — BuildRight DIY Store, Millbrook FE
  College, Eastfield Residents' Association and Millbrook Youth Club, four sectors, every pair
  strongly tied (:data:`CIRCLE_TIES`).

Wave 2 (``millbrook/wave2``) is the same town one year on, for ``netmap compare``: The Red
Lion has closed; a new group, the Hollins Park Youth Forum, has joined and gives Hollins Park
a second way to the rest of the town; six of the introductions netmap suggested on wave 1
have become ties; and, as in any real follow-up survey, some residents' ties ended, others
began and some changed strength.

Run ``python sample_networks/generate_millbrook.py`` to rewrite the CSV files; the output
is identical on every run (seed 2026; wave 2 draws from its own generator, so wave 1 never
changes when wave 2 does).
"""
from __future__ import annotations

import csv
import random
from pathlib import Path

SEED = 2026
OUT = Path(__file__).resolve().parent / "millbrook"
WARDS = ["Northgate", "Riverside", "Castle Hill", "Eastfield", "Hollins Park"]

# id, name, sector, ward, type, offers, needs
ORGANISATIONS = [
    # public
    ("council-cd", "Council Community Development Team", "public", "Castle Hill", "council service",
     "small grants; community development advice", "volunteers; local knowledge"),
    ("council-housing", "Council Housing Options", "public", "Castle Hill", "council service",
     "housing advice; homelessness prevention", "landlords with vacancies"),
    ("council-asc", "Council Adult Social Care", "public", "Castle Hill", "council service",
     "care assessments", "befriending for isolated older people; transport for older people"),
    ("council-youth", "Council Youth Service", "public", "Castle Hill", "council service",
     "youth workers", "venues in Hollins Park"),
    ("council-regen", "Graham Pike (Council Regeneration Officer)", "public", "Castle Hill", "council officer",
     "regeneration funding; business rates advice", "business engagement"),
    ("council-planning", "Council Planning Service", "public", "Castle Hill", "council service",
     "planning advice", "business input to the local plan"),
    ("council-licensing", "Council Licensing Team", "public", "Castle Hill", "council service",
     "licences for events and premises", "compliant premises"),
    ("council-econ", "Council Economic Development", "public", "Castle Hill", "council service",
     "business start-up grants", "business engagement"),
    ("council-envhealth", "Council Environmental Health", "public", "Castle Hill", "council service",
     "food hygiene inspections", "business cooperation"),
    ("council-parks", "Council Parks and Open Spaces", "public", "Riverside", "council service",
     "park maintenance; tree planting", "volunteer litter pickers"),
    ("library", "Northgate Library", "public", "Northgate", "library",
     "free IT access; meeting space; digital skills sessions", "volunteers"),
    ("gp", "Millbrook Health Centre (GP surgery)", "public", "Riverside", "GP surgery",
     "health checks; social prescribing link worker", "activities to prescribe; befriending"),
    ("school-primary", "Millbrook Primary School", "public", "Northgate", "school",
     "school hall at weekends; playing field", "reading volunteers; breakfast club food"),
    ("school-stannes", "St Anne's C of E Primary", "public", "Eastfield", "school",
     "school kitchen", "parent volunteers"),
    ("academy", "Millbrook Academy", "public", "Castle Hill", "school",
     "sports hall; 3G pitch", "work experience placements"),
    ("college", "Millbrook FE College", "public", "Castle Hill", "FE college",
     "adult learning courses; IT suite; apprenticeships; construction workshop", "employer partners; learners"),
    ("police", "Millbrook Neighbourhood Policing Team", "public", "Northgate", "police",
     "crime prevention advice; community safety", "community intelligence; youth diversion activities"),
    ("jobcentre", "Millbrook Jobcentre", "public", "Castle Hill", "jobcentre",
     "employment support", "training for job seekers; work placements"),
    ("public-health", "Public Health Team", "public", "Castle Hill", "council service",
     "health promotion funding", "healthy eating projects"),
    ("childrens-centre", "Hollins Park Children's Centre", "public", "Hollins Park", "children's centre",
     "parenting courses; creche", "outreach to families"),
    # private
    ("diy", "BuildRight DIY Store", "private", "Eastfield", "DIY store",
     "warehouse storage space; paint and timber donations; delivery van", "staff volunteering opportunities"),
    ("supermarket", "FreshWay Supermarket", "private", "Riverside", "supermarket",
     "surplus food; community noticeboard; collection point", "local charity partner"),
    ("pub-redlion", "The Red Lion", "private", "Northgate", "pub",
     "function room; quiz nights", "more customers midweek"),
    ("pub-boat", "The Boat Inn", "private", "Riverside", "pub",
     "beer garden for events", "local events"),
    ("bakery", "Millbrook Bakery", "private", "Castle Hill", "business",
     "day-old bread", "apprentice baker"),
    ("pharmacy", "Patel's Pharmacy", "private", "Riverside", "pharmacy",
     "prescription delivery; health advice", "delivery drivers"),
    ("garage", "Castle Hill Garage", "private", "Castle Hill", "business",
     "van loan at weekends; vehicle repairs", "apprentice mechanic"),
    ("cafe", "Riverside Cafe", "private", "Riverside", "cafe",
     "space for small groups", "more daytime customers"),
    ("building-society", "Millbrook Building Society", "private", "Castle Hill", "business",
     "community grants fund; meeting room", "local causes to support"),
    ("echo", "Millbrook Echo (newspaper)", "private", "Castle Hill", "media",
     "local news coverage; free adverts for charities", "stories"),
    ("estate-agent", "Hartley Estate Agents", "private", "Northgate", "business",
     "sponsorship", "local profile"),
    ("traders", "Millbrook Traders' Association", "private", "Castle Hill", "business association",
     "shop window space; sponsorship", "footfall; council support"),
    ("taxi", "Millbrook Cabs", "private", "Eastfield", "business",
     "discounted fares", "drivers"),
    # voluntary
    ("foodbank", "Millbrook Food Bank", "voluntary", "Eastfield", "food bank",
     "emergency food parcels", "fresh produce; volunteer drivers; storage space"),
    ("cab", "Citizens Advice Millbrook", "voluntary", "Castle Hill", "charity",
     "debt and benefits advice", "volunteer advisers; outreach venues"),
    ("age-concern", "Age Concern Millbrook", "voluntary", "Northgate", "charity",
     "lunch club; befriending", "transport for older people; volunteers"),
    ("mind", "Mind in Millbrook", "voluntary", "Riverside", "charity",
     "mental health support groups", "quiet meeting rooms"),
    ("cvs", "Millbrook CVS", "voluntary", "Castle Hill", "infrastructure charity",
     "volunteer brokerage; funding advice", "members"),
    ("youth-club", "Millbrook Youth Club", "voluntary", "Eastfield", "charity",
     "youth activities", "a hall for evening sessions; sports equipment"),
    ("housing-assoc", "Millbrook Homes (housing association)", "voluntary", "Riverside", "housing association",
     "tenancy support; community room", "tenant engagement"),
    ("credit-union", "Millbrook Credit Union", "voluntary", "Northgate", "charity",
     "affordable loans; savings accounts", "collection points"),
    ("hub", "Millbrook Community Hub", "voluntary", "Castle Hill", "community hub",
     "meeting rooms; signposting; community events", "funding; volunteers"),
    ("minibus", "Bright Futures Minibus Trust", "voluntary", "Eastfield", "charity",
     "accessible minibus; volunteer drivers", "groups to use it"),
    ("mens-shed", "Millbrook Men's Shed", "voluntary", "Northgate", "charity",
     "companionship for older men", "workshop tools; premises"),
    ("refuge", "Millbrook Women's Aid", "voluntary", "Riverside", "charity",
     "refuge; domestic abuse support", "safe referral routes"),
    # community
    ("ra-northgate", "Northgate Residents' Association", "community", "Northgate", "residents' association",
     "resident volunteers", "funding for street party"),
    ("ra-riverside", "Riverside Tenants' and Residents' Association", "community", "Riverside",
     "residents' association", "resident volunteers", "repairs to community room"),
    ("ra-castlehill", "Castle Hill Residents' Association", "community", "Castle Hill", "residents' association",
     "resident volunteers", "parking solutions"),
    ("ra-eastfield", "Eastfield Residents' Association", "community", "Eastfield", "residents' association",
     "resident volunteers", "play equipment"),
    ("ra-hollins", "Hollins Park Residents' Association", "community", "Hollins Park", "residents' association",
     "local knowledge", "youth provision; a bus service"),
    ("st-marks", "St Mark's Church", "community", "Northgate", "faith group",
     "church hall; volunteers", "heating costs"),
    ("mosque", "Millbrook Mosque", "community", "Riverside", "faith group",
     "community kitchen; volunteers", "links with other faiths"),
    ("gurdwara", "Millbrook Gurdwara", "community", "Eastfield", "faith group",
     "langar free community meals", "links with schools"),
    ("chapel", "Hollins Park Methodist Chapel", "community", "Hollins Park", "faith group",
     "community hall with rooms to hire; kitchen; car park", "more people using the building"),
    ("friends-park", "Friends of Millbrook Park", "community", "Riverside", "community group",
     "volunteer gardeners", "tools; insurance"),
    ("allotments", "Eastfield Allotment Society", "community", "Eastfield", "community group",
     "surplus fresh vegetables; gardening know-how", "new members"),
    ("juniors-fc", "Millbrook Juniors FC", "community", "Castle Hill", "sports club",
     "football coaching", "pitch time; kit sponsorship"),
    ("knit", "Knit and Natter", "community", "Northgate", "community group",
     "knitted goods for charity", "a warm place to meet"),
    ("pta", "Millbrook Primary PTA", "community", "Northgate", "community group",
     "fundraising events", "prizes for raffles"),
]

# Named people who matter to the story.
PEOPLE = [
    ("amina-patel", "Amina Patel (community connector)", "community", "Riverside", "community connector",
     "introductions; translation (Gujarati, Urdu)", ""),
    ("ken-walsh", "Ken Walsh (retired joiner)", "community", "Eastfield", "resident",
     "woodworking skills; tool library of hand and power tools; furniture repairs", ""),
    ("jo-baxter", "Jo Baxter (Hollins Park resident)", "community", "Hollins Park", "resident",
     "", "help with benefit forms"),
]

FIRST = ["Aisha", "Ben", "Carla", "Dev", "Ellie", "Farid", "Grace", "Harry", "Imran", "Jade", "Kofi", "Lena",
         "Mo", "Nadia", "Owen", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Una", "Vik", "Wendy", "Yusuf",
         "Zara", "Alan", "Bev", "Chris", "Dot", "Eddie"]
LAST = ["Ahmed", "Brown", "Clarke", "Davies", "Evans", "Fisher", "Green", "Hughes", "Iqbal", "Jones", "Khan",
        "Lewis", "Morris", "Nowak", "O'Neill", "Price", "Rahman", "Singh", "Taylor", "Walker", "Wright", "Young"]
RESIDENT_OFFERS = ["gardening", "babysitting", "English conversation practice", "baking for events",
                   "lifts to appointments", "dog walking", "IT help for beginners", "sewing and alterations",
                   "running a stall", "first aid"]
RESIDENT_NEEDS = ["help with benefit forms", "lifts to hospital", "someone to talk to", "help finding work",
                  "childcare", "help with the garden", "learning English", "computer skills"]

# Where each ward's residents go: residents' association, faith group, school, shops.
WARD_PLACES = {
    "Northgate": ["ra-northgate", "st-marks", "school-primary", "pub-redlion", "library", "age-concern", "knit"],
    "Riverside": ["ra-riverside", "mosque", "gp", "supermarket", "pub-boat", "housing-assoc", "cafe"],
    "Castle Hill": ["ra-castlehill", "hub", "academy", "bakery", "juniors-fc", "college"],
    "Eastfield": ["ra-eastfield", "gurdwara", "school-stannes", "diy", "foodbank", "youth-club"],
    "Hollins Park": ["ra-hollins", "childrens-centre"],
}

# (source, target, type, strength) among organisations and named people.
CORE_TIES = [
    # the council talks to itself (Graham Pike is one of them)
    ("council-cd", "council-housing", "shares information", 4), ("council-cd", "council-asc", "shares information", 3),
    ("council-cd", "council-youth", "collaborates", 4), ("council-cd", "public-health", "collaborates", 3),
    ("council-housing", "council-asc", "refers", 4), ("council-asc", "public-health", "shares information", 3),
    ("council-youth", "public-health", "collaborates", 2), ("council-parks", "council-cd", "shares information", 2),
    ("council-regen", "council-cd", "shares information", 4), ("council-regen", "council-housing", "collaborates", 4),
    ("council-regen", "council-parks", "collaborates", 4), ("council-regen", "public-health", "shares information", 3),
    ("council-regen", "council-asc", "shares information", 3), ("council-regen", "council-youth", "shares information", 3),
    ("council-regen", "jobcentre", "collaborates", 4), ("council-regen", "college", "collaborates", 4),
    ("jobcentre", "college", "refers", 4), ("college", "academy", "collaborates", 3),
    ("academy", "council-youth", "collaborates", 3), ("school-primary", "school-stannes", "shares information", 2),
    ("academy", "school-primary", "shares information", 2), ("police", "council-youth", "collaborates", 3),
    ("police", "council-housing", "shares information", 3), ("gp", "public-health", "collaborates", 4),
    ("gp", "council-asc", "refers", 4), ("library", "council-cd", "collaborates", 3),
    # businesses reach the council through Graham Pike (the partisan gatekeeper)
    ("council-regen", "council-planning", "collaborates", 4), ("council-regen", "council-licensing", "collaborates", 4),
    ("council-regen", "council-econ", "collaborates", 5), ("council-regen", "council-envhealth", "shares information", 3),
    ("council-planning", "council-econ", "shares information", 3), ("council-licensing", "council-envhealth", "collaborates", 3),
    ("council-regen", "supermarket", "shares information", 3), ("council-regen", "diy", "shares information", 2),
    ("council-regen", "pub-redlion", "shares information", 2),
    ("council-regen", "traders", "shares information", 4), ("council-regen", "building-society", "collaborates", 3),
    ("council-regen", "estate-agent", "shares information", 2),
    ("traders", "bakery", "collaborates", 4), ("traders", "pub-redlion", "collaborates", 3),
    ("traders", "estate-agent", "collaborates", 3), ("traders", "echo", "shares information", 4),
    ("traders", "taxi", "collaborates", 2), ("traders", "garage", "collaborates", 2),
    ("traders", "pharmacy", "collaborates", 3), ("traders", "cafe", "collaborates", 3),
    ("echo", "building-society", "shares information", 2), ("pub-redlion", "pub-boat", "shares information", 2),
    ("supermarket", "traders", "collaborates", 3), ("diy", "traders", "collaborates", 3),
    ("estate-agent", "building-society", "collaborates", 3), ("bakery", "cafe", "supplies", 4),
    # the voluntary sector: funded by and referring to the council
    ("council-cd", "cvs", "funds", 4), ("cvs", "cab", "collaborates", 4), ("cvs", "age-concern", "collaborates", 3),
    ("cvs", "mind", "collaborates", 3), ("cvs", "foodbank", "collaborates", 3), ("cvs", "youth-club", "collaborates", 2),
    ("cvs", "credit-union", "collaborates", 2), ("cvs", "mens-shed", "collaborates", 2),
    ("cab", "foodbank", "refers", 5), ("cab", "council-housing", "refers", 4), ("cab", "credit-union", "refers", 3),
    ("cab", "jobcentre", "refers", 3), ("mind", "gp", "refers", 4), ("age-concern", "council-asc", "refers", 4),
    ("youth-club", "council-youth", "funds", 3), ("housing-assoc", "council-housing", "collaborates", 5),
    ("housing-assoc", "cab", "refers", 3), ("refuge", "police", "refers", 4), ("refuge", "council-housing", "refers", 4),
    ("refuge", "gp", "refers", 2), ("foodbank", "mosque", "collaborates", 3), ("foodbank", "gurdwara", "collaborates", 3),
    ("foodbank", "st-marks", "collaborates", 4), ("age-concern", "st-marks", "collaborates", 3),
    ("public-health", "mind", "funds", 3),
    # community groups among themselves
    ("st-marks", "mosque", "shares information", 2), ("mosque", "gurdwara", "shares information", 2),
    ("friends-park", "council-parks", "collaborates", 3), ("friends-park", "ra-riverside", "collaborates", 3),
    ("pta", "school-primary", "collaborates", 5), ("juniors-fc", "academy", "collaborates", 3),
    ("knit", "age-concern", "collaborates", 2), ("ra-riverside", "housing-assoc", "collaborates", 4),
    ("ra-northgate", "police", "shares information", 2), ("ra-eastfield", "youth-club", "collaborates", 2),
    ("ra-castlehill", "council-cd", "shares information", 2),
    # Amina Patel: even-handed, across every sector and four wards
    ("amina-patel", "council-cd", "collaborates", 4), ("amina-patel", "gp", "refers", 4),
    ("amina-patel", "police", "shares information", 3),
    ("amina-patel", "supermarket", "collaborates", 3), ("amina-patel", "pub-boat", "shares information", 2),
    ("amina-patel", "pharmacy", "collaborates", 3), ("amina-patel", "diy", "collaborates", 3),
    ("amina-patel", "foodbank", "collaborates", 4), ("amina-patel", "cab", "refers", 3),
    ("amina-patel", "mind", "refers", 3), ("amina-patel", "ra-riverside", "collaborates", 4),
    ("amina-patel", "mosque", "collaborates", 4), ("amina-patel", "gurdwara", "shares information", 3),
    ("amina-patel", "ra-eastfield", "shares information", 2),
    # Millbrook Community Hub: even-handed, across sectors and wards
    ("hub", "council-cd", "collaborates", 4), ("hub", "library", "collaborates", 3), ("hub", "college", "collaborates", 3),
    ("hub", "building-society", "collaborates", 2), ("hub", "echo", "shares information", 3),
    ("hub", "bakery", "supplies", 2), ("hub", "cvs", "collaborates", 4), ("hub", "age-concern", "collaborates", 3),
    ("hub", "youth-club", "collaborates", 3), ("hub", "ra-castlehill", "collaborates", 4),
    ("hub", "ra-northgate", "collaborates", 3), ("hub", "st-marks", "shares information", 3),
    ("hub", "juniors-fc", "collaborates", 2),
    # Hollins Park: one tie to the rest of Millbrook
    ("ra-hollins", "council-housing", "shares information", 2),
    # marginal asset holders
    ("chapel", "ra-hollins", "collaborates", 3), ("minibus", "age-concern", "supplies", 2),
    ("allotments", "ra-eastfield", "shares information", 2),
]

#: The planted circle of trust (docs/analysis.md, "Circles of trust"): Eastfield's play-area
#: partnership. The DIY store gives timber and paint, the FE college's construction students
#: build, the residents' association asked for the play equipment and the youth club's members
#: help; they meet every month. Four sectors (private, public, community, voluntary), every pair
#: tied at CIRCLE_STRENGTH, above Millbrook's median strength (3), so every tie counts as strong.
#: The residents' association and the youth club already collaborated (strength 2, in CORE_TIES):
#: that tie is strengthened; the other five are new.
CIRCLE_TIES = [("diy", "college", "collaborates"), ("diy", "ra-eastfield", "supplies"),
               ("diy", "youth-club", "supplies"), ("college", "ra-eastfield", "collaborates"),
               ("college", "youth-club", "collaborates"), ("ra-eastfield", "youth-club", "collaborates")]
CIRCLE_STRENGTH = 4


def _circle_ties_added() -> set[frozenset]:
    """The circle's ties that are not in CORE_TIES (added, not strengthened)."""
    core = {frozenset((s, t)) for s, t, _, _ in CORE_TIES}
    return {frozenset((s, t)) for s, t, _ in CIRCLE_TIES} - core


def build(seed: int = SEED):
    rng = random.Random(seed)
    actors = [dict(zip(("id", "name", "sector", "ward", "type", "offers", "needs"), row))
              for row in ORGANISATIONS + PEOPLE]
    residents_by_ward = {}
    used_names = set()
    number = 0
    for ward in WARDS:
        count = 22 if ward != "Hollins Park" else 18
        ids = []
        for _ in range(count):
            number += 1
            while True:
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                if name not in used_names:
                    used_names.add(name)
                    break
            offers = "; ".join(rng.sample(RESIDENT_OFFERS, rng.choice([0, 0, 1, 1, 2])))
            needs = "; ".join(rng.sample(RESIDENT_NEEDS, rng.choice([0, 0, 1, 1, 2])))
            rid = f"r{number:03d}"
            actors.append({"id": rid, "name": name, "sector": "community", "ward": ward, "type": "resident",
                           "offers": offers, "needs": needs})
            ids.append(rid)
        residents_by_ward[ward] = ids

    ties = [{"source": s, "target": t, "type": k, "weight": w} for s, t, k, w in CORE_TIES]
    seen = {frozenset((s, t)) for s, t, _, _ in CORE_TIES}

    def tie(a, b, kind, weight):
        key = frozenset((a, b))
        if a != b and key not in seen:
            seen.add(key)
            ties.append({"source": a, "target": b, "type": kind, "weight": weight})

    for ward, ids in residents_by_ward.items():
        places = WARD_PLACES[ward]
        # neighbours: a ring with a few shortcuts, so each ward is a tight cluster
        for i, rid in enumerate(ids):
            tie(rid, ids[(i + 1) % len(ids)], "shares information", rng.randint(2, 5))
            if rng.random() < 0.5:
                tie(rid, ids[(i + rng.randint(2, 5)) % len(ids)], "shares information", rng.randint(1, 4))
        # residents use their ward's places
        for rid in ids:
            for place in rng.sample(places, min(len(places), rng.choice([1, 1, 2, 2, 3]))):
                tie(rid, place, rng.choice(["collaborates", "shares information"]), rng.randint(1, 4))
    # a few friendships across wards, never into Hollins Park
    open_wards = [w for w in WARDS if w != "Hollins Park"]
    for _ in range(10):
        a, b = rng.sample(open_wards, 2)
        tie(rng.choice(residents_by_ward[a]), rng.choice(residents_by_ward[b]), "shares information", rng.randint(1, 3))
    # Jo Baxter lives in Hollins Park, knows two neighbours and asks the food bank for help
    hollins = residents_by_ward["Hollins Park"]
    tie("jo-baxter", hollins[0], "shares information", 3)
    tie("jo-baxter", hollins[5], "shares information", 2)
    # the circle of trust last: the ties drawn above are those of the map before it was planted
    for s, t, kind in CIRCLE_TIES:
        key = frozenset((s, t))
        for row in ties:
            if frozenset((row["source"], row["target"])) == key:
                row["weight"] = max(row["weight"], CIRCLE_STRENGTH)
        tie(s, t, kind, CIRCLE_STRENGTH)
    return actors, ties


#: Wave 2's planted changes (one year on).
LEAVES = "pub-redlion"  # The Red Lion has closed
JOINS = ("hollins-youth", "Hollins Park Youth Forum", "community", "Hollins Park", "youth group",
         "youth-led activities; young people's views", "a regular venue; funding")
JOINS_TIES = [("hollins-youth", "childrens-centre", "collaborates", 3), ("hollins-youth", "chapel", "collaborates", 4),
              ("hollins-youth", "council-youth", "funds", 3), ("hollins-youth", "youth-club", "collaborates", 3)]
#: Introductions netmap suggested on wave 1 (group by sector) that were made and became ties.
INTRODUCTIONS_MADE = [("foodbank", "minibus", "collaborates", 3), ("gp", "age-concern", "refers", 3),
                      ("foodbank", "allotments", "supplies", 3), ("diy", "foodbank", "supplies", 2),
                      ("mens-shed", "ken-walsh", "collaborates", 4), ("council-cd", "ra-hollins", "collaborates", 2)]


def build_wave2(actors, ties, seed: int = SEED):
    """Wave 1 one year on (see the module docstring); ``actors`` and ``ties`` are wave 1's."""
    rng = random.Random(seed + 1)
    actors = [dict(a) for a in actors if a["id"] != LEAVES]
    actors.append(dict(zip(("id", "name", "sector", "ward", "type", "offers", "needs"), JOINS)))
    ties = [dict(t) for t in ties if LEAVES not in (t["source"], t["target"])]
    resident_ties = [i for i, t in enumerate(ties) if t["source"].startswith("r") and t["target"].startswith("r")
                     and t["source"][1:].isdigit() and t["target"][1:].isdigit()]
    ended = set(rng.sample(resident_ties, 12))
    # the circle's new ties hold a year on; leaving them out of the draw also keeps wave 2's
    # other changes as they were before the circle was planted
    added = _circle_ties_added()
    for i in rng.sample([i for i in range(len(ties)) if i not in ended
                         and frozenset((ties[i]["source"], ties[i]["target"])) not in added], 20):
        ties[i]["weight"] = min(5, max(1, ties[i]["weight"] + rng.choice([-1, 1, 1])))
    ties = [t for i, t in enumerate(ties) if i not in ended]
    seen = {frozenset((t["source"], t["target"])) for t in ties}
    residents = [a for a in actors if a["type"] == "resident" and a["id"].startswith("r")]
    hollins = [a["id"] for a in residents if a["ward"] == "Hollins Park"]
    new = [(s, t, k, w) for s, t, k, w in JOINS_TIES + INTRODUCTIONS_MADE]
    new += [("hollins-youth", r, "collaborates", rng.randint(2, 4)) for r in rng.sample(hollins, 4)]
    while len(new) < len(JOINS_TIES) + len(INTRODUCTIONS_MADE) + 4 + 15:  # new friendships
        a, b = rng.sample(residents, 2)
        if (a["ward"] == "Hollins Park") == (b["ward"] == "Hollins Park"):
            new.append((a["id"], b["id"], "shares information", rng.randint(1, 4)))
    for s, t, k, w in new:
        if s != t and frozenset((s, t)) not in seen:
            seen.add(frozenset((s, t)))
            ties.append({"source": s, "target": t, "type": k, "weight": w})
    return actors, ties


def write(actors, ties, out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "actors.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["id", "name", "sector", "ward", "type", "offers", "needs"])
        writer.writeheader()
        writer.writerows(actors)
    with open(out / "ties.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["source", "target", "type", "weight"])
        writer.writeheader()
        writer.writerows(ties)


# Shared spaces (netmap/validate/affiliations.py): id, name, kind, capacity, offers, owner, ward.
# Space ids start with "space-" because an id cannot be both an actor and a space.
SPACES = [
    ("space-hub", "Millbrook Community Hub café and hall", "place", 120, "hall; kitchen; meeting rooms", "hub",
     "Castle Hill"),
    ("space-library", "Northgate Library", "place", 60, "meeting room; IT suite", "library", "Northgate"),
    ("space-college", "Millbrook FE College campus", "place", 400, "IT suite; construction workshop; meeting rooms",
     "college", "Castle Hill"),
    ("space-gp", "Health Centre waiting room", "place", 40, "", "gp", "Riverside"),
    ("space-school-gates", "Millbrook Primary school gates", "place", "", "", "school-primary", "Northgate"),
    ("space-redlion", "The Red Lion", "place", 80, "function room", "pub-redlion", "Northgate"),
    ("space-chapel-hall", "Hollins Park Methodist Chapel Hall", "place", 80,
     "community hall; rooms to hire; kitchen", "chapel", "Hollins Park"),
    ("space-leisure", "Millbrook Leisure Centre", "place", 300, "sports hall; pool; meeting room", "council-parks",
     "Riverside"),
    ("space-market", "Saturday Market", "event", "", "stalls", "traders", "Castle Hill"),
    ("space-board", "Millbrook Partnership Board", "partnership", 20, "", "council-cd", "Castle Hill"),
    ("space-social-club", "Eastfield Social Club", "place", 45, "bar; function room", "", "Eastfield"),
]
SPACE_SEED = SEED + 13  # its own generator: the actors and ties above stay byte-identical

# Who uses each space besides the residents drawn at random: (space, [actor ids], role).
SPACE_MEMBERS = {
    # the planted neutral hub: eleven users from each of the four sectors
    "space-hub": (["council-cd", "library", "gp", "college", "police", "jobcentre", "public-health",
                   "childrens-centre", "council-youth", "council-asc", "school-primary"]
                  + ["supermarket", "bakery", "pharmacy", "cafe", "echo", "building-society", "diy", "taxi", "garage",
                     "estate-agent", "traders"]
                  + ["cvs", "cab", "age-concern", "mind", "youth-club", "foodbank", "credit-union", "mens-shed", "hub",
                     "refuge", "housing-assoc"]
                  + ["amina-patel", "ra-castlehill", "ra-northgate", "st-marks"]),
    "space-library": ["library", "council-cd", "knit", "age-concern", "cab"],
    "space-college": ["college", "jobcentre", "academy", "bakery", "garage"],
    "space-gp": ["gp", "pharmacy"],
    "space-school-gates": ["school-primary", "pta"],
    "space-redlion": ["pub-redlion", "traders", "echo"],
    "space-chapel-hall": ["chapel"],
    "space-leisure": ["council-parks", "juniors-fc"],
    "space-market": ["traders", "bakery", "cafe", "allotments", "foodbank"],
    "space-board": ["council-cd", "council-regen", "police", "gp", "cvs", "hub", "housing-assoc", "traders",
                    "building-society"],
    "space-social-club": [],
}
# Residents drawn for each space: (wards, how many).
SPACE_RESIDENTS = {
    "space-hub": (["Castle Hill", "Northgate", "Riverside", "Eastfield"], 7),
    "space-library": (["Northgate"], 12),
    "space-college": (["Castle Hill", "Eastfield"], 8),
    "space-gp": (["Riverside", "Northgate"], 24),
    "space-school-gates": (["Northgate"], 18),
    "space-redlion": (["Northgate"], 12),
    "space-chapel-hall": (["Hollins Park"], 2),  # the under-used hall: three users, one sector
    "space-leisure": (["Riverside", "Castle Hill", "Eastfield", "Northgate"], 30),
    "space-market": (["Castle Hill", "Riverside", "Eastfield"], 20),
    "space-board": ([], 0),
    "space-social-club": (["Eastfield", "Riverside", "Castle Hill"], 44),  # busy, but residents only
}
BOARD_ROLES = {"council-cd": "chair", "hub": "vice-chair"}


def build_spaces(actors, seed: int = SPACE_SEED):
    """The spaces table and who uses each space (affiliations), seeded.

    Planted: a neutral hub (the Community Hub café and hall) used evenly by all four
    sectors; a busy club used by residents only (Eastfield Social Club, 44 users, one
    sector); an under-used hall with rooms to hire (Hollins Park Methodist Chapel Hall:
    the chapel and two residents).
    """
    rng = random.Random(seed)
    residents = {}
    for actor in actors:
        if actor["type"] == "resident":
            residents.setdefault(actor["ward"], []).append(actor["id"])
    spaces = [dict(zip(("id", "name", "kind", "capacity", "offers", "owner", "ward"), row)) for row in SPACES]
    links = []
    for space in spaces:
        sid = space["id"]
        members = list(SPACE_MEMBERS[sid])
        wards, count = SPACE_RESIDENTS[sid]
        pool = [r for w in wards for r in residents[w] if r not in members]
        members += sorted(rng.sample(pool, min(count, len(pool))), key=pool.index)
        for actor in members:
            role = BOARD_ROLES.get(actor, "member") if sid == "space-board" else ""
            date = "Saturdays" if sid == "space-market" else ""
            links.append({"actor": actor, "space": sid, "frequency": rng.randint(1, 4), "role": role, "date": date})
    return spaces, links


def write_spaces(spaces, links, out: Path = OUT) -> None:
    with open(out / "spaces.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["id", "name", "kind", "capacity", "offers", "owner", "ward"])
        writer.writeheader()
        writer.writerows(spaces)
    with open(out / "affiliations.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["actor", "space", "frequency", "role", "date"])
        writer.writeheader()
        writer.writerows(links)


if __name__ == "__main__":
    actors, ties = build()
    write(actors, ties)
    print(f"wrote {len(actors)} actors and {len(ties)} ties to {OUT}")
    spaces, links = build_spaces(actors)
    write_spaces(spaces, links)
    print(f"wrote {len(spaces)} spaces and {len(links)} affiliations to {OUT}")
    actors2, ties2 = build_wave2(actors, ties)
    write(actors2, ties2, OUT / "wave2")
    print(f"wrote {len(actors2)} actors and {len(ties2)} ties to {OUT / 'wave2'}")
