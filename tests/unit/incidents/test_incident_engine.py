"""IncidentEngine: clustering, lifecycle, idempotency, determinism and bounds (no broker)."""

from __future__ import annotations

from datetime import date, timedelta

import orjson
import pytest

from monitor.incidents import ClusterConfig, IncidentEngine
from monitor.models import Alert, Analysis, NewsItem, dumps
from tests.unit.incidents.helpers import (
    BAGHDAD,
    BUKAMAL,
    DEIR,
    IRGC_TARGET,
    MAYADIN,
    MILITIA_ATTACKER,
    OMAR,
    TANF,
    US_ATTACKER,
    US_TARGET,
    analysis,
    at,
    item,
)

D3 = date(2024, 2, 3)

# Incident A: US strikes near Al-Mayadin on 3 Feb, reported by three outlets in their own words.
A1 = item(
    "wakala:1",
    "وكالة الشرق",
    "غارات أمريكية تستهدف مواقع للحرس الثوري في ريف دير الزور",
    "شنت طائرات حربية أمريكية فجر اليوم السبت غارات على مواقع تابعة للحرس الثوري الإيراني "
    "والميليشيات الموالية له قرب مدينة الميادين، ما أدى إلى مقتل ستة عناصر.",
    at(3, 8),
)
A1_AN = analysis("wakala:1", event_date=D3, locations=(MAYADIN, DEIR), killed=6)
A2 = item(
    "mawqi:7",
    "موقع الفرات",
    "مقتل تسعة عناصر من ميليشيات إيران بقصف أمريكي شرقي سوريا",
    "قتل تسعة عناصر من الميليشيات المدعومة من إيران في ضربات جوية نفذتها مقاتلات أمريكية فجر "
    "السبت على مقرات للحرس الثوري في الميادين بريف دير الزور الشرقي.",
    at(3, 11),
)
A2_AN = analysis("mawqi:7", event_date=D3, locations=(MAYADIN,), killed=9)
# Same outlet as A1, a re-publication with nothing new.
A1B = item(
    "wakala:2",
    "وكالة الشرق",
    "الحرس الثوري يتعرض لغارات أمريكية في ريف دير الزور",
    "غارات جوية أمريكية فجر السبت على مواقع الحرس الثوري قرب الميادين وسقوط ستة قتلى.",
    at(3, 12),
)
A1B_AN = analysis("wakala:2", event_date=D3, locations=(MAYADIN,), killed=6)
# An outlet that names no place at all.
A3 = item(
    "sahifa:3",
    "صحيفة البادية",
    "غارات أمريكية على مواقع الحرس الثوري",
    "استهدفت طائرات أمريكية فجر السبت مواقع للحرس الثوري الإيراني وسط أنباء عن سقوط قتلى.",
    at(3, 14),
)
A3_AN = analysis("sahifa:3", event_date=D3)
# Incident B: another strike at the same place a week later.
B1 = item(
    "wakala:9",
    "وكالة الشرق",
    "غارات أمريكية جديدة على مواقع للحرس الثوري في الميادين",
    "عادت الطائرات الأمريكية لقصف مواقع الحرس الثوري الإيراني في مدينة الميادين بريف دير الزور.",
    at(10, 9),
)
B1_AN = analysis("wakala:9", event_date=date(2024, 2, 10), locations=(MAYADIN,))
# Incident C: the militias' rocket attack on the Al-Omar base on the same day as A.
C1 = item(
    "mawqi:8",
    "موقع الفرات",
    "هجوم صاروخي على قاعدة حقل العمر في ريف دير الزور",
    "استهدفت الميليشيات المدعومة من إيران قاعدة التحالف في حقل العمر النفطي بعدة صواريخ مساء "
    "السبت، ردا على الغارات الأمريكية.",
    at(3, 20),
)
C1_AN = analysis(
    "mawqi:8",
    event_date=D3,
    locations=(OMAR,),
    actors=(MILITIA_ATTACKER, US_TARGET),
    event_types=("Shelling/artillery/missile attack",),
    weapons=("rocket",),
)


def run(
    engine: IncidentEngine, stream: list[tuple[NewsItem, Analysis]]
) -> tuple[bytes, list[Alert]]:
    state: bytes | None = None
    alerts: list[Alert] = []
    for it, an in stream:
        state, out = engine.observe(state, it, an)
        alerts.extend(out)
    assert state is not None
    return state, alerts


