"""Relevance that reads attribution: who acted against whom, where. Sentences written for these
tests; each family has positives and negatives."""

from __future__ import annotations

import pytest

from tests.unit.analysis.helpers import run, sides

POSITIVE = {
    "us_air_strike_adjective": "شنت مقاتلات أميركية فجر اليوم سلسلة غارات على مواقع تابعة "
    "لميليشيات موالية لإيران في محيط مدينة الميادين بريف دير الزور الشرقي.",
    "claimed_drone_attack_on_base": "أعلنت فصائل المقاومة الإسلامية في العراق أنها استهدفت "
    "قاعدة الشدادي الأمريكية جنوبي الحسكة بطائرة مسيرة.",
    "us_statement_on_strikes": "قالت القيادة المركزية الأمريكية إن قواتها نفذت ضربات دقيقة ضد "
    "منشآت يستخدمها الحرس الثوري الإيراني في شرق سوريا.",
    "passive_attack_on_coalition_base": "تعرضت قاعدة خراب الجير التابعة للتحالف الدولي بريف "
    "الحسكة لهجوم بقذائف الهاون صباح اليوم.",
    "strike_on_kataib_hezbollah_at_border": "استهدفت غارة أمريكية شحنة أسلحة لكتائب حزب الله "
    "قرب مدينة البوكمال على الحدود السورية العراقية.",
    "verb_subject_object": "قصفت الطائرات الأمريكية مستودعات للحرس الثوري في بادية البوكمال "
    "ليل الخميس.",
    "militia_rockets_subject_first": "الميليشيات الإيرانية تقصف قاعدة حقل العمر بالصواريخ.",
    "headline_without_verb": "غارات أمريكية على مقرات لحركة النجباء في ريف دير الزور",
}

NEGATIVE = {
    "israeli_strike_on_militias": "شن الطيران الإسرائيلي غارات على مواقع للحرس الثوري الإيراني "
    "وميليشيات موالية لإيران في محيط مدينة دير الزور.",
    "coalition_against_isis": "نفذ التحالف الدولي غارات على مخابئ لتنظيم داعش في بادية الميادين، "
    "ما أدى إلى مقتل أربعة عناصر من التنظيم.",
    "us_strike_in_iraq_only": "استهدفت طائرة مسيرة أمريكية سيارة تقل قياديين في كتائب حزب الله "
    "في العاصمة العراقية بغداد.",
    "saudi_led_coalition_yemen": "شن طيران التحالف العربي غارات على مواقع لجماعة الحوثي في "
    "محافظة مأرب اليمنية.",
    "turkish_drone_on_sdf": "قتل عنصران من قوات سوريا الديمقراطية بقصف مسيرة تركية قرب القامشلي.",
    "russian_strikes": "قصفت الطائرات الحربية الروسية مواقع لفصائل المعارضة في ريف إدلب الجنوبي.",
    "threat_only": "هددت فصائل عراقية موالية لإيران باستهداف القواعد الأمريكية في سوريا إذا "
    "استمر التصعيد في المنطقة.",
    "hedged_israeli": "استهدفت غارات جوية يرجح أنها إسرائيلية مواقع لميليشيات مدعومة من إيران "
    "قرب البوكمال.",
    "politics": "بحث وزير الخارجية الأمريكي مع نظيره العراقي في بغداد ملف الفصائل المسلحة "
    "الموالية لإيران وسبل خفض التوتر.",
    "us_strike_on_iran_itself": "قصفت القاذفات الأمريكية منشآت نووية في أصفهان وفوردو داخل إيران.",
    "economy": "ارتفعت أسعار الوقود في دير الزور بعد تراجع الإنتاج في حقل العمر.",
    "accusation_only": "تتهم واشنطن طهران بتسليح الفصائل التي تهاجم قواتها في المنطقة.",
}


@pytest.mark.parametrize("name", sorted(POSITIVE))
def test_positive(name: str) -> None:
    a = run(POSITIVE[name])
    assert a.relevant, (name, a.flags)
    assert {"us_coalition", "iran_aligned"} <= sides(a)
    assert 0.5 <= a.score <= 1.0


@pytest.mark.parametrize("name", sorted(NEGATIVE))
def test_negative(name: str) -> None:
    a = run(NEGATIVE[name])
    assert not a.relevant, (name, a.actors)
    assert a.score < 0.5


def test_denial_in_the_lead_is_not_an_incident() -> None:
    a = run(
        "نفى مصدر في التحالف الدولي تعرض قاعدة حقل العمر لأي هجوم خلال الليلة الماضية. "
        "وقال إن الأصوات التي سمعها السكان ناجمة عن تفجير ذخائر قديمة."
    )
    assert not a.relevant
    assert "denial" in a.flags
    assert any(e.kind == "denial" for e in a.evidence)


