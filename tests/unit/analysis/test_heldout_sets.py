"""The authored held-out sets (tests/data/heldout*): articles the rules were never written against.

Each set is a JSON Lines file of short Arabic news items written for Marsad by an evaluator who did
not look at the engine, labelled by hand in the format of ``../shared/corpus/dev.jsonl`` (plus a
``label_notes`` field), and each varies one thing: outlet registers, long pages, hard extraction,
feed items, claims and statements, geography, event types and weapons, casualty figures, roundups,
wire copy, look-alike negatives, minimal pairs, the dev corpus's own mix... Its README
(tests/data/<set>/README.md) says what it holds and lists the misses measured.

The analysis engine is scored with the shared corpus scorer (``../shared/corpus/score.py``: the
same NewsItem conversion as ``score.py items``, the same metrics as ``score.py score``, through
``heldout_scoring``) and must stay above modest floors. The floors sit a little below what the
engine measured when the set was written; a metric that drops under its floor means the rules
stopped generalising, not that the floor should move. Do not tune rules per article of a set: it
stays useful only while it is held out. Fix the linguistic phenomenon behind a miss with a fixture
of your own elsewhere (test_phenomena.py), never the item.

Floors never go under the project minimum (relevance 0.85, admin1 0.8, casualties 0.75, sides 0.8,
event types 0.75). Metrics the engine does not yet reach at that minimum go in ``below_minimum``:
xfail (non-strict) with the measured value as the reason, so the gap stays visible in the report
instead of being hidden by a low floor.

``SETS`` is the table; adding a set is one entry: its directory, the least number of lines it
keeps, its floors (with the record of when and where they were measured), and the checks of its
composition (one test per named group of ``checks``; ``format_checks`` run with the format check).
Each set is scored once, whatever the number of tests that read its result.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from tests.unit.analysis import heldout_scoring as hs

DATA = Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True, eq=False)
class HeldoutSet:
    """One held-out set: ``tests/data/<directory>/articles.jsonl``."""

    directory: str
    #: The least number of lines the set keeps.
    minimum: int
    #: metric -> (floor, measured when the set was written).
    floors: dict[str, tuple[float, float]]
    #: metric -> the measured value: metrics under the project minimum, xfail (non-strict).
    below_minimum: dict[str, str] = field(default_factory=dict)
    #: Checks run with the format check.
    format_checks: tuple[hs.Check, ...] = ()
    #: Composition checks: the name of a test -> the checks it runs.
    checks: dict[str, tuple[hs.Check, ...]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The set's name in test ids ("mix5" for tests/data/heldout_mix5, "first" for the first
        set, tests/data/heldout)."""
        return self.directory.removeprefix("heldout").lstrip("_") or "first"

    @property
    def path(self) -> Path:
        return DATA / self.directory / "articles.jsonl"


def dev_mix(one_line: int = 200) -> tuple[hs.Check, ...]:
    """The composition of a realistic-mix set: the dev corpus's own (about 45 % relevant, a third
    of those hedged, excerpts cut mid-sentence, from a one-liner to a few kilobytes)."""
    return (
        hs.relevant_share(0.35, 0.55),
        hs.hedged_share(0.2, 0.45),
        hs.at_least(1, "excerpts cut mid-sentence", hs.is_partial),
        hs.at_least(1, f"one line (under {one_line} bytes)", lambda r: hs.text_bytes(r) < one_line),
        hs.at_least(1, "a few kilobytes (over 2000)", lambda r: hs.text_bytes(r) > 2000),
    )


DEV_MIX = dev_mix()

