"""Poller benchmark: many generated Arabic feeds over local HTTP onto the embedded broker.

    .venv/bin/python benchmarks/bench_poll.py                       # 200 feeds x 50 items
    .venv/bin/python benchmarks/bench_poll.py --feeds 50 --items 20 # quick

Prints, on this machine:
- parse+normalise throughput of one document (feedparser + HTML->text + ids + language), items/s;
- language detection: the Arabic-script shortcut vs langdetect on a 300-char prefix vs the full
  text, ms per item;
- a first poll of every feed (fetch, parse, normalise, dedupe, publish acks=all, archive), items/s
  and wall time; then a second poll (conditional GET: every feed answers 304), wall time;
- peak RSS of this process (the poller; Tansu runs apart).
The sentences are written for this benchmark; nothing here reads ../shared.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from prometheus_client import CollectorRegistry

from monitor.broker import EmbeddedBroker
from monitor.metrics import Metrics
from monitor.poll.feeds import Feed
from monitor.poll.normalise import detect_lang
from monitor.poll.parse import normalise_document
from monitor.poll.service import Poller
from monitor.settings import Settings

# The test suite's feed server (a real aiohttp server on 127.0.0.1) lives in tests/.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.feed_server import FeedServer, Route

SUBJECTS = ["مصادر محلية", "ناشطون", "مراسلنا", "بيان رسمي", "شهود عيان", "وكالة محلية"]
EVENTS = [
    "أفادت بسقوط قذائف قرب سوق المدينة",
    "تحدثت عن اجتماع لبحث أسعار الخبز",
    "أكدت افتتاح مستشفى جديد في الريف الشرقي",
    "نقلت أن طائرات مسيرة حلقت فوق حقل نفطي",
    "ذكرت أن الطريق الدولي أغلق بسبب السيول",
    "قالت إن فرق الدفاع المدني أخمدت حريقاً كبيراً",
]
PLACES = ["دير الزور", "الحسكة", "البوكمال", "الميادين", "الرقة", "حلب", "دمشق", "حمص"]


def paragraph(rng: random.Random) -> str:
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(EVENTS)} في {rng.choice(PLACES)}، "
        f"وأضافت أن الأوضاع {rng.choice(['هادئة', 'متوترة', 'غير واضحة'])} حتى الساعة."
    )


def document(feed_no: int, items: int, rng: random.Random) -> bytes:
    entries = []
    for n in range(items):
        body = "".join(f"<p>{escape(paragraph(rng))}</p>" for _ in range(6))  # ~1.5 KB of text
        entries.append(
            f"<item><title>{escape(paragraph(rng)[:70])}</title>"
            f"<link>https://bench{feed_no}.example.org/news/{n}?utm_source=rss</link>"
            f"<guid>bench-{feed_no}-{n}</guid><pubDate>Sat, 03 Feb 2024 09:{n % 60:02d}:00 GMT"
            f"</pubDate><description><![CDATA[<p>{paragraph(rng)}</p>]]></description>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>موجز {feed_no}</title><link>https://bench{feed_no}.example.org/</link>"
        + "".join(entries)
        + "</channel></rss>"
    ).encode()


def bench_normalise(doc: bytes, items: int) -> None:
    rounds = 5
    started = time.perf_counter()
    for _ in range(rounds):
        result = normalise_document(doc, {}, feed_id="b", outlet="o", fetched_at=datetime.now(UTC))
        assert len(result.items) == items
    elapsed = time.perf_counter() - started
    print(
        f"parse+normalise: {rounds * items / elapsed:,.0f} items/s "
        f"({len(doc) / 1024:.0f} KB document of {items} items in {elapsed / rounds * 1000:.0f} ms)"
    )


def bench_lang(rng: random.Random) -> None:
    from langdetect import detect

    arabic = " ".join(paragraph(rng) for _ in range(8))
    english = "Officials said the convoy reached the crossing before dawn. " * 40
    detect_lang("warm up")
    for label, text, fn in (
        ("arabic, script shortcut", arabic, detect_lang),
        ("english, langdetect on 300 chars", english, detect_lang),
        ("english, langdetect on full text", english, detect),
    ):
        n = 50
        started = time.perf_counter()
        for _ in range(n):
            fn(text)
        print(
            f"lang {label} ({len(text)} chars): {(time.perf_counter() - started) / n * 1000:.2f} ms"
        )


async def bench_poll(bootstrap: str, feeds_n: int, items: int, rng: random.Random) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            kafka_bootstrap=bootstrap,
            topic_prefix=f"bench.{rng.randrange(1 << 30):x}.",
            state_dir=Path(tmp),
            metrics_port=0,
        )
        async with FeedServer() as server:
            feeds = [
                Feed(
                    id=f"f{n}",
                    url=server.add(f"/f{n}.xml", Route(document(n, items, rng))),
                    outlet="bench",
                )
                for n in range(feeds_n)
            ]
            async with Poller(settings, feeds, Metrics(CollectorRegistry())) as poller:
                started = time.perf_counter()
                first = await poller.poll_once()
                t1 = time.perf_counter() - started
                started = time.perf_counter()
                second = await poller.poll_once()
                t2 = time.perf_counter() - started
        new = sum(r.new for r in first)
        assert new == feeds_n * items, [r.line() for r in first if not r.healthy][:3]
        assert all(r.outcome == "not_modified" for r in second)
        print(
            f"first poll: {feeds_n} feeds, {new} items published in {t1:.1f} s "
            f"= {new / t1:,.0f} items/s (fetch, parse, dedupe, acks=all, archive)"
        )
        print(f"second poll (all 304 Not Modified): {t2:.2f} s")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the poller process: {peak_mb:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    args = parser.parse_args()
    rng = random.Random(7)
    bench_normalise(document(0, args.items, rng), args.items)
    bench_lang(rng)
    with EmbeddedBroker() as broker:
        asyncio.run(bench_poll(broker.bootstrap, args.feeds, args.items, rng))


if __name__ == "__main__":
    main()
