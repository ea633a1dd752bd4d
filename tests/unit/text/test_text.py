"""Normalisation, offsets, number words, clitic-aware matching.

Sentences written for these tests."""

from __future__ import annotations

import pytest

from monitor.text import (
    PhraseMatcher,
    dual_count,
    fold,
    is_arabic,
    normalise_text,
    read_number,
)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("غاراتٌ جويّةٌ", "غارات جويه"),  # diacritics, shadda, taa marbuta
        ("الأميركيـــة", "الاميركيه"),  # hamza alef, tatweel
        ("إيران وآليات ومؤسسة وطائرة", "ايران واليات وموسسه وطايره"),
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("قتل ١٩ وأصيب ۲۳", "قتل 19 واصيب 23"),  # Arabic-Indic and Persian digits
        ("F-15E", "f-15e"),
        ("کتائب\u200cحزب", "كتايبحزب"),  # Persian kaf, zero-width non-joiner removed
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_offsets_map_back_to_the_original() -> None:
    raw = "شنّت طائراتٌ أمريكيّةٌ غاراتٍ على مواقعَ"
    n = normalise_text(raw)
    start = n.text.index("امريكيه")
    end = start + len("امريكيه")
    assert raw[n.to_original(start) : n.to_original_end(end)] == "أمريكيّةٌ"[:-1] or raw[
        n.to_original(start) : n.to_original_end(end)
    ].startswith("أمريكيّة")
    # text without removed marks maps one to one
    plain = normalise_text("قصف صاروخي")
    assert plain.removed == () and plain.to_original(4) == 4


def test_every_normalised_char_maps_to_the_same_letter() -> None:
    raw = "هاجمَت مسيّرةٌ قاعدةَ التنفِ فجرَ اليومِ"
    n = normalise_text(raw)
    for i, ch in enumerate(n.text):
        assert fold(raw[n.to_original(i)]) == ch


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (["خمسه", "عناصر"], (5, 1)),
        (["خمس", "نساء"], (5, 1)),  # feminine form of the numeral
        (["ست", "غارات"], (6, 1)),
        (["ثلاثه", "عشر", "قتيلا"], (13, 2)),
        (["احد", "عشر", "مخبا"], (11, 2)),
        (["اثنين", "من"], (2, 1)),
        (["اثنتين"], (2, 1)),
        (["ثلاث", "وعشرين"], (23, 2)),
        (["عشرين", "جنديا"], (20, 1)),
        (["الفين"], (2000, 1)),
        (["1,200"], (1200, 1)),
        (["42"], (42, 1)),
    ],
)
def test_read_number(tokens: list[str], expected: tuple[int, int]) -> None:
    assert read_number(tokens, 0) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # hundreds as written, through fold like every token (fold writes ئ as ي: مئة -> ميه)
        ("مئة وخمسين", (150, 2)),
        ("مائة وعشرون", (120, 2)),
        ("مية", (100, 1)),
        ("مئتي", (200, 1)),
        ("مائتين وثلاثين", (230, 2)),
        ("ثلاثمئة", (300, 1)),
        ("أربعمائة وخمسة", (405, 2)),
        ("ثلاث مئة", (300, 2)),
        ("ألف ومئتين", (1200, 2)),
    ],
)
def test_read_number_hundreds_as_written(words: str, expected: tuple[int, int]) -> None:
    assert read_number(fold(words).split(), 0) == expected


@pytest.mark.parametrize("tokens", [["احد"], ["احدي"], ["عناصر"], ["الثالث"], ["ميات"], []])
def test_not_a_number(tokens: list[str]) -> None:
    assert read_number(tokens, 0) is None


def test_duals() -> None:
    assert dual_count("جنديين") == 2
    assert dual_count("عنصران") == 2
    assert dual_count("مدنيين") is None  # a sound plural, not a dual
    assert dual_count("عناصر") is None


def test_is_arabic() -> None:
    assert is_arabic("استهدفت مسيرة قاعدة خراب الجير بريف الحسكة")
    assert not is_arabic("A drone hit the Kharab al-Jir base in Hasakah")
    assert not is_arabic("")
    assert is_arabic("قصف أمريكي on positions في البوكمال ودير الزور")


def _words(m: PhraseMatcher[str], text: str) -> list[tuple[str, str]]:
    return [(h.payload, h.text) for h in m.find(fold(text))]


def test_matcher_takes_clitics_and_endings() -> None:
    m = PhraseMatcher(
        [("الحرس الثوري", "irgc"), ("قاعدة", "base"), ("أمريكي", "us")], policy="infl"
    )
    assert _words(m, "وللحرس الثوري") == [("irgc", "وللحرس الثوري")]
    assert _words(m, "بالحرس الثوري") == [("irgc", "بالحرس الثوري")]
    assert _words(m, "قاعدتها") == [("base", "قاعدتها")]
    assert _words(m, "قاعدتين") == [("base", "قاعدتين")]
    assert _words(m, "الأميركيين") == [("us", "الاميركيين")]
    # not inside another word
    assert _words(m, "القواعد") == []
    assert _words(m, "مستقاعدة") == []


def test_matcher_spelling_variants() -> None:
    m = PhraseMatcher([("ميليشيا", "mil"), ("دير الزور", "dz")], policy="infl")
    assert _words(m, "المليشيات")[0][0] == "mil"
    assert _words(m, "ريف ديرالزور") == [("dz", "ديرالزور")]
    assert _words(m, "بدير الزور") == [("dz", "بدير الزور")]


def test_matcher_fast_path_agrees() -> None:
    m = PhraseMatcher([("قاعدة التنف", "tanf"), ("شن", "verb")], policy="pron")
    text = "وشنت مسيرات هجوما على قاعدة التنف"
    spans = m.find_words(fold(text))
    assert sorted(p for _, _, p in spans) == ["tanf"]  # شنت is not شن + allowed ending


def test_fold_equals_the_translate_table() -> None:
    from monitor.text.normalise import _DELETE_TABLE

    sample = (
        "قالَ المتحدّثُ: إنّ «الضرباتِ» استهدفتْ ٣ مواقعَ يستخدمُها الحرسُ الثوريُّ — "
        "ـــ ئ ؤ ى ة آ إ أ ٱ ی ک ۱۲۳ F-15E\u200c\u200f\ufeff"
    )
    assert fold(sample) == sample.translate(_DELETE_TABLE)
