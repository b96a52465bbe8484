"""``project load`` reads a dump as untrusted input (issue 21, item 5).

Each hostile dump below is a good dump with one thing changed, as a hostile-input review
crafted them: wrong JSON types (``"directed": "false"``), names and dates that skip the
store's checks, data that skips validation (an invalid weight), paths that lead out of the
dump (``/etc/hostname``, ``..``, links), tables past the reading limits, and damaged history.
Each must be refused with one line naming the file (exit 2 on the command line), leave an
existing store exactly as it was, and leave no new store file behind.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from netmap.cli import main
from netmap.errors import InputError, StoreError
from netmap.formats import spreadsheets
from netmap.network import load_network, read_network
from netmap.store import open_store
from netmap.store import schema as S
from netmap.store.dump import FORMAT_VERSION, load_project
from netmap.store.dump_writer import dump_project
from tests.conftest import SAMPLES

from .helpers import ACTORS, TIES

MILLBROOK = SAMPLES / "millbrook"
#: Raw bytes that must never reach the terminal.
RAW = ("\x1b", "\x07", "\x00", "\r", "\u202e")


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture(scope="module")
def good_dump(tmp_path_factory) -> Path:
    """A dump of project 'Millbrook': wave 01 '2025 baseline' (imported, edited, a note on an
    actor, an aliases table with a number column, options, a note with a newline and an ESC),
    wave 02 '2026 follow-up' (imported only), wave 03 'spaces' (the two-mode sample)."""
    base = tmp_path_factory.mktemp("good")
    (base / "ties.csv").write_text(TIES, encoding="utf-8")
    (base / "actors.csv").write_text(ACTORS, encoding="utf-8")
    network = read_network(base / "ties.csv", base / "actors.csv")
    two_mode, report = load_network(MILLBROOK / "ties.csv", MILLBROOK / "actors.csv",
                                    affiliations=MILLBROOK / "affiliations.csv", spaces=MILLBROOK / "spaces.csv")
    assert two_mode is not None, report.errors
    store = open_store(str(base / "s.db"), create=True)
    store.create_project("Millbrook", author="Ann")
    from netmap.store import SourceFile

    files = [SourceFile.of("ties", "ties.csv", TIES.encode()), SourceFile.of("actors", "actors.csv", ACTORS.encode())]
    store.add_wave("Millbrook", "2025 baseline", network, files=files, date="2025-03-01",
                   notes="first map\nkept with an ESC \x1b here", author="Ann")
    _, ties = store.wave_frames("Millbrook", "2025 baseline")
    ties.loc[0, "weight"] = "4"
    store.edit_wave("Millbrook", "2025 baseline", base_version=1, ties=ties.drop(index=1), author="Bea")
    store.set_actor_note("Millbrook", "2025 baseline", "hub", "moved in May", author="Bea")
    store.save_table("Millbrook", "2025 baseline", "aliases",
                     pd.DataFrame({"raw_name": ["Ada"], "actor_id": ["007"], "score": [0.875]}))
    store.save_options("Millbrook", "2025 baseline", {"weighted": True})
    store.add_wave("Millbrook", "2026 follow-up", network, date="2026-03-01", author="Cy")
    store.add_wave("Millbrook", "spaces", two_mode, author="Cy")
    dump_project(store, "Millbrook", base / "dump")
    store.close()
    return base / "dump"


# --------------------------------------------------------------------------- editing a dump
def manifest(d: Path) -> dict:
    return json.loads((d / "project.json").read_text(encoding="utf-8"))


def edit_manifest(change):
    def mutate(d: Path, _mp) -> None:
        m = manifest(d)
        change(m)
        (d / "project.json").write_text(json.dumps(m), encoding="utf-8")
    return mutate


def add_role(twice: bool = False, **fields):
    """A role in project.json (the good dump has none), with ``fields`` changed."""
    role = {"user": "ann", "role": "viewer", "names": False, "granted_at": "2026-01-05T10:00:00Z",
            "granted_by": "admin", **fields}
    return edit_manifest(lambda m: m.update(roles=[role, role] if twice else [role]))


def add_review(*entries, text: str | None = None, path: str = "review.json"):
    """The name review's decisions in review.json (the good dump has none): ``entries`` with
    fields changed from a good one, or raw ``text``."""
    good = {"raw_name": "Carla at church", "actor_id": "r025", "actor_name": "Carla Ahmed",
            "decided_at": "2026-01-05T10:00:00Z", "decided_by": "ann"}

    def mutate(d: Path, _mp) -> None:
        body = text if text is not None else json.dumps([{**good, **e} for e in entries])
        (d / "review.json").write_text(body, encoding="utf-8")
        m = manifest(d)
        m["review"] = path
        (d / "project.json").write_text(json.dumps(m), encoding="utf-8")
    return mutate


def both(first, second):
    def mutate(d: Path, mp) -> None:
        first(d, mp)
        second(d, mp)
    return mutate


def edit_wave(index: int, change):
    return edit_manifest(lambda m: change(m["waves"][index]))


def edit_file(index: int, change):
    return edit_wave(index, lambda w: change(w["files"][0]))


def revisions_path(d: Path, wave: int) -> Path:
    return d / "waves" / f"{wave:02d}" / "revisions.jsonl"


def edit_revisions(wave: int, change):
    """``change(records)`` edits the wave's revisions (a list of dicts) in place."""
    def mutate(d: Path, _mp) -> None:
        path = revisions_path(d, wave)
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        change(records)
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return mutate


