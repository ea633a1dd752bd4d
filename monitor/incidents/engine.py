"""Incident clustering and the alert lifecycle, as a pure function over a per-key state.

**Partition key.** :meth:`IncidentEngine.cluster_key` returns one *theatre* key for every relevant
report (``theatre:syria-iraq`` by default). A finer key (governorate, town, day) would split one
incident whenever outlets name different towns of one area, disagree on the day, or omit the place,
and a split incident cannot be merged back once two ``new`` alerts are out. Relevant reports are a
small fraction of the stream (the analysis, which is the expensive part, stays parallel across the
partitions of ``news.raw``), so one key per theatre costs little; the state stays bounded by the
eviction window below.

**Joining a report to an incident.** A report is compared with each live incident; hard gates
first, any failure keeps them apart:

- *time*: the report's reference time (published, else fetched) lies within ``join_window_h`` of
  the incident's reports, and when both carry an ``event_date`` they are at most
  ``date_window_days`` apart (only reports with a publication time have a usable event date,
  see :func:`_date_evidence`);
- *place*: when both name places, some pair must agree: the same admin1 with coordinates within
  ``area_km`` (or without coordinates), or coordinates within ``border_km`` across a border
  (Albukamal and Al-Qaim). A country- or region-level place agrees with any place of its
  country. The incident's places are those of its first report that names places, plus those
  two reports name, so one round-up article does not chain two incidents together;
- *sides*: when both name sides, they share one; when both name attackers, they share one (a US
  strike and the militia attack it answers are two incidents, even at one place on one day).

- *no time evidence*: unless the report and some report of the incident both carry a
  publication time, their times say nothing (the first poll of a feed without dates fetches weeks
  of stories at once, and undated reports of two drone attacks on one base share place, sides,
  weapon and most words). Then the text must be a copy: title+lead *shingles* (pairs of
  consecutive stems) with ``max(Jaccard, containment) >= untimed_min_shingles`` (0.6), or the
  report is re-worded but corroborated: word similarity >= ``untimed_corroborated_text`` (0.35),
  the same site and the same casualty figure (>= 2). When both name specific places (not
  governorates or regions), they must share a site. Conflicting casualty figures for one side
  (unless the report is later than the incident's and raises the toll) cost
  ``figure_conflict_penalty`` (0.25); weapons or target sides sharing nothing cost 0.15 each.

Then an evidence score, joined when it reaches ``join_threshold`` (default 0.6): text
similarity (``max(Jaccard, 0.65 * containment)`` of normalised title+lead stems, 0..1); +0.35
for the same ``event_date``, -0.15 when they are a day apart, +0.1 when only one has an event
date and the other was published on it; +0.3 for the same site (same named non-region place,
or within ``site_km``) or +0.15 for the same area; +0.1 for a shared event type; +0.1 for an
equal casualty figure; minus the penalties above. The best-scoring incident wins (the earlier
one on a tie).

**Lifecycle.** ``new`` (version 1) the first time an incident matches a watch profile; ``update``
(version + 1) only on a material change: a new named place (a town, a base; not a region or
a governorate), a changed casualty figure, a severity
change, a first report from another outlet, or a different matching profile. ``changes`` says
which. An item seen before yields nothing (at-least-once redelivery is harmless); another report
that adds nothing material is merged silently. ``alert_id`` is ``f"{incident_id}:v{version}"``.

**Bounds.** Incidents whose last report is older than ``evict_after_h`` before the newest
report seen for the key are evicted (their item ids kept, hashed, as ``tombstones`` up to a bound,
so a late duplicate does not reopen them); at most ``max_incidents`` live incidents and
``max_reports`` stored reports per incident (later ones still count: item id, outlet), and the
encoded state never exceeds ``max_state_bytes`` (the oldest incidents go first): the state is a
Faust table value, written whole to its changelog topic, whose records a broker caps (1 MB by
default in Kafka). The state is JSON (orjson, sorted keys): the same inputs give the same bytes.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, get_args

import orjson
from pydantic import BaseModel

from monitor.incidents.geo import haversine_km
from monitor.incidents.profiles import (
    SEVERITY_ORDER,
    Profile,
    ProfileSet,
    SeverityRule,
    load_default_profiles,
    load_profiles,
)
from monitor.incidents.similarity import (
    shingle_similarity,
    shingle_sketch,
    sketch,
    text_similarity,
)
from monitor.incidents.summary import headline_of, summary_en
from monitor.models import (
    Actor,
    Alert,
    AlertReport,
    Analysis,
    CasualtyFigure,
    IncidentFacts,
    Location,
    MergedCasualties,
    NewsItem,
    Quote,
    Severity,
    Side,
)

__all__ = ["STATE_VERSION", "ClusterConfig", "IncidentEngine"]

STATE_VERSION = 2
"""Version 2 adds each incident's ``shingles``; a version 1 state is upgraded when read."""
_SIDE_ORDER: tuple[str, ...] = get_args(Side)
_BROAD_KINDS = frozenset({"region", "governorate", "country"})
_FUTURE_SLACK = timedelta(days=1)


