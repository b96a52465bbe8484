"""Closing a collection: the answers people sent become a wave, through the survey route.

The nominations are written as a *long* survey export (respondent, named person, question)
and given to :func:`netmap.intake.survey.build_survey` with the roster, so a name picked from
the list is that person (its roster id), and a name typed that is not on the roster goes
through the same matching and review as any survey's names (``aliases``, ``review``). Then:

* **ties** carry ``type`` (the question's ``tie_type``), ``reported_by`` and ``confirmed``
  (both people named each other), as the survey route makes them; an about-names question that
  ``becomes: weight`` gives the tie's weight: the highest rating either person gave it (1
  when neither rated it); one that ``becomes: attribute`` is a tie column (the first
  reporter's answer, as the survey route keeps follow-up answers);
* **actors** are the roster (and the new people named), each respondent with their answers to
  the choice questions and kept text questions as attributes, and their offers and needs
  (``;``-separated; a respondent's answer replaces the roster's cell, an empty answer keeps it);
* **affiliations** link each respondent to the places they named: a place picked from the
  places file is that space; a typed place is matched to a listed place's name (case and
  spacing aside), else becomes a new space ``place-…``;
* free text not marked ``keep`` goes into a table of its own (``free_text``), never into the
  actors table: it stays out of every shared file.

The tables are then read by :func:`netmap.network.load_network`, exactly as files given to
``analyse`` are (the same validation, the same messages).

Which answers count: each person's most recently sent sheet (a person who answered by their
link and again at a drop-in counts once); with ``include_started``, a sheet started and not
sent counts when the person sent none.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from netmap.errors import InputError, ValidationFailed
from netmap.formats.spreadsheets import Source
from netmap.intake.reconcile import ALIAS_COLUMNS
from netmap.intake.survey import SurveyResult, build_survey
from netmap.network import StakeholderNetwork, load_network
from netmap.questionnaire.answers import answers_by_question, clean_line, name_key
from netmap.questionnaire.invitations import stored_roster
from netmap.questionnaire.model import Questionnaire, parse_questionnaire
from netmap.questionnaire.roster import read_places
from netmap.store import SourceFile, Store, WaveInfo, default_author
from netmap.store.audit import record
from netmap.store.collections import Collection, Collections, SheetAnswers
from netmap.validate import ValidationReport
from netmap.words import plural

__all__ = [
    "NOMINATIONS_FILE",
    "Closed",
    "Collected",
    "build_wave",
    "chosen_sheets",
    "close_collection",
    "close_summary",
    "stored_aliases",
]

NOMINATIONS_FILE = "answers.csv"
_RESPONDENT, _NAMED, _QUESTION = "respondent", "named", "question"


@dataclass
class Collected:
    """A built wave: the ``network`` (validated), the survey route's result with the final
    ``actors`` and ``ties`` (for ``review.csv`` and the aliases), what reading the tables
    changed (``report``), the withheld ``free_text``, the ``nominations`` file given to the
    survey route, and counts of the sheets used."""

    network: StakeholderNetwork
    survey: SurveyResult
    report: ValidationReport
    free_text: pd.DataFrame
    nominations: bytes
    respondents: int
    notes: list[str] = field(default_factory=list)


def chosen_sheets(sheets: Sequence[SheetAnswers], include_started: bool = False) -> list[SheetAnswers]:
    """One sheet per person: the latest sent; with ``include_started``, else the latest started."""
    best: dict[str, SheetAnswers] = {}
    for sheet in sorted(sheets, key=lambda s: s.updated_at):
        if sheet.state == "submitted" or (include_started and sheet.state == "started"):
            current = best.get(sheet.actor_id)
            if current is None or sheet.state == "submitted" or current.state != "submitted":
                best[sheet.actor_id] = sheet
    return sorted(best.values(), key=lambda s: s.actor_id)


def build_wave(questionnaire: Questionnaire, roster: pd.DataFrame, sheets: Sequence[SheetAnswers], *,
               places: pd.DataFrame | None = None, aliases: pd.DataFrame | Source | None = None) -> Collected:
    """The wave the ``sheets`` (already chosen, one per person) describe.

    Raises
    ------
    InputError
        Nobody sent answers, or nobody named anyone (there would be no ties).
    ValidationFailed
        The tables broke a rule of every file (file, row and column named).
    """
    if not sheets:
        raise InputError("nobody has sent answers yet: there is nothing to build a wave from")
    q = questionnaire
    by_sheet = [(s, answers_by_question(s.answers)) for s in sheets]
    nominations, blank_rows = _nominations(q, by_sheet)
    if not any(a for _, saved in by_sheet for n in q.of_kind("names") for a in saved.get(n.id, [])):
        raise InputError("nobody named anyone in the answers sent: there are no ties to build a wave from")
    result = build_survey([(NOMINATIONS_FILE, nominations)], format="long", roster=roster, respondent=_RESPONDENT,
                          aliases=aliases, tie_types={t: t for t in q.tie_types})
    issues = [i for i in result.issues if not (i.file == NOMINATIONS_FILE and i.row in blank_rows)]
    mapping = result.reconciliation.mapping
    ties = _weighted(q, result.ties, by_sheet, mapping)
    actors, free_text = _actors(q, result.actors, by_sheet)
    affiliations, spaces = _affiliations(q, by_sheet, places, set(actors["id"]))
    network, report = load_network(
        ("ties.csv", _csv(ties)), ("actors.csv", _csv(actors)),
        affiliations=("affiliations.csv", _csv(affiliations)) if affiliations is not None else None,
        spaces=("spaces.csv", _csv(spaces)) if affiliations is not None else None)
    if network is None:
        raise ValidationFailed(report)
    survey = replace(result, actors=actors, ties=ties, issues=issues,
                     report={**result.report, "issues": [i.text for i in issues]})
    return Collected(network, survey, report, free_text, nominations, len(sheets))


def _nominations(q: Questionnaire, by_sheet) -> tuple[bytes, set[int]]:
    """The long survey file: one row per person named; a respondent who named nobody gets a
    row with no name (so they count as having answered), whose warning is dropped."""
    attribute_questions = [a for a in q.of_kind("about_names") if a.becomes == "attribute"]
    columns = [_RESPONDENT, _NAMED, _QUESTION] + [a.column for a in attribute_questions]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    blank_rows: set[int] = set()
    row = 1
    for sheet, saved in by_sheet:
        wrote = False
        for names in q.of_kind("names"):
            for answer in saved.get(names.id, []):
                key = name_key(answer)
                cells = [sheet.actor_id, answer.ref or answer.text, names.tie_type]
                for about in attribute_questions:
                    cells.append(_scale_label(about, saved, key) if about.about == names.id else "")
                writer.writerow(cells)
                row += 1
                wrote = True
        if not wrote:
            writer.writerow([sheet.actor_id, ""] + [""] * (len(columns) - 2))
            row += 1
            blank_rows.add(row)
    return out.getvalue().encode("utf-8"), blank_rows


def _scale_label(about, saved, key: str) -> str:
    for a in saved.get(about.id, []):
        if a.about == key and a.text.isdigit() and 1 <= int(a.text) <= len(about.scale):
            return about.scale[int(a.text) - 1]
    return ""


def _weighted(q: Questionnaire, ties: pd.DataFrame, by_sheet, mapping: dict[str, str]) -> pd.DataFrame:
    """The survey route's ties with each weight from the ratings of its two people."""
    ties = ties.copy()
    ratings: dict[tuple[frozenset, str], list[int]] = defaultdict(list)
    for sheet, saved in by_sheet:
        reporter = mapping.get(sheet.actor_id, sheet.actor_id)
        for names in q.of_kind("names"):
            rater = next((a for a in q.about(names.id) if a.becomes == "weight"), None)
            if rater is None:
                continue
            given = {a.about: int(a.text) for a in saved.get(rater.id, []) if a.text.isdigit()}
            for answer in saved.get(names.id, []):
                other = mapping.get((answer.ref or answer.text).strip())
                value = given.get(name_key(answer))
                if other is not None and value is not None:
                    ratings[(frozenset((reporter, other)), names.tie_type)].append(value)
    if len(ties):
        ties["weight"] = [max(ratings.get((frozenset((s, t)), kind), [1]))
                          for s, t, kind in zip(ties["source"], ties["target"], ties["type"])]
    return ties