def test_la_sihha_denial() -> None:
    a = run("لا صحة للأنباء عن استهداف القوات الأمريكية في قاعدة التنف بطائرات مسيرة.")
    assert not a.relevant


def test_unattributed_attack_on_us_base_is_hedged() -> None:
    a = run(
        "سقطت ثلاثة صواريخ داخل القاعدة الأمريكية في حقل كونيكو بريف دير الزور مساء أمس، "
        "ولم تتبن أي جهة الهجوم."
    )
    assert a.relevant and a.hedged
    assert "hedged" in a.flags
    assert a.score < 0.7


def test_hedged_us_attribution() -> None:
    a = run(
        "قصفت طائرات مجهولة يرجح أنها تابعة للتحالف الدولي مواقع لميليشيا فاطميون في مدينة "
        "البوكمال."
    )
    assert a.relevant and a.hedged


def test_us_shootdown_near_tanf() -> None:
    a = run("أسقطت القوات الأمريكية طائرة مسيرة كانت تقترب من قاعدة التنف قرب المثلث الحدودي.")
    assert a.relevant
    assert "Air/drone strike" in a.event_types


def test_background_paragraph_alone_is_not_an_incident() -> None:
    a = run(
        "افتتحت المحافظة سوقا جديدة للخضار في مدينة الميادين. "
        "وكانت القوات الأمريكية قد قصفت في العام الماضي مواقع للميليشيات الإيرانية في البوكمال."
    )
    assert not a.relevant
    assert "background_only" in a.flags


def test_background_after_an_incident_does_not_add_facts() -> None:
    a = run(
        "استهدفت مسيرة قاعدة حقل العمر الأمريكية بريف دير الزور فجر اليوم. "
        "يشار إلى أن القواعد الأمريكية في سوريا تتعرض من حين لآخر لهجمات بالصواريخ وقذائف "
        "الهاون."
    )
    assert a.relevant
    assert a.event_types == ("Air/drone strike",)


def test_media_outlet_nationality_is_not_a_party() -> None:
    a = run(
        "قالت وكالة سبوتنيك الروسية إن طائرات مسيرة هاجمت القاعدة الأمريكية في حقل العمر "
        "النفطي شرقي سوريا."
    )
    assert a.relevant
    assert "russia" not in sides(a)


def test_us_strike_on_pro_government_militia() -> None:
    a = run("قصفت طائرات التحالف الدولي رتلا لميليشيا موالية للنظام كان يتقدم نحو منطقة التنف.")
    assert a.relevant
    assert {"us_coalition", "syrian_government"} <= sides(a)


def test_not_arabic() -> None:
    from tests.unit.analysis.helpers import analyzer, item

    a = analyzer().analyse(item("US strikes hit Iran-backed militias near Al-Bukamal.", lang="en"))
    assert not a.relevant and a.flags == ("not_arabic",)


def test_evidence_spans_index_the_original_text() -> None:
    title = "غاراتٌ أمريكيّةٌ على مواقعَ للميليشياتِ الإيرانيّةِ في البوكمال"
    a = run("", title=title)
    assert a.relevant
    assert a.evidence
    for e in a.evidence:
        assert e.field == "title"
        assert title[e.start : e.end] == e.phrase
    assert any(e.phrase.startswith("أمريكيّة") for e in a.evidence)


def test_deterministic() -> None:
    body = POSITIVE["us_air_strike_adjective"]
    assert run(body) == run(body)


def test_unclaimed_bomb_in_an_isis_story_is_not_a_confrontation() -> None:
    a = run(
        "أصيب جنديان أمريكيان بانفجار عبوة ناسفة بعربة عسكرية على طريق الشدادي بريف الحسكة. "
        "ولم تتبن أي جهة التفجير، فيما تنشط في المنطقة خلايا تابعة لتنظيم داعش."
    )
    assert not a.relevant


def test_a_sentence_that_comes_after_is_background() -> None:
    a = run(
        "شن الطيران الإسرائيلي غارات على مواقع للحرس الثوري في محيط دمشق. "
        "وتأتي الغارات بعد أيام من هجمات لفصائل عراقية على القواعد الأمريكية في سوريا."
    )
    assert not a.relevant
    assert "background_only" in a.flags


def test_pluperfect_recalls_an_earlier_event() -> None:
    a = run(
        "بحث وزير الخارجية الإيراني مع نظيره العراقي الوضع في المنطقة. "
        "وكانت الولايات المتحدة قد شنت غارات على مواقع للحرس الثوري في البوكمال."
    )
    assert not a.relevant
    assert "background_only" in a.flags


def test_tallies_are_not_incidents() -> None:
    a = run(
        "وأعلنت الولايات المتحدة عن أكثر من 100 هجوم استهدف قواتها في سوريا منذ 17 تشرين الأول "
        "شنتها فصائل مدعومة من إيران."
    )
    assert not a.relevant