@dataclass(frozen=True)
class ClusterConfig:
    """Windows, distances and thresholds of the clustering (see the module docstring)."""

    theatre: str = "syria-iraq"
    join_window_h: float = 48.0
    date_window_days: int = 1
    site_km: float = 15.0
    area_km: float = 75.0
    border_km: float = 40.0
    join_threshold: float = 0.6
    containment_weight: float = 0.65
    untimed_min_shingles: float = 0.6
    """Without time evidence: the shingle similarity a report needs to join (a copy or reprint)."""
    untimed_corroborated_text: float = 0.35
    """... or this word similarity with the same site and the same casualty figure."""
    min_shingles: int = 6
    figure_conflict_penalty: float = 0.25
    weapon_conflict_penalty: float = 0.15
    target_conflict_penalty: float = 0.15
    evict_after_h: float = 7 * 24.0
    max_incidents: int = 200
    max_reports: int = 60
    max_state_bytes: int = 900_000
    max_alert_reports: int = 50
    max_tombstones: int = 2000
    max_sketches: int = 8
    sketch_k: int = 64
    lead_chars: int = 400
    severity: tuple[SeverityRule, ...] | None = field(default=None)
    """The severity table; ``None``: the table of the packaged default profiles file."""


# ---------------------------------------------------------------------------------------------
# state records (plain dicts, so they serialise as they are)


def _iso(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _dt(s: str) -> datetime:
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def _item_hash(item_id: str) -> str:
    return hashlib.blake2b(item_id.encode(), digest_size=8).hexdigest()


def _empty_state() -> dict[str, Any]:
    return {"v": STATE_VERSION, "newest": None, "tombstones": [], "incidents": []}


def _decode(state: bytes | None, cfg: ClusterConfig) -> dict[str, Any]:
    if not state:
        return _empty_state()
    data = orjson.loads(state)
    if not isinstance(data, dict) or data.get("v") not in (1, STATE_VERSION):
        raise ValueError(f"incident state: unsupported format {str(data)[:80]!r}")
    if data["v"] == 1:
        # Version 1 kept no shingles: the stored titles stand in for the titles and leads.
        for inc in data["incidents"]:
            titled = [rep["title"] for rep in inc["reports"] if rep["title"]]
            inc["shingles"] = [
                list(shingle_sketch(t, cfg.sketch_k)) for t in titled[: cfg.max_sketches]
            ]
        data["v"] = STATE_VERSION
    return data


def _encode(data: dict[str, Any]) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)


@dataclass(frozen=True)
class _Report:
    """The parts of one report that clustering compares."""

    ref: datetime
    event_date: date | None
    published: bool
    locations: tuple[Location, ...]
    sides: frozenset[str]
    attackers: frozenset[str]
    targets: frozenset[str]
    event_types: frozenset[str]
    weapons: frozenset[str]
    casualties: frozenset[tuple[str, int]]
    figures: frozenset[tuple[str, str | None, int]]
    sketch: tuple[int, ...]
    shingles: tuple[int, ...]


def _reference(item: NewsItem) -> datetime:
    """The item's time for clustering and eviction: published, else fetched.

    A publication time more than a day after the fetch is a feed's error (a wrong year, a local
    time marked UTC...); trusted, it would evict every live incident of the key. The fetch time
    stands in for it.
    """
    return min(item.reference_time, item.fetched_at + _FUTURE_SLACK)


