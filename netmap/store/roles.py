"""Roles per project, checked where data leaves the store.

A user's role on a project is ``owner``, ``editor`` or ``viewer``; a viewer granted without
names sees every actor as a pseudonym. That is decided here, as the wave's tables leave the
store (:func:`wave_frames_for`), with the same :class:`~netmap.privacy.Pseudonymiser` that
writes pseudonymised files: whatever the app then shows or offers for download is built from
codes, and the key behind them stays in the store.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from netmap.errors import AccessError, InputError, StoreError, ValidationFailed
from netmap.network import StakeholderNetwork, candidate_group_columns
from netmap.privacy import Pseudonymiser, new_key, withheld_columns
from netmap.store import schema as S
from netmap.store.accounts import clean_user_name
from netmap.store.audit import insert as audit
from netmap.store.store import TWO_MODE_TABLES, _now, default_author
from netmap.store.validation import validate_frames

__all__ = ["ROLES", "Role", "grant", "revoke", "role_of", "roles", "projects_for", "require", "wave_frames_for",
           "pseudonymised_tables", "pseudonym_key", "load_network_for"]

#: Each role and what it may do beyond the one below it.
ROLES = ("viewer", "editor", "owner")


@dataclass(frozen=True)
class Role:
    """A user's role on one project; ``names`` false: pseudonyms only."""

    role: str
    names: bool

    def at_least(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)

    @property
    def words(self) -> str:
        return self.role if self.names or self.role != "viewer" else "viewer without names"


def _ids(conn: Connection, store, project: str, user: str) -> tuple[int, int]:
    pid = store._project_id(conn, project)
    uid = conn.execute(sa.select(S.users.c.id).where(S.users.c.name == user)).scalar()
    if uid is None:
        raise StoreError(f"no user '{user}' in {store.where} (netmap users add {user} creates one)")
    return pid, uid


def _settings(conn: Connection, project_id: int):
    row = conn.execute(sa.select(S.project_settings).where(S.project_settings.c.project_id == project_id)).first()
    if row is None:
        conn.execute(S.project_settings.insert().values(project_id=project_id, pseudonym_key=new_key()))
        row = conn.execute(sa.select(S.project_settings)
                           .where(S.project_settings.c.project_id == project_id)).first()
    return row


def grant(store, project: str, user: str, role: str, *, names: bool = False, by: str | None = None) -> Role:
    """Give ``user`` a role on ``project`` (replacing any earlier one); audited.

    Owners and editors always see names (they edit them); ``names`` matters for viewers.
    """
    if role not in ROLES:
        raise InputError(f"role '{role}' is not one of {', '.join(ROLES)}")
    user = clean_user_name(user)
    names = bool(names) or role != "viewer"
    by = by or default_author()
    with store._write() as conn:
        pid, uid = _ids(conn, store, project, user)
        _settings(conn, pid)
        table = S.project_roles
        updated = conn.execute(table.update().where(table.c.project_id == pid, table.c.user_id == uid)
                               .values(role=role, names=names, granted_at=_now(), granted_by=by)).rowcount
        if not updated:
            conn.execute(table.insert().values(project_id=pid, user_id=uid, role=role, names=names,
                                               granted_at=_now(), granted_by=by))
        audit(conn, "grant", by, project, {"account": user, "role": role, "names": names})
    return Role(role, names)


def revoke(store, project: str, user: str, *, by: str | None = None) -> None:
    """Take ``user``'s role on ``project`` away; audited. Refused when they have none."""
    user = clean_user_name(user)
    by = by or default_author()
    with store._write() as conn:
        pid, uid = _ids(conn, store, project, user)
        table = S.project_roles
        if not conn.execute(table.delete().where(table.c.project_id == pid, table.c.user_id == uid)).rowcount:
            raise StoreError(f"user '{user}' has no role on project '{project}'")
        audit(conn, "revoke", by, project, {"account": user})


def role_of(store, project: str, user: str) -> Role | None:
    """``user``'s role on ``project``, or None."""
    with store._read() as conn:
        row = conn.execute(
            sa.select(S.project_roles.c.role, S.project_roles.c.names)
            .join(S.projects, S.projects.c.id == S.project_roles.c.project_id)
            .join(S.users, S.users.c.id == S.project_roles.c.user_id)
            .where(S.projects.c.name == project, S.users.c.name == user)).first()
    return None if row is None else Role(row.role, bool(row.names))


