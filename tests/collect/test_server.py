"""The questionnaire server driven through its forms (Starlette's TestClient): answer, resume,
change, withdraw, a closed link, an unknown link, CSRF, oversize forms, rate limits, headers."""
from __future__ import annotations

import re

import pytest

from netmap.questionnaire import answers_by_question
from netmap.questionnaire.build import close_collection
from netmap.questionnaire.status import collection_status
from netmap.store.collections import Collections

from .conftest import client_of
from .helpers import Respondent, csrf_of


def sheet_answers(store, actor_id: str) -> dict:
    """The answers kept for a person (their one personal sheet), by question."""
    records = Collections(store)
    collection = records.get("Northgate", "2026")
    sheets = records.sheets(collection.id, ("started", "submitted", "withdrawn"))
    mine = [s for s in sheets if s.actor_id == actor_id]
    assert len(mine) <= 1
    return answers_by_question(mine[0].answers) if mine else {}


def state_of(store, actor_id: str) -> str:
    status = collection_status(store, "Northgate", "2026")
    people = {p.actor_id: p.state for p in Collections(store).progress(
        Collections(store).get("Northgate", "2026").id)}
    assert status.counts[people[actor_id]] >= 1
    return people[actor_id]


def test_answer_every_page_and_send(opened, client):
    amina = Respondent(client, opened.links["p1"])
    first = amina.get()
    assert first.status_code == 200
    assert "Do you agree to take part?" in first.text and "A few questions about who you know." in first.text
    assert sheet_answers(opened.store, "p1") == {}  # nothing stored before consent
    assert amina.consent().headers["location"].endswith("/2")
    assert state_of(opened.store, "p1") == "started"
    amina.save(2, {"help.1": "Bob Hughes", "help.2": "Zoë Newcomer", "event.1": "Carol Singh"})
    amina.save(3, amina.rate("often", {"Bob Hughes": "4", "Zoë Newcomer": "2"})
               | amina.rate("trust", {"Bob Hughes": "2"}))
    amina.save(4, {"offers.1": "lifts to the doctor", "needs.1": "a ladder"})
    amina.save(5, {"places.1": "Community Hub", "places.2": "the bus stop café"})
    last = amina.save(6, {"years": "2", "story": "I like it here", "skills": "baking"})
    assert last.headers["location"].endswith("/check")
    check = amina.get("check")
    for shown in ("Bob Hughes", "Zoë Newcomer", "Daily", "Monthly", "A lot", "lifts to the doctor", "a ladder",
                  "Community Hub", "the bus stop café", "1 to 5 years", "I like it here", "baking"):
        assert shown in check.text
    assert amina.send().headers["location"].endswith("/thanks")
    assert "Thank you for answering." in amina.get("thanks").text
    assert state_of(opened.store, "p1") == "submitted"
    saved = sheet_answers(opened.store, "p1")
    assert [(a.text, a.ref) for a in saved["help"]] == [("Bob Hughes", "p2"), ("Zoë Newcomer", None)]
    assert [(a.text, a.ref) for a in saved["places"]] == [("Community Hub", "s-hub"), ("the bus stop café", None)]
    assert {a.about: a.text for a in saved["often"]} == {"id:p2": "4", "typed:zoë newcomer": "2"}


def test_stop_and_resume_with_the_same_link(opened, client):
    bob = Respondent(client, opened.links["p2"])
    bob.consent()
    stopped = bob.save(2, {"help.1": "Amina Patel"}, action="stop")
    assert stopped.headers["location"].endswith("/saved")
    assert "Your answers are saved" in bob.get("saved").text
    # later, from another device: a new client with no cookie, the same link
    with client_of(opened.store) as other:
        again = Respondent(other, opened.links["p2"])
        welcome = again.get()
        assert "Welcome back" in welcome.text and f'href="{opened.links["p2"]}/3"' in welcome.text
        page = again.get("2")
        assert 'value="Amina Patel"' in page.text
        again.save(3, {})
        assert sheet_answers(opened.store, "p2")["help"][0].ref == "p1"


