"""Every Prometheus metric Marsad exports, defined once.

Names carry the ``marsad_`` prefix and base units (``_seconds``, ``_bytes``, ``_total``).
Labels stay low-cardinality: feed ids (a bounded, configured list), outcomes, verdicts,
severities, reasons, partitions. A test builds :class:`Metrics` on its own ``CollectorRegistry``
and asserts exact values with ``registry.get_sample_value(...)``; services share the
process-wide default registry.

Dashboards and alert rules in ``deploy/`` may use only names defined here; a test checks that
against a real scrape.
"""

from __future__ import annotations

import threading
from importlib.metadata import PackageNotFoundError, version

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    Info,
    start_http_server,
)

from monitor import analysis_build

# Fetch and analysis are sub-second; end-to-end latency spans seconds to minutes (poll interval).
_FAST_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
_FETCH_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0)
_E2E_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 900.0, 3600.0)

FETCH_OUTCOMES = (
    "ok",
    "not_modified",
    "http_error",
    "timeout",
    "parse_error",
    "too_large",
    "unreachable",  # connection refused, DNS failure, TLS error, missing file:// document
)


def _package_version() -> str:
    try:
        return version("marsad")
    except PackageNotFoundError:
        return "0+unknown"


class Metrics:
    """The metric families; one instance per registry."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        r = registry if registry is not None else REGISTRY
        self.registry = r

        self.build_info = Info(
            "marsad_build", "Marsad version and analysis build (compiled or python).", registry=r
        )
        self.build_info.info({"version": _package_version(), "analysis": analysis_build()})

        # --- poller -------------------------------------------------------------------------
        self.fetches = Counter(
            "marsad_feed_fetches_total",
            "Feed fetches: ok, not_modified, http_error, timeout, parse_error, too_large, "
            "unreachable.",
            ["feed", "outcome"],
            registry=r,
        )
        self.fetch_duration = Histogram(
            "marsad_feed_fetch_duration_seconds",
            "Time to fetch and parse one feed document.",
            ["feed"],
            buckets=_FETCH_BUCKETS,
            registry=r,
        )
        self.last_success = Gauge(
            "marsad_feed_last_success_timestamp_seconds",
            "Unix time of the feed's last successful fetch (ok or not_modified).",
            ["feed"],
            registry=r,
        )
        self.fetched_bytes = Counter(
            "marsad_feed_fetched_bytes_total",
            "Bytes of feed documents received (after decompression).",
            ["feed"],
            registry=r,
        )
        self.feed_items = Counter(
            "marsad_feed_items_total",
            "Feed entries seen, by status: new (published), duplicate (already seen) or rejected "
            "(nothing identifies the entry).",
            ["feed", "status"],
            registry=r,
        )
        self.truncated_fields = Counter(
            "marsad_feed_truncated_fields_total",
            "New items whose field (title, summary, body, url) was cut to its size limit.",
            ["feed", "field"],
            registry=r,
        )
        self.feed_interval = Gauge(
            "marsad_feed_poll_interval_seconds",
            "Configured polling interval of the feed (for staleness rules).",
            ["feed"],
            registry=r,
        )

        # --- worker -------------------------------------------------------------------------
        self.items_analysed = Counter(
            "marsad_items_analysed_total",
            "Items analysed by verdict (relevant, irrelevant, skipped_language).",
            ["verdict"],
            registry=r,
        )
        self.analysis_duration = Histogram(
            "marsad_analysis_duration_seconds",
            "Time to analyse one item (relevance and facts).",
            buckets=_FAST_BUCKETS,
            registry=r,
        )
        self.alerts = Counter(
            "marsad_alerts_total",
            "Alerts produced, by severity and status (new, update).",
            ["severity", "status"],
            registry=r,
        )
        self.alerts_by_admin1 = Counter(
            "marsad_alerts_by_admin1_total",
            "Alerts produced, by governorate (ISO 3166-2, 'unknown' when none).",
            ["admin1"],
            registry=r,
        )
        self.incidents = Counter(
            "marsad_incidents_total",
            "Incidents opened (first alert of an incident).",
            registry=r,
        )
        self.end_to_end_latency = Histogram(
            "marsad_end_to_end_latency_seconds",
            "From the item's fetch by the poller to its alert being produced.",
            buckets=_E2E_BUCKETS,
            registry=r,
        )
        self.dead_letters = Counter(
            "marsad_dead_letters_total",
            "Records sent to the dead-letter topic, by stage and reason.",
            ["stage", "reason"],
            registry=r,
        )
        self.consumer_lag = Gauge(
            "marsad_consumer_lag_messages",
            "Messages between the committed offset and the end of the partition.",
            ["topic", "partition"],
            registry=r,
        )
        self.records_consumed = Counter(
            "marsad_records_consumed_total",
            "Records consumed by the worker, by topic.",
            ["topic"],
            registry=r,
        )

        # --- sinks and replay -----------------------------------------------------------------
        self.webhook_deliveries = Counter(
            "marsad_webhook_deliveries_total",
            "Webhook delivery attempts by outcome (ok, retry, failed).",
            ["outcome"],
            registry=r,
        )
        self.replay_items = Counter(
            "marsad_replay_items_total",
            "Items sent by `marsad replay`, by status (sent, duplicate, error).",
            ["status"],
            registry=r,
        )


_default: Metrics | None = None
_lock = threading.Lock()


def default_metrics() -> Metrics:
    """The process-wide instance on the default registry (created on first use)."""
    global _default
    with _lock:
        if _default is None:
            _default = Metrics()
        return _default


def serve_metrics(
    port: int, host: str = "0.0.0.0", registry: CollectorRegistry | None = None
) -> None:
    """Expose ``/metrics`` on ``host:port`` from a daemon thread (port 0: disabled)."""
    if port:
        start_http_server(port, addr=host, registry=registry if registry is not None else REGISTRY)