def _report_of(item: NewsItem, analysis: Analysis, cfg: ClusterConfig) -> _Report:
    lead = " ".join(t for t in (item.title, item.summary, item.body[: cfg.lead_chars]) if t)
    return _Report(
        ref=_reference(item),
        event_date=analysis.event_date,
        published=item.published_at is not None,
        locations=analysis.locations,
        sides=frozenset(a.side for a in analysis.actors),
        attackers=frozenset(a.side for a in analysis.actors if a.role == "attacker"),
        targets=frozenset(a.side for a in analysis.actors if a.role == "target"),
        event_types=frozenset(analysis.event_types),
        weapons=frozenset(analysis.weapons),
        casualties=frozenset((c.kind, c.count) for c in analysis.casualties),
        figures=frozenset((c.kind, c.side, c.count) for c in analysis.casualties),
        sketch=sketch(lead, cfg.sketch_k),
        shingles=shingle_sketch(lead, cfg.sketch_k),
    )


# ---------------------------------------------------------------------------------------------
# comparison


def _place_relation(a: Sequence[Location], b: Sequence[Location], cfg: ClusterConfig) -> str:
    """'site', 'area', 'vague' (compatible, no evidence), 'unknown' or 'conflict'."""
    if not a or not b:
        return "unknown"
    best = "conflict"
    rank = {"conflict": 0, "vague": 1, "area": 2, "site": 3}
    for x in a:
        for y in b:
            rel = _pair_relation(x, y, cfg)
            if rank[rel] > rank[best]:
                best = rel
    return best


def _broad(loc: Location) -> bool:
    """A governorate, region or country, or a place of no known governorate."""
    return loc.kind in _BROAD_KINDS or loc.admin1 is None


def _pair_relation(x: Location, y: Location, cfg: ClusterConfig) -> str:
    broad_x, broad_y = _broad(x), _broad(y)
    dist = None
    if x.lat is not None and x.lon is not None and y.lat is not None and y.lon is not None:
        dist = haversine_km(x.lat, x.lon, y.lat, y.lon)
    if not broad_x and not broad_y:
        if x.name == y.name or (dist is not None and dist <= cfg.site_km):
            return "site"
        if x.admin1 == y.admin1 and (dist is None or dist <= cfg.area_km):
            return "area"
        if dist is not None and dist <= cfg.border_km:
            return "area"
        return "conflict"
    # At least one is a governorate, a region or a country: agree when it contains the other.
    if x.admin1 is not None and y.admin1 is not None:
        return "area" if x.admin1 == y.admin1 else "conflict"
    return "vague" if x.country == y.country else "conflict"


def _mode_date(dates: Iterable[str]) -> date | None:
    """The most reported date (the earliest on a tie)."""
    counts = Counter(dates)
    return date.fromisoformat(min(counts, key=lambda d: (-counts[d], d))) if counts else None


def _core_locations(inc: dict[str, Any]) -> tuple[Location, ...]:
    """The places an incident is *at*: those of its first report that names any, and those two
    reports name.

    A round-up article that also mentions another base joins the incident, but its extra places
    do not pull in the reports of that other base (no chaining through one wide report).
    """
    named = Counter(name for rep in inc["reports"] for name in set(rep["places"]))
    first = next((set(rep["places"]) for rep in inc["reports"] if rep["places"]), set())
    return tuple(
        Location.model_validate(x)
        for x in inc["locations"]
        if x["name"] in first or named[x["name"]] >= 2
    )


def _date_evidence(r: _Report, inc: dict[str, Any], cfg: ClusterConfig) -> float | None:
    """Score for agreeing event dates; ``None`` when they are too far apart.

    Only reports with a publication time count: "yesterday" or "on Monday" resolved against a
    fetch time says nothing when the item was fetched long after it was published (the first
    poll of a feed without dates returns weeks of entries at one fetch time).
    """
    if not r.published:
        return 0.0
    dated = [x for x in inc["reports"] if x["published"]]
    other = _mode_date(x["event_date"] for x in dated if x["event_date"])
    if r.event_date and other:
        days = abs((r.event_date - other).days)
        if days > cfg.date_window_days:
            return None
        # A day apart: another incident at the same place, unless the texts say otherwise.
        return 0.35 if days == 0 else -0.15
    # One side has an event date, the other was published that day or the day after.
    if r.event_date:
        published = {_dt(x["ref"]).date() for x in dated}
        return 0.1 if published & {r.event_date, r.event_date + timedelta(days=1)} else 0.0
    if other:
        return 0.1 if r.ref.date() in (other, other + timedelta(days=1)) else 0.0
    return 0.0


