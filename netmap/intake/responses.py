"""Read questionnaire exports into one shape: who answered, and every name they typed.

Shapes read (``format``):

* ``wide`` — one row per respondent; each name-generator question is a run of numbered
  columns (``… [Name 1]`` … ``[Name 5]``, ``Contact 1 … 5``, ``Q3_1 … Q3_5``) or one
  multi-select column (Google Forms ``", "``, Microsoft Forms ``";"``, KoboToolbox spaces
  between option codes); numbered follow-up columns (``How often 1 … 5``) become attributes
  of the tie to the person in the same slot. SurveyMonkey's second header row and
  Qualtrics's second and third are recognised and skipped (their question text is kept).
* ``long`` — one row per named person: respondent, named person, question, attributes.
* ``roster`` — respondents × roster-name columns holding ticks (``1``, ``x``, ``✓``, ``yes``)
  or frequencies (numbers become the tie's weight).
* ``network-canvas`` — Network Canvas's per-interview CSV files (``…_ego.csv``,
  ``…_attributeList_<Type>.csv``, ``…_edgeList_<Type>.csv``), joined on the
  ``networkCanvas…UUID`` columns (``nodeID``, ``from`` and ``to`` restart at 1 in every
  interview), or its GraphML export with one ``<graph>`` per interview (networkx's
  ``read_graphml`` returns only the first). Every alter is named by the interview's
  respondent; alter–alter edges are ties reported by that respondent.

Nothing a respondent typed is dropped without an :class:`~netmap.validate.Issue` naming the
file, row and column.
"""
from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from netmap.errors import FileProblem, InputError
from netmap.formats.spreadsheets import Source, parse_delimited, read_bytes, read_table, source_name
from netmap.intake.names import MAX_NAME_CHARS, normalise
from netmap.intake.shapes import (
    _ASKS_FOR_NAMES,
    _NAME_LABELS,
    Mention,
    Question,
    SurveyData,
    _cell_is_sentence,
    columns_found,
    is_sentence,
    names_column,
    question_key,
    shown,
    split_multi,
)
from netmap.validate import Issue

__all__ = ["FORMATS", "Mention", "Question", "SurveyData", "read_survey", "question_key", "split_multi", "shown",
           "columns_found", "is_sentence", "names_column"]

FORMATS = ("auto", "wide", "long", "roster", "network-canvas")

RESPONDENT_HINTS = ("respondent", "your name", "your full name", "respondent name", "name of respondent",
                    "participant", "interviewee", "ego", "full name", "name", "respondent id", "participant id",
                    "what is your name", "please enter your name", "networkcanvascaseid", "email address", "email")
NAMED_HINTS = ("named", "named person", "alter", "nominee", "contact", "person named", "name given", "person",
               "target", "who")
QUESTION_HINTS = ("question", "tie type", "type", "relationship", "relation", "generator", "name generator")
TICKS = {"1", "x", "✓", "✔", "yes", "y", "true", "ticked", "checked"}
UNTICKED = {"", "0", "no", "n", "false", "-", "na", "n/a"}
_NUMBERED = re.compile(
    r"^(?P<prefix>.*?)[\s_\-:.]*[\[(]?\s*(?P<label>[A-Za-z][A-Za-z \-]*?)?\s*#?\s*(?P<num>\d{1,2})\s*[\])]?\s*$")


# ---------------------------------------------------------------------------------------- files
def _records(source: Source) -> tuple[str, list[list[str]], list[Issue]]:
    """Rows of a CSV/Excel file as text cells (``records[0]`` is the header; a blank row is
    ``[]``), read by the same bounded readers as every other input (:data:`~netmap.formats.
    spreadsheets.LIMITS`: file size, rows, columns, cells, characters per cell), with a
    warning per row whose bytes were not UTF-8 (a file that mixes encodings: each such row
    is read as Windows-1252) and per cell whose control characters were removed."""
    name = source_name(source)
    data = read_bytes(source)
    issues: list[Issue] = []
    if name.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
        table = read_table((name, data))  # the bounded workbook reader; a form's export has one sheet
    else:
        if not data.strip():
            raise FileProblem(name, "is empty")
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text, encoding = data.decode("utf-16"), "utf-16"
        else:
            try:
                text, encoding = data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                lines = []
                for number, line in enumerate(data.split(b"\n"), start=1):
                    try:
                        lines.append(line.decode("utf-8"))
                    except UnicodeDecodeError:
                        lines.append(line.decode("cp1252", errors="replace"))
                        issues.append(Issue("warning", name, "not UTF-8 text; read as Windows-1252 (the file mixes "
                                                              "encodings: check the names in this row)", number, None,
                                            "renamed"))
                text, encoding = "\n".join(lines), "mixed"
        del data
        table = parse_delimited(name, text, encoding)
    for number, column, removed in table.cleaned:
        issues.append(Issue("warning", table.file, f"removed control characters ({removed})", number,
                            shown(column, 60), "cleaned"))
    last = table.rows[-1][0] if table.rows else table.header_row
    records: list[list[str]] = [[] for _ in range(last - table.header_row + 1)]
    records[0] = list(table.header)
    for number, cells in table.rows:
        records[number - table.header_row] = cells
    return table.file, records, issues


