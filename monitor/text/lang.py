"""A cheap script test: is this text Arabic?"""

from __future__ import annotations

import re

__all__ = ["arabic_ratio", "is_arabic"]

_ARABIC = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u0750-\u077f]+")
_LETTER = re.compile(r"[^\W\d_]+")


def arabic_ratio(text: str, sample: int = 600) -> float:
    """Share of Arabic letters among the letters of the first ``sample`` characters."""
    head = text[:sample]
    letters = sum(map(len, _LETTER.findall(head)))  # runs, not single letters: faster
    if not letters:
        return 0.0
    return sum(map(len, _ARABIC.findall(head))) / letters


def is_arabic(text: str, threshold: float = 0.5) -> bool:
    """True when at least ``threshold`` of the letters are Arabic script.

    >>> is_arabic("قصف صاروخي على قاعدة التنف"), is_arabic("Rocket attack on al-Tanf")
    (True, False)
    """
    return arabic_ratio(text) >= threshold
