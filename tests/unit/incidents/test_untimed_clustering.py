"""Clustering when time gives no evidence: undated reports fetched in one batch.

The first poll of a feed without dates returns weeks of stories at one fetch time. Two reports of
different drone attacks on one base then agree on time, place, sides and most words; only a copy
of the text, or a re-worded report corroborated by the same toll, may join.
"""

from __future__ import annotations

from datetime import timedelta

import orjson

from monitor.incidents import STATE_VERSION, ClusterConfig, IncidentEngine
from monitor.models import Analysis, NewsItem
from tests.unit.incidents.helpers import MILITIA_ATTACKER, TANF, US_TARGET, analysis, at, item

ATTACK = (MILITIA_ATTACKER, US_TARGET)
BATCH = at(1)

# Incident U: three drones on Al-Tanf, two partner-force fighters wounded.
U1 = item(
    "badia:1",
    "شبكة البادية",
    "هجوم بطائرات مسيرة على قاعدة التنف وإصابة مقاتلين اثنين",
    "أعلنت قوات التحالف الدولي أن ثلاث طائرات مسيرة هاجمت قاعدة التنف قرب الحدود السورية "
    "العراقية ليل الجمعة، وأسفر الهجوم عن إصابة مقاتلين اثنين من القوات الشريكة بجروح طفيفة. "
    "وقال المتحدث إن الدفاعات الجوية أسقطت طائرتين قبل وصولهما إلى القاعدة.",
    None,
)


def two_wounded_at_tanf(item_id: str) -> Analysis:
    """What the analysis finds in a report of incident U."""
    return analysis(
        item_id,
        locations=(TANF,),
        actors=ATTACK,
        wounded=2,
        wounded_side="us_coalition",
        weapons=("drone",),
    )


U1_AN = two_wounded_at_tanf("badia:1")
# Incident V: another day, one drone shot down near the same base, nobody hurt.
V1 = item(
    "rased:4",
    "مرصد الحدود",
    "التحالف الدولي يسقط طائرة مسيرة قرب قاعدة التنف",
    "أسقطت دفاعات قاعدة التنف التابعة للتحالف الدولي طائرة مسيرة مفخخة كانت تقترب من القاعدة "
    "قرب الحدود السورية العراقية، من دون وقوع إصابات أو أضرار.",
    None,
)
V1_AN = analysis("rased:4", locations=(TANF,), actors=ATTACK, weapons=("drone",))


def lead_copy(original: NewsItem, item_id: str, hours: int = 2) -> NewsItem:
    """Another outlet's feed entry: the original title and first sentence, fetched later."""
    return original.model_copy(
        update={
            "item_id": item_id,
            "outlet": "وكالة ناقلة",
            "url": f"https://example.org/{item_id}",
            "summary": original.body.split(".")[0] + ".",
            "body": "",
            "fetched_at": original.fetched_at + timedelta(hours=hours),
        }
    )


def incidents_of(state: bytes) -> list[set[str]]:
    return [{r["item_id"] for r in inc["reports"]} for inc in orjson.loads(state)["incidents"]]


def run(stream: list[tuple[NewsItem, Analysis]], config: ClusterConfig | None = None) -> bytes:
    engine, state = IncidentEngine(config=config), None
    for it, an in stream:
        state, _ = engine.observe(state, it, an)
    assert state is not None
    return state


def test_undated_reports_of_two_attacks_on_one_base_stay_apart() -> None:
    # They share the base, the sides, the weapon and many words (more than U1 shares with its
    # re-worded report below): that alone is no evidence of one incident.
    assert U1.fetched_at == V1.fetched_at == BATCH
    state = run([(U1, U1_AN), (V1, V1_AN)])
    assert incidents_of(state) == [{"badia:1"}, {"rased:4"}]


def test_an_undated_copy_of_the_title_and_lead_joins_its_report() -> None:
    copy = lead_copy(U1, "naqil:1")
    copy_an = two_wounded_at_tanf("naqil:1")
    state = run([(U1, U1_AN), (V1, V1_AN), (copy, copy_an)])
    assert incidents_of(state) == [{"badia:1", "naqil:1"}, {"rased:4"}]


def test_an_undated_reworded_report_joins_when_site_and_toll_agree() -> None:
    reworded = item(
        "furat:2",
        "موقع الفرات",
        "إصابة عنصرين من القوات الشريكة بهجوم مسيرات على التنف",
        "جرح عنصران من القوات الشريكة للتحالف الدولي إثر هجوم بثلاث طائرات مسيرة على قاعدة "
        "التنف الواقعة في المثلث الحدودي.",
        None,
    )
    an = two_wounded_at_tanf("furat:2")
    assert incidents_of(run([(U1, U1_AN), (V1, V1_AN), (reworded, an)])) == [
        {"badia:1", "furat:2"},
        {"rased:4"},
    ]
    # The same words with another toll are no corroboration.
    other_toll = an.model_copy(update={"casualties": ()})
    assert len(incidents_of(run([(U1, U1_AN), (reworded, other_toll)]))) == 2


def test_an_undated_lower_figure_counts_against_a_later_higher_one_is_a_rising_toll() -> None:
    # A copy's text outweighs a conflicting figure at the default threshold; a stricter one
    # makes the figures decide. No place named: only text, event type and figures speak.
    strict = ClusterConfig(join_threshold=0.75)
    first = analysis("badia:1", actors=ATTACK, wounded=4, wounded_side="us_coalition")
    lower = analysis("naqil:1", actors=ATTACK, wounded=1, wounded_side="us_coalition")
    higher = analysis("naqil:1", actors=ATTACK, wounded=6, wounded_side=None)
    copy = lead_copy(U1, "naqil:1")
    assert len(incidents_of(run([(U1, first), (copy, lower)]))) == 1
    assert len(incidents_of(run([(U1, first), (copy, lower)], strict))) == 2
    assert len(incidents_of(run([(U1, first), (copy, higher)], strict))) == 1
    # The higher figure arriving first is no rise: the later report lowers it.
    earlier = lead_copy(U1, "naqil:1", hours=-2)
    assert len(incidents_of(run([(U1, first), (earlier, higher)], strict))) == 2


def test_a_version_1_state_is_read_and_upgraded() -> None:
    old = orjson.loads(run([(U1, U1_AN), (V1, V1_AN)]))
    old["v"] = 1
    for inc in old["incidents"]:
        del inc["shingles"]
    copy = lead_copy(U1, "naqil:1")
    copy_an = analysis("naqil:1", locations=(TANF,), actors=ATTACK, weapons=("drone",))
    state, _ = IncidentEngine().observe(orjson.dumps(old), copy, copy_an)
    assert orjson.loads(state)["v"] == STATE_VERSION == 2
    # The stored title stands in for the lost shingles: the copy still finds its report.
    assert incidents_of(state) == [{"badia:1", "naqil:1"}, {"rased:4"}]
