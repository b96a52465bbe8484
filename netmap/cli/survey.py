"""``python -m netmap survey``: questionnaire exports → actors, ties and every decision about names."""
from __future__ import annotations

import argparse
from pathlib import Path

from netmap.cli.options import SURVEY_FORMATS
from netmap.errors import InputError

__all__ = ["add_parser", "run"]

#: Notes printed (the report keeps every one): a file of 200,000 rows could otherwise print as many lines.
_NOTES = 25


def add_parser(commands) -> None:
    """Register the ``survey`` subcommand on the CLI's subparsers."""
    survey = commands.add_parser(
        "survey", help="turn questionnaire exports into actors.csv and ties.csv, reconciling typed names",
        description="Read survey exports (Google/Microsoft Forms, SurveyMonkey, Qualtrics, KoboToolbox: wide, "
                    "long or roster-matrix CSV/XLSX; Network Canvas CSV files or GraphML), match the names people "
                    "typed to the roster (or to each other), and write into DIR: actors.csv and ties.csv (ready for "
                    "'validate' and 'analyse'; ties have type, reported_by, confirmed), aliases.csv (every decision: "
                    "roster / auto / review / new / person), review.csv (names a person should check, best "
                    "candidate first) and survey_report.json (respondents, response rate, names mentioned, capped "
                    "respondents, questions). Give back an edited aliases.csv with --aliases: rows whose decision "
                    "is 'person' are applied as they are.",
    )
    survey.add_argument("responses", metavar="RESPONSES", nargs="+",
                        help="survey export file(s): .csv, .tsv, .xlsx, or Network Canvas _ego/_attributeList_/"
                             "_edgeList_ CSV files or .graphml")
    survey.add_argument("--format", choices=SURVEY_FORMATS, default="auto",
                        help="shape of the export (default auto: recognised from the columns)")
    survey.add_argument("--roster", metavar="ACTORS", help="actors file (id, name, attributes) to match names to")
    survey.add_argument("--respondent", metavar="COLUMN", help="column naming the respondent (default: recognised)")
    survey.add_argument("--aliases", metavar="ALIASES.csv", help="aliases file from an earlier run, with a person's "
                                                                 "decisions (decision 'person')")
    survey.add_argument("--names", metavar="COLUMNS",
                        help="wide format: comma-separated columns (or column prefixes) that hold names, when they "
                             "are not recognised or were read as free text (the report lists those)")
    survey.add_argument("--tie-type", metavar="QUESTION=TYPE", action="append", default=[],
                        help="call a question's ties TYPE (QUESTION is its short type or its text); repeatable")
    survey.add_argument("--db", metavar="DB", help="project store (file path or postgresql:// URL; default: "
                                                   "NETMAP_DB, else the store in your data folder), with --project")
    survey.add_argument("--project", metavar="NAME",
                        help="keep the result as a wave of this project (with --wave): actors, ties, the files "
                             "given and every decision about names (aliases); without --aliases, the decisions a "
                             "person made on the project's latest wave that has them are applied again")
    survey.add_argument("--wave", metavar="WAVE", help="name of the new wave (with --project)")
    survey.add_argument("--out", metavar="DIR", required=True, help="folder to write to (created)")
    survey.add_argument("--force", action="store_true",
                        help="write into a non-empty --out folder: netmap's own earlier files there are replaced "
                             "(other files are kept). Without it a non-empty folder is refused, so an aliases.csv "
                             "you edited is never written over")
    survey.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.intake.survey import build_survey
    from netmap.outputs.folder import SURVEY_FILES, prepare_out, write_survey

    tie_types = {}
    for item in args.tie_type:
        question, sep, kind = item.rpartition("=")
        if not sep or not question.strip() or not kind.strip():
            raise InputError(f"--tie-type takes QUESTION=TYPE, not '{item}'")
        tie_types[question.strip()] = kind.strip()
    names = [n.strip() for n in args.names.split(",") if n.strip()] if args.names else None
    if bool(args.project) != bool(args.wave):
        raise InputError("keeping the survey in a project needs both --project and --wave")
    aliases = args.aliases or (_stored_aliases(args) if args.project else None)
    inputs = list(args.responses) + [p for p in (args.roster, args.aliases) if p]
    prepare_out(Path(args.out), SURVEY_FILES, inputs=inputs, force=args.force)  # refuse before the work
    result = build_survey(args.responses, format=args.format, roster=args.roster, respondent=args.respondent,
                          aliases=aliases, names=names, tie_types=tie_types or None)
    written = write_survey(result, Path(args.out), inputs, force=args.force)
    if args.project:
        _keep_wave(args, result, Path(args.out))
    r = result.report
    rate = f", response rate {r['response_rate']:.0%} of a roster of {r['roster_size']}" if r["response_rate"] \
        is not None else ""
    print(f"read {r['respondents']} respondent(s) ({r['format']}){rate}; {r['names_mentioned']} names typed, "
          f"{r['distinct_names']} distinct")
    print(f"actors: {r['actors_found']}; ties: {r['ties']} ({r['confirmed_ties']} confirmed by both people)")
    print(f"names matched automatically: {r['auto_merged']}; for a person to review: {r['to_review']} "
          f"(review.csv)")
    if r["capped_respondents"]:
        print(f"{r['capped_respondents']} respondent(s) named as many people as the form allowed: their ties "
              "may be cut short")
    for f in r["questions_read_as_free_text"]:
        print(f"read as free text, not names: '{f['column']}' ({f['answers']} answers withheld from every file); "
              f"if it asks for people: --names \"{f['column']}\"")
    if r["free_text_answers_withheld"]:
        print(f"free text withheld: {r['free_text_answers_withheld']} answer(s), in no file written")
    for line in r["issues"][:_NOTES]:
        print(f"note: {line}")
    if len(r["issues"]) > _NOTES:
        print(f"note: … and {len(r['issues']) - _NOTES:,} more notes, every one in survey_report.json (issues)")
    print("wrote " + ", ".join(str(p) for p in written))
    return 0


