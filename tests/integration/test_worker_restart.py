"""``marsad worker`` killed with SIGKILL in the middle of a stream and restarted: no alert is lost,
no incident gets a second ``new`` (its state comes back from the table's changelog), and the
restarted worker stops cleanly on SIGTERM.

The expected alerts come from running the same reports, in the same order, through the pure
engines (``Analyzer`` + ``IncidentEngine``) in this process. The reports go to one partition of
``news.raw`` so the order the worker sees is that order. The Arabic reports are written for this
test: three incidents (a US strike near Al-Bukamal, a drone attack on the Al-Omar base, rockets on
Al-Shaddadi), several outlets each, re-worded, with changing tolls, plus unrelated news.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

import jsonschema
import orjson
import pytest

from monitor import schemas
from monitor.analysis import Analyzer
from monitor.incidents import IncidentEngine
from monitor.models import Alert, NewsItem, dumps
from monitor.settings import Settings

confluent_kafka = pytest.importorskip("confluent_kafka")

pytestmark = pytest.mark.slow


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 2, day, hour, minute, tzinfo=UTC)


A, B, C = "وكالة الشرق", "شبكة الفرات", "راديو الجزيرة السورية"
CULTURE = "صحيفة الثقافة"

# (feed, outlet, published, title, body), in the order they are produced.
REPORTS = [
    ("f1", A, at(3, 8), "غارات أمريكية تستهدف مواقع لفصائل موالية لإيران قرب البوكمال",
     "شنت طائرات أمريكية فجر السبت غارات على مواقع لفصائل مدعومة من إيران قرب البوكمال شرقي "
     "دير الزور، ما أسفر عن مقتل ستة عناصر."),
    ("f9", CULTURE, at(3, 8, 30), "افتتاح معرض للكتاب في عمّان بمشاركة مئات دور النشر",
     "افتتح اليوم معرض الكتاب السنوي بمشاركة ناشرين من عشرين دولة عربية."),
    ("f2", B, at(3, 9), "مقتل ستة مسلحين بغارات أمريكية على البوكمال",
     "قالت مصادر محلية إن ستة من عناصر الميليشيات الإيرانية قتلوا في غارات نفذتها مقاتلات "
     "أمريكية على مقرات في مدينة البوكمال."),
    ("f3", C, at(3, 12), "ارتفاع حصيلة القتلى في غارات البوكمال إلى تسعة",
     "ارتفعت حصيلة قتلى الغارات الأمريكية على مواقع الفصائل الموالية لإيران في البوكمال إلى "
     "تسعة عناصر."),
    # --- the worker is killed while it handles these ---
    ("f1", A, at(5, 7), "هجوم بطائرة مسيرة على قاعدة أمريكية في حقل العمر النفطي",
     "استهدفت فصائل مدعومة من إيران صباح الاثنين قاعدة للتحالف الدولي في حقل العمر النفطي بريف "
     "دير الزور بطائرة مسيرة دون أنباء عن إصابات."),
    ("f9", CULTURE, at(5, 8), "مهرجان للمسرح في دمشق يستقبل فرقاً من عشر دول",
     "يستضيف المهرجان عروضاً مسرحية على مدى أسبوع في دار الأوبرا."),
    ("f2", B, at(5, 9), "فصائل موالية لإيران تهاجم قاعدة التحالف في حقل العمر",
     "أعلنت المقاومة الإسلامية في العراق مسؤوليتها عن هجوم بطائرة مسيرة على القاعدة الأمريكية "
     "في حقل العمر."),
    # --- produced while no worker runs ---
    ("f3", C, at(5, 13), "إصابة جنديين أمريكيين في هجوم على حقل العمر",
     "قال مسؤول في وزارة الدفاع الأمريكية إن جنديين أمريكيين أصيبا بجروح طفيفة في الهجوم "
     "بطائرة مسيرة على قاعدة حقل العمر."),
    ("f1", A, at(8, 19), "قصف صاروخي يستهدف قاعدة الشدادي الأمريكية في الحسكة",
     "تعرضت قاعدة الشدادي التي تنتشر فيها قوات أمريكية جنوب الحسكة لقصف بعدة صواريخ أطلقتها "
     "فصائل موالية لإيران مساء الخميس."),
    ("f2", B, at(8, 21), "صواريخ تسقط على قاعدة الشدادي جنوب الحسكة",
     "سقطت ثلاثة صواريخ أطلقتها فصائل مدعومة من إيران على محيط قاعدة الشدادي الأمريكية في ريف "
     "الحسكة الجنوبي."),
    # A late report of the first incident: only recovered state keeps it in that incident.
    ("f4", "موقع البادية", at(3, 15), "غارات البوكمال الأمريكية دمرت مستودعات أسلحة لفصائل إيرانية",
     "أفاد مراسلون بأن الغارات الأمريكية على البوكمال دمرت مستودعات أسلحة تابعة لفصائل موالية "
     "لإيران وأوقعت تسعة قتلى."),
]  # fmt: skip
KILL_AFTER = 4  # reports produced before the worker is killed (its first alerts are out)
RESTART_AT = 7  # reports produced while it is being killed; the rest while it is down


def news_items() -> list[NewsItem]:
    out = []
    for i, (feed, outlet, published, title, body) in enumerate(REPORTS):
        out.append(
            NewsItem(
                item_id=f"{feed}:{i}",
                feed_id=feed,
                outlet=outlet,
                url=f"https://example.org/{feed}/{i}",
                title=title,
                body=body,
                lang="ar",
                published_at=published,
                fetched_at=published + timedelta(minutes=3),
            )
        )
    return out


def reference_alerts(items: list[NewsItem]) -> list[Alert]:
    """The alerts the pure engines give for ``items`` in this order (what the worker must say)."""
    analyser, engine = Analyzer(), IncidentEngine()
    states: dict[str, bytes] = {}
    alerts: list[Alert] = []
    for item in items:
        analysis = analyser.analyse(item)
        if analysis.relevant:
            key = engine.cluster_key(item, analysis)
            states[key], new = engine.observe(states.get(key), item, analysis)
            alerts.extend(new)
    return alerts


class Worker:
    """``marsad worker`` as a child process; stdout lines are collected on a thread."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log = log.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "monitor.cli", "worker"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=self.log,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        assert self.proc.stdout is not None
        threading.Thread(target=self._pump, args=(self.proc.stdout,), daemon=True).start()

    def _pump(self, stream: IO[bytes]) -> None:
        for raw in stream:
            self.lines.put(raw.decode("utf-8", "replace").rstrip())

    def wait_for(self, text: str, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                if text in self.lines.get(timeout=0.2):
                    return
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
        raise AssertionError(f"worker did not print {text!r} (exit {self.proc.poll()})")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        self.log.close()


@pytest.fixture
def worker_env(settings: Settings) -> dict[str, str]:
    assert settings.kafka_bootstrap is not None
    return {
        **os.environ,
        "MARSAD_KAFKA_BOOTSTRAP": settings.kafka_bootstrap,
        "MARSAD_TOPIC_PREFIX": settings.topic_prefix,
        "MARSAD_TOPIC_PARTITIONS": str(settings.topic_partitions),
        "MARSAD_WORKER_GROUP": settings.worker_group,
        "MARSAD_STATE_DIR": str(settings.state_dir),
        "MARSAD_METRICS_PORT": "0",
    }


@pytest.fixture
def workers(worker_env: dict[str, str], tmp_path: Path) -> Iterator[list[Worker]]:
    started: list[Worker] = []
    yield started
    for w in started:
        w.close()


class AlertReader:
    """Follows the alerts topic with librdkafka (assigned partitions: no group join)."""

    def __init__(self, bootstrap: str, topic: str, partitions: int) -> None:
        self.consumer = confluent_kafka.Consumer(
            {"bootstrap.servers": bootstrap, "group.id": "unused", "enable.auto.commit": False}
        )
        self.consumer.assign(
            [
                confluent_kafka.TopicPartition(topic, p, confluent_kafka.OFFSET_BEGINNING)
                for p in range(partitions)
            ]
        )
        self.records: list[tuple[bytes, dict[str, Any]]] = []

    def poll_until(self, done: Any, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and not done(self.records):
            msg = self.consumer.poll(0.2)
            if msg is not None and not msg.error():
                self.records.append((msg.key(), orjson.loads(msg.value())))

    def ids(self) -> set[str]:
        return {a["alert_id"] for _, a in self.records}


def test_sigkill_mid_stream_loses_no_alert_and_repeats_no_new(
    settings: Settings, worker_env: dict[str, str], workers: list[Worker], tmp_path: Path
) -> None:
    bootstrap = settings.kafka_bootstrap
    assert bootstrap is not None
    topics = settings.topics
    items = news_items()
    expected = reference_alerts(items)
    expected_ids = {a.alert_id for a in expected}
    incidents = {a.incident_id for a in expected}
    # The test means something only if the stream opens several incidents and updates them.
    assert len(incidents) >= 3 and any(a.status == "update" for a in expected)
    first_incident_alerts = {
        a.alert_id for a in expected if a.incident_id == expected[0].incident_id
    }

    producer = confluent_kafka.Producer({"bootstrap.servers": bootstrap, "acks": "all"})

    def send(batch: list[NewsItem]) -> None:
        for item in batch:
            # One partition: the worker sees the reports in the reference order.
            producer.produce(topics.raw, dumps(item), key=item.item_id.encode(), partition=0)
        assert producer.flush(10) == 0

    log = tmp_path / "worker.log"
    first = Worker(worker_env, log)
    workers.append(first)
    first.wait_for("worker ready", timeout_s=60)
    reader = AlertReader(bootstrap, topics.alerts, settings.topic_partitions)

    send(items[:KILL_AFTER])
    reader.poll_until(lambda recs: len(recs) >= 1, timeout_s=30)
    assert reader.records, "the first worker produced no alert"
    send(items[KILL_AFTER:RESTART_AT])
    first.proc.send_signal(signal.SIGKILL)
    assert first.proc.wait(timeout=10) == -signal.SIGKILL
    seen_before_restart = reader.ids()
    send(items[RESTART_AT:])

    second = Worker(worker_env, log)
    workers.append(second)
    second.wait_for("worker ready", timeout_s=60)
    reader.poll_until(lambda recs: expected_ids <= {a["alert_id"] for _, a in recs}, 60)
    reader.poll_until(lambda recs: False, timeout_s=3)  # anything extra would show up now
    second.proc.send_signal(signal.SIGTERM)
    assert second.proc.wait(timeout=40) == 0
    second.wait_for("worker stopped", timeout_s=5)
    reader.consumer.close()

    got = reader.ids()
    assert expected_ids - got == set(), "alerts lost across the SIGKILL"
    assert got - expected_ids == set(), "alerts the engine would not give (state lost?)"
    assert first_incident_alerts <= seen_before_restart | got
    news_per_incident: dict[str, set[str]] = defaultdict(set)
    for key, alert in reader.records:
        jsonschema.validate(alert, schemas.load("alert"))
        assert key.decode() == alert["incident_id"]
        if alert["status"] == "new":
            news_per_incident[alert["incident_id"]].add(alert["alert_id"])
    assert set(news_per_incident) == incidents
    assert all(len(ids) == 1 for ids in news_per_incident.values())
    # Same id -> same content: a duplicate from a replayed input is recognisable as such.
    by_id: dict[str, dict[str, Any]] = {}
    for _, alert in reader.records:
        assert by_id.setdefault(alert["alert_id"], alert) == alert
