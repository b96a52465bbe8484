"""The replay of row changes (netmap.store.tables): applying the diff of two tables to the
first gives exactly the second, row order included, whether a copy is made or the tables are
changed in place (``project load``), and whether rows are added at the end or in the middle."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from netmap.store.tables import TableState, apply, describe, diff, row_key

ids = st.lists(st.sampled_from([f"a{i}" for i in range(12)]), unique=True, max_size=12)


def table(name: str, keys: list[str], tag: str) -> TableState:
    rows = [{"id": k, "note": f"{tag}{k}"} for k in keys]
    return TableState(["id", "note"], ["object", "object"], {row_key(name, r, i): r for i, r in enumerate(rows)})


def replayed(states: dict[str, TableState], changes) -> dict[str, list]:
    """The replay as netmap did it before rows added at the end took a shortcut: every
    insertion into a list of the rows (a reference to compare with)."""
    out = {name: dict(state.rows) for name, state in states.items()}
    for c in changes:
        if c.row_key is not None and c.after is None:
            out[c.table].pop(c.row_key, None)
        elif c.row_key is not None and c.row_key in out.setdefault(c.table, {}):
            out[c.table][c.row_key] = c.after
    for name in out:
        items = list(out[name].items())
        added = [c for c in changes if c.table == name and c.row_key is not None and c.before is None]
        for c in sorted(added, key=lambda c: (c.position is None, c.position or 0)):
            items.insert(len(items) if c.position is None else min(c.position, len(items)), (c.row_key, c.after))
        out[name] = items
    return out


@settings(max_examples=300, deadline=None)
@given(old=ids, new=ids, tags=st.tuples(st.sampled_from("xy"), st.sampled_from("xy")), positional=st.booleans())
def test_diff_then_apply_gives_the_new_table_copied_or_in_place(old, new, tags, positional):
    name = "aliases" if positional else "actors"  # aliases: rows keyed by position; actors: by id
    before, after = table(name, old, tags[0]), table(name, new, tags[1])
    changes = diff(name, before, after)
    copied = apply({name: before}, changes)
    assert copied[name].rows == after.rows
    if positional:  # keyed rows moved without a change keep their place: only positions carry order
        assert list(copied[name].rows) == list(after.rows)
    assert list(copied[name].rows.items()) == replayed({name: before}, changes)[name]
    assert list(before.rows.items()) == list(table(name, old, tags[0]).rows.items())  # untouched
    states = {name: table(name, old, tags[0])}
    assert apply(states, changes, in_place=True) is states
    assert list(states[name].rows.items()) == list(copied[name].rows.items())


def test_a_revision_is_summed_up_by_the_rows_it_changed():
    """The summary a revision gets when its author gives none; the store and a pseudonymised
    dump share it, as a public name of the tables module (the dump used the store's private one)."""
    before = table("actors", ["a1", "a2", "a3"], "x")
    after = table("actors", ["a1", "a3", "a4"], "x")
    after.rows["a3"] = {"id": "a3", "note": "changed"}
    ties = table("ties", ["t1"], "y")
    changes = diff("actors", before, after) + diff("ties", None, ties)
    # a4 added, a2 removed, a3 changed; the new ties table: its columns and one row
    assert describe(changes) == "actors: 1 added, 1 removed, 1 changed; ties: 1 added"
    assert describe(diff("actors", before, before)) == "no change"

