"""The lexicons as data: ``monitor/analysis/data/*.yaml`` loaded into typed records.

Operators extend the engine by editing those files (or passing their own directory); nothing in
the code lists actor names, cue words or weapons.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, get_args

import yaml

from monitor.models import Side
from monitor.text.normalise import fold

__all__ = ["ActorEntry", "Lexicon", "LexiconError", "load_lexicon"]

_SIDES = frozenset(get_args(Side))  # the contract's vocabulary, defined once in monitor.models
_ACTOR_KINDS = {
    "group",
    "adj",
    "state",
    "generic",
    "weak",
    "partner",
    "govmil",
    "qualifier",
    "source",
}


class LexiconError(ValueError):
    """A lexicon file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class ActorEntry:
    name: str
    side: Side | None
    kind: str


@dataclass(frozen=True, slots=True)
class Site:
    """A US/coalition site as matched in a text; ``host_town`` when the name is also the town
    that hosts it (الشدادي), so "near" it is near the town, not on the base."""

    name: str
    host_town: bool = False


@dataclass(frozen=True, slots=True)
class Lexicon:
    actors: tuple[tuple[str, ActorEntry], ...]
    cues: tuple[tuple[str, str], ...]  # (phrase, class)
    cue_suffix: dict[str, str]  # class -> suffix policy
    weapons: tuple[tuple[str, str], ...]  # (phrase, weapon class)
    weapons_plural: frozenset[str]  # broken plurals: pronoun endings only (مدافع, not مدافعين)
    weapon_events: dict[str, str]  # weapon class -> ACLED sub-event type
    models: tuple[tuple[str, str], ...]  # (phrase, model name)
    model_classes: dict[str, str]  # model name -> weapon class ("AH-64" -> fighter_jet)
    killed: dict[str, frozenset[str]]
    wounded: dict[str, frozenset[str]]
    casualty_words: dict[str, frozenset[str]]
    us_sites: tuple[str, ...]
    base_refs: tuple[str, ...]
    foreign_places: tuple[tuple[str, str], ...]  # (phrase, country)
    syria: tuple[str, ...]
    iran_held: frozenset[str] = frozenset()  # gazetteer keys of places Iran-aligned forces hold
    border_abroad: frozenset[str] = frozenset()  # gazetteer keys: Iraqi side of the border theatre
    host_towns: frozenset[str] = frozenset()  # us_sites that are also the towns hosting them


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read lexicon: {exc}") from None
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping at the top level")
    return data


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise LexiconError(f"{where}: expected a list of phrases")
    return [str(v) for v in value]


def _words(values: list[str]) -> frozenset[str]:
    return frozenset(fold(v) for v in values)