def raw_revision_line(wave: int, text: str):
    def mutate(d: Path, _mp) -> None:
        revisions_path(d, wave).write_text(text + "\n", encoding="utf-8")
    return mutate


def row(records, table: str, key: str, number: int = 1) -> dict:
    """The change of revision ``number`` to row ``key`` of ``table``."""
    return next(c for c in records[number - 1]["changes"] if c["table"] == table and c["row_key"] == key)


def columns_change(records, table: str, number: int = 1) -> dict:
    return next(c for c in records[number - 1]["changes"] if c["table"] == table and c["row_key"] is None)


TIE = json.dumps(["010", "hub"], separators=(",", ":"))  # a tie of wave 02 that no later revision touches


def more_tables(count: int):
    """Revision 1 also makes ``count`` empty extra tables: project.json lists only the wave's
    own, so the manifest's table limit passes and only the replay can count them."""
    def change(records) -> None:
        records[0]["changes"] += [{"table": f"extra{k:02d}", "row_key": None, "position": None, "before": None,
                                   "after": {"columns": ["a"], "dtypes": ["object"]}} for k in range(count)]
    return change


def set_cell(wave: int, table: str, key: str, column: str, value, number: int = 1):
    return edit_revisions(wave, lambda r: row(r, table, key, number)["after"].__setitem__(column, value))


def limit(name: str, value: int):
    def mutate(_d: Path, mp) -> None:
        mp.setattr(spreadsheets, name, value)
    return mutate


def dump_limit(name: str, value: int):
    """One of the dump's own limits (netmap.store.dump), lowered for the case."""
    def mutate(_d: Path, mp) -> None:
        from netmap.store import dump

        mp.setattr(dump, name, value)
    return mutate


def replace_with_link(relative: str, target: str):
    def mutate(d: Path, _mp) -> None:
        (d / relative).unlink()
        (d / relative).symlink_to(target)
    return mutate


def sparse(relative: str, size: int):
    """``relative`` made a sparse file of ``size`` bytes (large on paper, nothing on disk)."""
    def mutate(d: Path, _mp) -> None:
        with (d / relative).open("r+b") as handle:
            handle.truncate(size)
    return mutate


def manifest_to_outside(d: Path, _mp) -> None:
    outside = d.parent / "elsewhere.json"
    outside.write_text((d / "project.json").read_text(encoding="utf-8"), encoding="utf-8")
    (d / "project.json").unlink()
    (d / "project.json").symlink_to(outside)


def fifo(d: Path, mp) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    os.mkfifo(d / "waves" / "01" / "files" / "pipe")
    edit_file(0, lambda f: f.__setitem__("path", "waves/01/files/pipe"))(d, mp)


def loop(d: Path, mp) -> None:
    (d / "a").symlink_to("b")
    (d / "b").symlink_to("a")
    edit_file(0, lambda f: f.__setitem__("path", "a"))(d, mp)


def write_manifest(text: str | bytes):
    def mutate(d: Path, _mp) -> None:
        (d / "project.json").write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return mutate


def pad_manifest(d: Path, _mp) -> None:
    with (d / "project.json").open("a", encoding="utf-8") as handle:
        handle.write(" " * (2**20 + 1))


