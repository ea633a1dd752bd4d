"""``marsad poll``: the feed poller alone (production: one or more replicas beside the workers)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser(
        "poll",
        help="poll RSS/Atom feeds and publish new entries as NewsItems on the raw topic",
        description="Poll the feeds of FILE and publish new entries to <prefix>news.raw. Needs "
        "MARSAD_KAFKA_BOOTSTRAP. State (seen items, ETags) lives in MARSAD_STATE_DIR.",
    )
    p.add_argument(
        "--feeds",
        type=Path,
        default=None,
        metavar="FILE",
        help="feeds YAML (default MARSAD_FEEDS_FILE)",
    )
    p.add_argument(
        "--once",
        action="store_true",
        help="poll every feed once, print a summary per feed, exit (1 if any feed failed)",
    )
    p.add_argument(
        "--shard",
        default=None,
        metavar="I/N",
        help="poll only this replica's share of the feeds (replica I of N, e.g. 0/3); every "
        "replica needs its own MARSAD_STATE_DIR",
    )
    p.set_defaults(handler=_poll)


def _poll(args: argparse.Namespace) -> int:
    import asyncio
    import signal
    import sys

    from monitor.kafka import KafkaNotConfigured, client_kwargs
    from monitor.metrics import default_metrics, serve_metrics
    from monitor.poll.feeds import FeedsFileError, load_feeds, parse_shard, shard
    from monitor.poll.service import Poller
    from monitor.poll.state import PollerState, PollerStateError
    from monitor.settings import Settings

    settings = Settings()
    feeds_file = args.feeds or settings.feeds_file
    if feeds_file is None:
        print(
            "marsad poll: no feeds file: pass --feeds FILE or set MARSAD_FEEDS_FILE",
            file=sys.stderr,
        )
        return 2
    try:
        feeds = load_feeds(feeds_file)
        if args.shard:
            feeds = shard(feeds, *parse_shard(args.shard))
        client_kwargs(settings)  # fail fast on a missing bootstrap or incomplete SASL settings
    except (FeedsFileError, KafkaNotConfigured, ValueError) as exc:
        print(f"marsad poll: {exc}", file=sys.stderr)
        return 2
    metrics = default_metrics()
    poller = Poller(settings, feeds, metrics)
    try:
        state = PollerState.in_dir(settings.state_dir, settings.seen_capacity)
        state.close()  # fail fast here rather than inside the event loop
    except PollerStateError as exc:
        print(f"marsad poll: {exc}", file=sys.stderr)
        return 2

    if args.once:
        reports = asyncio.run(_once(poller))
        for report in reports:
            print(report.line())
        failed = [r for r in reports if not r.healthy]
        print(
            f"{len(reports)} feed(s): {sum(r.new for r in reports)} new item(s), "
            f"{sum(r.duplicate for r in reports)} duplicate(s), {len(failed)} feed(s) failed"
        )
        return 1 if failed else 0

    serve_metrics(settings.metrics_port, settings.metrics_host, metrics.registry)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, poller.stop)
        await poller.run()

    asyncio.run(main())
    return 0


async def _once(poller: Any) -> list[Any]:
    try:
        return list(await poller.poll_once())
    finally:
        await poller.close()
