"""Facts read from sentences: casualty counts, the incident date, who is quoted.

Everything works on the normalised tokens of a sentence (see :mod:`monitor.analysis.document`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import pairwise

from monitor.analysis.document import Sentence
from monitor.analysis.lexicon import Lexicon
from monitor.analysis.relevance import Frame
from monitor.models import CasualtyKind, Qualifier, Side
from monitor.text.normalise import fold
from monitor.text.numerals import UNITS, read_number
from monitor.text.numerals import dual_count as _dual_count

__all__ = ["CasualtyFact", "current_tolls", "read_casualties", "resolve_date", "victim_side"]

_CLITICS = ("وال", "فال", "بال", "لل", "ال", "و", "ف", "ب", "ل")

# Duals of person nouns whose "-ين" form is also a plural (only the nominative "-ان" is sure).
_MORE_DUALS = frozenset(
    {"قياديان", "مقاتلان", "مسلحان", "مستشاران", "متعاقدان", "مجندان", "مدنيان", "شهيدان"}
)


def dual_count(token: str) -> int | None:
    """2 for a dual person noun (``جنديين``، ``قياديان``), else None."""
    return _dual_count(token) or (2 if token in _MORE_DUALS else None)


# Token-level helpers are memoised: they are pure, called on every token of the sentences read,
# and news vocabulary repeats (the caches are bounded by word types, not by items).
@lru_cache(maxsize=1 << 16)
def bare(token: str) -> str:
    """The token without a leading conjunction/preposition/article (for word-list lookups)."""
    for p in _CLITICS:
        if token.startswith(p) and len(token) - len(p) >= 3:
            return token[len(p) :]
    return token


@dataclass(frozen=True, slots=True)
class CasualtyFact:
    kind: CasualtyKind
    count: int
    qualifier: Qualifier
    t0: int  # token span of the phrase in its field
    t1: int
    total: bool = False  # "ارتفعت الحصيلة إلى N": N replaces the earlier figures of its kind
    preliminary: bool = False  # "حصيلة أولية تحدثت عن N": replaced by any total of its kind


def _phrase_at(tokens: list[str], i: int, phrases: frozenset[str]) -> int:
    """Length in tokens of a phrase from ``phrases`` starting at ``tokens[i]``, else 0."""
    for n in (4, 3, 2, 1):
        if i + n <= len(tokens) and " ".join(tokens[i : i + n]) in phrases:
            return n
    return 0


_INDEX: dict[int, dict[tuple[str, str], CasualtyKind]] = {}


def _index(lex: Lexicon) -> dict[tuple[str, str], CasualtyKind]:
    """(part, token as written, clitics included) -> kind; built once per lexicon."""
    found = _INDEX.get(id(lex))
    if found is not None:
        return found
    table: dict[tuple[str, str], CasualtyKind] = {}
    kind: CasualtyKind
    for kind, group in (("killed", lex.killed), ("wounded", lex.wounded)):
        for part, words in group.items():
            for w in words:
                for p in ("", *_CLITICS):
                    table.setdefault((part, p + w), kind)
    for w in lex.casualty_words["toll"]:
        for p in ("", *_CLITICS):
            table.setdefault(("toll", p + w), "killed")
    _INDEX[id(lex)] = table
    return table


_AGENT_WORDS: dict[int, frozenset[str]] = {}


def _agent_word(token: str, lex: Lexicon) -> bool:
    """Is ``token`` a one-word attack, weapon or nationality word (the indefinite subject of a
    killing verb: "قتلت غاره امريكيه سته")?"""
    words = _AGENT_WORDS.get(id(lex))
    if words is None:
        found = {fold(p) for p, cls in lex.cues if cls in ("strike", "event") and " " not in p}
        found |= {fold(p) for p, _ in lex.weapons if " " not in p.strip()}
        found |= {fold(p) for p, e in lex.actors if e.kind == "adj" and " " not in p.strip()}
        words = _AGENT_WORDS[id(lex)] = frozenset(found)
    if token in words:
        return True
    for end in ("ه", "ات", "ين", "ان", "ا", "يه", "يا"):
        if token.endswith(end) and token[: -len(end)] in words:
            return True
    return False


def _kind_of(word: str, lex: Lexicon, part: str) -> CasualtyKind | None:
    index = _INDEX.get(id(lex))  # built: one call fewer on every token read
    return (index if index is not None else _index(lex)).get((part, word))


def read_casualties(tokens: list[str], t0: int, t1: int, lex: Lexicon) -> list[CasualtyFact]:
    """Casualty counts stated in ``tokens[t0:t1]`` (one sentence)."""
    index = _index(lex)
    out: list[CasualtyFact] = []
    used_until = t0
    i = t0
    while i < t1:
        tok = tokens[i]
        trig = _kind_of(tok, lex, "triggers")
        if trig is not None and i >= used_until:
            fact = _after_trigger(tokens, i, t1, trig, lex)
            if fact is not None:
                out.append(fact)
                used_until = fact.t1
                i = fact.t1
                continue
        # toll: "ارتفاع حصيله القتلي ... الي 19"
        if i >= used_until and ("toll", tok) in index:
            fact = _toll(tokens, i, t1, lex)
            if fact is not None:
                out.append(fact)
                used_until = fact.t1
                i = fact.t1
                continue
        # "قتيل وجريح": a singular casualty noun joined to the figure before is one more
        if i == used_until and out and tok.startswith("و") and tok[1:] in _SINGLE_CASUALTY:
            out.append(CasualtyFact(_SINGLE_CASUALTY[tok[1:]], 1, "exact", i, i + 1))
            used_until = i = i + 1
            continue
        # a dual casualty noun is its own count: "قتيلان وثلاثة جرحى"
        dual = _DUAL_CASUALTY.get(bare(tok)) if i >= used_until else None
        if dual is not None and not (i > t0 and _numeric(tokens[i - 1])):
            out.append(CasualtyFact(dual, 2, "exact", i, i + 1))
            used_until = i + 1
            i += 1
            continue
        # one person before a singular verb: "إن جنديا أمريكيا أصيب بجروح"
        if (
            i >= used_until
            and i > t0
            and tokens[i - 1] in ("ان", "بان", "وان")
            and tok.endswith("ا")
            and tok in lex.casualty_words["person"]
        ):
            fact = _verb_after(tokens, i, i + 1, 1, min(t1, i + 6), lex)
            if fact is not None and tokens[fact.t1 - 1] in _SINGULAR_VERBS:
                out.append(fact)
                used_until = i = fact.t1
                continue
        # one of a group before a singular verb: "إن أحد مقاتلي قسد أصيب بجروح"
        if (
            i >= used_until
            and i > t0
            and tok in ("احد", "احدي")
            and tokens[i - 1] in ("ان", "بان", "وان")
            and i + 1 < t1
            and _people_at(tokens, i + 1, t1, lex)
        ):
            fact = _verb_after(tokens, i, i + 2, 1, min(t1, i + 7), lex)
            if fact is not None and tokens[fact.t1 - 1] in _SINGULAR_VERBS:
                out.append(fact)
                used_until = i = fact.t1
                continue
        # a dual person noun before its verb: "ان جنديين امريكيين اصيبا بجروح"
        b = bare(tok)
        if i >= used_until and (dual_count(b) or (b.endswith("ين") and dual_count(b[:-2] + "ان"))):
            # "قياديين ... قتلا": a plural-looking noun is a dual when its verb is
            fact = _verb_after(tokens, i, i + 1, 2, t1, lex)
            if fact is not None and not dual_count(b) and tokens[fact.t1 - 1] not in _DUAL_VERBS:
                fact = None
            if fact is not None:
                out.append(fact)
                used_until = i = fact.t1
                continue
        # count first: "19 قتيلا", "سبعه عناصر ... قتلوا"
        num = None
        if i >= used_until and _numeric(tok):
            num = read_number(tokens, i)
        elif (
            i >= used_until
            and tok[:1] in "ولب"
            and (len(tok) > 2 or tok[1:].isdigit())
            and _numeric(tok[1:])
        ):
            # "14 قتيلا و20 جريحا": a count joined by و; "اضافه لخمسه جرحي": a preposition
            num = read_number([tok[1:], *tokens[i + 1 : i + 4]], 0)
        if num is not None:
            value, n = num
            fact = _count_first(tokens, i, n, value, t1, lex)
            if fact is None and out and tok[:1] == "و" and i - out[-1].t1 <= 5:
                fact = _second_group(tokens, i, n, value, t1, out[-1])
            partitive = _partitive(tokens, i + n, t1) > 0
            if fact is not None and partitive and any(g.kind == fact.kind for g in out):
                fact = None  # "أصيب 11 ... اثنان منهم أصيبا بجروح خطيرة": a subset
            if fact is not None:
                out.append(fact)
                used_until = fact.t1
                i = fact.t1
                continue
        i += 1
    out = _without_breakdowns(tokens, out, lex)
    # "توفي إثر أزمة قلبية", "وفاة جندي في حادث غير قتالي": a death of no attack is no casualty
    out = [f for f in out if not _natural_death(tokens, f.t1, t1)]
    # "أصيب 11 عنصرا ... إصابات اثنين منهم خطيرة": "N of them" after a figure of its kind is a
    # subset of it ("مقتل ثلاثة منهم" with no figure before is the figure)
    out = [
        f
        for k, f in enumerate(out)
        if _OF_THEM.isdisjoint(tokens[f.t1 : min(t1, f.t1 + 2)])
        or not any(g.kind == f.kind for g in out[:k])
    ]
    if out:
        first = _first_phrase(tokens, t0, t1, lex.casualty_words["preliminary"])
        if first < t1:
            out = [replace(f, preliminary=True) if f.t0 > first else f for f in out]
    return out


#: deaths of no attack: "إثر أزمة قلبية", "لأسباب طبيعية", "في حادث غير قتالي"
_NATURAL = frozenset({"قلبيه", "طبيعيه", "مرض", "المرض", "مرضيه", "صحيه"})


def _natural_death(tokens: list[str], k: int, t1: int) -> bool:
    """Do the words after a figure (up to its clause's next few) give it a cause no attack is?"""
    after = tokens[k : min(t1, k + 5)]
    if not _NATURAL.isdisjoint(after):
        return True
    return any(a == "غير" and b == "قتالي" for a, b in pairwise(after))


def _without_breakdowns(
    tokens: list[str], facts: list[CasualtyFact], lex: Lexicon
) -> list[CasualtyFact]:
    """Drop the parts of a total just given: "إصابة ثلاثة، جندي أمريكي واثنين من قسد" is three
    wounded (one soldier and two fighters), not also two."""
    person = lex.casualty_words["person"]
    kept: list[CasualtyFact] = []
    for f in facts:
        last = kept[-1] if kept else None
        if last is not None and last.kind == f.kind and f.count < last.count:
            between = tokens[last.t1 : f.t0]
            singles = sum(1 for t in between if t in person or bare(t) in person)
            if len(between) <= 6 and singles and singles + f.count == last.count:
                continue
        kept.append(f)
    return kept


def _first_phrase(tokens: list[str], t0: int, t1: int, phrases: frozenset[str]) -> int:
    """Where the first phrase of ``phrases`` in ``tokens[t0:t1]`` starts (``t1`` if none)."""
    firsts = _first_words(phrases)
    if firsts.isdisjoint(tokens[t0:t1]):
        return t1
    return next(
        (k for k in range(t0, t1) if tokens[k] in firsts and _phrase_at(tokens, k, phrases)), t1
    )


@lru_cache(maxsize=64)
def _first_words(phrases: frozenset[str]) -> frozenset[str]:
    return frozenset(p.split(" ", 1)[0] for p in phrases)


def _second_group(
    tokens: list[str], i: int, n: int, value: int, t1: int, last: CasualtyFact
) -> CasualtyFact | None:
    """ "مقتل سته من لواء فاطميون وثلاثه من الحرس الثوري": a second group's count, of the same
    kind, right after the first (each group is its own figure)."""
    end = i + n
    if end + 1 < t1 and tokens[end] == "من" and not _numeric(tokens[end + 1]):
        return CasualtyFact(last.kind, value, last.qualifier, i, end)
    return None


_NUMBER_START = frozenset(
    [
        "واحد",
        "اثن",
        "ثلاث",
        "اربع",
        "خمس",
        "ست",
        "سبع",
        "ثمان",
        "تسع",
        "عشر",
        "ميه",  # مئة, folded (ئ is folded to ي)
        "ميت",  # مئتان، مئتي
        "مايه",  # مائة
        "مايت",  # مائتان
        "الف",
        "احد",
    ]
)


@lru_cache(maxsize=1 << 16)
def _numeric(tok: str) -> bool:
    """Cheap test: could a number start at this token?"""
    return (
        tok[0].isdigit()
        or tok[:2] in _NUMBER_START
        or tok[:3] in _NUMBER_START
        or (tok[:4] in _NUMBER_START)
    )


def _qualifier(tokens: list[str], i: int, lo: int, lex: Lexicon) -> tuple[Qualifier | None, int]:
    """A qualifier phrase starting at ``i``: (qualifier, length in tokens)."""
    w = lex.casualty_words
    n = _phrase_at(tokens, i, w["at_least"])
    if n:
        return "at_least", n
    n = _phrase_at(tokens, i, w["approx"])
    if n:
        return "approx", n
    return None, 0


def _is_vague(tokens: list[str], i: int, lex: Lexicon) -> bool:
    return bool(_phrase_at(tokens, i, lex.casualty_words["vague"]))


def _after_trigger(
    tokens: list[str], i: int, t1: int, kind: CasualtyKind, lex: Lexicon
) -> CasualtyFact | None:
    w = lex.casualty_words
    # negated: "لم يقتل احد", "دون وقوع اصابات"
    if i > 0 and (tokens[i - 1] in w["negation"] or bare(tokens[i - 1]) in ("وقوع", "تسجيل")):
        return None
    if i > 0 and tokens[i].startswith("و"):
        before = _kind_of(bare(tokens[i - 1]), lex, "triggers")
        if before is not None and before != kind:
            return None  # the second half of "مقتل وإصابة 11"
    if tokens[i].endswith("هما") and len(tokens[i]) > 5:
        return CasualtyFact(kind, 2, "exact", i, i + 1)  # "ما أدى إلى مقتلهما": both of them
    j = i + 1
    qualifier: Qualifier = "exact"
    # Between the trigger and the count: "عن" ("أسفر عن مقتل"), nested triggers ("أسفرت عن
    # مقتل"), "بحياة" ("أودت بحياة"), and for a verb its definite subject or a place phrase
    # ("قتلت الغارات تسعة", "قتل في الغارات 12").
    verb = not tokens[i].startswith(("مقتل", "اصابه", "جرح", "سقوط"))
    loose = bare(tokens[i]) in _FALL  # the trigger alone does not say people died
    notice = bare(tokens[i]) in _NOTICE  # "نعت هيئه الحشد 16": whoever gives the notice
    skipped = 0
    # "أصيب، بحسب ما أفاد به مسؤول دفاعي، ثمانية من أفراد الخدمة": a source put between
    said = verb and j < t1 and tokens[j] in _SOURCE_WORDS
    while j < t1 and not _numeric(tokens[j]):
        tok = tokens[j]
        nested = _kind_of(bare(tok), lex, "triggers")
        if said:
            pass
        elif nested is not None:
            loose = loose and bare(tok) in _FALL  # "اسفرت عن مقتل": مقتل says who
            if tok.startswith("و") and nested != kind:
                return None  # "مقتل وإصابة 5": one figure for both kinds is neither
            kind = nested
        elif (
            notice
            or tok in _BETWEEN
            or (verb and (tok.startswith(("ال", "وال")) or tok in _IN_IT or _agent_word(tok, lex)))
        ):
            pass  # "قتلت الغارات تسعه", "قتلت غاره امريكيه سته", "قتل فيه متعاقد"
        else:
            break
        j += 1
        skipped += 1
        if skipped > (12 if said else 6 if notice else 3):  # a notice names who gives it
            return None
    if j >= t1:
        return None
    if _is_vague(tokens, j, lex):
        return None
    q, n = _qualifier(tokens, j, i, lex)
    if q is not None:
        qualifier = q
        j += n
    if j >= t1:
        return None
    num = read_number(tokens, j)
    if num is not None:
        value, n = num
        end = j + n
        if end + 1 < t1 and tokens[end] == "او" and read_number(tokens, end + 1) is not None:
            return None  # "مقتل اثنين أو ثلاثة": a range, no figure
        if loose and end < t1:
            # "أسفر الهجوم عن ثلاث إصابات": a trigger that says nothing of death takes the kind
            # of the noun counted
            kind = _kind_of(bare(tokens[end]), lex, "nouns") or kind
        # "اثنين من الجرحي" is a subset of the casualties, not a count of them
        if (
            end + 1 < t1
            and tokens[end] == "من"
            and bare(tokens[end + 1]) in (lex.killed["nouns"] | lex.wounded["nouns"])
        ):
            return None
        if end + 1 < t1 and tokens[end + 1].startswith("و"):
            here = _kind_of(bare(tokens[end]), lex, "nouns")
            other = _kind_of(bare(tokens[end + 1][1:]), lex, "nouns")
            if here is not None and other is not None and other != here:
                return None  # "سقوط 11 قتيلا وجريحا": one amount for both, neither figure
        if loose and not (
            _people_at(tokens, end, t1, lex)
            or (end + 1 < t1 and tokens[end] == "من" and _people_at(tokens, end + 1, t1, lex))
        ):
            return None  # "سقوط ثلاث قذائف": shells fall too; only people are casualties
        end, value = _continuation(tokens, end, t1, value, lex)
        for q_at in (end, end + 1, end + 2):  # "مقتل ستة عناصر (من الميليشيا) على الأقل"
            if q_at < t1 and _phrase_at(tokens, q_at, w["at_least"]):
                qualifier = "at_least"
                break
        return CasualtyFact(kind, value, qualifier, i, end)
    word = tokens[j]
    two = dual_count(bare(word)) or dual_count(word)
    if two:
        end, value = _continuation(tokens, j + 1, t1, two, lex)
        return CasualtyFact(kind, value, qualifier, i, end)
    # the numeral after the noun: "مدنيين اثنين", "جندي واحد", "مدنيين سوريين اثنين" (not
    # across a conjunction: "مقتل شخص وإصابة اثنين آخرين" is one killed)
    for k in (j + 1, j + 2):
        if k >= t1 or (k == j + 2 and tokens[j + 1].startswith("و")):
            break
        if tokens[k] in _AFTER_NOUN:
            end, value = _continuation(tokens, k + 1, t1, _AFTER_NOUN[tokens[k]], lex)
            return CasualtyFact(kind, value, qualifier, i, end)
    # a definite numeral after a definite noun: "مقتل الجنود الأمريكيين الثلاثة"
    for k in (j + 1, j + 2, j + 3):
        unit = UNITS.get(tokens[k][2:], 0) if k < t1 and tokens[k].startswith("ال") else 0
        if 2 <= unit <= 10:
            return CasualtyFact(kind, unit, qualifier, i, k + 1)
    # "مقتل أحد عناصر الحرس": one of them
    if word in ("احد", "احدي") and j + 1 < t1 and not _numeric(tokens[j + 1]):
        return CasualtyFact(kind, 1, qualifier, i, j + 2)
    one = _SINGLE_CASUALTY.get(bare(word))
    if one is not None:
        return CasualtyFact(one, 1, qualifier, i, j + 1)  # "سقوط قتيل وجريحين": one killed
    if word == "اخر" and i > 0 and tokens[i].startswith("و"):
        return CasualtyFact(kind, 1, qualifier, i, j + 1)  # "مقتل مسلح وإصابة آخر": one more
    if bare(word) in w["person"] or word in w["person"]:
        # "مقتل متعاقد امريكي": one person; not "مقتل عناصر" (plural, no count)
        end, value = _continuation(tokens, j + 1, t1, 1, lex)
        return CasualtyFact(kind, value, qualifier, i, end)
    return None


#: words that open a source put between a verb and its count ("بحسب ما أفاد به مسؤول")
_SOURCE_WORDS = frozenset({"بحسب", "حسب", "وفق", "وفقا", "نقلا", "طبقا"})

# Triggers that also say things fall or are reaped ("سقوط قذائف"): the count must be of people.
_FALL = frozenset({"سقوط", "سقط", "سقطت", "حصد", "حصدت", "اسفر", "اسفرت"})


def _people_at(tokens: list[str], k: int, t1: int, lex: Lexicon) -> bool:
    """Is ``tokens[k]`` a casualty noun or a noun of people ("قتلى", "عناصر", "جنود")?"""
    if k >= t1:
        return False
    tok, b = tokens[k], bare(tokens[k])
    w = lex.casualty_words
    return bool(
        _kind_of(b, lex, "nouns")
        or _kind_of(tok, lex, "nouns")
        or {tok, b} & (w["person"] | w["fighters"] | w["personnel"] | w["civilians"])
        or b in _GROUP_NOUNS
        or dual_count(b)
    )


# Numerals that follow their noun (one and two are adjectives in Arabic).
_AFTER_NOUN = {
    "اثنين": 2,
    "اثنان": 2,
    "اثنتين": 2,
    "اثنتان": 2,
    "واحد": 1,
    "واحده": 1,
}


_DUAL_CASUALTY: dict[str, CasualtyKind] = {
    "قتيلان": "killed",
    "قتيلين": "killed",
    "شهيدان": "killed",
    "شهيدين": "killed",
    "جريحان": "wounded",
    "جريحين": "wounded",
    "مصابان": "wounded",
    # two bodies: "العثور على جثتين لعنصرين"
    "جثتين": "killed",
    "جثتان": "killed",
}
_BETWEEN = frozenset({"عن", "الي", "في", "الاقل", "علي", "بحياه", "حياه"})
_NOTICE = frozenset({"نعت", "نعي", "تنعي", "ينعي"})  # (folded: final ى is ي)
# "هجوم قتل فيه متعاقد": the attack named by a pronoun between the verb and its subject
_IN_IT = frozenset(
    {"فيه", "فيها", "خلاله", "خلالها", "جراءه", "جراءها", "بسببه", "بسببها", "اثره", "اثرها"}
)


def _continuation(
    tokens: list[str], end: int, t1: int, value: int, lex: Lexicon
) -> tuple[int, int]:
    """Add "ومتعاقد امريكي اخر" / "وثلاثه اخرين" joined to a count."""
    w = lex.casualty_words
    for k in range(end, min(t1, end + 6)):
        if tokens[k] in _COMPANIONS:
            return k + 1, value + _COMPANIONS[tokens[k]]  # "مقتل قيادي في الكتائب ومرافقه"
        if _kind_of(bare(tokens[k]), lex, "triggers"):
            break
    k = end
    # skip the counted noun and its adjectives (up to 3 tokens) to reach a "و..." continuation
    for _ in range(4):
        if k >= t1:
            return end, value
        tok = tokens[k]
        if tok.startswith("و") and len(tok) > 2:
            rest = tok[1:]
            num = read_number([rest, *tokens[k + 1 : k + 3]], 0)
            add = None
            span = 1
            if num is not None:
                add, span = num
            elif bare(rest) in w["person"] or rest in w["person"]:
                add = 1
            elif dual_count(rest):
                add = 2
            if add is None:
                return end, value
            # the joined count must be marked as "another": اخر، اخرين، اخرون، اخري
            for m in range(k + span, min(t1, k + span + 3)):
                if tokens[m] in ("اخر", "اخرين", "اخرون", "اخري", "اخريات", "اخران", "اخرين"):
                    return m + 1, value + add
            return end, value
        if tok in ("من", "في", "علي") or _kind_of(bare(tok), lex, "triggers"):
            return end, value
        k += 1
    return end, value


def _toll(tokens: list[str], i: int, t1: int, lex: Lexicon) -> CasualtyFact | None:
    """ "ارتفاع حصيله قتلي ... الي 19" / "ارتفع عدد القتلي ... الي 22"."""
    kind: CasualtyKind | None = None
    for k in range(i, min(t1, i + 4)):
        b = bare(tokens[k])
        kind = _kind_of(b, lex, "nouns") or kind
        if kind:
            break
    if kind is None:
        # the noun after the figure: "ارتفعت حصيلة الغارات إلى 9 قتلى", "ارتفع إلى 23 عدد قتلى"
        for k in range(i + 1, min(t1, i + 8)):
            if tokens[k] != "الي":
                continue
            num = read_number(tokens, k + 1)
            if num is None:
                return None
            value, n = num
            end = k + 1 + n
            rose = bare(tokens[i]) in _RISE
            for j in range(end, min(t1, end + 2)):
                after = _kind_of(bare(tokens[j]), lex, "nouns")
                if after is not None:
                    return CasualtyFact(after, value, "exact", i, j + 1, total=rose)
            if end < t1 and bare(tokens[end]) in ("عدد", "حصيله"):
                # "ارتفع إلى ثمانية عدد العناصر الذين لقوا حتفهم": the kind is the verb's
                for j in range(end + 1, min(t1, end + 12)):
                    after = _kind_of(tokens[j], lex, "after") or _kind_of(
                        bare(tokens[j]), lex, "nouns"
                    )
                    if after is not None:
                        return CasualtyFact(after, value, "exact", i, j + 1, total=rose)
            return None
        return None
    # "بلغ عدد القتلى 15", "حصيلة القتلى 19": the count right after the noun, or after its
    # definite genitive and adjective ("بلغ عدد قتلى الغارات 9", "قتلى القصف الأمريكي 12")
    for k in range(i + 1, min(t1, i + 4)):
        if not _kind_of(bare(tokens[k]), lex, "nouns"):
            continue
        at = k + 1
        while at < min(t1, k + 3) and tokens[at].startswith("ال") and tokens[at] not in _NOT_NOUNS:
            at += 1  # "قتلى الغارات"، "قتلى القصف الأمريكي"
        if at < t1 and _numeric(tokens[at]):
            num = read_number(tokens, at)
            if num is not None:
                return CasualtyFact(kind, num[0], "exact", i, at + num[1])
    # the figure may come after a long description of the strikes (a relative clause, places,
    # a source): "ارتفعت حصيلة قتلى الغارات التي ... بحسب مصادر محلية الى سبعه عناصر"
    for k in range(i + 1, min(t1, i + 40)):
        if tokens[k] in ("الي", "لي", "بلغ", "بلغت"):
            num = read_number(tokens, k + 1)
            if num is not None:
                value, n = num
                rose = any(bare(tokens[j]) in _RISE for j in range(max(0, i - 2), k))
                return CasualtyFact(kind, value, "exact", i, k + 1 + n, total=rose)
        if k > i + 3 and (bare(tokens[k]) in _RISE or _kind_of(bare(tokens[k]), lex, "triggers")):
            return None  # another figure's phrase starts
    return None


#: words written with a leading "ال" that are no definite noun ("إلى", relative pronouns)
_NOT_NOUNS = frozenset({"الي", "التي", "الذي", "الذين", "اللذين", "اللتين", "اللاتي"})

_RISE = frozenset(
    {"ارتفاع", "ارتفعت", "ارتفع", "ترتفع", "يرتفع", "بلغت", "بلغ", "وصلت", "وصل", "الحصيله"}
)


def current_tolls(
    facts: list[tuple[CasualtyFact, Side | None]],
) -> list[tuple[CasualtyFact, Side | None]]:
    """The figures of an item without those a risen toll replaced: "مقتل خمسة ... ثم ارتفعت
    الحصيلة إلى تسعة" is nine killed, not five and nine. A toll replaces only figures of its
    kind and of its victims' side (the militia toll does not replace a US contractor killed).
    Tolls only rise: the largest total is the current one."""
    totals: dict[tuple[str, str | None], int] = {}
    for f, side in facts:
        if f.total:
            totals[f.kind, side] = max(totals.get((f.kind, side), 0), f.count)
    kinds = {kind for kind, _ in totals}

    def risen(f: CasualtyFact, side: Side | None) -> bool:
        # a later, larger total of the kind whose victims are not said to be others
        return any(
            kind == f.kind and count > f.count and None in (side, other)
            for (kind, other), count in totals.items()
        )

    def superseded(f: CasualtyFact) -> bool:
        # "إصابة أحد الجنود ... وقد ارتفع عدد المصابين إلى ثلاثة": a larger total whose victims
        # are not said to be others replaces an earlier figure of its kind
        return not f.total and any(
            kind == f.kind and other is None and count > f.count
            for (kind, other), count in totals.items()
        )

    return [
        (f, side)
        for f, side in facts
        if ((f.kind, side) not in totals or f.count == totals[f.kind, side])
        and not (f.preliminary and f.kind in kinds)
        and not (f.total and risen(f, side))
        and not superseded(f)
    ]


def _count_first(
    tokens: list[str], i: int, n: int, value: int, t1: int, lex: Lexicon
) -> CasualtyFact | None:
    """ "19 قتيلا" or "سبعه عناصر ... قتلوا"; "سبعة على الأقل من عناصر الفصائل قتلوا"."""
    bound = _phrase_at(tokens, i + n, lex.casualty_words["at_least"]) if i + n < t1 else 0
    if bound:
        fact = _count_first(tokens, i, n + bound, value, t1, lex)
        return replace(fact, qualifier="at_least") if fact is not None else None
    end = i + n
    if end >= t1:
        return None
    noun = bare(tokens[end])
    kind = _kind_of(noun, lex, "nouns") or _kind_of(tokens[end], lex, "nouns")
    if tokens[end].startswith("و") and _kind_of(tokens[end], lex, "triggers"):
        kind = None  # "... اثنين وإصابة": a new clause starts, not the counted noun
    if kind is not None:
        if i > 0 and _is_vague(tokens, max(0, i - 2), lex) and tokens[i - 1] == "من":
            return None
        if end + 1 < t1 and tokens[end + 1].startswith("و"):
            other = _kind_of(bare(tokens[end + 1][1:]), lex, "nouns")
            if other is not None and other != kind:
                return None  # "سقوط 11 قتيلا وجريحا": one amount for both, neither figure
        return CasualtyFact(kind, value, "exact", i, end + 1)
    group = end + 1
    if tokens[end] == "من" and end + 1 < t1 and _group_noun(tokens[end + 1]):
        # "سته من عناصر الميليشيات قتلوا", "اربعه من مقاتلي الحرس لقوا حتفهم", "اثنين من
        # مجاهديها ارتقيا"
        noun, group = _group_noun(tokens[end + 1]), end + 2
    if (
        noun in lex.casualty_words["person"]
        or tokens[end] in lex.casualty_words["person"]
        or noun in _GROUP_NOUNS
    ):
        return _verb_after(tokens, i, group, value, min(t1, end + 12), lex)
    skip = _partitive(tokens, end, t1)
    if skip:
        # "عشرين من هؤلاء أصيبوا": those just counted or named, before their verb
        return _verb_after(tokens, i, end + skip, value, min(t1, end + skip + 2), lex)
    return None


def _partitive(tokens: list[str], k: int, t1: int) -> int:
    """The length of a partitive at ``k`` ("منهم", "من هؤلاء": of them), else 0."""
    if k >= t1:
        return 0
    if tokens[k] in _OF_THEM:
        return 1
    return 2 if tokens[k] == "من" and tokens[k + 1 : min(t1, k + 2)] == ["هولاء"] else 0


_DUAL_VERBS = frozenset({"قتلا", "اصيبا", "لقيا", "استشهدا", "جرحا", "ارتقيا", "قضيا"})
_OF_THEM = frozenset({"منهم", "منهما", "منهن"})
# "مقتل قيادي ومرافقه": a companion named by a pronoun is one more victim (two: مرافقيه is
# plural or dual, not counted)
_COMPANIONS = {"ومرافقه": 1, "ومرافقها": 1, "وسائقه": 1, "وسائقها": 1, "وحارسه": 1}
_SINGULAR_VERBS = frozenset({"اصيب", "قتل", "جرح", "توفي", "استشهد", "لقي", "ارتقي", "قضي"})
# Indefinite singular casualty nouns: one person each ("سقوط قتيل وجريح")
_SINGLE_CASUALTY: dict[str, CasualtyKind] = {
    "قتيل": "killed",
    "قتيلا": "killed",
    "جريح": "wounded",
    "جريحا": "wounded",
    "مصاب": "wounded",
    "مصابا": "wounded",
}


def _verb_after(
    tokens: list[str], i: int, k0: int, value: int, t1: int, lex: Lexicon
) -> CasualtyFact | None:
    """The casualty verb after counted victims ("سبعه عناصر ... قتلوا"): the fact, else None."""
    for k in range(k0, min(t1, k0 + 11)):
        after = _kind_of(tokens[k], lex, "after") or _kind_of(bare(tokens[k]), lex, "after")
        if after is not None:
            qualifier: Qualifier = "exact"
            for q in range(k0, k):
                if _phrase_at(tokens, q, lex.casualty_words["at_least"]):
                    qualifier = "at_least"
            return CasualtyFact(after, value, qualifier, i, k + 1)
        if _kind_of(bare(tokens[k]), lex, "triggers") or read_number(tokens, k):
            break
    return None


# Plural (and construct) nouns of people counted before their verb.
_GROUP_NOUNS = frozenset(
    {
        "عناصر",
        "جنود",
        "اشخاص",
        "مدنيين",
        "مقاتلين",
        "مقاتلي",
        "مسلحين",
        "مسلحي",
        "عسكريين",
        "عسكريي",
        "افراد",
        "منتسبي",
        "قياديين",
        "قياديي",
        "قاده",
        "ضباط",
        "متعاقدين",
        "مستشارين",
        "مستشاري",
        "مجندين",
        "مجاهدي",
        "مجاهدين",
        "شهداء",
    }
)


def _group_noun(token: str) -> str:
    """The plural noun of people in ``token`` without clitics or a possessive ending
    ("مقاتليها" -> "مقاتلي"), or "" when it is none."""
    b = bare(token)
    for end in ("", "ها", "هم", "ه"):
        if b.endswith(end) and (b[: len(b) - len(end)] if end else b) in _GROUP_NOUNS:
            return b[: len(b) - len(end)] if end else b
    return ""


# ---------------------------------------------------------------------------------- dates

_WEEKDAYS = {
    "الاثنين": 0,
    "الثلاثاء": 1,
    "الاربعاء": 2,
    "الخميس": 3,
    "الجمعه": 4,
    "السبت": 5,
    "الاحد": 6,
}
_DAY_PARTS = frozenset(
    {"فجر", "صباح", "مساء", "ليل", "ليله", "ظهر", "عصر", "يوم", "ظهيره", "منتصف", "فجرا"}
)


def _weekday(token: str) -> int | None:
    if token in _WEEKDAYS:
        return _WEEKDAYS[token]
    for p in ("و", "ف", "ب", "ل"):
        if token.startswith(p) and token[len(p) :] in _WEEKDAYS:
            return _WEEKDAYS[token[len(p) :]]
    return None


def _last(ref: date, weekday: int) -> date:
    """The latest date on or before ``ref`` that falls on ``weekday``."""
    return ref - timedelta(days=(ref.weekday() - weekday) % 7)


_DATE_WORDS = frozenset(
    p + w
    for w in ("اول", "امس", "البارحه", "الليله", "ليله", "اليوم", *_WEEKDAYS, *_DAY_PARTS)
    for p in ("", "و", "ف", "ب", "ل")
)


# Month names: Levantine (كانون الثاني ...) and Egyptian/Gulf (يناير ...), folded.
_MONTHS: dict[str, int] = {
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يوليو": 7,
    "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12, "شباط": 2, "اذار": 3,
    "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7, "اب": 8, "ايلول": 9,
}  # fmt: skip
_TWO_WORD_MONTHS = {("كانون", "الثاني"): 1, ("كانون", "الاول"): 12, ("تشرين", "الاول"): 10,
                    ("تشرين", "الثاني"): 11}  # fmt: skip
_MONTHS.update({"كانون": 0, "تشرين": 0})  # resolved with the next word


def _explicit_date(
    day: int, month: int, tokens: list[str], j: int, t1: int, ref: date
) -> date | None:
    """ "20 تشرين الأول", "19 آب الجاري", "22 يونيو 2025": the year from the text or ``ref``."""
    if month == 0:
        second = tokens[j] if j < t1 else ""
        month = _TWO_WORD_MONTHS.get((tokens[j - 1], second), 0)
        j += 1
        if not month:
            return None
    year = ref.year
    if j < t1 and tokens[j].isdigit() and len(tokens[j]) == 4:
        year = int(tokens[j])
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    if found > ref + timedelta(days=1) and not (j < t1 and tokens[j].isdigit()):
        found = found.replace(year=year - 1)  # a date after publication is last year's
    return found


#: ordinal days (folded): "في الثاني من شباط", "الحادي والعشرين من تشرين الأول"
_ORDINALS = {
    w: n
    for n, w in enumerate(
        ("الاول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع"),
        start=1,
    )
}
_ORDINAL_ONES = {**_ORDINALS, "الحادي": 1}
_ORDINAL_TENS = {"عشر": 10, "والعشرين": 20, "والثلاثين": 30}
_ORDINAL_ROUND = {"العاشر": 10, "العشرين": 20, "الثلاثين": 30}
#: "قبل يومين", "قبل ثلاثه ايام", "قبل اسبوع": days back
_DAYS_BACK = {"يوم": 1, "يومين": 2, "اسبوع": 7}


def _ordinal_day(tokens: list[str], i: int, t1: int) -> tuple[int, int] | None:
    """An ordinal day at ``i`` followed by "من" (the month follows): (day, index after من)."""
    tok = tokens[i]
    day, j = _ORDINAL_ROUND.get(tok, 0), i + 1
    if not day and tok in _ORDINAL_ONES:
        tens = _ORDINAL_TENS.get(tokens[i + 1], 0) if i + 1 < t1 else 0
        day, j = _ORDINAL_ONES[tok] + tens, i + (2 if tens else 1)
        if tok == "الحادي" and not tens:
            return None
    if day and j + 1 < t1 and tokens[j] == "من" and tokens[j + 1] in _MONTHS:
        return day, j + 1
    return None


def _days_back(tokens: list[str], i: int, t1: int) -> tuple[int, int] | None:
    """ "قبل يومين", "قبل ثلاثه ايام": (days, tokens used), a week at most."""
    nxt = tokens[i + 1] if i + 1 < t1 else ""
    if nxt in _DAYS_BACK:
        return _DAYS_BACK[nxt], 2
    if i + 2 < t1 and tokens[i + 2] == "ايام":
        num = read_number(tokens, i + 1)
        if num is not None and num[1] == 1 and 3 <= num[0] <= 7:
            return num[0], 3
    return None


def resolve_date(tokens: list[str], t0: int, t1: int, ref: date) -> tuple[date, int, int] | None:
    """The first date phrase in ``tokens[t0:t1]`` resolved against ``ref``: (date, start, end)."""
    for i in range(t0, t1):
        tok = tokens[i]
        if tok.isdigit() and len(tok) <= 2 and i + 1 < t1 and tokens[i + 1] in _MONTHS:
            explicit = _explicit_date(int(tok), _MONTHS[tokens[i + 1]], tokens, i + 2, t1, ref)
            if explicit is not None:
                return explicit, i, i + 2
            continue
        if tok in _ORDINAL_ONES or tok in _ORDINAL_ROUND:
            ordinal = _ordinal_day(tokens, i, t1)
            if ordinal is not None:
                nth, m = ordinal
                explicit = _explicit_date(nth, _MONTHS[tokens[m]], tokens, m + 1, t1, ref)
                if explicit is not None:
                    return explicit, i, m + 1
            continue
        if tok == "قبل":
            back = _days_back(tokens, i, t1)
            if back is not None:
                return ref - timedelta(days=back[0]), i, i + back[1]
            continue
        if tok not in _DATE_WORDS:
            continue
        b = tok[1:] if tok[:1] in ("و", "ف") and len(tok) > 3 else tok
        nxt = tokens[i + 1] if i + 1 < t1 else ""
        nxt2 = tokens[i + 2] if i + 2 < t1 else ""
        if b in ("اول", "امس") and nxt in ("امس", "الاول"):
            day = ref - timedelta(days=2)
            wd = _weekday(nxt2)
            return day, i, i + 3 if wd is not None else i + 2
        if b in ("امس", "البارحه"):
            return ref - timedelta(days=1), i, i + (2 if _weekday(nxt) is not None else 1)
        if b in ("الليله", "ليله") and nxt in ("الماضيه", "الفائته", "السابقه"):
            return ref - timedelta(days=1), i, i + 2
        if b in _DAY_PARTS and nxt in ("امس", "البارحه"):
            return ref - timedelta(days=1), i, i + 2
        if b == "اليوم":
            wd = _weekday(nxt)
            if wd is not None:
                return _last(ref, wd), i, i + 2
            return ref, i, i + 1
        wd = _weekday(tok)
        if wd is not None:
            prev = tokens[i - 1] if i > t0 else ""
            pb = prev[1:] if prev[:1] in ("و", "ف") and len(prev) > 3 else prev
            # a bare weekday name is also a person's name or part of a date line; require a
            # day-part before it, or a preceding verb phrase context (it is the usual news form)
            if pb in _DAY_PARTS or pb in ("منذ",) or i > t0:
                return _last(ref, wd), i - (1 if pb in _DAY_PARTS else 0), i + 1
    return None


# ---------------------------------------------------------------------------- victims

# Classes that end the victims' noun phrase: what killed them, who said so.
_NP_STOP = frozenset(
    {
        "strike",
        "event",
        "attack_verb",
        "attack_noun",
        "by",
        "report",
        "source_prep",
        "media",
        "claim",
        "shootdown",
        "suffered",
        "motive",
        "response",
    }
)
# Words that start the cause or the agent of a death: "جراء الغارات"، "على يد"، "بنيران".
_CAUSE = frozenset(
    {
        "جراء",
        "اثر",
        "بسبب",
        "نتيجه",
        "عقب",
        "اثناء",
        "خلال",
        "بعد",
        "يد",
        "نيران",
        "رصاص",
        "حين",
        "عندما",
        "بينما",
        "فيما",
    }
)
_HOSTILE_TARGETS = ("iran_aligned", "govmil", "syrian_government")


def victim_side(
    s: Sentence, fact: CasualtyFact, fr: Frame, frames: list[Frame], lex: Lexicon
) -> Side | None:
    """The side of the dead or wounded of ``fact``: from the victims' own noun phrase ("ستة من
    عناصر الميليشيات الإيرانية قتلوا", "إصابة جنديين أمريكيين"), never from the attacker named
    next to them ("مقتل ستة مسلحين بغارات أمريكية"). When the phrase names no side, the dead of a
    US/coalition strike are its target; fighters are not personnel; otherwise None. A wrong
    ``us_coalition`` is the costliest error (it makes an alert critical), so US personnel need the
    text to say so, or an attack on US forces and soldiers (or no noun) as the victims."""
    toks = s.field.tokens
    end = _np_end(s, fact, lex)
    roles: dict[int, tuple[str, str]] = {}
    for role, table in (
        ("attacker", fr.attackers),
        ("target", fr.targets),
        ("source", fr.sources),
        ("mention", fr.mentioned),
    ):
        for key, ms in table.items():
            for m in ms:
                roles[id(m)] = (role, key)
    found: str | None = None
    generic = False  # "عناصر الميليشيات": an armed group the phrase gives no side
    agent_until = _agent_end(s, fact, lex)
    for m in s.mentions:
        if m.layer != "actor" or not fact.t0 <= m.t0 < end or id(m) not in roles:
            continue
        if m.t0 < agent_until:
            continue  # "اصابت القوات الامريكيه ثلاثه مهاجمين": the verb's subject did it
        role, key = roles[id(m)]
        if m.t0 >= fact.t1 and role == "attacker":
            # right after the figure, before any attack word: the victims, whatever role the
            # sentence gave them ("وردت ... بعد اصابه ثلاثه جنود امريكيين")
            role = "target"
        generic = generic or (key == "generic" and role != "attacker")
        if role in ("attacker", "source") or key == "generic":
            continue
        if role == "mention" and (key == "us_coalition" or _after_attack_word(s, fact.t0, m.t0)):
            # "قتلى الغارات التي نفذتها طائرات تابعة للتحالف بقيادة واشنطن": a name inside the
            # description of the attack is not the victims'; US victims must be named as hit
            continue
        found = key
        break
    martyrs = any(bare(toks[k]) in lex.casualty_words["martyr"] for k in range(fact.t0, end))
    martyrs = martyrs or any(toks[k] in lex.casualty_words["martyr"] for k in range(fact.t0, end))
    if found is not None:
        side = _public(found)
        return None if side == "us_coalition" and martyrs else side
    words = {bare(toks[k]) for k in range(fact.t0, end)} | set(toks[fact.t0 : end])
    w = lex.casualty_words
    if words & w["civilians"]:
        return None
    fighters = bool(words & w["fighters"])
    personnel = bool(words & w["personnel"]) and not fighters
    attacker = _attacker(fr, frames)
    if attacker == "us_coalition":
        if personnel and not fr.targets.keys() & set(_HOSTILE_TARGETS):
            return None  # soldiers of a side the text does not give
        for key in _HOSTILE_TARGETS:
            if key in fr.targets:
                return _public(key)
        # the story's targets, or the group it names among the dead ("القتلى من عناصر ...")
        story = {k for x in frames if x.kind == "us_attacks" for k in x.targets}
        story |= {
            k
            for x in frames
            if "victim" in x.classes and not x.kind
            for k in x.mentioned.keys() | x.targets.keys()
        }
        for key in _HOSTILE_TARGETS:
            if key in story:
                return _public(key)
        if generic and not any("isis" in x.attackers or "isis" in x.targets for x in frames):
            return "iran_aligned"  # militiamen killed by US forces, in a story not about ISIS
        if fighters and "iran_aligned" in fr.attackers:
            return "iran_aligned"  # "... وردت القوات الأمريكية ما أدى إلى مقتل 3 من المهاجمين"
        return None
    if attacker == "iran_aligned" and (generic or fighters) and "us_coalition" in fr.attackers:
        return "iran_aligned"  # US forces hitting back killed militiamen: the attackers' side
    if attacker == "iran_aligned" and personnel and not (martyrs or words & w["neutral"]):
        # soldiers hurt in an attack on US forces; with nobody named the side stays unknown
        # (the attackers may be the dead), since a wrong US side makes an alert critical
        return "us_coalition"
    return None


def _agent_end(s: Sentence, fact: CasualtyFact, lex: Lexicon) -> int:
    """For a figure after a finite verb ("قتلت القوات الامريكيه ثلاثه", "اصابت الغاره خمسه"),
    where the verb's subject ends (the figure's first token); else the figure's start."""
    toks = s.field.tokens
    first = bare(toks[fact.t0])
    if _kind_of(first, lex, "triggers") is None or first in _VERBAL_NOUNS:
        return fact.t0
    for k in range(fact.t0 + 1, fact.t1):
        if _numeric(toks[k]) or _kind_of(bare(toks[k]), lex, "triggers"):
            return k
    return fact.t0


# Verbal nouns and toll words: what follows them is the victims or the attack, not a subject.
_VERBAL_NOUNS = frozenset(
    {"مقتل", "اصابه", "اصابات", "سقوط", "استشهاد", "مصرع", "وفاه", "تصفيه", "اغتيال", "ارتقاء",
     "حصيله", "عدد", "ارتفاع", "مقتلهم", "مقتلهما", "اصابتهم", "جرح"}
)  # fmt: skip


def _after_attack_word(s: Sentence, t0: int, k: int) -> bool:
    """Is there an attack or strike word between ``t0`` and ``k``?"""
    cls_at = s.field.cls_at
    return any(cls_at[j] & {"strike", "event", "attack_verb", "attack_noun"} for j in range(t0, k))


def _np_end(s: Sentence, fact: CasualtyFact, lex: Lexicon) -> int:
    """Where the victims' noun phrase after ``fact`` ends: at the cause, the agent, the source
    or the next casualty figure (at most eight tokens on)."""
    f = s.field
    toks, cls_at = f.tokens, f.cls_at
    weapons = {m.t0 for m in s.mentions if m.layer == "weapon"}
    k = fact.t1
    while k < min(s.t1, fact.t1 + 8):
        tok = toks[k]
        if k in weapons or (cls_at[k] & _NP_STOP and not f.actor_at[k]):
            break
        if bare(tok) in _CAUSE or tok in _CAUSE:
            break
        if _kind_of(bare(tok), lex, "triggers") is not None or _kind_of(tok, lex, "triggers"):
            break
        k += 1
    return k


def _attacker(fr: Frame, frames: list[Frame]) -> str | None:
    """Who attacked: this sentence's attacker, else the story's (when all its frames agree)."""
    if "us_coalition" in fr.attackers and fr.kind != "us_attacked":
        return "us_coalition"
    if fr.kind == "us_attacked" or (
        fr.attackers.keys() & {"iran_aligned"} and "us_coalition" in fr.targets
    ):
        return "iran_aligned"
    if fr.attackers:
        return None  # another attacker (Israel, ISIS...) or a mixed sentence
    kinds = {x.kind for x in frames if x.kind and not x.void}
    if kinds == {"us_attacks"}:
        return "us_coalition"
    if kinds == {"us_attacked"}:
        return "iran_aligned"
    return None


def _public(key: str) -> Side | None:
    if key == "govmil":
        return "syrian_government"
    if key == "generic":
        return None
    return key  # type: ignore[return-value]
