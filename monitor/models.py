"""The data contracts: what travels on every topic (see ``monitor/schemas/`` and DESIGN.md).

All records are frozen pydantic models serialised as JSON with a ``schema_version``. Timestamps are
timezone-aware UTC and serialise as ISO 8601 (``2023-03-25T09:30:00Z``). Use :func:`dumps` /
:func:`loads_*` rather than ad-hoc ``json`` calls: they are the one place that encodes records
(orjson, about ten times faster than ``json``).

>>> item = NewsItem(item_id="f1:abc", feed_id="f1", outlet="Example", url="https://example.org/a",
...                 title="عنوان", fetched_at=datetime(2024, 2, 3, tzinfo=UTC))
>>> loads_news_item(dumps(item)) == item
True
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

import orjson
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

__all__ = [
    "REPLAY_HEADER",
    "SCHEMA_VERSION",
    "Actor",
    "Alert",
    "AlertReport",
    "AnalysedItem",
    "Analysis",
    "Casualty",
    "CasualtyFigure",
    "DeadLetter",
    "Evidence",
    "IncidentFacts",
    "Location",
    "MergedCasualties",
    "NewsItem",
    "Quote",
    "RecordError",
    "Side",
    "dumps",
    "loads_alert",
    "loads_analysed_item",
    "loads_analysis",
    "loads_news_item",
    "loads_news_item_lenient",
    "salvage_timestamps",
]

SCHEMA_VERSION = 1

REPLAY_HEADER = "marsad-replay"
"""Kafka record header ``marsad replay`` sets on every item it sends (value: the replay name,
UTF-8), so consumers and dashboards can tell replay from live traffic. Analysis ignores headers
(replays stay deterministic); the worker keeps replayed items out of the end-to-end latency."""


def _utc(value: datetime) -> datetime:
    # The contract is UTC: a timestamp written without an offset is read as UTC, not rejected.
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


UtcDatetime = Annotated[datetime, AfterValidator(_utc)]

Side = Literal[
    "us_coalition",
    "iran_aligned",
    "syrian_government",
    "russia",
    "isis",
    "sdf",
    "turkey",
    "israel",
    "other",
]
Role = Literal["attacker", "target", "mentioned"]
CasualtyKind = Literal["killed", "wounded"]
Qualifier = Literal["exact", "at_least", "approx"]
Severity = Literal["low", "medium", "high", "critical"]
TextField = Literal["title", "summary", "body"]


class _Record(BaseModel):
    # Serialised records always carry every field, so the published schemas require them all.
    # Unknown fields are ignored on reading (a newer producer may add some; schema_version says
    # when a change is incompatible); what Marsad writes has exactly the published fields.
    model_config = ConfigDict(
        frozen=True,
        extra="ignore",
        json_schema_serialization_defaults_required=True,
        json_schema_extra={"additionalProperties": False},
    )


class NewsItem(_Record):
    """One feed entry, normalised. Key on ``news.raw`` = ``item_id``."""

    schema_version: int = SCHEMA_VERSION
    item_id: str = Field(
        min_length=1, description="Stable: same entry of the same feed -> same id."
    )
    feed_id: str = Field(min_length=1)
    outlet: str
    url: str = Field(description="Canonical URL, tracking parameters removed.")
    title: str
    summary: str = ""
    body: str = Field(default="", description="Plain text.")
    lang: str | None = Field(default=None, description="ISO 639-1 code, e.g. 'ar'.")
    published_at: UtcDatetime | None = None
    fetched_at: UtcDatetime

    @property
    def reference_time(self) -> datetime:
        """The time the story speaks from: publication, else fetch."""
        return self.published_at or self.fetched_at


class Evidence(_Record):
    """A phrase that contributed to the verdict; ``start``/``end`` index the original field text."""

    phrase: str
    field: TextField
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    kind: str = Field(description="e.g. actor, place, event, weapon, casualty, denial, hedge")
    weight: float = 0.0


class Actor(_Record):
    name: str
    side: Side
    role: Role = "mentioned"


class Location(_Record):
    text: str = Field(description="The words as written in the article.")
    name: str = Field(description="English gazetteer name.")
    admin1: str | None = Field(default=None, description="ISO 3166-2, e.g. SY-DY.")
    country: str = Field(description="ISO 3166-1 alpha-2.")
    lat: float | None = None
    lon: float | None = None
    kind: str = Field(
        description="city, town, village, base, oil_field, border_crossing, region, ..."
    )


class Casualty(_Record):
    kind: CasualtyKind
    count: int = Field(ge=0)
    side: Side | None = None
    qualifier: Qualifier = "exact"


class Quote(_Record):
    name: str
    role: str | None = None


class Analysis(_Record):
    """The verdict on one NewsItem and the facts extracted from it. Key on ``news.analysed``."""

    schema_version: int = SCHEMA_VERSION
    item_id: str
    relevant: bool
    score: float = Field(ge=0.0, le=1.0)
    hedged: bool = Field(default=False, description="Attribution is hedged ('طيران مجهول').")
    flags: tuple[str, ...] = Field(default=(), description="e.g. denial, hedged, background_only")
    evidence: tuple[Evidence, ...] = ()
    event_types: tuple[str, ...] = ()
    actors: tuple[Actor, ...] = ()
    locations: tuple[Location, ...] = ()
    casualties: tuple[Casualty, ...] = ()
    weapons: tuple[str, ...] = ()
    event_date: date | None = None
    quoted: tuple[Quote, ...] = ()
    engine_version: str = ""


class AnalysedItem(_Record):
    """Internal envelope on the incident-route topic: the item and its analysis together."""

    schema_version: int = SCHEMA_VERSION
    item: NewsItem
    analysis: Analysis


class CasualtyFigure(_Record):
    """One source's figure for one casualty kind."""

    count: int
    qualifier: Qualifier = "exact"
    outlet: str
    item_id: str


