"""Roles per project (SQLite and PostgreSQL): granted, replaced, revoked and refused, each
audited; a viewer without names receives every wave coded, the same codes in every wave,
and never the key."""
from __future__ import annotations

import pytest

from netmap.errors import AccessError, InputError, StoreError
from netmap.privacy import CODE_PATTERN
from netmap.store import open_store
from netmap.store.accounts import add_user, remove_user
from netmap.store.audit import audit_rows
from netmap.store.roles import (
    Role,
    grant,
    load_network_for,
    projects_for,
    pseudonym_key,
    require,
    revoke,
    role_of,
    roles,
    wave_frames_for,
)

from .helpers import small_network

PASSWORD = "correct horse battery"
NAMES = ("Ada's Café", "Bob Ltd", "Community Hub", "École Saint-Jean")
IDS = ("007", "010", "hub", "école")


@pytest.fixture
def team(any_db, write):
    network, _, _ = small_network(write)
    store = open_store(any_db, create=True)
    for project in ("Millbrook", "Other"):
        store.create_project(project, author="admin")
    store.add_wave("Millbrook", "2025", network, author="admin")
    store.add_wave("Millbrook", "2026", network, author="admin")
    for user in ("ann", "vic", "eve"):
        add_user(store, user, PASSWORD, by="admin")
    yield store
    store.close()


def test_grant_replace_and_revoke(team):
    assert grant(team, "Millbrook", "ann", "owner", by="admin") == Role("owner", True)
    assert grant(team, "Millbrook", "vic", "viewer", by="admin") == Role("viewer", False)
    assert grant(team, "Millbrook", "eve", "editor", names=False, by="admin") == Role("editor", True)  # editors see names
    assert role_of(team, "Millbrook", "vic").words == "viewer without names"
    grant(team, "Millbrook", "vic", "viewer", names=True, by="admin")  # replaces the earlier role
    assert role_of(team, "Millbrook", "vic") == Role("viewer", True)
    assert projects_for(team, "vic") == ["Millbrook"] and projects_for(team, "nobody") == []
    revoke(team, "Millbrook", "eve", by="admin")
    assert role_of(team, "Millbrook", "eve") is None
    assert list(roles(team)["user"]) == ["ann", "vic"]
    with pytest.raises(StoreError, match="has no role on project 'Millbrook'"):
        revoke(team, "Millbrook", "eve")
    with pytest.raises(StoreError, match="no user 'zed'"):
        grant(team, "Millbrook", "zed", "viewer")
    with pytest.raises(StoreError, match="no project 'Nowhere'"):
        grant(team, "Nowhere", "vic", "viewer")
    with pytest.raises(InputError, match="not one of viewer, editor, owner"):
        grant(team, "Millbrook", "vic", "admin")
    trail = audit_rows(team)
    granted = trail[trail["event"].isin(["grant", "revoke"])]
    assert list(granted["event"]) == ["grant", "grant", "grant", "grant", "revoke"]
    assert set(granted["project"]) == {"Millbrook"} and set(granted["user"]) == {"admin"}
    remove_user(team, "vic")  # removing a user takes their roles too
    assert list(roles(team)["user"]) == ["ann"]


def test_a_role_is_needed_and_refusals_are_audited(team):
    grant(team, "Millbrook", "vic", "viewer")
    assert require(team, "Millbrook", "vic").role == "viewer"
    with pytest.raises(AccessError, match="you need to be an editor of project 'Millbrook'; you are a viewer "
                                          "without names"):
        require(team, "Millbrook", "vic", "editor", "edit a wave")
    with pytest.raises(AccessError, match="You have no role on project 'Other'"):
        wave_frames_for(team, "vic", "Other", "2025")
    refused = audit_rows(team).query("event == 'access refused'")
    assert list(refused["user"]) == ["vic", "vic"] and list(refused["project"]) == ["Millbrook", "Other"]


def test_a_viewer_without_names_receives_codes_only(team):
    grant(team, "Millbrook", "ann", "owner")
    grant(team, "Millbrook", "vic", "viewer")
    actors, ties, _, role = wave_frames_for(team, "ann", "Millbrook", "2025")
    assert role.names and set(actors["name"]) == set(NAMES)
    actors, ties, _, role = wave_frames_for(team, "vic", "Millbrook", "2025")
    assert not role.names
    text = actors.to_csv() + ties.to_csv()
    for name in NAMES + IDS:
        assert name not in text
    assert all(CODE_PATTERN.fullmatch(v) for v in list(actors["id"]) + list(actors["name"]) + list(ties["source"]))
    assert "offers" not in actors.columns  # free text is left out, as in pseudonymised files
    assert "sector" in actors.columns  # groups are kept: the analysis still has its groups
    key = pseudonym_key(team, "Millbrook")
    assert key not in text
    later, _, _, _ = wave_frames_for(team, "vic", "Millbrook", "2026")
    assert list(later["id"]) == list(actors["id"])  # one project, one set of codes: waves can be compared
    network = load_network_for(team, "vic", "Millbrook", "2026")
    assert set(network.actors["id"]) == set(actors["id"]) and len(network.ties) == 4
    assert pseudonym_key(team, "Other") != key
