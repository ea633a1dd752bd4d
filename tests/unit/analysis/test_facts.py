"""Facts: casualties, weapons and event types, places, dates, quotes. Sentences written for these
tests. The lead sentence of each text makes the item relevant, so the facts are those of an
incident."""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.analysis.helpers import admin1, casualties, run

LEAD = "شنت طائرات أمريكية غارات على مواقع للحرس الثوري الإيراني في ريف البوكمال. "


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("وأسفرت الغارات عن مقتل 9 عناصر من الحرس الثوري.", {("killed", 9)}),
        ("وأسفرت الغارات عن مقتل ١٢ عنصرا.", {("killed", 12)}),
        ("وقتلت الغارات تسعة عناصر وأصابت آخرين.", {("killed", 9)}),
        (
            "وأدى القصف إلى مقتل ستة عناصر على الأقل وإصابة أربعة آخرين.",
            {("killed", 6), ("wounded", 4)},
        ),
        ("وارتفعت حصيلة قتلى الغارات الأمريكية إلى ثلاثة وعشرين قتيلا.", {("killed", 23)}),
        ("وارتفع عدد القتلى في صفوف الميليشيات إلى 17.", {("killed", 17)}),
        ("وسقط 14 قتيلا و20 جريحا في صفوف الميليشيات.", {("killed", 14), ("wounded", 20)}),
        ("وأسفر الهجوم عن إصابة جنديين أمريكيين بجروح طفيفة.", {("wounded", 2)}),
        ("وأسفر الهجوم عن مقتل متعاقد أمريكي.", {("killed", 1)}),
        ("وأصيب خمسة جنود ومتعاقد أمريكي آخر.", {("wounded", 6)}),
        ("وقتل نحو عشرين مسلحا من الميليشيات.", {("killed", 20)}),
        ("ولقي سبعة مقاتلين من الفصائل حتفهم.", {("killed", 7)}),
        ("وأشارت المصادر إلى أن ثمانية عناصر من الميليشيا قتلوا في الغارة.", {("killed", 8)}),
        ("ولم يسفر القصف عن إصابات.", set()),
        ("ولم يقتل أحد في الغارة.", set()),
        ("وأسفرت الغارات عن مقتل أكثر من 30 عنصرا.", set()),  # a vague bound is no count
        ("وسمعت ثلاثة انفجارات ضخمة في المنطقة.", set()),
        ("وكان اثنان من الجرحى في حالة حرجة.", set()),  # a subset, not a new count
        ("وتقدر المصادر وجود 15 ألف مقاتل في المنطقة.", set()),
        ("وأدى القصف إلى مقتل مدنيين اثنين وإصابة ثلاثة آخرين.", {("killed", 2), ("wounded", 3)}),
        ("وقتل جندي واحد من الحرس الثوري.", {("killed", 1)}),
        ("وبلغ عدد القتلى 15 عنصرا.", {("killed", 15)}),
        ("وأسفر الهجوم عن مقتل الجنود الأمريكيين الثلاثة.", {("killed", 3)}),
        ("وأدت الغارة إلى مقتل أحد عناصر الحرس الثوري.", {("killed", 1)}),
        ("وسقط قتيلان وثلاثة جرحى.", {("killed", 2), ("wounded", 3)}),
        ("وأسفر القصف عن سقوط قتيلين.", {("killed", 2)}),
        ("وأودت الغارات بحياة 14 شخصا من عناصر الحرس.", {("killed", 14)}),
        ("وأسفرت الضربات عن سقوط 5 قتلى في صفوف الميليشيات.", {("killed", 5)}),
        ("وأعلن البنتاغون إصابة 34 جنديا أمريكيا بارتجاج في الدماغ.", {("wounded", 34)}),
        ("وارتفع عدد المصابين في صفوف القوات الأمريكية إلى 40.", {("wounded", 40)}),
        ("ولقي ثلاثة مقاتلين حتفهم.", {("killed", 3)}),
        ("وأسفر القصف عن مقتل شخصين.", {("killed", 2)}),
        ("وسجلت 3 إصابات بين الجنود.", {("wounded", 3)}),
        ("وأسفر القصف عن قتل وجرح العشرات.", set()),
        ("وقتل خمسة عناصر بينهم اثنان من القادة.", {("killed", 5)}),
        (
            "ما أسفر عن مقتل أربعة عناصر من الميليشيا وجرح اثنين آخرين.",
            {("wounded", 2), ("killed", 4)},
        ),
        ("وقال المرصد إن عدد قتلى الغارات بلغ 7 عناصر.", {("killed", 7)}),
        ("وأسفرت الغارة عن مقتل القيادي في الحرس الثوري.", {("killed", 1)}),
        ("وقتل في الغارات 12 عنصرا.", {("killed", 12)}),
        ("وأسفر القصف عن مقتل وإصابة 11 عنصرا.", set()),  # one figure for both kinds
        # hundreds as newsrooms write them (hamza seat ئ or ا, joined or apart, dual construct)
        ("وأسفرت الغارات عن مقتل مائة وعشرين عنصرا من الفصائل.", {("killed", 120)}),
        ("وقتل في الضربات ثلاثمئة مسلح بحسب مصادر محلية.", {("killed", 300)}),
        ("وأدى القصف إلى مقتل نحو مئتي عنصر وإصابة العشرات.", {("killed", 200)}),
        ("وارتفعت حصيلة القتلى إلى مئة وسبعة عناصر.", {("killed", 107)}),
        # an ordinal after a count is one more person, and an ordinal of a raid counts no one
        (
            "وقتل ثلاثة عناصر من الحرس الثوري، وأصيب رابع بجروح خطيرة.",
            {("killed", 3), ("wounded", 1)},
        ),
        ("وقتل عنصر من الحرس الثوري في ثالث غارة هذا الأسبوع.", {("killed", 1)}),
        # a numeral after its noun does not reach across a conjunction
        ("وأدت الغارات إلى مقتل شخص وإصابة اثنين آخرين.", {("killed", 1), ("wounded", 2)}),
        ("وأدت الغارات إلى مقتل جندي واحد.", {("killed", 1)}),
        # a toll written verb first, its kind given by the verb; a range is no figure
        ("وارتفع إلى ثمانية عدد عناصر الميليشيات الذين لقوا حتفهم.", {("killed", 8)}),
        ("وتشير التقديرات الأولية إلى مقتل اثنين أو ثلاثة من المسلحين.", set()),
        # a toll's figure after the noun's genitive and adjective; "إلى" is no genitive
        ("وبلغ عدد قتلى الغارات 9 عناصر بينهم قيادي.", {("killed", 9)}),
        ("وبلغت حصيلة قتلى القصف الأمريكي 12 عنصرا.", {("killed", 12)}),
        ("وقتل عنصر وتوفي آخر متأثرا بجراحه لترتفع حصيلة القتلى إلى اثنين.", {("killed", 2)}),
        # a trigger that says nothing of death takes the kind of the noun counted
        ("وأسفر الهجوم عن ثلاث إصابات طفيفة بين أفراد التحالف.", {("wounded", 3)}),
        ("وأفاد مصدر باستشهاد منتسب وإصابة اثنين آخرين.", {("killed", 1), ("wounded", 2)}),
        # one of a group before a singular verb
        ("وأفادت مصادر بأن أحد عناصر الحرس الثوري قتل في الغارة.", {("killed", 1)}),
        ("وقال إن أحد الأسباب هو القصف المتكرر.", set()),
        # a hundred before its verb
        ("وأفادت المصادر بأن مئتي عنصر قتلوا في الغارات.", {("killed", 200)}),
    ],
)
def test_casualties(sentence: str, expected: set[tuple[str, int]]) -> None:
    a = run(LEAD + sentence)
    assert a.relevant
    assert casualties(a) == expected


