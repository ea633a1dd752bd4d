"""``marsad analyze`` (NewsItem JSON Lines -> Analysis JSON Lines, no Kafka) and ``marsad eval``."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import IO, Any

__all__ = ["register"]

_METRICS = ("relevance", "admin1", "casualties", "sides", "event_types")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "analyze",
        help="analyse NewsItem JSON Lines (file or -) and print Analysis JSON Lines; no Kafka",
        description="Read NewsItem records, one JSON object per line, and write one Analysis per "
        "line to stdout. A bad line is reported on stderr with its line number; every good "
        "line is still analysed, and the exit status is 1 if any line was bad.",
    )
    p.add_argument("source", help="JSON Lines file of NewsItem records, or - for stdin")
    p.add_argument("--gazetteer", type=Path, default=None, help="extra gazetteer JSON/YAML file")
    p.set_defaults(handler=_analyze)

    e = sub.add_parser(
        "eval",
        help="score the engine on a labelled corpus (../shared/corpus format)",
        description="Convert CORPUS.jsonl to NewsItems with score.py, analyse them, print the "
        "scorer's table. Exit status 1 when a metric is below its --min-*-f1 bar.",
    )
    e.add_argument("corpus", type=Path, help="labelled corpus, JSON Lines (e.g. dev.jsonl)")
    e.add_argument(
        "--scorer",
        type=Path,
        default=None,
        help="path to score.py (default: score.py next to the corpus)",
    )
    e.add_argument("--json", action="store_true", help="print the scorer's JSON instead")
    e.add_argument("--keep", type=Path, default=None, help="write the analyses to this file too")
    for name in _METRICS:
        flag = name.replace("_", "-")
        e.add_argument(f"--min-{flag}-f1", type=float, default=0.0, help=f"bar for {name} F1")
    e.set_defaults(handler=_eval)


def _analyzer(gazetteer: Path | None) -> Any:
    from monitor.analysis import Analyzer, default_analyzer

    if gazetteer is None:
        return default_analyzer()
    from monitor.analysis.gazetteer import load_gazetteer

    return Analyzer(gazetteer=load_gazetteer(extra=gazetteer))


def analyse_stream(lines: IO[str], out: IO[bytes], err: IO[str], analyzer: Any, name: str) -> int:
    """Analyse each line; return the number of bad lines (reported on ``err``): lines that are
    no NewsItem, and items the engine failed on (a defect: reported with the item id, and the
    other lines are still analysed).

    A line whose only defect is a timestamp that is not ISO 8601 (labelled corpora date some
    texts loosely: ``"2022-01 (...)"``) is analysed anyway, with the timestamp read as far as it
    goes and a warning naming the line: losing a whole article over a loose date would be worse
    than a date at month precision.
    """
    from monitor.models import RecordError, dumps, loads_news_item_lenient

    bad = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item, note = loads_news_item_lenient(line)
        except RecordError as exc:
            bad += 1
            print(f"{name}:{number}: {exc}", file=err)
            continue
        if note:
            print(f"{name}:{number}: warning: {note}", file=err)
        try:
            analysis = analyzer.analyse(item)
        except Exception as exc:  # a defect of the engine: say which item, go on with the rest
            bad += 1
            print(
                f"{name}:{number}: analysis of {item.item_id} failed: {type(exc).__name__}: {exc}",
                file=err,
            )
            continue
        out.write(dumps(analysis) + b"\n")
    return bad


def _analyze(args: argparse.Namespace) -> int:
    try:
        analyzer = _analyzer(args.gazetteer)
    except (OSError, ValueError) as exc:
        print(f"marsad analyze: {exc}", file=sys.stderr)
        return 2
    if args.source == "-":
        bad = analyse_stream(sys.stdin, sys.stdout.buffer, sys.stderr, analyzer, "<stdin>")
    else:
        try:
            with open(args.source, encoding="utf-8") as fh:
                bad = analyse_stream(fh, sys.stdout.buffer, sys.stderr, analyzer, args.source)
        except OSError as exc:
            print(f"marsad analyze: cannot read {args.source}: {exc.strerror}", file=sys.stderr)
            return 2
        except UnicodeDecodeError as exc:
            print(f"marsad analyze: {args.source} is not UTF-8: {exc}", file=sys.stderr)
            return 2
    sys.stdout.buffer.flush()
    if bad:
        print(f"marsad analyze: {bad} bad line(s)", file=sys.stderr)
    return 1 if bad else 0


def _eval(args: argparse.Namespace) -> int:
    corpus: Path = args.corpus
    scorer: Path = args.scorer or corpus.parent / "score.py"
    if not corpus.is_file():
        print(f"marsad eval: no corpus at {corpus}", file=sys.stderr)
        return 2
    if not scorer.is_file():
        print(f"marsad eval: no scorer at {scorer} (pass --scorer)", file=sys.stderr)
        return 2
    items = subprocess.run(
        [sys.executable, str(scorer), "items", str(corpus)],
        capture_output=True,
        text=True,
        check=False,
    )
    if items.returncode != 0:
        print(f"marsad eval: score.py items failed: {items.stderr.strip()}", file=sys.stderr)
        return 2
    import io

    analyzer = _analyzer(None)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.keep) if args.keep else Path(tmp) / "analysis.jsonl"
        with open(path, "wb") as out:
            bad = analyse_stream(io.StringIO(items.stdout), out, sys.stderr, analyzer, "items")
        if bad:
            return 2
        cmd = [sys.executable, str(scorer), "score", str(corpus), str(path)]
        if args.json:
            cmd.append("--json")
        for name in _METRICS:
            cmd += [f"--min-{name.replace('_', '-')}-f1", str(getattr(args, f"min_{name}_f1"))]
        result = subprocess.run(cmd, check=False)
    return result.returncode
