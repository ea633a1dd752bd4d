"""Watch profiles and the severity rule table: what raises an alert, and how bad it is.

A profiles file is YAML with two top-level keys (``profiles/default.yaml`` is the built-in one)::

    severity:                 # evaluated top to bottom, the first rule whose conditions all hold
      - level: critical       # wins; an incident that matches none is "low"
        killed_min: 1
        casualty_sides: [us_coalition]
      - level: high
        killed_min: 5
    profiles:                 # evaluated in order; the first that matches names the alert
      - name: us-iran-syria
        sides: [us_coalition, iran_aligned]     # any of these involved (empty: any side)
        places:                                  # any entry matches (empty: anywhere)
          - {country: SY}
          - {admin1: IQ-AN, near: [34.38, 40.99], radius_km: 60}   # Iraq-Syria border
        event_types: []                          # any of these (empty: any type)
        min_severity: low
        unknown_place: true                      # a report that names no place still alerts

Severity conditions (all given ones must hold):

==================  ==========================================================================
``killed_min``      a killed figure >= n (the highest figure any outlet reported)
``wounded_min``     a wounded figure >= n
``casualty_sides``  restricts ``killed_min``/``wounded_min`` to figures about these sides
``location_kinds``  a place of one of these kinds was hit (``base``, ``oil_field``, ...)
``target_sides``    an actor of one of these sides is named as the target
``attacker_sides``  an actor of one of these sides is named as the attacker
``event_types``     one of these event types
``weapons``         one of these weapons
==================  ==========================================================================

The default table (``profiles/default.yaml``), first match wins:

============  ===============================================================================
critical      US/coalition personnel killed
high          5 or more killed (any side); any attack on a base; US/coalition personnel wounded
medium        any killed or wounded; any air/drone strike, shelling, IED, armed clash or attack
low           everything else (a drone shot down, disrupted weapons use, statements)
============  ===============================================================================

The highest reported figure counts (not the most conservative one): a watch team would rather be
paged for a figure one outlet reports than miss it; ``facts.casualties`` carries every outlet's
figure with min and max, so the reader sees the spread. A "base" is any place of kind ``base``
(a US/coalition garrison or a militia base alike).

:func:`load_profiles` validates the file and raises :class:`ProfileFileError` naming the file, the
line, the entry and the field (``p.yaml:7: profiles[0] (name 'x'): sides[1]: ...``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from monitor.incidents.geo import haversine_km
from monitor.models import Location, Severity, Side

__all__ = [
    "DEFAULT_PROFILE_FILE",
    "SEVERITY_ORDER",
    "PlaceRule",
    "Profile",
    "ProfileFileError",
    "ProfileSet",
    "SeverityRule",
    "load_default_profiles",
    "load_profiles",
    "parse_profiles",
]

DEFAULT_PROFILE_FILE = "default.yaml"
SEVERITY_ORDER: tuple[Severity, ...] = ("low", "medium", "high", "critical")


class ProfileFileError(ValueError):
    """The profiles file cannot be used; the message says where and why."""


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PlaceRule(_Strict):
    """One place of interest: every given criterion must hold for a location to match."""

    country: str | None = Field(default=None, description="ISO 3166-1 alpha-2, e.g. SY.")
    admin1: str | None = Field(default=None, description="ISO 3166-2, e.g. SY-DY.")
    near: tuple[float, float] | None = Field(default=None, description="[lat, lon] of a centre.")
    radius_km: float = Field(default=50.0, gt=0, description="Radius around `near`.")

    @field_validator("country")
    @classmethod
    def _country(cls, v: str | None) -> str | None:
        if v is not None and (len(v) != 2 or not v.isalpha() or not v.isupper()):
            raise ValueError(f"{v!r} is not an ISO 3166-1 alpha-2 code like 'SY'")
        return v

    @field_validator("admin1")
    @classmethod
    def _admin1(cls, v: str | None) -> str | None:
        if v is not None and (len(v) < 4 or v[2] != "-" or not v[:2].isupper()):
            raise ValueError(f"{v!r} is not an ISO 3166-2 code like 'SY-DY'")
        return v

    @field_validator("near")
    @classmethod
    def _near(cls, v: tuple[float, float] | None) -> tuple[float, float] | None:
        if v is not None and not (-90 <= v[0] <= 90 and -180 <= v[1] <= 180):
            raise ValueError(f"{list(v)} is not [lat, lon] (lat -90..90, lon -180..180)")
        return v

    def matches(self, loc: Location) -> bool:
        if self.country is not None and loc.country != self.country:
            return False
        if self.admin1 is not None and loc.admin1 != self.admin1:
            return False
        if self.near is not None:
            if loc.lat is None or loc.lon is None:
                return False
            return haversine_km(self.near[0], self.near[1], loc.lat, loc.lon) <= self.radius_km
        return self.country is not None or self.admin1 is not None


class SeverityRule(_Strict):
    """One row of the severity table; every given condition must hold (see module doc)."""

    level: Severity
    killed_min: int | None = Field(default=None, ge=0)
    wounded_min: int | None = Field(default=None, ge=0)
    casualty_sides: tuple[Side, ...] = ()
    location_kinds: tuple[str, ...] = ()
    target_sides: tuple[Side, ...] = ()
    attacker_sides: tuple[Side, ...] = ()
    event_types: tuple[str, ...] = ()
    weapons: tuple[str, ...] = ()


class Profile(_Strict):
    """What one watch team cares about."""

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    description: str = ""
    sides: tuple[Side, ...] = Field(default=(), description="Any of these involved; empty: any.")
    places: tuple[PlaceRule, ...] = Field(default=(), description="Any matches; empty: anywhere.")
    event_types: tuple[str, ...] = Field(default=(), description="Any of these; empty: any.")
    min_severity: Severity = "low"
    unknown_place: bool = Field(
        default=True, description="Alert on incidents whose reports name no place at all."
    )

    def matches_place(self, locations: Iterable[Location]) -> bool:
        locs = list(locations)
        if not self.places:
            return True
        if not locs:
            return self.unknown_place
        return any(rule.matches(loc) for loc in locs for rule in self.places)


class ProfileSet(_Strict):
    """A parsed profiles file: the profiles in order and the severity table."""

    profiles: tuple[Profile, ...]
    severity: tuple[SeverityRule, ...] | None = Field(
        default=None, description="The severity table; absent: the built-in default table."
    )

    @field_validator("profiles")
    @classmethod
    def _unique(cls, v: tuple[Profile, ...]) -> tuple[Profile, ...]:
        if not v:
            raise ValueError("list at least one profile")
        seen: set[str] = set()
        for p in v:
            if p.name in seen:
                raise ValueError(f"profile name {p.name!r} is used twice")
            seen.add(p.name)
        return v


def _line_of(root: yaml.Node | None, loc: Sequence[int | str]) -> int | None:
    """1-based line of the YAML node at a pydantic error location (best effort)."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if 0 <= part < len(node.value) else None
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _describe(loc: Sequence[int | str], raw: Any) -> str:
    """``profiles[0] (name 'x'): places[1].near`` from a pydantic error location."""
    if not loc:
        return "<root>"
    head, rest = str(loc[0]), list(loc[1:])
    if rest and isinstance(rest[0], int):
        idx: int = rest.pop(0)  # type: ignore[assignment]
        head += f"[{idx}]"
        entries = raw.get(loc[0]) if isinstance(raw, dict) else None
        entry = entries[idx] if isinstance(entries, list) and 0 <= idx < len(entries) else None
        if isinstance(entry, dict) and "name" in entry:
            head += f" (name {entry['name']!r})"
    tail = ""
    for part in rest:
        tail += f"[{part}]" if isinstance(part, int) else ("." if tail else "") + str(part)
    return f"{head}: {tail}" if tail else head