def test_casualty_qualifiers() -> None:
    a = run(LEAD + "وأدى القصف إلى مقتل ستة عناصر على الأقل وإصابة نحو عشرة آخرين.")
    q = {(c.kind, c.count): c.qualifier for c in a.casualties}
    assert q == {("killed", 6): "at_least", ("wounded", 10): "approx"}


def test_casualty_side() -> None:
    a = run(LEAD + "وأسفرت الغارات عن مقتل 9 عناصر من الحرس الثوري.")
    assert [c.side for c in a.casualties] == ["iran_aligned"]


@pytest.mark.parametrize(
    ("text", "types", "weapons"),
    [
        (
            "شنت مقاتلات أمريكية من طراز إف-15 غارات على مواقع للحرس الثوري في البوكمال.",
            {"Air/drone strike"},
            {"fighter_jet", "F-15"},
        ),
        (
            "استهدفت الميليشيات الإيرانية قاعدة حقل العمر الأمريكية بصواريخ غراد.",
            {"Shelling/artillery/missile attack"},
            {"rocket"},
        ),
        (
            "قصفت فصائل موالية لإيران قاعدة التنف بقذائف الهاون.",
            {"Shelling/artillery/missile attack"},
            {"mortar"},
        ),
        (
            "هاجمت طائرة مسيرة قاعدة خراب الجير الأمريكية بريف الحسكة.",
            {"Air/drone strike"},
            {"drone"},
        ),
        (
            "انفجرت عبوة ناسفة بدورية للقوات الأمريكية قرب حقل العمر، في هجوم تبنته فصائل "
            "موالية لإيران.",
            {"Remote explosive/landmine/IED"},
            {"ied"},
        ),
    ],
)
def test_event_types_and_weapons(text: str, types: set[str], weapons: set[str]) -> None:
    a = run(text)
    assert a.relevant
    assert set(a.event_types) == types
    assert weapons <= set(a.weapons)


