"""Bad or odd input never crashes the engine, and every evidence span indexes the original text."""

from __future__ import annotations

import random

import pytest

from tests.unit.analysis.helpers import analyzer, item

_PIECES = [
    "قصف",
    "غارات",
    "أمريكية",
    "على",
    "مواقع",
    "للحرس",
    "الثوري",
    "في",
    "البوكمال",
    "التنف",
    "١٢٣",
    "45",
    ".",
    "،",
    "؟",
    "!",
    "«",
    "»",
    '"',
    "(",
    ")",
    "لـ",
    "بـ",
    "ـــ",
    "ً",
    "ٌ",
    "ٍ",
    "َ",
    "ُ",
    "ِ",
    "ّ",
    "ْ",
    "\n",
    "\t",
    "ﷲ",
    "ﻻ",
    "x",
    "Z",
    "-",
    "/",
    ":",
    ";",
    "إف-15",
    "ال",
    "و",
    "ف",
    "مقتل",
    "إصابة",
    "اثنين",
    "ثلاثة",
    "عشر",
    "ارتفاع",
    "حصيلة",
    "إلى",
    "أمس",
    "الجمعة",
    "قاعدة",
    "مسيرة",
    "نفت",
]


@pytest.mark.parametrize("seed", range(4))
def test_random_fragments(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(300):
        body = "".join(
            rng.choice(_PIECES) + rng.choice(("", " ", " ", ".")) for _ in range(rng.randint(0, 80))
        )
        title = " ".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 6)))
        a = analyzer().analyse(item(body, title=title))
        assert 0.0 <= a.score <= 1.0
        for e in a.evidence:
            source = title if e.field == "title" else body
            assert source[e.start : e.end] == e.phrase


@pytest.mark.parametrize("text", ["", " ", "...", "ـــ", "\u200f", "؟؟؟", "و", "ال", "ﻻ"])
def test_degenerate_text(text: str) -> None:
    a = analyzer().analyse(item(text, title=text or "x"))
    assert not a.relevant