def _actors(q: Questionnaire, actors: pd.DataFrame, by_sheet) -> tuple[pd.DataFrame, pd.DataFrame]:
    actors = actors.copy().astype(object)
    index = {a: i for i, a in enumerate(actors["id"])}
    free = []
    for question in q.of_kind("choice", "text", "offers", "needs"):
        column = question.kind if question.kind in ("offers", "needs") else question.column
        withheld = question.kind == "text" and not question.keep
        if not withheld and column not in actors.columns:
            actors[column] = None
        for sheet, saved in by_sheet:
            answers = saved.get(question.id, [])
            if not answers or sheet.actor_id not in index:
                continue
            if withheld:
                free.append((sheet.actor_id, question.id, answers[0].text))
                continue
            if question.kind in ("offers", "needs"):
                value = "; ".join(a.text.replace(";", ",") for a in answers)
            else:
                value = answers[0].text
            actors.at[index[sheet.actor_id], column] = value
    return actors, pd.DataFrame(free, columns=["id", "question", "answer"], dtype=object)


def _place_key(text: str) -> str:
    return clean_line(unicodedata.normalize("NFKC", text)).casefold()


def _affiliations(q: Questionnaire, by_sheet, places: pd.DataFrame | None,
                  actor_ids: set[str]) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    questions = q.of_kind("places")
    if not questions:
        return None, None
    listed = places.copy().astype(object) if places is not None else pd.DataFrame(
        {"id": pd.Series(dtype=object), "name": pd.Series(dtype=object)})
    by_name = {_place_key(n): i for i, n in zip(listed["id"], listed["name"])}
    typed: dict[str, Counter] = defaultdict(Counter)
    links: list[tuple[str, str]] = []
    for sheet, saved in by_sheet:
        for question in questions:
            for answer in saved.get(question.id, []):
                space = answer.ref or by_name.get(_place_key(answer.text))
                if space is None:
                    typed[_place_key(answer.text)][answer.text] += 1
                    space = "typed:" + _place_key(answer.text)
                links.append((sheet.actor_id, space))
    if not links:
        return None, None
    taken = set(listed["id"]) | actor_ids
    new_ids = {}
    for key, spellings in sorted(typed.items()):
        base = "place-" + (re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", key).encode("ascii", "ignore")
                                  .decode()).strip("-") or "typed")
        new_id, n = base, 2
        while new_id in taken:
            new_id, n = f"{base}-{n}", n + 1
        taken.add(new_id)
        new_ids["typed:" + key] = (new_id, spellings.most_common(1)[0][0])
    rows = [{"id": i, "name": name} for i, name in new_ids.values()]
    spaces = pd.concat([listed, pd.DataFrame(rows, columns=["id", "name"], dtype=object)], ignore_index=True) \
        if rows else listed
    pairs = list(dict.fromkeys((a, new_ids[s][0] if s in new_ids else s) for a, s in links))
    affiliations = pd.DataFrame(pairs, columns=["actor", "space"], dtype=object)
    return affiliations, spaces