def test_us_ground_fire_is_shelling_and_air_delivered_missiles_are_not() -> None:
    a = run("أطلقت القوات الأمريكية صواريخ هيمارس على مواقع للحرس الثوري في البوكمال.")
    assert a.event_types == ("Shelling/artillery/missile attack",)
    assert {"rocket", "HIMARS"} <= set(a.weapons)
    a = run("قصفت طائرات أمريكية بالصواريخ مواقع للحرس الثوري في البوكمال.")
    assert a.event_types == ("Air/drone strike",)
    a = run("قصفت المدفعية الأمريكية مواقع للميليشيات الإيرانية في محيط مدينة الميادين.")
    assert a.event_types == ("Shelling/artillery/missile attack",)


def test_missiles_stored_in_a_depot_are_not_a_missile_attack() -> None:
    a = run("قصفت طائرات أمريكية مستودعا لتخزين الصواريخ تابعا للحرس الثوري في ريف الميادين.")
    assert a.relevant
    assert a.event_types == ("Air/drone strike",)


def test_locations_are_incident_places() -> None:
    a = run(
        "استهدفت طائرات مسيرة قاعدة التنف الأمريكية فجر اليوم. "
        "وأعلنت فصائل عراقية مسؤوليتها عن الهجوم من مدينة الموصل."  # not where it happened
    )
    assert a.relevant
    assert admin1(a) == {"SY-HI"}
    tanf = next(loc for loc in a.locations if loc.admin1 == "SY-HI")
    assert tanf.country == "SY" and tanf.lat is not None and tanf.kind


def test_several_governorates() -> None:
    a = run(
        "قصفت طائرات أمريكية مواقع للميليشيات الإيرانية في مدينة الميادين بريف دير الزور، "
        "بعد هجوم بمسيرة على قاعدة للتحالف في ريف الحسكة."
    )
    assert admin1(a) == {"SY-DY", "SY-HA"}


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("اليوم السبت", date(2024, 2, 3)),
        ("فجر اليوم", date(2024, 2, 3)),
        ("فجر الجمعة", date(2024, 2, 2)),
        ("أمس الجمعة", date(2024, 2, 2)),
        ("أول أمس الخميس", date(2024, 2, 1)),
        ("الليلة الماضية", date(2024, 2, 2)),
        ("قبل يومين", date(2024, 2, 1)),
        ("قبل ثلاثة أيام", date(2024, 1, 31)),
        ("في الثاني من شباط", date(2024, 2, 2)),
        ("في الحادي والثلاثين من كانون الثاني", date(2024, 1, 31)),
        ("في الثاني عشر من ديسمبر", date(2023, 12, 12)),  # after publication: last year's
        ("مساء الاثنين", date(2024, 1, 29)),
        ("ليل الأربعاء", date(2024, 1, 31)),
        ("يوم 20 تشرين الأول", date(2023, 10, 20)),
        ("بتاريخ 30 كانون الثاني", date(2024, 1, 30)),
        ("في 22 يونيو 2025", date(2025, 6, 22)),
        ("في 3 شباط", date(2024, 2, 3)),
    ],
)
def test_event_date(phrase: str, expected: date) -> None:
    a = run(f"شنت طائرات أمريكية {phrase} غارات على مواقع للحرس الثوري في البوكمال.")
    assert a.event_date == expected


def test_no_date_phrase() -> None:
    a = run("شنت طائرات أمريكية غارات على مواقع للحرس الثوري في البوكمال.")
    assert a.event_date is None


def test_quoted() -> None:
    a = run(
        "قال المتحدث باسم القيادة المركزية الأمريكية إن الضربات استهدفت منشآت يستخدمها الحرس "
        "الثوري الإيراني في شرق سوريا."
    )
    assert a.relevant
    assert any(q.name == "US Central Command" for q in a.quoted)


def test_casualties_of_another_incident_are_left_out() -> None:
    a = run(
        LEAD + "وأسفرت الغارات عن مقتل 9 عناصر. "
        "وكان مسلحون قد هاجموا في وقت سابق حاجزا لقوات سوريا الديمقراطية ما أدى إلى مقتل "
        "عنصرين منها."
    )
    assert casualties(a) == {("killed", 9)}


