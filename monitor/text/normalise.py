"""Arabic normalisation that keeps every offset mappable back to the original text.

Matching runs over a *normalised* copy of each field: diacritics, tatweel and invisible marks are
removed; alef/hamza/yaa/taa-marbuta variants are folded; Arabic-Indic and Persian digits become
ASCII; Latin letters are lower-cased. Everything except the removals is a one-to-one character
mapping (``str.translate``), so an index in the normalised text maps back to the original by
counting the removed characters before it (:meth:`NormalisedText.to_original`).

>>> n = normalise_text("غاراتٌ أمريكيّة في ٣ مواقع")
>>> n.text
'غارات امريكيه في 3 مواقع'
>>> n.original[n.to_original(6):n.to_original_end(13)]
'أمريكيّة'
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

__all__ = ["NormalisedText", "fold", "normalise", "normalise_text"]

# Removed: harakat, shadda, sukun, superscript alef, Quranic marks, tatweel, and the invisible
# format characters (ZWJ/ZWNJ, direction marks, BOM) that web pages leave inside words.
_REMOVED = (
    "\u0610-\u061a\u061c\u064b-\u065f\u0670\u0640\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
    "\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad"
)
_REMOVED_RE = re.compile(f"[{_REMOVED}]")

_PAIRS = {
    # alef with hamza/madda/wasla -> bare alef
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    # hamza carriers, alef maqsura, taa marbuta
    "ؤ": "و",
    "ئ": "ي",
    "ى": "ي",
    "ة": "ه",
    "ۀ": "ه",
    "ە": "ه",
    # Persian/Urdu letter forms seen in Arabic web text
    "ی": "ي",
    "ې": "ي",
    "ک": "ك",
    "گ": "ك",
    "ڤ": "ف",
    "پ": "ب",
    "چ": "ج",
    "ژ": "ز",
    # Arabic thousands/decimal separators
    "٬": ",",
    "٫": ".",
    "،": "،",
}
_TABLE: dict[int, str | int | None] = {ord(k): v for k, v in _PAIRS.items()}
for _i in range(10):
    _TABLE[0x0660 + _i] = str(_i)  # Arabic-Indic digits
    _TABLE[0x06F0 + _i] = str(_i)  # Extended (Persian/Urdu) digits
for _c in range(ord("A"), ord("Z") + 1):
    _TABLE[_c] = chr(_c + 32)
_DELETE_TABLE: dict[int, str | int | None] = dict(_TABLE)
for _lo, _hi in (
    (0x0610, 0x061A),
    (0x061C, 0x061C),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x0640, 0x0640),
    (0x06D6, 0x06DC),
    (0x06DF, 0x06E8),
    (0x06EA, 0x06ED),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2066, 0x2069),
    (0xFEFF, 0xFEFF),
    (0x00AD, 0x00AD),
):
    for _c in range(_lo, _hi + 1):
        _DELETE_TABLE[_c] = None


def fold(text: str) -> str:
    """Normalise ``text`` for matching (no offset map); the same folding as :func:`normalise_text`.

    >>> fold("الميليشياتِ الإيرانيّةِ")
    'الميليشيات الايرانيه'
    """
    return text.translate(_DELETE_TABLE)


#: The public name the other stages use.
normalise = fold


@dataclass(frozen=True, slots=True)
class NormalisedText:
    """A field's original text, its normalised copy, and the removed positions between them."""

    original: str
    text: str
    removed: tuple[int, ...]  # sorted indices in ``original`` of the characters dropped

    def to_original(self, index: int) -> int:
        """Map a start index in ``text`` to the index of the same character in ``original``."""
        if not self.removed:
            return index
        j = index
        while True:  # j = index + (removed positions <= j), iterated to its fixed point
            nj = index + bisect_right(self.removed, j)
            if nj == j:
                return j
            j = nj

    def to_original_end(self, end: int) -> int:
        """Map an exclusive end index in ``text`` to the exclusive end in ``original``."""
        if end <= 0:
            return 0
        return self.to_original(end - 1) + 1


def normalise_text(original: str) -> NormalisedText:
    """Normalise ``original`` and keep what is needed to map offsets back."""
    text = original.translate(_DELETE_TABLE)
    if len(text) == len(original):
        return NormalisedText(original, text, ())
    removed = tuple(m.start() for m in _REMOVED_RE.finditer(original))
    return NormalisedText(original, text, removed)
