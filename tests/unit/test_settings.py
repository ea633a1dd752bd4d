from __future__ import annotations

import logging

import pytest
from pydantic import ValidationError

from monitor.kafka import KafkaNotConfigured, client_kwargs
from monitor.settings import Settings, Topics


def test_defaults_and_topic_names(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("MARSAD_KAFKA_BOOTSTRAP", "MARSAD_TOPIC_PREFIX"):
        monkeypatch.delenv(var, raising=False)
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.kafka_bootstrap is None
    assert s.topics == Topics(
        raw="marsad.news.raw",
        analysed="marsad.news.analysed",
        alerts="marsad.alerts",
        deadletter="marsad.deadletter",
        incident_route="marsad.incidents.route",
    )


def test_environment_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_KAFKA_BOOTSTRAP", "kafka-1:9092,kafka-2:9092")
    monkeypatch.setenv("MARSAD_TOPIC_PREFIX", "replay.x.")
    monkeypatch.setenv("MARSAD_METRICS_PORT", "9200")
    s = Settings(_env_file=None)  # type: ignore[call-arg]
    assert s.kafka_bootstrap == "kafka-1:9092,kafka-2:9092"
    assert s.topics.alerts == "replay.x.alerts"
    assert s.metrics_port == 9200


def test_blank_bootstrap_means_embedded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_KAFKA_BOOTSTRAP", "  ")
    assert Settings(_env_file=None).kafka_bootstrap is None  # type: ignore[call-arg]
    with pytest.raises(KafkaNotConfigured, match="MARSAD_KAFKA_BOOTSTRAP"):
        client_kwargs(Settings(_env_file=None))  # type: ignore[call-arg]


def test_bad_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_METRICS_PORT", "not-a-port")
    with pytest.raises(ValidationError, match="metrics_port"):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_secrets_never_printed(caplog: pytest.LogCaptureFixture) -> None:
    s = Settings(
        kafka_bootstrap="k:9093",
        kafka_security_protocol="SASL_SSL",  # type: ignore[arg-type]
        kafka_sasl_mechanism="SCRAM-SHA-512",  # type: ignore[arg-type]
        kafka_sasl_username="ops",
        kafka_sasl_password="hunter2-very-secret",  # type: ignore[arg-type]
    )
    with caplog.at_level(logging.INFO):
        logging.getLogger("t").info("settings %s / %r / %s", s.as_dict(), s, s)
    assert "hunter2-very-secret" not in caplog.text
    assert s.as_dict()["kafka_sasl_password"] == "**********"
    kw = client_kwargs(s)
    assert kw["sasl_mechanism"] == "SCRAM-SHA-512"
    assert kw["sasl_plain_password"] == "hunter2-very-secret"
    assert kw["security_protocol"] == "SASL_SSL"
    assert "ssl_context" in kw


def test_sasl_without_username_is_a_clear_error() -> None:
    s = Settings(kafka_bootstrap="k:9093", kafka_security_protocol="SASL_PLAINTEXT")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="MARSAD_KAFKA_SASL_MECHANISM"):
        client_kwargs(s)