#: The held-out sets, in the order they were written.
SETS = (
    # The first set: articles in the registers of the dev corpus.
    HeldoutSet(
        "heldout",
        minimum=45,
        # metric -> (floor, measured when the set was written).
        floors={
            "relevance": (0.95, 0.936),
            "admin1": (0.95, 0.929),
            "casualties": (0.95, 0.923),
            "sides": (0.97, 0.983),
            "event_types": (0.93, 0.906),
        },
        # Measured after the quality pass of issue 3 (engine marsad-ar-1.1): relevance 1.0, admin1
        # 0.984, casualties 1.0, sides 1.0, event types 0.984; the floors above were raised to keep
        # those gains.
    ),
    # Outlet registers and formats the first set does not cover (Syrian state media, Axis and
    # Iraqi faction media, monitors, Gulf channels; feed items of a title and one sentence;
    # breaking one-liners).
    HeldoutSet(
        "heldout_styles",
        minimum=45,
        # metric -> (floor, measured when the set was written, 2026-11-25). Floors never go under
        # the bars of this set: relevance 0.80, admin1 0.75, casualties 0.70, sides 0.80, event
        # types 0.70; metrics measured under their bar are xfail (non-strict) with the measured
        # value as the reason.
        floors={
            "relevance": (0.95, 0.933),
            "admin1": (0.95, 1.0),
            "casualties": (0.93, 0.875),
            "sides": (0.95, 0.969),
            "event_types": (0.93, 0.926),
        },
        # Measured after the quality pass of issue 3 (engine marsad-ar-1.1): relevance 1.0, admin1
        # 1.0, casualties 1.0, sides 0.991, event types 1.0; the floors above were raised to keep
        # those gains.
        checks={
            "set_mixes_formats_and_verdicts": (
                hs.relevant_share(0.35, 0.65),
                hs.at_least(1, "hedged items", hs.is_hedged),
                hs.at_least(4, "breaking items", lambda r: r["title"].startswith("عاجل")),
                hs.at_least(
                    10,
                    "one-sentence items",
                    lambda r: "\n" not in r["text"] and "." in r["text"][-1:],
                ),
            ),
        },
    ),
    # Long-form articles of 1.5-5 KB as real outlets print them (a lead, quotes, background
    # paragraphs recounting earlier incidents with their own numbers and places, analysts' views,
    # "related news" tails), weekly roundups, analysis pieces and interviews.
    HeldoutSet(
        "heldout_longform",
        minimum=40,
        # metric -> (floor, measured when the set was written: 2026-11-25, commit e27588f).
        # Relevance (0.87), admin1 (0.893) and casualties (0.818) are under the bars (0.95 /
        # 0.90 / 0.90) but above the project minimum (0.85 / 0.8 / 0.75), so their floors sit
        # between the two.
        floors={
            "relevance": (0.95, 0.87),
            "admin1": (0.95, 0.893),
            "casualties": (0.93, 0.818),
            "sides": (0.97, 1.0),
            "event_types": (0.95, 0.903),
        },
        # Measured after the rules were generalised against the phenomena this set revealed
        # (datelines, commentary pieces, drills, timelines of dated past incidents, the Iraqi side
        # of the border, superseded preliminary tolls...; each with its own fixture in
        # test_phenomena.py): relevance 1.0, admin1 1.0, casualties 0.955, sides 1.0, event types
        # 0.982. The floors were raised to keep those gains; the set is no longer an independent
        # measure.
        checks={
            "set_is_long_and_mixed": (
                # Real outlets' long pages: nothing shorter than 1500 UTF-8 bytes.
                hs.every("texts of at least 1500 bytes", lambda r: hs.text_bytes(r) >= 1500),
                hs.every("several paragraphs per article", lambda r: r["text"].count("\n") >= 4),
                hs.relevant_share(0.4, 0.65),
                hs.at_least(4, "hedged items", hs.is_hedged),
                hs.every("every line says what it tests", hs.has_notes),
            ),
        },
    ),
    # Hard extraction: compound and dual number words with clitics, Persian and Arabic-Indic
    # digits, rising tolls, numbers that are not casualties, governorates named by countryside or
    # desert, passive voice with a late agent, denials mid-article; hard negatives sharing the
    # positives' vocabulary.
    HeldoutSet(
        "heldout_hard",
        minimum=40,
        # metric -> (floor, measured when the set was written, 2026-11-25, engine marsad-ar-1.1 at
        # commit 112419e). Relevance (0.909) is under the bar of 0.95 but above the project
        # minimum, so it is floored, not xfailed.
        floors={
            "relevance": (0.95, 0.909),
            "admin1": (0.95, 0.943),
            "casualties": (0.95, 0.941),
            "sides": (0.97, 1.0),
            "event_types": (0.97, 1.0),
        },
        # Measured after the rules were generalised against the phenomena this set revealed
        # (negated attack verbs, characterising relative clauses, denials of a presence, bodies
        # recovered, a pronoun between verb and victim, evacuation places...; each with its own
        # fixture in test_phenomena.py): relevance 1.0, admin1 0.982, casualties 1.0, sides 1.0,
        # event types 1.0. The floors were raised to keep those gains; the set is no longer an
        # independent measure. No metric was under the project minimum when the set was written.
        checks={
            "set_keeps_hard_negatives_and_hedges": (
                hs.at_least(18, "the set must keep ~20 confusable negatives", hs.is_negative),
                hs.at_least(3, "the set must keep hedged attributions", hs.is_hedged),
                hs.every("every line says what it tests", hs.has_notes),
                hs.every("articles of 500-2600 bytes", lambda r: 500 <= hs.text_bytes(r) <= 2600),
            ),
        },
    ),
    # The dev corpus's own mix: from a headline and one sentence to ~3 KB, slug titles, cut
    # excerpts, page noise, outlets of every side, 2014-2026, negatives sharing the vocabulary.
    HeldoutSet(
        "heldout_mix",
        minimum=40,
        # metric -> (floor, measured when the set was written, 2026-11-25, engine marsad-ar-1.2 at
        # commit 16c942a). Every metric was measured above the bars.
        floors={
            "relevance": (0.95, 0.97),
            "admin1": (0.95, 0.978),
            "casualties": (0.95, 0.966),
            "sides": (0.94, 0.977),
            "event_types": (0.91, 0.952),
        },
        # Measured after the rules were generalised against the phenomena this set revealed (where
        # a group is active, distance landmarks, a capital as a government, death notices; fixtures
        # in test_phenomena.py): relevance 1.0, admin1 1.0, casualties 1.0, sides 0.977, event
        # types 0.952. The first figures above are the independent measure. No metric was under
        # the project minimum when the set was written.
        checks={
            "set_imitates_the_dev_corpus_mix": (
                hs.relevant_share(0.35, 0.65),
                hs.at_least(4, "hedged items", hs.is_hedged),
                hs.at_least(1, "excerpts cut mid-sentence", hs.is_partial),
                hs.at_least(1, "slug titles", lambda r: "(from URL slug)" in r["title"]),
                hs.at_least(1, "a headline and a sentence", lambda r: hs.text_bytes(r) < 400),
                hs.at_least(1, "a page of ~3 KB", lambda r: hs.text_bytes(r) > 2500),
                hs.at_least(1, "the ISIS war (2015 or before)", lambda r: hs.year(r) <= 2015),
                hs.at_least(1, "after Assad (2025 or later)", lambda r: hs.year(r) >= 2025),
            ),
        },
    ),
    # RSS feed items: a title and a 1-3 sentence summary, truncated ("...", "[…]"), with HTML
    # leftovers, summaries repeating the title, titles carrying the key fact.
    HeldoutSet(
        "heldout_feed",
        minimum=45,
        # metric -> (floor, measured when the set was written: 2026-11-25, commit b1413c8, engine
        # marsad-ar-1.2).
        floors={
            "relevance": (0.95, 0.977),
            "admin1": (0.95, 0.98),
            "casualties": (0.95, 1.0),
            "sides": (0.95, 1.0),
            "event_types": (0.95, 1.0),
        },
        # Measured after the rules were generalised against the phenomena this set revealed
        # (fixtures in test_phenomena.py): relevance 1.0, admin1 1.0, casualties 1.0, sides 0.991,
        # event types 1.0. The figures above are the independent measure.
        checks={
            "items_are_short_summaries_with_feed_noise": (
                hs.every("a feed summary is 100-600 chars", lambda r: 100 <= len(r["text"]) <= 600),
                hs.every("a feed summary is one paragraph", lambda r: "\n" not in r["text"]),
                hs.relevant_share(0.35, 0.65),
                hs.at_least(1, "hedged items", hs.is_hedged),
                hs.at_least(4, "HTML leftovers", hs.mentions("&nbsp;", "&hellip;", "اقرأ المزيد")),
                hs.at_least(
                    3,
                    "truncated summaries",
                    lambda r: r["text"].rstrip().endswith(("...", "[...]", "[&hellip;]")),
                ),
                hs.at_least(
                    1, "summaries repeating the title", lambda r: r["text"].startswith(r["title"])
                ),
            ),
        },
    ),
    # Who speaks and how they attribute: "Islamic Resistance in Iraq" claims, faction statements
    # and death notices, IRGC-affiliated media, translated CENTCOM and Pentagon statements, state
    # media, monitors, SDF and Iraqi statements, denials, threats, truces, mixed claims.
    HeldoutSet(
        "heldout_claims",
        minimum=40,
        # metric -> (floor, measured when the set was written, 2026-11-25 at commit 6a9d1f5).
        floors={
            "relevance": (0.93, 0.976),
            "admin1": (0.95, 1.0),
            "casualties": (0.93, 0.933),
            "sides": (0.95, 0.989),
            "event_types": (0.93, 0.957),
        },
        # Measured after the rules were generalised against the phenomena this set revealed
        # (fixtures in test_phenomena.py): relevance 1.0, admin1 1.0, casualties 1.0, sides 0.989,
        # event types 0.979. The figures above are the independent measure.
        checks={
            "set_mixes_speakers_and_verdicts": (
                hs.relevant_share(0.35, 0.65),
                hs.at_least(1, "hedged items", hs.is_hedged),
                hs.at_least(
                    1,
                    "claims outside Syria",
                    hs.mentions("المقاومة الإسلامية في العراق"),
                    hs.is_negative,
                ),
                hs.at_least(
                    1,
                    "claims on bases in Syria",
                    hs.mentions("المقاومة الإسلامية في العراق"),
                    hs.is_relevant,
                ),
                hs.at_least(1, "denials", hs.mentions("نفى", "نفت")),
                hs.every(
                    "a denial is not relevant", hs.is_negative, among=hs.mentions("نفى", "نفت")
                ),
            ),
        },
    ),
    # After the fall of Assad (December 2024 to November 2026): the new government and its General
    # Security, US bases consolidating in the north-east, Israeli strikes on former Iranian sites,
    # Iraqi factions' claims and threats, smuggling cells struck at the Iraqi border.
    HeldoutSet(
        "heldout_recent",
        minimum=40,
        # metric -> (floor, measured when the set was written, 2026-11-25 at 5d199aa).
        floors={
            "relevance": (0.95, 0.973),
            "admin1": (0.95, 0.957),
            "casualties": (0.93, 0.933),
            "sides": (0.95, 0.989),
            "event_types": (0.94, 0.978),
        },
        # Measured after the rules were generalised against the phenomena this set revealed
        # (fixtures in test_phenomena.py): relevance 1.0, admin1 1.0, casualties 0.966, sides
        # 0.989, event types 0.978. The figures above are the independent measure.
        checks={
            "set_covers_the_period_and_mixes_verdicts": (
                hs.every("post-Assad period", lambda r: "2024-12-01" <= r["date"] <= "2026-11-30"),
                hs.relevant_share(0.35, 0.65),
                hs.at_least(3, "hedged items", hs.is_hedged),
                hs.every("every line says what it tests", hs.has_notes),
            ),
        },
    ),
    # Noisy feeds: Telegram posts (emoji, hashtags, "🔴 عاجل |"), headline-only items, typos and
    # missing hamzas/dots, colloquial quotes, mixed Arabic/English, Arabic-Indic and Persian
    # digits, HTML entities, paragraphs without full stops.
    HeldoutSet(
        "heldout_noisy",
        minimum=45,
        # metric -> (floor, measured when the set was written, 2026-11-25).
        floors={
            "relevance": (0.95, 0.974),
            "admin1": (0.95, 1.0),
            "casualties": (0.95, 1.0),
            "sides": (0.95, 0.988),
            "event_types": (0.95, 0.955),
        },
        # Measured after the rules were generalised against the phenomena this set revealed
        # (fixtures in test_phenomena.py): relevance 1.0, admin1 1.0, casualties 1.0, sides 0.989,
        # event types 1.0. The figures above are the independent measure.
        checks={
            "set_carries_the_feed_noise_it_claims": (
                hs.relevant_share(0.35, 0.65),
                hs.at_least(3, "hedged items", hs.is_hedged),
                hs.at_least(2, "emoji", hs.matches(r"[\U0001F300-\U0001FAFF]", title=True)),
                hs.at_least(2, "hashtag", hs.matches(r"#\w+", title=True)),
                hs.at_least(2, "html entity", hs.matches(r"&(?:quot|#\d+);", title=True)),
                hs.at_least(2, "persian digit", hs.matches(r"[\u06F0-\u06F9]", title=True)),
                hs.at_least(2, "arabic-indic digit", hs.matches(r"[\u0660-\u0669]", title=True)),
                hs.at_least(
                    2, "latin token", hs.matches(r"\b(?:CENTCOM|HIMARS|MQ-9|TBI)\b", title=True)
                ),
                hs.at_least(2, "repeated punctuation", hs.matches(r"(?:!!|؟؟|\.\.\.)", title=True)),
                hs.at_least(1, "a headline-only item", lambda r: len(r["text"].split()) <= 3),
            ),
            "weekday_words_agree_with_the_date": (
                # 'اليوم X' names the item's weekday and 'امس X' the day before it (with and
                # without hamza).
                hs.weekday_words(
                    rf"(?P<before>اليوم|[اأ]مس)\s+(?P<day>{hs.DAY_SPELLINGS})",
                    {"امس": {1}, "أمس": {1}},
                    minimum=10,
                ),
            ),
        },
    ),
    # Geography: incidents placed in the villages, oil and gas fields and desert areas of Deir
    # ez-Zor, Hasakah, Raqqa and Homs and at the Iraq-Syria and Jordan-Syria borders, named the
    # way local media name them (clitics, directions, "بادية X", the banks of the Euphrates).
    HeldoutSet(
        "heldout_geo",
        minimum=44,
        # metric -> (floor, measured when the set was written, 2026-11-25 at a628e0f).
        floors={
            "relevance": (0.95, 1.0),
            "admin1": (0.95, 1.0),
            "casualties": (0.93, 1.0),
            "sides": (0.95, 0.992),
            "event_types": (0.95, 1.0),
        },
        checks={
            "set_covers_the_governorates_it_claims": (
                hs.relevant_share(0.35, 0.65),
                hs.at_least(3, "hedged items", hs.is_hedged),
                # The governorates (and Anbar across the border) the set places its incidents in.
                hs.admin1_exactly({"SY-DY", "SY-HA", "SY-RA", "SY-HI", "IQ-AN"}),
                hs.at_least(
                    2,
                    "places written with clitics",
                    hs.matches(r"\b[وفل]?[بل]ال(?:شدادي|بوكمال|ميادين)"),
                ),
            ),
            "weekday_words_agree_with_the_date": (
                # 'اليوم X' names the item's weekday and 'أمس X' the day before it.
                hs.weekday_words(
                    rf"(?P<before>اليوم|أمس)\s+(?P<day>{hs.DAY})", {"أمس": {1}}, minimum=20
                ),
            ),
        },
    ),
    # Events and weapons: jets, helicopters, drones, loitering munitions, rockets, cruise missiles,
    # mortars, artillery and HIMARS, IEDs and car bombs, small-arms attacks, clashes beside US
    # advisers, shoot-downs and interceptions, a foiled attack; negatives where other actors use
    # the same weapons.
    HeldoutSet(
        "heldout_events",
        minimum=40,
        # metric -> (floor, measured when the set was written, 2026-11-25 at a628e0f). Bars of the
        # issue: relevance 0.95, admin1 0.90, casualties 0.90, sides 0.90, event types 0.85.
        floors={
            "relevance": (0.95, 0.977),
            "admin1": (0.97, 1.0),
            "casualties": (0.93, 0.929),
            "sides": (0.97, 1.0),
            "event_types": (0.95, 0.909),
        },
        # Measured after the rules were generalised against the phenomena this set revealed
        # (fixtures in test_phenomena.py): relevance 1.0, admin1 1.0, casualties 0.966, sides 1.0,
        # event types 1.0. The figures above are the independent measure.
        checks={
            "set_covers_the_event_types_and_keeps_negatives": (
                hs.relevant_share(0.45, 0.7),
                hs.at_least(1, "hedged items", hs.is_hedged),
                # Event types each weapon family must bring into the set at least twice.
                hs.at_least(2, "Air/drone strike", hs.is_relevant, hs.of_type("Air/drone strike")),
                hs.at_least(
                    2,
                    "Shelling/artillery/missile attack",
                    hs.is_relevant,
                    hs.of_type("Shelling/artillery/missile attack"),
                ),
                hs.at_least(
                    2,
                    "Remote explosive/landmine/IED",
                    hs.is_relevant,
                    hs.of_type("Remote explosive/landmine/IED"),
                ),
                hs.at_least(2, "Armed clash", hs.is_relevant, hs.of_type("Armed clash")),
                hs.at_least(
                    1,
                    "Disrupted weapons use",
                    hs.is_relevant,
                    hs.of_type("Disrupted weapons use"),
                ),
                hs.at_least(
                    1,
                    "combined stories",
                    hs.is_relevant,
                    lambda r: len(r["gold"]["event_types"]) > 1,
                ),
            ),
            "weekday_words_agree_with_the_date": (
                # A time-of-day word before a weekday names the item's day ('مساء الثلاثاء');
                # 'ليل الأحد' names that day or the night before.
                hs.weekday_words(
                    rf"(?P<before>اليوم|يوم|صباح|مساء|فجر|ظهر|عصر|ليل)\s+(?P<day>{hs.DAY})",
                    {"ليل": {0, 1}},
                    minimum=25,
                ),
            ),
        },
    ),
    # Roundups carrying several incidents in one item (daily and weekly security roundups,
    # timestamped live blogs, digests, morning briefs), where one, several or none of the entries
    # are in scope. Only the in-scope entries are labelled, so a place, toll or type taken from
    # another entry of the same roundup is a miss.
    HeldoutSet(
        "heldout_roundup",
        minimum=38,
        # metric -> (floor, measured when the set was written, 2026-11-25 at commit 1af6e9d).
        # Casualties (0.897) measured under the bar of 0.90 but above the minimum.
        floors={
            "relevance": (0.95, 1.0),
            "admin1": (0.95, 1.0),
            "casualties": (0.93, 0.897),
            "sides": (0.95, 1.0),
            "event_types": (0.95, 0.978),
        },
        # Measured after the rules were generalised against the phenomena this set revealed
        # (fixtures in test_phenomena.py): relevance 1.0, admin1 1.0, casualties 0.963, sides 1.0,
        # event types 1.0. The figures above are the independent measure.
        checks={
            "items_carry_several_entries": (
                hs.every(
                    "every roundup has several entries",
                    lambda r: len(r["text"].strip().splitlines()) >= 4,
                ),
                # A live-blog entry starts with a clock time ("10:45 -").
                hs.at_least(
                    8,
                    "timestamped live blogs",
                    lambda r: len(re.findall(r"(?m)^\d{1,2}:\d{2} -", r["text"])) >= 3,
                ),
                hs.relevant_share(0.35, 0.65),
                hs.at_least(3, "hedged items", hs.is_hedged),
            ),
        },
    ),
    # Translated wire copy (Reuters, AP, AFP, Bloomberg, CNN Arabic, Al-Hurra): nested
    # attributions, English calques, Latin names and codes, digits, context paragraphs with
    # tallies of attacks since October.
    HeldoutSet(
        "heldout_wire",
        minimum=38,
        # metric -> (floor, measured when the set was written, 2026-11-25 at commit 1af6e9d).
        floors={
            "relevance": (0.95, 1.0),
            "admin1": (0.95, 0.958),
            "casualties": (0.90, 0.952),
            "sides": (0.94, 0.977),
            "event_types": (0.93, 0.933),
        },
        # Measured after the rules were generalised against the phenomena this set revealed
        # (fixtures in test_phenomena.py): relevance 1.0, admin1 1.0, casualties 0.952, sides
        # 0.977, event types 0.978. The figures above are the independent measure.
        checks={
            "set_mixes_verdicts_and_weekdays_agree_with_dates": (
                hs.relevant_share(0.4, 0.65),
                hs.at_least(3, "hedged items", hs.is_hedged),
                # The incident is told on the day itself or up to two days before it ("مساء الأحد").
                hs.weekday_near_date(days_back=2),
            ),
        },
    ),
    # Casualty figures as real reports state them: disagreeing sources, nationality subsets,
    # killed and wounded in one vague phrase, duals and compound number words, TBI diagnosed
    # later, tolls in the title only or rising across updates, bodies, death notices, "no
    # injuries", attackers vs victims, brigade numbers, dates and clock times, Arabic-Indic digits.
    HeldoutSet(
        "heldout_tolls",
        minimum=38,
        # metric -> (floor, measured when the set was written, 2026-11-25 at commit ae2ff8e).
        # Casualties (0.789) is under the bar (0.90) but over the project minimum.
        floors={
            "relevance": (0.95, 0.982),
            "admin1": (0.95, 1.0),
            "casualties": (0.93, 0.789),
            "sides": (0.95, 0.992),
            "event_types": (0.92, 0.951),
        },
        # Measured after the rules were generalised against the phenomena this set revealed
        # (fixtures in test_phenomena.py): relevance 1.0, admin1 1.0, casualties 0.96, sides 0.992,
        # event types 0.951. The figures above are the independent measure.
        checks={
            "set_is_about_casualty_figures": (
                hs.every(
                    "ids tolls-r/a/nNN",
                    lambda r: re.fullmatch(r"tolls-[ran]\d\d", r["id"]) is not None,
                ),
                hs.every("every figure is explained in label_notes", hs.has_notes),
                hs.relevant_share(0.6, 0.8),
                hs.at_least(1, "hedged items", hs.is_hedged),
                hs.at_least(
                    20,
                    "incidents with a toll",
                    hs.is_relevant,
                    lambda r: bool(r["gold"]["casualties"]),
                ),
                hs.at_least(
                    2, "toll-free incidents", hs.is_relevant, lambda r: not r["gold"]["casualties"]
                ),
                hs.at_least(1, "Arabic-Indic digits", hs.is_relevant, hs.matches("[٠-٩]")),
            ),
        },
    ),
    # Look-alike negatives sharing almost every word with a relevant report (US strikes on ISIS and
    # Hurras al-Din, Israeli strikes on the IRGC with US officials quoted, Jordanian strikes,
    # Russian jets, courts, Congress, anniversaries, denials, ultimatums, drills, SDF fighting
    # near US bases, Iraq-only and Yemen-only US action), beside real reports in the same style.
    # The set measures precision above all.
    HeldoutSet(
        "heldout_lookalike",
        minimum=42,
        # metric -> (floor, measured when the set was written, 2026-11-25 at commit ae2ff8e).
        # Relevance (0.839) measured under the project minimum: its floor was the minimum itself and
        # the metric was listed in below_minimum until the rules caught up.
        floors={
            "relevance": (0.95, 0.839),
            "admin1": (0.93, 0.968),
            "casualties": (0.95, 1.0),
            "sides": (0.95, 1.0),
            "event_types": (0.95, 1.0),
        },
        # Measured after the rules were generalised against the phenomena this set revealed
        # (fixtures in test_phenomena.py): relevance 1.0, admin1 0.968, casualties 1.0, sides 1.0,
        # event types 1.0. The figures above are the independent measure (relevance was 0.839,
        # under the minimum, and was listed as an expected failure until the rules caught up).
        checks={
            "set_is_mostly_confusable_negatives": (
                # About thirty look-alike negatives, real reports in the same style, hedged ones.
                partial(hs.check_precision_mix, negatives=28, relevant=10, ambiguous=2),
            ),
            "weekday_words_agree_with_the_date": (
                # A weekday word names the item's day; after 'ليل' it may name the day before.
                hs.weekday_words(
                    rf"(?P<before>\S+)\s+(?P<day>{hs.DAY})\b", {"ليل": {0, 1}}, minimum=40
                ),
            ),
        },
    ),
    # Stories that are not reports of the confrontation but read like one (US strikes on al-Qaeda
    # and ISIS, accusations with no incident, militia attacks on the SDF near a US base, Israeli
    # and Russian strikes with US comments, base fires, accidents, threats, sanctions, funerals,
    # anniversaries...), beside real reports in the same places and wording and two hedged ones.
    HeldoutSet(
        "heldout_precision",
        minimum=42,
        # metric -> (floor, measured when the set was written, 2026-11-25 at commit d515414).
        # Relevance (0.828, precision 0.706) measured under the project minimum: its floor was the
        # minimum itself and the metric was listed in below_minimum until the rules caught up.
        floors={
            "relevance": (0.95, 0.828),
            "admin1": (0.95, 1.0),
            "casualties": (0.95, 1.0),
            "sides": (0.95, 1.0),
            "event_types": (0.92, 0.963),
        },
        # Measured after the rules were generalised against the phenomena this set revealed
        # (fixtures in test_phenomena.py): relevance 0.96, admin1 1.0, casualties 1.0, sides 1.0,
        # event types 0.963. The figures above are the independent measure (relevance was 0.828,
        # under the minimum, and was an expected failure here until the rules caught up).
        checks={
            "set_is_mostly_confusable_negatives": (
                # About thirty look-alike negatives, real reports in the same wording, two hedged.
                partial(hs.check_precision_mix, negatives=28, relevant=10, ambiguous=2),
                hs.every(
                    "ids precision-r/a/n..",
                    lambda r: r["id"].startswith(("precision-r", "precision-a", "precision-n")),
                ),
            ),
            "weekday_words_agree_with_the_date": (
                # A weekday word names the item's day; after 'ليل' or 'أمس' it names the day before.
                hs.weekday_words(
                    rf"(?P<before>\S+)\s+(?P<day>{hs.DAY})\b",
                    {"ليل": {1}, "أمس": {1}},
                    minimum=40,
                ),
            ),
        },
    ),
    # Reports in wordings a rule may not expect (nominal headlines, passive voice with the agent
    # late or implied, state-media and Axis vocabulary, Kurdish-agency names, CENTCOM calques, a
    # toll only in the body, a place only in the title), plus hedged items and negatives.
    HeldoutSet(
        "heldout_recall",
        minimum=40,
        # metric -> (floor, measured when the set was written, 2026-11-25 at d515414).
        floors={
            "relevance": (0.95, 0.983),
            "admin1": (0.95, 0.986),
            "casualties": (0.95, 1.0),
            "sides": (0.95, 1.0),
            "event_types": (0.95, 0.986),
        },
        # Measured after the rules were generalised against the phenomena this set revealed
        # (fixtures in test_phenomena.py): relevance 0.983, admin1 1.0, casualties 1.0, sides 1.0,
        # event types 0.986. The figures above are the independent measure.
        checks={
            "set_is_mostly_relevant_with_hedges_and_negatives": (
                # The set measures recall: most items are plain relevant reports; hedged items and
                # negatives keep it honest.
                hs.at_least(28, "plain relevant reports", hs.is_plain),
                hs.at_least(4, "hedged items", hs.is_hedged),
                hs.at_least(10, "negatives", hs.is_negative),
            ),
        },
    ),
    # Minimal pairs: twenty reports ``nearmiss-rNN`` and near misses ``nearmiss-nNN`` on the same
    # place, actors and nearly the same words (SDF not US target, Israeli, Russian or Turkish not
    # American, Iraq or Jordan not Syria, threat, denial, drill, accident...), plus four hedged.
    HeldoutSet(
        "heldout_nearmiss",
        minimum=44,
        # metric -> (floor, measured when the set was written, 2026-11-25 at commit c705af1).
        floors={
            "relevance": (0.93, 0.837),
            "admin1": (0.95, 1.0),
            "casualties": (0.93, 0.966),
            "sides": (0.95, 1.0),
            "event_types": (0.93, 0.977),
        },
        # Measured after the rules were generalised against the phenomena this set revealed
        # (fixtures in test_phenomena.py): relevance 0.947, admin1 1.0, casualties 0.966, sides
        # 1.0, event types 0.977. The figures above are the independent measure (relevance was
        # 0.837, under the minimum, and was an expected failure here until the rules caught up).
        format_checks=(partial(hs.check_precision_mix, negatives=20, relevant=20, ambiguous=4),),
        checks={
            "items_come_in_pairs": (partial(hs.check_pairs, prefix="nearmiss-", minimum=20),),
            "weekday_words_agree_with_the_date": (hs.check_weekdays,),
        },
    ),
    # The dev corpus's spread, by a second evaluator: a breaking line to ~3 KB, slug titles, cut
    # excerpts, page noise, 2014-2026, about 45 % relevant with a third of those hedged.
    HeldoutSet(
        "heldout_mix2",
        minimum=44,
        # metric -> (floor, measured when the set was written, 2026-11-25, commit 0de34c7).
        # Relevance (0.917) is under the bar of 0.95 but above the project minimum of 0.85;
        # the fact metrics are scored over the 16 items relevant in both gold and answer.
        floors={
            "relevance": (0.95, 0.917),
            "admin1": (0.95, 1.0),
            "casualties": (0.95, 1.0),
            "sides": (0.95, 1.0),
            "event_types": (0.95, 1.0),
        },
        # Measured after the rules were generalised against the phenomena this set revealed
        # (fixtures in test_phenomena.py): relevance 0.96, admin1 1.0, casualties 1.0, sides 1.0,
        # event types 1.0. The figures above are the independent measure.
        checks={
            "set_imitates_the_dev_mix": (
                hs.relevant_share(0.35, 0.55),
                hs.hedged_share(0.25, 0.45),
                hs.at_least(1, "a breaking line", lambda r: hs.item_bytes(r) < 400),
                hs.at_least(1, "a long page", lambda r: hs.item_bytes(r) > 2500),
                hs.at_least(2, "excerpts cut mid-sentence", hs.is_partial),
                hs.at_least(1, "a URL-slug title", lambda r: "from URL slug" in r["title"]),
                hs.at_least(1, "2014 or before", lambda r: hs.year(r) <= 2014),
                hs.at_least(1, "2026 or later", lambda r: hs.year(r) >= 2026),
            ),
        },
    ),
    # Minimal pairs by another evaluator: twenty ``nearmiss2-rNN``/``nNN`` pairs (the jets are
    # Israeli, the base is in Erbil, a threat, a fire, a drill, a medal ceremony, a scenario, a
    # denial, the SDF or ISIS fired, the drone was Turkish...), plus four hedged items.
    HeldoutSet(
        "heldout_nearmiss2",
        minimum=44,
        # metric -> (floor, measured when the set was written, 2026-11-25 at commit 6faafbe).
        floors={
            "relevance": (0.95, 0.952),
            "admin1": (0.95, 1.0),
            "casualties": (0.93, 0.963),
            "sides": (0.95, 1.0),
            "event_types": (0.95, 1.0),
        },
        # Measured after the rules were generalised against the phenomena this set revealed
        # (fixtures in test_phenomena.py): relevance 0.976, admin1 1.0, casualties 0.963, sides
        # 1.0, event types 1.0. The figures above are the independent measure.
        format_checks=(partial(hs.check_precision_mix, negatives=20, relevant=20, ambiguous=4),),
        checks={
            "items_come_in_pairs": (partial(hs.check_pairs, prefix="nearmiss2-", minimum=20),),
            "weekday_words_agree_with_the_date": (hs.check_weekdays,),
        },
    ),
    # The dev corpus's mix, third evaluator: one-line breaking items to a 3 KB long read, slug
    # titles, cut excerpts, page noise, 2014-2026.
    HeldoutSet(
        "heldout_mix3",
        minimum=44,
        # metric -> (floor, measured when the set was written, 2026-11-25 at commit 25c4918).
        floors={
            "relevance": (0.95, 0.96),
            "admin1": (0.95, 1.0),
            "casualties": (0.9, 0.947),
            "sides": (0.93, 0.972),
            "event_types": (0.95, 1.0),
        },
        # Measured after the rules were generalised against the phenomena this set revealed
        # (fixtures in test_phenomena.py): relevance 0.96, admin1 1.0, casualties 0.947, sides
        # 0.972, event types 1.0. The figures above are the independent measure.
        checks={
            "set_imitates_the_dev_mix": (
                hs.relevant_share(0.38, 0.52),
                hs.hedged_share(0.25, 0.45),
                hs.at_least(1, "one line (under 200 chars)", lambda r: len(r["text"]) < 200),
                hs.at_least(1, "a long read (over 2000 chars)", lambda r: len(r["text"]) > 2000),
                hs.at_least(1, "excerpts cut mid-sentence", hs.is_partial),
            ),
        },
    ),
    # Minimal pairs, third set: twenty ``nearmiss3-rNN``/``nNN`` pairs (Israeli or Russian jets, a
    # base in Iraq or Jordan, a threat, a denial, a drill, an accident, an old shell, last year's
    # strike recalled in parliament, a budget story, the SDF or ISIS the target...), four hedged.
    HeldoutSet(
        "heldout_nearmiss3",
        minimum=44,
        # metric -> (floor, measured when the set was written, 2026-11-25 at commit 32caee7).
        # Casualties (0.867) is under the bar of 0.90 but above the project minimum.
        floors={
            "relevance": (0.95, 0.952),
            "admin1": (0.95, 0.98),
            "casualties": (0.93, 0.867),
            "sides": (0.95, 0.989),
            "event_types": (0.95, 0.979),
        },
        # Measured after the rules were generalised against the phenomena this set revealed
        # (fixtures in test_phenomena.py): relevance 0.976, admin1 0.98, casualties 0.968, sides
        # 0.989, event types 0.979. The figures above are the independent measure.
        format_checks=(partial(hs.check_precision_mix, negatives=20, relevant=20, ambiguous=4),),
        checks={
            "items_come_in_pairs": (partial(hs.check_pairs, prefix="nearmiss3-", minimum=20),),
            "weekday_words_agree_with_the_date": (hs.check_weekdays,),
        },
    ),
    # Held-out set 23, by a fourth independent evaluator: 44 items in the proportions of dev.jsonl
    # (20 relevant, 7 of them hedged; 24 negatives sharing its words), a breaking one-liner to a
    # 3.9 KB long read, slug titles, cut excerpts, page noise, 2014-2026. README lists each miss
    # with its phenomenon.
    HeldoutSet(
        "heldout_mix4",
        minimum=44,
        # metric -> (floor, measured when the set was written, 2026-11-25 at commit ed9d5a0).
        # Relevance (0.929) is under the bar of 0.95 but above the project minimum of 0.85.
        floors={
            "relevance": (0.95, 0.929),
            "admin1": (0.95, 1.0),
            "casualties": (0.92, 0.957),
            "sides": (0.95, 0.987),
            "event_types": (0.9, 0.927),
        },
        # Measured after the rules were generalised against the phenomena this set revealed
        # (fixtures in test_phenomena.py): relevance 0.963, admin1 1.0, casualties 0.957, sides
        # 0.987, event types 0.927. The figures above are the independent measure.
        format_checks=(hs.check_weekdays,),
        checks={
            "set_imitates_the_dev_mix": (partial(hs.check_dev_mix, longest_bytes=3000),),
        },
    ),
    # Minimal pairs, fourth set: twenty ``nearmiss4-rNN``/``nNN`` pairs (Israeli or Russian jets,
    # a base in Iraq or Jordan, strikes on the Houthis, a faction targeting Eilat, a threat, a
    # denial, a drill, a traffic accident by the base, sanctions, a US comment on an Israeli
    # strike, the SDF or ISIS the target...), plus four hedged items.
    HeldoutSet(
        "heldout_nearmiss4",
        minimum=44,
        # metric -> (floor, measured when the set was written, 2026-11-25 at commit 57d6e9e).
        # Relevance (0.909) is under the bar of 0.95 but above the project minimum.
        floors={
            "relevance": (0.95, 0.909),
            "admin1": (0.95, 1.0),
            "casualties": (0.95, 0.968),
            "sides": (0.95, 1.0),
            "event_types": (0.95, 1.0),
        },
        # Measured after the rules were generalised against the phenomena this set revealed
        # (fixtures in test_phenomena.py): relevance 0.976, admin1 1.0, casualties 1.0, sides 1.0,
        # event types 1.0. The figures above are the independent measure.
        format_checks=(partial(hs.check_precision_mix, negatives=20, relevant=20, ambiguous=4),),
        checks={
            "items_come_in_pairs": (partial(hs.check_pairs, prefix="nearmiss4-", minimum=20),),
            "weekday_words_agree_with_the_date": (hs.check_weekdays,),
        },
    ),
    # The dev corpus's mix, fifth evaluator: feed one-liners, breaking lines, slug titles, page
    # noise, cut excerpts, 2014-2025, about 45 % relevant with a third of those hedged.
    HeldoutSet(
        "heldout_mix5",
        minimum=44,
        # metric -> (floor, measured when the set was written, 2026-11-25 at 57d6e9e, engine
        # marsad-ar-1.2). Casualties measured under the bar (0.90) but above the project
        # minimum (0.75): reported honestly, floor below the measure.
        floors={
            "relevance": (0.92, 0.963),
            "admin1": (0.90, 0.95),
            "casualties": (0.85, 0.889),
            "sides": (0.94, 0.975),
            "event_types": (0.93, 0.974),
        },
        checks={"set_keeps_the_dev_mix": DEV_MIX},
    ),
    # The sixth realistic mix: the dev corpus's mix, weighted towards casualty wordings, spelling
    # variants and hamza-less text (tests/data/heldout_mix6/README.md).
    HeldoutSet(
        "heldout_mix6",
        minimum=44,
        # metric -> (floor, measured when the set was written, 2026-12-08 at a2feace, engine
        # marsad-ar-1.3, before any rule was changed for it). Floors raised to keep the gains of
        # the fixes by phenomenon that followed (relevance 0.966, casualties 0.974 at 1b6f819).
        floors={
            "relevance": (0.95, 0.929),
            "admin1": (0.90, 0.923),
            "casualties": (0.95, 0.947),
            "sides": (0.95, 1.0),
            "event_types": (0.95, 1.0),
        },
        checks={"set_keeps_the_dev_mix": DEV_MIX},
    ),
    # The seventh realistic mix, written at the same time as the sixth by another evaluator and
    # measured once when the sixth's fixes were in (tests/data/heldout_mix7/README.md).
    HeldoutSet(
        "heldout_mix7",
        minimum=44,
        # metric -> (floor, measured when the set was written, 2026-12-08 at 75efe56, engine
        # marsad-ar-1.3, before any rule was changed for it: relevance 0.828, under the project
        # minimum). Floors raised to keep the gains of the fixes by phenomenon that followed
        # (relevance 1.0, casualties 0.966, event types 0.936 at a0941c1).
        floors={
            "relevance": (0.95, 0.828),
            "admin1": (0.95, 1.0),
            "casualties": (0.93, 0.8),
            "sides": (0.95, 1.0),
            "event_types": (0.9, 0.872),
        },
        checks={"set_keeps_the_dev_mix": DEV_MIX},
    ),
    # The eighth realistic mix, written while the seventh's fixes were made and measured once
    # when they were in (tests/data/heldout_mix8/README.md).
    HeldoutSet(
        "heldout_mix8",
        minimum=44,
        # metric -> (floor, measured when the set was written, 2026-12-08 at a9f9d18, engine
        # marsad-ar-1.3, before any rule was changed for it). Relevance floor raised to keep the
        # gain of the fixes by phenomenon that followed (1.0 at 0e02aa1).
        floors={
            "relevance": (0.95, 0.857),
            "admin1": (0.9, 0.944),
            "casualties": (0.85, 0.909),
            "sides": (0.95, 1.0),
            "event_types": (0.9, 0.947),
        },
        checks={"set_keeps_the_dev_mix": DEV_MIX},
    ),
    # The ninth realistic mix, written while the eighth's fixes were made and measured once when
    # they were in: the session's last independent figure (tests/data/heldout_mix9/README.md).
    HeldoutSet(
        "heldout_mix9",
        minimum=44,
        # metric -> (floor, measured when the set was written, 2026-12-08 at a1ba1ea, engine
        # marsad-ar-1.3, before any rule was changed for it). Floors raised to keep the gains of
        # the fixes by phenomenon that followed (relevance 1.0, casualties 0.878 at 60aac69).
        floors={
            "relevance": (0.95, 0.929),
            "admin1": (0.95, 0.978),
            "casualties": (0.85, 0.78),
            "sides": (0.95, 1.0),
            "event_types": (0.95, 1.0),
        },
        checks={"set_keeps_the_dev_mix": DEV_MIX},
    ),
    # The tenth realistic mix, written while the ninth's fixes were made and measured once when
    # they were in (tests/data/heldout_mix10/README.md).
    HeldoutSet(
        "heldout_mix10",
        minimum=44,
        # metric -> (floor, measured when the set was written, 2026-12-08 at cb0c1d6, engine
        # marsad-ar-1.3, before any rule was changed for it). Floors keep the gains of the fixes
        # by phenomenon that followed (relevance 1.0, casualties 0.882 at e40b085); admin1 and
        # sides measure over more items since r06 is read (0.955, 0.941).
        floors={
            "relevance": (0.95, 0.963),
            "admin1": (0.93, 0.976),
            "casualties": (0.85, 0.774),
            "sides": (0.92, 0.964),
            "event_types": (0.95, 0.979),
        },
        checks={"set_keeps_the_dev_mix": DEV_MIX},
    ),
    # The eleventh realistic mix, written while the tenth's fixes were made and measured once
    # when they were in: the session's last independent figure (its README).
    HeldoutSet(
        "heldout_mix11",
        minimum=44,
        # metric -> (floor, measured when the set was written, 2026-12-08 at 8d39d72, engine
        # marsad-ar-1.3, before any rule was changed for it).
        floors={
            "relevance": (0.93, 0.966),
            "admin1": (0.93, 0.955),
            "casualties": (0.93, 0.97),
            "sides": (0.95, 0.988),
            "event_types": (0.93, 0.955),
        },
        checks={"set_keeps_the_dev_mix": DEV_MIX},
    ),
    # The twelfth realistic mix, written while the eleventh's fixes were made and measured once
    # when they were in: the session's last independent figure (its README).
    HeldoutSet(
        "heldout_mix12",
        minimum=44,
        # metric -> (floor, measured when the set was written, 2026-12-08 at 9be803b, engine
        # marsad-ar-1.3, before any rule was changed for it). Floors keep the gains of the fixes
        # by phenomenon that followed (relevance 0.963, casualties 0.903 at ee6bd38).
        floors={
            "relevance": (0.95, 0.929),
            "admin1": (0.93, 0.952),
            "casualties": (0.88, 0.828),
            "sides": (0.95, 0.974),
            "event_types": (0.95, 1.0),
        },
        checks={"set_keeps_the_dev_mix": DEV_MIX},
    ),
    # The thirteenth realistic mix, written while the twelfth's fixes were made and measured once
    # when they were in: the session's last independent figure (its README).
    HeldoutSet(
        "heldout_mix13",
        minimum=44,
        # metric -> (floor, measured when the set was written, 2026-12-08 at ffaf1b3, engine
        # marsad-ar-1.3, before any rule was changed for it). Relevance floor keeps the gain of
        # the fixes by phenomenon that followed (1.0 at a712efd).
        floors={
            "relevance": (0.95, 0.903),
            "admin1": (0.85, 0.872),
            "casualties": (0.8, 0.833),
            "sides": (0.95, 0.974),
            "event_types": (0.95, 0.977),
        },
        checks={"set_keeps_the_dev_mix": DEV_MIX},
    ),
    # The fourteenth realistic mix, measured once at the end of the session with every fix of
    # the day in: the session's last independent figure (its README).
    HeldoutSet(
        "heldout_mix14",
        minimum=44,
        # metric -> (floor, measured when the set was written, 2026-12-08 at a7f3c4b, engine
        # marsad-ar-1.3, before any rule was changed for it).
        floors={
            "relevance": (0.9, 0.929),
            "admin1": (0.95, 1.0),
            "casualties": (0.93, 0.957),
            "sides": (0.95, 1.0),
            "event_types": (0.95, 0.976),
        },
        # its shortest item is a 201-byte feed line (the others' bound is 200 bytes)
        checks={"set_keeps_the_dev_mix": dev_mix(one_line=250)},
    ),
)