def test_change_an_answer_replaces_it_and_drops_answers_about_people_no_longer_named(opened, client):
    carol = Respondent(client, opened.links["p3"])
    carol.consent()
    carol.save(2, {"help.1": "Amina Patel", "help.2": "Dev Khan"})
    carol.save(3, carol.rate("often", {"Amina Patel": "3", "Dev Khan": "1"}))
    carol.save(2, {"help.1": "Dev Khan", "help.2": "Bob Hughes"})  # Amina is no longer named
    saved = sheet_answers(opened.store, "p3")
    assert [a.ref for a in saved["help"]] == ["p4", "p2"]
    assert {a.about: a.text for a in saved["often"]} == {"id:p4": "1"}
    carol.send()
    carol.save(4, {"offers.1": "gardening"})  # after sending, still changeable until close
    assert sheet_answers(opened.store, "p3")["offers"][0].text == "gardening"
    assert state_of(opened.store, "p3") == "submitted"


def test_two_tabs_with_the_same_link_do_not_duplicate_ties(opened, client):
    dev = Respondent(client, opened.links["p4"])
    dev.consent()
    tab1, tab2 = dev.get("2"), dev.get("2")
    fields = {"help.1": "Amina Patel", "help.2": "Bob Hughes", "action": "next"}
    for tab in (tab1, tab2):
        assert dev.post("2", fields, csrf=csrf_of(tab.text)).status_code == 303
    # a consent given in two tabs makes one sheet
    assert dev.post("1", {"consent": "agree", "action": "next"}).status_code == 303
    dev.send()
    assert [a.ref for a in sheet_answers(opened.store, "p4")["help"]] == ["p1", "p2"]
    closed = close_collection(opened.store, "Northgate", "2026")
    ties = closed.collected.network.ties
    assert len(ties) == 2 and set(ties["reported_by"]) == {"p4"}


def test_withdraw_deletes_every_answer_and_the_link_stops_working(opened, client):
    amina = Respondent(client, opened.links["p1"])
    amina.consent()
    amina.save(2, {"help.1": "Bob Hughes"})
    confirm = amina.get("withdraw")
    assert "Delete all my answers" in confirm.text
    done = amina.post("withdraw", {"action": "withdraw"}, csrf=csrf_of(confirm.text))
    assert done.status_code == 200 and "Your answers were deleted" in done.text
    assert sheet_answers(opened.store, "p1") == {}
    assert state_of(opened.store, "p1") == "withdrawn"
    assert amina.get().status_code == 404 and amina.get("2").status_code == 404


def test_declining_stores_nothing(opened, client):
    bob = Respondent(client, opened.links["p2"])
    declined = bob.post("1", {"consent": "decline", "action": "next"})
    assert declined.status_code == 200 and "Nothing was stored" in declined.text
    assert state_of(opened.store, "p2") == "invited"
    assert bob.get("2", follow=False).status_code == 303  # pages after consent send them back to the start


def test_unknown_withdrawn_and_closed_links_get_one_plain_page(opened, client):
    unknown = client.get("/r/" + "A" * 43)
    malformed = client.get("/r/<script>")
    amina, bob = Respondent(client, opened.links["p1"]), Respondent(client, opened.links["p2"])
    amina.consent()
    page = amina.get("withdraw")
    amina.post("withdraw", {"action": "withdraw"}, csrf=csrf_of(page.text))
    withdrawn = amina.get()
    bob.consent()
    bob.save(2, {"help.1": "Carol Singh"})
    form = bob.get("3")
    bob.send()
    close_collection(opened.store, "Northgate", "2026")
    closed = bob.get()
    late = bob.post("3", {"action": "next"}, csrf=csrf_of(form.text))  # a form sent after closing
    dropin = client.get(opened.dropin)
    pages = [unknown, malformed, withdrawn, closed, late, dropin]
    assert {r.status_code for r in pages} == {404}
    assert len({r.content for r in pages}) == 1
    assert "does not open a questionnaire" in unknown.text and "closed" in unknown.text
    assert "set-cookie" not in {k.lower() for r in pages for k in r.headers}


def test_a_form_without_the_right_csrf_token_is_refused(opened, client):
    bob = Respondent(client, opened.links["p2"])
    bob.consent()
    page = bob.get("2")
    good = csrf_of(page.text)
    fields = {"help.1": "Amina Patel", "action": "next"}
    assert bob.post("2", fields, csrf="0" * 64).status_code == 403
    assert client.post(f"{opened.links['p2']}/2", data=fields, follow_redirects=False).status_code == 403
    carol_page = Respondent(client, opened.links["p3"]).get()  # a token made for another link
    assert bob.post("2", fields, csrf=csrf_of(carol_page.text)).status_code == 403
    with client_of(opened.store) as stranger:  # the right token without the cookie it goes with
        assert stranger.post(f"{opened.links['p2']}/2", data={"csrf": good, **fields},
                             follow_redirects=False).status_code == 403
    assert "help" not in sheet_answers(opened.store, "p2")
    assert bob.post("2", fields, csrf=good).status_code == 303


