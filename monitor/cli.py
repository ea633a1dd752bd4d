"""The ``marsad`` command line: one entry point, one sub-command per service.

Each stage of the pipeline registers its own sub-commands from its ``commands.py``; this module only
assembles them. Handlers import their heavy dependencies (Faust, aiokafka) lazily, so
``marsad --help`` and ``marsad analyze`` start fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from monitor import __version__, analysis_build

# poll -> raw topic -> analyse -> incidents/alerts -> sinks, plus the tools around them.
_COMMAND_MODULES = (
    "monitor.runner",  # run, broker
    "monitor.poll.commands",  # poll
    "streams.commands",  # worker
    "monitor.analysis.commands",  # analyze, eval
    "monitor.incidents.commands",  # profiles check
    "monitor.sinks.commands",  # alerts tail
    "monitor.replay.commands",  # replay
)

_CHATTY_LIBRARIES = ("faust", "mode", "aiokafka", "streams.app")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="marsad",
        description="Marsad: stream monitor of Arabic news for US/coalition vs Iran-aligned "
        "incidents in Syria. Configuration comes from MARSAD_* environment variables.",
    )
    build = "compiled" if analysis_build() == "compiled" else "pure Python"
    parser.add_argument(
        "--version", action="version", version=f"marsad {__version__} (analysis: {build})"
    )
    parser.add_argument("--log-level", default=None, help="DEBUG, INFO, WARNING (MARSAD_LOG_LEVEL)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a real missing dependency inside the module: say so
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from monitor.settings import Settings

    level = args.log_level or Settings().log_level
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
        # Faust, mode and aiokafka narrate every start-up step at INFO; an operator wants our
        # lines and their warnings. --log-level DEBUG brings them all back.
        for name in _CHATTY_LIBRARIES:
            logging.getLogger(name).setLevel(logging.WARNING)
    try:
        code = args.handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `marsad analyze x | head`
        return 0
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
