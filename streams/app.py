"""The Faust app of one namespace: ``create_app(settings)``.

Configuration choices (and why):

- **Plain Kafka**, connection and SASL/TLS from :mod:`monitor.kafka`'s settings, mapped to Faust's
  ``broker_credentials``.
- ``broker_session_timeout = settings.worker_session_timeout_s``: Tansu holds a JoinGroup for half
  the session timeout, so Faust's 60 s default made a worker take ~33 s to its first record.
- ``store="memory://"`` tables: rocksdb is not installed. State survives restarts through the
  table's changelog topic, which is named inside the namespace and per group
  (:func:`streams.topics.changelog_topic_name`), as is everything else the app creates (app id =
  ``settings.worker_group``), so a replay never touches live state.
- No Faust web server (``/metrics`` is prometheus-client's), no autodiscovery, Faust's data dir
  under ``settings.state_dir``.
- **Bounded memory** (numbers in ``docs/performance.md``). What the worker holds does not depend
  on how much is waiting on the broker: one fetch response per assigned partition
  (``consumer_max_fetch_size``, at least the largest record: an incident state of up to 900 KB),
  at most ``stream_buffer_maxsize`` consumed events per agent, the batch being processed
  (``streams.agents.BATCH_MAX`` records and their outputs, awaited before the next batch), and
  one state per incident key (a few keys, each capped by the engine's ``max_state_bytes``). The
  changelog is read back (recovery, standby) in small batches: see
  ``streams.agents.CHANGELOG_BUFFER``.
- At-least-once, never ``processing_guarantee="exactly_once"`` (faust-streaming issues #47, #517,
  #177, #323): outputs are acknowledged before their inputs are acked
  (:mod:`streams.delivery`), and stable ids make duplicates harmless.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import faust

from monitor.kafka import bootstrap_of, ssl_context
from monitor.metrics import Metrics, default_metrics
from monitor.settings import SecurityProtocol, Settings
from streams.agents import WorkerRuntime, register_agents
from streams.processing import AnalyserLike, IncidentEngineLike, RawProcessor, RouteProcessor
from streams.topics import define_topics

__all__ = [
    "CONSUMER_MAX_FETCH_BYTES",
    "STREAM_BUFFER_MAXSIZE",
    "MarsadApp",
    "broker_credentials",
    "create_app",
]

log = logging.getLogger(__name__)

#: Bytes per partition per fetch (Faust ``consumer_max_fetch_size``).
CONSUMER_MAX_FETCH_BYTES = 1024**2
#: Consumed events buffered per agent ahead of its batches (Faust ``stream_buffer_maxsize``).
STREAM_BUFFER_MAXSIZE = 4096


class MarsadApp(faust.App):
    """A Faust app that starts and stops the worker's output producer with itself."""

    runtime: WorkerRuntime

    async def on_first_start(self) -> None:
        # Faust creates its data dir with a plain mkdir: make sure the parents exist.
        Path(self.conf.datadir).parent.mkdir(parents=True, exist_ok=True)
        await super().on_first_start()

    async def on_start(self) -> None:
        await super().on_start()
        # Before the children (consumer, agents) start, so the first batch finds a producer.
        await self.runtime.start()

    async def on_stop(self) -> None:
        # super().on_stop() lets the agents finish their in-flight batches (wait_empty) and
        # commits; only then may the producer go.
        await super().on_stop()
        await self.runtime.stop()


def broker_credentials(settings: Settings) -> Any:
    """Faust credentials for the configured security protocol (``None`` for PLAINTEXT)."""
    protocol = settings.kafka_security_protocol
    ctx = ssl_context(settings)
    if protocol in (SecurityProtocol.SASL_PLAINTEXT, SecurityProtocol.SASL_SSL):
        if not settings.kafka_sasl_mechanism or not settings.kafka_sasl_username:
            raise ValueError(
                "SASL needs MARSAD_KAFKA_SASL_MECHANISM and MARSAD_KAFKA_SASL_USERNAME "
                "(and MARSAD_KAFKA_SASL_PASSWORD)"
            )
        password = settings.kafka_sasl_password
        return faust.SASLCredentials(
            username=settings.kafka_sasl_username,
            password=password.get_secret_value() if password else "",
            ssl_context=ctx,
            mechanism=settings.kafka_sasl_mechanism.value,
        )
    if ctx is not None:
        return faust.SSLCredentials(ctx)
    return None


def _default_analyser() -> tuple[AnalyserLike, str]:
    from monitor.analysis import ENGINE_VERSION, Analyzer

    return Analyzer(), ENGINE_VERSION


def _default_engine(settings: Settings) -> IncidentEngineLike:
    from monitor.incidents import IncidentEngine

    # Raises ProfileFileError (naming the entry and field) for a bad MARSAD_PROFILE_FILE.
    return IncidentEngine.from_file(settings.profile_file)


def create_app(
    settings: Settings,
    *,
    metrics: Metrics | None = None,
    analyzer: AnalyserLike | None = None,
    engine: IncidentEngineLike | None = None,
) -> MarsadApp:
    """The worker's Faust app (a :class:`faust.App`) for the namespace of ``settings``, not started.

    ``analyzer`` defaults to :class:`monitor.analysis.Analyzer`, ``engine`` to
    :class:`monitor.incidents.IncidentEngine` with the profiles of ``settings.profile_file``.
    """
    from monitor.text import is_arabic

    metrics = metrics if metrics is not None else default_metrics()
    if analyzer is None:
        analyzer, engine_version = _default_analyser()
    else:
        engine_version = str(getattr(analyzer, "engine_version", "")) or _engine_version()
    if engine is None:
        engine = _default_engine(settings)

    servers = [s.strip() for s in bootstrap_of(settings).split(",") if s.strip()]
    session = settings.worker_session_timeout_s
    app = MarsadApp(
        settings.worker_group,
        broker=[f"kafka://{s}" for s in servers],
        broker_credentials=broker_credentials(settings),
        broker_client_id=settings.kafka_client_id,
        broker_session_timeout=session,
        # The heartbeat must fit several times into the session timeout.
        broker_heartbeat_interval=min(3.0, session / 3),
        store="memory://",
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=settings.topic_replication,
        # Faust's leader-election topic would live outside the namespace; the worker needs none.
        topic_disable_leader=True,
        consumer_auto_offset_reset="earliest",
        # Memory bounds (module docstring): Faust's defaults, stated because the memory bound
        # rests on them. Per partition, one fetch answer of about this size (Tansu may return a
        # few times more); it must hold the largest record, a 900 KB incident state.
        consumer_max_fetch_size=CONSUMER_MAX_FETCH_BYTES,
        # Consumed events waiting per agent: a few batches' worth keeps the agents busy.
        stream_buffer_maxsize=STREAM_BUFFER_MAXSIZE,
        producer_acks=-1,
        web_enabled=False,
        autodiscover=False,
        datadir=str(settings.state_dir / "faust" / settings.worker_group),
    )
    topics = define_topics(app, settings)
    runtime = WorkerRuntime(
        settings,
        topics,
        RawProcessor(
            topics.names,
            analyzer,
            engine,
            is_arabic=is_arabic,
            engine_version=engine_version,
            metrics=metrics,
        ),
        RouteProcessor(topics.names, engine, metrics=metrics),
        metrics,
    )
    app.runtime = runtime
    register_agents(app, runtime)
    return app


def _engine_version() -> str:
    try:
        from monitor.analysis import ENGINE_VERSION
    except ImportError:
        return ""
    return str(ENGINE_VERSION)