def _csv(frame: pd.DataFrame) -> bytes:
    """A table as CSV for the loader (not a shared file: cells are written as they are)."""
    return frame.to_csv(index=False).encode("utf-8")


@dataclass
class Closed:
    """What closing did: the ``collected`` wave (None when an earlier close had already
    stored it and only the state was left to finish), the stored wave (None in a preview),
    and the sheets left out (``started``: begun and not sent; ``repeats``: a person's older
    sheets)."""

    collection: Collection
    collected: Collected | None
    wave: WaveInfo | None
    left_out: dict[str, int]
    aliases_from: str | None = None


def stored_aliases(store: Store, project: str) -> tuple[pd.DataFrame | None, str | None]:
    """The decisions about names kept with the project's latest wave that has them (as
    ``netmap survey --project`` applies them), and that wave's name."""
    for wave in reversed(store.wave_names(project)):
        table = store.load_table(project, wave, "aliases")
        if table is not None:
            return table, wave
    return None, None


def close_collection(store: Store, project: str, wave: str, *, include_started: bool = False,
                     aliases: pd.DataFrame | Source | None = None, preview: bool = False,
                     author: str | None = None, address: str | None = None) -> Closed:
    """Close the collection and build its wave (see the module's description).

    The collection stops taking answers first (state ``closing``), so the wave holds exactly
    the answers saved before; the wave is stored in one transaction, and only then is the
    collection ``closed``. If building fails, the collection opens again and nothing is
    stored. A close interrupted after the wave was stored is finished by closing again.
    With ``preview`` nothing changes: the wave is built from the answers so far and returned.
    A close (not a preview) is a row of the audit trail (``collection closed``) naming
    ``author`` (default: the person at the command line) and ``address`` (the app's client);
    finishing an interrupted close is one too, and its detail says so.
    """
    records = Collections(store)
    collection = records.get(project, wave)
    if collection.state == "closed":
        raise InputError(f"the collection for wave '{wave}' is already closed ({collection.closed_at})")
    if collection.state == "closing" and wave in store.wave_names(project):
        return _finish_interrupted(store, records, collection, preview, author, address)
    if not preview and not records.set_state(collection.id, "closing", only_from=("open", "closing")):
        raise InputError(f"the collection for wave '{wave}' was closed by someone else just now")
    try:
        alias_table, aliases_from = (aliases, None) if aliases is not None else stored_aliases(store, project)
        q = parse_questionnaire(collection.questionnaire)
        files = records.files(collection.id)
        roster = stored_roster(store, collection)
        places = next((read_places((f.filename, f.content)) for f in files if f.role == "places"), None)
        every = records.sheets(collection.id, ("submitted", "started"))
        chosen = chosen_sheets(every, include_started)
        used = {id(s) for s in chosen}
        left_out = {"started": sum(1 for s in every if s.state == "started" and id(s) not in used
                                   and s.actor_id not in {c.actor_id for c in chosen}),
                    "repeats": sum(1 for s in every if id(s) not in used and s.actor_id in {c.actor_id for c in chosen})}
        collected = build_wave(q, roster, chosen, places=places, aliases=alias_table)
        if preview:
            return Closed(collection, collected, None, left_out, aliases_from)
        kept = [SourceFile.of(f.role, f.filename, f.content) for f in files]
        kept.append(SourceFile.of("responses", NOMINATIONS_FILE, collected.nominations))
        tables = {"aliases": collected.survey.aliases[ALIAS_COLUMNS]}
        if len(collected.free_text):
            tables["free_text"] = collected.free_text
        info = store.add_wave(project, wave, collected.network, files=kept, author=author, tables=tables,
                              notes=f"collected with netmap's questionnaire '{q.title}' from "
                                    f"{collected.respondents} respondent(s)")
    except BaseException:
        if not preview:
            records.set_state(collection.id, "open", only_from=("closing",))
        raise
    records.set_state(collection.id, "closed", only_from=("closing",))
    record(store, "collection closed", author or default_author(), project,
           {"wave": wave, "respondents": collected.respondents, "actors": info.actors, "ties": info.ties}, address)
    return Closed(records.by_id(collection.id), collected, info, left_out, aliases_from)


