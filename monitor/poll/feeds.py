"""The feeds file: which feeds to poll, how often.

A YAML file with one top-level key::

    feeds:
      - id: aljazeera            # unique, [A-Za-z0-9_.-]; labels metrics and prefixes item ids
                                 # (renaming it re-publishes the entries the feed still lists)
        url: https://www.aljazeera.net/aljazeerarss/...
        outlet: الجزيرة نت
        interval_s: 300          # optional (default MARSAD_DEFAULT_INTERVAL_S)
        lang: ar                 # optional: the feed's language when its documents do not say
        enabled: true            # optional

A wrong file fails fast with :class:`FeedsFileError`, whose message names the file, the entry
(index and id) and the field, e.g. ``feeds.yaml: feeds[2] (id 'x'): url: must be http(s)://...``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

__all__ = ["Feed", "FeedsFileError", "enabled", "load_feeds", "parse_feeds", "parse_shard", "shard"]

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_SCHEMES = ("http", "https", "file")


class FeedsFileError(ValueError):
    """The feeds file cannot be used; the message says where and why."""


class Feed(BaseModel):
    """One configured feed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(description="Unique feed id: metrics label and item-id prefix.")
    url: str = Field(description="http(s):// URL, or file:// for a recorded feed document.")
    outlet: str = Field(min_length=1, description="The outlet's display name (Arabic is fine).")
    interval_s: float | None = Field(default=None, gt=0, description="Poll interval, seconds.")
    lang: str | None = Field(default=None, description="ISO 639-1 fallback language, e.g. 'ar'.")
    enabled: bool = True

    @field_validator("id")
    @classmethod
    def _check_id(cls, v: str) -> str:
        if not _ID_RE.match(v):
            raise ValueError(
                "must be 1-64 characters of letters, digits, '_', '.', '-' (it labels metrics)"
            )
        return v

    @field_validator("url")
    @classmethod
    def _check_url(cls, v: str) -> str:
        parts = urlsplit(v.strip())
        if parts.scheme.lower() not in _SCHEMES:
            raise ValueError(f"must be http://, https:// or file:// (got {v!r})")
        if parts.scheme.lower() != "file" and not parts.hostname:
            raise ValueError(f"has no host name (got {v!r})")
        if parts.scheme.lower() == "file" and not parts.path:
            raise ValueError(f"file:// URL has no path (got {v!r})")
        return v.strip()

    @field_validator("lang")
    @classmethod
    def _check_lang(cls, v: str | None) -> str | None:
        if v is None:
            return None
        code = v.strip().lower().replace("_", "-").split("-")[0]
        if not re.fullmatch(r"[a-z]{2,3}", code):
            raise ValueError(f"must be an ISO 639 code such as 'ar' (got {v!r})")
        return code

    def interval(self, default_s: float) -> float:
        """The poll interval in seconds, falling back to the configured default."""
        return self.interval_s if self.interval_s is not None else default_s


def _entry_label(index: int, raw: Any) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return f"feeds[{index}] (id {raw['id']!r})"
    return f"feeds[{index}]"


def parse_feeds(data: Any, source: str = "<feeds>") -> list[Feed]:
    """Validate already-loaded YAML data; ``source`` names the file in error messages."""
    if not isinstance(data, dict) or "feeds" not in data:
        raise FeedsFileError(f"{source}: expected a mapping with a top-level 'feeds:' list")
    unknown = sorted(set(data) - {"feeds"})
    if unknown:
        raise FeedsFileError(f"{source}: unknown top-level key(s) {', '.join(unknown)}")
    entries = data["feeds"]
    if not isinstance(entries, list):
        raise FeedsFileError(f"{source}: 'feeds' must be a list, got {type(entries).__name__}")
    feeds: list[Feed] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(entries):
        label = _entry_label(index, raw)
        if not isinstance(raw, dict):
            raise FeedsFileError(f"{source}: {label}: expected a mapping, got {type(raw).__name__}")
        try:
            feed = Feed.model_validate(raw)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or '<entry>'}: {e['msg']}"
                for e in exc.errors()
            )
            raise FeedsFileError(f"{source}: {label}: {problems}") from None
        if feed.id in seen:
            raise FeedsFileError(
                f"{source}: {label}: id: duplicate feed id {feed.id!r} "
                f"(already used by feeds[{seen[feed.id]}])"
            )
        seen[feed.id] = index
        feeds.append(feed)
    return feeds


def load_feeds(path: Path | str) -> list[Feed]:
    """Read and validate a feeds file; raises :class:`FeedsFileError` naming file/entry/field."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FeedsFileError(f"{path}: feeds file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FeedsFileError(f"{path}: cannot read feeds file: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise FeedsFileError(f"{path}:{where}: invalid YAML: {problem}") from None
    return parse_feeds(data, source=str(path))


def enabled(feeds: Sequence[Feed]) -> list[Feed]:
    """The feeds to poll."""
    return [f for f in feeds if f.enabled]


def parse_shard(text: str) -> tuple[int, int]:
    """``"I/N"`` (e.g. ``"0/3"``) -> (index, count); raises ValueError with a clear message."""
    try:
        index_text, count_text = text.split("/")
        index, count = int(index_text), int(count_text)
    except ValueError:
        raise ValueError(f"shard must look like I/N, e.g. 0/3 (got {text!r})") from None
    if count < 1 or not 0 <= index < count:
        raise ValueError(f"shard {text!r}: need N >= 1 and 0 <= I < N")
    return index, count


def shard(feeds: Sequence[Feed], index: int, count: int) -> list[Feed]:
    """The feeds poller replica ``index`` of ``count`` owns: a stable hash of the feed id, so
    every replica computes the same split from the same file, and adding a feed moves no other."""
    return [
        f
        for f in feeds
        if int.from_bytes(hashlib.sha256(f.id.encode()).digest()[:8], "big") % count == index
    ]