def test_denying_a_link_is_not_denying_the_attack() -> None:
    a = run(
        "نفت طهران أي علاقة لها بالهجوم بطائرات مسيرة الذي استهدف قاعدة التنف الأمريكية أمس، "
        "وأصيب فيه جنديان أمريكيان."
    )
    assert a.relevant
    assert "denial" not in a.flags


def test_hedged_attribution_after_the_event() -> None:
    a = run(
        "قصفت طائرات مجهولة مواقع للميليشيات الإيرانية في البوكمال فجر اليوم، ويرجح أنها أمريكية."
    )
    assert a.relevant and a.hedged
    a = run(
        "قصفت طائرات مجهولة مواقع للميليشيات الإيرانية في البوكمال فجر اليوم، ويرجح أنها إسرائيلية."
    )
    assert not a.relevant


def test_clash_between_us_forces_and_militias() -> None:
    a = run(
        "اندلعت اشتباكات عنيفة بين القوات الأمريكية وميليشيات موالية لإيران قرب بلدة خشام بريف "
        "دير الزور الشرقي."
    )
    assert a.relevant
    assert a.event_types == ("Armed clash",)
    assert {"us_coalition", "iran_aligned"} <= {x.side for x in a.actors}


def test_claim_with_a_foreign_motive_and_a_group_named_after_iraq() -> None:
    a = run(
        "وقالت المقاومة الإسلامية في العراق في بيان إن مجاهديها استهدفوا قاعدة الشدادي "
        "الأمريكية بطائرة مسيرة ردا على المجازر في غزة."
    )
    assert a.relevant and not a.hedged
    assert any(x.side == "iran_aligned" and x.role == "attacker" for x in a.actors)


def test_earlier_today_is_news() -> None:
    a = run("وكانت طائرات مسيرة قد استهدفت قاعدة التنف في وقت سابق من اليوم.")
    assert a.relevant


def test_pluperfect_dated_to_these_days_is_news() -> None:
    a = run(
        "وقال البنتاغون إنه سيرد في الوقت المناسب. وكانت طائرة مسيرة قد استهدفت قاعدة التنف "
        "فجر أمس الخميس."
    )
    assert a.relevant


def test_read_also_box_is_not_the_article() -> None:
    body = (
        "افتتحت المحافظة سوقا جديدة للخضار في مدينة الميادين بحضور عدد من المسؤولين المحليين، "
        "وقال المحافظ إن السوق سيخدم آلاف العائلات في المنطقة ويخفف من الازدحام في الأسواق "
        "القديمة التي تضررت خلال سنوات الحرب الطويلة.\nاقرأ أيضاً\n"
        "غارات أمريكية على مواقع للحرس الثوري في البوكمال\n"
    )
    assert not run(body).relevant


def test_clauses_joined_by_fima_are_read_apart() -> None:
    a = run(
        "قصفت طائرات إسرائيلية مواقع للحرس الثوري في البوكمال، فيما حلقت طائرات أمريكية في "
        "أجواء المنطقة."
    )
    assert not a.relevant
    a = run(
        "استهدفت غارات إسرائيلية مواقع للحرس الثوري في دمشق، فيما قصفت طائرات أمريكية مواقع "
        "للميليشيات الإيرانية في البوكمال."
    )
    assert a.relevant
    assert "israel" not in {x.side for x in a.actors}


def test_a_placeless_strike_is_where_most_of_the_story_is() -> None:
    a = run(
        "استهدفت غارات أمريكية مقرات لكتائب حزب الله فجر اليوم. وقال البنتاغون إن الضربات جاءت "
        "ردا على هجمات. وأوضح أن المقرات تقع في محافظة الأنبار غربي العراق. وتنتشر القوات "
        "الأمريكية في العراق وسوريا."
    )
    assert not a.relevant


def test_events_dated_to_earlier_months_or_years_are_background() -> None:
    for when in ("في شباط الماضي", "في تشرين الأول الماضي", "في عام 2019"):
        a = run(f"وقصفت طائرات أمريكية {when} مواقع للحرس الثوري في البوكمال.")
        assert not a.relevant, when
    # the story's own year (published 2024) is news
    a = run("ويعد الهجوم الأول على قاعدة التنف الأمريكية في عام 2024.")
    assert a.relevant


def test_attribution_in_the_next_sentence() -> None:
    a = run(
        "رصد المرصد السوري استهداف طائرات مسيرة مجهولة لمواقع الميليشيات الإيرانية في البوكمال "
        "فجر اليوم. ورجحت مصادر المرصد أن تكون الطائرات تابعة للتحالف الدولي."
    )
    assert a.relevant and a.hedged
    a = run(
        "رصد المرصد السوري استهداف طائرات مسيرة مجهولة لمواقع الميليشيات الإيرانية في البوكمال "
        "فجر اليوم. ورجحت مصادر المرصد أن تكون الطائرات إسرائيلية."
    )
    assert not a.relevant
