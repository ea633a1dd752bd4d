"""Arabic text utilities: normalisation with offset maps, clitic-aware phrase matching, number
words, and a cheap language test."""

from monitor.text.lang import arabic_ratio, is_arabic
from monitor.text.matcher import Hit, PhraseMatcher
from monitor.text.normalise import NormalisedText, fold, normalise, normalise_text
from monitor.text.numerals import dual_count, read_number

__all__ = [
    "Hit",
    "NormalisedText",
    "PhraseMatcher",
    "arabic_ratio",
    "dual_count",
    "fold",
    "is_arabic",
    "normalise",
    "normalise_text",
    "read_number",
]
