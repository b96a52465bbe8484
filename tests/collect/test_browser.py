"""The questionnaire in real Chromium at 390×844, served by `netmap collect serve` (uvicorn on
127.0.0.1, started here): every request is routed and any that leaves 127.0.0.1 fails the test;
any dialog (a script run from typed text) fails it too."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from netmap.questionnaire import answers_by_question
from netmap.store.collections import Collections
from tests.conftest import in_ci
from tests.ui.harness import CHROMIUM, ROOT, Guard, free_port, launch, serving

from .helpers import open_locality

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
ATTACKS = ['<script>alert("name")</script>', '<img src=x onerror=alert("offer")>',
           '"><svg onload=alert("place")>', "</textarea><script>alert('text')</script>"]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A store with an open collection, and `netmap collect serve` on it (a real subprocess)."""
    folder = tmp_path_factory.mktemp("collect")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    opened = open_locality(str(folder / "store.db"), folder, base=base)
    command = [sys.executable, "-m", "netmap", "collect", "serve", "--port", str(port), "--db", opened.db]
    try:
        with serving(command, base, ready="/healthz", cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                     what="collect serve"):
            yield base, opened
    finally:
        opened.store.close()


@pytest.fixture(scope="module")
def chromium():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


def phone(chromium, javascript: bool = False):
    context = chromium.new_context(viewport=PHONE, java_script_enabled=javascript, service_workers="block")
    guard = Guard(context)
    page = context.new_page()
    guard.watch(page)
    return context, page, guard


def fits(page) -> None:
    """Nothing wider than the phone: no sideways scrolling (read from layout, without script)."""
    width = page.evaluate("() => document.documentElement.scrollWidth") if page.context else 0
    assert width <= PHONE["width"], width


def saved(opened, actor_id: str) -> dict:
    records = Collections(opened.store)
    collection = records.get("Northgate", "2026")
    mine = [s for s in records.sheets(collection.id, ("started", "submitted")) if s.actor_id == actor_id]
    return answers_by_question(mine[-1].answers) if mine else {}


def state(opened, actor_id: str) -> str:
    records = Collections(opened.store)
    return {p.actor_id: p.state for p in records.progress(records.get("Northgate", "2026").id)}[actor_id]


def test_answer_from_a_personal_link_stop_and_resume_without_javascript(served, chromium):
    base, opened = served
    link = base + opened.links["p1"]
    context, page, guard = phone(chromium)
    try:
        page.goto(link)
        assert page.title() == "Before we start – Northgate neighbours"
        # keyboard only: to the consent choice, choose it, on to the button, press it
        page.keyboard.press("Tab")
        while page.evaluate("() => document.activeElement.name") != "consent":
            page.keyboard.press("Tab")
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.textContent") == "Continue"
        page.keyboard.press("Enter")
        page.wait_for_url(f"{link}/2")
        assert page.get_by_label("Name 1").first.get_attribute("list") == "people"
        page.get_by_label("Name 1").first.focus()
        page.keyboard.type("Bob Hughes")
        page.keyboard.press("Tab")
        page.keyboard.type("Zoë Newcomer")
        page.get_by_role("button", name="Save and stop for now").click()
        page.wait_for_url(f"{link}/saved")
        assert page.get_by_role("heading", name="Your answers are saved").is_visible()
    finally:
        context.close()
    assert guard.outside == [] and guard.dialogs == []
    assert [a.text for a in saved(opened, "p1")["help"]] == ["Bob Hughes", "Zoë Newcomer"]

    # another phone, the same link: welcome back, carry on where they stopped
    context, page, guard = phone(chromium)
    try:
        page.goto(link)
        assert page.get_by_role("heading", name="Welcome back – Northgate neighbours").is_visible()
        page.get_by_role("link", name="Carry on where you stopped").click()
        page.wait_for_url(f"{link}/3")
        fits(page)
        page.get_by_role("group", name="How often do you talk to Bob Hughes?").get_by_label("Daily").check()
        page.get_by_role("group", name="How much do you trust Zoë Newcomer?").get_by_label("A lot").check()
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_url(f"{link}/4")
        page.get_by_label("Offer 1").fill("lifts to the doctor")
        page.get_by_role("button", name="Save and continue").click()
        page.get_by_label("Place 1").fill("Community Hub")
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_url(f"{link}/6")
        fits(page)
        page.get_by_label("1 to 5 years").check()
        page.get_by_role("button", name="Save and check your answers").click()
        page.wait_for_url(f"{link}/check")
        fits(page)
        assert page.get_by_text("lifts to the doctor").is_visible()
        page.get_by_role("button", name="Send my answers").click()
        page.wait_for_url(f"{link}/thanks")
        assert page.get_by_text("Thank you for answering.").is_visible()
    finally:
        context.close()
    assert guard.outside == [] and guard.dialogs == []
    assert state(opened, "p1") == "submitted"
    answers = saved(opened, "p1")
    assert {a.about: a.text for a in answers["often"]} == {"id:p2": "4"}
    assert [(a.text, a.ref) for a in answers["places"]] == [("Community Hub", "s-hub")]


