"""The gazetteer: places of Syria, the Iraq-Syria border and the neighbours, as data.

The places ship as JSON under ``monitor/analysis/data/gazetteer/`` (every ``*.json`` there is
loaded, in name order) and an operator can add or replace places with a JSON or YAML file of the
same format, without code (``load_gazetteer(extra=path)``)::

    {"places": [
      {"key": "sy-deir-ez-zor-city",
       "names_ar": ["دير الزور", "ديرالزور", "دير الزّور"],
       "name_en": "Deir ez-Zor", "admin1": "SY-DY", "country": "SY",
       "lat": 35.33588, "lon": 40.14084, "kind": "city",
       "source": "GeoNames cities1000 (CC-BY 4.0)"}
    ]}

Fields (all required unless said otherwise):

- ``key`` -- stable id, lower-case ASCII words joined by ``-`` (``base-al-tanf``).
- ``names_ar`` -- Arabic spellings *as written* (un-normalised: the text engine normalises both
  sides), the usual one first, with common variants (hamza, spacing, with or without ``ال``).
- ``name_en`` -- the English name used in Analysis ``locations[].name``.
- ``admin1`` -- ISO 3166-2 of the first-level division (``SY-DY``), ``null`` for a country or a
  region that spans several divisions; its country part must equal ``country``.
- ``country`` -- ISO 3166-1 alpha-2.
- ``lat``/``lon`` -- WGS84 degrees, both or neither (``null`` for a region without a point).
- ``kind`` -- one of :data:`KINDS`.
- ``source`` -- where the coordinates come from ("GeoNames cities1000 (CC-BY 4.0)",
  "Wikipedia: Al-Tanf garrison").
- ``needs_context`` (optional) -- the names of ``names_ar`` that are also common Arabic words or
  names of other things (``صدد`` "regarding", ``عنه`` "about him", ``هجين`` "hybrid", ``الحسينية``
  a Shia hall, ``القائم`` "the one in charge"). **Matchers must not take such a name as a place on
  its own**: only with a context cue next to it -- a place word before it (مدينة، بلدة، قرية،
  ناحية، حقل، قاعدة، مطار، معبر، ريف، منطقة، محيط، أطراف) or another gazetteer place of the same
  admin1 in the same sentence. The other names of the place match anywhere.
- ``override`` (optional, extra files only) -- ``true`` to replace a shipped place of the same
  key; without it a repeated key is an error.

A spelling may belong to several places: a governorate and its capital share one (``دير الزور``),
a border crossing carries the names of both towns. Both share ``admin1``; a matcher that must pick
one should prefer the more specific kind (see :data:`KIND_SPECIFICITY`), and the governorate when
the text says ``محافظة``.

Validation happens on load, and a bad file fails with :class:`GazetteerError` naming the file, the
entry and the field.

>>> places = load_gazetteer()
>>> tanf = next(p for p in places if p.key == "base-al-tanf")
>>> (tanf.admin1, tanf.kind)
('SY-HI', 'base')
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

__all__ = [
    "KINDS",
    "KIND_SPECIFICITY",
    "GazetteerError",
    "Place",
    "load_gazetteer",
    "parse_places",
]

#: The ``kind`` vocabulary, most specific first (used to pick one place for a shared name).
KIND_SPECIFICITY: tuple[str, ...] = (
    "base",
    "airport",
    "oil_field",
    "gas_field",
    "border_crossing",
    "village",
    "town",
    "city",
    "region",
    "governorate",
    "country",
)
KINDS: frozenset[str] = frozenset(KIND_SPECIFICITY)

_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_ADMIN1 = re.compile(r"^([A-Z]{2})-[A-Z0-9]{1,3}$")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")
_FIELDS = frozenset(
    {
        "key",
        "names_ar",
        "name_en",
        "admin1",
        "country",
        "lat",
        "lon",
        "kind",
        "source",
        "needs_context",
        "override",
    }
)


@dataclass(frozen=True, slots=True)
class Place:
    """One named place. See the module docstring for what each field means."""

    key: str
    names_ar: tuple[str, ...]
    name_en: str
    admin1: str | None
    country: str
    lat: float | None
    lon: float | None
    kind: str
    source: str
    needs_context: tuple[str, ...] = ()


class GazetteerError(ValueError):
    """A gazetteer file that cannot be used; the message names file, entry and field."""


def _fail(origin: str, index: int, key: object, field: str | None, problem: str) -> GazetteerError:
    where = f"{origin}: entry {index}"
    if isinstance(key, str) and key:
        where += f" ({key!r})"
    if field is not None:
        where += f", field {field!r}"
    return GazetteerError(f"{where}: {problem}")


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _coordinate(value: object, limit: float) -> float | None:
    """Return the number, None for null; raise ValueError for anything else or out of range."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"must be a number or null, got {value!r}")
    number = float(value)
    if not math.isfinite(number) or not -limit <= number <= limit:
        raise ValueError(f"must lie in -{limit:g}..{limit:g}, got {value!r}")
    return number