assert len({heldout.name for heldout in SETS}) == len(SETS), "two sets share a name"


def test_every_held_out_set_is_in_the_table() -> None:
    on_disk = {p.parent.name for p in DATA.glob("heldout*/articles.jsonl")}
    assert on_disk == {heldout.directory for heldout in SETS}


SET_PARAMS = [pytest.param(heldout, id=heldout.name) for heldout in SETS]
METRIC_PARAMS = [
    pytest.param(heldout, *param.values, id=f"{heldout.name}-{param.values[0]}", marks=param.marks)
    for heldout in SETS
    for param in hs.metric_params(heldout.floors, heldout.below_minimum)
]
CHECK_PARAMS = [
    pytest.param(heldout, name, id=f"{heldout.name}-{name}")
    for heldout in SETS
    for name in heldout.checks
]


@pytest.fixture(scope="module")
def scored(shared_dir: Path) -> Callable[[HeldoutSet], dict[str, Any]]:
    """The shared scorer's metrics for the engine's answers on a set, scored once per set."""
    scorer = hs.load_scorer(shared_dir)
    results: dict[str, dict[str, Any]] = {}

    def result(heldout: HeldoutSet) -> dict[str, Any]:
        if heldout.directory not in results:
            rows = hs.read_rows(heldout.path)
            results[heldout.directory] = hs.analyse_and_score(scorer, rows)
        return results[heldout.directory]

    return result