def test_oversize_forms_and_fields_are_refused(opened, client):
    bob = Respondent(client, opened.links["p2"])
    bob.consent()
    page = bob.get("2")
    csrf = csrf_of(page.text)
    huge = client.post(f"{opened.links['p2']}/2", data={"csrf": csrf, "help.1": "x" * 70_000, "action": "next"},
                       follow_redirects=False)
    assert huge.status_code == 413
    many = "&".join(f"f{i}=1" for i in range(300))
    assert client.post(f"{opened.links['p2']}/2", content=many, headers={
        "content-type": "application/x-www-form-urlencoded"}, follow_redirects=False).status_code == 413
    not_a_form = client.post(f"{opened.links['p2']}/2", content=b"{}", headers={"content-type": "application/json"},
                             follow_redirects=False)
    assert not_a_form.status_code == 415
    long_name = bob.post("2", {"help.1": "A" * 121, "action": "next"}, csrf=csrf)
    assert long_name.status_code == 400
    assert 'role="alert"' in long_name.text and "longer than 120 characters" in long_name.text
    assert 'aria-invalid="true"' in long_name.text and 'href="#f-help-1"' in long_name.text
    extra = bob.post("2", {"help.1": "Amina Patel", "help.4": "Dev Khan", "action": "next"}, csrf=csrf)
    assert extra.status_code == 400  # a fourth name where the question allows three
    text = bob.post("6", {"skills": "x" * 201, "action": "next"})
    assert text.status_code == 400 and "longer than 200 characters" in text.text
    assert sheet_answers(opened.store, "p2").keys() == {"consent"}


def too_many(response) -> None:
    """The 429 answer: a plain page that says to wait and reveals nothing of the link or the questionnaire."""
    assert response.status_code == 429 and response.headers["retry-after"] == "60"
    assert response.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "<h1>Too many requests</h1>" in response.text and "saved answers are kept" in response.text
    assert "Northgate" not in response.text and "/r/" not in response.text and "<form" not in response.text
    assert "<script" not in response.text and len(response.content) < 5_000


def test_rate_limits_per_link_and_per_address(opened):
    with client_of(opened.store, per_link=(5, 60.0)) as client:
        statuses = [client.get(opened.links["p1"]).status_code for _ in range(7)]
        assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]
        too_many(client.get(opened.links["p1"]))
        assert client.get(opened.links["p2"]).status_code == 200  # another link is not held up
        with client_of(None, app=client.app, address="203.0.113.7") as elsewhere:
            # the link's count is the link's, wherever it is asked from: another address gets no fresh five
            too_many(elsewhere.get(opened.links["p1"]))
            assert elsewhere.get(opened.links["p3"]).status_code == 200
    with client_of(opened.store, per_address=(4, 60.0)) as client:
        statuses = [client.get(opened.links[p]).status_code for p in ("p1", "p2", "p3", "p4", "p5")]
        assert statuses == [200, 200, 200, 200, 429]
        too_many(client.get(opened.links["p6"]))
        with client_of(None, app=client.app, address="203.0.113.7") as elsewhere:
            assert elsewhere.get(opened.links["p6"]).status_code == 200  # another address is not held up
        amina = Respondent(client, opened.links["p1"])
        too_many(client.post(f"{opened.links['p1']}/1", data={"consent": "agree", "action": "next"}))  # forms too
        assert amina.get().status_code == 429
    with client_of(opened.store, misses=(3, 600.0)) as client:
        guesses = [client.get("/r/" + c * 43).status_code for c in "ABCD"]
        assert guesses == [404, 404, 404, 429]
        too_many(client.get(opened.links["p1"]))  # a guesser is held up everywhere


def test_headers_and_pages_hold_no_script(opened, client):
    amina = Respondent(client, opened.links["p1"])
    pages = [amina.get()]
    amina.consent()
    pages += [amina.get(str(n)) for n in range(2, 7)] + [amina.get("check"), client.get(opened.dropin),
                                                          client.get("/"), client.get("/nowhere")]
    for response in pages:
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "<script" not in response.text.lower()
        assert not re.search(r"<[^>]+\son[a-z]+=", response.text)  # no inline event handlers either
        assert len(response.content) <= 100_000