def _stored_aliases(args: argparse.Namespace):
    """The aliases table of the project's latest wave that has one (a person's decisions to
    apply again to this wave of the same survey), or None."""
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.store import open_store

    with open_store(args.db) as store:
        for wave in reversed(store.wave_names(args.project)):
            table = store.load_table(args.project, wave, "aliases")
            if table is not None:
                print(f"applying the decisions about names kept with wave '{wave}' ({len(table)} rows)")
                return table
    return None


def _keep_wave(args: argparse.Namespace, result, out: Path) -> None:
    """Store the survey's network as a new wave, with the files given and the aliases table,
    in one transaction (the same validation as ``project add-wave``)."""
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.formats.spreadsheets import read_bytes, source_name
    from netmap.intake.reconcile import ALIAS_COLUMNS
    from netmap.network import load_network
    from netmap.store import SourceFile, open_store

    network, report = load_network(out / "ties.csv", out / "actors.csv")  # one tie per pair, as analyse reads it
    if network is None:
        # loaded when the command runs, so that `netmap --help` answers at once
        from netmap.errors import ValidationFailed

        raise ValidationFailed(report)
    files = [SourceFile.of("responses", source_name(f), read_bytes(f)) for f in args.responses]
    files += [SourceFile.of(role, source_name(f), read_bytes(f))
              for role, f in (("roster", args.roster), ("aliases", args.aliases)) if f]
    with open_store(args.db) as store:
        info = store.add_wave(args.project, args.wave, network, files=files,
                              tables={"aliases": result.aliases[ALIAS_COLUMNS]})
        print(f"kept as wave '{info.name}' of project '{info.project}' ({info.actors} actors, {info.ties} ties, "
              f"{len(result.aliases)} decisions about names) in {store.where}")
