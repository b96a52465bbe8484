"""Take it to the meeting: the zip of everything, the locality's name in the briefing, files kept
(and marked out of date) after an option changes, and pseudonymising offered first (issue 14)."""
from __future__ import annotations

import io
import zipfile

from tests.ui.tables import open_view
from tests.ui.test_app import assert_clean, start

MEETING = "Take it to the meeting"


def test_everything_in_one_zip_with_the_localitys_name(downloads):
    at = open_view(start(), MEETING)
    at.text_input(key="locality").input("Millbrook <Connected> Communities").run()
    at.button(key="prepare_exports").click().run()
    assert_clean(at)
    archive = zipfile.ZipFile(io.BytesIO(downloads["export_zip"]))
    names = set(archive.namelist())
    assert {"briefing.html", "netmap.xlsx", "kumu.xlsx", "map.png", "map.svg", "network.gexf",
            "network.graphml"} <= names
    assert {"tables/actors.csv", "tables/brokers.csv", "tables/introductions.csv", "tables/summary.json"} <= names
    briefing = archive.read("briefing.html").decode()
    assert "Network briefing: Millbrook &lt;Connected&gt; Communities" in briefing
    assert "<Connected>" not in briefing
    assert archive.read("briefing.html") == downloads["export_briefing.html"]


def test_files_stay_after_an_option_changes_and_say_so(downloads):
    at = open_view(start(), MEETING)
    at.button(key="prepare_exports").click().run()
    assert not any("made before you changed" in w.value for w in at.warning)
    at.sidebar.selectbox(key="group_by").set_value("ward").run()
    assert_clean(at)
    assert any("made before you changed the options" in w.value for w in at.warning)
    assert "export_zip" in downloads  # still offered, marked out of date
    at.button(key="prepare_exports").click().run()
    assert not any("made before you changed" in w.value for w in at.warning)


def test_pseudonymising_is_offered_and_named_files_are_not_offered_after(downloads):
    at = open_view(start(), MEETING)
    assert any("Residents' names are personal data" in i.value for i in at.info)
    at.button(key="prepare_exports").click().run()
    at.button(key="pseudonymise_exports").click().run()
    assert at.sidebar.checkbox(key="pseudonymise").value is True
    downloads.clear()
    at.run()
    assert "export_zip" not in downloads  # the files made with names are not offered once codes are wanted
    at.button(key="prepare_exports").click().run()
    assert_clean(at)
    briefing = zipfile.ZipFile(io.BytesIO(downloads["export_zip"])).read("briefing.html").decode()
    assert "Council Community Development Team" not in briefing and "council-cd" not in briefing
    assert "export_key" in downloads


def test_no_named_files_when_pseudonymise_is_ticked_without_a_key(downloads):
    at = open_view(start(), MEETING)
    at.sidebar.checkbox(key="pseudonymise").check().run()
    at.sidebar.text_input(key="pseudonym_key").input("").run()
    downloads.clear()
    at.run()
    assert any("there is no key" in w.value for w in at.warning)
    assert not [b for b in at.button if b.key == "prepare_exports"]
    assert "export_zip" not in downloads
    for view in ("Map", "Actors", "Honest brokers", "Hidden wealth", "Communities", "Resilience", "Summary"):
        open_view(at, view)  # each tab drawn in turn (only the open one is)
    assert not [k for k in downloads if str(k).startswith("download_")]  # no table with names either


def test_the_map_pictures_follow_the_map_on_screen(downloads):
    """Colour and focus chosen on the Map tab are what map.svg shows; the briefing keeps the whole map."""
    at = open_view(start(), MEETING)
    at.button(key="prepare_exports").click().run()
    whole = zipfile.ZipFile(io.BytesIO(downloads["export_zip"]))
    open_view(at, "Map").selectbox(key="focus").set_value("hub").run()
    open_view(at, MEETING)
    assert any("made before you changed" in w.value for w in at.warning)  # the pictures no longer show the screen
    at.button(key="prepare_exports").click().run()
    focused = zipfile.ZipFile(io.BytesIO(downloads["export_zip"]))
    actors_drawn = [archive.read("map.svg").decode().count("<circle") for archive in (whole, focused)]
    assert actors_drawn[1] < actors_drawn[0]
    assert "Millbrook Community Hub" in focused.read("map.svg").decode()
    assert focused.read("briefing.html").count(b"<circle") == whole.read("briefing.html").count(b"<circle") > 100
