"""Plain-Kafka client plumbing shared by every service: connection settings, topics, producers.

Nothing here is specific to the embedded broker: the same code talks to Apache Kafka with
SASL/TLS. Services take a bootstrap address explicitly (``marsad run`` passes the embedded
broker's) and everything else from :class:`~monitor.settings.Settings`.
"""

from __future__ import annotations

import contextlib
import logging
import ssl
from collections.abc import Iterable, Mapping
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from monitor.settings import SecurityProtocol, Settings

log = logging.getLogger(__name__)


class KafkaNotConfigured(RuntimeError):
    """No broker address: set MARSAD_KAFKA_BOOTSTRAP or use `marsad run` (embedded broker)."""


def bootstrap_of(settings: Settings) -> str:
    if not settings.kafka_bootstrap:
        raise KafkaNotConfigured(
            "no Kafka broker configured: set MARSAD_KAFKA_BOOTSTRAP=host:port "
            "(or use `marsad run`, which starts an embedded broker)"
        )
    return settings.kafka_bootstrap


def ssl_context(settings: Settings) -> ssl.SSLContext | None:
    if settings.kafka_security_protocol not in (SecurityProtocol.SSL, SecurityProtocol.SASL_SSL):
        return None
    ctx = ssl.create_default_context(
        cafile=str(settings.kafka_ssl_cafile) if settings.kafka_ssl_cafile else None
    )
    if settings.kafka_ssl_certfile:
        ctx.load_cert_chain(
            str(settings.kafka_ssl_certfile),
            str(settings.kafka_ssl_keyfile) if settings.kafka_ssl_keyfile else None,
            settings.kafka_ssl_password.get_secret_value() if settings.kafka_ssl_password else None,
        )
    return ctx


def client_kwargs(settings: Settings) -> dict[str, Any]:
    """Connection and security keyword arguments for any aiokafka client."""
    kw: dict[str, Any] = {
        "bootstrap_servers": bootstrap_of(settings),
        "client_id": settings.kafka_client_id,
        "security_protocol": settings.kafka_security_protocol.value,
    }
    ctx = ssl_context(settings)
    if ctx is not None:
        kw["ssl_context"] = ctx
    if settings.kafka_security_protocol in (
        SecurityProtocol.SASL_PLAINTEXT,
        SecurityProtocol.SASL_SSL,
    ):
        if not settings.kafka_sasl_mechanism or not settings.kafka_sasl_username:
            raise ValueError(
                "SASL needs MARSAD_KAFKA_SASL_MECHANISM and MARSAD_KAFKA_SASL_USERNAME "
                "(and MARSAD_KAFKA_SASL_PASSWORD)"
            )
        kw["sasl_mechanism"] = settings.kafka_sasl_mechanism.value
        kw["sasl_plain_username"] = settings.kafka_sasl_username
        kw["sasl_plain_password"] = (
            settings.kafka_sasl_password.get_secret_value() if settings.kafka_sasl_password else ""
        )
    return kw


def reliable_producer(settings: Settings, **extra: Any) -> AIOKafkaProducer:
    """An idempotent producer with acks=all: a retried send never duplicates a record."""
    return AIOKafkaProducer(
        **client_kwargs(settings),
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
        **extra,
    )


class _DropInitProducerIdError(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "InitProducerId" not in record.getMessage()


async def start_reliable_producer(settings: Settings, **extra: Any) -> AIOKafkaProducer:
    """Start :func:`reliable_producer`; where the broker refuses idempotence, acks=all without it.

    Tansu (the embedded broker) answers InitProducerId with UnknownError. Every Marsad record is
    keyed by a stable id and consumers are idempotent per id, so a duplicate from a retried send
    is harmless. Connection errors are raised as they are (the broker is down, not refusing).
    """
    from aiokafka.errors import KafkaConnectionError, KafkaError

    producer = reliable_producer(settings, **extra)
    sender_log = logging.getLogger("aiokafka.producer.sender")
    quiet = _DropInitProducerIdError()  # aiokafka logs the refusal at ERROR; we handle it
    sender_log.addFilter(quiet)
    try:
        await producer.start()
        return producer
    except KafkaConnectionError:
        await producer.stop()
        raise
    except KafkaError as exc:
        await producer.stop()
        log.warning("broker refused an idempotent producer (%r): acks=all without it", exc)
    except BaseException:  # cancelled while starting (Ctrl-C): leave no unclosed producer
        await producer.stop()
        raise
    finally:
        sender_log.removeFilter(quiet)
    fallback = AIOKafkaProducer(**client_kwargs(settings), acks="all", linger_ms=5, **extra)
    try:
        await fallback.start()
    except BaseException:
        await fallback.stop()
        raise
    return fallback


async def ensure_topics(
    settings: Settings,
    names: Iterable[str] | None = None,
    *,
    configs: Mapping[str, str] | None = None,
) -> None:
    """Create the namespace's topics if missing (idempotent; existing topics are left alone).

    ``configs`` are topic-level settings of the topics created, e.g.
    ``{"cleanup.policy": "compact"}`` for a table changelog.
    """
    wanted = list(names) if names is not None else list(settings.topics)
    admin = AIOKafkaAdminClient(**client_kwargs(settings))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [n for n in wanted if n not in existing]
        if not missing:
            return
        # Another replica may win the race to create them.
        with contextlib.suppress(TopicAlreadyExistsError):
            await admin.create_topics(
                [
                    NewTopic(
                        name=n,
                        num_partitions=settings.topic_partitions,
                        replication_factor=settings.topic_replication,
                        topic_configs=dict(configs or {}),
                    )
                    for n in missing
                ]
            )
        log.info("created topics %s", ", ".join(missing))
    finally:
        await admin.close()
