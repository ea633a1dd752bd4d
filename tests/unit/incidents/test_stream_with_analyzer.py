"""A replayed stream of our own Arabic reports through the real Analyzer and IncidentEngine.

Four incidents, each reported by several outlets in their own words, with a repeated item: exactly
one ``new`` per incident, updates only where the facts change, nothing for the repeat. The
relevance verdict is the analysis engine's business; every report here reaches the engine.
"""

from __future__ import annotations

from datetime import UTC, datetime

import orjson

from monitor.incidents import IncidentEngine
from monitor.models import Alert
from tests.unit.incidents.helpers import item as make_item


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 2, day, hour, minute, tzinfo=UTC)


# (incident, item id, outlet, published, title, body)
STREAM = [
    (
        "X",
        "a:101",
        "وكالة الشرق",
        _at(3, 1, 30),
        "مقاتلات أمريكية تقصف مواقع للحرس الثوري قرب البوكمال",
        "شنت مقاتلات أمريكية ليل الجمعة غارات على مواقع تابعة للحرس الثوري الإيراني والفصائل "
        "الموالية له في محيط مدينة البوكمال شرقي دير الزور، وفق مصادر محلية.",
    ),
    (
        "X",
        "b:201",
        "موقع الفرات",
        _at(3, 6),
        "ارتفاع حصيلة الغارات الأمريكية في ريف دير الزور إلى 18 قتيلا",
        "قالت مصادر محلية إن حصيلة قتلى الغارات الأمريكية التي استهدفت مقرات الفصائل الموالية "
        "لإيران في البوكمال والميادين ليل الجمعة ارتفعت إلى 18 قتيلا.",
    ),
    (
        "Y",
        "a:102",
        "وكالة الشرق",
        _at(4, 8),
        "هجوم بطائرة مسيرة على قاعدة التنف",
        "تعرضت قاعدة التنف التابعة للتحالف الدولي صباح اليوم الأحد لهجوم بطائرة مسيرة، دون ورود "
        "أنباء عن إصابات.",
    ),
    (
        "X",
        "c:301",
        "صحيفة البادية",
        _at(3, 9),
        "القيادة المركزية الأمريكية: ضرباتنا في شرق سوريا استهدفت مراكز قيادة للحرس الثوري",
        "أعلنت القيادة المركزية الأمريكية أن طائراتها قصفت ليل الجمعة مراكز قيادة ومستودعات "
        "أسلحة للحرس الثوري الإيراني قرب البوكمال في شرق سوريا.",
    ),
    (
        "Y",
        "b:202",
        "موقع الفرات",
        _at(4, 10),
        "المقاومة الإسلامية في العراق تتبنى استهداف قاعدة التنف",
        "أعلنت فصائل المقاومة الإسلامية في العراق مسؤوليتها عن استهداف قاعدة التنف الأمريكية "
        "بطائرة مسيرة صباح الأحد.",
    ),
    (
        "Z",
        "c:302",
        "صحيفة البادية",
        _at(5, 20),
        "قصف صاروخي يستهدف قاعدة حقل العمر",
        "استهدفت عدة صواريخ مساء الاثنين قاعدة التحالف الدولي في حقل العمر النفطي بريف دير الزور "
        "الشرقي، وسمعت أصوات انفجارات داخل القاعدة.",
    ),
    (
        "Z",
        "a:103",
        "وكالة الشرق",
        _at(5, 22),
        "انفجارات في قاعدة العمر إثر هجوم صاروخي",
        "دوت انفجارات في قاعدة حقل العمر شرقي دير الزور مساء الاثنين بعد سقوط صواريخ أطلقتها "
        "فصائل موالية لإيران، وأصيب جنديان أمريكيان بجروح طفيفة.",
    ),
    (
        "W",
        "b:203",
        "موقع الفرات",
        _at(10, 23),
        "غارة أمريكية جديدة على موقع للفصائل الإيرانية في البوكمال",
        "استهدفت غارة جوية أمريكية مساء السبت مستودعا للفصائل الموالية لإيران في مدينة البوكمال.",
    ),
]


def test_replayed_stream_gives_one_new_per_incident_and_justified_updates() -> None:
    from monitor.analysis import Analyzer

    analyzer, engine = Analyzer(), IncidentEngine()
    state: bytes | None = None
    incident_of: dict[str, str] = {}
    placed: dict[str, str] = {}
    alerts: list[Alert] = []
    first = STREAM[0]
    # The first report arrives twice (an at-least-once redelivery).
    for gold, item_id, outlet, published, title, body in [*STREAM, first]:
        item = make_item(item_id, outlet, title, body, published)
        analysis = analyzer.analyse(item).model_copy(update={"relevant": True})
        state, out = engine.observe(state, item, analysis)
        for a in out:
            assert item_id in {r.item_id for r in a.reports}
            incident_of.setdefault(gold, a.incident_id)
            assert a.incident_id == incident_of[gold], (
                f"{item_id} ({gold}) went to another incident"
            )
        alerts.extend(out)
        for inc in orjson.loads(state)["incidents"]:
            if any(r["item_id"] == item_id for r in inc["reports"]):
                placed[item_id] = inc["incident_id"]

    # Every report, with or without an alert, sits in its incident (read before eviction).
    assert {i: placed[i] for _, i, *_ in STREAM} == {i: incident_of[g] for g, i, *_ in STREAM}
    news = [a for a in alerts if a.status == "new"]
    assert len(news) == 4 and len({a.incident_id for a in news}) == 4
    assert all(a.changes for a in alerts if a.status == "update")
    assert len({a.alert_id for a in alerts}) == len(alerts)
    x = [a for a in alerts if a.incident_id == incident_of["X"]]
    assert [a.version for a in x] == list(range(1, len(x) + 1))
    assert {r.item_id for r in x[-1].reports} == {"a:101", "b:201", "c:301"}
    assert "reports from 3 outlets" in x[-1].summary_en