def _score(r: _Report, inc: dict[str, Any], cfg: ClusterConfig) -> float | None:
    """Evidence that ``r`` reports incident ``inc``; ``None`` when a hard gate fails."""
    first, last = _dt(inc["first_seen"]), _dt(inc["last_seen"])
    window = timedelta(hours=cfg.join_window_h)
    if r.ref < first - window or r.ref > last + window:
        return None
    dates = _date_evidence(r, inc, cfg)
    if dates is None:
        return None
    locs = _core_locations(inc)
    place = _place_relation(r.locations, locs, cfg)
    if place == "conflict":
        return None
    sides, attackers = set(inc["sides"]), set(inc["attackers"])
    if r.sides and sides and not (r.sides & sides):
        return None
    if r.attackers and attackers and not (r.attackers & attackers):
        return None

    text = max(
        (
            text_similarity(r.sketch, s, cfg.sketch_k, cfg.containment_weight)
            for s in inc["sketches"]
        ),
        default=0.0,
    )
    inc_cas = {(c["kind"], c["count"]) for rep in inc["reports"] for c in rep["casualties"]}
    score = dates + text
    if not _timed(r, inc):
        against = _untimed_evidence(r, inc, locs, text, inc_cas, cfg)
        if against is None:
            return None
        score -= against
    score += {"site": 0.3, "area": 0.15}.get(place, 0.0)
    if r.event_types & set(inc["event_types"]):
        score += 0.1
    if r.casualties & inc_cas:
        score += 0.1
    return score


def _timed(r: _Report, inc: dict[str, Any]) -> bool:
    """Whether time is evidence: the report and some report of the incident carry a publication
    time.

    A fetch time is not: the first poll of a feed without dates fetches weeks of stories at once.
    """
    return r.published and any(rep["published"] for rep in inc["reports"])


def _untimed_evidence(
    r: _Report,
    inc: dict[str, Any],
    locs: Sequence[Location],
    text: float,
    inc_cas: set[tuple[str, int]],
    cfg: ClusterConfig,
) -> float | None:
    """The stricter test when time tells nothing: ``None`` keeps them apart, else the penalty.

    Two undated reports at one base share most of their words whatever the incident, so the
    text must be a copy (title and lead shingles, :func:`shingle_similarity`), or re-worded but
    corroborated by the same site and the same casualty figure. Both must name the same site when
    both name specific places (a shared governorate is not enough). Conflicting casualty figures
    for one side (unless the later report raises the toll), weapons or target sides that share
    nothing each lower the score.
    """
    shingles = max(
        (
            shingle_similarity(r.shingles, s, cfg.sketch_k, cfg.min_shingles)
            for s in inc["shingles"]
        ),
        default=0.0,
    )
    specific = [loc for loc in r.locations if not _broad(loc)]
    theirs = [loc for loc in locs if not _broad(loc)]
    site = bool(specific and theirs) and _place_relation(specific, theirs, cfg) == "site"
    if specific and theirs and not site:
        return None
    if shingles < cfg.untimed_min_shingles:
        same_toll = any(count >= 2 for _, count in r.casualties & inc_cas)
        if not (site and same_toll and text >= cfg.untimed_corroborated_text):
            return None
    penalty = 0.0
    if _figures_conflict(r, inc):
        penalty += cfg.figure_conflict_penalty
    if r.weapons and inc["weapons"] and not r.weapons & set(inc["weapons"]):
        penalty += cfg.weapon_conflict_penalty
    targets = {a["side"] for a in inc["actors"] if a["role"] == "target"}
    if r.targets and targets and not r.targets & targets:
        penalty += cfg.target_conflict_penalty
    return penalty


