"""The steps ``analyse`` and ``report`` share, once: read the files (or a stored wave), check
the output folder before anything is computed, analyse, and afterwards say what was written.

Each command then only writes its own files (:func:`netmap.outputs.folder.write_analysis` or
:func:`~netmap.outputs.folder.export_bundle`) between :func:`analysed` and :func:`finish`.
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netmap.cli.options import (
    analysis_options,
    confirmed_network,
    freeze_imports,
    network_from_store,
    prepare_output,
    print_changes,
    print_key_note,
    pseudonym_key,
    reading_options,
    remember_options,
    resampled,
    set_aside_path,
    spaces_sources,
    with_meets_at,
    write_set_aside,
)
from netmap.cli.team import record_export
from netmap.errors import InputError, ValidationFailed

if TYPE_CHECKING:
    from netmap.analysis import Analysis
    from netmap.network import StakeholderNetwork
    from netmap.validate import ValidationReport

__all__ = ["Analysed", "analysed", "finish"]


@dataclass(frozen=True)
class Analysed:
    """What a command needs to write its files: the analysis, the reading report (None for a
    stored wave), the pseudonym key and the columns kept, and where the key table goes."""

    network: StakeholderNetwork
    validation: ValidationReport | None
    result: Analysis
    key: str | None
    keep: tuple[str, ...]
    key_out: Path | None
    set_aside: Path | None
    #: (--db, project, wave) when the network is a stored wave: what is written is an export, audited
    stored: tuple[str | None, str, str] | None = None


def analysed(args: argparse.Namespace, names: tuple[str, ...]) -> Analysed:
    """Read, check ``--out`` for the files ``names`` and analyse; netmap's earlier files in
    ``--out`` are removed only once the analysis has succeeded (a failed run keeps them)."""
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.analysis import analyse
    from netmap.network import load_network
    from netmap.outputs.folder import remove_earlier

    freeze_imports()
    options = analysis_options(args)
    reading = reading_options(args)
    network, validation = network_from_store(args), None
    if network is not None and (args.skip_bad_rows or args.combine != "sum"):
        raise InputError("--skip-bad-rows and --combine apply when reading files, not to a stored wave")
    if network is None:
        network, validation = load_network(args.ties, args.actors, directed=args.directed, **spaces_sources(args),
                                           **reading)
        if network is None:
            raise ValidationFailed(validation)
    key = pseudonym_key(args)
    set_aside = set_aside_path(args, key)
    keep, key_out, earlier = prepare_output(args, key, names, network)
    result = resampled(args, analyse(with_meets_at(confirmed_network(args, network), args), options=options))
    remember_options(args, options)
    remove_earlier(earlier)
    stored = (args.db, args.project, args.wave) if validation is None else None
    return Analysed(network, validation, result, key, keep, key_out, set_aside, stored)


def finish(run: Analysed, written: list[Path], where: str, lines: list[Any] = ()) -> None:
    """Say what reading changed (``where`` every row is listed), the rows set aside, the
    command's own ``lines``, the analysis's notes and the files written; write the rows set
    aside last, so that a problem writing them cannot lose the results."""
    set_aside_line = write_set_aside(run.validation, run.set_aside, run.key) if run.validation is not None else ""
    print_changes(run.network, where)
    if set_aside_line:
        print(set_aside_line)
    for line in lines:
        print(line)
    for note in run.result.notes:
        print(f"note: {note}")
    print("wrote " + ", ".join(str(p) for p in written))
    if run.key:
        print_key_note(run.key_out)
    if run.stored is not None:
        db, project, wave = run.stored
        record_export(db, project, "analysis of a stored wave", written, bool(run.key), {"wave": wave})
