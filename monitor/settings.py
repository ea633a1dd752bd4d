"""One settings object for every Marsad process.

Every environment variable the project reads is a field here, with the prefix ``MARSAD_``
(``MARSAD_KAFKA_BOOTSTRAP``, ``MARSAD_TOPIC_PREFIX``, ...). Secrets are ``SecretStr``: they print as
``**********`` and :meth:`Settings.as_dict` redacts them, so logging the settings is always safe.

>>> s = Settings(kafka_bootstrap="kafka:9092", topic_prefix="marsad.replay.x.")
>>> s.topics.raw
'marsad.replay.x.news.raw'
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "MARSAD_"
DEFAULT_TOPIC_PREFIX = "marsad."


class SecurityProtocol(StrEnum):
    PLAINTEXT = "PLAINTEXT"
    SSL = "SSL"
    SASL_PLAINTEXT = "SASL_PLAINTEXT"
    SASL_SSL = "SASL_SSL"


class SaslMechanism(StrEnum):
    PLAIN = "PLAIN"
    SCRAM_SHA_256 = "SCRAM-SHA-256"
    SCRAM_SHA_512 = "SCRAM-SHA-512"


class Topics(NamedTuple):
    """The topic names of one namespace (live, or one replay)."""

    raw: str
    """NewsItem records from the poller, key = item_id."""
    analysed: str
    """Every item's Analysis (verdict and evidence), key = item_id."""
    alerts: str
    """Alert records, key = incident_id."""
    deadletter: str
    """Anything that could not be processed, with the reason and the original bytes."""
    incident_route: str
    """Internal: relevant analyses re-keyed by cluster key, so one incident's reports meet."""

    @classmethod
    def for_prefix(cls, prefix: str) -> Topics:
        return cls(
            raw=f"{prefix}news.raw",
            analysed=f"{prefix}news.analysed",
            alerts=f"{prefix}alerts",
            deadletter=f"{prefix}deadletter",
            incident_route=f"{prefix}incidents.route",
        )


class Settings(BaseSettings):
    """All of Marsad's configuration; read from ``MARSAD_*`` environment variables and ``.env``."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", extra="ignore", frozen=True
    )

    # --- Kafka -------------------------------------------------------------------------------
    kafka_bootstrap: str | None = Field(
        default=None,
        description="Comma-separated host:port list; unset: `marsad run` embeds a broker.",
    )
    topic_prefix: str = Field(
        default=DEFAULT_TOPIC_PREFIX, description="Prefix of every topic name."
    )
    topic_partitions: int = Field(
        default=6, ge=1, description="Partitions of topics Marsad creates."
    )
    topic_replication: int = Field(default=1, ge=1, description="Replication factor of new topics.")
    kafka_security_protocol: SecurityProtocol = SecurityProtocol.PLAINTEXT
    kafka_sasl_mechanism: SaslMechanism | None = None
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_cafile: Path | None = None
    kafka_ssl_certfile: Path | None = None
    kafka_ssl_keyfile: Path | None = None
    kafka_ssl_password: SecretStr | None = None
    kafka_client_id: str = "marsad"

    # --- worker ------------------------------------------------------------------------------
    worker_group: str = Field(default="marsad-worker", description="Consumer group / Faust app id.")
    # Tansu holds a JoinGroup for half the session timeout; Faust's 60 s default made a worker take
    # 33 s to its first message. 6 s keeps start-up to a few seconds and still tolerates GC pauses.
    worker_session_timeout_s: float = Field(default=6.0, gt=0)
    profile_file: Path | None = Field(
        default=None, description="Watch profile YAML (default built in)."
    )

    # --- poller ------------------------------------------------------------------------------
    feeds_file: Path | None = None
    poll_concurrency: int = Field(default=8, ge=1)
    fetch_timeout_s: float = Field(default=20.0, gt=0)
    fetch_max_bytes: int = Field(default=5 * 1024 * 1024, gt=0)
    default_interval_s: float = Field(default=300.0, gt=0)
    seen_capacity: int = Field(
        default=200_000, ge=1000, description="Bound of the dedupe seen-set."
    )

    # --- state and archive ---------------------------------------------------------------------
    state_dir: Path = Field(
        default=Path(".marsad"), description="Seen-set, worker tables, broker data."
    )
    archive_dir: Path | None = Field(default=None, description="Default: <state_dir>/archive.")
    archive_retention_days: int = Field(default=30, ge=0, description="0 keeps archives forever.")
    archive_raw_documents: bool = Field(default=False, description="Also keep fetched feed bodies.")

    # --- sinks ---------------------------------------------------------------------------------
    webhook_url: str | None = None
    webhook_format: str = Field(default="json", pattern="^(json|slack)$")

    # --- metrics and logs -----------------------------------------------------------------------
    metrics_port: int = Field(default=9108, ge=0, le=65535, description="0 disables /metrics.")
    metrics_host: str = "0.0.0.0"
    log_level: str = "INFO"

    @field_validator("kafka_bootstrap")
    @classmethod
    def _blank_is_unset(cls, v: str | None) -> str | None:
        return v.strip() or None if v is not None else None

    @property
    def topics(self) -> Topics:
        return Topics.for_prefix(self.topic_prefix)

    @property
    def archive_path(self) -> Path:
        return self.archive_dir if self.archive_dir is not None else self.state_dir / "archive"

    def as_dict(self) -> dict[str, Any]:
        """Settings as plain values, secrets redacted: safe to log or print."""
        out: dict[str, Any] = {}
        for name, value in self.model_dump().items():
            if isinstance(value, SecretStr):
                out[name] = "**********" if value.get_secret_value() else ""
            elif isinstance(value, Path):
                out[name] = str(value)
            else:
                out[name] = value
        return out

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with some fields changed (settings are frozen)."""
        return self.model_copy(update=changes)
