"""``marsad run`` (the whole pipeline on one machine) and ``marsad broker``.

``marsad run`` starts, in this order: the embedded broker (only when ``MARSAD_KAFKA_BOOTSTRAP`` is
unset), the ``/metrics`` endpoint, the topics, then the poller, the worker and (when
``MARSAD_WEBHOOK_URL`` is set) the webhook sink, all in one asyncio loop. Ctrl-C or SIGTERM stops
them in the reverse order of the data flow (poller first, so nothing new enters; then the worker,
which finishes and commits what it holds; then the sinks; the broker last), so no process is left
behind and no item is lost.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

log = logging.getLogger("marsad.run")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "run",
        help="the whole pipeline on one machine (embedded broker unless MARSAD_KAFKA_BOOTSTRAP)",
        description="Poller + worker + /metrics (+ webhook sink) in one process. Starts an "
        "embedded Kafka-protocol broker (Tansu, in memory) unless MARSAD_KAFKA_BOOTSTRAP is set.",
    )
    p.add_argument("--feeds", type=Path, help="feeds YAML (default: MARSAD_FEEDS_FILE)")
    p.add_argument(
        "--broker-port",
        type=int,
        default=9092,
        help="port of the embedded broker on 127.0.0.1 (default 9092; 0 = any free port)",
    )
    p.add_argument("--no-worker", action="store_true", help="run only the poller")
    p.set_defaults(handler=_run)

    b = sub.add_parser("broker", help="run the embedded Kafka-protocol broker (Tansu) alone")
    b.add_argument("--port", type=int, default=9092, help="port on 127.0.0.1 (default 9092)")
    b.add_argument("--host", default="127.0.0.1", help="listen address (default 127.0.0.1)")
    b.set_defaults(handler=_broker)


def _broker(args: argparse.Namespace) -> int:
    from monitor.broker import BrokerError, EmbeddedBroker

    broker = EmbeddedBroker(port=args.port, host=args.host)
    try:
        broker.start()
    except BrokerError as exc:
        print(f"marsad broker: {exc}", file=sys.stderr)
        return 1
    print(f"Kafka-protocol broker (Tansu, in memory) listening on {broker.bootstrap}", flush=True)
    print(f"  export MARSAD_KAFKA_BOOTSTRAP={broker.bootstrap}", flush=True)
    # SIGTERM takes the Ctrl-C path: stopping the broker inside the handler would wait on the
    # child that the interrupted main thread is already waiting on (and deadlock).
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        return broker.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        broker.stop()


def _run(args: argparse.Namespace) -> int:
    from monitor.broker import BrokerError, EmbeddedBroker, free_port, kafka_api_versions_ok
    from monitor.settings import Settings

    settings = Settings()
    feeds_file = args.feeds or settings.feeds_file
    if feeds_file is None:
        print("marsad run: give --feeds FILE (or set MARSAD_FEEDS_FILE)", file=sys.stderr)
        return 2
    from monitor.poll.feeds import FeedsFileError, load_feeds

    try:
        feeds = load_feeds(Path(feeds_file))
    except FeedsFileError as exc:
        print(f"marsad run: {exc}", file=sys.stderr)
        return 2

    broker: EmbeddedBroker | None = None
    if settings.kafka_bootstrap is None:
        port = args.broker_port
        if port and kafka_api_versions_ok("127.0.0.1", port, timeout=0.3):
            print(
                f"marsad run: a Kafka broker already listens on 127.0.0.1:{port}; use it with "
                f"MARSAD_KAFKA_BOOTSTRAP=127.0.0.1:{port}, or pick --broker-port",
                file=sys.stderr,
            )
            return 2
        settings.state_dir.mkdir(parents=True, exist_ok=True)
        broker = EmbeddedBroker(
            port=port or free_port(), log_file=settings.state_dir / "broker.log"
        )
        try:
            broker.start()
        except BrokerError as exc:
            print(f"marsad run: {exc}", file=sys.stderr)
            return 1
        settings = settings.with_overrides(kafka_bootstrap=broker.bootstrap)
        print(
            f"embedded broker (Tansu, in memory) listening on {broker.bootstrap} "
            f"— other clients: MARSAD_KAFKA_BOOTSTRAP={broker.bootstrap}",
            flush=True,
        )
    else:
        print(f"using Kafka at {settings.kafka_bootstrap}", flush=True)
    try:
        return asyncio.run(_pipeline(settings, feeds, run_worker=not args.no_worker))
    finally:
        if broker is not None:
            broker.stop()
            print("embedded broker stopped", flush=True)


async def _pipeline(settings: Any, feeds: Any, *, run_worker: bool) -> int:
    from monitor.kafka import ensure_topics
    from monitor.metrics import default_metrics, serve_metrics
    from monitor.poll.service import Poller

    metrics = default_metrics()
    if settings.metrics_port:
        try:
            serve_metrics(settings.metrics_port, settings.metrics_host)
        except OSError as exc:
            print(
                f"marsad run: cannot serve /metrics on port {settings.metrics_port}: {exc} "
                "(set MARSAD_METRICS_PORT, 0 disables)",
                file=sys.stderr,
            )
            return 2
        print(f"metrics on http://127.0.0.1:{settings.metrics_port}/metrics", flush=True)
    await ensure_topics(settings)
    t = settings.topics
    print(
        f"topics: {t.raw} -> {t.analysed}, {t.alerts}, {t.deadletter}; "
        f"follow alerts with `marsad alerts tail`; Ctrl-C stops",
        flush=True,
    )

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)

    # Started downstream-first so the worker is ready when the first items arrive.
    services: list[tuple[str, asyncio.Task[Any]]] = []

    def start(name: str, coro: Coroutine[Any, Any, Any]) -> None:
        services.append((name, asyncio.create_task(coro, name=name)))

    sink = None
    if settings.webhook_url:
        from monitor.sinks.webhook import WebhookSink

        sink = WebhookSink(settings, metrics=metrics)
        start("webhook", sink.run())
        # A new webhook group starts at the end of the alerts topic (no history into a chat
        # channel): it must hold its partitions before the worker can produce the first alert.
        if not await _first(sink.assigned.wait(), stop.wait(), services):
            print("webhook sink did not start", file=sys.stderr, flush=True)
    if run_worker:
        from streams.worker import run_worker as worker_main

        ready = asyncio.Event()
        start("worker", worker_main(settings, metrics=metrics, ready=ready))
        if await _first(ready.wait(), stop.wait(), services):
            print("worker ready", flush=True)
    poller = Poller(settings, feeds, metrics=metrics)
    start("poller", poller.run())
    print(f"polling {len(poller.feeds)} feed(s)", flush=True)

    stopper = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait(
        {stopper, *(task for _, task in services)}, return_when=asyncio.FIRST_COMPLETED
    )
    failed = [name for name, task in services if task in done and not task.cancelled()]
    code = 0
    for name, task in services:
        error = task.exception() if task in done and not task.cancelled() else None
        if error is not None:
            log.error("%s failed: %s", name, error, exc_info=error)
            code = 1
    if failed and not stop.is_set():
        print(f"stopping: {', '.join(failed)} ended", file=sys.stderr, flush=True)
    else:
        print("stopping…", flush=True)

    # Poller first (nothing new enters; it flushes its producer and saves its state), then the
    # worker (commits what it processed), then the sinks.
    poller.stop()
    for name in ("poller", "worker", "webhook"):
        for service_name, task in services:
            if service_name != name or task.done():
                continue
            if name == "poller":
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(asyncio.shield(task), timeout=30)
            elif name == "webhook" and sink is not None:
                await sink.stop()
            if not task.done():
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
    stopper.cancel()
    print("stopped", flush=True)
    return code


async def _first(
    wanted: Coroutine[Any, Any, Any],
    stop: Coroutine[Any, Any, Any],
    services: list[tuple[str, asyncio.Task[Any]]],
) -> bool:
    """Wait for ``wanted``, a stop request, or a service ending; True when ``wanted`` came."""
    waiter = asyncio.create_task(wanted)
    stopper = asyncio.create_task(stop)
    await asyncio.wait(
        {waiter, stopper, *(task for _, task in services)}, return_when=asyncio.FIRST_COMPLETED
    )
    waiter.cancel()
    stopper.cancel()
    return waiter.done() and not waiter.cancelled()