def roles(store, project: str | None = None) -> pd.DataFrame:
    """Every role: project, user, role, names, granted_at, granted_by."""
    query = (sa.select(S.projects.c.name.label("project"), S.users.c.name.label("user"), S.project_roles.c.role,
                       S.project_roles.c.names, S.project_roles.c.granted_at, S.project_roles.c.granted_by)
             .join(S.projects, S.projects.c.id == S.project_roles.c.project_id)
             .join(S.users, S.users.c.id == S.project_roles.c.user_id)
             .order_by(S.projects.c.name, S.users.c.name))
    if project is not None:
        query = query.where(S.projects.c.name == project)
    with store._read() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame([tuple(r) for r in rows],
                        columns=["project", "user", "role", "names", "granted_at", "granted_by"])


def projects_for(store, user: str) -> list[str]:
    """The projects ``user`` has a role on, by name."""
    with store._read() as conn:
        return list(conn.execute(
            sa.select(S.projects.c.name).join(S.project_roles, S.project_roles.c.project_id == S.projects.c.id)
            .join(S.users, S.users.c.id == S.project_roles.c.user_id)
            .where(S.users.c.name == user).order_by(S.projects.c.name)).scalars())


def require(store, project: str, user: str, role: str = "viewer", action: str = "open") -> Role:
    """``user``'s role on ``project`` when it is at least ``role``; else an audited refusal."""
    found = role_of(store, project, user)
    if found is not None and found.at_least(role):
        return found
    with store._write() as conn:
        audit(conn, "access refused", user, project, {"action": action, "needs": role,
                                                      "has": found.words if found else "no role"})
    if found is None:
        raise AccessError(f"You have no role on project '{project}'. Ask its owner to grant you one.")
    raise AccessError(f"To {action} you need to be {'an' if role[0] in 'aeiou' else 'a'} {role} of project "
                      f"'{project}'; you are a {found.words}.")


def pseudonym_key(store, project: str) -> str:
    """The project's secret behind the pseudonyms (made on first use; never shown to a viewer)."""
    with store._write() as conn:
        return _settings(conn, store._project_id(conn, project)).pseudonym_key


def pseudonymised_tables(actors: pd.DataFrame, ties: pd.DataFrame, key: str,
                         extra: dict[str, pd.DataFrame] | None = None) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The wave's tables as a viewer without names receives them: ids and names as codes, names
    inside text replaced, free-text and contact columns left out (as pseudonymised files)."""
    attributes = [c for c in actors.columns if c not in ("id", "name")]
    groups = list(candidate_group_columns(actors[attributes])) if attributes else []
    withheld = withheld_columns(actors[attributes], groups=groups) | withheld_columns(
        ties[[c for c in ties.columns if c not in ("source", "target", "weight", "type")]])
    private = Pseudonymiser(actors, key, withheld, free_text=withheld)
    coded = {name: private.frame(frame) for name, frame in (extra or {}).items()}
    return private.frame(actors), private.frame(ties), coded


def wave_frames_for(store, user: str, project: str, wave: str, revision: int | None = None,
                    extra: tuple[str, ...] = ()) -> tuple[pd.DataFrame, pd.DataFrame, dict, Role]:
    """The wave's actors, ties and the ``extra`` tables as ``user`` may see them, with their role.

    Raises
    ------
    AccessError
        The user has no role on the project (audited).
    """
    role = require(store, project, user, "viewer", "open a wave")
    actors, ties = store.wave_frames(project, wave, revision)
    tables = {}
    for name in extra:
        frame = store.load_table(project, wave, name, revision)
        if frame is not None:
            tables[name] = frame
    if role.names:
        return actors, ties, tables, role
    actors, ties, tables = pseudonymised_tables(actors, ties, pseudonym_key(store, project), tables)
    return actors, ties, tables, role


def load_network_for(store, user: str, project: str, wave: str) -> StakeholderNetwork:
    """The wave's network as ``user`` may see it: with names, or every actor as its code (the
    project's codes are the same in every wave, so two waves can be compared).

    Raises
    ------
    AccessError
        The user has no role on the project (audited).
    """
    role = require(store, project, user, "viewer", "open a wave")
    if role.names:
        return store.load_network(project, wave)
    actors, ties, tables, _ = wave_frames_for(store, user, project, wave, extra=TWO_MODE_TABLES)
    network, report = validate_frames(actors, ties, store.wave_info(project, wave).directed,
                                      label=f"{project} / {wave}")
    if network is None:
        raise ValidationFailed(report)
    extra = {name: frame for name, frame in tables.items() if frame is not None and len(frame.columns)}
    return StakeholderNetwork(network.actors, network.ties, network.directed, **extra) if extra else network