def parse_profiles(text: str, source: str = "<profiles>") -> ProfileSet:
    """Parse and validate a profiles document; raises :class:`ProfileFileError`."""
    try:
        raw = yaml.safe_load(text)
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise ProfileFileError(f"{source}{where}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict) or "profiles" not in raw:
        raise ProfileFileError(
            f"{source}: expected a mapping with a 'profiles' list (and optionally 'severity')"
        )
    try:
        return ProfileSet.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            line = _line_of(root, loc)
            where = f"{source}:{line}" if line else source
            msg = err["msg"].removeprefix("Value error, ")
            problems.append(f"{where}: {_describe(loc, raw)}: {msg}")
        raise ProfileFileError("\n".join(problems)) from None


def load_profiles(path: Path | str) -> ProfileSet:
    """Read and validate a profiles YAML file; raises :class:`ProfileFileError`."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileFileError(f"{p}: cannot read: {exc.strerror or exc}") from None
    return parse_profiles(text, str(p))


def load_default_profiles() -> ProfileSet:
    """The packaged default (``monitor/incidents/profiles/default.yaml``)."""
    text = (
        resources.files("monitor.incidents")
        .joinpath("profiles")
        .joinpath(DEFAULT_PROFILE_FILE)
        .read_text(encoding="utf-8")
    )
    return parse_profiles(text, f"<built-in {DEFAULT_PROFILE_FILE}>")
