"""The whole exercise in the app (issue 23): filters that follow the data, the survey route's
words and response rate, plain words on the default screen (AppTest, headless)."""
from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, SAMPLES
from tests.ui.tables import open_view, table, text_tables

APP = str(ROOT / "app.py")
MILLBROOK = SAMPLES / "millbrook"


def start() -> AppTest:
    return AppTest.from_file(APP, default_timeout=180).run()


def assert_clean(at: AppTest) -> None:
    assert not at.exception
    assert not at.error, [e.value for e in at.error]


def metric(at: AppTest, label: str, view: str = "Summary") -> str:
    """The number shown as ``label`` in the tab ``view`` (opened first)."""
    values = [m.value for m in open_view(at, view).metric if m.label == label]
    assert values, [m.label for m in at.metric]
    return values[0]


def top_brokers(at: AppTest) -> list[str]:
    return list(table(open_view(at, "Honest brokers"), "broker_rank", "name", "why")["name"].head(10))


def test_a_tie_type_filter_does_not_follow_into_other_data():
    """Issue 23, item 4: an upload with other tie types, then back to Millbrook: every tie counted
    and the same honest brokers as before (the upload's types had left 'supplies' out)."""
    ties = pd.read_csv(MILLBROOK / "ties.csv")
    at = start()
    assert_clean(at)
    before = top_brokers(at)
    assert metric(at, "Ties") == f"{len(ties):,}"
    # four of Millbrook's five tie types, as a file of someone's own would have
    kept = sorted(ties["type"].unique())[:4]
    other = ties[ties["type"].isin(kept)].head(60)
    at.sidebar.radio(key="mode").set_value("Upload my files").run()
    at.sidebar.file_uploader(key="ties_file").set_value(("mine.csv", other.to_csv(index=False).encode(),
                                                         "text/csv")).run()
    assert_clean(at)
    at.sidebar.radio(key="mode").set_value("Sample locality").run()
    assert_clean(at)
    assert metric(at, "Ties") == f"{len(ties):,}"
    assert top_brokers(at) == before


def test_a_chosen_filter_says_what_it_hides_above_the_views_and_in_the_briefing(downloads):
    """Issue 23, item 4: a tie-type filter the user chose is said in words, on every view (above
    the tabs) and in the briefing."""
    ties = pd.read_csv(MILLBROOK / "ties.csv")
    hidden = int((ties["type"] == "supplies").sum())
    at = start()
    at.sidebar.multiselect(key="types").unselect("supplies").run()
    assert_clean(at)
    said = f"{hidden} ties of type supplies are hidden by the choice of tie types in the sidebar"
    assert any(said in i.value for i in at.info), [i.value for i in at.info]
    assert metric(at, "Ties") == f"{len(ties) - hidden:,}"
    open_view(at, "Take it to the meeting").button(key="prepare_exports").click().run()
    assert said in downloads["export_briefing.html"].decode("utf-8")


def survey_page() -> AppTest:
    at = start()
    at.sidebar.radio(key="mode").set_value("Survey export").run()
    return at


def residents() -> tuple[int, int, pd.DataFrame]:
    """From the sample's files: the residents on the roster (whom the questionnaire went to) and
    the answers (one row each)."""
    roster = pd.read_csv(MILLBROOK / "actors.csv")
    return int((roster["type"] == "resident").sum()), len(pd.read_csv(MILLBROOK / "survey" / "responses.csv")), roster


def test_the_empty_survey_page_speaks_about_surveys_and_offers_the_sample():
    """Issue 23, item 3: not the ties-file text ("Templates are in the sidebar": there are none here)."""
    at = survey_page()
    assert_clean(at)
    said = " ".join(m.value for m in at.markdown)
    assert "survey export" in said and "Templates" not in said and "ties" not in said
    assert [b.label for b in at.button if b.key == "survey_try_sample"] == ["Try the sample survey"]