def test_text_typed_is_escaped_everywhere(opened, client):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    dev = Respondent(client, opened.links["p4"])
    dev.consent()
    dev.save(2, {"help.1": attack, "event.1": "Amina Patel"})
    dev.save(4, {"offers.1": attack})
    dev.save(5, {"places.1": attack})
    dev.save(6, {"story": attack, "skills": attack})
    for response in (dev.get("2"), dev.get("3"), dev.get("4"), dev.get("5"), dev.get("6"), dev.get("check")):
        assert "<script>" not in response.text and "<img" not in response.text
    assert "&lt;script&gt;" in dev.get("check").text


def test_dropin_a_facilitator_picks_who_is_answering(opened, client):
    # Bob first answers with his own link
    bob = Respondent(client, opened.links["p2"])
    bob.consent()
    bob.save(2, {"help.1": "Amina Patel"})
    picker = client.get(opened.dropin)
    assert picker.status_code == 200 and '<option value="John Smith (North)">' in picker.text
    wrong = client.post(opened.dropin, data={"csrf": csrf_of(picker.text), "person": "Nobody Here"},
                        follow_redirects=False)
    assert wrong.status_code == 400 and 'role="alert"' in wrong.text
    started = client.post(opened.dropin, data={"csrf": csrf_of(picker.text), "person": "Bob Hughes"},
                          follow_redirects=False)
    assert started.status_code == 303
    session = started.headers["location"]
    assert re.fullmatch(rf"{re.escape(opened.dropin)}/s/[A-Za-z0-9_-]{{43}}", session)
    at_dropin = Respondent(client, session)
    at_dropin.consent()
    page2 = at_dropin.get("2")
    assert "Amina Patel" not in re.findall(r'<input type="text"[^>]*>', page2.text).__str__()  # Bob's answers not shown
    at_dropin.save(2, {"help.1": "Carol Singh"})
    thanks = at_dropin.send()
    assert thanks.headers["location"] == f"{opened.dropin}/thanks"
    assert "Next person" in client.get(f"{opened.dropin}/thanks").text
    assert at_dropin.get().status_code == 404  # the session ended when the answers were sent
    closed = close_collection(opened.store, "Northgate", "2026")
    ties = closed.collected.network.ties
    # Bob's personal sheet was only started; his drop-in answers are the ones sent
    assert list(zip(ties["source"], ties["target"])) == [("p2", "p3")]


def test_each_page_fits_100kb_with_a_roster_of_1000(tmp_path):
    from netmap.questionnaire.invitations import issue_links, open_collection
    from netmap.store import open_store

    from .helpers import write_inputs

    paths = write_inputs(tmp_path)
    rows = ["id,name,ward,email"] + [f"r{i:04d},Bartholomew-Alexandra Featherstonehaugh {i},Castle Hill Ward,"
                                      for i in range(1000)]
    paths["roster"].write_text("\n".join(rows) + "\n")
    store = open_store(str(tmp_path / "big.db"), create=True)
    store.create_project("Big")
    open_collection(store, "Big", "w", paths["questionnaire"], paths["roster"], paths["places"])
    invitations = issue_links(store, "Big", "w", "http://testserver")
    link = invitations.rows["link"][0].removeprefix("http://testserver")
    with client_of(store) as client:
        person = Respondent(client, link)
        person.consent()
        sizes = [len(person.get(str(n)).content) for n in range(1, 7)]
        sizes.append(len(client.get(invitations.dropin.removeprefix("http://testserver")).content))
    store.close()
    assert max(sizes) <= 100_000, sizes


@pytest.mark.parametrize("path", ["/r/TOKEN/9", "/r/TOKEN/0", "/r/TOKEN/nothing", "/r/TOKEN/thanks"])
def test_steps_that_do_not_exist_get_the_plain_page(opened, client, path):
    response = client.get(path.replace("/r/TOKEN", opened.links["p5"]))
    assert response.status_code == 404 and "does not open a questionnaire" in response.text


def test_the_csrf_cookie_is_httponly_lax_and_secure_over_https(opened):
    with client_of(opened.store, base_url="https://testserver") as client:
        cookie = client.get(opened.links["p1"]).headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" in cookie
    with client_of(opened.store) as client:
        assert "secure" not in client.get(opened.links["p1"]).headers["set-cookie"].lower()
