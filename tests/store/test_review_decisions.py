"""The name review's decisions in the store (SQLite and a real PostgreSQL server): kept as made,
replaced, undone one at a time or all, per project, gone with the project; and migration
0004_review on a store written by the netmap before it."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from netmap.errors import InputError, StoreError
from netmap.store import open_store
from netmap.store.engine import HEAD
from netmap.store.review import decide, decisions, undo


@pytest.fixture
def store(any_db):
    store = open_store(any_db, create=True)
    store.create_project("Millbrook", author="Ann")
    store.create_project("Elsewhere", author="Ann")
    yield store
    store.close()


def test_decisions_are_kept_replaced_and_undone_one_at_a_time(store):
    decide(store, "Millbrook", {"Carla at church": ("r025", "Carla Ahmed"), "Dev at the food bank": ("", "")},
           by="Ann")
    decide(store, "Elsewhere", {"Carla at church": ("x1", "Carla Other")}, by="Ann")
    assert decisions(store, "Millbrook") == {"Carla at church": ("r025", "Carla Ahmed"),
                                            "Dev at the food bank": ("", "Dev at the food bank")}
    decide(store, "Millbrook", {"Carla at church": ("r080", "Carla Jones")}, by="Bo")  # changed her mind
    assert decisions(store, "Millbrook")["Carla at church"] == ("r080", "Carla Jones")
    assert undo(store, "Millbrook", ["Carla at church"]) == 1
    assert decisions(store, "Millbrook") == {"Dev at the food bank": ("", "Dev at the food bank")}
    assert decisions(store, "Elsewhere") == {"Carla at church": ("x1", "Carla Other")}  # another project untouched
    assert undo(store, "Millbrook") == 1 and decisions(store, "Millbrook") == {}
    with store.engine.connect() as conn:
        who = conn.execute(sa.text("SELECT decided_by FROM review_decisions")).scalars().all()
    assert who == ["Ann"]


def test_payloads_stay_text_and_limits_hold(store):
    payload = '<img src=x onerror="alert(1)"> =HYPERLINK("x") \'; DROP TABLE review_decisions; --'
    decide(store, "Millbrook", {payload: ("", payload)})
    assert decisions(store, "Millbrook") == {payload: ("", payload)}
    with pytest.raises(InputError, match="name limit"):
        decide(store, "Millbrook", {"x" * 10_000: ("", "")})
    with pytest.raises(StoreError, match="no project"):
        decisions(store, "Nowhere")


def test_deleting_a_project_deletes_its_decisions(store):
    from netmap.store.erasure import delete_project

    decide(store, "Millbrook", {"Carla at church": ("r025", "Carla Ahmed")})
    delete_project(store, "Millbrook", by="Ann")
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM review_decisions")).scalar() == 0


def test_a_store_of_the_netmap_before_is_migrated(sqlite_db):
    """A store at 0003_team (written before the review kept decisions) gets the table on open."""
    from alembic import command
    from alembic.config import Config

    from netmap.store.engine import MIGRATIONS

    engine = sa.create_engine(f"sqlite:///{sqlite_db}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003_team")
    engine.dispose()
    with open_store(sqlite_db) as store:
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == HEAD == "0004_review"
        store.create_project("Millbrook")
        decide(store, "Millbrook", {"Jade at the school gate": ("r056", "Jade Khan")})
        assert decisions(store, "Millbrook") == {"Jade at the school gate": ("r056", "Jade Khan")}


def test_erasing_a_person_erases_the_decisions_about_them(store, write):
    """Erasure rewrites every place a person is held: the review's decisions that they are the
    one a typed name stands for go too (with the spelling, found through the decision); other
    people's decisions stay."""
    from netmap.store.erasure import forget

    from .helpers import small_network

    network, _, _ = small_network(write)
    store.add_wave("Millbrook", "2025", network, author="Ann")
    decide(store, "Millbrook", {"Ada at the café": ("007", "Ada's Café"), "Bobby": ("010", "Bob Ltd")})
    forget(store, "Millbrook", "007", "asked by letter", by="Ann")
    assert decisions(store, "Millbrook") == {"Bobby": ("010", "Bob Ltd")}