class MergedCasualties(_Record):
    kind: CasualtyKind
    side: Side | None = None
    min: int
    max: int
    figures: tuple[CasualtyFigure, ...]


class IncidentFacts(_Record):
    event_types: tuple[str, ...] = ()
    actors: tuple[Actor, ...] = ()
    sides: tuple[Side, ...] = ()
    locations: tuple[Location, ...] = ()
    admin1: tuple[str, ...] = ()
    casualties: tuple[MergedCasualties, ...] = ()
    weapons: tuple[str, ...] = ()
    event_date: date | None = None
    quoted: tuple[Quote, ...] = ()


class AlertReport(_Record):
    outlet: str
    url: str
    title: str
    published_at: UtcDatetime | None = None
    item_id: str


class Alert(_Record):
    """One incident, new or updated. Key on ``alerts`` = ``incident_id``.

    ``alert_id`` is ``f"{incident_id}:v{version}"``: an at-least-once duplicate has the same id.
    """

    schema_version: int = SCHEMA_VERSION
    alert_id: str
    incident_id: str
    version: int = Field(ge=1)
    status: Literal["new", "update"]
    severity: Severity
    headline: str
    summary_en: str
    facts: IncidentFacts
    reports: tuple[AlertReport, ...]
    changes: tuple[str, ...] = Field(default=(), description="Why this version exists.")
    first_seen: UtcDatetime
    last_seen: UtcDatetime
    profile: str


class DeadLetter(_Record):
    """A record that could not be processed. ``original`` is the raw value, base64 if not UTF-8."""

    schema_version: int = SCHEMA_VERSION
    reason: str = Field(description="Short machine-readable reason, e.g. bad_json, invalid_record")
    error: str = Field(description="Human-readable detail.")
    stage: str = Field(description="poller, worker.analyse, worker.incidents, webhook, ...")
    source_topic: str | None = None
    partition: int | None = None
    offset: int | None = None
    key: str | None = None
    original: str = ""
    original_encoding: Literal["utf-8", "base64"] = "utf-8"
    failed_at: UtcDatetime