def test_reworded_reports_of_one_incident_make_one_new_and_a_justified_update() -> None:
    _, alerts = run(IncidentEngine(), [(A1, A1_AN), (A2, A2_AN), (A3, A3_AN)])
    assert [(a.status, a.version) for a in alerts] == [("new", 1), ("update", 2), ("update", 3)]
    assert len({a.incident_id for a in alerts}) == 1
    first, second, third = alerts
    assert first.alert_id == f"{first.incident_id}:v1"
    assert first.changes == ("first_report",)
    assert "new_outlet: موقع الفرات" in second.changes
    assert any(c.startswith("casualties: killed (iran_aligned) 6 -> 6-9") for c in second.changes)
    # The third report names no place and adds no figure: only its outlet is new.
    assert third.changes == ("new_outlet: صحيفة البادية",)
    assert [r.item_id for r in third.reports] == ["wakala:1", "mawqi:7", "sahifa:3"]
    assert first.headline == A1.title
    assert third.first_seen == at(3, 8) and third.last_seen == at(3, 14)


def test_casualty_figures_keep_every_outlet_with_min_and_max() -> None:
    _, alerts = run(IncidentEngine(), [(A1, A1_AN), (A2, A2_AN)])
    (killed,) = alerts[-1].facts.casualties
    assert (killed.kind, killed.side, killed.min, killed.max) == ("killed", "iran_aligned", 6, 9)
    assert [(f.outlet, f.count, f.item_id) for f in killed.figures] == [
        ("وكالة الشرق", 6, "wakala:1"),
        ("موقع الفرات", 9, "mawqi:7"),
    ]
    assert alerts[-1].severity == "high"  # killed >= 5 in the default table
    assert "6-9 killed" in alerts[-1].summary_en
    assert "reports from 2 outlets" in alerts[-1].summary_en


def test_duplicate_item_yields_no_alert_and_leaves_the_state_as_it_was() -> None:
    engine = IncidentEngine()
    state, _ = run(engine, [(A1, A1_AN), (A2, A2_AN)])
    again, alerts = engine.observe(state, A1, A1_AN)
    assert alerts == []
    assert again == state


def test_same_outlet_republishing_without_new_facts_yields_no_alert() -> None:
    engine = IncidentEngine()
    state, _ = run(engine, [(A1, A1_AN)])
    state2, alerts = engine.observe(state, A1B, A1B_AN)
    assert alerts == []
    incidents = orjson.loads(state2)["incidents"]
    assert len(incidents) == 1 and len(incidents[0]["reports"]) == 2


def test_same_place_another_day_is_another_incident() -> None:
    _, alerts = run(IncidentEngine(), [(A1, A1_AN), (B1, B1_AN)])
    assert [a.status for a in alerts] == ["new", "new"]
    assert alerts[0].incident_id != alerts[1].incident_id
    assert alerts[1].incident_id.startswith("inc-20240210-")


def test_same_place_next_day_reworded_is_another_incident() -> None:
    nxt = item(
        "mawqi:20",
        "موقع الفرات",
        "قصف جوي يطال مقرا لميليشيا موالية لإيران في الميادين",
        "تعرض مقر لميليشيا تابعة للحرس الثوري في الميادين لقصف جوي أمريكي مساء الأحد دون معلومات "
        "عن خسائر.",
        at(4, 21),
    )
    nxt_an = analysis("mawqi:20", event_date=date(2024, 2, 4), locations=(MAYADIN,))
    _, alerts = run(IncidentEngine(), [(A1, A1_AN), (nxt, nxt_an)])
    assert [a.status for a in alerts] == ["new", "new"]


def test_attack_and_the_strike_it_answers_stay_apart_on_the_same_day() -> None:
    _, alerts = run(IncidentEngine(), [(A1, A1_AN), (C1, C1_AN)])
    assert [a.status for a in alerts] == ["new", "new"]
    assert alerts[1].severity == "high"  # an attack on a base
    assert alerts[1].summary_en.startswith("Iran-aligned rocket attack on Al-Omar oil field")


def test_new_place_is_a_material_change() -> None:
    a4 = item(
        "jarida:4",
        "وكالة الشرق",
        "الطيران الأمريكي يقصف مستودعات للحرس الثوري في الميادين والبوكمال",
        "وسعت المقاتلات الأمريكية غاراتها فجر السبت لتشمل مستودعات أسلحة قرب البوكمال.",
        at(3, 16),
    )
    a4_an = analysis("jarida:4", event_date=D3, locations=(MAYADIN, BUKAMAL), killed=6)
    _, alerts = run(IncidentEngine(), [(A1, A1_AN), (a4, a4_an)])
    assert [a.version for a in alerts] == [1, 2]
    assert alerts[1].changes == ("new_place: Albukamal",)
    assert [loc.name for loc in alerts[1].facts.locations] == [
        "Al-Mayadin",
        "Deir ez-Zor",
        "Albukamal",
    ]