def actor_added_first(d: Path, mp) -> None:
    """Wave 01's edit also adds an actor at the top of the table (a middle insertion)."""
    edit_revisions(1, lambda r: r[1]["changes"].append({
        "table": "actors", "row_key": "zed", "position": 0, "before": None,
        "after": {"id": "zed", "name": "Zed", "sector": None, "ward": None, "offers": None}}))(d, mp)
    edit_wave(0, lambda w: w["tables"]["actors"].update(rows=w["tables"]["actors"]["rows"] + 1))(d, mp)


def rows_moved_limit(d: Path, mp) -> None:
    actor_added_first(d, mp)
    from netmap.store import dump

    mp.setattr(dump, "MAX_ROWS_MOVED", 3)


def extra_revision(records):
    records.append(dict(records[-1], number=len(records) + 1))


HEAD = '{"format": "netmap-project-dump", "format_version": 1, '
DEEP = 100_000

CASES = [
    # project.json: not JSON, too large, not a dump, JSON tricks
    ("manifest-not-json", write_manifest("{not json"), "is not valid JSON"),
    ("manifest-not-utf8", write_manifest(b"\xff\xfe{}"), "is not UTF-8 text"),
    ("manifest-over-1-mib", pad_manifest, "netmap reads at most 1 MiB"),
    ("manifest-a-list", write_manifest("[]"), "not a netmap project dump"),
    ("manifest-nested-100000-deep", write_manifest(HEAD + '"project": ' + "[" * DEEP + "]" * DEEP + "}"),
     "nested too deeply"),
    ("manifest-nan", write_manifest(HEAD + '"project": NaN}'), "NaN is not a number netmap stores"),
    ("format-version-text", edit_manifest(lambda m: m.update(format_version="1")),
     '"format_version" must be a whole number, not the text "1"'),
    ("format-version-newer", edit_manifest(lambda m: m.update(format_version=FORMAT_VERSION + 1)),
     "written by a newer netmap"),
    ("project-missing", edit_manifest(lambda m: m.pop("project")), '"project" is missing'),
    ("project-name-blank", edit_manifest(lambda m: m["project"].update(name="  ")), "project name is blank"),
    ("project-name-esc", edit_manifest(lambda m: m["project"].update(name="\x1b]0;owned\x07")),
     "holds control characters (BEL, ESC)"),
    ("project-name-201-chars", edit_manifest(lambda m: m["project"].update(name="x" * 201)),
     "longer than 200 characters"),
    ("project-name-a-number", edit_manifest(lambda m: m["project"].update(name=7)),
     '"name" must be text, not the number 7'),
    ("project-exists", edit_manifest(lambda m: m["project"].update(name="Other")), "already exists"),
    ("created-by-esc", edit_manifest(lambda m: m["project"].update(created_by="Ann\x1b[2J")),
     '"created_by" must be text of 1 to 200 characters without control characters'),
    ("created-at-not-a-time", edit_manifest(lambda m: m["project"].update(created_at="yesterday")),
     "is not a time written as ISO 8601"),
    # the project's roles and settings: a forged role is refused, never given
    ("roles-an-object", edit_manifest(lambda m: m.update(roles={"ann": "owner"})), '"roles" must be a list or null'),
    ("role-forged", add_role(role="admin"),
     'role 1: "role" must be one of viewer, editor, owner, not the text "admin"'),
    ("role-names-text", add_role(names="yes"), 'role 1: "names" must be true or false (a JSON boolean)'),
    ("role-user-esc", add_role(user="ann\x1b[2J"), "role 1: the user name holds control characters"),
    ("role-twice", add_role(user="Ann", twice=True), "role 2: user 'Ann' has two roles"),
    ("role-granted-at-not-a-time", add_role(granted_at="last week"), "is not a time written as ISO 8601"),
    ("settings-key-not-hex", edit_manifest(lambda m: m.update(settings={"pseudonym_key": "letmein"})),
     '"pseudonym_key" must be 16 to 128 hexadecimal digits'),
    ("settings-days-zero", edit_manifest(lambda m: m.update(settings={"pseudonym_key": "ab" * 16,
                                                                      "sources_days": 0})),
     '"sources_days" must be 1 or more'),
    # the name review's decisions: kept as the review keeps them, read only from the dump
    ("review-not-a-list", add_review(text='{"Carla": "r025"}'), "review: must be a list of decisions"),
    ("review-name-esc", add_review({"raw_name": "Carla\x1b[2J"}),
     'decision 1: "raw_name" must be text of 1 to 200 characters without control characters'),
    ("review-name-201-chars", add_review({"raw_name": "x" * 201}), '"raw_name" must be text of 1 to 200'),
    ("review-actor-a-number", add_review({"actor_id": 25}), '"actor_id" must be text, not the number 25'),
    ("review-twice", add_review({}, {}), "decision 2: the typed name 'Carla at church' is decided twice"),
    ("review-outside", add_review({}, path="../outside.json"), "leads outside the dump folder"),
    ("review-actor-esc", add_review({"actor_id": "r025\x1b[2J"}),
     '"actor_id" must be empty or text of at most 200 characters without control characters'),
    ("review-more-than-the-row-limit", both(limit("MAX_ROWS", 1), add_review({}, {"raw_name": "Bob"})),
     "review: lists 2 decisions; at most 1"),
    ("waves-an-object", edit_manifest(lambda m: m.update(waves={})), '"waves" must be a list, not an object'),
    ("wave-a-text", edit_manifest(lambda m: m.update(waves=["2025"])), "wave 1: must be an object"),
    ("wave-name-missing", edit_wave(0, lambda w: w.pop("name")), 'wave 1: "name" is missing'),
    ("wave-name-newline", edit_wave(1, lambda w: w.update(name="2026\nfollow-up")),
     "wave 2: the wave name '2026\\nfollow-up' holds control characters (newline)"),
    ("wave-name-twice", edit_wave(1, lambda w: w.update(name="2025 baseline")), "appears twice in the dump"),
    ("date-not-a-date", edit_wave(0, lambda w: w.update(date="2025-13-45")), "is not a date written YYYY-MM-DD"),
    ("date-a-number", edit_wave(0, lambda w: w.update(date=20250301)), '"date" must be text or null'),
    ("directed-text-false", edit_wave(0, lambda w: w.update(directed="false")),
     '"directed" must be true or false (a JSON boolean), not the text "false"'),
    ("directed-zero", edit_wave(0, lambda w: w.update(directed=0)), '"directed" must be true or false'),
    ("version-text", edit_wave(0, lambda w: w.update(version="4")), '"version" must be a whole number'),
    ("version-true", edit_wave(0, lambda w: w.update(version=True)), '"version" must be a whole number, not true'),
    ("version-past-100000", edit_wave(0, lambda w: w.update(version=100_001)), '"version" must be 1 to 100,000'),
    ("notes-a-list", edit_wave(0, lambda w: w.update(notes=["x"])), '"notes" must be text or null, not a list'),
    ("notes-40000-chars", edit_wave(0, lambda w: w.update(notes="n" * 40_000)), "holds 40,000 characters"),
    ("options-a-text", edit_wave(0, lambda w: w.update(options="weighted")), '"options" must be an object'),
    ("tables-rows-text", edit_wave(0, lambda w: w["tables"]["ties"].update(rows="3")),
     '"rows" must be a whole number'),
    ("tables-21", edit_wave(0, lambda w: w["tables"].update({f"t{i}": {"rows": 0} for i in range(21)})),
     "a wave holds at most 20"),
    # paths: out of the dump, not regular files, too large
    ("file-absolute-etc-hostname", edit_file(0, lambda f: f.update(path="/etc/hostname")),
     "'/etc/hostname' is not a path inside the dump folder"),
    ("file-dotdot-etc-hostname", edit_file(0, lambda f: f.update(path="../" * 30 + "etc/hostname")),
     "leads outside the dump folder"),
    ("file-dotdot-missing", edit_file(0, lambda f: f.update(path="../nothing-here")),
     "leads outside the dump folder"),
    ("file-link-to-etc-hostname", replace_with_link("waves/01/files/ties-ties.csv", "/etc/hostname"),
     "leads outside the dump folder (to /etc/hostname)"),
    ("revisions-link-out", replace_with_link("waves/02/revisions.jsonl", "/etc/passwd"),
     "leads outside the dump folder"),
    ("revisions-absolute", edit_wave(1, lambda w: w.update(revisions="/etc/passwd")),
     "is not a path inside the dump folder"),
    ("manifest-link-out", manifest_to_outside, "leads outside the dump folder"),
    ("file-is-a-folder", edit_file(0, lambda f: f.update(path="waves/01")), "'waves/01' is not a regular file"),
    ("file-is-a-fifo", fifo, "'waves/01/files/pipe' is not a regular file"),
    ("file-link-loop", loop, "'a' is missing from the dump"),
    ("file-missing", edit_file(0, lambda f: f.update(path="waves/01/files/gone.csv")), "missing from the dump"),
    ("file-over-50-mib", sparse("waves/01/files/ties-ties.csv", 51 * 2**20), "netmap reads at most 50 MiB there"),
    ("history-over-256-mib", sparse("waves/02/revisions.jsonl", 257 * 2**20), "netmap reads at most 256 MiB there"),
    ("file-checksum", edit_file(0, lambda f: f.update(sha256="0" * 64)), "its checksum differs from project.json"),
    ("file-sha256-not-hex", edit_file(0, lambda f: f.update(sha256="../../x")), '"sha256" must be 64 hexadecimal'),
    ("file-size-lies", edit_file(0, lambda f: f.update(size=f["size"] + 1)), "but project.json says"),
    ("file-name-nul", edit_file(0, lambda f: f.update(filename="ties\x00.csv")), '"filename" holds NUL'),
    ("file-role-esc", edit_file(0, lambda f: f.update(role="ties\x1b[8m")), '"role" must be text of 1 to 200'),
    # revisions: not JSON, damaged numbering, wrong types
    ("revision-not-json", raw_revision_line(2, "{oops"), "revisions.jsonl, line 1: is not valid JSON"),
    ("revision-a-list", raw_revision_line(2, "[1]"), "line 1: must be an object, not a list"),
    ("revision-nested-100000-deep", raw_revision_line(2, "[" * DEEP + "]" * DEEP), "nested too deeply"),
    ("revision-5000-digit-number", raw_revision_line(2, '{"number": 1' + "0" * 5000 + "}"), "is not valid JSON"),
    ("revision-number-float", edit_revisions(2, lambda r: r[0].update(number=1.0)), '"number" must be a whole number'),
    ("revision-numbered-from-2", edit_revisions(2, lambda r: r[0].update(number=2)), "are not numbered 1 to 1"),
    ("revision-missing", edit_revisions(1, lambda r: r.pop()), "are not numbered 1 to 4"),
    ("revision-past-version", edit_revisions(2, extra_revision), "past the wave's version 1"),
    ("revision-kind-unknown", edit_revisions(2, lambda r: r[0].update(kind="rm -rf")), '"kind" must be one of'),
    ("revision-author-esc", edit_revisions(2, lambda r: r[0].update(author="\x1b[31mAnn")),
     '"author" must be text of 1 to 200 characters without control characters'),
    ("revision-summary-nul", edit_revisions(2, lambda r: r[0].update(summary="a\x00b")), '"summary" holds NUL'),
    ("revision-changes-text", edit_revisions(2, lambda r: r[0].update(changes="all")), '"changes" must be a list'),
    # changes: tables that do not exist, rows that do not match the history
    ("change-to-a-missing-table", edit_revisions(2, lambda r: r[0]["changes"].append(
        {"table": "ghost", "row_key": "0", "position": 0, "before": None, "after": {"a": "b"}})),
     "a table that has no columns"),
    ("change-before-not-the-row", edit_revisions(1, lambda r: next(
        c for c in r[1]["changes"] if c["table"] == "ties" and c["before"])["before"].update(weight="9")),
     '"before" is not the row the earlier revisions give'),
    ("change-key-not-the-id", set_cell(2, "actors", "hub", "id", "hub2"), "the row's key does not match its cells"),
    # limits each found untested by scripts/mutate_guards.py
    ("change-key-nul", edit_revisions(2, lambda r: row(r, "actors", "hub").update(row_key="hub\x00")),
     '"row_key" is not a row\'s key'),
    ("files-past-the-limit", dump_limit("MAX_FILES", 1), "lists 2 files; a wave keeps at most 1"),
    ("file-size-past-the-upload-limit", edit_file(0, lambda f: f.update(size=60 * 2**20)),
     '"size" is 62,914,560 bytes; netmap keeps files of up to 50 MiB'),
    ("tables-past-the-limit", dump_limit("MAX_TABLES", 1), "tables; a wave holds at most 1"),
    # wave 02 has actors and ties: 19 more make 21, one past the limit, through the history alone
    ("history-makes-tables-past-the-limit", edit_revisions(2, more_tables(19)),
     "revisions.jsonl, line 1: makes 21 tables; a wave holds at most 20"),
    ("change-row-twice", edit_revisions(2, lambda r: r[0]["changes"].append(dict(row(r, "actors", "hub")))),
     "changes the same row twice"),
    ("change-cell-a-number", set_cell(2, "ties", TIE, "weight", 2.5), "a cell must be text or null, not the number 2.5"),
    ("change-cell-extra-column", set_cell(2, "actors", "hub", "secret", "x"), "are not the table's columns"),
    ("change-position-negative", edit_revisions(2, lambda r: row(r, "actors", "hub").update(position=-1)),
     '"position" must be 0 or more'),
    ("change-column-dtype-unknown", edit_revisions(1, lambda r: columns_change(r, "aliases", 4)["after"].update(
        dtypes=["object", "object", "weird"])), '"dtypes" must give one of'),
    ("change-ties-typed", edit_revisions(2, lambda r: columns_change(r, "ties")["after"].update(
        dtypes=["object", "object", "float64", "object", "object"])), "the ties table holds text only"),
    ("change-columns-repeat", edit_revisions(2, lambda r: columns_change(r, "ties")["after"].update(
        columns=["source", "target", "weight", "type", "type"])), "column names repeat"),
    # data: what an upload would refuse, and the reading limits
    ("cell-esc", set_cell(2, "actors", "hub", "name", "Hub\x1b[2J"), "holds control characters (ESC)"),
    ("cell-lone-surrogate", set_cell(2, "actors", "hub", "name", "Hub\ud800"), "holds a lone surrogate"),
    ("cell-40000-chars", set_cell(2, "actors", "hub", "name", "h" * 40_000), "(the cell-length limit)"),
    ("weight-not-a-number", set_cell(2, "ties", TIE, "weight", "heavy"), "weight 'heavy' is not a number"),
    ("weight-negative", set_cell(2, "ties", TIE, "weight", "-1"), "weight -1 is not positive"),
    ("weight-1e400", set_cell(2, "ties", TIE, "weight", "1e400"), "weight '1e400' is not a number"),
    ("actor-id-blank", edit_revisions(2, lambda r: row(r, "actors", "hub").update(
        row_key="", after=dict(row(r, "actors", "hub")["after"], id=""))), "the actor id is blank"),
    ("rows-past-the-row-limit", limit("MAX_ROWS", 3), ("rows after this revision; netmap reads tables of up to 3 rows "
                                                      "(the row limit)")),
    ("columns-past-the-limit", limit("MAX_COLUMNS", 3), "(the column limit)"),
    ("cells-past-the-limit", limit("MAX_CELLS", 10), "(the cell limit: rows × columns)"),
    ("rows-moved-past-the-limit", rows_moved_limit, "replaying this history moves more than 3 rows"),
    ("typed-cell-not-a-number", set_cell(1, "aliases", "0", "score", "abc", number=4),
     "column 'score' holds cells that are not float64 values"),
    ("affiliation-weight-negative", edit_revisions(3, lambda r: next(
        c for c in r[0]["changes"] if c["table"] == "affiliations" and c["row_key"] == "0")["after"].update(
        weight="-2")), "its affiliations are not valid"),
    ("actor-notes-columns", edit_revisions(1, lambda r: columns_change(r, "actor_notes", 3)["after"].update(
        columns=["note", "id"])), "must have the columns id and note"),
    ("table-not-in-manifest", edit_wave(0, lambda w: w["tables"].pop("aliases")), "but not in both"),
    ("table-rows-differ", edit_wave(0, lambda w: w["tables"]["ties"].update(rows=w["tables"]["ties"]["rows"] + 1)),
     "rows in the dump but its history gives"),
]