def test_withdraw_deletes_the_answers(served, chromium):
    base, opened = served
    link = base + opened.links["p2"]
    context, page, guard = phone(chromium)
    try:
        page.goto(link)
        page.get_by_label("Yes, I agree to take part").check()
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("Name 1").first.fill("Amina Patel")
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_url(f"{link}/3")
        assert state(opened, "p2") == "started"
        page.get_by_role("link", name="Withdraw: delete all my answers").click()
        page.get_by_role("button", name="Delete all my answers").click()
        assert page.get_by_role("heading", name="Your answers were deleted").is_visible()
        response = page.goto(link)
        assert response.status == 404 and page.get_by_text("This link does not open a questionnaire").is_visible()
    finally:
        context.close()
    assert guard.outside == [] and guard.dialogs == []
    assert state(opened, "p2") == "withdrawn" and saved(opened, "p2") == {}


def test_dropin_a_facilitator_picks_the_respondent(served, chromium):
    base, opened = served
    context, page, guard = phone(chromium)
    try:
        page.goto(base + opened.dropin)
        fits(page)
        page.get_by_label("Name").fill("Nobody Here")
        page.get_by_role("button", name="Start the questionnaire").click()
        alert = page.get_by_role("alert")
        assert "Pick the name of the person answering from the list" in alert.inner_text()
        page.get_by_label("Name").fill("Carol Singh")
        page.get_by_role("button", name="Start the questionnaire").click()
        page.get_by_label("Yes, I agree to take part").check()
        page.get_by_role("button", name="Continue").click()
        session = page.url.rsplit("/", 1)[0]
        page.get_by_label("Name 1").first.fill("Dev Khan")
        page.get_by_role("button", name="Save and continue").click()
        for _ in range(4):
            page.get_by_role("button", name="Save and").first.click()
        page.wait_for_url(f"{session}/check")
        page.get_by_role("button", name="Send my answers").click()
        page.get_by_role("link", name="Next person").click()
        assert page.get_by_role("heading", name="Who is answering?").is_visible()
        assert page.goto(session).status == 404  # the session ended with the answers sent
    finally:
        context.close()
    assert guard.outside == [] and guard.dialogs == []
    assert state(opened, "p3") == "submitted"
    assert [a.ref for a in saved(opened, "p3")["help"]] == ["p4"]


def test_a_script_typed_as_an_answer_never_runs(served, chromium):
    from axe_playwright_python.sync_playwright import Axe

    base, opened = served
    link = base + opened.links["p4"]
    context, page, guard = phone(chromium, javascript=True)
    axe = Axe()
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

    def accessible():
        results = axe.run(page, options=options)
        assert results.violations_count == 0, results.generate_report()

    try:
        page.goto(link)
        accessible()
        page.get_by_label("Yes, I agree to take part").check()
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("Name 1").first.fill(ATTACKS[0])
        page.get_by_label("Name 2").first.fill(ATTACKS[2])
        page.get_by_label("Name 3").first.fill("Dev Khan")  # to themselves: dropped when the wave is built
        accessible()
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_url(f"{link}/3")
        accessible()
        page.get_by_role("button", name="Save and continue").click()
        page.get_by_label("Offer 1").fill(ATTACKS[1])
        page.get_by_label("Need 1").fill(ATTACKS[3])
        page.get_by_role("button", name="Save and continue").click()
        page.get_by_label("Place 1").fill(ATTACKS[2])
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_url(f"{link}/6")
        page.get_by_label("Your answer").first.fill(ATTACKS[3])
        page.get_by_role("button", name="Save and check your answers").click()
        page.wait_for_url(f"{link}/check")
        accessible()
        for attack in ATTACKS:
            assert page.get_by_text(attack).first.is_visible()  # shown as typed, as text
        for number in range(2, 7):  # every page shows the answers back
            page.goto(f"{link}/{number}")
            assert page.evaluate("() => document.querySelectorAll('script, img, svg').length") == 0
        page.goto(f"{link}/2")
        page.get_by_label("Name 1").first.fill("A" * 130)  # maxlength stops the typing at 120
        assert len(page.get_by_label("Name 1").first.input_value()) == 120
    finally:
        context.close()
    assert guard.dialogs == [], guard.dialogs
    assert guard.outside == []
    assert saved(opened, "p4")["offers"][0].text == ATTACKS[1]