def test_a_bombarded_base_with_no_weapon_named_is_shelled() -> None:
    a = run("تعرضت قاعدة حقل العمر الأمريكية لقصف من مناطق سيطرة الميليشيات الإيرانية.")
    assert a.event_types == ("Shelling/artillery/missile attack",)
    a = run(
        "أسقطت القوات الأمريكية طائرة مسيرة قرب قاعدة التنف. وكانت الطائرة في طريقها لقصف القاعدة."
    )
    assert a.event_types == ("Air/drone strike",)


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "وقال بات رايدر المتحدث باسم البنتاغون إن الطائرات الأمريكية قصفت مواقع للحرس "
            "الثوري في البوكمال.",
            "بات رايدر",
            "spokesperson, Pentagon",
        ),
        (
            "وقال المتحدث باسم القيادة المركزية الأمريكية، الكولونيل جو بوتشينو، إن الضربات "
            "استهدفت منشآت يستخدمها الحرس الثوري في دير الزور.",
            "جو بوتشينو",
            "spokesperson, US Central Command",
        ),
        (
            "وقال المتحدث باسم البنتاغون إن الطائرات الأمريكية قصفت مواقع للحرس الثوري في "
            "البوكمال.",
            "Pentagon",
            "spokesperson",
        ),
    ],
)
def test_spokespeople(text: str, name: str, role: str) -> None:
    a = run(text)
    assert a.relevant
    assert any(q.name == name and q.role == role for q in a.quoted), a.quoted


def test_dateline_gives_the_governorate() -> None:
    a = run(
        "دير الزور – خاص\nاستهدفت طائرات أمريكية فجر اليوم مستودعات للحرس الثوري في ريف المدينة.",
        title="تطورات ميدانية",
    )
    assert a.relevant
    assert admin1(a) == {"SY-DY"}


def test_a_toll_elsewhere_in_syria_is_another_incident() -> None:
    a = run(
        "شنت طائرات أمريكية غارات على مواقع للحرس الثوري الإيراني في ريف البوكمال، ما أدى إلى "
        "مقتل 6 عناصر. وفي ريف حلب، قتل 3 مدنيين بانفجار لغم أرضي."
    )
    assert casualties(a) == {("killed", 6)}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the parts of a total just given are no figures of their own
        ("وأسفر الهجوم عن إصابة ثلاثة، جندي أمريكي واثنين من قسد.", {("wounded", 3)}),
        ("وأصيب ثلاثة أشخاص، هم جندي أمريكي واثنان من مقاتلي قسد.", {("wounded", 3)}),
        # a partitive before its verb is the figure, or a subset of the figure before it
        ("وقال المتحدث إن عشرين من هؤلاء أصيبوا في الهجوم على القاعدة.", {("wounded", 20)}),
        ("وأصيب 11 جنديا، وقال إن اثنين منهم أصيبا بجروح خطيرة.", {("wounded", 11)}),
        # an earlier announcement is past; the rise after it is the figure
        (
            "وكنا قد أعلنا في وقت سابق عن إصابة أحد الجنود بجروح طفيفة، وقد ارتفع عدد المصابين "
            "إلى ثلاثة.",
            {("wounded", 3)},
        ),
        # a single digit glued to "و": a second group's figure, or the second kind's
        (
            "وأدى القصف إلى مقتل ٥ عناصر من لواء فاطميون و٣ من لواء زينبيون.",
            {("killed", 5), ("killed", 3)},
        ),
        ("وسقط 7 قتلى و3 جرحى في صفوف الميليشيات.", {("killed", 7), ("wounded", 3)}),
        # "at least" between the count and its group
        ("وقال المرصد إن سبعة على الأقل من عناصر الفصائل قتلوا في الضربات.", {("killed", 7)}),
        # the attack wounded them
        ("وجرحت الغارة ثلاثة عناصر من الحرس الثوري.", {("wounded", 3)}),
        # a source put between the verb and its count
        (
            "وأصيب، بحسب ما أفاد به مسؤول دفاعي أمريكي لقناة العربية، ثمانية من أفراد الخدمة "
            "الأمريكيين في الهجوم.",
            {("wounded", 8)},
        ),
        # a death of no attack is no casualty
        ("ولفت إلى أن متعاقدا أمريكيا توفي إثر أزمة قلبية بينما كان يحتمي من إنذار.", set()),
        ("وأعلن البنتاغون وفاة جندي في حادث غير قتالي.", set()),
    ],
)
def test_casualties_of_an_attack_on_a_base(sentence: str, expected: set[tuple[str, int]]) -> None:
    a = run("استهدفت فصائل موالية لإيران قاعدة للتحالف قرب رميلان بالقذائف الصاروخية. " + sentence)
    assert a.relevant
    assert casualties(a) == expected