def _figures_conflict(r: _Report, inc: dict[str, Any]) -> bool:
    """Whether the report gives a figure for one side that no report of the incident gives.

    A figure without a side compares with every side's. A higher figure in a report later than
    all of the incident's is a toll that rose, no conflict.
    """
    later = r.ref > _dt(inc["last_seen"])
    mine: dict[tuple[str, str | None], set[int]] = {}
    for kind, side, count in r.figures:
        mine.setdefault((kind, side), set()).add(count)
    for (kind, side), counts in mine.items():
        others = {
            c["count"]
            for rep in inc["reports"]
            for c in rep["casualties"]
            if c["kind"] == kind and (side is None or c["side"] is None or c["side"] == side)
        }
        if not others or counts & others:
            continue
        if later and max(counts) > max(others):
            continue
        return True
    return False


# ---------------------------------------------------------------------------------------------
# merged facts


def _unique(values: Iterable[Any], key: Any = None) -> list[Any]:
    seen: set[Any] = set()
    out = []
    for v in values:
        k = key(v) if key else v
        if k not in seen:
            seen.add(k)
            out.append(v)
    return out


def _dump(records: Iterable[BaseModel]) -> list[dict[str, Any]]:
    return [r.model_dump(mode="json") for r in records]


def _facts(inc: dict[str, Any]) -> IncidentFacts:
    reports = inc["reports"]
    locations = [Location.model_validate(x) for x in inc["locations"]]
    actors = [Actor.model_validate(x) for x in inc["actors"]]
    # A figure whose side the text does not say belongs with the one side the other outlets
    # give for that kind ("9 killed" and "6 militiamen killed" are one toll, 6-9).
    sided: dict[str, set[str]] = {}
    for rep in reports:
        for c in rep["casualties"]:
            if c["side"] is not None:
                sided.setdefault(c["kind"], set()).add(c["side"])
    groups: dict[tuple[str, str | None], list[CasualtyFigure]] = {}
    for rep in reports:
        best: dict[tuple[str, str | None], dict[str, Any]] = {}
        for c in rep["casualties"]:
            sides = sided.get(c["kind"], set())
            side = c["side"] if c["side"] is not None or len(sides) != 1 else next(iter(sides))
            k = (c["kind"], side)
            if k not in best or c["count"] > best[k]["count"]:
                best[k] = c
        for k, c in best.items():
            groups.setdefault(k, []).append(
                CasualtyFigure(
                    count=c["count"],
                    qualifier=c["qualifier"],
                    outlet=rep["outlet"],
                    item_id=rep["item_id"],
                )
            )
    casualties = [
        MergedCasualties(
            kind=kind,  # type: ignore[arg-type]
            side=side,  # type: ignore[arg-type]
            min=min(f.count for f in figs),
            max=max(f.count for f in figs),
            figures=tuple(figs),
        )
        for (kind, side), figs in sorted(
            groups.items(), key=lambda kv: (kv[0][0] != "killed", kv[0][1] or "")
        )
    ]
    # Dates of reports with a publication time first (see _date_evidence), else any.
    event_date = _mode_date(
        r["event_date"] for r in reports if r["event_date"] and r["published"]
    ) or _mode_date(r["event_date"] for r in reports if r["event_date"])
    return IncidentFacts(
        event_types=tuple(inc["event_types"]),
        actors=tuple(actors),
        sides=tuple(s for s in _SIDE_ORDER if s in set(inc["sides"])),  # type: ignore[misc]
        locations=tuple(locations),
        admin1=tuple(sorted({loc.admin1 for loc in locations if loc.admin1})),
        casualties=tuple(casualties),
        weapons=tuple(inc["weapons"]),
        event_date=event_date,
        quoted=tuple(Quote.model_validate(q) for q in inc["quoted"]),
    )


def _severity(facts: IncidentFacts, rules: Sequence[SeverityRule]) -> Severity:
    for rule in rules:
        if _rule_holds(rule, facts):
            return rule.level
    return "low"


def _rule_holds(rule: SeverityRule, facts: IncidentFacts) -> bool:
    def figure(kind: str, minimum: int | None) -> bool:
        if minimum is None:
            return True
        return any(
            c.kind == kind
            and c.max >= minimum
            and (not rule.casualty_sides or c.side in rule.casualty_sides)
            for c in facts.casualties
        )

    def any_of(wanted: Sequence[str], have: Iterable[str]) -> bool:
        return not wanted or bool(set(wanted) & set(have))

    return (
        figure("killed", rule.killed_min)
        and figure("wounded", rule.wounded_min)
        and any_of(rule.location_kinds, (loc.kind for loc in facts.locations))
        and any_of(rule.target_sides, (a.side for a in facts.actors if a.role == "target"))
        and any_of(rule.attacker_sides, (a.side for a in facts.actors if a.role == "attacker"))
        and any_of(rule.event_types, facts.event_types)
        and any_of(rule.weapons, facts.weapons)
    )