class RecordError(ValueError):
    """A record on a topic or in a file is not valid JSON or breaks its contract."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def dumps(record: BaseModel) -> bytes:
    """Encode a record as compact JSON bytes (UTF-8, Arabic kept as is)."""
    return orjson.dumps(record.model_dump(mode="json"))


def _loads(model: type[Any], data: bytes | str) -> Any:
    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise RecordError("bad_json", str(exc)) from None
    if not isinstance(raw, dict):
        raise RecordError("invalid_record", f"expected a JSON object, got {type(raw).__name__}")
    version = raw.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise RecordError("schema_version", f"unsupported schema_version {version!r}")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '<root>'}: {e['msg']}" for e in exc.errors()
        )
        raise RecordError("invalid_record", problems) from None


def loads_news_item(data: bytes | str) -> NewsItem:
    """Decode a NewsItem; raises :class:`RecordError` with a clear reason."""
    item: NewsItem = _loads(NewsItem, data)
    return item


def loads_news_item_lenient(data: bytes | str) -> tuple[NewsItem, str | None]:
    """Like :func:`loads_news_item` for files people hand in (``marsad analyze``, ``marsad
    replay``): a loosely written timestamp is read as far as it goes instead of losing the whole
    article. Returns the item and a note of what was mended (None when nothing was).
    """
    try:
        return loads_news_item(data), None
    except RecordError as exc:
        mended = salvage_timestamps(data) if exc.reason == "invalid_record" else None
        if mended is None:
            raise
        try:
            return loads_news_item(mended[0]), mended[1]
        except RecordError:
            raise exc from None


# A loose date ("2022-01-05 ...", "2022-01 (...)", "2023-2024 ..."): the year, then month and day
# where they are given (a range "2023-2024" is read as its first year).
_LOOSE_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?!\d))?(?:-(\d{1,2})(?!\d))?")


def salvage_timestamps(line: bytes | str) -> tuple[str, str] | None:
    """``line`` with its loose timestamps made ISO 8601 (noon UTC of the first day they name) and
    a note of what was read; None when it is not a JSON object or no timestamp needs mending.

    >>> salvage_timestamps('{"fetched_at": "2022-01 (x)"}')[1]
    "fetched_at '2022-01 (x)' read as 2022-01-01T12:00:00Z"
    """
    try:
        row = json.loads(line)
    except ValueError:
        return None
    if not isinstance(row, dict):
        return None
    notes = []
    for key in ("published_at", "fetched_at"):
        value = row.get(key)
        if not isinstance(value, str):
            continue
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
            continue
        except ValueError:
            pass
        fixed = None
        match = _LOOSE_DATE.match(value)
        if match:
            year, month, day = match.group(1), match.group(2) or "1", match.group(3) or "1"
            try:
                fixed = f"{datetime(int(year), int(month), int(day), 12):%Y-%m-%dT%H:%M:%SZ}"
            except ValueError:
                fixed = None
        row[key] = fixed
        notes.append(f"{key} {value!r} read as {fixed or 'unknown'}")
    if not notes:
        return None
    if not row.get("fetched_at"):
        # The contract needs a fetch time: the publication time is the best stand-in.
        row["fetched_at"] = row.get("published_at")
    return json.dumps(row, ensure_ascii=False), "; ".join(notes)


def loads_analysis(data: bytes | str) -> Analysis:
    analysis: Analysis = _loads(Analysis, data)
    return analysis


def loads_analysed_item(data: bytes | str) -> AnalysedItem:
    env: AnalysedItem = _loads(AnalysedItem, data)
    return env


def loads_alert(data: bytes | str) -> Alert:
    alert: Alert = _loads(Alert, data)
    return alert