def everything(db: str) -> dict:
    """Every row of every table of the store."""
    engine = sa.create_engine(db if "://" in db else f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            return {t.name: sorted(map(repr, conn.execute(sa.select(t)))) for t in S.metadata.sorted_tables}
    finally:
        engine.dispose()


@pytest.fixture
def existing_store(tmp_path, write) -> str:
    """A store that already holds project 'Other' with a wave."""
    db = str(tmp_path / "store.db")
    store = open_store(db, create=True)
    store.create_project("Other")
    store.add_wave("Other", "w", read_network(write("t.csv", TIES), write("a.csv", ACTORS)))
    store.close()
    return db


def test_there_are_at_least_30_hostile_dumps():
    assert len(CASES) >= 30 and len({name for name, _, _ in CASES}) == len(CASES)


@pytest.mark.parametrize("mutate, message", [pytest.param(m, msg, id=name) for name, m, msg in CASES])
def test_hostile_dump_is_refused_in_one_line_and_nothing_is_stored(mutate, message, good_dump, existing_store,
                                                                  tmp_path, monkeypatch, capsys):
    dump = tmp_path / "dump"
    shutil.copytree(good_dump, dump, symlinks=True)
    mutate(dump, monkeypatch)
    before = everything(existing_store)

    store = open_store(existing_store)
    try:
        with pytest.raises((InputError, StoreError), match=re.escape(message)):
            load_project(store, dump)
    finally:
        store.close()
    status, out, err = run(capsys, "project", "load", dump, "--db", existing_store)
    assert status == 2 and message in err, err
    assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert not any(c in out + err for c in RAW), repr(err)
    assert everything(existing_store) == before
    if "already exists" not in message:  # into a new store file: none is left behind
        status, _, err = run(capsys, "project", "load", dump, "--db", tmp_path / "new.db")
        assert status == 2 and message in err, err
        assert not (tmp_path / "new.db").exists()


def test_the_good_dump_loads_with_its_notes_two_mode_wave_and_history(good_dump, existing_store, capsys):
    status, out, err = run(capsys, "project", "load", good_dump, "--db", existing_store)
    assert status == 0, err
    assert "loaded project 'Millbrook' (3 waves)" in out
    store = open_store(existing_store)
    try:
        assert store.wave_names("Millbrook") == ["2025 baseline", "2026 follow-up", "spaces"]
        info = store.wave_info("Millbrook", "2025 baseline")
        assert info.notes == "first map\nkept with an ESC \x1b here" and info.version == 4 and not info.directed
        assert info.options == {"weighted": True}
        assert store.load_table("Millbrook", "2025 baseline", "aliases")["score"].tolist() == [0.875]
        assert len(store.load_network("Millbrook", "spaces").affiliations) == 248
    finally:
        store.close()


def test_a_row_added_in_the_middle_replays_to_the_same_table(good_dump, existing_store, tmp_path, monkeypatch,
                                                             capsys):
    dump = tmp_path / "dump"
    shutil.copytree(good_dump, dump, symlinks=True)
    actor_added_first(dump, monkeypatch)
    status, _, err = run(capsys, "project", "load", dump, "--db", existing_store)
    assert status == 0, err
    store = open_store(existing_store)
    try:
        actors, _ = store.wave_frames("Millbrook", "2025 baseline")
        assert actors["id"].tolist() == ["zed", "007", "010", "hub", "école"]
    finally:
        store.close()


HOSTILE_ON_POSTGRESQL = ["directed-text-false", "cell-esc", "cell-lone-surrogate", "revision-summary-nul",
                         "file-name-nul", "weight-not-a-number", "file-link-to-etc-hostname", "project-exists"]


def test_hostile_dumps_leave_a_postgresql_store_unchanged(good_dump, pg_url, tmp_path, write, monkeypatch, capsys):
    """NUL and lone surrogates are what PostgreSQL itself would refuse mid-load; the rest are
    the issue's own examples."""
    store = open_store(pg_url)
    store.create_project("Other")
    store.add_wave("Other", "w", read_network(write("t.csv", TIES), write("a.csv", ACTORS)))
    store.close()
    before = everything(pg_url.replace("postgresql://", "postgresql+psycopg://"))
    cases = {name: (mutate, message) for name, mutate, message in CASES}
    for name in HOSTILE_ON_POSTGRESQL:
        mutate, message = cases[name]
        dump = tmp_path / name
        shutil.copytree(good_dump, dump, symlinks=True)
        mutate(dump, monkeypatch)
        status, _, err = run(capsys, "project", "load", dump, "--db", pg_url)
        assert status == 2 and message in err and err.count("\n") == 1, (name, err)
    assert everything(pg_url.replace("postgresql://", "postgresql+psycopg://")) == before
    status, _, err = run(capsys, "project", "load", good_dump, "--db", pg_url)
    assert status == 0, err
