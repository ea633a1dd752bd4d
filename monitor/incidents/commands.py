"""``marsad profiles check FILE``: validate a watch profiles file before deploying it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("profiles", help="watch profiles (which incidents raise alerts)")
    psub = p.add_subparsers(dest="profiles_command", metavar="SUBCOMMAND", required=True)
    c = psub.add_parser(
        "check",
        help="validate a profiles YAML file",
        description="Validate a watch profiles file (profiles and severity table). Errors name "
        "the file, the line, the entry and the field; the exit status is 1 when the file is bad.",
    )
    c.add_argument("file", type=Path, metavar="FILE", help="profiles YAML ('-' for stdin)")
    c.set_defaults(handler=_check)


def _check(args: argparse.Namespace) -> int:
    from monitor.incidents.profiles import ProfileFileError, load_profiles, parse_profiles

    try:
        if str(args.file) == "-":
            ps = parse_profiles(sys.stdin.read(), "<stdin>")
        else:
            ps = load_profiles(args.file)
    except ProfileFileError as exc:
        print(f"marsad profiles check: {exc}", file=sys.stderr)
        return 1
    rules = "the built-in" if ps.severity is None else str(len(ps.severity))
    print(f"{args.file}: ok, {len(ps.profiles)} profile(s), {rules} severity rule(s)")
    for p in ps.profiles:
        sides = ", ".join(p.sides) or "any side"
        places = len(p.places) or "anywhere"
        print(f"  {p.name}: sides {sides}; places {places}; min severity {p.min_severity}")
    return 0