@pytest.mark.parametrize("heldout", SET_PARAMS)
def test_lines_follow_the_corpus_format(heldout: HeldoutSet) -> None:
    rows = hs.read_rows(heldout.path)
    hs.check_lines(heldout.path, rows, f"tests/data/{heldout.directory}", heldout.minimum)
    for check in heldout.format_checks:
        check(rows)


@pytest.mark.parametrize(("heldout", "name"), CHECK_PARAMS)
def test_composition(heldout: HeldoutSet, name: str) -> None:
    rows = hs.read_rows(heldout.path)
    for check in heldout.checks[name]:
        check(rows)


@pytest.mark.parametrize("heldout", SET_PARAMS)
def test_every_item_is_analysed(
    heldout: HeldoutSet, scored: Callable[[HeldoutSet], dict[str, Any]]
) -> None:
    assert scored(heldout)["missing_from_analysis"] == []


@pytest.mark.parametrize(("heldout", "metric"), METRIC_PARAMS)
def test_metric_keeps_its_floor(
    heldout: HeldoutSet, metric: str, scored: Callable[[HeldoutSet], dict[str, Any]]
) -> None:
    floor, measured = heldout.floors[metric]
    hs.assert_floor(f"tests/data/{heldout.directory}", scored(heldout), metric, floor, measured)
