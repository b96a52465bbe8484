"""What reading the input changed, in one line for the CLI and the briefing.

Validation reports every dropped, merged, created or skipped row (:mod:`netmap.validate`);
``validate`` lists them all. ``analyse`` and ``report`` print this one-line summary and
record every warning in ``run.json``, so a user who never runs ``validate`` still sees that
32,424 contact rows became 1,139 ties.
"""
from __future__ import annotations

from collections.abc import Iterable

from netmap.validate.tables import COMBINE_RULES, Issue
from netmap.words import plural

__all__ = ["changes_summary", "warning_texts"]


def warning_texts(issues: Iterable[Issue]) -> list[str]:
    """Every warning as its one-line text (file, rows, column, what was done)."""
    return [issue.text for issue in issues if issue.level == "warning"]


def changes_summary(issues: Iterable[Issue]) -> str:
    """One line counting what reading changed, or "" when nothing was changed.

    >>> from netmap.validate import Issue
    >>> changes_summary([Issue("warning", "t.csv", "tie a – b appears 3 times", action="merged", rows=(2, 3, 4)),
    ...                  Issue("warning", "t.csv", "1 self-tie(s) dropped", action="dropped", rows=(9,))])
    'reading changed the input: 3 tie rows combined into 1 tie (repeats of the same pair, weights summed); 1 self-tie dropped'
    """
    warnings = [i for i in issues if i.level == "warning"]
    if not warnings:
        return ""
    parts = []
    set_aside = [i for i in warnings if i.action == "set aside"]
    if set_aside:
        rows = len({(i.file, i.row) for i in set_aside})
        parts.append(f"{plural(rows, 'bad row')} set aside (a problem of their own; listed with every cell)")
    merged = [i for i in warnings if i.action == "merged"]
    if merged:
        rows = sum(len(i.rows) or 1 for i in merged)
        parts.append(f"{rows:,} tie row{'s' if rows != 1 else ''} combined into {len(merged):,} "
                     f"tie{'s' if len(merged) != 1 else ''} (repeats of the same pair, {_rule(merged)})")
    self_ties = [i for i in warnings if i.action == "dropped" and "self-tie" in i.message]
    if self_ties:
        parts.append(f"{plural(sum(len(i.rows) or 1 for i in self_ties), 'self-tie')} dropped")
    other_dropped = [i for i in warnings if i.action == "dropped" and i not in self_ties]
    if other_dropped:
        parts.append(f"{plural(sum(len(i.rows) or 1 for i in other_dropped), 'row')} dropped")
    created = [i for i in warnings if i.action == "created"]
    if created:
        parts.append(f"{plural(len(created), 'actor')} created from ties (not in the actors file)")
    skipped = [i for i in warnings if i.action == "skipped"]
    if skipped:
        parts.append(f"{plural(sum(len(i.rows) or 1 for i in skipped), 'row')} skipped")
    renamed = [i for i in warnings if i.action == "renamed"]
    if renamed:
        parts.append(f"{plural(len(renamed), 'column')} renamed")
    others = [i for i in warnings if i.action not in {"merged", "dropped", "created", "skipped", "renamed",
                                                      "set aside"}]
    parts += [i.message for i in others]
    return "reading changed the input: " + "; ".join(parts)


def _rule(merged: list[Issue]) -> str:
    """The rule the merge warnings name ("weights summed" when none does: older messages)."""
    named = [words for words in COMBINE_RULES.values() if any(f"(repeated ties: {words})" in i.message for i in merged)]
    return "; ".join(named) or COMBINE_RULES["sum"]