def _header_rows(records: list[list[str]]) -> tuple[int, list[str], dict[int, str]]:
    """How many header rows (1, SurveyMonkey 2, Qualtrics 3), the column names, and each
    column's question text when a second header row gives it."""
    header = records[0]
    texts: dict[int, str] = {}
    if len(records) > 2 and all(c.startswith("{") and "ImportId" in c for c in records[2] if c):
        # Qualtrics: ids, question text, {"ImportId": …}
        texts = {i: t for i, t in enumerate(records[1]) if t}
        return 3, header, texts
    if len(records) > 1:
        second = records[1]
        labels = {c.strip().lower() for c in second if c.strip()}
        signature = {"respondent id", "collector id"} <= {h.strip().lower() for h in header}
        if labels and (signature or labels <= {"response", "open-ended response", "other (please specify)"} | {
                c.lower() for c in second if re.fullmatch(r"(?i)(name|contact|person)\s*\d+", c or "")}):
            # SurveyMonkey: question text over its first column, sub-labels below
            names, current = [], ""
            for i, top in enumerate(header):
                current = top or current
                sub = second[i] if i < len(second) else ""
                names.append(f"{current} [{sub}]" if sub and sub.lower() not in ("response",) else current)
                texts[i] = current
            return 2, names, texts
    return 1, header, texts


def _norm(text: str) -> str:
    return re.sub(r"[\s_\-:?]+", " ", text.casefold()).strip()


def _find(header: list[str], hints, given: str | None, file: str, what: str) -> int | None:
    if given is not None:
        wanted = _norm(given)
        for i, h in enumerate(header):
            if _norm(h) == wanted:
                return i
        raise InputError(f"{file}: no column '{shown(given)}' for the {what}; columns found: " + columns_found(header))
    for hint in hints:
        for i, h in enumerate(header):
            if _norm(h) == hint:
                return i
    for hint in hints:
        if len(hint) >= 5:
            for i, h in enumerate(header):
                if hint in _norm(h):
                    return i
    return None


