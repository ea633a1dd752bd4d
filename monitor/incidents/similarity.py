"""Text similarity of two reports: normalised Arabic word sets, bottom-k sketches, Jaccard.

Re-worded reports of one strike share their content words (the base, the militia, the weapon,
"غارات", "مسيرة"), but Arabic glues conjunctions, prepositions and the article to them
("وبالقاعدة", "للميليشيات"). So words are normalised (:func:`monitor.text.normalise`:
diacritics and tatweel removed, alef/ya/ta marbuta forms folded, Arabic-Indic digits to ASCII),
the common clitic prefixes are stripped, stop words dropped, and the remaining stems hashed
(BLAKE2b, stable across processes, unlike ``hash``).

A report keeps only the ``k`` smallest hashes (a bottom-k MinHash sketch): small to store in the
incident state, and for titles plus leads (40-80 stems) usually the whole set, so the estimate is
the exact Jaccard index.

>>> a = sketch("غارات أمريكية على مواقع للحرس الثوري في دير الزور")
>>> b = sketch("الطيران الأميركي يشن غارات على موقع للحرس الثوري بدير الزور")
>>> 0.3 < jaccard(a, b) < 1.0
True

Shared words are weak evidence between two reports at one base: every drone attack on Al-Tanf
says "drone", "base", "Al-Tanf", "coalition". Word *shingles* (pairs of consecutive stems) are
stricter: a feed's copy of an article's title and first sentence shares nearly all of its
shingles with the article, another incident at that base a few. :func:`shingle_sketch` and
:func:`shingle_similarity` measure that; the engine requires it when time gives no evidence.

>>> s = shingle_sketch("مسيرة تستهدف قاعدة التنف وتصيب جنديين من قوات التحالف الدولي فجر الأحد")
>>> shingle_similarity(s, shingle_sketch("مسيرة تستهدف قاعدة التنف وتصيب جنديين"), min_size=3)
1.0
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable, Sequence

from monitor.text import normalise

__all__ = [
    "containment",
    "jaccard",
    "shingle_similarity",
    "shingle_sketch",
    "sketch",
    "stems",
    "text_similarity",
]

_WORD = re.compile(r"[0-9a-z\u0621-\u064a]+")
# Longest first: "وبال" before "بال" before "ال".
_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ف", "ل")
_STOP_WORDS = """
    في من على الى عن مع ان او ما لا لم لن قد كان كانت هذا هذه ذلك تلك التي الذي الذين اللذين
    بعد قبل عند حيث حين بين ضد عبر خلال منذ حتى ثم اي كل بعض غير دون وقد كما اذ اذا الا
    قال قالت اعلن اعلنت وفق وفقا بحسب حسب له لها لهم إلى
    اليوم امس مساء صباح فجر ليل ليله يوم اول
    الاحد الاثنين الثلاثاء الاربعاء الخميس الجمعه السبت هو هي هم انه انها ايضا فيما وذلك
    """.split()  # noqa: SIM905 - a word list reads better as text


_STOP = frozenset(normalise(w) for w in _STOP_WORDS)


def _stem(word: str) -> str:
    for p in _PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 3:
            word = word[len(p) :]
            break
    # A light suffix fold so "الأمريكية"/"أمريكي"/"أمريكيين" meet.
    for s in ("يين", "يون", "يه", "ين", "ون", "ات", "ي", "ه"):
        if word.endswith(s) and len(word) - len(s) >= 3:
            return word[: -len(s)]
    return word


def stems(text: str) -> list[str]:
    """Content stems of a text, in order, stop words removed."""
    out = []
    for w in _WORD.findall(normalise(text)):
        if w in _STOP or len(w) < 2:
            continue
        s = _stem(w)
        if s not in _STOP and len(s) >= 2:
            out.append(s)
    return out


def _h(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode(), digest_size=4).digest(), "big")


def sketch(text: str, k: int = 64) -> tuple[int, ...]:
    """The ``k`` smallest hashes of the text's stems (sorted): a bottom-k MinHash sketch."""
    return tuple(sorted({_h(s) for s in stems(text)})[:k])


def shingle_sketch(text: str, k: int = 64) -> tuple[int, ...]:
    """Bottom-k sketch of the text's shingles: pairs of consecutive content stems."""
    st = stems(text)
    return tuple(sorted({_h(f"{a} {b}") for a, b in itertools.pairwise(st)})[:k])


def jaccard(a: Sequence[int], b: Sequence[int], k: int = 64) -> float:
    """Estimated Jaccard index of the two stem sets behind two sketches (0 when one is empty)."""
    if not a or not b:
        return 0.0
    union: Iterable[int] = sorted(set(a) | set(b))[:k]
    sa, sb = set(a), set(b)
    kept = list(union)
    both = sum(1 for h in kept if h in sa and h in sb)
    return both / len(kept)


def containment(a: Sequence[int], b: Sequence[int], k: int = 64, min_stems: int = 8) -> float:
    """Share of the smaller set (stems or shingles) found in the larger one (0 when it has fewer
    than ``min_stems``).

    A feed that carries only the title and first sentence of a story is *contained* in the full
    article: its Jaccard index with it is low, its containment high. Sketches cut at ``k`` are
    compared below the smaller of their cut-offs, where both are complete.
    """
    cut = min(a[-1] if len(a) >= k else 2**32, b[-1] if len(b) >= k else 2**32) if a and b else 0
    sa = {h for h in a if h <= cut}
    sb = {h for h in b if h <= cut}
    if min(len(sa), len(sb)) < min_stems:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def text_similarity(a: Sequence[int], b: Sequence[int], k: int = 64, weight: float = 0.6) -> float:
    """``max(jaccard, weight * containment)``: re-worded reports and lead-only copies both score."""
    return max(jaccard(a, b, k), weight * containment(a, b, k))


def shingle_similarity(a: Sequence[int], b: Sequence[int], k: int = 64, min_size: int = 6) -> float:
    """``max(jaccard, containment)`` of two shingle sketches.

    Containment counts only when the smaller set holds ``min_size`` shingles: a title of four
    words is "contained" in many articles about the same base.
    """
    return max(jaccard(a, b, k), containment(a, b, k, min_size))
