"""The analysis engine: one NewsItem in, one Analysis out. Pure and deterministic.

All lexicons (actors, cues, weapons, casualty words, sites, gazetteer) are compiled into a single
Aho-Corasick automaton when the :class:`Analyzer` is built; analysing an item is one automaton pass
per field plus rules over the hits (see :mod:`monitor.analysis.relevance` and
:mod:`monitor.analysis.facts`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import pairwise
from typing import Any, cast

from monitor.analysis.document import Field, FrontedClauses, Mention, Sentence, split_field
from monitor.analysis.facts import (
    CasualtyFact,
    current_tolls,
    read_casualties,
    resolve_date,
    victim_side,
)
from monitor.analysis.gazetteer import KIND_SPECIFICITY
from monitor.analysis.lexicon import ActorEntry, Lexicon, Site, load_lexicon
from monitor.analysis.relevance import (
    AFTER_TOLL,
    EARLIER,
    GENERIC,
    GOVMIL,
    HOSTILE,
    IRAN,
    OTHER_ATTACKERS,
    OTHER_STATES,
    US,
    Frame,
    abroad_after,
    attribute_across,
    carry_over,
    classify,
    coordinated,
    flying_over,
    in_motive,
    in_sequel,
    motive_start,
    near,
    operating_in,
    past_after,
    pluperfect,
    read_frame,
    refers_back,
    stationed,
)
from monitor.models import (
    Actor,
    Analysis,
    Casualty,
    Evidence,
    Location,
    NewsItem,
    Quote,
    Role,
    Side,
    TextField,
)
from monitor.text.lang import is_arabic
from monitor.text.matcher import PhraseMatcher, SuffixPolicy
from monitor.text.normalise import fold, normalise_text

__all__ = ["ENGINE_VERSION", "Analyzer"]

log = logging.getLogger(__name__)

#: Bump when rules or lexicons change what the engine says about the same item.
ENGINE_VERSION = "marsad-ar-1.3"

#: openers of a faction statement's continuation clause ("استمرارا لنهجنا في مقاومة الاحتلال، ...")
_CONTINUING = ("استمرارا", "تأكيدا على", "وفاء لدماء")
#: the classes of the verb that opens the main clause after a fronted one ("، شنت", "، أعلنت")
_MAIN_VERBS = frozenset({"attack_verb", "claim", "report", "response"})

_CONTEXT_WORDS = frozenset(
    fold(w)
    for w in [
        "مدينة",
        "بلدة",
        "قرية",
        "ناحية",
        "حقل",
        "قاعدة",
        "مطار",
        "معبر",
        "ريف",
        "منطقة",
        "محيط",
        "أطراف",
        "مدينتي",
        "بلدتي",
        "قريتي",
        "محافظة",
        "حي",
        "بادية",
        "مخيم",
        "طريق",  # "على طريق الميادين"
        "مدخل",
    ]
)
_LOCATIVE = frozenset(
    fold(w)
    for w in [
        "في",
        "قرب",
        "بالقرب",
        "محيط",
        "أطراف",
        "شرق",
        "غرب",
        "شمال",
        "جنوب",
        "شرقي",
        "غربي",
        "شمالي",
        "جنوبي",
        "داخل",
        "نحو",
        "باتجاه",
        "على",  # "غارات على الميادين": in a sentence reporting an attack
    ]
)
_ATTACK_CLASSES = frozenset({"event", "attack_verb", "attack_noun", "shootdown"})
_AIR_WEAPONS = frozenset({"fighter_jet", "drone"})
_COUNTER = frozenset({"denial", "hedge"})
_SHELLING_TYPE = "Shelling/artillery/missile attack"
_SHELLING_WORDS = frozenset({"قصف", "قصفت", "يقصف", "تقصف", "قصفا", "قصفها"})
_AIR_RAIDS = frozenset({"غاره", "غارات", "غارتين", "غارتان", "طيران", "طايرات", "طايره"})
_GROUND_WEAPONS = frozenset({"rocket", "missile", "mortar", "artillery"})
_STORAGE = frozenset(
    fold(w)
    for w in [
        "تخزين",
        "لتخزين",
        "مستودع",
        "مستودعات",
        "منصة",
        "منصات",
        "منظومة",
        "منظومات",
        "مخازن",
        "مخزن",
        "شحنة",
        "شحنات",
        "لإطلاق",
        "إطلاق",
        "مضادة",
        "مضادات",
        "دفاع",
        "الدفاع",
        "اعتراض",
        "صناعة",
        "تصنيع",
        # flying, not fired: "تحليق مكثف للطيران"
        "تحليق",
        "حلقت",
        "حلق",
        "تحلق",
        "يحلق",
    ]
)


_DESTROYED = frozenset({"تدمير", "دمرت", "دمر", "ودمرت", "ودمر", "وتدمير"})


@dataclass(frozen=True, slots=True)
class PlaceHit:
    """A gazetteer spelling: its most specific place, whether it needs context, all places."""

    place: Any
    needs_context: bool
    candidates: tuple[Any, ...]

    @property
    def countries(self) -> frozenset[str]:
        return frozenset(p.country for p in self.candidates)


class Analyzer:
    """Build once (lexicons, gazetteer, automaton), then :meth:`analyse` any number of items.

    >>> from datetime import UTC, datetime
    >>> item = NewsItem(item_id="t:1", feed_id="t", outlet="t", url="https://t/1",
    ...     title="غارات أمريكية على مواقع للميليشيات الإيرانية في البوكمال",
    ...     fetched_at=datetime(2024, 2, 3, tzinfo=UTC))
    >>> a = Analyzer().analyse(item)
    >>> a.relevant, sorted({x.side for x in a.actors})
    (True, ['iran_aligned', 'us_coalition'])
    """

    def __init__(
        self, gazetteer: Sequence[Any] | None = None, lexicon: Lexicon | None = None
    ) -> None:
        self.lexicon = lex = lexicon or load_lexicon()
        if gazetteer is None:
            gazetteer = _default_gazetteer()
        rows: list[tuple[str, tuple[str, Any], SuffixPolicy]] = []
        for phrase, entry in lex.actors:
            policy: SuffixPolicy = "infl" if entry.kind in ("adj", "qualifier") else "pron"
            if policy == "pron" and " " not in phrase.strip() and fold(phrase).startswith("ال"):
                policy = "pron_name"
            rows.append((phrase, ("actor", entry), policy))
        # one entry per spelling and policy carrying all its classes (قصف: event, attack noun...)
        cue_classes: dict[tuple[str, SuffixPolicy], set[str]] = {}
        for phrase, cls in lex.cues:
            policy = cast(SuffixPolicy, lex.cue_suffix.get(cls, "infl"))  # checked on load
            cue_classes.setdefault((fold(phrase), policy), set()).add(cls)
        for group in (lex.killed, lex.wounded):
            for words in group.values():
                for w in words:
                    cue_classes.setdefault((w, "pron"), set()).add("cas")
        for (phrase, policy), classes in cue_classes.items():
            rows.append((phrase, ("cue", frozenset(classes)), policy))
        for phrase, wcls in lex.weapons:
            policy = "pron" if phrase in lex.weapons_plural else "infl"
            rows.append((phrase, ("weapon", wcls), policy))
        for phrase, model in lex.models:
            rows.append((phrase, ("model", model), "none"))
        for phrase in lex.us_sites:
            rows.append((phrase, ("site", Site(phrase, phrase in lex.host_towns)), "name"))
        for phrase in lex.base_refs:
            rows.append((phrase, ("base_ref", phrase), "none"))
        for phrase, country in lex.foreign_places:
            rows.append((phrase, ("foreign", country), "name"))
        for phrase in lex.syria:
            rows.append((phrase, ("syria", "SY"), "name"))
        # The gate: every confrontation frame needs US/coalition forces or one of their sites, so
        # an item naming neither is irrelevant without reading it further (most of a news stream).
        gate = [(p, True) for p, e in lex.actors if e.side == US]
        gate += [(p, True) for p in lex.us_sites]
        self._gate: PhraseMatcher[bool] = PhraseMatcher(gate, policy="infl")
        self.places = tuple(gazetteer)
        # The theatre gate: a frame counts only where a sentence of the story is placed in Syria,
        # so an item naming no Syrian place (US news from anywhere else) is irrelevant too.
        theatre = [(p, True) for p in lex.syria]
        theatre += [
            (name, True)
            for place in self.places
            if place.country == "SY"
            for name in place.names_ar
        ]
        self._theatre: PhraseMatcher[bool] = PhraseMatcher(theatre, policy="infl")
        # one entry per spelling; a spelling shared by several places carries all of them
        shared: dict[str, list[Any]] = {}
        spelled: dict[str, str] = {}
        needs: set[str] = set()
        for place in self.places:
            context = set(getattr(place, "needs_context", ()) or ())
            for name in place.names_ar:
                key = " ".join(fold(name).split())
                if len(_core(key).replace(" ", "")) < 3:
                    continue  # two letters match inside too many words to be a place name
                shared.setdefault(key, []).append(place)
                spelled.setdefault(key, name)
                if name in context:
                    needs.add(key)
        order = {k: i for i, k in enumerate(KIND_SPECIFICITY)}
        for key, found in shared.items():
            candidates = tuple(dict.fromkeys(found))
            primary = min(candidates, key=lambda p: order.get(p.kind, 99))
            payload = PlaceHit(primary, key in needs, candidates)
            rows.append((spelled[key], ("place", payload), "name"))
        self._matcher: PhraseMatcher[tuple[str, Any]] = PhraseMatcher(rows)
        # a motive or a continuation that opens a sentence, up to its comma ("ردا على ...، شنت
        # طائرات ...", "استمرارا لنهجنا في ...، استهدف ..."), is read as a clause of its own
        openers = [fold(p).removesuffix(" ل") for p, c in lex.cues if c == "motive"]  # نصرة ل
        verbs = [fold(p) for p, c in lex.cues if c in _MAIN_VERBS and " " not in p.strip()]
        self._fronted = FrontedClauses([*openers, *map(fold, _CONTINUING)], verbs)

    # ------------------------------------------------------------------ reading
    def _hits(self, text: str) -> list[tuple[int, int, tuple[str, Any]]]:
        return self._matcher.find_words(text)

    def _read(self, item: NewsItem) -> tuple[list[Field], list[Sentence]]:
        fields: list[Field] = []
        sentences: list[Sentence] = []
        seen: list[str] = []
        name: TextField
        for name in ("title", "summary", "body"):
            text: str = getattr(item, name)
            if not text or not text.strip():
                continue
            if name != "title":
                text = _drop_page_tail(text)
            norm = normalise_text(text)
            if name == "summary" and any(norm.text.strip()[:200] in s for s in seen):
                continue  # the summary repeats the body or title
            seen.append(norm.text)
            fld, sents = split_field(
                name, norm, self._hits, len(sentences), self._matcher, self._fronted
            )
            fields.append(fld)
            sentences.extend(sents)
        return fields, sentences

    # ------------------------------------------------------------------ analysis
    def analyse(self, item: NewsItem) -> Analysis:
        """Relevance and facts for one item. Pure: the same item gives the same Analysis."""
        text = " ".join(t for t in (item.title, item.summary, item.body) if t)
        if not is_arabic(text):
            return Analysis(
                item_id=item.item_id,
                relevant=False,
                score=0.0,
                flags=("not_arabic",),
                engine_version=ENGINE_VERSION,
            )
        folded = fold(text)
        for gate, flag in ((self._gate, "no_us_coalition"), (self._theatre, "not_in_syria")):
            if not gate.contains(folded):
                return Analysis(
                    item_id=item.item_id,
                    relevant=False,
                    score=0.0,
                    flags=(flag,),
                    engine_version=ENGINE_VERSION,
                )
        _, sentences = self._read(item)
        frames = [read_frame(s) for s in sentences]
        year, month = item.reference_time.year, item.reference_time.month
        for fr in frames:
            # "الأول في عام 2024" in a story of 2024 is this year's news, "في آذار 2023" in a
            # story of March 2023 this month's; a later date than the story's is no past either
            if fr.dated_year is None or _background_cue(fr):
                continue
            if fr.dated_year > year or (
                fr.dated_year == year and (not fr.dated_month or fr.dated_month >= month)
            ):
                fr.classes.discard("background")
        first = next((fr for fr in frames if fr.sentence.field.name != "title"), None)
        if first is not None and first.background and _announced_today(first):
            # "أعلن البنتاغون اليوم أن 21 عسكريا أصيبوا في هجوم الأسبوع الماضي": the lead is
            # today's news, whatever earlier date the attack it announces carries
            first.classes.discard("background")
        if _commentary(sentences) or _anniversary(sentences):
            # "تحليل: كيف تغيرت قواعد الاشتباك": an analysis recounts attacks, it reports none;
            # "إحياء الذكرى الثانية لاستشهاد ...": an anniversary recalls them
            for fr in frames:
                fr.classes.add("background")
        # Iran-aligned forces as a party somewhere in the story (not only named in passing)
        article_iran = any(IRAN in fr.attackers or IRAN in fr.targets for fr in frames)
        attribute_across(frames)
        for fr in frames:
            # a US strike on unnamed targets in a town Iran-aligned forces hold hit them
            classify(fr, article_iran or self._iran_held(fr.sentence))
        # a sentence naming no place is where the story is: Syria when more of its sentences
        # are placed in Syria than abroad (counted only when a frame needs it)
        article_syria = False
        if any(
            (fr.kind or (fr.event and "base_ref" in {m.layer for m in fr.sentence.mentions}))
            and self._where(fr.sentence) is None
            for fr in frames
        ):
            votes = [self._where(s) for s in sentences]
            in_syria, abroad = votes.count("syria"), votes.count("abroad")
            article_syria = in_syria > 0 and in_syria >= abroad
        border_wave = ""  # the kind of a wave told on the Iraqi side of the border theatre
        for fr in frames:
            if fr.kind and not self._in_syria(fr, article_syria):
                if not fr.background and self._across_the_border(fr.sentence):
                    border_wave = border_wave or fr.kind
                fr.kind = ""
        opening = [fr for fr in frames if fr.sentence.field.name == "title"]
        opening += [fr for fr in frames if fr.sentence.field.name != "title"][:1]
        opens_abroad = not any(fr.kind and not fr.earlier for fr in opening) and any(
            fr.event and self._where(fr.sentence) == "abroad" for fr in opening
        )
        if opens_abroad:
            # "ضربات على الحوثيين ... وجاءت بعد ساعات من إعلان واشنطن أنها ضربت في سوريا": in a
            # story about an attack abroad, the attack in Syria is told as what it follows
            for fr in frames:
                if fr.earlier:
                    fr.kind = ""
        carry_over(frames)  # "وطالت الضربات مواقع في ...": the incident (in Syria) goes on
        if border_wave:
            self._across_into_syria(frames, border_wave)
        for fr in frames:  # a continuation placed abroad is another incident
            if (
                fr.kind
                and self._where(fr.sentence) == "abroad"
                and not self._across_the_border(fr.sentence)
            ):
                fr.kind = ""
        if opens_abroad:
            # the story opens on an attack abroad ("البرج 22 بالأردن"): "الهجوم" told later, by
            # no attacker of its own (or only one a later claim names), is that attack, wherever
            # a first report placed it
            for fr in frames:
                unclaimed = fr.attacker_inferred or fr.claimed_after
                if fr.kind and unclaimed and refers_back(fr.sentence):
                    fr.kind = ""
        named = {
            key
            for fr in frames
            for table in (fr.attackers, fr.targets, fr.mentioned, fr.sources)
            for key in table
        }
        others = {key for fr in frames for key in fr.attackers} & OTHER_STATES
        if others and IRAN not in named:
            # "مسيرة تركية تضرب موقعا لقسد قرب قاعدة للتحالف ... وقال البنتاغون إن الضربة عرضت
            # سلامة الأفراد الأمريكيين للخطر": "the strike" told again is the other state's
            for fr in frames:
                if fr.kind == "us_attacked" and fr.attacker_inferred and refers_back(fr.sentence):
                    fr.kind = ""
        if "isis" in named and IRAN not in named:
            # an unclaimed attack on US forces in a story about ISIS cells is no confrontation
            for fr in frames:
                if fr.kind == "us_attacked" and fr.attacker_inferred:
                    fr.kind = ""
        if "isis" in named:
            # a US strike on targets the sentence does not name, in a story where ISIS is a
            # party, may be on ISIS: it does not count on its own (unless it answers an attack
            # that Iran-aligned forces were named making: "ردت مروحيات أمريكية بقصف مواقع
            # الإطلاق")
            answered = any(fr.kind == "us_attacked" and IRAN in fr.attackers for fr in frames)
            for fr in frames:
                if (
                    fr.kind == "us_attacks"
                    and not fr.targets
                    and not (answered and "response" in fr.classes)
                ):
                    fr.kind = ""
        if any(fr.kind == "us_attacked" for fr in frames):
            # "the base" in later sentences is the US base the article is about
            for fr in frames:
                if fr.kind or not fr.event or fr.attackers.keys() & OTHER_ATTACKERS:
                    continue
                if fr.targets.keys() & HOSTILE:
                    continue
                refs = [m for m in fr.sentence.mentions if m.layer == "base_ref"]
                if refs and self._in_syria(fr, article_syria):
                    fr.targets.setdefault(US, []).extend(refs)
                    fr.kind = "us_attacked"
                    fr.attacker_inferred = IRAN not in fr.attackers
        flags: list[str] = []
        lead = [fr for fr in frames if fr.sentence.index <= 1 or fr.sentence.field.name == "title"]
        lead_denial = any("denial" in fr.classes and (fr.event or fr.kind) for fr in lead)
        main = [fr for fr in frames if fr.kind and not fr.void and not fr.background]
        main = [fr for fr in main if not fr.habitual]
        if main and all(fr.attacker_inferred for fr in main):
            explained = [fr for fr in frames if fr.classes & {"drill", "denial"} and fr.void]
            if explained:
                # "سمع دوي انفجارات في محيط حقل العمر ... ناجمة عن تدريبات، نافيا تعرض القاعدة
                # لأي هجوم": the story explains its unattributed blasts away
                main = []
        if main and all(fr.sentence.field.name == "title" for fr in main):
            told = [fr for fr in frames if fr.kind and fr.sentence.field.name != "title"]
            if told and all(fr.void for fr in told):
                # "انفجارات في حقل العمر" over a body that tells a drill or denies the attack:
                # the body explains the headline away
                main = []
        past = [fr for fr in frames if fr.kind and not fr.void and fr.background]
        if lead_denial:
            flags.append("denial")
        relevant = bool(main) and not lead_denial
        if not main and past:
            flags.append("background_only")
        hedged = relevant and all(fr.hedged for fr in main)
        if hedged:
            flags.append("hedged")
        if any("denial" in fr.classes for fr in frames) and "denial" not in flags:
            flags.append("denial_mentioned")
        if relevant:
            in_lead = any(fr.sentence.index <= 2 for fr in main)
            score = 0.6 + 0.1 * min(3, len(main) - 1) + (0.1 if in_lead else 0.0)
            if hedged:
                score -= 0.2
            score = max(0.5, min(1.0, score))
            # background told about this incident adds its facts; an event dated to an
            # earlier month or year ("شباط 2021: ضربات ...") is another incident
            fact_frames = main + [
                fr for fr in past if not (fr.habitual or fr.recalled) and fr.dated_year is None
            ]
        else:
            score = 0.3 if past else (0.1 if lead_denial else 0.0)
            fact_frames = [fr for fr in frames if fr.event and (fr.attackers or fr.targets)]
        return self._facts(item, sentences, frames, fact_frames, relevant, score, hedged, flags)

    def _across_into_syria(self, frames: list[Frame], kind: str) -> None:
        """ "الضربات طالت مناطق في القائم وعكاشات ... وعلى الجانب الآخر من الحدود، قالت مصادر
        إن الغارات استهدفت مقرات للفصائل في البوكمال": the wave told on the Iraqi side of the
        border reached Syria; the sentence that refers back to it there is the incident."""
        allowed = {GENERIC, IRAN, GOVMIL} if kind == "us_attacks" else {US}
        for fr in frames:
            if (
                not fr.kind
                and fr.event
                and not fr.attackers
                and fr.targets
                and not (fr.targets.keys() - allowed)
                and not (fr.void or fr.background or fr.habitual)
                and refers_back(fr.sentence)
                and self._where(fr.sentence) == "syria"
            ):
                fr.kind = kind

    def _across_the_border(self, sentence: Sentence) -> bool:
        """Does the sentence place what it tells on the Iraqi side of the border theatre only
        ("الضربات التي طالت مناطق في القائم وعكاشات بمحافظة الأنبار")?"""
        border = self.lexicon.border_abroad
        found = False
        for m in sentence.mentions:
            if m.layer != "place":
                continue
            place = m.value.place
            if place.key in border:
                found = True
            elif place.country != "IQ" or place.admin1 not in ("IQ-AN", None):
                return False  # Baghdad, Erbil, another country: not the border
        return found

    def _in_syria(self, fr: Frame, article_syria: bool) -> bool:
        """Does the sentence place the incident in Syria (or, naming no place, the article)?"""
        where = self._where(fr.sentence)
        return article_syria if where is None else where in ("syria", "mixed")

    def _where(self, sentence: Sentence) -> str | None:
        """ "syria", "abroad", "mixed" (Syria and elsewhere), or None when it names no place
        (computed once per sentence: the rules ask it several times)."""
        memo = sentence.where_memo
        if memo is None:
            memo = sentence.where_memo = (self._where_uncached(sentence),)
        return memo[0]

    def _where_uncached(self, sentence: Sentence) -> str | None:
        """:meth:`_where` without the memo.

        A foreign place named with only Syrian villages or towns (GeoNames holds a Syrian
        village for many common names: البرج، الحديدة) puts the sentence abroad."""
        countries: set[str] = set()
        weak_sy = False
        foreign_spans = [(m.t0, m.t1) for m in sentence.mentions if m.layer == "foreign"]
        # places after "ردا على ..." / "تضامنا مع ..." belong to the motive, not the incident
        cls_at = sentence.field.cls_at
        motive = next(
            (k for k in range(sentence.t0, sentence.t1) if "motive" in cls_at[k]), sentence.t1
        )
        follows = next((k for k in range(sentence.t0, motive) if cls_at[k] & EARLIER), motive)
        if any(
            m.layer in ("foreign", "place", "syria") and m.t0 < follows for m in sentence.mentions
        ):
            # "ضربات على الحوثيين في اليمن غداة الرد في سوريا": the places of the attack this
            # one follows are not its own (when it names its own)
            motive = follows
        actor_at = sentence.field.actor_at
        neighbours: set[str] = set()  # "القريبة من التنف": counted only if nothing else is
        dateline = sentence.field.dateline
        for m in sentence.mentions:
            if m.layer not in ("foreign", "place", "syria"):
                continue
            if m.t0 > motive or actor_at[m.t0] or m.t1 <= dateline:
                continue  # the motive's places; "في العراق" inside a group's name; a dateline
            if operating_in(sentence, m.t0):
                continue  # "جماعات ... تعمل في سوريا والعراق": where a group is active
            if m.layer in ("foreign", "syria") and near(sentence, m.t0):
                neighbours.add("SY" if m.layer == "syria" else m.value)
                continue
            if m.layer == "syria":
                countries.add("SY")
            elif m.layer == "foreign":
                countries.add(m.value)
            elif m.layer == "place":
                hit: PlaceHit = m.value
                if hit.needs_context and not self._place_ok(sentence, m):
                    continue  # a name that is also a common word says nothing on its own
                if hit.place.country == "SY" and hit.place.kind in ("village", "town"):
                    if not any(a <= m.t0 < b for a, b in foreign_spans):
                        weak_sy = True
                    continue
                if len(hit.countries) == 1:  # a name shared across countries decides nothing
                    if near(sentence, m.t0):
                        neighbours |= hit.countries
                        continue
                    countries |= hit.countries
        countries = countries or neighbours
        if countries:
            if "SY" not in countries:
                return "abroad"
            return "syria" if countries == {"SY"} else "mixed"
        if weak_sy:
            return "syria"
        return None

    # ------------------------------------------------------------------ facts
    def _facts(
        self,
        item: NewsItem,
        sentences: list[Sentence],
        frames: list[Frame],
        fact_frames: list[Frame],
        relevant: bool,
        score: float,
        hedged: bool,
        flags: list[str],
    ) -> Analysis:
        evidence: list[Evidence] = []
        actors: dict[tuple[str, str, str], Actor] = {}
        for fr in fact_frames:
            role: Role
            for role, table in (("attacker", fr.attackers), ("target", fr.targets)):
                for key, ms in table.items():
                    side = _public_side(key)
                    if side is None or not _party(fr, role, key):
                        continue
                    for m in ms:
                        name = (
                            m.value.name if isinstance(m.value, ActorEntry) else "US/coalition base"
                        )
                        if isinstance(m.value, ActorEntry) and m.value.kind == "adj":
                            name = _ADJ_NAMES.get(side, m.value.name)
                        actors.setdefault(
                            (name, side, role), Actor(name=name, side=side, role=role)
                        )
                        evidence.append(_evidence(fr.sentence, m, "actor", 0.3))
            for m in fr.sentence.mentions:  # the words that make it an attack
                if m.layer == "cue" and m.value & _ATTACK_CLASSES:
                    evidence.append(_evidence(fr.sentence, m, "event", 0.2))
                    break
            if fr.kind == "us_attacked" and fr.attacker_inferred:
                key3 = (_UNKNOWN_ATTACKER, IRAN, "attacker")
                actors.setdefault(
                    key3, Actor(name=_UNKNOWN_ATTACKER, side="iran_aligned", role="attacker")
                )
        # a US strike whose target the text does not name (in a town Iran-aligned forces hold,
        # or with its dead mourned as martyrs): the suspected side
        if (
            relevant
            and not any(a.role == "target" and a.side != "us_coalition" for a in actors.values())
            and any(fr.kind == "us_attacks" and not fr.targets for fr in fact_frames)
        ):
            key3 = (_UNKNOWN_TARGET, IRAN, "target")
            actors[key3] = Actor(name=_UNKNOWN_TARGET, side="iran_aligned", role="target")
        for fr in frames:
            for m in fr.sentence.mentions:
                if m.layer == "cue" and m.value & _COUNTER and (fr.event or fr.kind):
                    kind = "denial" if "denial" in m.value else "hedge"
                    evidence.append(_evidence(fr.sentence, m, kind, -0.3))
        quoted = self._quoted(frames)
        if not relevant:
            # an item that reports no confrontation: who acted and why not is enough for audit
            return Analysis(
                item_id=item.item_id,
                relevant=False,
                score=round(score, 3),
                flags=tuple(flags),
                evidence=tuple(_dedupe_evidence(evidence)),
                actors=tuple(actors.values()),
                quoted=tuple(quoted),
                engine_version=ENGINE_VERSION,
            )
        locations = self._locations(fact_frames, evidence)
        if not any(loc.admin1 for loc in locations):
            # the incident sentences name no governorate ("في ريف المحافظة"): the headline or
            # the dateline of the lead does ("دير الزور – ...")
            lead = [Frame(s) for s in sentences if s.field.name == "title" or s.index <= 1]
            extra = [
                loc for loc in self._locations(lead, evidence) if loc.country == "SY" and loc.admin1
            ]
            locations += extra
        event_types, weapons = self._events(fact_frames, evidence)
        incident_admin1 = {loc.admin1 for loc in locations if loc.admin1}
        casualties = self._casualties(sentences, frames, relevant, incident_admin1)
        event_date = self._date(item, sentences, fact_frames)
        return Analysis(
            item_id=item.item_id,
            relevant=relevant,
            score=round(score, 3),
            hedged=hedged,
            flags=tuple(flags),
            evidence=tuple(_dedupe_evidence(evidence)),
            event_types=tuple(event_types),
            actors=tuple(actors.values()),
            locations=tuple(locations),
            casualties=tuple(casualties),
            weapons=tuple(weapons),
            event_date=event_date,
            quoted=tuple(quoted),
            engine_version=ENGINE_VERSION,
        )

    def _locations(self, frames: Iterable[Frame], evidence: list[Evidence]) -> list[Location]:
        out: dict[str, Location] = {}
        for fr in frames:
            s = fr.sentence
            actor_tokens = {k for m in s.mentions if m.layer == "actor" for k in range(m.t0, m.t1)}
            motive = motive_start(s)  # "ردا على هجوم على قاعدة الشدادي": not this incident's
            places = [
                m
                for m in s.mentions
                if m.layer == "place"
                and m.t0 not in actor_tokens
                and not stationed(fr, m.t0)
                and not s.t0 < motive < m.t0
                and not _evacuated_to(s, m)
                and m.t1 > s.field.dateline
                and not _speaking_capital(s, m)
                and not operating_in(s, m.t0)
                and not _came_from(s, m)
            ]
            in_syria = any(m.value.place.country == "SY" for m in places) or any(
                m.layer == "syria" for m in s.mentions
            )
            sy = [m for m in places if m.value.place.country == "SY"]
            if in_syria:  # a hospital in Erbil or a base in Anbar is not where this happened
                # (but "القائم والبوكمال": both sides of the border were hit)
                border = self.lexicon.border_abroad
                places = [
                    m
                    for m in places
                    if m in sy or coordinated(s, m, sy) or m.value.place.key in border
                ]
            admin1s = {m.value.place.admin1 for m in places if not m.value.needs_context}
            for m in places:
                place, needs_context = m.value.place, m.value.needs_context
                if needs_context and not (
                    self._has_context(s, m, admin1s, place.admin1) or coordinated(s, m, sy)
                ):
                    continue
                if place.kind == "country":
                    continue
                place = self._pick(s, m)
                a, b = s.field.span(m)
                text = s.field.norm.original[a:b]
                if place.key not in out:
                    out[place.key] = Location(
                        text=text,
                        name=place.name_en,
                        admin1=place.admin1,
                        country=place.country,
                        lat=place.lat,
                        lon=place.lon,
                        kind=place.kind,
                    )
                    evidence.append(_evidence(s, m, "place", 0.2))
        return list(out.values())

    def _place_ok(self, s: Sentence, m: Mention) -> bool:
        """A place name that is also a common word counts only with a context cue."""
        place, needs_context = m.value.place, m.value.needs_context
        if not needs_context:
            return True
        admin1s = {
            x.value.place.admin1
            for x in s.mentions
            if x.layer == "place" and not x.value.needs_context
        }
        return self._has_context(s, m, admin1s, place.admin1)

    def _has_context(
        self, s: Sentence, m: Mention, admin1s: set[str | None], admin1: str | None
    ) -> bool:
        toks = s.field.tokens
        if m.t0 > s.t0:
            prev = toks[m.t0 - 1]
            for p in ("و", "ب", "ف", "ل"):
                if prev.startswith(p) and prev[1:] in _CONTEXT_WORDS:
                    return True
            if prev in _CONTEXT_WORDS or (prev.startswith("ال") and prev[2:] in _CONTEXT_WORDS):
                return True
            # in a sentence reporting an attack, a locative preposition is context enough
            # ("غارات على مواقع في الميادين", "قصف بالميادين")
            if prev in _LOCATIVE and s.classes() & _ATTACK_CLASSES:
                return True
        tok = toks[m.t0]
        if tok.startswith(("بال", "وبال")) and s.classes() & _ATTACK_CLASSES:
            return True
        if m.t1 < s.t1 and toks[m.t1] in _NISBA.get(m.value.place.country, ()):
            return True  # "والقائم العراقية", "البوكمال السورية": the country says it is a place
        return admin1 is not None and admin1 in admin1s

    def _pick(self, s: Sentence, m: Mention) -> Any:
        """A name shared by several places: the governorate after محافظة, else the most specific
        (a governorate and its capital share a name and an admin1)."""
        hit: PlaceHit = m.value
        prev = s.field.tokens[m.t0 - 1] if m.t0 > s.t0 else ""
        if prev.endswith("محافظه"):
            for p in hit.candidates:
                if p.kind == "governorate":
                    return p
        return hit.place

    def _events(
        self, frames: Iterable[Frame], evidence: list[Evidence]
    ) -> tuple[list[str], list[str]]:
        lex = self.lexicon
        types: list[str] = []
        weapons: list[str] = []
        bombarded = gunfire = us_ground = False
        air_at: int | None = None  # where a US strike naming no weapon puts its air strike
        frames = list(frames)
        # a sentence that continues a US air strike ("واستهدفت الصواريخ مستودعات ...") names
        # the aircraft's missiles, not a ground attack
        story_air = any(
            fr.kind == "us_attacks" and US in fr.attackers and self._air_said(fr.sentence)
            for fr in frames
        )
        for fr in frames:
            if fr.habitual:
                continue
            s = fr.sentence
            toks = s.field.tokens
            if "foiled" in fr.classes:
                # "أحبطت هجوما صاروخيا ... فككت المنصة قبل انطلاق الصواريخ": nothing was fired
                if _FOILED_TYPE not in types:
                    types.append(_FOILED_TYPE)
                continue
            carried = fr.kind == "us_attacks" and not fr.attackers
            us_air = (US in fr.attackers and fr.kind == "us_attacks") or carried
            air_said: bool | None = story_air if carried else None
            found = False
            # "ويأتي الهجوم بعد يومين من قصف صاروخي": the weapons of an earlier attack
            earlier = motive_start(s, frozenset({"antecedent"}))
            drone_end = -1
            for m in s.mentions:
                if s.t0 < earlier < m.t0:
                    continue
                if m.layer == "model":
                    if m.value not in weapons:
                        weapons.append(m.value)
                    if m.value not in lex.model_classes or any(
                        x.layer == "weapon" and x.t0 <= m.t1 and m.t0 <= x.t1 + 3
                        for x in s.mentions
                    ):
                        continue  # the model of a weapon named next to it says no more
                    wcls = lex.model_classes[m.value]
                elif m.layer != "weapon":
                    continue
                else:
                    wcls = m.value
                if toks[m.t1 : m.t1 + 2] == ["ارض", "جو"] or toks[m.t1 : m.t1 + 1] == ["مضاد"]:
                    continue  # "أسقطت مسيرة بصاروخ أرض جو": air defence, not a missile attack
                if flying_over(s, m.t0, m.t1):
                    continue  # "حلق طيران التحالف بعد الهجوم": aircraft flying over, no strike
                if wcls == "ied" and drone_end in (m.t0, m.t0 - 1):
                    continue  # "طائرة بدون طيار مفخخة": a booby-trapped drone is a drone
                if wcls == "drone":
                    drone_end = m.t1
                before = {toks[k] for k in range(max(s.t0, m.t0 - 2), m.t0)}
                if any(_strip(b) in _STORAGE for b in before) or in_motive(s, m.t0):
                    continue  # stored, flying; or the attacks a strike answers
                if not toks[m.t0].startswith("ب") and not _DESTROYED.isdisjoint(
                    toks[max(s.t0, m.t0 - 3) : m.t0]
                ):
                    # "دمرت ثلاث راجمات (صواريخ)" is what was hit ("دمرت بضربة" is not)
                    continue
                if wcls in _GROUND_WEAPONS and us_air and wcls != "artillery":
                    if air_said is None:
                        air_said = self._air_said(s)
                    if air_said and not in_sequel(s, m.t0):
                        continue  # missiles fired by US aircraft are part of the air strike
                found = True
                if (us_air and wcls in _GROUND_WEAPONS) or (
                    wcls == "artillery" and US in fr.attackers
                ):
                    us_ground = True  # (US artillery answering an attack on its base, too)
                event = lex.weapon_events.get(wcls)
                if wcls not in weapons:
                    weapons.append(wcls)
                if wcls == "small_arms":
                    gunfire = True  # an attack type only if nothing else says what happened
                elif event and event not in types:
                    types.append(event)
                evidence.append(_evidence(s, m, "weapon", 0.1))
            if us_air and not found and "exchange" in fr.classes and not self._air_said(s):
                # "قصف متبادل بين القوات الأمريكية والميليشيات": ground forces shelling
                if _SHELLING_TYPE not in types:
                    types.append(_SHELLING_TYPE)
            elif us_air and not found and air_at is None:
                # US strikes in Syria are air strikes unless a ground weapon is named (in this
                # sentence or another: "ردت بقصف مدفعي" makes "القصف الأمريكي" shelling)
                air_at = len(types)
            if (
                fr.kind == "us_attacked"
                and not found
                and any(_strip(toks[k]) in _SHELLING_WORDS for k in range(s.t0, s.t1))
            ):
                bombarded = True
            if fr.kind == "clash" and "Armed clash" not in types:
                types.append("Armed clash")
        if air_at is not None and not us_ground and "Air/drone strike" not in types:
            types.insert(air_at, "Air/drone strike")
        if bombarded and not types:
            # "تعرضت القاعدة لقصف" and no weapon named anywhere: a base bombarded is shelled
            types.append(_SHELLING_TYPE)
        if gunfire and not types:
            # gunfire alone ("إطلاق نار على دورية"); next to drones it is fire at the drones
            types.append("Attack")
        return types, weapons

    def _iran_held(self, s: Sentence) -> bool:
        """Does the sentence name a town Iran-aligned forces hold (sites.yaml ``iran_held``)?"""
        held = self.lexicon.iran_held
        return any(
            m.layer == "place" and m.value.place.key in held and self._place_ok(s, m)
            for m in s.mentions
        )

    @staticmethod
    def _air_said(s: Sentence) -> bool:
        """Does the sentence name aircraft or air raids (not those of the attack it answers or
        follows: "بعد ساعات من هجوم بطائرة مسيرة، قصفت القوات الأمريكية براجمات")?"""
        toks, cls_at = s.field.tokens, s.field.cls_at
        lo = s.t0
        if s.t1 - s.t0 > 2 and (cls_at[s.t0] | cls_at[s.t0 + 1]) & _OTHER_ATTACK:
            # an opening clause tells the other attack; the incident's own starts at its verb
            lo = next((j for j in range(s.t0 + 2, s.t1) if "attack_verb" in cls_at[j]), s.t0)
        return any(
            x.layer == "weapon"
            and x.value in _AIR_WEAPONS
            and x.t0 >= lo
            and not flying_over(s, x.t0, x.t1)
            for x in s.mentions
        ) or any(
            _strip(toks[k]) in _AIR_RAIDS and not flying_over(s, k, k + 1) for k in range(lo, s.t1)
        )

    def _casualties(
        self,
        sentences: list[Sentence],
        frames: list[Frame],
        relevant: bool,
        incident_admin1: set[str] | None = None,
    ) -> list[Casualty]:
        out: dict[tuple[str, int], Casualty] = {}
        facts: list[tuple[CasualtyFact, Side | None]] = []
        body = sum(len(s.field.norm.text) for s in sentences if s.field.name != "title")
        for s, fr in zip(sentences, frames, strict=True):
            if fr.void or "cas" not in fr.classes:
                continue
            if s.field.name == "title" and body >= _SHORT_BODY:
                continue  # a full text states its own figures; a headline may round or update
            if relevant and (fr.habitual or fr.background):
                continue
            if relevant and not fr.kind and "مخلفات" in s.words():
                continue  # "إصابة طفلين بانفجار جسم من مخلفات الحرب": no attack, another toll
            parties = fr.attackers.keys() | fr.targets.keys()
            if (
                relevant
                and not fr.kind
                and parties - {US, IRAN, GENERIC, GOVMIL, "syrian_government"}
            ):
                continue  # another incident (an Israeli strike, an attack on the SDF) in passing
            if relevant and not fr.kind and incident_admin1:
                where = self._where(s)
                if where == "abroad":
                    continue
                here = {
                    m.value.place.admin1
                    for m in s.mentions
                    if m.layer == "place"
                    and m.value.place.country == "SY"
                    and m.value.place.admin1
                    and self._place_ok(s, m)
                }
                if here and not here & incident_admin1:
                    continue  # a toll elsewhere in Syria (a mine in Aleppo) is another incident
            # the toll of the attack a strike follows days later is not its own; nor that of
            # the attack it answers or follows when that one was abroad or dated earlier
            motive = motive_start(s, frozenset({"antecedent"}))
            after = motive_start(s, AFTER_TOLL | frozenset({"motive"}))
            if not (s.t0 < after < s.t1 and (abroad_after(s, after) or past_after(s, after))):
                after = s.t1
            facts += [
                (c, victim_side(s, c, fr, frames, self.lexicon))
                for c in read_casualties(s.field.tokens, s.t0, s.t1, self.lexicon)
                if not (s.t0 < motive < c.t0 or s.t0 < after < c.t0)
            ]
        for c, side in current_tolls(facts):  # a risen toll replaces earlier figures
            key = (c.kind, c.count)
            if key not in out:
                out[key] = Casualty(kind=c.kind, count=c.count, side=side, qualifier=c.qualifier)
        return list(out.values())

    def _date(self, item: NewsItem, sentences: list[Sentence], frames: list[Frame]) -> date | None:
        ref = item.reference_time.date()
        ordered = [fr.sentence for fr in frames if not fr.background]
        ordered += [s for s in sentences[:4] if s not in ordered]
        for s in ordered:
            found = resolve_date(s.field.tokens, s.t0, s.t1, ref)
            if found is not None:
                return found[0]
        return None

    def _quoted(self, frames: list[Frame]) -> list[Quote]:
        """Sources of the story: organisations, and spokespeople named next to them
        ("بات رايدر المتحدث باسم البنتاغون", "المتحدث باسم سنتكوم الكولونيل جو بوتشينو")."""
        out: dict[str, Quote] = {}
        for fr in frames:
            s = fr.sentence
            toks = s.field.tokens
            for m in fr.speakers:
                entry = m.value
                if not isinstance(entry, ActorEntry) or entry.kind in ("adj", "generic"):
                    continue
                if m.t0 - 2 >= s.t0 and toks[m.t0 - 1] == "باسم" and toks[m.t0 - 2] in _SPOKES:
                    person = _person_before(s, m.t0 - 2) or _person_after(s, m.t1)
                    if person:
                        role = f"spokesperson, {entry.name}"
                        out.setdefault(person, Quote(name=person, role=role))
                        continue
                    out.setdefault(entry.name, Quote(name=entry.name, role="spokesperson"))
                    continue
                out.setdefault(entry.name, Quote(name=entry.name, role=None))
        return list(out.values())


_SHORT_BODY = 400  # characters: below this an item is a headline and a teaser
_UNKNOWN_ATTACKER = "Unidentified attackers (Iran-aligned suspected)"
_UNKNOWN_TARGET = "Unnamed targets (Iran-aligned suspected)"
_ADJ_NAMES = {
    "us_coalition": "US forces",
    "iran_aligned": "Iran-aligned forces",
    "israel": "Israel",
    "turkey": "Turkish forces",
    "russia": "Russian forces",
}


# Where a scraped page stops being the article: "read also" boxes list other stories' headlines.
# A box starts a line. The search starts after the opening (where "^" cannot match), so the
# pattern begins with the line break: the regex engine jumps from one to the next instead of
# trying every branch at every character (50 µs -> 1 µs on a 2 KB body).
_PAGE_TAIL = re.compile(
    r"\n\s*(?:"
    r"(?:اقرأ|إقرأ|اقرا|شاهد|طالع) (?:أيضا|أيضاً|ايضا|ايضاً|المزيد)|"
    r"(?:مواضيع|أخبار|اخبار|مقالات) (?:ذات صلة|متعلقة|مشابهة)|"
    r"(?:قد يعجبك أيضا|اخترنا لك|الأكثر قراءة|المزيد من الأخبار)"
    r")"
)


def _drop_page_tail(text: str) -> str:
    """The text up to a "read also" box, when one starts after the opening of the article.

    The kept text is a prefix of the field, so evidence offsets still index the original."""
    m = _PAGE_TAIL.search(text, 200)
    return text[: m.start()] if m else text


_SPOKES = frozenset({"المتحدث", "المتحدثه", "الناطق", "الناطقه", "متحدث", "ناطق"})
_RANKS = frozenset(
    fold(w)
    for w in [
        "الكولونيل",
        "العقيد",
        "الجنرال",
        "اللواء",
        "الرائد",
        "النقيب",
        "الفريق",
        "الأدميرال",
        "اللفتنانت",
        "المقدم",
        "العميد",
        "الميجر",
        "الكابتن",
        "السيد",
    ]
)
# Words that end a name: function words, verbs of saying, weekdays.
_NOT_NAME = frozenset(
    fold(w)
    for w in [
        "في",
        "إن",
        "أن",
        "ان",
        "على",
        "عن",
        "من",
        "إلى",
        "الى",
        "قال",
        "قالت",
        "أكد",
        "أوضح",
        "وقال",
        "وأكد",
        "أعلن",
        "الاثنين",
        "الثلاثاء",
        "الأربعاء",
        "الخميس",
        "الجمعة",
        "السبت",
        "الأحد",
        "اليوم",
        "أمس",
        "بيان",
        "كما",
        "وفق",
        "بحسب",
        "يشار",
        "يذكر",
    ]
)


def _name_token(tok: str) -> bool:
    return tok not in _NOT_NAME and not tok.startswith("ال") and not tok.isdigit()


def _person_before(s: Sentence, k: int) -> str | None:
    """Two name-like words right before the spokesperson title: "بات رايدر المتحدث"."""
    toks = s.field.tokens
    if (
        k - 2 >= s.t0
        and _name_token(toks[k - 1])
        and _name_token(toks[k - 2])
        and not (s.field.actor_at[k - 1] or s.field.cls_at[k - 1] or s.field.cls_at[k - 2])
    ):
        return _original(s, k - 2, k)
    return None


def _person_after(s: Sentence, k: int) -> str | None:
    """A rank and a name after the organisation: "الكولونيل جو بوتشينو"."""
    toks = s.field.tokens
    j = k
    while j < s.t1 and j < k + 3 and toks[j] not in _RANKS:
        j += 1
    if j >= s.t1 or toks[j] not in _RANKS:
        return None
    j += 1
    end = j
    while end < s.t1 and end < j + 2 and _name_token(toks[end]):
        end += 1
    return _original(s, j, end) if end > j else None


def _original(s: Sentence, t0: int, t1: int) -> str:
    a, b = s.field.span(Mention("name", None, t0, t1))
    return s.field.norm.original[a:b]


#: moving the wounded: "نقلا إلى قاعدة الشدادي لتلقي العلاج" is not where the attack was
_EVACUATE = frozenset(
    {"نقل", "نقلا", "نقلوا", "نقلت", "ونقل", "ونقلا", "ونقلوا", "ونقلت", "اسعافه", "اسعافهم",
     "اسعافهما", "اخلاء", "واخلاء", "اجلاء", "واجلاء", "نقلهم", "نقلهما", "ونقلهم", "اخلاوهم"}
)  # fmt: skip
_TREATMENT = frozenset({"لتلقي", "للعلاج", "لتلقيهم", "لتلقيهما"})
_HOSPITAL = frozenset(
    {"مستشفي", "مشفي", "المستشفي", "المشفي", "مستشفيات", "مشافي", "بمستشفي", "بمشفي"}
)


_FOILED_TYPE = "Disrupted weapons use"
_OTHER_ATTACK = frozenset({"antecedent", "follows", "motive"})
_NISBA = {
    "IQ": frozenset({"العراقيه", "العراقي"}),
    "SY": frozenset({"السوريه", "السوري"}),
    "JO": frozenset({"الاردنيه", "الاردني"}),
}
_REACTION = frozenset(
    {"وصفت", "ووصفت", "ادانت", "وادانت", "دانت", "ودانت", "نددت", "ونددت", "استنكرت", "واستنكرت",
     "اعتبرت", "واعتبرت", "حملت", "وحملت", "طالبت", "وطالبت", "اتهمت", "واتهمت", "ردت", "وردت"}
)  # fmt: skip


_COMING = frozenset(
    {"قادمه", "قادما", "قادمين", "قادمون", "قادم", "القادمه", "القادم", "اتيه", "اتيا", "وافده"}
)


def _came_from(s: Sentence, m: Mention) -> bool:
    """Is the place where something came from ("سيارة قادمة من منطقة القائم")?"""
    toks = s.field.tokens
    before = toks[max(s.t0, m.t0 - 3) : m.t0]
    return "من" in before and not _COMING.isdisjoint(before)


def _speaking_capital(s: Sentence, m: Mention) -> bool:
    """Is the place at ``m`` a capital standing for its government: the subject of a statement
    ("وصفت دمشق الضربات", "قالت بغداد") or named as one ("حكومة دمشق")?"""
    if m.t0 <= s.t0 or m.value.place.kind not in ("capital", "city"):
        return False
    prev = s.field.tokens[m.t0 - 1]
    return (
        prev in _ROAD  # "طريق دمشق بغداد": a road's name
        or prev in _REACTION
        or prev in _CAPITALS  # "مفاوضات بين واشنطن ودمشق"
        or _bare_word(prev) in _GOVERNMENT_OF
        or bool(s.field.cls_at[m.t0 - 1] & {"report", "denial"})
    )


_ROAD = frozenset({"طريق", "الطريق", "اوتوستراد", "اتوستراد", "خط"})
_CAPITALS = frozenset({"واشنطن", "طهران", "موسكو", "انقره", "بغداد", "دمشق", "عمان"})
#: "لسيطرة حكومة دمشق", "قوات دمشق": the capital names the government
_GOVERNMENT_OF = frozenset({"حكومه", "نظام", "سلطات", "قوات", "حكومتي"})


def _bare_word(tok: str) -> str:
    for p in ("و", "ل", "ب", "ف"):
        if tok.startswith(p) and tok[1:] in _GOVERNMENT_OF:
            return tok[1:]
    return tok


def _evacuated_to(s: Sentence, m: Mention) -> bool:
    """Is the place at ``m`` where casualties were taken, not where they were hit?"""
    toks = s.field.tokens
    before = toks[max(s.t0, m.t0 - 5) : m.t0]
    after = toks[m.t1 : min(s.t1, m.t1 + 2)]
    return (
        not _EVACUATE.isdisjoint(before)
        or not _TREATMENT.isdisjoint(after)
        or not _HOSPITAL.isdisjoint(before[-2:])
    )


#: the first word of a title that labels the piece as commentary, not a report

_COMMENTARY = frozenset({"تحليل", "راي", "مقال", "قراءه", "دراسه", "تقدير", "افتتاحيه"})


def _commentary(sentences: list[Sentence]) -> bool:
    """Is the item an analysis or opinion piece ("تحليل: ...", "رأي | ..."), or an explainer
    whose headline asks ("قاعدة التنف: ما هي ولماذا تكتسب أهمية؟", "ماذا نعرف عن ...؟")?"""
    title = next((s for s in sentences if s.field.name == "title"), None)
    if title is None or title.t1 <= title.t0:
        return False
    if title.tokens[title.t0] in _COMMENTARY:
        return True
    return any(
        s.question
        and (
            any(pair in _EXPLAINER for pair in pairwise(s.tokens[s.t0 : s.t1]))
            # "ما قاعدة التنف؟": what a place or a group is
            or (s.tokens[s.t0] in ("ما", "من") and not s.has_any(_ATTACK_TOLD))
        )
        for s in sentences
        if s.field.name == "title"
    )


def _anniversary(sentences: list[Sentence]) -> bool:
    """Is the item about an anniversary ("إحياء الذكرى الثانية لاستشهاد سليماني في البوكمال")?
    Its headline names the anniversary and tells no attack of its own."""
    titles = [s for s in sentences if s.field.name == "title"]
    return any(
        not s.words().isdisjoint(_ANNIVERSARY) and not s.has_any(_ATTACK_TOLD) for s in titles
    )


_ANNIVERSARY = frozenset({"الذكري", "ذكري", "بذكري", "لذكري", "وذكري"})
#: a headline that tells an attack (not only a death: "الذكرى الثانية لاستشهاد ...")
_ATTACK_TOLD = frozenset({"attack_verb", "attack_noun", "event", "claim"})

#: what an explainer's headline asks about a place or a group ("ما هي", "ماذا نعرف عن"); not
#: "لماذا قصفت ...؟", which may head the report of a strike
_EXPLAINER = frozenset(
    {("ما", "هي"), ("ما", "هو"), ("من", "هي"), ("من", "هم"), ("ماذا", "نعرف"), ("ماذا", "تعرف")}
)


def _announced_today(fr: Frame) -> bool:
    """Does the sentence say what was announced or happened today ("اليوم", "اليوم الثلاثاء"),
    with no pluperfect or year that dates it to the past?"""
    s = fr.sentence
    words = s.words()
    return (
        fr.dated_year is None
        and not pluperfect(s)
        and not _TODAY.isdisjoint(words)
        # "استعاد نائب اليوم الضربة التي شنتها مسيرة أمريكية العام الماضي": a year back is no
        # news today
        and _YEARS_BACK.isdisjoint(words)
    )


_TODAY = frozenset({"اليوم", "واليوم"})
_YEARS_BACK = frozenset(
    {"العام", "عامين", "الاعوام", "السنوات", "سنوات", "اعوام", "الذكري", "ذكري", "بذكري"}
)  # and anniversaries: "فعاليات اليوم في الذكرى السنوية لاغتيال ..." recalls


def _background_cue(fr: Frame) -> bool:
    """Is the sentence background for another reason than its year (a cue word)?"""
    return any(m.layer == "cue" and "background" in m.value for m in fr.sentence.mentions)


def _party(fr: Frame, role: str, key: str) -> bool:
    """Is this actor a party to the frame's confrontation (not a bystander in the sentence)?"""
    if fr.kind == "us_attacks":
        if role == "attacker":
            return key == US
        return key in (IRAN, GOVMIL, "syrian_government", "russia")
    if fr.kind == "us_attacked":
        # partner forces hit with US forces ("إصابة مقاتلين من قسد") are among the targets
        # pro-government militias named as the attackers are a party ("هجوم شنته قوات موالية
        # للنظام على مقر يتمركز فيه مستشارون من التحالف")
        return key in (US, "sdf") if role == "target" else key in (IRAN, GOVMIL)
    if fr.kind == "clash":
        return key in (US, IRAN)
    return True


