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
_REMOVED_CHARS = tuple(chr(c) for c in range(0x00A0, 0xFFFF) if _REMOVED_RE.match(chr(c)))

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
# The same folding as one translate table (the reference the tests compare ``fold`` with).
_DELETE_TABLE: dict[int, str | int | None] = dict(_TABLE)
_DELETE_TABLE.update({ord(c): None for c in _REMOVED_CHARS})


_REPLACE = tuple((chr(k), v) for k, v in _TABLE.items() if isinstance(v, str) and chr(k) != v)
_UPPER = re.compile(r"[A-Z]+")


def _lower(m: re.Match[str]) -> str:
    return m.group().lower()


def fold(text: str) -> str:
    """Normalise ``text`` for matching (no offset map); the same folding as :func:`normalise_text`.

    >>> fold("الميليشياتِ الإيرانيّةِ")
    'الميليشيات الايرانيه'
    """
    # str.translate looks every character up in a dict; a handful of str.replace scans of the
    # characters actually present is several times faster on Arabic text.
    if _REMOVED_RE.search(text):
        text = _REMOVED_RE.sub("", text)
    for src, dst in _REPLACE:
        if src in text:
            text = text.replace(src, dst)
    # Latin capitals are rare in Arabic text: bytes.lower() changes only ASCII A-Z, and testing
    # for them that way is several times faster than a regex search over the text.
    encoded = text.encode("utf-8", "surrogatepass")
    if encoded.lower() != encoded:
        text = _UPPER.sub(_lower, text)
    return text


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
    text = fold(original)
    if len(text) == len(original):
        return NormalisedText(original, text, ())
    removed = tuple(m.start() for m in _REMOVED_RE.finditer(original))
    return NormalisedText(original, text, removed)