def _profile_for(
    facts: IncidentFacts, severity: Severity, profiles: Sequence[Profile]
) -> Profile | None:
    rank = SEVERITY_ORDER.index(severity)
    for p in profiles:
        if p.sides and not set(p.sides) & set(facts.sides):
            continue
        if p.event_types and not set(p.event_types) & set(facts.event_types):
            continue
        if not p.matches_place(facts.locations):
            continue
        if rank < SEVERITY_ORDER.index(p.min_severity):
            continue
        return p
    return None


def _snapshot(inc: dict[str, Any], facts: IncidentFacts, severity: str, profile: str) -> Any:
    return {
        # Governorates and regions ("eastern Syria") are no news: only named sites count.
        "places": sorted({loc.name for loc in facts.locations if loc.kind not in _BROAD_KINDS}),
        "outlets": sorted(inc["outlets"]),
        "casualties": {f"{c.kind}|{c.side or ''}": [c.min, c.max] for c in facts.casualties},
        "severity": severity,
        "profile": profile,
    }


def _changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    out = []
    places = [p for p in new["places"] if p not in old["places"]]
    if places:
        out.append("new_place: " + ", ".join(places))
    for key, (lo, hi) in new["casualties"].items():
        prev = old["casualties"].get(key)
        if prev != [lo, hi]:
            kind, side = key.split("|")
            was = "none" if prev is None else _range(*prev)
            out.append(
                f"casualties: {kind}{f' ({side})' if side else ''} {was} -> {_range(lo, hi)}"
            )
    if new["severity"] != old["severity"]:
        out.append(f"severity: {old['severity']} -> {new['severity']}")
    outlets = [o for o in new["outlets"] if o not in old["outlets"]]
    if outlets:
        out.append("new_outlet: " + ", ".join(outlets))
    if new["profile"] != old["profile"]:
        out.append(f"profile: {old['profile']} -> {new['profile']}")
    return out


def _range(lo: int, hi: int) -> str:
    return str(lo) if lo == hi else f"{lo}-{hi}"


# ---------------------------------------------------------------------------------------------