def _names(value: object, field: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ValueError(f"must be a list of Arabic strings, got {type(value).__name__}")
    names: list[str] = []
    for position, item in enumerate(value):
        name = _text(item)
        if name is None:
            raise ValueError(f"item {position} is empty or not a string: {item!r}")
        if not _ARABIC_LETTER.search(name):
            raise ValueError(f"item {position} {name!r} has no Arabic letter")
        if name in names:
            raise ValueError(f"item {position} {name!r} is listed twice")
        names.append(name)
    if field == "names_ar" and not names:
        raise ValueError("must name the place at least once")
    return tuple(names)


def _place(entry: object, origin: str, index: int) -> tuple[Place, bool]:
    if not isinstance(entry, Mapping):
        raise _fail(origin, index, None, None, f"must be an object, got {type(entry).__name__}")
    key = entry.get("key")

    def fail(field: str | None, problem: str) -> GazetteerError:
        return _fail(origin, index, key, field, problem)

    unknown = sorted(set(entry) - _FIELDS)
    if unknown:
        raise fail(unknown[0], f"unknown field (known: {', '.join(sorted(_FIELDS))})")
    for field in ("key", "names_ar", "name_en", "country", "kind", "source"):
        if field not in entry:
            raise fail(field, "is missing")
    if not isinstance(key, str) or not _KEY.match(key):
        raise fail("key", f"must be lower-case ASCII words joined by '-', got {key!r}")
    try:
        names_ar = _names(entry["names_ar"], "names_ar")
    except ValueError as exc:
        raise fail("names_ar", str(exc)) from None
    try:
        needs_context = _names(entry.get("needs_context", []), "needs_context")
    except ValueError as exc:
        raise fail("needs_context", str(exc)) from None
    stray = [name for name in needs_context if name not in names_ar]
    if stray:
        raise fail("needs_context", f"{stray[0]!r} is not one of names_ar")
    name_en = _text(entry["name_en"])
    if name_en is None:
        raise fail("name_en", "must be a non-empty string")
    country = entry["country"]
    if not isinstance(country, str) or not _COUNTRY.match(country):
        raise fail("country", f"must be ISO 3166-1 alpha-2 like 'SY', got {country!r}")
    admin1 = entry.get("admin1")
    if admin1 is not None:
        match = _ADMIN1.match(admin1) if isinstance(admin1, str) else None
        if match is None:
            raise fail("admin1", f"must be ISO 3166-2 like 'SY-DY' or null, got {admin1!r}")
        if match.group(1) != country:
            raise fail("admin1", f"{admin1!r} is not a division of country {country!r}")
    kind = entry["kind"]
    if kind not in KINDS:
        raise fail("kind", f"must be one of {', '.join(KIND_SPECIFICITY)}, got {kind!r}")
    if kind == "country" and admin1 is not None:
        raise fail("admin1", "a country has no admin1 (use null)")
    try:
        lat = _coordinate(entry.get("lat"), 90.0)
    except ValueError as exc:
        raise fail("lat", str(exc)) from None
    try:
        lon = _coordinate(entry.get("lon"), 180.0)
    except ValueError as exc:
        raise fail("lon", str(exc)) from None
    if (lat is None) != (lon is None):
        raise fail("lat" if lat is None else "lon", "lat and lon must be given together")
    source = _text(entry["source"])
    if source is None:
        raise fail("source", "must say where the coordinates come from")
    override = entry.get("override", False)
    if not isinstance(override, bool):
        raise fail("override", f"must be true or false, got {override!r}")
    place = Place(
        key=key,
        names_ar=names_ar,
        name_en=name_en,
        admin1=admin1,
        country=country,
        lat=lat,
        lon=lon,
        kind=kind,
        source=source,
        needs_context=needs_context,
    )
    return place, override


def parse_places(document: object, origin: str) -> list[tuple[Place, bool]]:
    """Validate a decoded gazetteer document (``{"places": [...]}`` or a bare list).

    Returns each place with its ``override`` flag; ``origin`` names the file in error messages.
    Keys must be unique within one document.
    """
    entries = document.get("places") if isinstance(document, Mapping) else document
    if not isinstance(entries, list):
        raise GazetteerError(f"{origin}: expected a list of places or an object with 'places'")
    parsed: list[tuple[Place, bool]] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        place, override = _place(entry, origin, index)
        if place.key in seen:
            raise _fail(
                origin, index, place.key, "key", f"repeats the key of entry {seen[place.key]}"
            )
        seen[place.key] = index
        parsed.append((place, override))
    return parsed


def _read(path: Path) -> object:
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix.lower() in {".yaml", ".yml"}:
            return yaml.safe_load(text)
        return json.loads(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise GazetteerError(f"{path}: not valid {path.suffix.lstrip('.').upper()}: {exc}") from exc


def _merge(places: Iterable[tuple[Place, bool]], into: dict[str, Place], origin: str) -> None:
    for place, override in places:
        if place.key in into and not override:
            raise GazetteerError(
                f"{origin}: key {place.key!r} is already defined "
                f'(set "override": true to replace it)'
            )
        into[place.key] = place


@lru_cache(maxsize=1)
def _shipped() -> tuple[Place, ...]:
    folder = resources.files("monitor.analysis") / "data" / "gazetteer"
    merged: dict[str, Place] = {}
    for resource in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if not resource.name.endswith(".json"):
            continue
        origin = f"monitor/analysis/data/gazetteer/{resource.name}"
        try:
            document = json.loads(resource.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise GazetteerError(f"{origin}: not valid JSON: {exc}") from exc
        _merge(parse_places(document, origin), merged, origin)
    return tuple(merged.values())


def load_gazetteer(extra: Path | None = None) -> tuple[Place, ...]:
    """Return every shipped place, plus those of ``extra`` (a JSON or YAML file) if given.

    Places of ``extra`` are appended; one with ``"override": true`` replaces the shipped place
    of the same key in place. Raises :class:`GazetteerError` on any invalid entry.
    """
    shipped = _shipped()
    if extra is None:
        return shipped
    path = Path(extra)
    if not path.is_file():
        raise GazetteerError(f"{path}: no such gazetteer file")
    merged = {place.key: place for place in shipped}
    _merge(parse_places(_read(path), str(path)), merged, str(path))
    return tuple(merged.values())
