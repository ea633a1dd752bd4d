"""Numbers written in Arabic news: digits (already ASCII after normalisation) and number words.

Works on *normalised* tokens (see :mod:`monitor.text.normalise`): ``ة`` is ``ه``, hamza forms are
bare alef, so ``ثلاثة`` arrives as ``ثلاثه``. Handles units in both genders (``خمس``/``خمسة``),
duals (``اثنان``/``اثنين``/``اثنتين``), teens (``ثلاثة عشر``), tens (``عشرين``), compounds
joined by ``و`` (``خمسة وعشرين``), hundreds and thousands (``مئة``، ``ثلاثمئة``، ``ألفين``،
``ثلاثة آلاف``).

>>> read_number(["خمسه", "وعشرين", "عنصرا"], 0)
(25, 2)
>>> read_number(["19", "قتيلا"], 0)
(19, 1)
>>> read_number(["ثلاثه", "الاف"], 0)
(3000, 2)
>>> read_number([fold("مائة"), fold("وخمسين")], 0), read_number([fold("ثلاثمئة")], 0)
((150, 2), (300, 1))
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from monitor.text.normalise import fold

__all__ = ["UNITS", "dual_count", "read_number"]

UNITS: dict[str, int] = {
    "واحد": 1,
    "واحده": 1,
    "اثنان": 2,
    "اثنين": 2,
    "اثنتان": 2,
    "اثنتين": 2,
    "اثنا": 2,
    "اثني": 2,
    "اثنتا": 2,
    "اثنتي": 2,
    "ثنتين": 2,
    "ثلاث": 3,
    "ثلاثه": 3,
    "اربع": 4,
    "اربعه": 4,
    "خمس": 5,
    "خمسه": 5,
    "ست": 6,
    "سته": 6,
    "سبع": 7,
    "سبعه": 7,
    "ثمان": 8,
    "ثماني": 8,
    "ثمانيه": 8,
    "تسع": 9,
    "تسعه": 9,
    "عشر": 10,
    "عشره": 10,
}
# "أحد"/"إحدى" only count inside a teen ("أحد عشر"): alone they mean "one of"/"anyone".
_TEEN_ONE = {"احد": 1, "احدي": 1}
_TENS: dict[str, int] = {}
for _stem, _value in (
    ("عشر", 20),
    ("ثلاث", 30),
    ("اربع", 40),
    ("خمس", 50),
    ("ست", 60),
    ("سبع", 70),
    ("ثمان", 80),
    ("تسع", 90),
):
    _TENS[_stem + "ون"] = _value
    _TENS[_stem + "ين"] = _value
# Hundreds as newsrooms write them (hamza seat ئ or ا, joined or apart: ثلاثمئة، ثلاثمائة، ثلاث
# مئة); the keys are folded like the tokens they meet (ئ is folded to ي: مئة -> ميه).
_HUNDRED_WORDS = ("مئة", "مائة", "مية")
_HUNDREDS: dict[str, int] = {fold(w): 100 for w in _HUNDRED_WORDS}
for _w in ("مئتان", "مئتين", "مائتان", "مائتين", "مئتي", "مائتي", "ميتين"):
    _HUNDREDS[fold(_w)] = 200
for _u, _v in (
    ("ثلاث", 3),
    ("اربع", 4),
    ("خمس", 5),
    ("ست", 6),
    ("سبع", 7),
    ("ثمان", 8),
    ("ثماني", 8),
    ("تسع", 9),
):
    for _w in _HUNDRED_WORDS:
        _HUNDREDS[fold(_u + _w)] = _v * 100
_HUNDRED_AFTER_UNIT = frozenset(fold(w) for w in _HUNDRED_WORDS)
_THOUSANDS: dict[str, int] = {"الف": 1000, "الفا": 1000, "الفان": 2000, "الفين": 2000}
_THOUSANDS_PLURAL = {"الاف", "الالاف"}
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")


def _strip_waw(token: str) -> str:
    return token[1:] if len(token) > 2 and token[0] == "و" else token


def _simple(token: str) -> int | None:
    """A number written as one token (digits, a unit, a ten, a hundred), else None."""
    if _DIGITS.match(token):
        return int(token.replace(",", ""))
    for table in (UNITS, _TENS, _HUNDREDS):
        if token in table:
            return table[token]
    return None


def read_number(tokens: Sequence[str], i: int) -> tuple[int, int] | None:
    """Read the number starting at ``tokens[i]``: ``(value, tokens used)`` or None."""
    if i >= len(tokens):
        return None
    first = tokens[i]
    # teens: "ثلاثه عشر", "احد عشر", "اثنا عشر"
    if i + 1 < len(tokens) and tokens[i + 1] in ("عشر", "عشره"):
        unit = UNITS.get(first) or _TEEN_ONE.get(first)
        if unit is not None and unit < 10:
            return 10 + unit, 2
    value = _simple(first)
    if value is None:
        value = _THOUSANDS.get(first)  # "الف ومئتين": a compound may follow
        if value is None:
            return None
    used = 1
    # "خمسه وعشرين", "مئه وخمسون", "الف وثلاثمئه"
    while i + used < len(tokens):
        nxt = tokens[i + used]
        if nxt in _THOUSANDS_PLURAL and value < 1000:
            value *= 1000
            used += 1
            continue
        if nxt in ("الف", "الفا") and value < 1000:
            value *= 1000
            used += 1
            continue
        if nxt in _HUNDRED_AFTER_UNIT and value < 10:  # "ثلاث مئة"
            value *= 100
            used += 1
            continue
        if nxt.startswith("و"):
            part = _simple(_strip_waw(nxt))
            unit_then_ten = value < 10 and part is not None and part >= 20 and part < 100
            if part is not None and (unit_then_ten or part < value) and not _DIGITS.match(first):
                value += part
                used += 1
                continue
        break
    return value, used


#: Person nouns whose dual is unambiguous (their plural is broken, so "-ين" can only be a dual).
_DUAL_STEMS = (
    "جندي",
    "عنصر",
    "شخص",
    "طفل",
    "ضابط",
    "رجل",
    "قائد",
    "مدني",  # plural مدنيين is ambiguous: only the "-ان" form below is taken for this one
    "حارس",
    "عسكري",
    "مستشار",
    "طيار",
    "مواطن",
)
_DUAL: dict[str, int] = {}
for _s in _DUAL_STEMS:
    _DUAL[_s + "ان"] = 2
    if _s not in ("مدني", "عسكري", "طيار", "مواطن"):
        _DUAL[_s + "ين"] = 2
_DUAL.update({"امراتين": 2, "امراتان": 2, "جنديين": 2, "جنديان": 2})


def dual_count(token: str) -> int | None:
    """2 for an unambiguous dual person noun (``جنديين``، ``عنصران``), else None.

    >>> dual_count("جنديين"), dual_count("مدنيين")
    (2, None)
    """
    return _DUAL.get(token)