def _public_side(key: str) -> Side | None:
    if key == GOVMIL:
        return "syrian_government"
    if key == GENERIC:
        return None
    return key  # type: ignore[return-value]


def _core(name: str) -> str:
    return name[2:] if name.startswith("ال") and len(name) > 4 else name


@lru_cache(maxsize=1 << 16)  # pure and called on many tokens; bounded by word types
def _strip(token: str) -> str:
    for p in ("وال", "بال", "لل", "ال", "و", "ب", "ل"):
        if token.startswith(p) and len(token) - len(p) >= 3:
            return token[len(p) :]
    return token


# The validator itself: the same checks as Evidence(...) without the keyword-argument __init__
# (tens of records per relevant item; model_construct is slower still in pydantic 2).
_validate_evidence = Evidence.__pydantic_validator__.validate_python


def _evidence(s: Sentence, m: Mention, kind: str, weight: float) -> Evidence:
    a, b = s.field.span(m)
    record = {
        "phrase": s.field.norm.original[a:b],
        "field": s.field.name,
        "start": a,
        "end": b,
        "kind": kind,
        "weight": weight,
    }
    return cast(Evidence, _validate_evidence(record))


def _dedupe_evidence(items: list[Evidence]) -> list[Evidence]:
    seen: set[tuple[str, int, int, str]] = set()
    out: list[Evidence] = []
    for e in items:
        key = (e.field, e.start, e.end, e.kind)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def _default_gazetteer() -> tuple[Any, ...]:
    try:
        from monitor.analysis.gazetteer import load_gazetteer
    except ImportError:  # the gazetteer module is optional for the text rules
        log.warning("gazetteer module missing: locations will be empty")
        return ()
    return tuple(load_gazetteer())
