"""Sinks on the real broker: `marsad alerts tail` and the webhook against a real HTTP server.

Alerts are made by the real IncidentEngine from hand-written reports, produced to the test's own
alerts topic (with an at-least-once duplicate and a record that is not an Alert), then read by
the tail and delivered by the webhook sink to an aiohttp server on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import jsonschema
import orjson
import pytest
from aiohttp import web
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from prometheus_client import CollectorRegistry

from monitor.incidents import IncidentEngine
from monitor.kafka import client_kwargs, ensure_topics
from monitor.metrics import Metrics
from monitor.models import Alert, DeadLetter, dumps, loads_alert
from monitor.schemas import load as load_schema
from monitor.settings import Settings
from monitor.sinks.render import PDI, RLI
from monitor.sinks.tail import tail_alerts
from monitor.sinks.webhook import WebhookSink
from tests.unit.incidents.helpers import MAYADIN, OMAR, analysis, at, item

HEADLINE = "غارات أمريكية على مواقع للحرس الثوري في الميادين"


def make_alerts() -> list[Alert]:
    """Three alerts of two incidents, from the real engine."""
    engine = IncidentEngine()
    reports = [
        (
            item("a:1", "وكالة الشرق", HEADLINE, "قصفت مقاتلات أمريكية مواقع للحرس الثوري.", at(3)),
            analysis("a:1", event_date=date(2024, 2, 3), locations=(MAYADIN,), killed=6),
        ),
        (
            item("b:1", "موقع الفرات", "مقتل تسعة بغارات أمريكية في الميادين", "نص", at(3, 11)),
            analysis("b:1", event_date=date(2024, 2, 3), locations=(MAYADIN,), killed=9),
        ),
        (
            item("c:1", "وكالة الشرق", "قصف صاروخي على قاعدة حقل العمر", "نص", at(9)),
            analysis("c:1", event_date=date(2024, 2, 9), locations=(OMAR,)),
        ),
    ]
    out: list[Alert] = []
    state = None
    for it, an in reports:
        state, alerts = engine.observe(state, it, an)
        out.extend(alerts)
    assert [a.alert_id.rsplit(":", 1)[1] for a in out] == ["v1", "v2", "v1"]
    return out


async def produce(settings: Settings, alerts: list[Alert], extra: list[bytes] = ()) -> None:  # type: ignore[assignment]
    await ensure_topics(settings, [settings.topics.alerts, settings.topics.deadletter])
    producer = AIOKafkaProducer(**client_kwargs(settings), acks="all")
    await producer.start()
    try:
        for a in alerts:
            await producer.send_and_wait(
                settings.topics.alerts, dumps(a), key=a.incident_id.encode(), partition=0
            )
        for raw in extra:
            await producer.send_and_wait(settings.topics.alerts, raw, key=b"bad", partition=0)
    finally:
        await producer.stop()


async def read_all(settings: Settings, topic: str, expect: int) -> list[bytes]:
    consumer = AIOKafkaConsumer(
        topic, **client_kwargs(settings), group_id=None, auto_offset_reset="earliest"
    )
    await consumer.start()
    out: list[bytes] = []
    try:
        deadline = time.monotonic() + 20
        while len(out) < expect and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            out.extend(r.value for recs in batch.values() for r in recs)
    finally:
        await consumer.stop()
    return out


# --- tail -----------------------------------------------------------------------------------


async def test_tail_prints_readable_alerts_once_each(settings: Settings) -> None:
    alerts = make_alerts()
    await produce(settings, [*alerts, alerts[0]], extra=[b"not json"])  # a redelivery + junk
    out, err = io.StringIO(), io.StringIO()
    shown = await tail_alerts(settings, out, from_beginning=True, idle_timeout_s=5, err=err)
    assert shown == 3
    text = out.getvalue()
    assert text.count(f"{RLI}{HEADLINE}{PDI}") == 2  # v1 and v2 of the first incident
    assert text.count(alerts[0].incident_id) == 2
    assert "NEW v1" in text and "UPDATE v2" in text
    assert "changes: casualties: killed (iran_aligned) 6 -> 6-9" in text
    assert alerts[2].summary_en in text
    assert "skipped" in err.getvalue() and "bad_json" in err.getvalue()


def test_tail_command_prints_json_lines_valid_against_the_schema(settings: Settings) -> None:
    alerts = make_alerts()
    asyncio.run(produce(settings, [*alerts, alerts[1]]))
    env = {
        **os.environ,
        "MARSAD_KAFKA_BOOTSTRAP": settings.kafka_bootstrap or "",
        "MARSAD_TOPIC_PREFIX": settings.topic_prefix,
    }
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "monitor.cli",
            "alerts",
            "tail",
            "--json",
            "--from-beginning",
            "--max",
            "3",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    schema = load_schema("alert")
    for rec in records:
        jsonschema.validate(rec, schema)
    assert [r["alert_id"] for r in records] == [a.alert_id for a in alerts]


# --- webhook ----------------------------------------------------------------------------------


@dataclass
class Endpoint:
    """A real HTTP server on 127.0.0.1 whose answers a test scripts."""

    url: str = ""
    answers: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    default: int = 200
    requests: list[tuple[float, dict[str, str], bytes]] = field(default_factory=list)

    async def handle(self, request: web.Request) -> web.Response:
        self.requests.append((time.monotonic(), dict(request.headers), await request.read()))
        status, headers = self.answers.pop(0) if self.answers else (self.default, {})
        return web.Response(status=status, headers=headers, text="ok" if status < 300 else "no")


@pytest.fixture
async def endpoint() -> AsyncIterator[Endpoint]:
    ep = Endpoint()
    app = web.Application()
    app.router.add_post("/hook", ep.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    ep.url = f"http://127.0.0.1:{port}/hook"
    yield ep
    await runner.cleanup()


async def run_sink(sink: WebhookSink, done: Callable[[], bool]) -> None:
    task = asyncio.create_task(sink.run())
    deadline = time.monotonic() + 30
    try:
        while not done() and time.monotonic() < deadline and not task.done():  # noqa: ASYNC110
            await asyncio.sleep(0.1)
    finally:
        await sink.stop()
        await asyncio.wait_for(task, timeout=15)
    assert done(), "the webhook sink did not finish in time"


def sink_for(settings: Settings, ep: Endpoint, metrics: Metrics, **kw: Any) -> WebhookSink:
    return WebhookSink(
        settings, url=ep.url, metrics=metrics, from_beginning=True, backoff_base_s=0.05, **kw
    )


async def committed(settings: Settings, group: str) -> int | None:
    from aiokafka import TopicPartition

    consumer = AIOKafkaConsumer(**client_kwargs(settings), group_id=group, enable_auto_commit=False)
    await consumer.start()
    try:
        return await consumer.committed(TopicPartition(settings.topics.alerts, 0))
    finally:
        await consumer.stop()


async def test_webhook_delivers_generic_json_and_slack(
    settings: Settings, endpoint: Endpoint
) -> None:
    alerts = make_alerts()
    await produce(settings, [*alerts, alerts[2]])  # the repeat of the last alert is not re-posted
    metrics = Metrics(CollectorRegistry())
    sink = sink_for(settings, endpoint, metrics, fmt="json")
    await run_sink(sink, lambda: sink.processed == 4)
    assert [loads_alert(body).alert_id for _, _, body in endpoint.requests] == [
        a.alert_id for a in alerts
    ]
    assert [h["Idempotency-Key"] for _, h, _ in endpoint.requests] == [a.alert_id for a in alerts]
    assert endpoint.requests[0][1]["Content-Type"] == "application/json"
    assert await committed(settings, sink.group_id) == 4
    assert (
        metrics.registry.get_sample_value("marsad_webhook_deliveries_total", {"outcome": "ok"}) == 3
    )

    endpoint.requests.clear()
    slack = sink_for(settings, endpoint, metrics, fmt="slack", group_id=f"{sink.group_id}-slack")
    await run_sink(slack, lambda: slack.processed == 4)
    bodies = [orjson.loads(body) for _, _, body in endpoint.requests]
    assert len(bodies) == 3
    for body, alert in zip(bodies, alerts, strict=True):
        assert set(body) == {"text", "blocks"}
        assert alert.summary_en in body["text"]
        assert body["blocks"][1]["text"]["text"] == f"{RLI}{alert.headline}{PDI}"


async def test_webhook_retries_after_500_and_honours_429_retry_after(
    settings: Settings, endpoint: Endpoint
) -> None:
    alert = make_alerts()[0]
    await produce(settings, [alert])
    endpoint.answers = [(500, {}), (429, {"Retry-After": "1"})]
    metrics = Metrics(CollectorRegistry())
    sink = sink_for(settings, endpoint, metrics, fmt="json")
    await run_sink(sink, lambda: sink.processed == 1)
    times = [t for t, _, _ in endpoint.requests]
    assert len(times) == 3 and sink.delivered == 1 and sink.dead_lettered == 0
    assert times[2] - times[1] >= 0.95  # waited as the 429 asked, not the 0.1 s backoff
    assert times[1] - times[0] < 0.9  # the backoff after the 500 is short (base 0.05 s)
    sample = metrics.registry.get_sample_value
    assert sample("marsad_webhook_deliveries_total", {"outcome": "retry"}) == 2
    assert sample("marsad_webhook_deliveries_total", {"outcome": "ok"}) == 1
    assert await committed(settings, sink.group_id) == 1


async def test_webhook_dead_letters_when_the_endpoint_keeps_failing(
    settings: Settings, endpoint: Endpoint
) -> None:
    alerts = make_alerts()[:2]
    await produce(settings, alerts, extra=[b"\xff not an alert"])
    endpoint.default = 503
    endpoint.answers = [(503, {})] * 3 + [(200, {})]  # the second alert gets through
    metrics = Metrics(CollectorRegistry())
    sink = sink_for(settings, endpoint, metrics, fmt="json", max_attempts=3)
    await run_sink(sink, lambda: sink.processed == 3)
    assert len(endpoint.requests) == 4
    assert (sink.delivered, sink.dead_lettered) == (1, 2)
    letters = [
        DeadLetter.model_validate_json(v)
        for v in await read_all(settings, settings.topics.deadletter, expect=2)
    ]
    by_reason = {d.reason: d for d in letters}
    failed = by_reason["webhook_failed"]
    assert failed.stage == "webhook" and failed.offset == 0
    assert "gave up after 3 attempt(s): HTTP 503" in failed.error
    assert loads_alert(failed.original).alert_id == alerts[0].alert_id
    junk = by_reason["bad_json"]
    assert (junk.offset, junk.original_encoding) == (2, "base64")
    assert await committed(settings, sink.group_id) == 3
    sample = metrics.registry.get_sample_value
    assert (
        sample("marsad_dead_letters_total", {"stage": "webhook", "reason": "webhook_failed"}) == 1
    )
    assert sample("marsad_webhook_deliveries_total", {"outcome": "failed"}) == 1


async def test_webhook_does_not_retry_a_rejected_request(
    settings: Settings, endpoint: Endpoint
) -> None:
    await produce(settings, make_alerts()[:1])
    endpoint.default = 404
    sink = sink_for(settings, endpoint, Metrics(CollectorRegistry()), fmt="json")
    await run_sink(sink, lambda: sink.processed == 1)
    assert len(endpoint.requests) == 1 and sink.dead_lettered == 1
    (letter,) = await read_all(settings, settings.topics.deadletter, expect=1)
    assert DeadLetter.model_validate_json(letter).reason == "webhook_rejected"


async def test_webhook_command_delivers_and_stops_cleanly_on_sigint(
    settings: Settings, endpoint: Endpoint
) -> None:
    alert = make_alerts()[0]
    await produce(settings, [alert])
    env = {
        **os.environ,
        "MARSAD_KAFKA_BOOTSTRAP": settings.kafka_bootstrap or "",
        "MARSAD_TOPIC_PREFIX": settings.topic_prefix,
        "MARSAD_WORKER_GROUP": settings.worker_group,
        "MARSAD_METRICS_PORT": "0",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "monitor.cli",
        "alerts",
        "webhook",
        "--url",
        endpoint.url,
        "--format",
        "slack",
        "--from-beginning",
        env=env,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 40
        while not endpoint.requests and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.2)
        assert len(endpoint.requests) == 1
        proc.send_signal(signal.SIGINT)
        _, err = await asyncio.wait_for(proc.communicate(), timeout=30)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0, err.decode()
    assert "webhook stopped: 1 delivered, 0 dead-lettered" in err.decode()
    assert orjson.loads(endpoint.requests[0][2])["text"].startswith("🟠 HIGH · new v1")
