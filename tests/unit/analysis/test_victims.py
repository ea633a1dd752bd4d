"""Whose dead: the casualty side comes from the victims' noun phrase, not from the nearest actor.

A wrong ``us_coalition`` makes an alert critical, so every pattern that names an attacker next to
the victims is checked here. Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from tests.unit.analysis.helpers import casualties, run

US_STRIKE = "شنت مقاتلات أمريكية غارات على مواقع للحرس الثوري في ريف الميادين. "
BASE_HIT = "استهدفت طائرات مسيرة قاعدة الشدادي الأمريكية فجر اليوم. "


def _sides(title: str, body: str) -> set[tuple[str, int, str | None]]:
    a = run(body, title)
    assert a.relevant
    return {(c.kind, c.count, c.side) for c in a.casualties}


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        # the attacker's adjective sits right after the victims: it is not their side
        (
            "مقتل خمسة مسلحين بقصف أمريكي على البوكمال",
            "أفادت مصادر محلية بأن خمسة من عناصر الميليشيات الإيرانية قتلوا بقصف جوي أمريكي.",
            {("killed", 5, "iran_aligned")},
        ),
        # victims named before their verb, the attacker after it
        (
            "",
            "قالت شبكات محلية إن أربعة من مقاتلي الحرس الثوري لقوا حتفهم بضربة نفذتها طائرة "
            "أمريكية مسيرة على موقع قرب البوكمال.",
            {("killed", 4, "iran_aligned")},
        ),
        # passive verb, victims after it
        (
            "",
            US_STRIKE + "وقُتل في الغارات الأمريكية ستة عناصر من الفصائل الموالية لإيران.",
            {("killed", 6, "iran_aligned")},
        ),
        # victims with no side in a US strike: the target's side
        (
            "",
            US_STRIKE + "وأسفرت الغارات الأمريكية عن مقتل سبعة مقاتلين.",
            {("killed", 7, "iran_aligned")},
        ),
        # Axis media: martyrs of a US raid are never US forces
        (
            "",
            "شن طيران الاحتلال الأمريكي غارات على مواقع للمقاومة قرب البوكمال، ما أدى إلى "
            "استشهاد ثلاثة من المقاومين.",
            {("killed", 3, "iran_aligned")},
        ),
        # US personnel named as such
        (
            "",
            BASE_HIT + "وأسفر الهجوم عن إصابة ثلاثة جنود أمريكيين بجروح.",
            {("wounded", 3, "us_coalition")},
        ),
        # soldiers hurt in an attack on a US base, their nationality unstated
        (
            "",
            BASE_HIT + "وأصيب جنديان في الهجوم بجروح طفيفة.",
            {("wounded", 2, "us_coalition")},
        ),
        # soldiers of a side the text does not give, killed by a US strike: no side
        (
            "",
            US_STRIKE + "وقتل أربعة جنود في القصف.",
            {("killed", 4, None)},
        ),
        # civilians are nobody's side
        (
            "",
            US_STRIKE + "وقتل مدنيان اثنان في القصف.",
            {("killed", 2, None)},
        ),
    ],
)
def test_victim_side(title: str, body: str, expected: set[tuple[str, int, str | None]]) -> None:
    assert _sides(title, body) == expected


def test_a_headline_attacker_next_to_the_dead_does_not_make_them_american() -> None:
    a = run(
        "قالت مصادر إن القتلى من عناصر الميليشيات الإيرانية.",
        "مقتل ثمانية مسلحين بغارات أمريكية على البوكمال",
    )
    assert a.relevant
    assert [c.side for c in a.casualties] == ["iran_aligned"]
    assert all(c.side != "us_coalition" for c in a.casualties)


def test_a_risen_toll_replaces_the_earlier_figure_of_the_same_victims() -> None:
    a = run(
        US_STRIKE + "وأسفرت الغارات في حصيلة أولية عن مقتل أربعة عناصر. ثم ارتفعت الحصيلة إلى "
        "عشرة قتلى بعد انتشال جثث من تحت الأنقاض."
    )
    assert casualties(a) == {("killed", 10)}


def test_a_militia_toll_does_not_replace_a_us_casualty() -> None:
    a = run(
        "أسفر هجوم بطائرة مسيرة على قاعدة الشدادي عن مقتل متعاقد أمريكي. وردت مقاتلات أمريكية "
        "بغارات على مواقع للحرس الثوري في الميادين، وارتفعت حصيلة قتلى الحرس الثوري إلى 12."
    )
    assert casualties(a) == {("killed", 1), ("killed", 12)}
    sides_of = {c.count: c.side for c in a.casualties}
    assert sides_of == {1: "us_coalition", 12: "iran_aligned"}


def test_two_groups_counted_apart() -> None:
    a = run(US_STRIKE + "وأسفرت الغارات عن مقتل خمسة من لواء زينبيون واثنين من حزب الله اللبناني.")
    assert casualties(a) == {("killed", 5), ("killed", 2)}


def test_a_name_inside_the_description_of_the_strikes_is_not_the_victims() -> None:
    # the toll's phrase describes who struck ("بقيادة واشنطن") before its figure
    a = run(
        "ارتفع عدد قتلى الضربات التي شنتها مقاتلات تابعة للتحالف الدولي بقيادة الولايات المتحدة "
        "على مقرات الحرس الثوري في البوكمال إلى تسعة عناصر."
    )
    assert a.relevant
    assert casualties(a) == {("killed", 9)}
    assert [c.side for c in a.casualties] == ["iran_aligned"]


def test_people_of_no_stated_kind() -> None:
    # killed by a US strike on a militia depot: the target's side
    assert _sides("", US_STRIKE + "وأسفرت الغارات عن مقتل سبعة أشخاص.") == {
        ("killed", 7, "iran_aligned")
    }
    # hurt in an attack on a US base: nobody says they are US personnel
    assert _sides("", BASE_HIT + "وأسفر الهجوم عن إصابة ثلاثة أشخاص.") == {("wounded", 3, None)}


def test_militiamen_killed_when_us_forces_hit_back() -> None:
    a = run(
        "وردت القوات الأمريكية على مصادر الإطلاق بعد استهداف قاعدتها في حقل العمر بعدة صواريخ، "
        "ما أدى إلى مقتل ثلاثة من عناصر الميليشيات."
    )
    assert a.relevant
    assert [(c.kind, c.count, c.side) for c in a.casualties] == [("killed", 3, "iran_aligned")]


def test_us_soldiers_named_after_the_figure_in_a_sentence_where_us_forces_hit_back() -> None:
    a = run(
        "وردت القوات الأمريكية بقصف مواقع الحرس الثوري في الميادين بعد إصابة جنديين أمريكيين في "
        "هجوم على قاعدة حقل العمر."
    )
    assert [(c.kind, c.count, c.side) for c in a.casualties] == [("wounded", 2, "us_coalition")]


def test_the_toll_of_the_attack_a_strike_answers_is_not_its_own() -> None:
    a = run(
        "شنت مقاتلات أمريكية غارات على مقرات للحرس الثوري في البوكمال فجر اليوم، ردا على هجوم "
        "أدى إلى إصابة خمسة جنود أمريكيين في قاعدة الشدادي الأسبوع الماضي."
    )
    assert a.relevant  # the answered attack is past, the strike is today's
    assert casualties(a) == set()
    assert {loc.admin1 for loc in a.locations} == {"SY-DY"}


def test_a_us_death_recalled_from_months_ago_is_not_this_strikes_toll() -> None:
    # a false critical: the strike is today's, the contractor died in an earlier attack
    a = run(
        US_STRIKE + "وكان هجوم بطائرة مسيرة على قاعدة الشدادي قد أسفر في شباط الماضي عن مقتل "
        "متعاقد أمريكي."
    )
    assert a.relevant
    assert casualties(a) == set()
    a = run(US_STRIKE + "وفي تشرين الأول الماضي، قتل جندي أمريكي في هجوم على قاعدة التنف.")
    assert casualties(a) == set()


def test_dead_of_no_stated_kind_in_an_attack_on_us_forces_have_no_side() -> None:
    # they may be the attackers, hit by the base's defences
    assert _sides("", BASE_HIT + "وأسفر الهجوم عن مقتل اثنين.") == {("killed", 2, None)}


def test_duals_whose_oblique_form_is_also_a_plural() -> None:
    assert _sides("", US_STRIKE + "وقتل في الغارات قياديان في الحرس الثوري.") == {
        ("killed", 2, "iran_aligned")
    }
    # "قياديين" is a dual only when its verb is
    assert _sides("", US_STRIKE + "وذكرت مصادر أن قياديين في الحرس الثوري قتلا في القصف.") == {
        ("killed", 2, "iran_aligned")
    }
    assert _sides("", US_STRIKE + "وذكرت مصادر أن قياديين في الحرس الثوري قتلوا في القصف.") == set()


def test_the_subject_of_a_killing_verb_is_not_among_the_victims() -> None:
    a = run("أصابت القوات الأمريكية أربعة مهاجمين خلال تصديها لهجوم على قاعدة التنف.")
    assert all(c.side != "us_coalition" for c in a.casualties)
    a = run("قتلت القوات الأمريكية ثلاثة مسلحين موالين لإيران حاولوا مهاجمة قاعدة حقل العمر.")
    assert a.relevant
    assert [(c.kind, c.count, c.side) for c in a.casualties] == [("killed", 3, "iran_aligned")]
    a = run("قتل الجيش الأمريكي ستة عناصر من الحرس الثوري بغارة قرب الميادين.")
    assert a.relevant
    assert [(c.kind, c.count, c.side) for c in a.casualties] == [("killed", 6, "iran_aligned")]


def test_passive_killing_of_us_soldiers_keeps_them_the_victims() -> None:
    a = run("قتل ثلاثة جنود أمريكيين في هجوم بطائرة مسيرة على قاعدة التنف.")
    assert [(c.kind, c.count, c.side) for c in a.casualties] == [("killed", 3, "us_coalition")]
    a = run("وقتل الجنود الأمريكيون الثلاثة في هجوم بمسيرة على قاعدة التنف.")
    assert any(x.side == "us_coalition" and x.role == "target" for x in a.actors)


def test_an_indefinite_subject_between_the_killing_verb_and_the_figure() -> None:
    a = run("قتلت غارة أمريكية خمسة من عناصر حزب الله قرب البوكمال.")
    assert [(c.kind, c.count, c.side) for c in a.casualties] == [("killed", 5, "iran_aligned")]
    a = run("أصابت الصواريخ أربعة جنود أمريكيين في قاعدة الشدادي.")
    assert a.relevant
    assert [(c.kind, c.count, c.side) for c in a.casualties] == [("wounded", 4, "us_coalition")]


def test_the_toll_of_an_attack_abroad_that_a_strike_follows_is_not_its_own() -> None:
    # false criticals: the US dead are those of an earlier attack in Jordan, or days before
    a = run(
        "شنت القوات الأمريكية غارات على مقرات للحرس الثوري في الميادين بعد مقتل ثلاثة جنود "
        "أمريكيين بهجوم في الأردن."
    )
    assert a.relevant
    assert casualties(a) == set()
    a = run(US_STRIKE + "وجاءت الغارات بعد أيام من مقتل جندي أمريكي بهجوم على قاعدة الشدادي.")
    assert casualties(a) == set()


def test_the_toll_of_the_attack_answered_counts_when_it_is_the_same_exchange() -> None:
    a = run(
        "شنت مقاتلات أمريكية غارات على مقرات للحرس الثوري في البوكمال فجر اليوم، ردا على هجوم "
        "بطائرة مسيرة على قاعدة الشدادي أدى إلى مقتل متعاقد أمريكي."
    )
    assert [(c.kind, c.count, c.side) for c in a.casualties] == [("killed", 1, "us_coalition")]


def test_attackers_killed_when_us_forces_fire_back() -> None:
    a = run(
        "هاجمت فصائل موالية لإيران قاعدة حقل العمر بالصواريخ، وردت القوات الأمريكية بقصف مصادر "
        "النيران ما أدى إلى مقتل أربعة من المهاجمين."
    )
    assert [(c.kind, c.count, c.side) for c in a.casualties] == [("killed", 4, "iran_aligned")]
