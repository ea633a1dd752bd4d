"""Benchmark: whole analysis of ~2 KB Arabic news items, in items/s, against JSON round trips.

    .venv/bin/python benchmarks/bench_analysis.py [--seconds 3]

Prints items/s for ``Analyzer.analyse`` and for ``json.loads`` + ``json.dumps`` of the same item
measured in the same run, and their ratio (how many JSON round trips one analysis costs), so the
figure means something on any machine. The items are built from sentences written for this
benchmark (no corpus text), mixing relevant and irrelevant stories, about 2 KB each.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import UTC, datetime

from monitor.analysis import Analyzer
from monitor.models import NewsItem

_SENTENCES = (
    "شنت طائرات حربية أمريكية فجر اليوم الخميس غارات على مواقع تابعة لميليشيات مدعومة من إيران "
    "في ريف البوكمال شرقي دير الزور، ما أسفر عن مقتل سبعة عناصر وإصابة آخرين.",
    "وقال المتحدث باسم القيادة المركزية الأمريكية إن الضربات استهدفت مستودعات أسلحة ومقرات "
    "يستخدمها الحرس الثوري الإيراني والفصائل الموالية له.",
    "وتعرضت قاعدة حقل العمر النفطي لهجوم بعدة صواريخ أطلقت من مناطق سيطرة الفصائل، دون وقوع "
    "إصابات في صفوف الجنود، بحسب مصادر محلية.",
    "وكانت القواعد الأمريكية في سوريا قد تعرضت خلال الأشهر الماضية لعشرات الهجمات بالطائرات "
    "المسيرة والقذائف الصاروخية.",
    "وفي سياق آخر، ارتفعت أسعار المحروقات في أسواق المنطقة الشرقية بعد تراجع الإنتاج في الحقول.",
    "من جهة أخرى، قصف الطيران الإسرائيلي مواقع في محيط العاصمة دمشق الليلة الماضية، وفق وسائل "
    "إعلام رسمية.",
    "وأعلنت المقاومة الإسلامية في العراق مسؤوليتها عن استهداف قاعدة التنف بطائرتين مسيرتين.",
    "وتشهد المنطقة توترا متصاعدا منذ أسابيع مع تبادل الاتهامات بين واشنطن وطهران.",
)


def _item(i: int) -> NewsItem:
    parts: list[str] = []
    k = i
    while sum(len(p) + 1 for p in parts) < 2000:
        parts.append(_SENTENCES[k % len(_SENTENCES)])
        k += 3
    return NewsItem(
        item_id=f"bench:{i}",
        feed_id="bench",
        outlet="bench",
        url=f"https://example.org/{i}",
        title=_SENTENCES[i % len(_SENTENCES)][:90],
        body=" ".join(parts),
        lang="ar",
        published_at=datetime(2024, 2, 3, 12, tzinfo=UTC),
        fetched_at=datetime(2024, 2, 3, 12, 5, tzinfo=UTC),
    )


def _rate(fn: object, items: list[object], seconds: float) -> float:
    call = fn  # type: ignore[assignment]
    done = 0
    start = time.perf_counter()
    while True:
        for it in items:
            call(it)  # type: ignore[operator]
        done += len(items)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    args = parser.parse_args()
    analyzer = Analyzer()
    items = [_item(i) for i in range(16)]
    size = sum(len(it.model_dump_json()) for it in items) / len(items)
    payloads = [it.model_dump_json() for it in items]

    def roundtrip(text: object) -> None:
        json.dumps(json.loads(text), ensure_ascii=False)  # type: ignore[arg-type]

    for it in items:  # warm up caches
        analyzer.analyse(it)
    analysis = _rate(analyzer.analyse, items, args.seconds)  # type: ignore[arg-type]
    baseline = _rate(roundtrip, payloads, args.seconds)  # type: ignore[arg-type]
    relevant = sum(analyzer.analyse(it).relevant for it in items)
    print(f"items: {len(items)} of {size:.0f} B JSON on average, {relevant} relevant")
    print(f"analysis:                 {analysis:10.0f} items/s ({1e6 / analysis:.0f} µs/item)")
    print(f"json.loads + json.dumps:  {baseline:10.0f} items/s ({1e6 / baseline:.1f} µs/item)")
    print(f"ratio: one analysis costs {baseline / analysis:.1f} JSON round trips")
    print(f"target 5000 items/s/core: {'met' if analysis >= 5000 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
