"""``python -m netmap collect``: netmap's own questionnaire, from opening to the wave it builds.

::

    netmap collect open NAME WAVE --questionnaire Q.yaml --roster ROSTER.csv [--places SPACES.csv]
    netmap collect links NAME WAVE --base-url URL --out invitations.csv [--sheet invitations.html]
    netmap collect serve [--address 127.0.0.1] [--port 8502]
    netmap collect status NAME WAVE [--json] [--reminders FILE.csv]
    netmap collect close NAME WAVE [--out DIR]

Every subcommand takes ``--db``. The server is its own process (uvicorn running
``netmap.collect.app:create_app``), as the app is Streamlit's: the command line does not
import it.
"""
from __future__ import annotations

import argparse
import ipaddress
import json
import os
import sys
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

from netmap.cli.options import DB_HELP
from netmap.errors import InputError

__all__ = ["DEFAULT_PORT", "add_parser", "serve_command"]

DEFAULT_PORT = 8502


def add_parser(commands) -> None:
    """Register ``collect`` and its subcommands."""
    collect = commands.add_parser(
        "collect", help="ask the people in the map: netmap's own questionnaire, with a link for each person",
        description="Collect a wave of a project with netmap's own questionnaire: open it for a wave with a "
                    "questionnaire file and a roster, make one unguessable link per person (and a drop-in link), "
                    "serve the questionnaire, follow who has answered, and close it to build the wave. See "
                    "docs/collect.md.")
    sub = collect.add_subparsers(dest="collect_command", metavar="SUBCOMMAND", required=True)

    def common(parser: argparse.ArgumentParser, wave: bool = True) -> None:
        if wave:
            parser.add_argument("project", metavar="NAME", help="the project (made with 'netmap project create')")
            parser.add_argument("wave", metavar="WAVE", help="the wave the answers become")
        parser.add_argument("--db", metavar="DB", help=DB_HELP)

    opening = sub.add_parser("open", help="open a questionnaire for a new wave of a project",
                             description="Check the questionnaire file, the roster (an actors file: id, name, "
                                         "attributes) and the places (a spaces file), and open a collection for a "
                                         "new wave. Nothing is asked until links are made and the server runs.")
    common(opening)
    opening.add_argument("--questionnaire", metavar="Q.yaml", required=True, help="the questionnaire (YAML)")
    opening.add_argument("--roster", metavar="ROSTER.csv", required=True,
                         help="who may answer, and whose names are offered as people type (at most 1,000)")
    opening.add_argument("--places", metavar="SPACES.csv", help="places offered as people type (a spaces file)")
    opening.set_defaults(run=run_open)

    links = sub.add_parser("links", help="make one link per person, for mail merge and a printed sheet",
                           description="Make one unguessable link per person on the roster and one drop-in link "
                                       "(a facilitator picks who is answering). The store keeps only a hash of each "
                                       "link: the links exist only in the files written here. Whoever holds a link "
                                       "can answer as its person.")
    common(links)
    links.add_argument("--base-url", metavar="URL", required=True,
                       help="the address people reach the server at, e.g. https://survey.example.org")
    links.add_argument("--out", metavar="invitations.csv", required=True,
                       help="the mail-merge file: the roster's columns and each person's link")
    links.add_argument("--sheet", metavar="invitations.html", help="also a printable sheet: one card and QR code per "
                                                                   "person, the drop-in link first")
    links.add_argument("--reissue", action="store_true",
                       help="make new links although links were made before: every earlier link stops working "
                            "(answers already saved stay with their person)")
    links.add_argument("--force", action="store_true", help="write over existing --out and --sheet files")
    links.set_defaults(run=run_links)

    serve = sub.add_parser("serve", help="serve the open questionnaires (plain HTML, for residents)",
                           description="Serve every open questionnaire of the store. It shows only the questionnaire, "
                                       "behind each person's link; it shows no analysis and no one else's answers. "
                                       "Beyond this computer, put it behind HTTPS (a reverse proxy). Stop it with "
                                       "Ctrl+C.")
    common(serve, wave=False)
    serve.add_argument("--address", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this "
                                                                "computer only)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    serve.set_defaults(run=run_serve)

    status = sub.add_parser("status", help="who has answered: response rate overall and by group, who to remind",
                            description="Invited, started, sent and withdrawn; the response rate overall and by "
                                        "group; and the names of the people to remind. For the team only.")
    common(status)
    status.add_argument("--json", action="store_true", help="print JSON instead of text")
    status.add_argument("--reminders", metavar="FILE.csv",
                        help="write who to remind (their roster rows and how far they got) to this file, for the "
                             "team to send reminders; it names people, so it is kept from others like the links")
    status.add_argument("--force", action="store_true", help="write over an existing --reminders file")
    status.add_argument("--group-by", metavar="COLUMN", help="roster column to give the rate by (default: the "
                                                             "questionnaire's group_by)")
    status.set_defaults(run=run_status)

    close = sub.add_parser("close", help="stop taking answers and build the wave",
                           description="Stop taking answers and build the wave from the answers sent: actors with "
                                       "respondents' attributes, offers and needs; ties with type, weight, "
                                       "reported_by and confirmed; affiliations to places. Typed names go through the "
                                       "same matching and review as 'netmap survey'; the decisions kept with the "
                                       "project's latest wave are applied again. The wave is validated as every file "
                                       "is. Links stop working.")
    common(close)
    close.add_argument("--include-started", action="store_true",
                       help="also use the answers of people who started and did not press 'Send' (when they sent "
                            "none)")
    close.add_argument("--aliases", metavar="ALIASES.csv", help="decisions about names (decision 'person') to apply, "
                                                                "instead of those kept with the project")
    close.add_argument("--out", metavar="DIR", help="also write the survey files (actors.csv, ties.csv, aliases.csv, "
                                                    "review.csv, survey_report.json) into DIR")
    close.add_argument("--force", action="store_true", help="write into a non-empty --out folder")
    close.add_argument("--preview", action="store_true",
                       help="build the wave from the answers so far without closing or storing anything (with "
                            "--out, to review the names first)")
    close.set_defaults(run=run_close)


def _store(args: argparse.Namespace):
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.store import open_store

    return open_store(args.db)


def run_open(args: argparse.Namespace) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.questionnaire import QuestionnaireError
    from netmap.questionnaire.invitations import open_collection

    try:
        with _store(args) as store:
            opened = open_collection(store, args.project, args.wave, args.questionnaire, args.roster, args.places)
    except QuestionnaireError as exc:  # every problem of the file, one line each
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    print(opened.summary())
    for note in opened.notes:
        print(f"note: {note}")
    print(f"next: netmap collect links '{args.project}' '{args.wave}' --base-url URL --out invitations.csv")
    return 0


def run_links(args: argparse.Namespace) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.cli.team import record_export
    from netmap.formats.files import write_bytes, write_text
    from netmap.questionnaire.invitations import check_base_url, invitation_sheet, invitations_csv, issue_links

    check_base_url(args.base_url)
    outputs = [Path(p) for p in (args.out, args.sheet) if p]
    for path in outputs:
        if path.exists() and not args.force:
            raise InputError(f"{path} exists; links are secrets, so netmap does not write over a file of them "
                             "without --force")
    with _store(args) as store:
        invitations = issue_links(store, args.project, args.wave, args.base_url, reissue=args.reissue)
        written = [write_bytes(args.out, invitations_csv(invitations))]
        if args.sheet:
            written.append(write_text(args.sheet, invitation_sheet(invitations)))
        # the files name everyone on the roster: an export, as every other file of names from a store
        record_export(store, args.project, "invitations", written, detail={"wave": args.wave})
    for path in written:
        try:
            os.chmod(path, 0o600)  # links are secrets: readable by their owner only
        except OSError:
            pass
    print(f"made {len(invitations.rows)} personal links and one drop-in link; wrote " + ", ".join(map(str, written)))
    print(f"drop-in link (for a facilitator; anyone with it can answer as anyone on the roster): {invitations.dropin}")
    print("the store keeps only a hash of each link: keep these files safe, and send each person only their own")
    if args.base_url.startswith("http://") and not _loopback_url(args.base_url):
        print("warning: the links use http://, so they can be read on the way; serve the questionnaire over https")
    return 0


def _loopback_url(url: str) -> bool:
    return _loopback(urlsplit(url).hostname or "")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_command(address: str, port: int) -> list[str]:
    """The uvicorn command line of the questionnaire server (the store comes from NETMAP_DB)."""
    return [sys.executable, "-m", "uvicorn", "netmap.collect.app:create_app", "--factory", "--host", address,
            "--port", str(port), "--no-access-log",  # the access log would write every link (a secret) down
            "--workers", "1",  # the rate limits are counted in this process: never one count per worker (WEB_CONCURRENCY)
            "--proxy-headers", "--forwarded-allow-ips", "127.0.0.1", "--timeout-keep-alive", "5",
            "--limit-concurrency", "400", "--h11-max-incomplete-event-size", "16384", "--no-server-header"]


def run_serve(args: argparse.Namespace) -> NoReturn:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.store.collections import Collections

    if not 0 < args.port < 65536:
        raise InputError(f"--port {args.port} is not a port (1 to 65535)")
    with _store(args) as store:
        where = store.where
        collections = [c for c in Collections(store).all() if c.state == "open"]
    shown = ", ".join(f"'{c.project}' / '{c.wave}'" for c in collections) or "none yet (open one with 'netmap collect "\
                                                                               "open')"
    print(f"serving the questionnaires of {where}: {shown}")
    print(f"on http://{args.address}:{args.port}/ (stop with Ctrl+C)")
    if not _loopback(args.address):
        print("note: listening beyond this computer; put the server behind HTTPS (a reverse proxy) before sending "
              "links")
    sys.stdout.flush()
    env = dict(os.environ, **({"NETMAP_DB": args.db} if args.db else {}))  # the server opens the same store
    command = serve_command(args.address, args.port)
    os.execve(command[0], command, env)  # the server replaces this process: Ctrl+C or a signal stops it


def run_status(args: argparse.Namespace) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.cli.team import record_export  # noqa: I001 (each import says why it is here)
    from netmap.formats.files import write_csv  # as above: when the command runs
    from netmap.questionnaire.status import STATES, collection_status, reminder_table  # as above
    from netmap.words import plural  # as above

    reminders = Path(args.reminders) if args.reminders else None
    if reminders is not None and reminders.exists() and not args.force:
        raise InputError(f"{reminders} exists; netmap does not write over it without --force")
    with _store(args) as store:
        status = collection_status(store, args.project, args.wave, args.group_by)
        if reminders is not None:
            write_csv(reminders, reminder_table(store, status))
            os.chmod(reminders, 0o600)  # names and contact details: readable by their owner only
            record_export(store, args.project, "reminders", [reminders], detail={"wave": args.wave})
    if reminders is not None:
        print(f"wrote {reminders} ({plural(len(status.to_remind), 'person', 'people')} to remind)")
    if args.json:
        print(json.dumps(status.as_dict(), indent=2, ensure_ascii=False))
        return 0
    rate = f"{status.response_rate:.0%}" if status.response_rate is not None else "no one invited yet"
    print(f"'{status.title}' for wave '{status.wave}' of '{status.project}' ({status.state})")
    print("  " + "; ".join(f"{state}: {status.counts[state]}" for state in STATES))
    print(f"  response rate: {rate} ({status.counts['submitted']} sent of {status.invited} invited)")
    for g in status.groups:
        shown = f"{g.response_rate:.0%}" if g.response_rate is not None else "–"
        print(f"  {status.group_by} {g.group}: {shown} ({g.submitted} of {g.invited})")
    if status.to_remind:
        print(f"to remind ({len(status.to_remind)}): "
              + "; ".join(f"{p['name']} ({p['state']})" for p in status.to_remind))
    return 0


def run_close(args: argparse.Namespace) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.outputs.folder import SURVEY_FILES, prepare_out, write_survey
    from netmap.questionnaire.build import close_collection, close_summary

    if args.out:  # refused before anything is closed
        prepare_out(Path(args.out), SURVEY_FILES, inputs=[p for p in (args.aliases,) if p], force=args.force)
    with _store(args) as store:
        closed = close_collection(store, args.project, args.wave, include_started=args.include_started,
                                  aliases=args.aliases, preview=args.preview)
        where = store.where
    for line in close_summary(closed, preview=args.preview):
        print(line)
    if closed.collected is None:
        return 0
    r = closed.collected.survey.report
    if r["to_review"]:
        print("the names to review are in review.csv" if args.out else "see the names to review with --preview --out DIR")
    if closed.left_out.get("started") and not args.include_started:
        print("--include-started uses the answers of those who started and did not send")
    if args.out:
        written = write_survey(closed.collected.survey, Path(args.out), [p for p in (args.aliases,) if p], force=args.force)
        print("wrote " + ", ".join(str(p) for p in written))
    if not args.preview:
        print(f"kept as wave '{closed.wave.name}' of project '{args.project}' in {where}; the collection is closed "
              "and its links no longer open")
    return 0