def test_same_inputs_give_the_same_bytes_and_alerts() -> None:
    stream = [(A1, A1_AN), (C1, C1_AN), (A2, A2_AN), (B1, B1_AN), (A3, A3_AN), (A1, A1_AN)]
    s1, a1 = run(IncidentEngine(), stream)
    s2, a2 = run(IncidentEngine(), stream)
    assert s1 == s2
    assert [dumps(a) for a in a1] == [dumps(a) for a in a2]


def test_irrelevant_analysis_changes_nothing() -> None:
    engine = IncidentEngine()
    state, _ = run(engine, [(A1, A1_AN)])
    out, alerts = engine.observe(state, A2, analysis("mawqi:7", relevant=False))
    assert (out, alerts) == (state, [])


def test_mismatched_analysis_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="analysis is for item 'mawqi:7', not for item 'wakala:1'"):
        IncidentEngine().observe(None, A1, A2_AN)


def test_old_incidents_are_evicted_and_their_items_stay_deduplicated() -> None:
    engine = IncidentEngine(config=ClusterConfig(evict_after_h=72))
    state, _ = run(engine, [(A1, A1_AN), (A2, A2_AN)])
    state, alerts = engine.observe(state, B1, B1_AN)  # 7 days later
    data = orjson.loads(state)
    assert [i["incident_id"] for i in data["incidents"]] == [alerts[0].incident_id]
    assert len(data["tombstones"]) == 2
    again, none = engine.observe(state, A2, A2_AN)
    assert none == [] and again == state


def test_state_stays_bounded_over_a_long_stream() -> None:
    engine = IncidentEngine(config=ClusterConfig(max_incidents=5, max_tombstones=20))
    state: bytes | None = None
    sizes = []
    for n in range(60):
        day = at(1) + timedelta(days=2 * n)
        it = item(
            f"feed:{n}",
            "وكالة الشرق",
            f"غارة أمريكية رقم {n} على موقع للحرس الثوري",
            "قصفت طائرات أمريكية موقعا للحرس الثوري الإيراني في ريف دير الزور الشرقي.",
            day,
        )
        state, alerts = engine.observe(state, it, analysis(it.item_id, event_date=day.date()))
        assert len(alerts) == 1 and alerts[0].status == "new"
        sizes.append(len(state))
    data = orjson.loads(state or b"{}")
    assert len(data["incidents"]) <= 5
    assert len(data["tombstones"]) == 20
    assert max(sizes[20:]) < 1.2 * min(sizes[20:])  # no growth once the window is full


def test_incident_outside_every_profile_raises_no_alert_until_it_matches() -> None:
    baghdad = analysis("wakala:1", event_date=D3, locations=(BAGHDAD,))
    engine = IncidentEngine()
    state, alerts = engine.observe(None, A1, baghdad)
    assert alerts == []
    # A second report places the same strike in Syria: now the profile matches -> new (v1).
    a2 = analysis("mawqi:7", event_date=D3, locations=(BAGHDAD, MAYADIN), killed=9)
    _, alerts = engine.observe(state, A2, a2)
    assert [(a.status, a.version, a.profile) for a in alerts] == [("new", 1, "us-iran-syria")]


def test_cluster_key_is_the_theatre_for_every_report() -> None:
    engine = IncidentEngine()
    keys = {engine.cluster_key(i, a) for i, a in [(A1, A1_AN), (A3, A3_AN), (C1, C1_AN)]}
    assert keys == {"theatre:syria-iraq"}
    assert IncidentEngine(config=ClusterConfig(theatre="lebanon")).cluster_key(A1, A1_AN) == (
        "theatre:lebanon"
    )


def _busy_week(engine: IncidentEngine, incidents: int, reports: int) -> bytes:
    """``incidents`` strikes on different days, each reported by ``reports`` outlets."""
    state: bytes | None = None
    for n in range(incidents):
        when = at(1) + timedelta(hours=50 * n)
        for r in range(reports):
            it = item(
                f"feed{r}:{n}",
                f"منفذ إخباري رقم {r}",
                f"غارات أمريكية على مواقع للحرس الثوري في الميادين والبوكمال - تقرير {r}",
                "قصفت مقاتلات أمريكية مواقع ومستودعات للحرس الثوري الإيراني في ريف دير الزور "
                "الشرقي، وتحدثت مصادر محلية عن سقوط قتلى وجرحى في صفوف الميليشيات.",
                when + timedelta(minutes=10 * r),
            )
            an = analysis(
                it.item_id, event_date=when.date(), locations=(MAYADIN, BUKAMAL), killed=5 + r % 3
            )
            state, _ = engine.observe(state, it, an)
    assert state is not None
    return state