def test_the_sample_survey_counts_the_residents_asked_and_lists_who_has_not_answered():
    """Issue 23, items 2 and 3: the sample survey from the app; the rate over the residents (the
    questionnaire never went to the organisations), and the people asked who have not answered,
    by group, with names."""
    asked, answered, roster = residents()
    at = survey_page()
    at.button(key="survey_try_sample").click().run()
    assert_clean(at)
    assert metric(at, "Response rate") == f"{answered / asked:.0%}"
    said = [c.value.replace("\\", "") for c in at.caption]
    assert any(c.startswith(f"{answered} of {asked} people asked answered ({answered / asked:.0%})") for c in said)
    assert not any("people on the roster did not answer" in i.value for i in at.info)
    assert any(i.value.startswith(f"{asked - answered} people asked did not answer") for i in at.info)
    waiting = next(d.value for d in at.dataframe if "Who" in d.value.columns)
    assert waiting["How many"].sum() == asked - answered
    residents_ = set(roster.loc[roster["type"] == "resident", "name"])
    listed = {n for cell in waiting["Who"] for n in cell.split("; ")}
    assert len(listed) == asked - answered and listed <= residents_


def test_survey_words_name_the_users_file_people_and_questions():
    """Issue 23, item 3: the report names the export the user gave and people by name (not the
    ties.csv made from it, nor ids); tie types are the questions' words, not slugs."""
    at = survey_page()
    at.button(key="survey_try_sample").click().run()
    assert_clean(at)
    lines = "\n".join(t.value for t in at.text if "appears" in t.value).splitlines()
    assert lines and all(line.startswith("responses.csv: ") for line in lines)
    ids = set(residents()[2]["id"])
    words = {w.strip("',;()") for line in lines for w in line.split()}
    assert not words & ids
    types = at.sidebar.multiselect(key="types").options
    assert "Who do you turn to for help or advice?" in types and not any("_" in t for t in types)


def test_names_stay_hidden_from_a_viewer_without_names():
    """Issue 23, item 2: the list of who has not answered holds names only for those who may see them."""
    asked, answered, _ = residents()
    at = survey_page()
    at.session_state["_netmap_wave_role"] = {"project": "Millbrook", "role": "viewer", "names": False}
    at.button(key="survey_try_sample").click().run()
    assert_clean(at)
    waiting = next(d.value for d in at.dataframe if "How many" in d.value.columns)
    assert "Who" not in waiting.columns and waiting["How many"].sum() == asked - answered


def test_a_survey_without_roster_is_not_grouped_by_who_answered():
    """Issue 23, item 3: no "in 2 groups by responded" when there is no roster."""
    at = survey_page()
    at.sidebar.file_uploader(key="survey_files").set_value(
        [("answers.csv", (MILLBROOK / "survey" / "responses.csv").read_bytes(), "text/csv")]).run()
    assert_clean(at)
    intro = next(m.value for m in at.markdown if m.value.startswith("You are looking at"))
    assert "responded" not in intro and "groups by" not in intro


def test_the_default_screen_speaks_plain_words_and_keeps_the_numbers_in_the_help():
    """Issue 23, item 8: no "constraint 0.08", "evenness", "outer shell (core 1)", "Found by Leiden,
    resolution 1", "Components: 2 → 3", "(betweenness …)", "Ties outside own group −0.33" nor the
    'offers' column above every tab on the default screen; the technical words stay in the help."""
    at = open_view(start(), "Honest brokers")
    assert_clean(at)
    cards = [c for c in at.caption if c.value.startswith("links ")]
    assert cards and not any("constraint" in c.value or "evenness" in c.value for c in cards)
    assert all("constraint" in c.proto.help for c in cards)  # the technical sentence, in the help
    # the tables first shown (who, why, the score); "All the numbers" keeps every word
    leads = [d for view in ("Honest brokers", "Hidden wealth") for d in text_tables(open_view(at, view))
             if "Why" in d.columns and len(d.columns) <= 4]
    assert leads and not any(why.str.contains("outer shell|constraint|evenness").any() for why in
                             (d["Why"] for d in leads))
    assert not any("'offers' column" in i.value.replace("\\", "") for i in at.info)
    labels = [m.label for m in open_view(at, "Communities").metric] + [m.label for m in open_view(at, "Summary").metric]
    assert "Found by" not in labels and "Ties outside own group" not in labels
    assert "Leiden" in next(m for m in open_view(at, "Communities").metric if m.label == "Communities").proto.help
    # the share of ties joining two sectors, counted from the files
    ties, actors = pd.read_csv(MILLBROOK / "ties.csv"), pd.read_csv(MILLBROOK / "actors.csv")
    sector = dict(zip(actors["id"], actors["sector"]))
    between = (ties["source"].map(sector) != ties["target"].map(sector)).mean()
    assert metric(at, "Ties between groups") == f"{between:.0%}"
    # what-if: plain sentences, the technical ones folded away
    said = " ".join(m.value for m in open_view(at, "Resilience").markdown)
    assert "would be cut off" in said and "Components" not in said and "betweenness" not in said
    technical = next(e for e in at.expander if e.label == "In technical terms")
    assert "Components:" in technical.text[0].value


