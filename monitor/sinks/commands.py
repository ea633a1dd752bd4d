"""``marsad alerts tail`` and ``marsad alerts webhook``: where alerts leave Marsad."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("alerts", help="follow alerts (tail) or deliver them (webhook)")
    asub = p.add_subparsers(dest="alerts_command", metavar="SUBCOMMAND", required=True)

    t = asub.add_parser(
        "tail",
        help="follow the alerts topic in the terminal",
        description="Print alerts as they arrive: readable lines (Arabic headline kept "
        "right-to-left), or JSON Lines with --json. Repeated alert_ids are shown once.",
    )
    t.add_argument("--json", action="store_true", help="one Alert JSON object per line")
    t.add_argument(
        "--from-beginning", action="store_true", help="start at the oldest retained alert"
    )
    t.add_argument("--max", type=int, default=None, metavar="N", help="stop after N alerts")
    t.add_argument(
        "--idle-timeout",
        type=float,
        default=None,
        metavar="S",
        help="stop after S seconds without a record (default: follow forever)",
    )
    t.set_defaults(handler=_tail)

    w = asub.add_parser(
        "webhook",
        help="POST alerts to an HTTP endpoint (generic JSON or Slack)",
        description="Consume alerts and POST each to URL, with retries (exponential backoff, "
        "jitter, Retry-After) and a dead-letter record when the endpoint keeps failing.",
    )
    w.add_argument("--url", default=None, help="endpoint (default: MARSAD_WEBHOOK_URL)")
    w.add_argument(
        "--format",
        choices=("json", "slack"),
        default=None,
        help="json: the Alert record; slack: {text, blocks} (default: MARSAD_WEBHOOK_FORMAT)",
    )
    w.add_argument(
        "--from-beginning",
        action="store_true",
        help="a new consumer group starts at the oldest alert instead of the newest",
    )
    w.add_argument("--max-attempts", type=int, default=5, help="attempts before dead-lettering")
    w.set_defaults(handler=_webhook)


def _tail(args: argparse.Namespace) -> int:
    from monitor.kafka import KafkaNotConfigured
    from monitor.settings import Settings
    from monitor.sinks.tail import tail_alerts

    settings = Settings()
    try:
        shown = asyncio.run(
            tail_alerts(
                settings,
                sys.stdout,
                as_json=args.json,
                from_beginning=args.from_beginning,
                max_alerts=args.max,
                idle_timeout_s=args.idle_timeout,
            )
        )
    except KafkaNotConfigured as exc:
        print(f"marsad alerts tail: {exc}", file=sys.stderr)
        return 2
    if not args.json:
        print(f"({shown} alert(s))", file=sys.stderr)
    return 0


def _webhook(args: argparse.Namespace) -> int:
    from monitor.kafka import KafkaNotConfigured
    from monitor.metrics import default_metrics, serve_metrics
    from monitor.settings import Settings
    from monitor.sinks.webhook import WebhookSink

    settings = Settings()
    try:
        sink = WebhookSink(
            settings,
            url=args.url,
            fmt=args.format,
            from_beginning=args.from_beginning,
            max_attempts=args.max_attempts,
            metrics=default_metrics(),
        )
    except ValueError as exc:
        print(f"marsad alerts webhook: {exc}", file=sys.stderr)
        return 2
    serve_metrics(settings.metrics_port, settings.metrics_host)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, lambda: asyncio.ensure_future(sink.stop()))
        await sink.run()

    try:
        asyncio.run(main())
    except KafkaNotConfigured as exc:
        print(f"marsad alerts webhook: {exc}", file=sys.stderr)
        return 2
    print(
        f"webhook stopped: {sink.delivered} delivered, {sink.dead_lettered} dead-lettered",
        file=sys.stderr,
    )
    return 0