def test_state_never_exceeds_its_byte_bound() -> None:
    engine = IncidentEngine(config=ClusterConfig(max_state_bytes=60_000))
    state = _busy_week(engine, incidents=12, reports=8)
    data = orjson.loads(state)
    assert len(state) <= 60_000
    assert 1 <= len(data["incidents"]) < 12
    assert len(data["tombstones"]) == 8 * (12 - len(data["incidents"]))


def test_reports_beyond_the_stored_bound_still_count_their_outlet() -> None:
    engine = IncidentEngine(config=ClusterConfig(max_reports=3))
    data = orjson.loads(_busy_week(engine, incidents=1, reports=6))
    (inc,) = data["incidents"]
    assert (len(inc["reports"]), inc["overflow"], len(inc["outlets"]), inc["version"]) == (
        3,
        3,
        6,
        6,
    )


def test_a_round_up_article_does_not_chain_two_incidents() -> None:
    roundup = item(
        "marsad:5",
        "مرصد الشرق",
        "غارات أمريكية على الميادين وهجوم بمسيرة على قاعدة التنف",
        "شنت طائرات أمريكية فجر السبت غارات على مواقع للحرس الثوري في الميادين، فيما استهدفت "
        "مسيرة قاعدة التنف.",
        at(3, 12),
    )
    roundup_an = analysis(
        "marsad:5",
        event_date=D3,
        locations=(MAYADIN, TANF),
        actors=(US_ATTACKER, IRGC_TARGET, MILITIA_ATTACKER, US_TARGET),
    )
    tanf = item(
        "sahifa:6",
        "صحيفة البادية",
        "هجوم بطائرة مسيرة على قاعدة التنف",
        "استهدفت طائرة مسيرة فجر السبت قاعدة التنف دون إصابات.",
        at(3, 13),
    )
    tanf_an = analysis(
        "sahifa:6",
        event_date=D3,
        locations=(TANF,),
        actors=(MILITIA_ATTACKER, US_TARGET),
        weapons=("drone",),
    )
    _, alerts = run(IncidentEngine(), [(A1, A1_AN), (roundup, roundup_an), (tanf, tanf_an)])
    assert [(a.status, a.version) for a in alerts] == [("new", 1), ("update", 2), ("new", 1)]
    assert alerts[1].incident_id == alerts[0].incident_id != alerts[2].incident_id


def test_a_wrong_future_date_does_not_evict_live_incidents() -> None:
    engine = IncidentEngine()
    state, _ = run(engine, [(A1, A1_AN)])
    bogus = B1.model_copy(
        update={
            "item_id": "bad:1",
            "published_at": at(3).replace(year=2099),
            "fetched_at": at(3, 12),
        }
    )
    state, _ = engine.observe(state, bogus, analysis("bad:1", locations=(MAYADIN,)))
    data = orjson.loads(state)
    assert len(data["incidents"]) == 1 and data["newest"].startswith("2024-02-04T12:00")
    _, alerts = engine.observe(state, A2, A2_AN)  # A is still live: an update, not a new
    assert [(a.status, a.version) for a in alerts] == [("update", 2)]


def test_a_region_is_not_a_new_place() -> None:
    from monitor.models import Location

    east = Location(text="شرق سوريا", name="Eastern Syria", country="SY", kind="region")
    a4 = item("jarida:9", "وكالة الشرق", A1.title, A1.body, at(3, 16))
    a4_an = analysis("jarida:9", event_date=D3, locations=(MAYADIN, east), killed=6)
    _, alerts = run(IncidentEngine(), [(A1, A1_AN), (a4, a4_an)])
    assert [a.version for a in alerts] == [1]


def test_headline_is_the_earliest_title_whatever_the_arrival_order() -> None:
    untitled = A2.model_copy(update={"item_id": "mawqi:70", "title": "", "published_at": at(3, 7)})
    _, in_order = run(
        IncidentEngine(),
        [(untitled, A2_AN.model_copy(update={"item_id": "mawqi:70"})), (A1, A1_AN), (A2, A2_AN)],
    )
    _, reversed_ = run(IncidentEngine(), [(A2, A2_AN), (A1, A1_AN)])
    assert in_order[0].headline.startswith("قتل تسعة عناصر")  # a first sentence, until a title
    assert in_order[-1].headline == A1.title == reversed_[-1].headline


def test_a_figure_without_a_side_joins_the_one_side_others_give() -> None:
    unsided = analysis("mawqi:7", event_date=D3, locations=(MAYADIN,), killed=9, killed_side=None)
    _, alerts = run(IncidentEngine(), [(A1, A1_AN), (A2, unsided)])
    (killed,) = alerts[-1].facts.casualties
    assert (killed.side, killed.min, killed.max, len(killed.figures)) == ("iran_aligned", 6, 9, 2)