def load_lexicon(directory: Path | None = None) -> Lexicon:
    """Load the lexicons shipped with the package, or those in ``directory``."""
    base = directory or Path(str(resources.files("monitor.analysis") / "data"))
    actors: list[tuple[str, ActorEntry]] = []
    path = base / "actors.yaml"
    for i, entry in enumerate(_read(path).get("actors") or []):
        where = f"{path}: actors[{i}]"
        if not isinstance(entry, dict):
            raise LexiconError(f"{where}: expected a mapping")
        side, kind, name = entry.get("side"), entry.get("kind", "group"), entry.get("name")
        if side is not None and side not in _SIDES:
            raise LexiconError(f"{where} ({name!r}): field 'side': unknown side {side!r}")
        if kind not in _ACTOR_KINDS:
            raise LexiconError(f"{where} ({name!r}): field 'kind': unknown kind {kind!r}")
        if not isinstance(name, str) or not name:
            raise LexiconError(f"{where}: field 'name' is required")
        record = ActorEntry(name, side, kind)
        # words that may continue any of the names ("التحالف الدولي لمحاربة داعش"): the whole is
        # one name, so the group named in its mission is not read as a party
        extensions = [""] + [
            " " + e for e in _strings(entry.get("extensions") or [], f"{where}.extensions")
        ]
        for p in (
            p + e for p in _strings(entry.get("phrases"), f"{where}.phrases") for e in extensions
        ):
            actors.append((p, record))
            if "لإيران" in p or "من إيران" in p or "بإيران" in p:
                # the capital stands for the state: "الموالية لطهران", "المدعومة من طهران"
                actors.append((p.replace("إيران", "طهران"), record))

    path = base / "cues.yaml"
    cues: list[tuple[str, str]] = []
    suffix: dict[str, str] = {}
    for cls, body in (_read(path).get("classes") or {}).items():
        where = f"{path}: classes.{cls}"
        if not isinstance(body, dict):
            raise LexiconError(f"{where}: expected a mapping with 'phrases'")
        suffix[cls] = str(body.get("suffix", "infl"))
        if suffix[cls] not in ("none", "pron", "noun", "infl", "name", "pron_name"):
            raise LexiconError(f"{where}: field 'suffix' must be none, pron, noun or infl")
        cues.extend((p, cls) for p in _strings(body.get("phrases"), f"{where}.phrases"))

    path = base / "weapons.yaml"
    data = _read(path)
    weapons: list[tuple[str, str]] = []
    weapons_plural: set[str] = set()
    events: dict[str, str] = {}
    for cls, body in (data.get("weapons") or {}).items():
        where = f"{path}: weapons.{cls}"
        if not isinstance(body, dict) or "event_type" not in body:
            raise LexiconError(f"{where}: expected 'event_type' and 'phrases'")
        events[cls] = str(body["event_type"])
        weapons.extend((p, cls) for p in _strings(body.get("phrases"), f"{where}.phrases"))
        plural = _strings(body.get("broken_plurals") or [], f"{where}.broken_plurals")
        weapons.extend((p, cls) for p in plural)
        weapons_plural.update(plural)
    model_classes = {
        str(model): str(cls) for model, cls in (data.get("model_classes") or {}).items()
    }
    for model, cls in model_classes.items():
        if cls not in events:
            raise LexiconError(f"{path}: model_classes.{model}: unknown weapon class {cls!r}")
    models = [
        (p, str(model))
        for model, phrases in (data.get("models") or {}).items()
        for p in _strings(phrases, f"{path}: models.{model}")
    ]

    path = base / "casualties.yaml"
    data = _read(path)
    groups: dict[str, dict[str, frozenset[str]]] = {}
    for kind in ("killed", "wounded"):
        body = data.get(kind)
        if not isinstance(body, dict):
            raise LexiconError(f"{path}: '{kind}' must be a mapping")
        groups[kind] = {
            k: _words(_strings(body.get(k), f"{path}: {kind}.{k}"))
            for k in ("triggers", "nouns", "after")
        }
    words = {
        k: _words(_strings(data.get(k), f"{path}: {k}"))
        for k in ("toll", "person", "at_least", "approx", "vague", "negation")
    }
    # victim words (optional in an operator's own lexicon)
    for k in ("fighters", "personnel", "civilians", "neutral", "martyr", "preliminary"):
        words[k] = _words(_strings(data.get(k) or [], f"{path}: {k}"))

    path = base / "sites.yaml"
    data = _read(path)
    foreign = [
        (p, str(country))
        for country, phrases in (data.get("foreign_places") or {}).items()
        for p in _strings(phrases, f"{path}: foreign_places.{country}")
    ]
    us_sites = tuple(_strings(data.get("us_sites"), f"{path}: us_sites"))
    host_towns = frozenset(_strings(data.get("host_towns") or [], f"{path}: host_towns"))
    if stray := sorted(host_towns - set(us_sites)):
        raise LexiconError(f"{path}: host_towns: not in us_sites: {', '.join(stray)}")
    return Lexicon(
        actors=tuple(actors),
        cues=tuple(cues),
        cue_suffix=suffix,
        weapons=tuple(weapons),
        weapons_plural=frozenset(weapons_plural),
        weapon_events=events,
        models=tuple(models),
        model_classes=model_classes,
        killed=groups["killed"],
        wounded=groups["wounded"],
        casualty_words=words,
        us_sites=us_sites,
        base_refs=tuple(_strings(data.get("base_refs") or [], f"{path}: base_refs")),
        foreign_places=tuple(foreign),
        syria=tuple(_strings(data.get("syria"), f"{path}: syria")),
        iran_held=frozenset(_strings(data.get("iran_held") or [], f"{path}: iran_held")),
        border_abroad=frozenset(
            _strings(data.get("border_abroad") or [], f"{path}: border_abroad")
        ),
        host_towns=host_towns,
    )
