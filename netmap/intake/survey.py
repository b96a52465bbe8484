"""From questionnaire to network: read the export, reconcile the names, report non-response.

:func:`build_survey` is what ``python -m netmap survey`` and the app's survey page both
call. It returns the actors and ties tables (ready for ``validate``/``analyse``), every
decision about names (``aliases``), the candidates a person should review, and the
non-response report.

Ties are nominations: respondent → named person, one row per pair and question. Each tie
says who reported it (``reported_by``, actor ids separated by ``"; "``) and whether both
people named each other (``confirmed``). Actors carry ``responded`` (1 answered, 0 did not)
and, with a roster, ``on_roster`` (1 or 0) and, when only some of the roster were asked,
``asked`` (1 or 0): the response rate counts only the people who were asked
(:func:`asked_on_roster`), not every organisation on the roster.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from netmap.errors import InputError, ValidationFailed
from netmap.formats.spreadsheets import Source, read_table, source_name
from netmap.intake import names as names_limits  # read at each call: tests lower the limit
from netmap.intake.names import MAX_NAME_CHARS
from netmap.intake.reconcile import Reconciliation, Thresholds, read_aliases, reconcile
from netmap.intake.responses import SurveyData, read_survey, shown
from netmap.validate import ACTOR_SHEETS, Issue, ValidationReport
from netmap.validate.tables import _validate_actors

__all__ = ["ASKED_COLUMN", "REPORT_KEYS", "TYPED_COLUMNS", "SurveyResult", "asked_on_roster", "build_survey",
           "read_roster"]

REPORT_KEYS = ["respondents", "roster_size", "asked", "answered", "response_rate", "names_mentioned", "actors_found",
               "auto_merged", "to_review", "capped_respondents", "questions", "questions_read_as_free_text",
               "free_text_answers_withheld"]

#: Who typed each name, and in answer to which question (``question``: the tie type; "" for a
#: respondent's own name). ``respondent`` is the respondent's actor id.
TYPED_COLUMNS = ["raw_name", "respondent", "question"]


@dataclass
class SurveyResult:
    """Everything ``survey`` writes: ``actors``, ``ties``, ``aliases``, ``review``, ``report``
    (the keys of ``survey_report.json``), ``issues`` (every change, by file, row and
    column) and ``typed`` (:data:`TYPED_COLUMNS`: who typed each name, in which question; for
    the name review, written to no file)."""

    actors: pd.DataFrame
    ties: pd.DataFrame
    aliases: pd.DataFrame
    review: pd.DataFrame
    report: dict[str, Any]
    issues: list[Issue] = field(default_factory=list)
    reconciliation: Reconciliation | None = None
    typed: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=TYPED_COLUMNS))


def read_roster(source: Source) -> pd.DataFrame:
    """Read the roster (an actors file: ``id``, optional ``name``, attributes).

    Raises
    ------
    ValidationFailed
        On a missing id column, a blank or repeated id (file, row, column).
    """
    table = read_table(source, ACTOR_SHEETS)
    report = ValidationReport()
    actors = _validate_actors(table, None, report)
    if actors is None or not report.ok:
        raise ValidationFailed(report)
    return actors


#: The roster's column saying who was given the questionnaire (yes/no); without it, everyone was.
ASKED_COLUMN = "asked"
_YES = {"yes", "y", "true", "1", "1.0", "x", "asked"}


def asked_on_roster(roster: pd.DataFrame, asked: tuple[str, tuple[str, ...]] | None = None) -> tuple[list[str], str]:
    """The ids of the roster's people who were asked to answer, and who they are in words.

    Parameters
    ----------
    roster
        The roster table (``id`` and attributes).
    asked
        ``(column, values)``: only the people whose ``column`` holds one of ``values`` were asked
        (the app's choice of group). None: the roster's ``asked`` column (yes/no) when it has one,
        else everyone on the roster.

    Examples
    --------
    >>> roster = pd.DataFrame({"id": ["a", "b", "c"], "type": ["resident", "resident", "charity"]})
    >>> asked_on_roster(roster, ("type", ("resident",)))
    (['a', 'b'], "the roster's people whose type is resident")
    >>> asked_on_roster(roster.assign(asked=["yes", "no", "Yes"]))
    (['a', 'c'], "the roster's people marked yes in its 'asked' column")
    >>> asked_on_roster(roster)[1]
    'everyone on the roster'
    """
    ids = roster["id"].astype(str)
    if asked is not None:
        column, values = asked
        if column not in roster.columns:
            raise InputError(f"the roster has no column '{shown(column)}' to say who was asked")
        chosen = {str(v) for v in values}
        keep = roster[column].map(lambda v: str(v) in chosen)
        return list(ids[keep]), f"the roster's people whose {column} is {' or '.join(sorted(chosen))}"
    if ASKED_COLUMN in roster.columns:
        keep = roster[ASKED_COLUMN].map(lambda v: str(v).strip().lower() in _YES)
        return list(ids[keep]), f"the roster's people marked yes in its '{ASKED_COLUMN}' column"
    return list(ids), "everyone on the roster"


def _read_aliases_source(source: Source) -> pd.DataFrame:
    table = read_table(source)
    frame = pd.DataFrame([cells + [""] * (len(table.header) - len(cells)) for _, cells in table.rows],
                         columns=table.header, dtype=object) if table.rows else pd.DataFrame(columns=table.header)
    return read_aliases(frame, source_name(source))


def build_survey(responses: list[Source], *, format: str = "auto", roster: Source | pd.DataFrame | None = None,
                 respondent: str | None = None, aliases: Source | pd.DataFrame | None = None,
                 names: list[str] | None = None, tie_types: dict[str, str] | None = None,
                 thresholds: Thresholds | None = None,
                 asked: tuple[str, tuple[str, ...]] | None = None) -> SurveyResult:
    """Turn survey exports into actors, ties and a record of every decision.

    Parameters
    ----------
    responses
        The export file(s) (paths or ``(name, bytes)``).
    format, respondent, names, tie_types
        See :func:`netmap.intake.responses.read_survey`.
    roster
        The actors file everyone is matched to first (or its table).
    aliases
        An aliases file from an earlier run, with a person's decisions (rows whose
        ``decision`` is ``person``), applied before any matching.
    thresholds
        The bands of :class:`netmap.intake.reconcile.Thresholds`.
    asked
        Who on the roster was asked to answer, as :func:`asked_on_roster` takes it: the response
        rate and the list of people who have not answered count only them.
    """
    roster_table = roster if isinstance(roster, pd.DataFrame) or roster is None else read_roster(roster)
    alias_table = aliases if isinstance(aliases, pd.DataFrame) or aliases is None else _read_aliases_source(aliases)
    if isinstance(alias_table, pd.DataFrame):
        alias_table = read_aliases(alias_table)
    limit_issues = _long_names(roster_table, alias_table, aliases)
    if alias_table is not None:
        alias_table = alias_table[[len(str(r)) <= MAX_NAME_CHARS for r in alias_table["raw_name"]]]
    roster_names = set(roster_table["name"].dropna()) if roster_table is not None else None
    data = read_survey(responses, format, respondent, roster_names, names, tie_types)
    data.issues[:0] = limit_issues
    if not data.respondents:
        raise InputError(f"{', '.join(source_name(s) for s in responses)[:200]}: no respondents found "
                         f"(respondent column '{shown(data.respondent_column)}')")
    typed = [m.raw_name for m in data.mentions] + [m.other for m in data.mentions if m.other] + list(data.respondents)
    counts = Counter(typed)
    if len(counts) > names_limits.MAX_DISTINCT_NAMES:
        raise InputError(f"{', '.join(source_name(s) for s in responses)[:200]}: {len(counts):,} different names are "
                         f"typed, named or answering; netmap matches at most {names_limits.MAX_DISTINCT_NAMES:,} in "
                         "one survey (the names limit). Split the survey by area or wave, or, if the people have ids, "
                         "give netmap a ties file instead.")
    rec = reconcile(typed, roster_table, alias_table, thresholds, counts)
    issues = list(data.issues)
    for name, ids in rec.roster_duplicates:
        issues.append(Issue("warning", "roster", f"{len(ids)} people on the roster are called '{name}' (ids "
                            f"{', '.join(ids)}): they stay apart, and every mention of the name goes to review",
                            None, "name", "flagged"))
    ties, self_named = _ties(data, rec.mapping, issues)
    actors = rec.actors.copy()
    respondent_ids = {rec.mapping[r.strip()] for r in data.respondents if r.strip()}
    actors["responded"] = [1 if a in respondent_ids else 0 for a in actors["id"]]
    if roster_table is not None:
        on_roster = set(map(str, roster_table["id"]))
        actors["on_roster"] = [1 if a in on_roster else 0 for a in actors["id"]]
        asked_ids, asked_words = asked_on_roster(roster_table, asked)
        if len(asked_ids) < len(on_roster):  # else ``on_roster`` says it, and the files stay as they were
            chosen = set(asked_ids)
            actors[ASKED_COLUMN] = [1 if a in chosen else 0 for a in actors["id"]]
    else:
        asked_ids, asked_words = [], None
    for f in data.free_text:
        issues.append(Issue("warning", f["file"], f"read as free text, not names ({f['why']}): its {f['answers']} "
                            "answer(s) are withheld from every file written; if it does ask for people, read it as "
                            "names with --names (or the app's choice of name questions)", None, f["column"],
                            "withheld"))
    report = _report(data, rec, actors, ties, roster_table, respondent_ids, counts, self_named, asked_ids)
    report["asked_are"] = asked_words
    report["issues"] = [i.text for i in issues]
    return SurveyResult(actors, ties, rec.aliases, rec.review, report, issues, rec, _typed(data, rec.mapping))


def _typed(data: SurveyData, mapping: dict[str, str]) -> pd.DataFrame:
    """Who typed each name and in which question (:data:`TYPED_COLUMNS`), once per triple."""
    rows = [(raw.strip(), mapping[m.respondent.strip()], m.question)
            for m in data.mentions for raw in (m.raw_name, m.other) if raw and raw.strip()]
    rows += [(r.strip(), mapping[r.strip()], "") for r in data.respondents if r.strip()]
    return pd.DataFrame(list(dict.fromkeys(rows)), columns=TYPED_COLUMNS)


def _long_names(roster: pd.DataFrame | None, aliases: pd.DataFrame | None, alias_source) -> list[Issue]:
    """Warnings for roster names and aliases rows longer than a name can be
    (:data:`~netmap.intake.reconcile.MAX_NAME_CHARS`): such a roster person is matched by id
    only, and such an aliases row is not applied."""
    issues = []
    if roster is not None:
        for actor_id, name in zip(roster["id"], roster["name"]):
            if isinstance(name, str) and len(name) > MAX_NAME_CHARS:
                issues.append(Issue("warning", "roster", f"the name of '{shown(actor_id)}' has {len(name):,} "
                                    f"characters, longer than a name can be ({MAX_NAME_CHARS}, the name limit): typed "
                                    "names are not matched to it (a typed id still is)", None, "name", "flagged"))
    if aliases is not None:
        given = alias_source is not None and not isinstance(alias_source, pd.DataFrame)
        file = source_name(alias_source) if given else "aliases"
        for row, raw in enumerate(aliases["raw_name"], start=2):
            if len(str(raw)) > MAX_NAME_CHARS:
                issues.append(Issue("warning", file, f"a raw_name of {len(str(raw)):,} characters is longer than a "
                                    f"name can be ({MAX_NAME_CHARS}, the name limit): row not applied", row, "raw_name",
                                    "skipped"))
    return issues


def _ties(data: SurveyData, mapping: dict[str, str], issues: list[Issue]) -> tuple[pd.DataFrame, int]:
    found: dict[tuple, dict] = {}
    order: list[tuple] = []
    self_named = 0
    for m in data.mentions:
        reporter = mapping[m.respondent.strip()]
        a = mapping[m.raw_name.strip()] if m.other else reporter
        b = mapping[(m.other or m.raw_name).strip()]
        if a == b:
            self_named += 1
            what = "names the respondent themselves" if m.other is None else "joins a person to themselves"
            issues.append(Issue("warning", m.file, f"'{shown(m.raw_name)}' {what} ({shown(b)}): tie dropped", m.row,
                                shown(m.column, 60), "dropped"))
            continue
        key = (frozenset((a, b)), m.question)
        if key not in found:
            found[key] = {"source": a, "target": b, "type": m.question, "weight": m.weight, "reporters": set(),
                          "attributes": dict(m.attributes)}
            order.append(key)
        entry = found[key]
        entry["reporters"].add(reporter)
        entry["weight"] = max(entry["weight"], m.weight)
        for k, v in m.attributes:
            entry["attributes"].setdefault(k, v)
    rows = []
    for key in order:
        e = found[key]
        row = {"source": e["source"], "target": e["target"], "type": e["type"], "weight": e["weight"],
               "reported_by": "; ".join(sorted(e["reporters"])),
               "confirmed": {e["source"], e["target"]} <= e["reporters"]}
        row.update({k: v for k, v in e["attributes"].items() if k not in row})
        rows.append(row)
    columns = ["source", "target", "type", "weight", "reported_by", "confirmed"]
    ties = pd.DataFrame(rows, columns=columns + sorted({k for r in rows for k in r} - set(columns)))
    return ties, self_named


def _report(data, rec, actors, ties, roster, respondent_ids, counts, self_named, asked_ids) -> dict[str, Any]:
    roster_ids = [str(i) for i in roster["id"]] if roster is not None else []
    answered = [r for r in asked_ids if r in respondent_ids]
    named_by: dict[str, set[str]] = defaultdict(set)
    for m in data.mentions:
        reporter = rec.mapping[m.respondent.strip()]
        for raw in (m.raw_name, m.other):
            if raw:
                named_by[rec.mapping[raw.strip()]].add(reporter)
    names = dict(zip(actors["id"], actors["name"]))
    once = sorted(a for a, who in named_by.items() if len(who) == 1 and a not in respondent_ids)
    capped = sorted({rec.mapping[w.strip()] for ws in data.capped.values() for w in ws})
    counts_by_decision = rec.counts()
    return {
        "format": data.format,
        "respondent_column": data.respondent_column,
        "respondents": len(respondent_ids),
        "roster_size": len(roster_ids) if roster is not None else None,
        # over the people asked, not every organisation on the roster (issue 23)
        "asked": len(asked_ids) if roster is not None else None,
        "answered": len(answered) if roster is not None else None,
        "response_rate": (len(answered) / len(asked_ids)) if asked_ids else None,
        "respondents_not_on_roster": sorted(respondent_ids - set(roster_ids)) if roster is not None else [],
        "non_respondents": [r for r in asked_ids if r not in respondent_ids],
        "names_mentioned": len(data.mentions) + sum(1 for m in data.mentions if m.other),
        "distinct_names": len(rec.aliases),
        "actors_found": len(actors),
        "ties": len(ties),
        "confirmed_ties": int(ties["confirmed"].sum()) if len(ties) else 0,
        "auto_merged": counts_by_decision["auto"],
        "to_review": int(rec.review["raw_name"].nunique()) if len(rec.review) else 0,
        "decisions": counts_by_decision,
        "capped_respondents": len(capped),
        "capped": {q: sorted({rec.mapping[w.strip()] for w in ws}) for q, ws in data.capped.items() if ws},
        "names_mentioned_once": len(once),
        "mentioned_once": [{"id": a, "name": names.get(a, a)} for a in once],
        "self_mentions_dropped": self_named,
        "roster_duplicates": [{"name": n, "ids": ids} for n, ids in rec.roster_duplicates],
        "questions": [{"type": q.key, "text": q.text, "columns": q.columns, "cap": q.cap, "mentions": q.mentions}
                      for q in data.questions.values()],
        # free text is never a name: said here, never copied into any file
        "questions_read_as_free_text": [dict(f) for f in data.free_text],
        "free_text_answers_withheld": sum(f["answers"] for f in data.free_text) + data.withheld_answers,
    }
