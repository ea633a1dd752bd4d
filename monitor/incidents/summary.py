"""The words of an alert: ``summary_en`` (one English line from the facts) and the Arabic headline.

>>> from monitor.models import Actor, IncidentFacts, Location, MergedCasualties, CasualtyFigure
>>> facts = IncidentFacts(
...     event_types=("Air/drone strike",),
...     actors=(Actor(name="CENTCOM", side="us_coalition", role="attacker"),
...             Actor(name="IRGC", side="iran_aligned", role="target")),
...     locations=(Location(text="دير الزور", name="Deir ez-Zor", admin1="SY-DY", country="SY",
...                         kind="city"),),
...     casualties=(MergedCasualties(kind="killed", side="iran_aligned", min=19, max=19,
...                 figures=(CasualtyFigure(count=19, outlet="A", item_id="a"),)),),
...     weapons=("fighter_jet",))
>>> summary_en(facts, outlets=4)
'US/coalition airstrikes on IRGC-linked sites near Deir ez-Zor; 19 killed, reports from 4 outlets'
"""

from __future__ import annotations

import re

from monitor.incidents.geo import ADMIN1_NAMES
from monitor.models import IncidentFacts, NewsItem

__all__ = ["headline_of", "summary_en"]

_SIDE_NAMES = {
    "us_coalition": "US/coalition",
    "iran_aligned": "Iran-aligned",
    "syrian_government": "Syrian government",
    "russia": "Russian",
    "isis": "ISIS",
    "sdf": "SDF",
    "turkey": "Turkish",
    "israel": "Israeli",
    "other": "unidentified",
}
_BROAD = frozenset({"region", "governorate", "country"})
_SENTENCE_END = re.compile(r"[.!?؟\n]")


def _what(facts: IncidentFacts, attacker: str | None) -> str:
    types, weapons = set(facts.event_types), set(facts.weapons)
    if "Air/drone strike" in types:
        if attacker == "us_coalition":
            return "drone strike" if weapons == {"drone"} else "airstrikes"
        return "drone attack" if attacker else "air/drone strike"
    if "Shelling/artillery/missile attack" in types:
        if "rocket" in weapons:
            return "rocket attack"
        return "missile attack" if "missile" in weapons else "shelling"
    if "Remote explosive/landmine/IED" in types:
        return "IED attack"
    if "Armed clash" in types:
        return "clashes"
    if "Disrupted weapons use" in types:
        return "intercepted attack"
    return "attack" if types else "incident"


def _target(facts: IncidentFacts, attacker: str | None) -> str:
    targets = [a for a in facts.actors if a.role == "target"]
    if any(loc.kind == "base" for loc in facts.locations) and attacker != "us_coalition":
        base = next(loc for loc in facts.locations if loc.kind == "base")
        return f"on {base.name}"
    if attacker == "us_coalition" or any(t.side == "iran_aligned" for t in targets):
        names = " ".join(a.name for a in facts.actors if a.side == "iran_aligned").upper()
        return "on IRGC-linked sites" if "IRGC" in names else "on Iran-aligned sites"
    if attacker == "iran_aligned" or any(t.side == "us_coalition" for t in targets):
        return "on US/coalition forces"
    return ""


def _where(facts: IncidentFacts, named: str) -> str:
    specific = [loc for loc in facts.locations if loc.kind not in _BROAD]
    if specific and named:  # the target phrase already names the base (and the field it is in)
        specific = [loc for loc in specific if loc.name not in named.removeprefix("on ")]
        if not specific:
            return ""
    if specific:
        names = list(dict.fromkeys(loc.name for loc in specific))[:2]
        return "near " + " and ".join(names)
    if facts.admin1:
        return "in " + " and ".join(ADMIN1_NAMES.get(a, a) for a in facts.admin1[:2])
    broad = [loc.name for loc in facts.locations]
    return f"in {broad[0]}" if broad else ""


def _casualties(facts: IncidentFacts) -> list[str]:
    out = []
    multi_side = len({c.side for c in facts.casualties if c.kind == "killed"}) > 1
    for c in facts.casualties:
        n = str(c.min) if c.min == c.max else f"{c.min}-{c.max}"
        side = (
            f" {_SIDE_NAMES.get(c.side, c.side)}"
            if c.side and (multi_side or c.kind == "wounded")
            else ""
        )
        out.append(f"{n}{side} {c.kind}")
    return out


def summary_en(facts: IncidentFacts, outlets: int) -> str:
    """One English line: who did what to whom, where, the toll, and how many outlets report it."""
    attackers = [a.side for a in facts.actors if a.role == "attacker"]
    attacker: str | None = next(
        (s for s in ("us_coalition", "iran_aligned") if s in attackers), None
    )
    attacker = attacker or (attackers[0] if attackers else None)
    who = _SIDE_NAMES.get(attacker, "") if attacker else ""
    target = _target(facts, attacker)
    parts = (who, _what(facts, attacker), target, _where(facts, target))
    head = " ".join(p for p in parts if p)
    head = head[0].upper() + head[1:]
    tail = _casualties(facts)
    tail.append(f"reports from {outlets} outlets" if outlets != 1 else "reported by 1 outlet")
    return f"{head}; {', '.join(tail)}"


def headline_of(item: NewsItem, max_chars: int = 160) -> tuple[str, bool]:
    """The Arabic headline a report offers, and whether it is a real title.

    A title-less entry (common in scraped feeds) offers its first sentence instead, which a later
    report's title replaces.
    """
    title = " ".join(item.title.split())
    if title:
        return title, True
    text = " ".join((item.summary or item.body).split())
    m = _SENTENCE_END.search(text)
    lead = text[: m.start()] if m else text
    if len(lead) > max_chars:
        lead = lead[:max_chars].rsplit(" ", 1)[0] + "…"
    return lead, False