# ----------------------------------------------------------------------------------- detection
def detect_format(sources: list[Source], roster_names: set[str] | None = None) -> str:
    """Guess the shape of the export (see the module docstring)."""
    names = [source_name(s).lower() for s in sources]
    if any(n.endswith(".graphml") for n in names) or any(
            re.search(r"_(ego|attributelist_\w+|edgelist_\w+)\.csv$", n) for n in names):
        return "network-canvas"
    _, records, _ = _records(sources[0])
    skip, header, _ = _header_rows(records)
    if any("networkcanvas" in h.lower() for h in header):
        return "network-canvas"
    normed = [_norm(h) for h in header]
    if any(h in NAMED_HINTS for h in normed) and any(h in QUESTION_HINTS for h in normed) and \
            not _numbered_groups(header):
        return "long"
    if roster_names:
        keys = {normalise(n) for n in roster_names}
        if sum(normalise(h) in keys for h in header) >= max(2, len(header) // 3):
            return "roster"
    body = records[skip:]
    tick_columns = 0
    for i in range(len(header)):
        values = {(r[i] if i < len(r) else "").strip().lower() for r in body}
        if values and values <= TICKS | UNTICKED | {str(n) for n in range(0, 11)} and values - UNTICKED:
            tick_columns += 1
    if tick_columns >= 3 and tick_columns >= (len(header) - 1) // 2 and not _numbered_groups(header):
        return "roster"
    if any(h in NAMED_HINTS for h in normed) and not _numbered_groups(header):
        return "long"
    return "wide"


def _numbered_groups(header: list[str]) -> dict[tuple[str, str], dict[int, int]]:
    """(prefix, label) → {slot number: column index} for runs of numbered columns (2+ slots)."""
    groups: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    for i, h in enumerate(header):
        m = _NUMBERED.match(h or "")
        if not m:
            continue
        prefix = m.group("prefix").strip(" -_:[(")
        label = (m.group("label") or "").strip().lower()
        if not prefix:  # "Contact 1": the word is the question, not a label under one
            prefix, label = (m.group("label") or "").strip(), ""
        groups[(prefix, label)][int(m.group("num"))] = i
    return {k: v for k, v in groups.items() if len(v) >= 2}


# ------------------------------------------------------------------------------------- readers
def read_survey(sources: list[Source], format: str = "auto", respondent: str | None = None,
                roster_names: set[str] | None = None, names: list[str] | None = None,
                tie_types: dict[str, str] | None = None) -> SurveyData:
    """Read one or more survey exports (all of one shape).

    Parameters
    ----------
    sources
        Paths or ``(name, bytes)`` uploads.
    format
        One of :data:`FORMATS`; ``auto`` recognises the common shapes.
    respondent
        The column naming the respondent (default: recognised from its header).
    roster_names
        Names on the roster, to recognise a roster matrix.
    names
        Wide format: the columns (or column prefixes) holding names, when not recognised.
    tie_types
        Question key or text → the tie type to call it.

    Raises
    ------
    netmap.errors.InputError
        When a file cannot be read or has no respondent column (the message lists the
        columns found).
    """
    if format not in FORMATS:
        raise InputError(f"--format must be one of {', '.join(FORMATS)}, not '{format}'")
    if not sources:
        raise InputError("no survey files given")
    if format == "auto":
        format = detect_format(sources, roster_names)
    data = SurveyData(format)
    roster_keys = {normalise(n) for n in roster_names if isinstance(n, str)} if roster_names else None
    if format == "network-canvas":
        _read_network_canvas(sources, data, respondent)
    else:
        for source in sources:
            file, records, issues = _records(source)
            data.issues += issues
            if format == "wide":
                _read_wide(file, records, data, respondent, names, roster_keys)
            elif format == "long":
                _read_long(file, records, data, respondent)
            else:
                _read_roster(file, records, data, respondent)
    _drop_long_names(data)
    if tie_types:
        wanted = {_norm(k): v for k, v in tie_types.items()}
        renamed = {}
        for key, q in data.questions.items():
            new = wanted.get(_norm(key)) or wanted.get(_norm(q.text))
            if new:
                renamed[key] = new
        if renamed:
            data.mentions = [m if m.question not in renamed else
                             Mention(m.respondent, m.raw_name, renamed[m.question], m.file, m.row, m.column,
                                     m.attributes, m.other, m.weight) for m in data.mentions]
            data.questions = {renamed.get(k, k): Question(renamed.get(k, k), q.text, q.columns, q.cap, q.mentions)
                              for k, q in data.questions.items()}
            data.capped = defaultdict(list, {renamed.get(k, k): v for k, v in data.capped.items()})
    return data


def _drop_long_names(data: SurveyData) -> None:
    """A "name" longer than :data:`~netmap.intake.reconcile.MAX_NAME_CHARS` is not matched to
    anyone: it is reported with its file, row and column, and gives no tie."""
    kept = []
    for m in data.mentions:
        long = next((n for n in (m.raw_name, m.other) if n and len(n.strip()) > MAX_NAME_CHARS), None)
        if long is None:
            kept.append(m)
            continue
        data.warn(m.file, f"an answer of {len(long.strip()):,} characters is longer than a name can be "
                          f"({MAX_NAME_CHARS}, the name limit): not matched to anyone, no tie", m.row, m.column,
                  "dropped")
        if m.question in data.questions:
            data.questions[m.question].mentions -= 1
    data.mentions = kept


def _respondent_index(file, header, data, respondent, body_start) -> int:
    index = _find(header, RESPONDENT_HINTS, respondent, file, "respondent")
    if index is None:
        raise InputError(f"{file}, row {body_start - 1}: no respondent column (looked for "
                         f"'respondent', 'your name', 'name' …); columns found: " + columns_found(header)
                         + ". Name it with --respondent COLUMN")
    data.respondent_column = header[index]
    return index


def _body(records, skip):
    for offset, cells in enumerate(records[skip:]):
        if any(cells):
            yield skip + offset + 1, cells


def _add_respondent(data: SurveyData, file, number, cells, index, *, row_per_answer: bool = True) -> str | None:
    """The respondent of a row (None: the row is skipped, with a warning). ``row_per_answer``:
    each row is a whole answer, so a name seen before answered again (false for the long format,
    where a row is one person named and a respondent naming three is on three rows)."""
    who = cells[index].strip() if index < len(cells) else ""
    if not who:
        data.warn(file, "no respondent named: the answers in this row are skipped", number, data.respondent_column)
        return None
    if len(who) > MAX_NAME_CHARS:
        data.warn(file, f"the respondent's name has {len(who):,} characters, longer than {MAX_NAME_CHARS} (the name "
                        "limit): the answers in this row are skipped", number, data.respondent_column)
        return None
    if who in data.respondents:
        if row_per_answer:
            first = data.respondents[who]
            data.warn(file, f"'{shown(who)}' answered again (first at {first[0]} row {first[1]}): both answers are "
                            "kept", number, data.respondent_column, "merged")
    else:
        data.respondents[who] = (file, number)
    return who


def _question(data: SurveyData, text: str, columns: list[str], cap: int | None) -> Question:
    key = question_key(text)
    q = data.questions.get(key)
    if q is None:
        q = data.questions[key] = Question(key, text, [], cap)
    q.columns += [c for c in columns if c not in q.columns]
    return q


def _is_followup(values: list[str], prefix: str = "") -> bool:
    """A numbered run holding ratings or choices, not names: numbers; or few distinct values
    repeated; or, under a heading that does not ask for people, short one-word answers."""
    filled = [v for v in values if v]
    if not filled:
        return False
    numeric = sum(bool(re.fullmatch(r"[\d.]+", v)) for v in filled)
    distinct = len(set(v.lower() for v in filled))
    if numeric == len(filled) or (distinct <= 7 and len(filled) >= 3 * distinct):
        return True
    asks_for_people = re.search(r"\b(who|whom|names?|contacts?|person|people|friends?|neighbours?)\b", prefix, re.I)
    words = sum(len(v.split()) for v in filled) / len(filled)
    return not asks_for_people and distinct <= 10 and words < 1.5


def _read_wide(file, records, data: SurveyData, respondent, names, roster_keys=None) -> None:
    skip, header, texts = _header_rows(records)
    who_col = _respondent_index(file, header, data, respondent, skip + 1)
    body = list(_body(records, skip))
    column = lambda i: [(cells[i] if i < len(cells) else "").strip() for _, cells in body]  # noqa: E731
    groups = _numbered_groups(header)
    if names:
        wanted = [_norm(n) for n in names]
        groups = {k: v for k, v in groups.items() if any(_norm(k[0]).startswith(w) or _norm(header[next(iter(
            v.values()))]).startswith(w) for w in wanted)}
    forced = lambda h: bool(names) and any(_norm(h).startswith(_norm(n)) for n in names)  # noqa: E731
    name_groups, followups = [], []
    for (prefix, label), slots in groups.items():
        if slots and all(i == who_col for i in slots.values()):
            continue
        values = [v for i in slots.values() for v in column(i)]
        first = header[min(slots.values())]
        if label in _NAME_LABELS and not _is_followup(values, prefix) or (names and label in _NAME_LABELS):
            if not forced(first) and not forced(prefix):
                ok, why = names_column(prefix or first, values, roster_keys)
                if not ok and why.endswith("sentences"):  # a "name" question answered in sentences
                    data.withhold(file, prefix or first, sum(1 for v in values if v), why)
                    continue
            name_groups.append((prefix, label, slots))
        elif sum(map(is_sentence, filter(None, values))) >= max(1, 0.2 * sum(1 for v in values if v)):
            data.withhold(file, prefix or first, sum(1 for v in values if v), "answers read as sentences")
        else:
            followups.append((prefix, label, slots))
    used = {i for _, _, slots in name_groups + followups for i in slots.values()} | {who_col}
    used |= {i for (prefix, label), slots in groups.items() for i in slots.values()}
    multi = []
    for i, h in enumerate(header):
        if i in used or not h:
            continue
        values = column(i)
        if not any(values):
            continue
        if forced(h):
            multi.append(i)
            continue
        asks = "?" in h or _norm(h).startswith(("who ", "which ", "name ")) or _ASKS_FOR_NAMES.search(h)
        if not asks or _is_followup(values):
            continue
        ok, why = names_column(texts.get(i) or h, values, roster_keys)
        if ok:
            multi.append(i)
        else:
            data.withhold(file, h, sum(1 for v in values if v), why)
    if not name_groups and not multi:
        unsure = [f["column"] for f in data.free_text if f["file"] == file]
        raise InputError(f"{file}: no name questions found (numbered columns such as 'Contact 1 … 5' or "
                         "'… [Name 1]', or a 'Who …?' column of names)"
                         + (f"; read as free text, not names: {columns_found(unsure)} (use --names COLUMNS to read "
                            "one as names)" if unsure else "")
                         + "; columns found: " + columns_found(header) + ". Use --format or the mapping options")
    name_groups.sort(key=lambda g: min(g[2].values()))
    who_by_row = {number: _add_respondent(data, file, number, cells, who_col) for number, cells in body}
    # follow-ups belong to the name question before them with the same slots
    attached: dict[int, list[tuple[str, dict[int, int]]]] = defaultdict(list)
    for prefix, label, slots in followups:
        start = min(slots.values())
        before = [k for k, g in enumerate(name_groups) if min(g[2].values()) < start] or [0]
        if name_groups:
            attached[before[-1]].append((_attribute_name(prefix, label), slots))
    for k, (prefix, label, slots) in enumerate(name_groups):
        first_col = min(slots.values())
        text = texts.get(first_col) or prefix or header[first_col]
        text = re.sub(r"\s*[-–]\s*(name|contact|person)?\s*\d+\s*$", "", text, flags=re.I).strip() or prefix
        q = _question(data, text, [header[i] for i in sorted(slots.values())], len(slots))
        if not any(v for i in slots.values() for v in column(i)):
            data.warn(file, f"question '{text}': every name cell is empty", skip + 1,
                      header[first_col], "skipped")
        for number, cells in body:
            who = who_by_row[number]
            if who is None:
                continue
            filled = 0
            for slot, i in sorted(slots.items()):
                raw = cells[i].strip() if i < len(cells) else ""
                if not raw:
                    continue
                filled += 1
                if is_sentence(raw) and not forced(header[i]):
                    _withhold_answer(data, file, number, header[i])
                    continue
                attrs = tuple((name, cells[fs[slot]].strip()) for name, fs in attached.get(k, [])
                              if slot in fs and fs[slot] < len(cells) and cells[fs[slot]].strip())
                data.mentions.append(Mention(who, raw, q.key, file, number, header[i], attrs))
                q.mentions += 1
            if filled >= len(slots) and (q.key, who) not in data._capped:  # a set: 200,000 rows stay linear
                data._capped.add((q.key, who))
                data.capped[q.key].append(who)
    for i in multi:
        q = _question(data, texts.get(i) or header[i], [header[i]], None)
        for number, cells in body:
            who = who_by_row[number]
            if who is None:
                continue
            cell = (cells[i] if i < len(cells) else "").strip()
            if cell and _cell_is_sentence(cell) and not forced(header[i]):
                _withhold_answer(data, file, number, header[i])
                continue
            for raw in split_multi(cell):
                data.mentions.append(Mention(who, raw, q.key, file, number, header[i]))
                q.mentions += 1


def _without_free_text(file, header, columns, body, data: SurveyData) -> list[int]:
    """Attribute columns whose answers read as sentences are withheld (free text is kept out of
    every file written); the others are returned."""
    kept = []
    for i in columns:
        values = [cells[i] for _, cells in body if i < len(cells) and cells[i]]
        sentences = sum(map(_cell_is_sentence, values))
        if values and sentences >= max(1, 0.2 * len(values)):
            data.withhold(file, header[i], len(values), f"{sentences} of {len(values)} answers read as sentences")
        else:
            kept.append(i)
    return kept


def _withhold_answer(data: SurveyData, file: str, number: int, column: str) -> None:
    """A sentence typed where a name was asked for: never a name, never quoted."""
    data.withheld_answers += 1
    data.warn(file, "this answer reads as free text, not a name: withheld (not an actor, not a tie, not in any "
                    "file written)", number, column, "withheld")


def _attribute_name(prefix: str, label: str) -> str:
    if label in _NAME_LABELS:
        return question_key(prefix)
    return re.sub(r"[^a-z0-9]+", "_", label.casefold()).strip("_") or "attribute"


def _read_long(file, records, data: SurveyData, respondent) -> None:
    skip, header, _ = _header_rows(records)
    who_col = _respondent_index(file, header, data, respondent, skip + 1)
    rest = [h if i != who_col else "" for i, h in enumerate(header)]
    named = _find(rest, NAMED_HINTS, None, file, "named person")
    if named is None:
        raise InputError(f"{file}: no column of named people (looked for 'named', 'alter', 'contact' …); "
                         "columns found: " + columns_found(header))
    rest[named] = ""
    question_col = _find(rest, QUESTION_HINTS, None, file, "question")
    attr_cols = [i for i, h in enumerate(header) if i not in (who_col, named, question_col) and h]
    attr_cols = _without_free_text(file, header, attr_cols, list(_body(records, skip)), data)
    for number, cells in _body(records, skip):
        who = _add_respondent(data, file, number, cells, who_col, row_per_answer=False)
        if who is None:
            continue
        raw = cells[named].strip() if named < len(cells) else ""
        if not raw:
            data.warn(file, "no named person: row skipped", number, header[named])
            continue
        text = (cells[question_col].strip() if question_col is not None and question_col < len(cells) else "") \
            or "named"
        q = _question(data, text, [header[named]], None)
        q.mentions += 1
        attrs = tuple((header[i], cells[i]) for i in attr_cols if i < len(cells) and cells[i])
        data.mentions.append(Mention(who, raw, q.key, file, number, header[named], attrs))


def _read_roster(file, records, data: SurveyData, respondent) -> None:
    skip, header, texts = _header_rows(records)
    who_col = _respondent_index(file, header, data, respondent, skip + 1)
    text = next(iter(texts.values()), "") or "named on the roster"
    columns = [i for i, h in enumerate(header) if i != who_col and h]
    for i in [i for i in columns if len(header[i]) > MAX_NAME_CHARS]:
        data.warn(file, f"a column name of {len(header[i]):,} characters is longer than a name can be "
                        f"({MAX_NAME_CHARS}, the name limit): column not matched to anyone", skip, header[i])
        columns.remove(i)
    q = _question(data, text, [header[i] for i in columns], None)
    for number, cells in _body(records, skip):
        who = _add_respondent(data, file, number, cells, who_col)
        if who is None:
            continue
        for i in columns:
            value = (cells[i] if i < len(cells) else "").strip()
            low = value.lower()
            if low in UNTICKED:
                continue
            if low in TICKS:
                weight = 1.0
            else:
                try:
                    weight = float(value.replace(",", "."))
                except ValueError:
                    what = "free text (withheld)" if is_sentence(value) else f"'{shown(value)}'"
                    data.warn(file, f"{what} is not a tick or a number: read as a tick", number, header[i],
                              "renamed")
                    weight = 1.0
                if weight <= 0:
                    continue
            data.mentions.append(Mention(who, header[i], q.key, file, number, header[i], weight=weight))
            q.mentions += 1


# ------------------------------------------------------------------------------ Network Canvas
def _read_network_canvas(sources: list[Source], data: SurveyData, respondent: str | None) -> None:
    csvs = [s for s in sources if not source_name(s).lower().endswith(".graphml")]
    for s in sources:
        if source_name(s).lower().endswith(".graphml"):
            _read_nc_graphml(s, data)
    if not csvs:
        return
    tables = {}
    for s in csvs:
        file, records, issues = _records(s)
        data.issues += issues
        if not records:
            raise FileProblem(file, "is empty")
        tables[file] = records
    egos: dict[str, str] = {}  # ego UUID -> respondent
    for file, records in tables.items():
        header = records[0]
        if file.lower().endswith("_ego.csv") or ("networkCanvasEgoUUID" in header and "networkCanvasCaseID" in header
                                                 and "networkCanvasUUID" not in header):
            uuid = header.index("networkCanvasEgoUUID") if "networkCanvasEgoUUID" in header else None
            if uuid is None:
                raise InputError(f"{file}, row 1: no networkCanvasEgoUUID column; columns found: "
                                 + columns_found(header))
            who_col = _find(header, ("name", "ego name", "networkcanvascaseid"), respondent, file, "respondent")
            data.respondent_column = header[who_col]
            for number, cells in _body(records, 1):
                who = _add_respondent(data, file, number, cells, who_col)
                if who:
                    egos[_cell(file, number, cells, uuid, header)] = who
    nodes: dict[str, tuple[str, str]] = {}  # node UUID -> (respondent, name)
    for file, records in tables.items():
        m = re.search(r"_attributeList_(\w+)\.csv$", file, re.I)
        if not m:
            continue
        header = records[0]
        need = [c for c in ("networkCanvasEgoUUID", "networkCanvasUUID") if c not in header]
        if need:
            raise InputError(f"{file}, row 1: missing column(s) {', '.join(need)}; columns found: "
                             + columns_found(header))
        ego_col, uuid_col = header.index("networkCanvasEgoUUID"), header.index("networkCanvasUUID")
        name_col = _find(header, ("name", "label", "nickname"), None, file, "name")
        if name_col is None:
            raise InputError(f"{file}, row 1: no 'name' column for the alters; columns found: "
                             + columns_found(header))
        q = _question(data, f"named ({m.group(1)})", [header[name_col]], None)
        skip_cols = {"nodeID", "networkCanvasEgoUUID", "networkCanvasUUID", "null"}
        kept = set(_without_free_text(file, header, [i for i, h in enumerate(header) if h not in skip_cols
                                                      and i != name_col], list(_body(records, 1)), data))
        for number, cells in _body(records, 1):
            ego = cells[ego_col] if ego_col < len(cells) else ""
            who = egos.get(ego)
            if who is None:
                data.warn(file, f"networkCanvasEgoUUID '{shown(ego)}' names no interview in the ego files: "
                                "alter skipped", number, "networkCanvasEgoUUID")
                continue
            uuid = _cell(file, number, cells, uuid_col, header)
            raw = cells[name_col].strip() if name_col < len(cells) else ""
            if not raw:
                data.warn(file, "alter without a name: skipped", number, header[name_col])
                continue
            nodes[uuid] = (who, raw)
            attrs = tuple((h, cells[i]) for i, h in enumerate(header)
                          if i < len(cells) and cells[i] and i in kept and not h.startswith("Cords_")
                          and cells[i] != "false")
            data.mentions.append(Mention(who, raw, q.key, file, number, header[name_col], attrs))
            q.mentions += 1
    for file, records in tables.items():
        m = re.search(r"_edgeList_(\w+)\.csv$", file, re.I)
        if not m:
            continue
        header = records[0]
        need = [c for c in ("networkCanvasSourceUUID", "networkCanvasTargetUUID") if c not in header]
        if need:
            raise InputError(f"{file}, row 1: missing column(s) {', '.join(need)}; columns found: "
                             + columns_found(header))
        s_col, t_col = header.index("networkCanvasSourceUUID"), header.index("networkCanvasTargetUUID")
        q = _question(data, m.group(1), [], None)
        for number, cells in _body(records, 1):
            ends = []
            for col in (s_col, t_col):
                uuid = cells[col] if col < len(cells) else ""
                if uuid not in nodes:
                    data.warn(file, f"'{shown(uuid)}' names no alter in the attribute lists: tie skipped", number,
                              header[col])
                    break
                ends.append(nodes[uuid])
            else:
                (who, a), (_, b) = ends
                data.mentions.append(Mention(who, a, q.key, file, number, header[s_col], other=b))
                q.mentions += 1


_GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
#: Control characters (as :mod:`netmap.formats.spreadsheets` removes them from every cell).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _cell(file: str, number: int, cells: list[str], index: int, header: list[str]) -> str:
    """The cell a Network Canvas row must have; a row cut short is an error naming file and row."""
    if index >= len(cells):
        raise InputError(f"{file}, row {number}: has {len(cells)} cell(s) but the header has {len(header)} columns, so "
                         f"it has no '{shown(header[index], 60)}': the row is cut short (was the file truncated or "
                         "edited by hand?)")
    return cells[index]


def _read_nc_graphml(source: Source, data: SurveyData) -> None:
    """Network Canvas GraphML: one ``<graph>`` per interview, read as a stream (one interview
    in memory at a time) within the limits every table has: nodes and edges count as rows,
    attribute keys as columns, data values as cells."""
    # the limits read when the file is read: a test or --max-rows may have changed them
    from netmap.formats import spreadsheets as limits

    file = source_name(source)
    raw = read_bytes(source)
    keys: dict[str | None, str | None] = {}
    graphs = elements = cells = cleaned = 0
    try:
        for _, element in ET.iterparse(io.BytesIO(raw), events=("end",)):
            tag = element.tag
            if tag == _GRAPHML + "key":
                keys[element.get("id")] = element.get("attr.name")
                if len(keys) > limits.MAX_COLUMNS:
                    raise FileProblem(file, f"declares more than {limits.MAX_COLUMNS:,} attribute keys; netmap reads "
                                            f"tables of up to {limits.MAX_COLUMNS:,} columns (the column limit).")
            elif tag == _GRAPHML + "data":
                cells += 1
                text = element.text or ""
                if len(text) > limits.MAX_CELL_CHARS:
                    raise FileProblem(file, f"holds a value of {len(text):,} characters in interview {graphs + 1}; "
                                            f"netmap reads cells of up to {limits.MAX_CELL_CHARS:,} characters "
                                            "(the cell-length limit, Excel's own).")
                if _CONTROL.search(text):
                    element.text = _CONTROL.sub("", text)
                    cleaned += 1
                if cells > limits.MAX_CELLS:
                    raise FileProblem(file, f"holds more than {limits.MAX_CELLS:,} values; netmap reads tables of up "
                                            f"to {limits.MAX_CELLS:,} cells (the cell limit).")
            elif tag in (_GRAPHML + "node", _GRAPHML + "edge"):
                elements += 1
                if elements > limits.MAX_ROWS:
                    raise FileProblem(file, f"has more than {limits.MAX_ROWS:,} nodes and edges; netmap reads tables "
                                            f"of up to {limits.MAX_ROWS:,} rows (the row limit).")
            elif tag == _GRAPHML + "graph":
                graphs += 1
                _read_nc_interview(file, graphs, element, keys, data)
                element.clear()  # one interview in memory at a time
    except ET.ParseError as exc:
        raise FileProblem(file, f"is not valid GraphML ({shown(exc)})") from None
    if not graphs:
        raise FileProblem(file, "has no <graph> element")
    if cleaned:
        data.warn(file, f"removed control characters from {cleaned:,} value(s)", None, None, "cleaned")


def _read_nc_interview(file: str, number: int, graph, keys, data: SurveyData) -> None:
    ns = {"g": _GRAPHML[1:-1]}
    gdata = {keys.get(d.get("key"), d.get("key")): (d.text or "").strip() for d in graph.findall("g:data", ns)}
    case = next((v for k, v in graph.attrib.items() if k.endswith("caseId")), "")
    who = gdata.get("ego_name") or case or f"interview {number}"
    data.respondent_column = "ego_name" if gdata.get("ego_name") else "caseId"
    if len(who) > MAX_NAME_CHARS:
        data.warn(file, f"interview {number}: the respondent's name has {len(who):,} characters, longer than "
                        f"{MAX_NAME_CHARS} (the name limit): the interview is skipped", number, "graph")
        return
    if who in data.respondents:
        data.warn(file, f"'{shown(who)}' interviewed again: both interviews are kept", number, "graph", "merged")
    else:
        data.respondents[who] = (file, number)
    names: dict[str, str] = {}
    for node in graph.findall("g:node", ns):
        attrs = {keys.get(d.get("key"), d.get("key")): (d.text or "").strip() for d in node.findall("g:data", ns)}
        raw = attrs.get("name") or attrs.get("label") or ""
        uuid = attrs.get("networkCanvasUUID") or node.get("id")
        where = f"node {shown(node.get('id'), 40)}"
        if not raw:
            data.warn(file, f"interview {number} ({shown(who)}): alter without a name: skipped", number, where)
            continue
        names[node.get("id")] = raw
        if uuid:
            names[uuid] = raw
        q = _question(data, f"named ({attrs.get('networkCanvasType') or 'Person'})", ["name"], None)
        q.mentions += 1
        extra = tuple((k, v) for k, v in attrs.items() if v and k not in (
            "name", "label", "networkCanvasUUID", "networkCanvasType") and not k.startswith("layout")
            and v != "false" and not is_sentence(v))
        data.withheld_answers += sum(1 for k, v in attrs.items() if v and k not in ("name", "label")
                                     and is_sentence(v))
        data.mentions.append(Mention(who, raw, q.key, file, number, where, extra))
    for edge in graph.findall("g:edge", ns):
        attrs = {keys.get(d.get("key"), d.get("key")): (d.text or "").strip() for d in edge.findall("g:data", ns)}
        a = names.get(attrs.get("networkCanvasSourceUUID") or edge.get("source"))
        b = names.get(attrs.get("networkCanvasTargetUUID") or edge.get("target"))
        where = f"edge {shown(edge.get('id'), 40)}"
        if a is None or b is None:
            data.warn(file, f"interview {number} ({shown(who)}): {where} names no alter: tie skipped", number, where)
            continue
        q = _question(data, attrs.get("networkCanvasType") or "tie", [], None)
        q.mentions += 1
        data.mentions.append(Mention(who, a, q.key, file, number, where, other=b))