def test_what_changed_tables_have_plain_headers_and_no_none():
    """Issue 23, item 8: raw headers (source_name) and "None" in the cells of what changed."""
    at = start()
    at.radio(key="changes_mode").set_value("the same place one year on (bundled sample)").run()
    assert_clean(at)
    frames = [d.value for d in at.dataframe] + text_tables(at)  # the actors' reasons are shown whole, as text
    assert len(frames) > len(at.dataframe)
    assert not any(c in f.columns for f in frames for c in ("source_name", "target_name", "why", "status"))
    assert not any(f[c].map(lambda v: v is None).any() for f in frames for c in f.columns if f[c].dtype == object)


def upload(at: AppTest, ties: bytes, actors: bytes | None = None) -> AppTest:
    at.sidebar.radio(key="mode").set_value("Upload my files").run()
    at.sidebar.file_uploader(key="ties_file").set_value(("ties.csv", ties, "text/csv")).run()
    if actors is not None:
        at.sidebar.file_uploader(key="actors_file").set_value(("actors.csv", actors, "text/csv")).run()
    return at


def test_a_misspelt_header_is_guessed():
    """Issue 23, item 9: "Soruce" is named as the likely source column, and the mapping form
    starts on it, so the user only confirms."""
    at = upload(start(), b"Soruce,Target\na,b\nb,c\n")
    assert not at.exception
    said = " ".join(e.value for e in at.error).replace("\\", "") + " ".join(t.value for t in at.text)
    assert "'Soruce' looks like a misspelling of 'source'" in said
    assert at.selectbox(key="map_ties_source").value == "Soruce"
    next(b for b in at.button if b.label == "Use these columns").click().run()
    assert_clean(at)
    assert metric(at, "Ties") == "2"


def test_load_the_valid_rows_counts_the_ties_files_rows_in_words():
    """Issue 23, item 9: a 10-row ties file with one bad row and a clean actors file: "Load the 9
    valid rows and set the bad one aside", not the actors' rows added, nor "the 1 bad ones"."""
    rows = [f"a{i},a{i + 1},{'heavy' if i == 4 else 1}" for i in range(10)]
    ties = ("source,target,weight\n" + "\n".join(rows) + "\n").encode()
    actors = ("id,name\n" + "".join(f"a{i},Actor {i}\n" for i in range(11))).encode()
    at = upload(start(), ties, actors)
    labels = [b.label for b in at.button if b.key == "set_aside_offer"]
    assert labels == ["Load the 9 valid rows and set the bad one aside"]


def test_creating_a_project_is_confirmed(tmp_path, monkeypatch):
    """Issue 23, item 9: creating a project says so."""
    monkeypatch.setenv("NETMAP_DB", str(tmp_path / "store.db"))
    at = start()
    at.sidebar.text_input(key="project_author").set_value("Ann").run()
    at.sidebar.text_input(key="project_new").set_value("Millbrook").run()
    next(b for b in at.button if b.key == "project_create").click().run()
    assert_clean(at)
    assert any("Project 'Millbrook' created" in s.value.replace("\\", "") for s in at.success)