class IncidentEngine:
    """Clusters relevant reports into incidents and decides which alerts to publish.

    Pure and deterministic: :meth:`observe` takes the state bytes of one :meth:`cluster_key` and
    returns the new state and the alerts, reading no clock (all times come from the items).

    >>> engine = IncidentEngine()
    >>> engine.cluster_key(item, analysis)  # doctest: +SKIP
    'theatre:syria-iraq'
    """

    def __init__(
        self, profiles: Sequence[Profile] | None = None, config: ClusterConfig | None = None
    ) -> None:
        cfg = config or ClusterConfig()
        default: ProfileSet | None = None
        if profiles is None or cfg.severity is None:
            default = load_default_profiles()
        self.profiles: tuple[Profile, ...] = tuple(
            profiles if profiles is not None else default.profiles  # type: ignore[union-attr]
        )
        if not self.profiles:
            raise ValueError("IncidentEngine needs at least one watch profile")
        rules = cfg.severity if cfg.severity is not None else default.severity  # type: ignore[union-attr]
        self.severity_rules: tuple[SeverityRule, ...] = rules or ()
        self.config = cfg

    @classmethod
    def from_file(cls, path: Path | None, config: ClusterConfig | None = None) -> IncidentEngine:
        """Profiles and severity table from a YAML file (``None``: the packaged default).

        Raises :class:`~monitor.incidents.profiles.ProfileFileError` for a bad file.
        """
        ps = load_profiles(path) if path is not None else load_default_profiles()
        cfg = config or ClusterConfig()
        if cfg.severity is None and ps.severity is not None:
            cfg = dataclasses.replace(cfg, severity=ps.severity)
        return cls(ps.profiles, cfg)

    def cluster_key(self, item: NewsItem, analysis: Analysis) -> str:
        """The theatre key: the same for every report of one theatre (see the module doc)."""
        return f"theatre:{self.config.theatre}"

    def observe(
        self, state: bytes | None, item: NewsItem, analysis: Analysis
    ) -> tuple[bytes, list[Alert]]:
        """Fold one report into the state of its key; return the new state and the alerts.

        An irrelevant analysis or an item already seen leaves the state as it is (same bytes)
        and yields no alert.
        """
        if analysis.item_id != item.item_id:
            raise ValueError(
                f"analysis is for item {analysis.item_id!r}, not for item {item.item_id!r}"
            )
        data = _decode(state, self.config)
        unchanged = state if state else _encode(data)
        if not analysis.relevant:
            return unchanged, []
        h = _item_hash(item.item_id)
        if h in data["tombstones"] or any(h in inc["items"] for inc in data["incidents"]):
            return unchanged, []

        cfg = self.config
        ref = _reference(item)
        newest = max(ref, _dt(data["newest"])) if data["newest"] else ref
        data["newest"] = _iso(newest)
        self._evict(data, newest - timedelta(hours=cfg.evict_after_h))

        report = _report_of(item, analysis, cfg)
        best: tuple[float, int] | None = None
        for idx, inc in enumerate(data["incidents"]):
            s = _score(report, inc, cfg)
            if s is not None and s >= cfg.join_threshold and (best is None or s > best[0]):
                best = (s, idx)
        if best is None:
            inc = self._open(item, analysis)
            data["incidents"].append(inc)
        else:
            inc = data["incidents"][best[1]]
        self._add(inc, item, analysis, report)

        alerts = self._decide(inc)
        self._bound(data)
        return self._encode_bounded(data), alerts

    # --- state changes --------------------------------------------------------------------

    def _open(self, item: NewsItem, analysis: Analysis) -> dict[str, Any]:
        day = analysis.event_date or item.reference_time.date()
        digest = hashlib.sha1(item.item_id.encode()).hexdigest()[:10]  # an id, not a secret
        return {
            "incident_id": f"inc-{day:%Y%m%d}-{digest}",
            "version": 0,
            "emitted": None,
            "first_seen": _iso(_reference(item)),
            "last_seen": _iso(_reference(item)),
            "headline": "",
            "headline_is_title": False,
            "headline_ref": None,
            "items": [],
            "reports": [],
            "sketches": [],
            "shingles": [],
            "locations": [],
            "actors": [],
            "sides": [],
            "attackers": [],
            "event_types": [],
            "weapons": [],
            "quoted": [],
            "outlets": [],
            "overflow": 0,
        }

    def _add(self, inc: dict[str, Any], item: NewsItem, analysis: Analysis, r: _Report) -> None:
        cfg = self.config
        inc["items"].append(_item_hash(item.item_id))
        inc["first_seen"] = _iso(min(_dt(inc["first_seen"]), r.ref))
        inc["last_seen"] = _iso(max(_dt(inc["last_seen"]), r.ref))
        if item.outlet not in inc["outlets"]:
            inc["outlets"].append(item.outlet)
        if len(inc["reports"]) >= cfg.max_reports:
            inc["overflow"] += 1  # counted and deduplicated, not stored
            return
        inc["reports"].append(
            {
                "item_id": item.item_id,
                "outlet": item.outlet,
                "url": item.url,
                "title": item.title[:300],
                "published_at": _iso(item.published_at) if item.published_at else None,
                "ref": _iso(r.ref),
                "event_date": analysis.event_date.isoformat() if analysis.event_date else None,
                "published": r.published,
                "casualties": [c.model_dump(mode="json") for c in analysis.casualties],
                "places": list(dict.fromkeys(loc.name for loc in analysis.locations)),
            }
        )
        if len(inc["sketches"]) < cfg.max_sketches:
            inc["sketches"].append(list(r.sketch))
        if len(inc["shingles"]) < cfg.max_sketches:
            inc["shingles"].append(list(r.shingles))
        inc["locations"] = _unique(
            [*inc["locations"], *_dump(analysis.locations)],
            key=lambda d: (d["name"], d["admin1"], d["kind"]),
        )
        inc["actors"] = _unique(
            [*inc["actors"], *_dump(analysis.actors)],
            key=lambda d: (d["name"], d["side"], d["role"]),
        )
        inc["quoted"] = _unique([*inc["quoted"], *_dump(analysis.quoted)], key=lambda d: d["name"])
        inc["sides"] = sorted(set(inc["sides"]) | r.sides)
        inc["attackers"] = sorted(set(inc["attackers"]) | r.attackers)
        inc["event_types"] = _unique([*inc["event_types"], *analysis.event_types])
        inc["weapons"] = _unique([*inc["weapons"], *analysis.weapons])
        # The headline is the earliest report's title (whatever order reports arrive in); a
        # title-less report's first sentence stands in until a titled one comes.
        text, is_title = headline_of(item)
        current = (not inc["headline_is_title"], inc["headline_ref"] or "~")
        if text and (not is_title, _iso(r.ref)) < current:
            inc["headline"], inc["headline_is_title"] = text, is_title
            inc["headline_ref"] = _iso(r.ref)

    def _evict(self, data: dict[str, Any], horizon: datetime) -> None:
        keep: list[dict[str, Any]] = []
        gone: list[dict[str, Any]] = []
        for inc in data["incidents"]:
            (keep if _dt(inc["last_seen"]) >= horizon else gone).append(inc)
        if gone:
            self._tombstone(data, gone)
            data["incidents"] = keep

    def _bound(self, data: dict[str, Any]) -> None:
        extra = len(data["incidents"]) - self.config.max_incidents
        if extra > 0:
            order = sorted(data["incidents"], key=lambda i: (i["last_seen"], i["incident_id"]))
            gone = {i["incident_id"] for i in order[:extra]}
            self._tombstone(data, [i for i in data["incidents"] if i["incident_id"] in gone])
            data["incidents"] = [i for i in data["incidents"] if i["incident_id"] not in gone]

    def _encode_bounded(self, data: dict[str, Any]) -> bytes:
        out = _encode(data)
        while len(out) > self.config.max_state_bytes and len(data["incidents"]) > 1:
            oldest = min(data["incidents"], key=lambda i: (i["last_seen"], i["incident_id"]))
            self._tombstone(data, [oldest])
            data["incidents"] = [i for i in data["incidents"] if i is not oldest]
            out = _encode(data)
        return out

    def _tombstone(self, data: dict[str, Any], gone: list[dict[str, Any]]) -> None:
        stones = data["tombstones"] + [h for inc in gone for h in inc["items"]]
        data["tombstones"] = stones[-self.config.max_tombstones :]

    # --- alerts ---------------------------------------------------------------------------

    def _decide(self, inc: dict[str, Any]) -> list[Alert]:
        facts = _facts(inc)
        severity = _severity(facts, self.severity_rules)
        profile = _profile_for(facts, severity, self.profiles)
        if profile is None and inc["version"] == 0:
            return []  # tracked quietly until it matches a profile
        name = profile.name if profile is not None else inc["emitted"]["profile"]
        snap = _snapshot(inc, facts, severity, name)
        if inc["version"] == 0:
            changes = ["first_report"]
        else:
            changes = _changes(inc["emitted"], snap)
            if not changes:
                return []
        inc["version"] += 1
        inc["emitted"] = snap
        return [self._alert(inc, facts, severity, name, changes)]

    def _alert(
        self,
        inc: dict[str, Any],
        facts: IncidentFacts,
        severity: Severity,
        profile: str,
        changes: list[str],
    ) -> Alert:
        reports = sorted(inc["reports"], key=lambda r: (r["ref"], r["item_id"]))
        outlets = set(inc["outlets"])
        return Alert(
            alert_id=f"{inc['incident_id']}:v{inc['version']}",
            incident_id=inc["incident_id"],
            version=inc["version"],
            status="new" if inc["version"] == 1 else "update",
            severity=severity,
            headline=inc["headline"],
            summary_en=summary_en(facts, len(outlets)),
            facts=facts,
            reports=tuple(
                AlertReport(
                    outlet=r["outlet"],
                    url=r["url"],
                    title=r["title"],
                    published_at=_dt(r["published_at"]) if r["published_at"] else None,
                    item_id=r["item_id"],
                )
                for r in reports[: self.config.max_alert_reports]
            ),
            changes=tuple(changes),
            first_seen=_dt(inc["first_seen"]),
            last_seen=_dt(inc["last_seen"]),
            profile=profile,
        )