def _finish_interrupted(store: Store, records: Collections, collection: Collection, preview: bool,
                        author: str | None, address: str | None) -> Closed:
    """An earlier close stored the wave and stopped before marking the collection closed: mark
    it, and write the audit row that close never wrote (saying it finished an interrupted one).
    A preview changes nothing: it says what closing would do."""
    project, wave = collection.project, collection.wave
    info = store.wave_info(project, wave)
    if preview:
        raise InputError(f"an earlier close of wave '{wave}' stored the wave and was interrupted before the "
                         "collection was marked closed; close again without preview to finish it")
    if not records.set_state(collection.id, "closed", only_from=("closing",)):
        raise InputError(f"the collection for wave '{wave}' was closed by someone else just now")
    record(store, "collection closed", author or default_author(), project,
           {"wave": wave, "actors": info.actors, "ties": info.ties, "finished": "an interrupted close"}, address)
    return Closed(records.by_id(collection.id), None, info, {})


def close_summary(closed: Closed, *, preview: bool = False) -> list[str]:
    """What a close (or a ``preview``) did, in sentences: the counts of the wave built, the
    names matched and those left for a person to review, what was left out; the same words
    for ``netmap collect close`` and the app."""
    wave = closed.collection.wave
    c = closed.collected
    if c is None:
        return [f"finished an interrupted close: the wave '{wave}' was already stored; the collection is now closed"]
    r = c.survey.report
    places = (f", {plural(len(c.network.affiliations), 'affiliation', grouped=True)}"
              if c.network.affiliations is not None else "")
    counts = (f"{plural(len(c.network.actors), 'actor', grouped=True)}, "
              f"{plural(len(c.network.ties), 'tie', grouped=True)} ({r['confirmed_ties']} confirmed by both people)")
    lines = [f"{'preview of' if preview else 'built'} wave '{wave}' from {plural(c.respondents, 'respondent')}: "
             + counts + places]
    if closed.aliases_from:
        lines.append(f"applied the decisions about names kept with wave '{closed.aliases_from}'")
    lines.append(f"names matched automatically: {r['auto_merged']}; for a person to review: {r['to_review']}")
    started, repeats = closed.left_out.get("started"), closed.left_out.get("repeats")
    if started:
        lines.append(f"left out: {plural(started, 'person', 'people')} who started and did not send")
    if repeats:
        lines.append(f"note: {plural(repeats, 'earlier answer')} of people who answered again "
                     f"{'was' if repeats == 1 else 'were'} replaced by their latest")
    if len(c.free_text):
        lines.append(f"{plural(len(c.free_text), 'free-text answer')} kept with the wave as the table 'free_text', "
                     "not in the actors table")
    lines.extend(f"note: {line}" for line in r.get("issues", []))
    return lines
