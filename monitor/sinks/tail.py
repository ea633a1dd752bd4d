"""``marsad alerts tail``: follow the alerts topic in a terminal.

A plain aiokafka consumer without a consumer group (it reads every partition, commits nothing and
never disturbs another reader). Readable lines by default (:func:`~monitor.sinks.render.
format_alert`), or one JSON object per line with ``--json``. The worker delivers at least once,
so the same ``alert_id`` can arrive twice: it is shown once. A record that is not an Alert is
reported on stderr with its partition and offset, and the tail goes on.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections import OrderedDict
from typing import TextIO

from monitor.models import Alert, RecordError, dumps, loads_alert
from monitor.settings import Settings
from monitor.sinks.render import format_alert

__all__ = ["SeenIds", "tail_alerts"]

log = logging.getLogger(__name__)


class SeenIds:
    """A bounded set of recently seen ids (oldest forgotten first)."""

    def __init__(self, capacity: int = 100_000) -> None:
        self.capacity = capacity
        self._ids: OrderedDict[str, None] = OrderedDict()

    def add(self, key: str) -> bool:
        """Remember ``key``; False when it was already there."""
        if key in self._ids:
            self._ids.move_to_end(key)
            return False
        self._ids[key] = None
        if len(self._ids) > self.capacity:
            self._ids.popitem(last=False)
        return True


async def tail_alerts(
    settings: Settings,
    out: TextIO,
    *,
    as_json: bool = False,
    from_beginning: bool = False,
    max_alerts: int | None = None,
    idle_timeout_s: float | None = None,
    err: TextIO | None = None,
    stop: asyncio.Event | None = None,
) -> int:
    """Print alerts until ``max_alerts`` were shown, ``idle_timeout_s`` passed without a
    record, or ``stop`` is set; return the number of alerts shown."""
    from aiokafka import AIOKafkaConsumer

    from monitor.kafka import client_kwargs

    err = err if err is not None else sys.stderr
    consumer = AIOKafkaConsumer(
        settings.topics.alerts,
        **client_kwargs(settings),
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest" if from_beginning else "latest",
        metadata_max_age_ms=5000,  # notice the topic soon when the pipeline creates it later
    )
    await consumer.start()
    shown = 0
    seen = SeenIds()
    idle = 0.0
    try:
        while stop is None or not stop.is_set():
            batch = await consumer.getmany(timeout_ms=500)
            if not batch:
                idle += 0.5
                if idle_timeout_s is not None and idle >= idle_timeout_s:
                    break
                continue
            idle = 0.0
            for tp, records in sorted(batch.items(), key=lambda kv: kv[0].partition):
                for rec in records:
                    alert = _decode(rec.value, f"{tp.topic}[{tp.partition}]@{rec.offset}", err)
                    if alert is None or not seen.add(alert.alert_id):
                        continue
                    out.write((dumps(alert).decode() if as_json else format_alert(alert)) + "\n")
                    shown += 1
                    if max_alerts is not None and shown >= max_alerts:
                        out.flush()
                        return shown
            out.flush()
    finally:
        await consumer.stop()
    return shown


def _decode(value: bytes | None, where: str, err: TextIO) -> Alert | None:
    try:
        return loads_alert(value or b"")
    except RecordError as exc:
        print(f"marsad alerts tail: skipped {where}: {exc}", file=err, flush=True)
        return None
