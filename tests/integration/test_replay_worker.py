"""``marsad replay`` with the real worker on the real broker: waiting, counting, determinism.

The same archive replayed into two fresh namespaces must give the same verdicts and the same
alerts (ids, facts, versions) byte for byte, and leave the live namespace untouched.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from monitor.kafka import ensure_topics
from monitor.models import NewsItem, loads_alert
from monitor.replay.progress import PlainProgress
from monitor.replay.runner import ReplayOptions, replay_settings, run_replay
from monitor.replay.sources import open_source
from monitor.settings import Settings
from tests.integration.test_replay import read_topic, write_archive

try:
    from monitor.analysis import Analyzer  # noqa: F401 - the worker's default analyser
except ImportError:  # pragma: no cover - only while the analysis engine is being built
    pytest.skip(
        "the analysis engine (monitor.analysis.Analyzer) is not there yet", allow_module_level=True
    )

DAY = datetime(2024, 2, 3, 5, 0, tzinfo=UTC)

# Reports written for this test: two incidents told by several outlets, and everyday news.
_REPORTS = (
    (
        "sham",
        "غارات أمريكية على مواقع لفصائل موالية لإيران في البوكمال",
        "شنت طائرات أمريكية فجر اليوم السبت غارات على مواقع لفصائل عراقية موالية لإيران في "
        "مدينة البوكمال بريف دير الزور الشرقي، ما أسفر عن مقتل أربعة عناصر وإصابة آخرين.",
    ),
    (
        "furat",
        "مقتل 4 عناصر من ميليشيات إيران بقصف أمريكي في البوكمال",
        "قالت مصادر محلية إن مقاتلات التحالف الدولي بقيادة واشنطن قصفت مقرات للحرس الثوري "
        "الإيراني وميليشيات تابعة له في البوكمال قرب الحدود العراقية، وقتل أربعة عناصر.",
    ),
    (
        "sham",
        "افتتاح معرض للكتاب في مدينة اللاذقية",
        "افتتح اليوم معرض للكتاب بمشاركة عشرات دور النشر وسط إقبال من الطلاب والعائلات.",
    ),
    (
        "badia",
        "هجوم بطائرة مسيرة على قاعدة التحالف في حقل العمر النفطي",
        "تعرضت قاعدة القوات الأمريكية في حقل العمر النفطي بريف دير الزور لهجوم بطائرة مسيرة "
        "مساء اليوم، وتبنت المقاومة الإسلامية في العراق الهجوم دون أن تعلن واشنطن عن إصابات.",
    ),
    (
        "furat",
        "ارتفاع أسعار المحروقات في محافظة حماة",
        "شهدت محطات الوقود في حماة ازدحاما بعد رفع سعر ليتر المازوت للمرة الثانية هذا الشهر.",
    ),
    (
        "sham",
        "طائرة مسيرة تستهدف القاعدة الأمريكية في حقل العمر",
        "أفاد مراسلنا بأن طائرة مسيرة انطلقت من مناطق سيطرة الفصائل الموالية لإيران غرب الفرات "
        "استهدفت قاعدة التحالف الدولي في حقل العمر، وسمع دوي انفجار في المنطقة.",
    ),
)


def corpus() -> list[NewsItem]:
    items = []
    for n, (feed, title, body) in enumerate(_REPORTS):
        fetched = DAY + timedelta(minutes=25 * n)
        items.append(
            NewsItem(
                item_id=f"{feed}:{n:03d}",
                feed_id=feed,
                outlet={"sham": "شبكة الشام", "furat": "وكالة الفرات", "badia": "إذاعة البادية"}[
                    feed
                ],
                url=f"https://example.org/{feed}/{n}",
                title=title,
                summary=body[:90],
                body=body,
                lang="ar",
                published_at=fetched - timedelta(minutes=5),
                fetched_at=fetched,
            )
        )
    return items


async def replay_into(settings: Settings, archive: Path, name: str) -> object:
    return await run_replay(
        settings,
        open_source(str(archive)),
        ReplayOptions(name=name, wait_timeout_s=120, settle_s=3.0),
        reporter=PlainProgress(interval_s=60),
    )


async def test_same_archive_twice_gives_identical_verdicts_and_alerts(
    settings: Settings, tmp_path: Path
) -> None:
    archive = write_archive(tmp_path / "news-2024-02-03.jsonl.gz", corpus())
    await ensure_topics(settings)

    first = await replay_into(settings, archive, "det-a")
    second = await replay_into(settings, archive, "det-b")

    for summary in (first, second):
        w = summary.worker  # type: ignore[attr-defined]
        assert w is not None and w.complete, summary
        assert w.analysed == len(_REPORTS) and w.dead_letters == 0
        assert w.relevant >= 2 and w.incidents >= 1 and w.alerts >= w.incidents

    a, b = replay_settings(settings, "det-a"), replay_settings(settings, "det-b")
    verdicts_a = {r.key: r.value for r in await read_topic(a, a.topics.analysed)}
    verdicts_b = {r.key: r.value for r in await read_topic(b, b.topics.analysed)}
    assert len(verdicts_a) == len(_REPORTS)
    assert verdicts_a == verdicts_b  # byte for byte

    alerts_a = {
        loads_alert(r.value).alert_id: r.value for r in await read_topic(a, a.topics.alerts)
    }
    alerts_b = {
        loads_alert(r.value).alert_id: r.value for r in await read_topic(b, b.topics.alerts)
    }
    assert alerts_a and alerts_a == alerts_b  # same ids, facts, versions, byte for byte
    assert first.worker.incidents == second.worker.incidents  # type: ignore[attr-defined]
    for raw in alerts_a.values():
        alert = orjson.loads(raw)
        assert alert["alert_id"] == f"{alert['incident_id']}:v{alert['version']}"

    # The live namespace saw nothing.
    for topic in settings.topics:
        assert await read_topic(settings, topic, idle_s=0.5) == []


async def test_live_replay_with_worker_counts_only_its_own_items(
    settings: Settings, tmp_path: Path
) -> None:
    from aiokafka import AIOKafkaProducer

    from monitor.kafka import client_kwargs
    from monitor.models import dumps

    items = corpus()
    await ensure_topics(settings)
    producer = AIOKafkaProducer(**client_kwargs(settings), acks="all")
    await producer.start()
    try:
        for item in items[:2]:  # already live before the replay
            await producer.send(settings.topics.raw, key=item.item_id.encode(), value=dumps(item))
        await producer.flush()
    finally:
        await producer.stop()
    archive = write_archive(tmp_path / "news.jsonl.gz", items)

    summary = await run_replay(
        settings,
        open_source(str(archive)),
        ReplayOptions(name="backfill", live=True, wait_timeout_s=120),
        reporter=PlainProgress(interval_s=60),
    )

    assert (summary.sent, summary.duplicates) == (len(items) - 2, 2)
    w = summary.worker
    assert w is not None and w.complete
    assert w.analysed == len(items) - 2  # the live items the worker also processed don't count
    analysed = await read_topic(settings, settings.topics.analysed, want=len(items))
    assert sorted(r.key.decode() for r in analysed) == sorted(i.item_id for i in items)
