"""``marsad worker``: the stream worker alone, with ``/metrics`` (production; scale by replicas)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser(
        "worker",
        help="the stream worker: news.raw -> news.analysed, alerts (needs MARSAD_KAFKA_BOOTSTRAP)",
        description="The Faust worker of the namespace MARSAD_TOPIC_PREFIX, consumer group "
        "MARSAD_WORKER_GROUP. Run several for more throughput (partitions are the unit of scale). "
        "Ctrl-C or SIGTERM drains in-flight records, commits and stops.",
    )
    p.set_defaults(handler=_worker)


def _worker(args: argparse.Namespace) -> int:
    import asyncio
    import sys

    from monitor.metrics import default_metrics, serve_metrics
    from monitor.settings import Settings

    settings = Settings()
    if not settings.kafka_bootstrap:
        print(
            "marsad worker: no Kafka broker configured: set MARSAD_KAFKA_BOOTSTRAP=host:port "
            "(or use `marsad run`, which starts an embedded broker)",
            file=sys.stderr,
        )
        return 2
    from monitor.incidents import IncidentEngine, ProfileFileError

    try:  # a bad watch-profile file is a configuration error: say so before connecting
        engine = IncidentEngine.from_file(settings.profile_file)
    except ProfileFileError as exc:
        print(f"marsad worker: {exc}", file=sys.stderr)
        return 2
    metrics = default_metrics()
    try:
        serve_metrics(settings.metrics_port, settings.metrics_host)
    except OSError as exc:
        print(
            f"marsad worker: cannot serve /metrics on port {settings.metrics_port}: {exc} "
            "(set MARSAD_METRICS_PORT; 0 disables)",
            file=sys.stderr,
        )
        return 2
    return asyncio.run(_main(settings, metrics, engine))


async def _main(settings: Any, metrics: Any, engine: Any) -> int:
    import asyncio
    import contextlib
    import signal
    import sys

    from streams.worker import WorkerCrashed, run_worker

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    ready = asyncio.Event()
    worker = asyncio.create_task(run_worker(settings, metrics=metrics, ready=ready, engine=engine))

    async def announce() -> None:
        await ready.wait()
        t = settings.topics
        print(
            f"worker ready: {t.raw} -> {t.analysed}, {t.alerts}, {t.deadletter} "
            f"(group {settings.worker_group}); Ctrl-C stops",
            flush=True,
        )

    announcer = asyncio.create_task(announce())
    stopper = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({worker, stopper}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        announcer.cancel()
        stopper.cancel()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
    if not worker.done():
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker
        print("worker stopped", flush=True)
        return 0
    try:
        worker.result()
    except WorkerCrashed as exc:
        print(f"marsad worker: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # e.g. the broker is unreachable: say so, no traceback
        print(f"marsad worker: {exc or type(exc).__name__}", file=sys.stderr)
        return 1
    return 0
