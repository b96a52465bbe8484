"""Accounts in the store (SQLite and PostgreSQL): Argon2id hashes, sign-in and its slowing down
kept across restarts, single sign-on identities, and the append-only audit trail."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from netmap.errors import AccessError, InputError, StoreError
from netmap.store import open_store
from netmap.store.accounts import (
    ACCOUNT_FREE,
    ADDRESS_FREE,
    WRONG,
    add_user,
    current_user,
    has_users,
    remove_user,
    set_password,
    sign_in,
    sso_sign_in,
    users,
)
from netmap.store.audit import audit_rows, record

PASSWORD = "correct horse battery"


@pytest.fixture
def store(any_db):
    store = open_store(any_db, create=True)
    yield store
    store.close()


def refused(call) -> str:
    with pytest.raises(AccessError) as caught:
        call()
    return str(caught.value)


def test_passwords_are_argon2id_hashes_and_never_stored(store, any_db):
    assert not has_users(store)
    add_user(store, "ann", PASSWORD, by="admin")
    assert has_users(store)
    with store.engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT password_hash FROM users")).scalar()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    if "://" not in any_db:  # the password's text is nowhere in the database file
        store.close()
        raw = open(any_db, "rb").read() + (open(any_db + "-wal", "rb").read() if __import__("os").path.exists(
            any_db + "-wal") else b"")
        assert PASSWORD.encode() not in raw
    assert [u.name for u in users(open_store(any_db))] == ["ann"]


def test_bad_accounts_are_refused_with_one_line(store):
    add_user(store, "ann", PASSWORD)
    with pytest.raises(StoreError, match="already exists"):
        add_user(store, "ann", PASSWORD)
    with pytest.raises(InputError, match="shorter than"):
        add_user(store, "bob", "short")
    with pytest.raises(InputError, match="is the user name"):
        add_user(store, "bob-the-builder", "Bob-The-Builder")
    with pytest.raises(InputError, match="control characters"):
        add_user(store, "bo\x1bb", PASSWORD)
    with pytest.raises(InputError, match="a password, or --identity"):
        add_user(store, "bob")
    with pytest.raises(StoreError, match="no user 'zed'"):
        remove_user(store, "zed")
    with pytest.raises(StoreError, match="no user 'zed'"):
        set_password(store, "zed", PASSWORD)


def test_sign_in_checks_the_password_and_says_the_same_for_an_unknown_user(store):
    add_user(store, "ann", PASSWORD)
    assert sign_in(store, "ann", PASSWORD, address="10.0.0.5").name == "ann"
    assert refused(lambda: sign_in(store, "ann", "not the password")) == WRONG
    assert refused(lambda: sign_in(store, "nobody", PASSWORD)) == WRONG
    trail = audit_rows(store)
    assert list(trail["event"]) == ["user added", "sign-in", "sign-in failed", "sign-in failed"]
    assert trail["address"].iloc[1] == "10.0.0.5"
    assert "wrong password" in trail["detail"].iloc[2] and "unknown user" in trail["detail"].iloc[3]
    assert not trail["detail"].str.contains(PASSWORD).any()


def test_failures_slow_down_and_the_slowing_survives_a_restart(any_db):
    store = open_store(any_db, create=True)
    add_user(store, "ann", PASSWORD)
    now = 1_000_000.0
    for _ in range(ACCOUNT_FREE):
        assert refused(lambda: sign_in(store, "ann", "guess " * 3, now=now)) == WRONG
    store.close()
    store = open_store(any_db)  # the app restarted: the count is in the store, not in memory
    message = refused(lambda: sign_in(store, "ann", PASSWORD, now=now + 0.5))
    assert message == "Too many failed sign-ins. Wait 1 second and try again."  # even the right password waits
    assert sign_in(store, "ann", PASSWORD, now=now + 1.5).name == "ann"  # after the wait: in, and the count is reset
    for _ in range(ACCOUNT_FREE + 3):  # each further failure doubles the wait: 1, 2, 4, 8 s
        now += 60
        refused(lambda: sign_in(store, "ann", "guess " * 3, now=now))
    assert "Wait 8 seconds" in refused(lambda: sign_in(store, "ann", PASSWORD, now=now + 0.1))
    assert sign_in(store, "ann", PASSWORD, now=now + 9).name == "ann"
    events = list(audit_rows(store)["event"])
    assert events.count("sign-in refused") == 2 and events.count("sign-in") == 2
    store.close()


def test_one_address_trying_many_accounts_slows_down(store):
    add_user(store, "ann", PASSWORD)
    now = 2_000_000.0
    for i in range(ADDRESS_FREE):
        refused(lambda i=i: sign_in(store, f"user{i}", PASSWORD, address="203.0.113.9", now=now))
    assert "Too many failed sign-ins" in refused(
        lambda: sign_in(store, "ann", PASSWORD, address="203.0.113.9", now=now + 0.1))
    assert sign_in(store, "ann", PASSWORD, address="198.51.100.1", now=now + 0.1).name == "ann"  # another address


def test_a_removed_user_or_a_changed_password_ends_the_session(store):
    ann = add_user(store, "ann", PASSWORD)
    assert current_user(store, ann.id, ann.generation) is not None
    set_password(store, "ann", "another long password")
    assert current_user(store, ann.id, ann.generation) is None  # signed in with the old password
    assert refused(lambda: sign_in(store, "ann", PASSWORD)) == WRONG
    again = sign_in(store, "ann", "another long password")
    remove_user(store, "ann")
    assert current_user(store, again.id, again.generation) is None
    assert refused(lambda: sign_in(store, "ann", "another long password")) == WRONG
    assert list(audit_rows(store)["event"]) == ["user added", "password changed", "sign-in failed", "sign-in",
                                                "user removed", "sign-in failed"]


def test_single_sign_on_maps_the_verified_email_or_the_subject(store):
    ann = add_user(store, "ann", identity="Ann@Example.org")
    bob = add_user(store, "bob", PASSWORD, identity="bob-subject-42")
    assert sso_sign_in(store, {"sub": "x1", "email": "ann@example.ORG"}).id == ann.id
    assert sso_sign_in(store, {"sub": "bob-subject-42", "email": "bob@elsewhere.org"}).id == bob.id
    message = refused(lambda: sso_sign_in(store, {"sub": "x1", "email": "ann@example.org", "email_verified": False}))
    assert "no netmap account has this identity" in message
    assert refused(lambda: sign_in(store, "ann", "")) == WRONG  # single sign-on only: no password works
    with pytest.raises(StoreError, match="already signs in as"):
        add_user(store, "ann2", identity="ann@example.org")
    trail = audit_rows(store)
    assert list(trail["event"][-4:]) == ["sign-in", "sign-in", "sign-in failed", "sign-in failed"]
    assert "single sign-on" in trail["detail"].iloc[-4]


def test_the_audit_trail_cannot_be_changed_or_emptied(store):
    record(store, "collection opened", "ann", project="Millbrook", detail={"wave": "2026"})
    for statement in ("UPDATE audit SET user_name = 'mallory'", "DELETE FROM audit"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            with store.engine.begin() as conn:
                conn.execute(sa.text(statement))
    if store.backend == "postgresql":
        with pytest.raises(sa.exc.DatabaseError, match="append-only"):
            with store.engine.begin() as conn:
                conn.execute(sa.text("TRUNCATE audit"))
    trail = audit_rows(store)
    assert list(trail["user"]) == ["ann"] and trail["detail"].iloc[0] == '{"wave": "2026"}'


def test_the_trail_filters_by_project_and_date(store):
    record(store, "export", "ann", project="Millbrook")
    record(store, "export", "ann", project="Other")
    assert list(audit_rows(store, project="Millbrook")["project"]) == ["Millbrook"]
    assert len(audit_rows(store, since="2000-01-01")) == 2
    assert audit_rows(store, since="2999-01-01").empty
    with pytest.raises(InputError, match="not a date"):
        audit_rows(store, since="yesterday")
