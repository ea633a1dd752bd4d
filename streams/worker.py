"""Run the worker inside an asyncio loop that already runs (``marsad worker``, ``run``, ``replay``).

>>> async def main(settings):                                     # doctest: +SKIP
...     ready = asyncio.Event()
...     task = asyncio.create_task(run_worker(settings, ready=ready))
...     await ready.wait()        # partitions assigned, tables recovered, consuming
...     ...
...     task.cancel()             # drains in-flight batches, commits, stops
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from monitor.kafka import ensure_topics
from monitor.metrics import Metrics, default_metrics
from monitor.settings import Settings
from streams.app import create_app
from streams.lag import LagMonitor
from streams.processing import AnalyserLike, IncidentEngineLike
from streams.topics import CHANGELOG_CONFIGS, changelog_topic_name

__all__ = ["STOP_TIMEOUT_S", "WorkerCrashed", "run_worker"]

log = logging.getLogger(__name__)

#: A clean stop drains in-flight batches and commits; past this it is abandoned (the inputs are
#: then simply consumed again by the next worker: at-least-once).
STOP_TIMEOUT_S = 30.0


class WorkerCrashed(RuntimeError):
    """The Faust app crashed (its reason is the ``__cause__``)."""


def _assignment(app: Any, topics: set[str]) -> list[tuple[str, int]]:
    try:
        assigned = app.consumer.assignment()
    except Exception:  # consumer not started yet, or stopping
        return []
    return [(tp.topic, tp.partition) for tp in assigned if tp.topic in topics]


async def _wait_consuming(app: Any, topics: set[str]) -> None:
    # app.start() returns after the first assignment's table recovery; make sure the source
    # topics really are assigned before saying "ready".
    while not _assignment(app, topics):
        if app.crashed:
            raise WorkerCrashed(f"worker crashed while starting: {app.crash_reason!r}")
        await asyncio.sleep(0.05)


async def run_worker(
    settings: Settings,
    *,
    metrics: Metrics | None = None,
    ready: asyncio.Event | None = None,
    analyzer: AnalyserLike | None = None,
    engine: IncidentEngineLike | None = None,
    lag_interval_s: float = 10.0,
) -> None:
    """Run the worker of ``settings``' namespace until cancelled; stop cleanly on cancellation.

    Creates the namespace's topics if missing, starts the Faust app in the running loop, sets
    ``ready`` once partitions are assigned and the incident table is recovered, and samples
    consumer lag every ``lag_interval_s``. Raises :class:`WorkerCrashed` if Faust crashes.
    """
    metrics = metrics if metrics is not None else default_metrics()
    await ensure_topics(settings)
    # Created here rather than by Faust so that the output producer can track its metadata from
    # the start (see WorkerRuntime.start).
    await ensure_topics(settings, [changelog_topic_name(settings)], configs=CHANGELOG_CONFIGS)
    app = create_app(settings, metrics=metrics, analyzer=analyzer, engine=engine)
    names = settings.topics
    sources = {names.raw, names.incident_route}
    lag = LagMonitor(
        settings, metrics, lambda: _assignment(app, sources), interval_s=lag_interval_s
    )
    lag_task: asyncio.Task[None] | None = None
    try:
        await app.start()
        await _wait_consuming(app, sources)
        log.info(
            "worker %s consuming %s and %s (state: %s)",
            settings.worker_group,
            names.raw,
            names.incident_route,
            changelog_topic_name(settings),
        )
        if ready is not None:
            ready.set()
        lag_task = asyncio.create_task(lag.run(), name="marsad-consumer-lag")
        await app.wait_until_stopped()
        if app.crashed:
            raise WorkerCrashed(f"worker crashed: {app.crash_reason!r}") from app.crash_reason
    finally:
        if lag_task is not None:
            lag_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await lag_task
        await _stop(app)
        # Normally done by the app's on_stop; an app stopped while still starting skips it.
        await app.runtime.stop()


async def _stop(app: Any) -> None:
    # Shielded: the cancellation that brought us here must not cut the drain short (in-flight
    # batches finish, their offsets are committed, then the producer closes).
    stopping = asyncio.ensure_future(app.stop())
    try:
        await asyncio.wait_for(asyncio.shield(stopping), timeout=STOP_TIMEOUT_S)
    except TimeoutError:
        # Uncommitted inputs are simply consumed again by the next worker (at-least-once).
        log.error("worker did not stop within %.0f s; abandoning it", STOP_TIMEOUT_S)
        stopping.cancel()
    except Exception:
        log.exception("error while stopping the worker")
    except asyncio.CancelledError:
        # Cancelled again while stopping (a second Ctrl-C): let the stop finish, then give up.
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await asyncio.wait_for(stopping, timeout=STOP_TIMEOUT_S)
        raise
