"""The project store on SQLite and on a real PostgreSQL server (every test runs on both)."""
from __future__ import annotations

import threading

import pandas as pd
import pytest
import sqlalchemy as sa

from netmap.errors import ConflictError, InputError, StoreError, ValidationFailed
from netmap.store import SourceFile, open_store, schema
from netmap.store.engine import HEAD

from .helpers import small_network


@pytest.fixture
def stored(any_db, write):
    network, actors, ties = small_network(write)
    store = open_store(any_db, create=True)
    store.create_project("Millbrook", author="Ann")
    store.add_wave("Millbrook", "2025 baseline", network, date="2025-03-01", notes="first map", author="Ann",
                   files=[SourceFile.of("ties", "ties.csv", ties.read_bytes()),
                          SourceFile.of("actors", "actors.csv", actors.read_bytes())])
    yield store, network, any_db
    store.close()


def test_migrations_from_empty_store_match_the_schema(any_db):
    """An empty database is migrated to HEAD on open, and the migrated tables are exactly
    schema.py's (Alembic's own autogenerate comparison finds no difference)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    store = open_store(any_db, create=True)
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn)
        assert context.get_current_heads() == (HEAD,)
        assert compare_metadata(context, schema.metadata) == []
    # Opening again does not migrate twice or fail.
    store.close()
    open_store(any_db).close()


def test_a_store_written_by_a_newer_netmap_is_refused(any_db):
    open_store(any_db, create=True).close()
    engine = sa.create_engine(open_store(any_db).url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(StoreError, match="newer netmap"):
        open_store(any_db)


def test_a_database_with_other_tables_is_refused(any_db):
    store = open_store(any_db, create=True)
    engine = sa.create_engine(store.url)
    store.close()
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE alembic_version"))
    engine.dispose()
    with pytest.raises(StoreError, match="no netmap schema"):
        open_store(any_db)


def test_wave_round_trips_network_tables_and_files_exactly(stored, write):
    store, network, _ = stored
    back = store.load_network("Millbrook", "2025 baseline")
    pd.testing.assert_frame_equal(back.actors, network.actors)
    pd.testing.assert_frame_equal(back.ties, network.ties)
    assert back.directed is False
    actors, ties = store.wave_frames("Millbrook", "2025 baseline")
    assert list(actors["id"]) == ["007", "010", "hub", "école"]  # ids as text, leading zeros kept
    assert actors.loc[0, "offers"] == "rooms, tea"
    assert list(ties.columns) == ["source", "target", "weight", "type", "since"]
    assert list(ties["weight"]) == ["2.5", "1", "3", "0.1"]
    assert ties.loc[3, "type"] is None and ties.loc[2, "since"] == "2021-04"
    files = {f.role: f for f in store.source_files("Millbrook", "2025 baseline")}
    assert files["ties"].content == write("again.csv", "").parent.joinpath("ties.csv").read_bytes()
    info = store.wave_info("Millbrook", "2025 baseline")
    assert (info.date, info.notes, info.version, info.actors, info.ties) == ("2025-03-01", "first map", 1, 4, 4)


def test_waves_are_listed_in_date_order(stored):
    store, network, _ = stored
    store.add_wave("Millbrook", "undated", network)
    store.add_wave("Millbrook", "2024 pilot", network, date="2024-06-30")
    store.add_wave("Millbrook", "2026 follow-up", network, date="2026-03-01")
    assert store.wave_names("Millbrook") == ["2024 pilot", "2025 baseline", "2026 follow-up", "undated"]


def test_missing_and_duplicate_names_are_one_line_errors(stored):
    store, network, _ = stored
    with pytest.raises(StoreError, match="already has a wave '2025 baseline'"):
        store.add_wave("Millbrook", "2025 baseline", network)
    with pytest.raises(StoreError, match="no project 'Nowhere'.*'Millbrook'"):
        store.wave_names("Nowhere")
    with pytest.raises(StoreError, match="has no wave '2030'.*'2025 baseline'"):
        store.load_network("Millbrook", "2030")
    with pytest.raises(StoreError, match="already exists"):
        store.create_project("Millbrook")
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        store.add_wave("Millbrook", "bad date", network, date="31/03/2025")
    assert store.wave_names("Millbrook") == ["2025 baseline"]


def test_edit_is_a_revision_that_can_be_viewed_and_restored(stored):
    store, network, _ = stored
    actors, ties = store.wave_frames("Millbrook", "2025 baseline")
    edited = ties.copy()
    edited.loc[0, "weight"] = "4"  # 007–010 stronger
    edited = edited.drop(index=3)  # 007–hub ended
    edited.loc[len(edited) + 10] = ["hub", "new-group", "1", "partners", "2026"]  # a new tie to a new actor
    number, report = store.edit_wave("Millbrook", "2025 baseline", base_version=1, ties=edited, author="Bea")
    assert number == 2
    assert any(i.action == "created" and "new-group" in i.message for i in report.warnings)
    changes = store.revision_changes("Millbrook", "2025 baseline", 2)
    rows = set(zip(changes["table"], changes["row"], changes["change"], changes["column"].fillna("")))
    assert ("ties", "007 – 010", "changed", "weight") in rows
    assert ("ties", "007 – hub", "removed", "") in rows
    assert ("ties", "hub – new-group", "added", "") in rows
    assert ("actors", "new-group", "added", "") in rows
    weight = changes[(changes["row"] == "007 – 010")].iloc[0]
    assert (weight["before"], weight["after"]) == ("2.5", "4")
    history = store.history("Millbrook", "2025 baseline")
    assert list(history["revision"]) == [2, 1] and list(history["who"]) == ["Bea", "Ann"]
    # Revision 1 is still there to look at, and restoring it is a new revision.
    old = store.load_network("Millbrook", "2025 baseline", revision=1)
    pd.testing.assert_frame_equal(old.ties, network.ties)
    assert store.restore("Millbrook", "2025 baseline", 1, base_version=2, author="Cy") == 3
    back = store.load_network("Millbrook", "2025 baseline")
    pd.testing.assert_frame_equal(back.ties, network.ties)
    pd.testing.assert_frame_equal(back.actors, network.actors)
    # and revision 2's edit can be brought back too
    store.restore("Millbrook", "2025 baseline", 2, author="Cy")
    assert store.wave_frames("Millbrook", "2025 baseline")[1].loc[0, "weight"] == "4"


def test_edit_breaking_validation_names_row_and_column_and_saves_nothing(stored):
    store, _, _ = stored
    _, ties = store.wave_frames("Millbrook", "2025 baseline")
    bad = ties.copy()
    bad.loc[2, "weight"] = "strong"
    bad.loc[1, "target"] = None
    with pytest.raises(ValidationFailed) as caught:
        store.edit_wave("Millbrook", "2025 baseline", base_version=1, ties=bad)
    texts = [i.text for i in caught.value.report.errors]
    assert "ties table, row 3, column 'weight': weight 'strong' is not a number" in texts[-1] or any(
        t.startswith("ties table, row 3, column 'weight'") for t in texts)
    assert any(t.startswith("ties table, row 2, column 'target'") for t in texts)
    assert store.wave_info("Millbrook", "2025 baseline").version == 1
    assert store.wave_frames("Millbrook", "2025 baseline")[1].equals(ties)


def test_second_writer_is_refused_with_the_other_change(stored):
    """Two connections (two stores on the same database) edit the same version."""
    store, _, db = stored
    other = open_store(db)
    try:
        _, ties_a = store.wave_frames("Millbrook", "2025 baseline")
        _, ties_b = other.wave_frames("Millbrook", "2025 baseline")
        ties_a.loc[0, "weight"] = "5"
        ties_b.loc[1, "weight"] = "2"
        assert store.edit_wave("Millbrook", "2025 baseline", base_version=1, ties=ties_a, author="Ann")[0] == 2
        with pytest.raises(ConflictError) as caught:
            other.edit_wave("Millbrook", "2025 baseline", base_version=1, ties=ties_b, author="Bob")
        message = str(caught.value)
        assert "Ann" in message and "007 – 010: weight 2.5 → 5" in message
        assert "\n" not in message
        # Ann's change is kept, Bob's is not applied; after reloading Bob can save his.
        _, now = other.wave_frames("Millbrook", "2025 baseline")
        assert list(now["weight"][:2]) == ["5", "1"]
        now.loc[1, "weight"] = "2"
        assert other.edit_wave("Millbrook", "2025 baseline", base_version=2, ties=now, author="Bob")[0] == 3
    finally:
        other.close()


def test_simultaneous_writers_exactly_one_wins(stored):
    """Two threads on two connections save from the same version at the same moment."""
    store, _, db = stored
    other = open_store(db)
    start = threading.Barrier(2)
    outcomes = {}

    def save(name, which, weight):
        _, ties = which.wave_frames("Millbrook", "2025 baseline")
        ties.loc[2, "weight"] = weight
        start.wait()
        try:
            outcomes[name] = which.edit_wave("Millbrook", "2025 baseline", base_version=1, ties=ties,
                                             author=name)[0]
        except ConflictError as exc:
            outcomes[name] = exc

    threads = [threading.Thread(target=save, args=("Ann", store, "4")),
               threading.Thread(target=save, args=("Bob", other, "5"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    other.close()
    won = [n for n, v in outcomes.items() if v == 2]
    lost = [n for n, v in outcomes.items() if isinstance(v, ConflictError)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert won[0] in str(outcomes[lost[0]])
    info = store.wave_info("Millbrook", "2025 baseline")
    assert info.version == 2
    assert store.wave_frames("Millbrook", "2025 baseline")[1].loc[2, "weight"] == {"Ann": "4", "Bob": "5"}[won[0]]


def test_extra_tables_notes_and_options(stored):
    store, _, _ = stored
    aliases = pd.DataFrame({"typed": ["Ada's", "bob ltd", "Hub"], "actor": ["007", "010", None],
                            "score": [0.91, 1.0, float("nan")], "count": [3, 1, 2], "accepted": [True, True, False]})
    assert store.load_table("Millbrook", "2025 baseline", "aliases") is None
    number = store.save_table("Millbrook", "2025 baseline", "aliases", aliases)
    assert number == 2
    back = store.load_table("Millbrook", "2025 baseline", "aliases")
    expected = aliases.copy()
    expected["typed"] = pd.Series(["Ada's", "bob ltd", "Hub"], dtype=object)  # text comes back as object,
    expected["actor"] = pd.Series(["007", "010", None], dtype=object)  # blanks as None
    pd.testing.assert_frame_equal(back, expected)
    store.set_actor_note("Millbrook", "2025 baseline", "hub", "Moved to the old library in May", author="Ann")
    assert store.actor_notes("Millbrook", "2025 baseline") == {"hub": "Moved to the old library in May"}
    store.save_options("Millbrook", "2025 baseline", {"weighted": True, "group_by": "sector"})
    assert store.load_options("Millbrook", "2025 baseline") == {"weighted": True, "group_by": "sector"}
    with pytest.raises(InputError):
        store.save_table("Millbrook", "2025 baseline", "ties", aliases)
    # extra tables are revisions too: restoring revision 1 removes them
    store.restore("Millbrook", "2025 baseline", 1)
    assert store.load_table("Millbrook", "2025 baseline", "aliases").empty


def test_shared_spaces_tables_travel_with_the_wave(sqlite_db):
    """Affiliations and spaces (two-mode input) are stored with the wave and given back."""
    from netmap.network import read_network
    from tests.conftest import SAMPLES

    folder = SAMPLES / "millbrook"
    if not (folder / "affiliations.csv").exists():
        pytest.skip("Millbrook has no affiliations in this checkout")
    network = read_network(folder / "ties.csv", folder / "actors.csv", affiliations=folder / "affiliations.csv",
                           spaces=folder / "spaces.csv")
    store = open_store(sqlite_db, create=True)
    store.create_project("P")
    store.add_wave("P", "w", network)
    back = store.load_network("P", "w")
    pd.testing.assert_frame_equal(back.affiliations, network.affiliations)
    pd.testing.assert_frame_equal(back.spaces, network.spaces)
    pd.testing.assert_frame_equal(back.ties, network.ties)
    store.close()
