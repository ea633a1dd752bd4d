"""Who acted against whom, where: roles of the actors in each sentence, and the incident frames.

Arabic news states attribution with a handful of constructions, and the rules read them from the
lexicon classes around an actor mention (see ``data/cues.yaml``):

- an attack noun or a weapon followed by the actor: the actor attacks (غارات أمريكية، طائرات
  التحالف، مسيرة للميليشيات);
- a place or unit that gets hit followed by the actor, or على/ضد before it, or a casualty word:
  the actor is the target (مواقع للميليشيات، قاعدة أمريكية، على القوات الأمريكية، مقتل عناصر من);
- a finite attack verb: in verb-subject-object order the actor right after the verb attacks,
  unless the subject (an attack noun, a weapon, another actor) came before the verb;
- a verbal noun (استهداف القاعدة) takes its object, unless ``لـ`` follows (قصف الجيش لمنشآت);
- "was subjected to" makes the subject a target, "by"/claims make the actor the attacker;
- verbs of saying, "according to" and outlets make the actor a source, not a party.

A sentence is a *confrontation frame* when US/coalition forces attack Iran-aligned (or pro-regime
militia) targets, or when US/coalition forces or one of their sites are attacked and no other
attacker is named. Frames in denials, threats and precautions never count; frames in background
sentences (recalled or habitual events) do not make an item relevant on their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from monitor.analysis.document import Mention, Sentence
from monitor.analysis.lexicon import ActorEntry
from monitor.text.numerals import read_number

__all__ = [
    "AFTER_TOLL",
    "EARLIER",
    "OTHER_STATES",
    "Frame",
    "abroad_after",
    "attribute_across",
    "carry_over",
    "classify",
    "coordinated",
    "in_motive",
    "in_sequel",
    "motive_start",
    "near",
    "past_after",
    "read_frame",
    "stationed",
]

US = "us_coalition"
IRAN = "iran_aligned"
GOV = "syrian_government"
GOVMIL = "govmil"  # pro-government militia: a syrian_government actor that counts as a target
GENERIC = "generic"  # an armed group whose side the sentence does not give
OTHER_ATTACKERS = frozenset({US, "israel", "turkey", "russia", "isis", "sdf", GOV, "other"})

# A sentence whose targets include these is not about an attack on US forces.
HOSTILE = frozenset({IRAN, GOV, GOVMIL, "isis", "other"})
_HEDGE_ONLY = {"hedge"}
_EVENTS = frozenset({"event", "attack_verb", "attack_noun"})
_TARGET_PREPS = frozenset({"علي", "ضد", "نحو", "باتجاه", "بحق", "تجاه", "لاستهداف"})
# Tokens that do not break the link between a noun and the actor that qualifies it.
_FILLER = frozenset(
    {
        "جويه",
        "جوي",
        "حربيه",
        "حربي",
        "الحربي",
        "الحربيه",
        "مسيره",
        "المسيره",
        "مقاتله",
        "انها",
        "انه",
        "بانها",
        "يرجح",
        "ترجح",
        "يعتقد",
        "من",
        "تابعه",
        "التابعه",
        "تابع",
        "التابع",
        "تابعين",
        "تابعتين",
        "عسكريه",
        "العسكريه",
        "جديده",
        "اخري",
        "انتحاريه",
        "مدعومه",
        "المدعومه",
        "مسلحه",
        "المسلحه",
        "قرب",
        "في",
        "داخل",
        "عده",
        "اخر",
        "اخرين",
        "ما",
        "تسمي",
        "يسمي",
        "نفسها",
        "نفسه",
        "تعرف",
        "يعرف",
        "بما",
        "المسمي",
    }
)
# Verbs whose subject is the dead or wounded (plural and dual: the victims came before them).
_VICTIM_VERBS = frozenset(
    {"قتلوا", "قتلا", "لقوا", "لقيا", "اصيبوا", "اصيبا", "استشهدوا", "قضوا", "سقطوا", "جرحوا"}
    | {"ارتقوا", "ارتقيا", "استشهدا"}
)
# Killing verbs read actively when a definite subject follows (passives take indefinite ones).
_ACTIVE_KILL = frozenset({"قتل", "قتلت", "وقتل", "وقتلت", "اصاب", "اصابت", "واصابت", "جرح"})
# ... but "قتل الجنود الأمريكيون الثلاثة" is passive: people are killed, forces kill
_PEOPLE = frozenset({"الجنود", "العسكريين", "العسكريون", "المتعاقدين", "المتعاقدون", "الجنديين"})
_BELONGS = frozenset({"تابعه", "تابع", "تابعين", "التابعه", "التابع", "تعود", "يعود"})
#: whose responsibility an attack is: "ومصادر ترجح مسؤولية التحالف"
_RESPONSIBILITY = frozenset({"مسووليه", "بمسووليه", "لمسووليه"})
#: where fire came from: "مرجحا أن يكون مصدرها القوات الأمريكية" names who fired
_FIRE_SOURCE = frozenset({"مصدره", "مصدرها", "مصدرهما", "مصدرهم", "مصادرها", "مطلقها", "مطلقوها"})


def attributed_at(s: Sentence, k: int) -> bool:
    """Does a hedge ("يعتقد أنها", "ويرجح أن تكون") come just before token ``k``?"""
    cls_at = s.field.cls_at
    return any("hedge" in cls_at[j] for j in range(max(s.t0, k - 4), k))


_HABITUAL = frozenset(
    {
        "من حين لاخر",
        "من حين الي اخر",
        "بشكل متكرر",
        "بين حين واخر",
        "بين الحين والاخر",
        "مرارا",
        "عده مرات",
        "منذ عام",
        "منذ بدايه",
        # continuous or escalating attacks over a period: a trend, not one incident
        "متواصله",
        "مستمره",
        "متلاحقه",
        "شبه يوميه",
        "شبه يومي",
        "بشكل يومي",
        "يوميا",
        "بين فتره واخري",
        "من وقت لاخر",
        "الاسابيع الاخيره",
        "الاشهر الاخيره",
        "الاسابيع الماضيه",
        "الاشهر الماضيه",
        "تصاعدا في الهجمات",
        "تصاعد الهجمات",
        # "من أكثر القواعد تعرضا للهجمات": a base described by how often it is hit
        "اكثر القواعد تعرضا",
        "الاكثر تعرضا",
        "اكثر تعرضا للهجمات",
    }
)


@dataclass(slots=True)
class Frame:
    """What one sentence says about an attack."""

    sentence: Sentence
    attackers: dict[str, list[Mention]] = field(default_factory=dict)
    targets: dict[str, list[Mention]] = field(default_factory=dict)
    sources: dict[str, list[Mention]] = field(default_factory=dict)
    mentioned: dict[str, list[Mention]] = field(default_factory=dict)
    speakers: list[Mention] = field(default_factory=list)  # sources, kept for ``quoted``
    event: bool = False
    classes: set[str] = field(default_factory=set)
    kind: str = ""  # "us_attacks", "us_attacked" or "" (not a confrontation)
    attacker_inferred: bool = False
    habitual: bool = False
    dated_year: int | None = None  # "في عام 2019": the year an event is dated to
    dated_month: int = 0  # "في آذار 2023": its month too (0: not named)
    earlier: bool = False  # its parties are all in an attack told as hours before this one
    recalled: bool = False  # "وكان ... قد أعلن أن ...": an earlier event told again
    claimed_after: bool = False  # its attacker is only the one a later sentence's claim names

    @property
    def background(self) -> bool:
        return "background" in self.classes

    @property
    def void(self) -> bool:
        """Denied, threatened or merely anticipated: nothing happened."""
        return bool(self.classes & {"denial", "irrealis"})

    @property
    def hedged(self) -> bool:
        return self.attacker_inferred or "hedge" in self.classes

    def sides(self, role: str) -> set[str]:
        table = self.attackers if role == "attacker" else self.targets
        return set(table)


def _side_key(entry: ActorEntry) -> str:
    if entry.kind == "govmil":
        return GOVMIL
    if entry.side is None:
        return GENERIC
    return entry.side


def _role(s: Sentence, m: Mention) -> str:
    """attacker, target, defender, source or mention, from the words around the actor."""
    f = s.field
    toks, cls_at, actor_at = f.tokens, f.cls_at, f.actor_at
    if m.t0 > s.t0 and toks[m.t0 - 1] in ("باسم", "لسان"):
        return "source"  # "المتحدث باسم البنتاغون", "على لسان ..."
    dist = 0
    k = m.t0 - 1
    attributed = False  # "... ويرجح أنها أمريكية": a hedged attribution of the attack
    while k >= s.t0 and dist < 6:
        tok = toks[k]
        if (tok in _FIRE_SOURCE or tok in _RESPONSIBILITY) and dist <= 1:
            # "أن يكون مصدرها مرابض المدفعية الأمريكية"، "ترجح مسؤولية التحالف"
            return "attacker"
        cls = cls_at[k] if not actor_at[k] else set()
        if (
            (tok in _FILLER and not cls)
            or cls == _HEDGE_ONLY
            or (tok in _BELONGS and attributed_at(s, k) and not _facility_before(s, k))
        ):
            if (cls == _HEDGE_ONLY or tok in _BELONGS) and dist == 0:
                attributed = True
            k -= 1  # "طائرات مجهولة يرجح أنها تابعة للتحالف": the hedge sits between
            continue
        dist += 1
        if cls & {"media", "source_prep"} and (dist <= 3 or (dist <= 5 and m.value.kind == "adj")):
            return "source"  # "وكالة سبوتنيك الروسية", "شبكة سي إن إن الأمريكية"
        if tok in _TARGET_PREPS and dist <= 3:
            return "target"
        if "victim" in cls and dist <= 3:
            if (
                dist == 1
                and tok in _ACTIVE_KILL
                and toks[m.t0].startswith(("ال", "وال"))
                and toks[m.t0] not in _PEOPLE
            ):
                return "attacker"  # "قتل الجيش الأمريكي خمسة عناصر": the definite subject
            return "target"
        if "suffered" in cls and dist <= 3:
            return "target"
        if "mourn" in cls and dist <= 2:
            return "target"  # "نعت كتائب حزب الله": the mourners are the side that was hit
        if "by" in cls and dist <= 2:
            return "attacker"
        if "claim" in cls and dist <= 3:
            return "attacker"
        if "response" in cls and dist <= 2 and "motive" not in cls:
            return "attacker"  # "وردت القوات الأمريكية بقصف ...": the subject hits back
        if "shootdown" in cls and dist <= 2:
            return "defender"
        if "facility" in cls and dist <= 3:
            return "target"
        if "rel" in cls and dist <= 2 and _facility_before(s, k):
            return "target"  # "منشآت في شرق سوريا يستخدمها الحرس الثوري"
        if cls & {"strike", "event"} and dist <= 3:
            if _object_after_subject(s, m) or _counted_between(s, k, m.t0):
                return "target"  # "أصابت الصواريخ ثلاثة جنود أمريكيين": counted, so hit
            return "attacker"
        if "attack_noun" in cls and dist <= 2:
            nxt = toks[m.t1] if m.t1 < s.t1 else ""
            return "attacker" if nxt.startswith("ل") and len(nxt) > 3 else "target"
        if "attack_verb" in cls and dist <= 3:
            return "target" if _subject_before(s, k) else "attacker"
        if "report" in cls and dist <= 3:
            return "source"
        if actor_at[k]:
            # an actor right before: this one qualifies it (الحرس الثوري الإيراني، قسد الكردية)
            break
        k -= 1
    for k in range(m.t1, min(s.t1, m.t1 + 3)):
        if actor_at[k]:
            break  # the verb after the next actor is that actor's
        cls = cls_at[k]
        if toks[k] in _VICTIM_VERBS or toks[k][1:] in _VICTIM_VERBS or "mourn" in cls:
            return "target"  # "عناصر من الحرس الثوري لقوا حتفهم بضربة": they are the dead
        if "attack_verb" in cls or "claim" in cls or "response" in cls:
            return "attacker"
        if cls & {"attack_noun", "event"} and toks[k].startswith("ب"):
            return "attacker"  # "قامت القوات الأمريكية بقصف ..."
        if "suffered" in cls:
            return "target"
        if "report" in cls:
            return "source"
        if "shootdown" in cls:
            return "defender"
    if attributed and s.classes() & _EVENTS:
        return "attacker"
    if _late_subject(s, m):
        return "attacker"  # "دمرت فجر اليوم في ضربات جوية قرب ... القوات الأمريكية ثلاث راجمات"
    return "mention"


def _late_subject(s: Sentence, m: Mention) -> bool:
    """Is ``m`` the subject of the attack verb that opens the sentence, after the time and
    place adverbials news writing puts between them ("دمرت فجر اليوم في ضربات جوية قرب بلدة
    الصالحية بريف دير الزور القوات الأمريكية ثلاث راجمات")? The first actor, definite, not in
    a prepositional phrase."""
    f = s.field
    toks, cls_at = f.tokens, f.cls_at
    first = s.t0 + (1 if toks[s.t0] in ("و", "ف", "قد", "وقد", "ولقد") else 0)
    if first >= s.t1 or "attack_verb" not in cls_at[first] or toks[first].startswith("ال"):
        return False
    if m.value.kind == "adj" or not toks[m.t0].startswith("ال") or m.t0 - first < 4:
        return False
    in_phrase = toks[m.t0 - 1] in _PREPOSITIONS
    return not in_phrase and not any(f.actor_at[k] for k in range(first + 1, m.t0))


#: words after which a noun is in a prepositional phrase, not a subject
_PREPOSITIONS = frozenset({"علي", "الي", "من", "في", "عن", "ضد", "مع", "بين", "نحو", "لدي"})


def read_frame(s: Sentence) -> Frame:
    """Roles of every actor in the sentence and whether it frames a confrontation."""
    fr = Frame(s)
    fr.classes = s.classes()
    if s.question:
        fr.classes.add("irrealis")
    motive_at = motive_start(s)
    if "background" in fr.classes and motive_at > s.t0:
        cues = [m for m in s.mentions if m.layer == "cue" and "background" in m.value]
        if all(m.t0 > motive_at for m in cues):
            # "شنت ... غارات، ردا على هجوم وقع الأسبوع الماضي": the answered attack is past
            fr.classes.discard("background")
    if "background" in fr.classes:
        toks = s.field.tokens
        after = next(
            (
                k
                for k in range(s.t0 + 3, s.t1)
                if toks[k] == "بعدما" or (toks[k] == "ان" and toks[k - 1] == "بعد")
            ),
            s.t1,
        )
        cues = [m for m in s.mentions if m.layer == "cue" and "background" in m.value]
        if after < s.t1 and all(m.t0 > after for m in cues):
            # "ارتفعت الحصيلة إلى 29، بعد أن كان المرصد قد وثق في وقت سابق مقتل 18": the
            # earlier figure is past, the rise is news
            fr.classes.discard("background")
    if "background" in fr.classes and _rise_after_background(s):
        # "كنا قد أعلنا في وقت سابق عن إصابة جندي، وقد ارتفع عدد المصابين إلى ثلاثة": the
        # earlier announcement is past, the rise is news
        fr.classes.discard("background")
    if _earlier_strikes(s):
        fr.classes.add("background")  # "بعضها دمرته غارات أمريكية وإسرائيلية سابقة"
    if s.field.tokens[s.t0] in ("خلفيه", "للتذكير"):
        fr.classes.add("background")  # "خلفية: تعرضت القاعدة في آب لهجوم ...": a heading
    fr.dated_year, fr.dated_month = _dated_past(s, motive_at) or (None, 0)
    if fr.dated_year is not None:
        fr.classes.add("background")
    if pluperfect(s) and not _RECENT.intersection(s.tokens[s.t0 : s.t1]):
        # "وكانت ... قد ..." recalls an earlier event, unless it dates it to these days
        fr.classes.add("background")
        fr.recalled = True
    if "recent" in fr.classes:
        fr.classes.discard("background")  # "في وقت سابق من اليوم" is today's news
    if "irrealis" in fr.classes and (_threat_after_report(s) or _posed_threat_only(s)):
        # "... ارتقوا بقصف أمريكي، وتوعدت بالرد": reported; "نفذت ضربة ضد منظومات ... بعدما
        # شكلت تهديدا": the threat is why the strike was made
        fr.classes.discard("irrealis")
    if "disclaim" in fr.classes:
        # "نفت إيران أي علاقة لها بالهجوم": the attack is not denied, a link to it is
        fr.classes.discard("denial")
    fr.event = s.field.tokens[s.t0] not in _LIES and (
        bool(fr.classes & {"event", "attack_verb", "attack_noun", "shootdown"})
        or (
            # shells falling, or a side firing back ("فردت المدفعية الأمريكية"), with a weapon named
            bool(fr.classes & {"impact", "response"})
            and any(m.layer == "weapon" for m in s.mentions)
        )
    )
    sites: list[Mention] = []
    words = s.words()  # which word-triggered role rules can apply at all
    appeal = not _APPEAL.isdisjoint(words)
    flying = not (FLYING.isdisjoint(words) and FLEW.isdisjoint(words))
    prev_actor: Mention | None = None
    prev_role = ""
    for m in s.mentions:
        if m.layer == "site":
            sites.append(m)
            continue
        if m.layer != "actor":
            continue
        entry: ActorEntry = m.value
        if entry.kind == "source":
            fr.speakers.append(m)  # an observer reports; it is never a party
            continue
        key = _side_key(entry)
        toks = s.field.tokens
        if entry.kind == "qualifier" and not (
            prev_actor is not None
            and _side_key(prev_actor.value) == GENERIC
            and m.t0 - prev_actor.t1 <= 1
        ):
            continue  # "عراقي" alone is no actor
        if (
            prev_actor is not None
            and _side_key(prev_actor.value) == GENERIC
            and key != GENERIC
            and m.t0 - prev_actor.t1 <= 1
            and not toks[m.t0].startswith("و")
        ):
            # "ميليشيات موالية لإيران", "فصائل إيرانية": the qualifier gives the group its side;
            # a militia of the government side is a pro-government militia
            role = prev_role
            if key == GOV:
                key = GOVMIL
            for table in (fr.attackers, fr.targets, fr.sources, fr.mentioned):
                if GENERIC in table and prev_actor in table[GENERIC]:
                    table[GENERIC].remove(prev_actor)
                    if not table[GENERIC]:
                        del table[GENERIC]
        elif (
            prev_actor is not None
            and prev_actor.t1 == m.t0
            and toks[m.t0].startswith("و")
            and prev_role in ("attacker", "target", "defender")
            # "... قاعدة الشدادي الأمريكية والمقاومة الإسلامية تتبنى": a new clause's subject
            and not (m.t1 < s.t1 and s.field.cls_at[m.t1] & _CLAUSE_VERBS)
        ):
            role = prev_role  # coordination: "مواقع للقوات الحكومية والحرس الثوري"
        elif near(s, m.t0) or _negated_agent(s, m) or _unharmed(s, m):
            # "على بعد كيلومترات من قاعدة التحالف": a landmark's owner; "ولم تتدخل القوات
            # الأمريكية": who took no part; "لم تصب أي منشأة أو أي من الأفراد الأمريكيين": who
            # was not hit
            role = "mention"
        elif _launched_by(s, m):
            role = "attacker"  # "أطلقت ميليشيات مدعومة من إيران قذائف": who launched them
        elif (appeal and not _APPEAL.isdisjoint(toks[max(s.t0, m.t0 - 2) : m.t0])) or (
            m.t0 > s.t0 and "stationed" in s.field.cls_at[m.t0 - 1]
        ):
            # "داعيا التحالف الدولي إلى ...": who is appealed to; "التي تنتشر فيها القوات
            # الأمريكية": who is stationed there
            role = "mention"
        elif flying and (flying_over(s, m.t0, m.t1) or _flown_over(s, m.t0)):
            # "وحلق طيران التحالف بكثافة بعد الهجوم": flying over, no attack; "حلقت فوق قاعدة
            # التنف الأمريكية": the base's owner was flown over, not hit
            role = "mention"
        elif m.t1 <= s.field.speaker and s.t0 == 0 and "cas" in fr.classes:
            # "الحرس الثوري: مقتل مستشارين ...": the headline's speaker tells a toll
            role = "source"
        elif (
            m.t0 - 2 >= s.t0
            and toks[m.t0 - 2] in _RELATIVE
            and "attack_verb" in s.field.cls_at[m.t0 - 1]
            and toks[m.t0 - 1][:1] in "تي"
        ):
            role = "mention"  # "الفصائل التي تهاجم القوات الأمريكية": what a group does
        else:
            role = _role(s, m)
        prev_actor, prev_role = m, role
        if role == "defender":
            fr.targets.setdefault(key, []).append(m)
        elif role == "attacker":
            fr.attackers.setdefault(key, []).append(m)
        elif role == "target":
            fr.targets.setdefault(key, []).append(m)
        elif role == "source":
            fr.sources.setdefault(key, []).append(m)
            fr.speakers.append(m)
        else:
            fr.mentioned.setdefault(key, []).append(m)
    if fr.attackers:
        # "نفى التحالف مسؤوليته", "نفى مسؤول أمريكي أي علاقة لواشنطن بالضربات", "التحالف لم
        # ينفذ أي ضربات": who denies a part in an attack, is said to have none or is the subject
        # of a negated attack verb is not its attacker
        denied = _denied if fr.classes & {"denial", "disclaim"} else _never
        for key in list(fr.attackers):
            kept = [m for m in fr.attackers[key] if not (denied(s, m) or _negated_agent(s, m))]
            gone = [m for m in fr.attackers[key] if denied(s, m) or _negated_agent(s, m)]
            if gone:  # mentioned, not a source: a source may fill an empty attacker slot
                fr.mentioned.setdefault(key, []).extend(gone)
                if kept:
                    fr.attackers[key] = kept
                else:
                    del fr.attackers[key]
    if not fr.attackers and fr.targets.keys() & {IRAN, GOVMIL} and _headline_speaker_struck(fr):
        # "سنتكوم: ضربات دقيقة على منشآت للحرس الثوري": the command that says so struck
        fr.attackers[US] = fr.mentioned.pop(US)
    if not fr.attackers and "hedge" in fr.classes and US in fr.targets.keys() | fr.mentioned.keys():
        _belongs_to_the_named(fr)
    if not fr.event:
        return fr
    # the attacker's base is no target; nor a base hit in the attack this one answers
    sites = [
        m
        for m in sites
        if not stationed(fr, m.t0)
        and not m.t0 > motive_at
        and not (m.value.host_town and _by_the_town(s, m.t0))
        and not _at_a_distance(s, m.t1)
        and not near(s, m.t0)  # "على بعد كيلومترات من قاعدة التحالف"
        and not (flying and _flown_over(s, m.t0))  # "حلقت فوق قاعدة التنف": not hit
        # "مقتل ثلاثة من قسد بهجوم لمسلحين قرب حقل العمر": near a base, others were hit
        and not (m.t0 > s.t0 and s.field.tokens[m.t0 - 1] in _CLOSE_BY and fr.targets.keys() - {US})
        and s.field.tokens[max(s.t0, m.t0 - 2) : m.t0] not in _FROM_THE_DIRECTION
    ]
    if sites and (US not in fr.attackers or "response" in fr.classes):
        # a US site hit; or US forces hitting back after their site was hit
        fr.targets.setdefault(US, []).extend(sites)
    if "shootdown" in fr.classes and IRAN in fr.targets and US in fr.attackers:
        # "تمكن مجاهدو المقاومة من إسقاط طائرة أمريكية مسيرة": the aircraft shot down is the
        # US side's; who shot it down attacked it
        shot = next(k for k in range(s.t0, s.t1) if "shootdown" in s.field.cls_at[k])
        if all(m.t0 > shot for m in fr.attackers[US]):
            fr.attackers[IRAN] = fr.targets.pop(IRAN)
            fr.targets[US] = fr.attackers.pop(US)
    if (
        "shootdown" in fr.classes
        and IRAN not in fr.targets
        and (
            US in fr.sources
            or US in fr.mentioned
            or US in fr.targets
            or US in fr.attackers
            or sites
        )
    ):
        # US forces shooting down drones or rockets defend: they are the side attacked
        for table in (fr.sources, fr.mentioned, fr.attackers):
            if US in table:
                fr.targets.setdefault(US, []).extend(table.pop(US))
    _earlier_targets_aside(fr)
    # A source fills an empty attacker slot when the sentence names what was hit
    # ("أعلن الجيش الأمريكي تنفيذ ضربات على مواقع للحرس الثوري")
    own = not fr.attackers and _own_agent(s)
    if not fr.attackers and (fr.targets or own):
        # ("أعلنت القيادة المركزية أن طائراتها نفذت ضربة": the speaker's own aircraft struck,
        # named targets or not)
        for key in (US, IRAN):
            if key in fr.sources and key not in fr.targets:
                fr.attackers[key] = fr.sources.pop(key)
                break
            if key in fr.sources and own and all(m in sites for m in fr.targets.get(key, ())):
                # "قال التحالف إن طائراته قصفت رتلا ... حول قاعدة التنف": the speaker's own
                # aircraft struck; its base only says where
                del fr.targets[key]
                fr.attackers[key] = fr.sources.pop(key)
                break
    if (
        not fr.targets
        and US in fr.attackers
        and "cas" in fr.classes
        and IRAN in fr.sources
        and (_own_people(s) or any(m.t1 <= s.field.speaker for m in fr.sources[IRAN]))
    ):
        # "أعلنت حركة النجباء أن أربعة من عناصرها قتلوا بغارة أمريكية": the speaker's own dead
        fr.targets[IRAN] = fr.sources.pop(IRAN)
    if "claim" in fr.classes:
        # "أعلنت المقاومة الإسلامية في العراق مسؤوليتها عن الهجوم", "أعلن الجيش الأمريكي
        # تنفيذ ضربات": the speaker is the attacker
        for key in (IRAN, GENERIC, US):
            if key in fr.sources and key not in fr.targets:
                fr.attackers.setdefault(key, []).extend(fr.sources.pop(key))
    if "response" in fr.classes and US in fr.targets and fr.targets.keys() & {IRAN, GOVMIL}:
        # "تعرضت القوات الأمريكية لهجوم، وردت بقصف مواقع الميليشيات": US forces hit back
        fr.attackers.setdefault(US, []).extend(fr.targets.pop(US))
    if "accuse" in fr.classes and not fr.attackers and not fr.void and refers_back(s):
        _accused_of_the_attack(fr)
    fr.habitual = _habitual(s)
    follows = motive_start(s, EARLIER)
    if follows < s.t1 and (
        all(
            m.t0 > follows
            for table in (fr.attackers, fr.targets)
            for ms in table.values()
            for m in ms
        )
        # "زار قائد القيادة المركزية قاعدة التنف بعد أسابيع من الهجمات على القواعد": no attack
        # before the earlier one, so its parties are not in an attack of their own
        or not any(s.field.cls_at[k] & _ATTACK_CUES for k in range(s.t0, follows))
    ):
        # "وجاءت الضربات بعد أيام من ...": every party is in the attack this one follows, an
        # earlier event; hours before ("بعد ساعات من"), the same exchange unless the story is
        # elsewhere (the engine decides)
        if "antecedent" in s.classes():
            fr.classes.add("background")
        else:
            fr.earlier = True
    return fr


#: verbs that open a clause of their own after its subject ("والمقاومة الإسلامية تتبنى")
_CLAUSE_VERBS = frozenset({"claim", "attack_verb", "report", "response", "accuse"})

#: "previous" after attack nouns: "غارات أمريكية وإسرائيلية سابقة" are no news
_PREVIOUS = frozenset({"سابقه", "السابقه", "سابقا", "ماضيه"})


def _earlier_strikes(s: Sentence) -> bool:
    """Are the attacks the sentence tells said to be earlier ones ("دمرته غارات أمريكية
    وإسرائيلية سابقة")?"""
    if _PREVIOUS.isdisjoint(s.words()):
        return False
    toks, cls_at = s.field.tokens, s.field.cls_at
    for k in range(s.t0, s.t1):
        if toks[k] not in _PREVIOUS:
            continue
        # the earlier strikes are the subject of the sentence's verb: "دمرته غارات ... سابقة"
        noun = next(
            (j for j in range(k - 1, max(s.t0, k - 4) - 1, -1) if "strike" in cls_at[j]), -1
        )
        while noun > s.t0 and "strike" in cls_at[noun - 1]:
            noun -= 1
        if noun > s.t0 and "attack_verb" in cls_at[noun - 1]:
            return True
    return False


#: a toll rising: "وقد ارتفع عدد المصابين إلى ثلاثة"
_RISING = frozenset(
    {"ارتفع", "ارتفعت", "وارتفع", "وارتفعت", "فارتفع", "فارتفعت", "لترتفع", "ليرتفع"}
)


def _rise_after_background(s: Sentence) -> bool:
    """Does a toll rise after every background cue of the sentence ("... في وقت سابق ...، وقد
    ارتفع عدد المصابين إلى ثلاثة")?"""
    cues = [m.t1 for m in s.mentions if m.layer == "cue" and "background" in m.value]
    if not cues or _RISING.isdisjoint(s.words()):
        return False
    toks = s.field.tokens
    last = max(cues)
    return any(
        toks[k] in _RISING and "الي" in toks[k + 1 : min(s.t1, k + 7)] for k in range(last, s.t1)
    )


#: the classes of words that tell an attack (or its toll) in a clause
_ATTACK_CUES = frozenset(
    {"event", "attack_verb", "attack_noun", "strike", "shootdown", "impact", "cas", "claim"}
)


def _earlier_targets_aside(fr: Frame) -> None:
    """ "نفذت ضربة على منشأة تستخدمها جماعات مدعومة من إيران، بعد يوم من تعرض جنود أمريكيين
    لهجوم": the parties of the earlier attack the sentence ends on are no parties of this one,
    when this one names its own target."""
    s = fr.sentence
    follows = motive_start(s, EARLIER)
    if follows >= s.t1:
        return
    if not any(m.t0 < follows for ms in fr.targets.values() for m in ms):
        return
    for table in (fr.attackers, fr.targets):  # the earlier attack's parties, both sides
        for key in list(table):
            later = [m for m in table[key] if m.t0 > follows]
            if later:
                fr.mentioned.setdefault(key, []).extend(later)
                table[key] = [m for m in table[key] if m.t0 < follows]
                if not table[key]:
                    del table[key]


#: an earlier attack a sentence's incident follows: days ("بعد أيام من") or hours before
EARLIER = frozenset({"antecedent", "follows"})


def _headline_speaker_struck(fr: Frame) -> bool:
    """Is a US command the headline's speaker ("سنتكوم: ضربات ..."), over a nominal strike
    report of its own (no verb of saying, no other attacker)?"""
    s = fr.sentence
    if s.field.name != "title" or not s.field.speaker or s.t0 != 0 or US not in fr.mentioned:
        return False
    if "report" in fr.classes or fr.void or not _NEGATION.isdisjoint(s.words()):
        return False  # "البنتاغون: لم نشارك في ضربة المزة": no part in it
    return all(m.t1 <= s.field.speaker for m in fr.mentioned[US])


def _belongs_to_the_named(fr: Frame) -> None:
    """ "قادما من جهة الضفة الشرقية حيث تنتشر قواعد التحالف الدولي، ما يرجح أن تكون الطائرات
    تابعة له": a hedged "belonging to it" names the US side the sentence named before it as the
    aircraft's owner (its bases there are where they came from, not what was hit)."""
    toks = fr.sentence.field.tokens
    s = fr.sentence
    at = next(
        (
            k
            for k in range(s.t0 + 1, s.t1)
            if toks[k] in _PRONOUN_OBJECT and toks[k - 1] in _BELONGS and attributed_at(s, k - 1)
        ),
        -1,
    )
    if at < 0:
        return
    for table in (fr.targets, fr.mentioned):
        named = [m for m in table.get(US, ()) if m.t1 <= at]
        if named:
            fr.attackers[US] = named
            rest = [m for m in table[US] if m not in named]
            if rest:
                table[US] = rest
            else:
                del table[US]
            return


#: "تابعة له", "تعود لها": the owner named by a pronoun
_PRONOUN_OBJECT = frozenset({"له", "لها", "اليه", "اليها"})


def _accused_of_the_attack(fr: Frame) -> None:
    """ "اتهمت القيادة المركزية مجموعات مدعومة من إيران بالوقوف وراء الهجوم الذي تعرضت له قاعدة
    التنف": an accusation of the attack the sentence tells, on the other side's forces, names its
    attacker (hedged when the accused is the US side, whose part the victims allege)."""
    for accused, victim in ((IRAN, US), (US, IRAN)):
        if accused in fr.mentioned and victim in fr.targets:
            fr.attackers[accused] = fr.mentioned.pop(accused)
            fr.classes.discard("accuse")
            if accused == US:
                fr.classes.add("hedge")
            return


def classify(fr: Frame, article_iran: bool) -> None:
    """Set ``fr.kind``: does this sentence frame a US/coalition vs Iran-aligned incident?"""
    fr.kind = ""
    fr.attacker_inferred = False
    if "clash" in fr.classes and "accuse" not in fr.classes and _clash_told(fr.sentence):
        # "اشتباكات بين القوات الأمريكية وميليشيات موالية لإيران": both sides fight
        present = fr.attackers.keys() | fr.targets.keys() | fr.mentioned.keys()
        if US in present and IRAN in present:
            for key in (US, IRAN):
                if key in fr.mentioned:
                    fr.attackers.setdefault(key, []).extend(fr.mentioned.pop(key))
            fr.kind = "clash"
            return
    if not fr.event or (not fr.attackers and not fr.targets) or "accuse" in fr.classes:
        return
    if US in fr.attackers and IRAN in fr.attackers and US in fr.targets and _sequence(fr):
        # "دمرت القوات الأمريكية منصات ... بعدما أطلقت فصائل موالية لإيران قذائف باتجاه موقع
        # أمريكي": the US strike answers the militias' attack; they are its target
        fr.targets.setdefault(IRAN, []).extend(fr.attackers.pop(IRAN))
        fr.kind = "us_attacks"
        return
    attackers, targets = set(fr.attackers), set(fr.targets)
    if US in attackers and (
        IRAN in targets
        or GOVMIL in targets
        or (article_iran and targets & {GOV, GENERIC})
        or (
            (article_iran or "martyr" in fr.classes)
            and not targets
            and not (fr.mentioned.keys() & {"isis", "other"})
        )
    ):
        # an untargeted US strike whose dead are mourned as martyrs hit the Axis side
        fr.kind = "us_attacks"
    elif (
        US in targets
        and not ((attackers - ({US} if "response" in fr.classes else set())) & OTHER_ATTACKERS)
        and not (targets & HOSTILE)
        # "إصابة جنود أميركيين بعد اصطدام عربة روسية بدوريتهم": another state's forces in the
        # sentence, no attacker named: nothing says Iran-aligned forces did it
        and (IRAN in attackers or not (targets | fr.mentioned.keys()) & OTHER_STATES)
    ):
        fr.kind = "us_attacked"
        fr.attacker_inferred = IRAN not in attackers


#: other states whose forces strike in Syria: an attack they are named in is not inferred
#: Iran-aligned, and "the strike" told again in a story they attack in is theirs
OTHER_STATES = frozenset({"russia", "turkey", "israel"})

#: "منطقة عدم الاشتباك", "خط منع الاشتباك": a deconfliction zone or line, not a clash
_NO_CLASH = frozenset({"عدم", "منع", "فض", "لعدم", "لمنع", "ومنع"})


def _clash_told(s: Sentence) -> bool:
    """Does a clash word of the sentence tell a clash (not "منطقة عدم الاشتباك")?"""
    toks, cls_at = s.field.tokens, s.field.cls_at
    return any(
        "clash" in cls_at[k] and not (k > s.t0 and toks[k - 1] in _NO_CLASH)
        for k in range(s.t0, s.t1)
    )


_HIT_IN: dict[str, frozenset[str]] = {
    "us_attacks": frozenset({IRAN, GOVMIL, "russia"}),
    "us_attacked": frozenset({US}),
}


#: close by: "قرب قاعدة التنف" names a neighbourhood, not what was hit
_CLOSE_BY = frozenset({"قرب", "بالقرب", "قريبا", "بقرب"})
#: by a town: close to it, on a side of it or in its countryside ("جنوب الشدادي", "بريف رميلان")
_BY = _CLOSE_BY | {
    "مقربه", "جنوب", "شمال", "شرق", "غرب", "جنوبي", "شمالي", "شرقي", "غربي", "اطراف", "ريف",
    "بريف", "وريف",
}  # fmt: skip


#: "وتقع قاعدة للتحالف على بعد 30 كيلومترا من مكان الاستهداف": a sentence that says where
#: something lies describes, it reports no attack
_LIES = frozenset({"تقع", "وتقع", "يقع", "ويقع"})


#: "أطلقت من اتجاه التنف": where fire came from, not what it hit
_FROM_THE_DIRECTION = (["من", "اتجاه"], ["من", "جهه"], ["من", "ناحيه"])


def _at_a_distance(s: Sentence, t1: int) -> bool:
    """Is a site said to lie at a distance from what happened ("قاعدة للتحالف الدولي على بعد
    30 كيلومترا من مكان الاستهداف")?"""
    toks = s.field.tokens
    after = toks[t1 : min(s.t1, t1 + 3)]
    return "بعيدا" in after or any(a == "علي" and b == "بعد" for a, b in pairwise(after))


def _by_the_town(s: Sentence, t0: int) -> bool:
    """Is the place at ``t0`` named as a neighbourhood ("قرب الشدادي", "بالقرب من رميلان")?"""
    toks = s.field.tokens
    before = toks[max(s.t0, t0 - 2) : t0]
    return bool(before) and (before[-1] in _BY or (before[-1] == "من" and before[0] in _BY))


def carry_over(frames: list[Frame]) -> None:
    """A sentence that goes on about the incident of the one before without naming a side, and
    refers back to it with a definite attack noun ("وطالت الضربات مواقع في البوكمال والميادين",
    "واستهدف القصف مقرات ..."), is part of that incident: it takes its kind, so its places,
    weapons and figures are the incident's. Call after :func:`classify`."""
    attacked = any(fr.kind == "us_attacked" for fr in frames)
    for fr in frames:
        if (
            attacked
            and not fr.kind
            and fr.event
            and "response" in fr.classes
            and US in fr.attackers
            and not (fr.targets.keys() - {IRAN, GOVMIL, GENERIC})
            and not (fr.void or fr.background or fr.habitual)
        ):
            # "وردت قوات التحالف بقصف مدفعي على مصادر الإطلاق": US forces hit back at whoever
            # attacked them, named or not
            fr.kind = "us_attacks"
    for before, after in _told_in_turn(frames):
        # the same targets again, partner forces hit beside US forces, or no side at all
        allowed = {GENERIC} | before.targets.keys() | ({"sdf"} if US in before.targets else set())
        # or the side such an incident hits ("وطالت الضربات مواقع الفصائل" after "نفذت القوات
        # الأمريكية ضربات" that named no target)
        allowed |= _HIT_IN.get(before.kind, frozenset())
        if (
            before.kind
            and not (before.void or before.background or before.habitual)
            and not after.kind
            and not after.attackers
            and not (after.targets.keys() - allowed)
            and after.sentence.field is before.sentence.field
            and not (after.void or after.background or after.habitual)
            # an attack named again with a definite noun, or its toll ("ووقعت إصابات في صفوف")
            and (
                (after.event and (refers_back(after.sentence) or _we_attacked(after.sentence)))
                or (not after.event and "victim" in after.classes and bool(after.targets))
            )
        ):
            after.kind = before.kind
            after.attacker_inferred = before.attacker_inferred
            if "hedge" in before.classes:
                after.classes.add("hedge")  # as uncertain as the report it continues


def _told_in_turn(frames: list[Frame]) -> Iterator[tuple[Frame, Frame]]:
    """Each frame with the one told before it, passing over questions and sentences that name
    no side and tell no attack ("س: ما الذي استهدفته الضربات؟" between two answers)."""
    before: Frame | None = None
    for after in frames:
        if before is not None:
            yield before, after
        if after.attackers or after.targets or not (after.sentence.question or not after.event):
            before = after


def attribute_across(frames: list[Frame]) -> None:
    """An attack with no attacker, attributed in a following sentence or clause: "استهدفت طائرات
    مسيرة مواقع للميليشيات الإيرانية. ورجحت مصادر أن تكون الطائرات تابعة للتحالف الدولي", also
    across a clause that names nobody ("ولم تتبن أي جهة الضربات، فيما رجحت مصادر ..."); and an
    attack on US forces claimed after it is told: "تعرضت قاعدة الشدادي لهجوم بطائرة مسيرة.
    وتبنت المقاومة الإسلامية في العراق الهجوم"."""
    for i, after in enumerate(frames):
        if after.targets:
            continue
        if US in after.attackers:
            side, victims = US, _US_VICTIMS
        elif IRAN in after.attackers and _claims_back(after):
            side, victims = IRAN, _IRAN_VICTIMS
        else:
            continue
        for before in reversed(frames[max(0, i - 3) : i]):
            if before.sentence.field is not after.sentence.field:
                break
            if before.event and not before.attackers and before.targets.keys() & victims:
                before.attackers[side] = list(after.attackers[side])
                before.claimed_after = side == IRAN
                if "hedge" in after.classes or "hedge" in before.classes:
                    # "طائرات مجهولة ... . وتشير التقديرات إلى أن الضربة أمريكية": one
                    # uncertain attribution, in both sentences
                    before.classes.add("hedge")
                    after.classes.add("hedge")
                break
            if before.attackers or before.targets:
                break  # another report in between


_US_VICTIMS = frozenset({IRAN, GOVMIL})
_IRAN_VICTIMS = frozenset({US})


def _claims_back(fr: Frame) -> bool:
    """Does the sentence claim (or, hedged, put down to its attacker) an attack told before, by a
    definite noun ("وتبنت المقاومة الإسلامية في العراق الهجوم", "مسؤوليتها عن الاستهداف"), not
    deny it nor recall earlier ones?"""
    if not fr.classes & {"claim", "hedge"} or "accuse" in fr.classes:
        return False  # (a denied link, "نفت مسؤوليتها", leaves the group no attacker)
    if fr.void or fr.background or fr.habitual or fr.recalled:
        return False
    return refers_back(fr.sentence) and not _negated_claim(fr.sentence)


def _negated_claim(s: Sentence) -> bool:
    """Is the claim negated ("ولم تعلن الفصائل مسؤوليتها عن الهجوم", "لم تتبن أي جهة")?"""
    if _NEGATION.isdisjoint(s.words()):
        return False
    toks, cls_at = s.field.tokens, s.field.cls_at
    for k in range(s.t0, s.t1):
        if "claim" in cls_at[k] and any(toks[j] in _NEGATION for j in range(max(s.t0, k - 4), k)):
            return True
    return False


def _we_attacked(s: Sentence) -> bool:
    """Does the speaker tell the attack in the first person ("استهدفنا منشأة تدريب", "ضربنا")?"""
    toks, cls_at = s.field.tokens, s.field.cls_at
    return any(
        "attack_verb" in cls_at[k] and toks[k].endswith("نا") and len(toks[k]) > 4
        for k in range(s.t0, s.t1)
    )


def refers_back(s: Sentence) -> bool:
    """Does the sentence name the attack with a definite noun (الغارات، الضربات، القصف)?"""
    toks, cls_at = s.field.tokens, s.field.cls_at
    for k in range(s.t0, s.t1):
        if cls_at[k] & {"event", "strike"} and toks[k].startswith(("ال", "وال", "فال")):
            return True
    return False


def _denied(s: Sentence, m: Mention) -> bool:
    """Is the actor at ``m`` the subject of a denial ("نفى التحالف"، subject first: "واشنطن
    تنفي مسؤوليتها"), or the one said to have no part?"""
    cls_at = s.field.cls_at
    if any(cls_at[k] & _DENYING for k in range(max(s.t0, m.t0 - 3), m.t0)):
        return True
    return m.t1 < s.t1 and "denial" in cls_at[m.t1]


_DENYING = frozenset({"denial", "disclaim"})


def _never(s: Sentence, m: Mention) -> bool:
    return False


#: flying over: "حلق طيران التحالف في سماء المنطقة" tells no strike
FLYING = frozenset(
    {"حلق", "حلقت", "يحلق", "تحلق", "تحليق", "وحلق", "وحلقت", "تحليقا", "حلقتا", "يحوم", "تحوم"}
)
#: "الطيران المروحي للتحالف حلق بكثافة": aircraft that flew over (a drone that "was flying",
#: كانت تحلق, and was shot down still counts)
FLEW = frozenset({"حلق", "حلقت", "حلقتا", "وحلق", "وحلقت"})


def flying_over(s: Sentence, t0: int, t1: int) -> bool:
    """Are the aircraft or weapon at ``t0:t1`` told flying over ("حلق طيران التحالف", "طيران
    التحالف حلق بكثافة") rather than striking?"""
    toks = s.field.tokens
    return not (
        FLYING.isdisjoint(toks[max(s.t0, t0 - 3) : t0]) and FLEW.isdisjoint(toks[t1 : t1 + 3])
    )


#: launching: the actor right after the verb launched ("أطلقت ميليشيات ... قذائف هاون")
_LAUNCHED = frozenset(
    {"اطلقت", "اطلق", "واطلقت", "واطلق", "اطلقوا", "اطلقتها", "اطلقها", "اطلقتهما", "اطلقهما"}
)


#: verbs of being hit, after a negation: "لم تصب أي منشأة أمريكية"
_HIT = frozenset({"تصب", "يصب", "تصاب", "يصاب", "تتضرر", "يتضرر", "تتعرض", "يتعرض"})


def _unharmed(s: Sentence, m: Mention) -> bool:
    """Is ``m`` said not to have been hit ("لم تصب أي منشأة أو أي من الأفراد الأمريكيين")?"""
    if _NEGATION.isdisjoint(s.words()) or _HIT.isdisjoint(s.words()):
        return False
    toks, cls_at = s.field.tokens, s.field.cls_at
    for k in range(m.t0 - 2, max(s.t0, m.t0 - 9) - 1, -1):
        if cls_at[k] & _SAYING:
            return False  # "ولم يصب أي جندي بحسب مسؤول في البنتاغون": the Pentagon says so
        if toks[k] in _NEGATION and toks[k + 1] in _HIT:
            return True
    return False


_SAYING = frozenset({"source_prep", "report"})


def _launched_by(s: Sentence, m: Mention) -> bool:
    """Is ``m`` the subject of "launched" right before it, or after a source put between them
    ("أطلقتها، وفق البيان، ميليشيا متحالفة مع إيران")?"""
    toks, cls_at = s.field.tokens, s.field.cls_at
    k = m.t0 - 1
    if k - 2 >= s.t0 and "source_prep" in cls_at[k - 1] and not s.field.actor_at[k]:
        k -= 2  # "وفق البيان", "بحسب المرصد"
    return k >= s.t0 and toks[k] in _LAUNCHED


#: appeals: who is called on is no party ("داعيا التحالف الدولي إلى تحمل مسؤولياته")
_APPEAL = frozenset(
    {"داعيا", "داعيه", "دعا", "دعت", "ودعا", "ودعت", "مطالبا", "مطالبه", "طالب", "طالبت", "وطالب",
     "وطالبت", "ناشد", "ناشدت", "مناشدا",
     # who supplied something to the attack took no part in it: "بمعلومات قدمتها واشنطن"
     "قدمتها", "قدمها", "وفرتها", "وفرها", "زودت", "زودتها"}
)  # fmt: skip
#: particles that negate the verb after them ("لم ينفذ", "لن تشارك", "لا تعمل")
_NEGATION = frozenset({"لم", "ولم", "فلم", "لن", "ولن", "لا", "ولا", "ما"})
#: taking part, in the words a denial of a part uses ("القوات الأمريكية لم تشارك")
_TAKE_PART = frozenset({"تشارك", "يشارك", "تشاركا", "يشاركوا", "يتدخل", "تتدخل", "تتورط", "يتورط"})


def _negated_agent(s: Sentence, m: Mention) -> bool:
    """Is the actor at ``m`` the subject of a negated attack verb: "التحالف لم ينفذ أي ضربات"
    (subject first) or "لم تشارك القوات الأمريكية في الغارة" (verb first)?"""
    if _NEGATION.isdisjoint(s.words()):
        return False
    toks, cls_at = s.field.tokens, s.field.cls_at

    def acting(k: int) -> bool:
        return "attack_verb" in cls_at[k] or toks[k] in _TAKE_PART

    k = m.t1
    if k + 1 < s.t1 and toks[k] in _NEGATION and acting(k + 1):
        return True
    k = m.t0
    return k - 2 >= s.t0 and toks[k - 2] in _NEGATION and acting(k - 1)


#: the speaker's own forces as the agent: "إن طائراته قصفت", "قواتنا استهدفت" (normalised
#: spellings: ئ is folded to ي)
_OWN_AGENTS = frozenset(
    {"طايراته", "طايراتها", "طايراتنا", "قواته", "قواتها", "قواتنا", "مقاتلاته", "مقاتلاتها",
     "مقاتلاتنا", "طياريه", "طياريها", "مروحياته", "مروحياتها"}
)  # fmt: skip


def _own_agent(s: Sentence) -> bool:
    """Does the sentence tell the attack by the speaker's own forces ("إن طائراته قصفت")?"""
    words = s.words()
    if (
        _OWN_AGENTS.isdisjoint(words)
        and _OWN_STRIKES.isdisjoint(words)
        and "بلاده" not in words
        and "بلادها" not in words
    ):
        return False
    toks, cls_at = s.field.tokens, s.field.cls_at
    for k in range(s.t0, s.t1 - 1):
        verb = k + 1
        if toks[k] in _OWN_STRIKES:
            # "أعلن التحالف أن ضرباته الجوية أوقعت نحو مئة قتيل": the speaker's own strikes
            if any(cls_at[j] & {"attack_verb", "cas"} for j in range(verb, min(s.t1, k + 3))):
                return True
            continue
        if toks[k] in ("بلاده", "بلادها") and k > s.t0 and toks[k - 1] in ("قوات", "جيش"):
            pass  # "إن قوات بلاده نفذت الضربة": the speaker's country's forces
        elif toks[k] not in _OWN_AGENTS:
            continue
        if "attack_verb" in cls_at[verb]:
            return True
    return False


_OWN_STRIKES = frozenset(
    {"ضرباته", "ضرباتها", "ضرباتنا", "غاراته", "غاراتها", "غاراتنا", "قصفه", "قصفها"}
)


def _own_people(s: Sentence) -> bool:
    """Does the sentence speak of a group's own people or places ("عناصرها", "مقاتليه",
    "مقر لها")?"""
    toks, cls_at = s.field.tokens, s.field.cls_at
    for k in range(s.t0, s.t1):
        tok = toks[k]
        if tok in ("لها", "لهم", "له"):
            return True
        if cls_at[k] & {"facility", "victim"} and tok.endswith(("ها", "هم", "يه")) and len(tok) > 5:
            return True  # "عناصرها", "مقاتليهم", "مستشاريه"
    return False


def _threat_after_report(s: Sentence) -> bool:
    """Does every threat or plan of the sentence come in a clause joined after the report of
    an attack ("استهدف ... ، وتوعدت الفصائل بالرد")? Then the attack is reported, not threatened."""
    cls_at, toks = s.field.cls_at, s.field.tokens
    first_event = next(
        (k for k in range(s.t0, s.t1) if cls_at[k] & {"event", "attack_verb", "attack_noun"}),
        None,
    )
    if first_event is None:
        return False
    cues = [m for m in s.mentions if m.layer == "cue" and "irrealis" in m.value]
    return bool(cues) and all(
        m.t0 > first_event and toks[m.t0].startswith(("و", "ف")) for m in cues
    )


_AFTER = frozenset({"بعدما", "وبعدما", "عقب", "اثر", "ردا", "وردا", "بعد"})


def _sequence(fr: Frame) -> bool:
    """Does the sentence tell one attack after another ("... بعدما أطلقت ...")?"""
    toks = fr.sentence.field.tokens
    return any(toks[k] in _AFTER for k in range(fr.sentence.t0, fr.sentence.t1))


def in_sequel(s: Sentence, t0: int) -> bool:
    """Is token ``t0`` in a clause telling another attack ("... بعدما أطلقت فصائل قذائف")?"""
    toks = s.field.tokens
    return any(toks[k] in ("بعدما", "وبعدما", "عقب", "اثر") for k in range(s.t0, t0))


def coordinated(s: Sentence, m: Mention, others: list[Mention]) -> bool:
    """Is ``m`` joined by و to one of ``others`` in a list of places ("القائم والبوكمال",
    "البوكمال والقائم")?"""
    toks = s.field.tokens
    for o in others:
        if o.t0 == m.t1 and toks[o.t0].startswith("و"):
            return True
        if o.t1 == m.t0 and toks[m.t0].startswith("و"):
            return True
    return False


def in_motive(s: Sentence, t0: int) -> bool:
    """Is token ``t0`` in a motive clause ("ردا على هجمات بالصواريخ والمسيرات")? Its weapons
    and places are those of the attacks answered, not of this one."""
    cls_at = s.field.cls_at
    return any("motive" in cls_at[k] for k in range(max(s.t0, t0 - 6), t0))


def operating_in(s: Sentence, t0: int) -> bool:
    """Is the place at ``t0`` where a group is said to be active ("تعمل في سوريا والعراق")?"""
    if not s.has_any(_OPERATES):
        return False
    cls_at = s.field.cls_at
    return any("operates" in cls_at[k] for k in range(max(s.t0, t0 - 3), t0))


_OPERATES = frozenset({"operates"})


#: verbs of posing a threat: "بعدما شكلت تهديدا واضحا" gives a strike's reason
_POSED = frozenset({"شكلت", "شكل", "تشكل", "يشكل", "مثلت", "تمثل", "يمثل", "شكلتا"})


def _posed_threat_only(s: Sentence) -> bool:
    """Are the sentence's irrealis words all a threat something posed ("شكلت تهديدا")?"""
    toks = s.field.tokens
    cues = [m for m in s.mentions if m.layer == "cue" and "irrealis" in m.value]
    return bool(cues) and all(m.t0 > s.t0 and toks[m.t0 - 1] in _POSED for m in cues)


def _flown_over(s: Sentence, t0: int) -> bool:
    """Is the site at ``t0`` one aircraft flew over ("حلقت الطائرات فوق قاعدة التنف")?"""
    toks = s.field.tokens
    over = next((k for k in range(t0 - 1, max(s.t0, t0 - 3) - 1, -1) if toks[k] == "فوق"), -1)
    return over >= 0 and any(
        toks[k] in FLYING or toks[k] in FLEW for k in range(max(s.t0, over - 4), over)
    )


def near(s: Sentence, t0: int) -> bool:
    """Is the place at ``t0`` named only as a neighbour of where things are ("القريبة من
    التنف", "قرب الحدود مع سوريا")?"""
    if not s.has_any(_NEAR):
        return False
    cls_at = s.field.cls_at
    for k in range(t0 - 1, max(s.t0, t0 - 6) - 1, -1):
        if "near" in cls_at[k]:
            return True
        if cls_at[k] & _SAYING:
            return False  # "قرب المثلث الحدودي، وقالت القيادة المركزية": a new clause's speaker
    return False


_NEAR = frozenset({"near"})


def stationed(fr: Frame, t0: int) -> bool:
    """Is the place at ``t0`` where the attacker is stationed ("يعتقد أنها تابعة للتحالف
    المتمركز في التنف")? Then it is no target and not where the incident is. (Where a target is
    stationed, "القوات الأمريكية المتمركزة في حقل العمر", is where it was hit.)"""
    s = fr.sentence
    cls_at = s.field.cls_at
    cue = next(
        (k for k in range(t0 - 1, max(s.t0, t0 - 4) - 1, -1) if "stationed" in cls_at[k]), -1
    )
    if cue < 0:
        return False
    return any(cue - 2 <= m.t1 <= cue for ms in fr.attackers.values() for m in ms)


def _counted_between(s: Sentence, k0: int, k1: int) -> bool:
    """Is there a number between tokens ``k0`` and ``k1`` (people counted are no genitive)?"""
    toks = s.field.tokens
    return any(read_number(toks, k) is not None for k in range(k0 + 1, k1))


def _object_after_subject(s: Sentence, m: Mention) -> bool:
    """ "استهدفت طائرة مسيرة القوات الأمريكية": verb, an indefinite subject closed by its
    adjective, then a definite group: the group is the object (not "طائرات التحالف", a genitive,
    nor "طائرة مسيرة أمريكية", an adjective)."""
    toks, cls_at = s.field.tokens, s.field.cls_at
    a, b = m.t0 - 1, m.t0 - 2
    if m.value.kind == "adj" or b < s.t0 or not toks[m.t0].startswith(("ال", "وال")):
        return False
    if toks[a].startswith(("ال", "وال")) or toks[b].startswith(("ال", "وال")):
        return False  # a definite noun phrase may take a genitive
    if not (cls_at[b] & {"strike"} and (cls_at[a] & {"strike"} or toks[a] in _FILLER)):
        return False
    return any("attack_verb" in cls_at[k] for k in range(max(s.t0, b - 2), b))


def _facility_before(s: Sentence, k: int) -> bool:
    """Is there a facility noun at most six tokens before token ``k``?"""
    cls_at = s.field.cls_at
    return any("facility" in cls_at[j] for j in range(max(s.t0, k - 6), k))


def _subject_before(s: Sentence, verb: int) -> bool:
    """Is there an attack noun, weapon or acting actor just before the verb at ``verb``?"""
    f = s.field
    for k in range(max(s.t0, verb - 4), verb):
        if f.cls_at[k] & {"strike", "event"} and not f.actor_at[k]:
            return True
    for m in s.mentions:
        if m.layer == "weapon" and verb - 4 <= m.t0 < verb:
            return True
        if m.layer == "actor" and verb - 3 <= m.t0 < verb and m.value.kind != "adj":
            return True
    return False


_RECENT = frozenset(
    p + w
    for w in (
        "امس",
        "اليوم",
        "البارحه",
        "الاثنين",
        "الثلاثاء",
        "الاربعاء",
        "الخميس",
        "الجمعه",
        "السبت",
        "الاحد",
    )
    for p in ("", "و", "ف", "ب")
)
_KANA = frozenset({"كان", "كانت", "وكان", "وكانت", "فكان", "فكانت", "كانوا", "وكانوا"})


def motive_start(s: Sentence, classes: frozenset[str] = frozenset({"motive"})) -> int:
    """Where a motive clause starts ("ردا على ..."; with ``antecedent`` also "بعد مقتل ..."),
    else the end of the sentence."""
    if not s.has_any(classes):
        return s.t1
    cls_at = s.field.cls_at
    return next((k for k in range(s.t0, s.t1) if cls_at[k] & classes), s.t1)


#: "بعد مقتل ...": another attack's toll when that attack was abroad.
AFTER_TOLL = frozenset({"after_toll"})


def past_after(s: Sentence, start: int) -> bool:
    """Does the sentence from ``start`` on date what it tells to an earlier time ("الأسبوع
    الماضي", "في شباط الماضي")?"""
    if any(m.layer == "cue" and "background" in m.value and m.t0 >= start for m in s.mentions):
        return True
    toks = s.field.tokens
    return any(toks[k + 1] == "الماضي" and toks[k] in _MONTHS for k in range(start, s.t1 - 1))


def abroad_after(s: Sentence, start: int) -> bool:
    """Does the sentence from ``start`` on name a place abroad and none in Syria?"""
    foreign = syrian = False
    for m in s.mentions:
        if m.t0 < start:
            continue
        if m.layer == "foreign":
            foreign = True
        elif m.layer == "syria":
            syrian = True
        elif m.layer == "place" and not m.value.needs_context:
            if m.value.place.country == "SY":
                syrian = True
            elif len(m.value.countries) == 1:
                foreign = True
    return foreign and not syrian


def _dated_past(s: Sentence, until: int | None = None) -> tuple[int, int] | None:
    """An event dated to an earlier month ("في شباط الماضي", "تشرين الأول الماضي": (0, 0)), to
    a year ("في عام 2019": (2019, 0)) or to a month of a year ("في آذار 2023": (2023, 3)); the
    engine keeps it when that is the story's own year (and month, when named)."""
    if s.words().isdisjoint(_DATING_WORDS):
        return None  # the usual case: no month and no year word
    toks = s.field.tokens
    end = until if until is not None and until > s.t0 else s.t1
    for k in range(s.t0, min(end, s.t1 - 1)):
        tok, nxt = toks[k], toks[k + 1]
        if nxt == "الماضي" and (
            tok in _MONTHS or (tok in ("الاول", "الثاني") and toks[k - 1] in ("تشرين", "كانون"))
        ):
            return 0, 0
        if tok in ("عام", "العام", "وعام") and nxt.isdigit() and len(nxt) == 4:
            return int(nxt), 0
        if tok in _MONTHS:  # "في أكتوبر/تشرين الأول 2023"
            for year in toks[k + 1 : min(k + 4, s.t1)]:
                if year.isdigit() and len(year) == 4:
                    return int(year), _month_number(tok, nxt)
    return None


_MONTH_NUMBER = {
    "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7, "اب": 8, "ايلول": 9,
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يوليو": 7,
    "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
}  # fmt: skip


def _month_number(tok: str, nxt: str) -> int:
    """1..12 for a month name (كانون and تشرين by the word after them), 0 if unknown."""
    if tok in ("كانون", "تشرين"):
        first = nxt == "الاول"
        if tok == "كانون":
            return 12 if first else 1
        return 10 if first else 11
    return _MONTH_NUMBER.get(tok, 0)


def pluperfect(s: Sentence) -> bool:
    """ "وكانت الولايات المتحدة قد شنت ...": an earlier event recalled (كان ... قد + verb)."""
    toks = s.field.tokens
    if _KANA.isdisjoint(s.words()):
        return False
    # anywhere in the sentence: "وفي السياق ذاته، كانت الفصائل قد تبنت ..." (not in a clause
    # after "بعد أن": "ارتفعت الحصيلة إلى 29، بعد أن كان المرصد قد وثق مقتل 18")
    return any(
        toks[k] in _KANA
        and "قد" in toks[k + 1 : min(s.t1, k + 8)]
        and not (toks[k - 1] == "بعدما" or toks[k - 2 : k] == ["بعد", "ان"])
        for k in range(s.t0, s.t1)
    )


_MONTHS = frozenset(
    [
        "كانون",
        "شباط",
        "اذار",
        "نيسان",
        "ايار",
        "حزيران",
        "تموز",
        "اب",
        "ايلول",
        "تشرين",
        "يناير",
        "فبراير",
        "مارس",
        "ابريل",
        "مايو",
        "يونيو",
        "يوليو",
        "اغسطس",
        "سبتمبر",
        "اكتوبر",
        "نوفمبر",
        "ديسمبر",
        "مطلع",
        "اندلاع",
        "بدء",
    ]
)
_DATING_WORDS = _MONTHS | {"عام", "العام", "وعام"}
# attacks counted over a period (not strikes: "15 غارة" is one raid of fifteen strikes)
_ATTACK_COUNTED = frozenset(
    {"هجوم", "هجوما", "هجمات", "هجمه", "استهدافا", "اعتداء", "عمليه", "عمليات"}
)


_TENS_OF = frozenset({"عشرات", "مئات", "العشرات", "المئات", "وعشرات", "ومئات"})
_ATTACKS_DEFINITE = frozenset({"الهجمات", "الاعتداءات", "الضربات", "الغارات"})


_RELATIVE = frozenset({"التي", "الذي", "الذين", "اللتان", "اللذان", "اللواتي", "اللاتي"})


def _characterising(s: Sentence) -> bool:
    """Is every attack verb of the sentence in the present tense right after a relative pronoun
    ("تمويل الفصائل التي تهاجم القوات الأمريكية")? The clause says what a group does, it
    reports no attack."""
    toks, cls_at = s.field.tokens, s.field.cls_at
    seen = False
    for k in range(s.t0, s.t1):
        cls = cls_at[k]
        if cls & {"event", "attack_noun", "shootdown"}:
            return False
        if "attack_verb" in cls:
            if not (k > s.t0 and toks[k - 1] in _RELATIVE and toks[k][:1] in "تي"):
                return False
            seen = True
    return seen


_REPEATED = frozenset({"متكرره", "المتكرره"})
_ATTACKS = frozenset(
    {"هجمات", "لهجمات", "الهجمات", "للهجمات", "ضربات", "الضربات", "غارات", "الغارات", "اعتداءات",
     "الاعتداءات", "استهدافات", "هجماتها", "هجماته", "صاروخيه", "بالصواريخ", "جويه"}
)  # fmt: skip


#: the phrases at the start of a word, clitics allowed ("مرارا" but not inside "استمرارا")
_HABITUAL_RE = re.compile(
    r"(?<!\S)(?:وال|بال|فال|لل|ال|و|ف|ب|ل)?(?:"
    + "|".join(re.escape(p) for p in sorted(_HABITUAL, key=len, reverse=True))
    + ")"
)


def _counted_in_words(toks: list[str], k: int, t0: int) -> bool:
    """Does a number of five or more, in words, end at ``toks[k]`` ("مئة", "عشرين")?"""
    for j in range(max(t0, k - 2), k + 1):
        got = read_number(toks, j)
        if got is not None and j + got[1] == k + 1 and got[0] >= 5:
            return True
    return False


_TALLY_WORDS = frozenset({"منذ", "ومنذ"}) | _ATTACK_COUNTED | _REPEATED | _TENS_OF


def _habitual(s: Sentence) -> bool:
    """Habitual or aggregate: "من حين لآخر", "منذ 17 تشرين الأول", "أكثر من 100 هجوم"."""
    toks = s.tokens
    text = " ".join(toks[s.t0 : s.t1])
    if _HABITUAL_RE.search(text):
        return True
    if _characterising(s):
        return True
    words = s.words()
    if words.isdisjoint(_TALLY_WORDS):
        return False  # the usual case: no word a tally or a repetition needs
    motive = motive_start(s)
    for k in range(s.t0, motive):
        if toks[k] in _REPEATED and not _ATTACKS.isdisjoint(toks[max(s.t0, k - 2) : k]):
            # "تتعرض القاعدة لهجمات صاروخية متكررة" (not "تحذيرات متكررة", nor the attacks a
            # strike answers: "ردا على هجمات متكررة")
            return True
    for k in range(s.t0, s.t1 - 1):
        tok, nxt = toks[k], toks[k + 1]
        if tok in ("منذ", "ومنذ") and (
            nxt[:1].isdigit() or not _MONTHS.isdisjoint(toks[k + 1 : min(s.t1, k + 5)])
        ):
            return True  # a period since a date ("منذ السابع عشر من أكتوبر"): a tally
        count = tok[1:] if tok[:1] in "لوب" and tok[1:].isdigit() else tok
        if count.isdigit() and int(count) >= 5 and nxt in _ATTACK_COUNTED:
            return True  # "78 هجوما", "لـ46 هجوما"
        if nxt in _ATTACK_COUNTED and _counted_in_words(toks, k, s.t0):
            return True  # "لأكثر من مئة هجوم"
        if tok in _TENS_OF and nxt in _ATTACK_COUNTED | _ATTACKS_DEFINITE:
            return True  # "عشرات الهجمات": a tally
    return False
