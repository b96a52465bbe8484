"""The command line's shared-spaces options (``--affiliations``, ``--spaces``, ``--meets-at``),
kept apart from :mod:`netmap.cli` so that file only registers them."""
from __future__ import annotations

import argparse

from .affiliations import COPRESENCE_CAP, with_copresence
from .errors import InputError

__all__ = ["add_arguments", "sources", "prepare", "describe", "validate_lines"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--affiliations", metavar="FILE",
                        help="who uses, belongs to or attends which shared space: one row per actor and space "
                             "(actor/person/member, space/place/venue/event; optional weight or frequency, role, "
                             "date). With it, TIES may be left out: the actor network is then who meets whom")
    parser.add_argument("--spaces", metavar="FILE",
                        help="the shared spaces: id, name, kind, capacity, offers (hall, rooms …), owner, any other "
                             "attribute")
    parser.add_argument("--meets-at", metavar="CAP", type=int, nargs="?", const=COPRESENCE_CAP, default=None,
                        help="also count meeting at a shared space as a tie (type 'meets at', weight 1/(users − 1) per "
                             f"shared space, Newman 2001) for every other analysis; spaces with more than CAP users "
                             f"(default {COPRESENCE_CAP}) make no such ties")


def sources(args: argparse.Namespace) -> dict:
    """The keyword arguments :func:`netmap.network.load_network` takes for the second mode."""
    if args.ties is None and args.affiliations is None:
        raise InputError("give a TIES file, or --affiliations FILE (or both)")
    if args.spaces and not args.affiliations:
        raise InputError("--spaces needs --affiliations FILE saying who uses each space")
    return {"affiliations": args.affiliations, "spaces": args.spaces}


def prepare(network, args: argparse.Namespace):
    """The network with "meets at" ties added when ``--meets-at`` was given."""
    if getattr(args, "meets_at", None) is None:
        return network
    if args.meets_at < 2:
        raise InputError("--meets-at takes the largest space (in users) whose users count as meeting, 2 or more")
    if network.affiliations is None:
        raise InputError("--meets-at needs --affiliations FILE")
    network, skipped = with_copresence(network, args.meets_at)
    if skipped:
        print(f"note: {len(skipped)} space(s) with more than {args.meets_at} users make no 'meets at' ties")
    return network


def validate_lines(network) -> list[str]:
    """Lines for ``validate``: the second mode's counts."""
    if network.affiliations is None:
        return []
    return [f"  spaces:   {len(network.spaces)} ({len(network.affiliations)} affiliations)"]


def describe(result) -> list[str]:
    """Lines for the terminal: the top shared spaces and the under-used ones."""
    if result.spaces is None:
        return []
    table = result.spaces.spaces
    lines = []
    top = table[table["shared_space_score"] > 0].head(3)
    if len(top):
        lines.append("shared spaces: " + "; ".join(f"{i + 1}. {r.name}" for i, r in enumerate(top.itertuples())))
    under = table[table["under_used_score"] >= 0.5].sort_values("under_used_score", ascending=False).head(3)
    if len(under):
        lines.append("under-used spaces: " + "; ".join(str(n) for n in under["name"]))
    return lines
