"""``marsad replay SOURCE...``: history back through the same pipeline.

Exit status: 0 when everything was sent (and, when waiting, processed); 1 when some input was
bad (reported with file:line, the rest is still replayed) or ``--wait`` timed out; 2 when the
replay could not run at all (bad arguments, missing source, broker or worker failure).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

_EPILOG = """\
examples:
  marsad replay .marsad/archive/news-2024-02-03.jsonl.gz --into feb3
  marsad replay .marsad/archive --into backfill --rate 200
  marsad replay kafka:marsad.news.raw --since 2024-02-03T00:00Z --until 24h --into audit
  marsad replay recorded-feeds/ --feeds feeds.yaml --speed 60 --into rerun
  marsad replay yesterday.jsonl.gz --live --no-worker      # live namespace, live worker serves it

SOURCE: the poller's archive (directory or files), JSON Lines of NewsItems (.jsonl, .jsonl.gz,
'-' for stdin), a directory of recorded RSS/Atom documents (feed id from the file or folder
name, or --feed-id), or kafka:TOPIC (with --since/--until).
"""


def register(sub: Any) -> None:
    p = sub.add_parser(
        "replay",
        help="replay an archive, JSON Lines, feed documents or a topic range through the pipeline",
        description="Replay history through the same pipeline into its own topic namespace "
        "(<prefix>replay.NAME.*), pacing as asked, and run the worker for it. Same input "
        "replayed into fresh namespaces gives the same incidents and alerts.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("source", nargs="+", metavar="SOURCE", help="what to replay (see below)")
    p.add_argument(
        "--kind",
        choices=("auto", "jsonl", "feeds", "kafka"),
        default="auto",
        help="how to read SOURCE (default: guess from the name)",
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--into",
        metavar="NAME",
        help="namespace name: topics <prefix>replay.NAME.*, worker group marsad-replay-NAME "
        "(default: replay-<UTC time>, printed)",
    )
    where.add_argument(
        "--live",
        action="store_true",
        help="write into the LIVE namespace; items already on the live raw topic are skipped",
    )
    pace = p.add_mutually_exclusive_group()
    pace.add_argument("--rate", type=float, metavar="N", help="at most N items per second")
    pace.add_argument(
        "--speed",
        type=float,
        metavar="X",
        help="keep the original spacing (fetched_at) divided by X (60 = an hour per minute)",
    )
    p.add_argument(
        "--max-gap",
        type=float,
        metavar="S",
        help="with --speed: cap any one original gap at S seconds (before scaling)",
    )
    p.add_argument("--since", metavar="TIME", help="kafka: first record time (ISO 8601 or 24h)")
    p.add_argument("--until", metavar="TIME", help="kafka: end time, exclusive (ISO 8601 or 1h)")
    p.add_argument("--feed-id", help="feed documents: the feed id of every document")
    p.add_argument(
        "--feeds", type=Path, help="feed documents: feeds YAML giving outlet names and languages"
    )
    p.add_argument(
        "--no-worker",
        action="store_true",
        help="a running worker serves the namespace: do not start one here",
    )
    p.add_argument(
        "--wait",
        action="store_true",
        help="follow until the worker has processed everything; print incidents and alerts "
        "(always on when this command runs the worker)",
    )
    p.add_argument(
        "--wait-timeout", type=float, default=600.0, metavar="S", help="give up waiting after S s"
    )
    p.add_argument(
        "--keep-live-duplicates",
        action="store_true",
        help="with --live: also send items already on the live raw topic",
    )
    p.add_argument(
        "--partitions",
        type=int,
        default=1,
        metavar="N",
        help="partitions of a new namespace's raw topic (default 1: the worker sees the "
        "source order exactly, so replays are deterministic; more for several worker replicas)",
    )
    p.add_argument(
        "--progress-interval",
        type=float,
        default=5.0,
        metavar="S",
        help="seconds between progress lines when not on a terminal (default 5)",
    )
    p.add_argument(
        "--summary-json", type=Path, metavar="FILE", help="also write the summary as JSON"
    )
    p.set_defaults(handler=_replay)


def _replay(args: argparse.Namespace) -> int:
    import asyncio

    try:
        return asyncio.run(_main(args))
    except _UsageError as exc:
        print(f"marsad replay: {exc}", file=sys.stderr)
        return 2


class _UsageError(Exception):
    pass


def _pace(args: argparse.Namespace) -> Any:
    from monitor.replay.pacing import Pace

    if args.max_gap is not None and args.speed is None:
        raise _UsageError("--max-gap only applies with --speed")
    try:
        if args.rate is not None:
            return Pace.at_rate(args.rate)
        if args.speed is not None:
            return Pace.at_speed(args.speed, args.max_gap)
    except ValueError as exc:
        raise _UsageError(str(exc)) from None
    return Pace.fast()


async def _main(args: argparse.Namespace) -> int:
    import contextlib
    from datetime import UTC, datetime

    import orjson

    from monitor.metrics import default_metrics
    from monitor.replay.progress import format_summary, make_reporter
    from monitor.replay.runner import ReplayError, ReplayOptions, default_name, validate_name
    from monitor.replay.sources import TimeSpecError, open_source, parse_time_spec
    from monitor.settings import Settings

    now = datetime.now(UTC)
    settings = Settings()
    pace = _pace(args)
    if args.partitions < 1:
        raise _UsageError("--partitions must be at least 1")
    try:
        since = parse_time_spec(args.since, now) if args.since else None
        until = parse_time_spec(args.until, now) if args.until else None
        name = validate_name(args.into) if args.into else default_name(now)
    except (TimeSpecError, ReplayError) as exc:
        raise _UsageError(str(exc)) from None

    with contextlib.ExitStack() as stack:
        if not settings.kafka_bootstrap:
            if args.live or args.no_worker:
                raise _UsageError(
                    "--live and --no-worker need a running broker: set MARSAD_KAFKA_BOOTSTRAP"
                )
            settings = _embedded(settings, stack)
        try:
            source = open_source(
                args.source,
                kind=args.kind,
                settings=settings,
                since=since,
                until=until,
                started_at=now,
                feed_id=args.feed_id,
                feeds_file=args.feeds or settings.feeds_file,
            )
        except ValueError as exc:  # SourceOpenError, FeedsFileError
            raise _UsageError(str(exc)) from None
        options = ReplayOptions(
            name=name,
            live=args.live,
            pace=pace,
            run_worker=not args.no_worker,
            wait=args.wait,
            wait_timeout_s=args.wait_timeout,
            skip_live_duplicates=not args.keep_live_duplicates,
            raw_partitions=args.partitions,
        )
        where = settings.topic_prefix if args.live else f"{settings.topic_prefix}replay.{name}."
        print(
            f"replay {name}: {source.description} -> {where}news.raw "
            f"({pace.describe()}{', LIVE namespace' if args.live else ''})",
            file=sys.stderr,
            flush=True,
        )
        summary = await _run(settings, source, options, args, default_metrics(), make_reporter)
        if summary is None:
            return 2
        print(format_summary(summary), flush=True)
        if args.summary_json:
            args.summary_json.write_bytes(
                orjson.dumps(summary.as_dict(), option=orjson.OPT_INDENT_2) + b"\n"
            )
    incomplete = summary.worker is not None and not summary.worker.complete
    return 1 if summary.errors or incomplete else 0


async def _run(
    settings: Any, source: Any, options: Any, args: argparse.Namespace, metrics: Any, make: Any
) -> Any:
    from aiokafka.errors import KafkaError

    from monitor.replay.runner import ReplayError, run_replay

    try:
        return await run_replay(
            settings,
            source,
            options,
            reporter=make(interval_s=args.progress_interval),
            metrics=metrics,
        )
    except (ReplayError, KafkaError, OSError, ValueError) as exc:
        print(f"marsad replay: {exc}", file=sys.stderr)
        return None


def _embedded(settings: Any, stack: Any) -> Any:
    """No MARSAD_KAFKA_BOOTSTRAP: a throwaway in-memory broker for this replay only."""
    from monitor.broker import EmbeddedBroker

    broker = stack.enter_context(EmbeddedBroker())
    print(
        f"MARSAD_KAFKA_BOOTSTRAP is not set: replaying into a temporary in-memory broker on "
        f"{broker.bootstrap} (gone when this command ends; the summary below is what remains)",
        file=sys.stderr,
        flush=True,
    )
    return settings.with_overrides(kafka_bootstrap=broker.bootstrap)
