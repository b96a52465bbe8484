"""How a collection is going: who was invited, started, sent or withdrew, the response rate
overall and by group, and who to remind. For the team only: the questionnaire server never
shows any of it."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

from netmap.errors import InputError
from netmap.questionnaire.invitations import stored_roster
from netmap.questionnaire.model import parse_questionnaire
from netmap.store import Store
from netmap.store.collections import Collections

__all__ = ["STATES", "GroupRate", "Status", "collection_status", "reminder_table"]

#: A person's states, in the order a person moves through them.
STATES = ("not invited", "invited", "started", "submitted", "withdrawn")


@dataclass(frozen=True)
class GroupRate:
    group: str
    invited: int
    submitted: int
    response_rate: float | None


@dataclass(frozen=True)
class Status:
    """``counts`` by person state (:data:`STATES`); ``invited`` counts everyone who has a link
    or answered at a drop-in; ``response_rate`` is submitted ÷ invited; ``to_remind`` lists
    the people invited who have not sent answers (id, name, state)."""

    project: str
    wave: str
    state: str
    title: str
    counts: dict[str, int]
    invited: int
    response_rate: float | None
    group_by: str
    groups: list[GroupRate] = field(default_factory=list)
    to_remind: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def collection_status(store: Store, project: str, wave: str, group_by: str | None = None) -> Status:
    """The status of the collection for ``wave`` of ``project``; groups by ``group_by`` (a
    roster column; default the questionnaire's ``group_by``)."""
    records = Collections(store)
    collection = records.get(project, wave)
    q = parse_questionnaire(collection.questionnaire)
    people = records.progress(collection.id)
    counts = {state: sum(1 for p in people if p.state == state) for state in STATES}
    invited = [p for p in people if p.state != "not invited"]
    rate = counts["submitted"] / len(invited) if invited else None
    column = q.group_by if group_by is None else group_by
    groups = []
    if column:
        roster = stored_roster(store, collection)
        if column not in roster.columns:
            raise InputError(f"--group-by '{column}' is not a column of the roster (columns: "
                             + ", ".join(f"'{c}'" for c in roster.columns) + ")")
        of = {str(i): (str(g) if isinstance(g, str) and g.strip() else "(none)")
              for i, g in zip(roster["id"], roster[column])}
        for name in sorted({of.get(p.actor_id, "(none)") for p in people}):
            mine = [p for p in invited if of.get(p.actor_id, "(none)") == name]
            sent = sum(1 for p in mine if p.state == "submitted")
            groups.append(GroupRate(name, len(mine), sent, sent / len(mine) if mine else None))
    remind = [{"id": p.actor_id, "name": p.name, "state": p.state} for p in people if p.state in ("invited", "started")]
    return Status(project, wave, collection.state, q.title, counts, len(invited), rate, column, groups, remind)


def reminder_table(store: Store, status: Status) -> pd.DataFrame:
    """Who to remind as a table for the team: each person's roster row (name and whatever
    contact columns the roster has) and how far they got (``so far``: invited or started),
    in the order of :attr:`Status.to_remind`."""
    roster = stored_roster(store, Collections(store).get(status.project, status.wave)).astype({"id": str})
    people = pd.DataFrame(status.to_remind, columns=["id", "name", "state"])
    table = people[["id", "state"]].merge(roster, on="id", how="left")
    table["name"] = list(people["name"])  # the label the team knows them by (namesakes told apart)
    columns = ["id", "name"] + [c for c in roster.columns if c not in ("id", "name")]
    return table[columns + ["state"]].rename(columns={"state": "so far"})
