"""The Faust app's configuration, built without a broker (nothing connects until it starts)."""

from __future__ import annotations

from pathlib import Path

import faust
import pytest
from prometheus_client import CollectorRegistry
from pydantic import SecretStr

from monitor.metrics import Metrics
from monitor.settings import SaslMechanism, SecurityProtocol, Settings
from streams.app import broker_credentials, create_app
from streams.topics import changelog_topic_name


@pytest.fixture
def replay_settings(tmp_path: Path) -> Settings:
    return Settings(
        kafka_bootstrap="k1:9092,k2:9092",
        topic_prefix="marsad.replay.audit.",
        worker_group="marsad-replay-audit",
        worker_session_timeout_s=6.0,
        state_dir=tmp_path / "state",
        metrics_port=0,
    )


def test_app_lives_in_the_settings_namespace(replay_settings: Settings) -> None:
    app = create_app(replay_settings, metrics=Metrics(CollectorRegistry()))
    conf = app.conf
    assert conf.id == "marsad-replay-audit"
    assert [str(u) for u in conf.broker] == ["kafka://k1:9092", "kafka://k2:9092"]
    assert conf.broker_session_timeout == 6.0
    assert conf.broker_heartbeat_interval < conf.broker_session_timeout
    assert conf.web_enabled is False
    assert str(conf.store) == "memory:"
    assert conf.topic_disable_leader is True
    assert Path(conf.datadir).is_relative_to(replay_settings.state_dir)

    changelog = changelog_topic_name(replay_settings)
    assert changelog.startswith("marsad.replay.audit.")
    runtime = app.runtime
    assert runtime.table.changelog_topic.get_topic_name() == changelog
    assert set(runtime.topics.produced) == {
        "marsad.replay.audit.news.analysed",
        "marsad.replay.audit.incidents.route",
        "marsad.replay.audit.alerts",
        "marsad.replay.audit.deadletter",
        changelog,
    }
    sources = {agent.channel.get_topic_name() for agent in app.agents.values()}
    assert sources == {"marsad.replay.audit.news.raw", "marsad.replay.audit.incidents.route"}


def test_plaintext_has_no_credentials(replay_settings: Settings) -> None:
    assert broker_credentials(replay_settings) is None


def test_sasl_settings_become_faust_credentials(replay_settings: Settings) -> None:
    s = replay_settings.with_overrides(
        kafka_security_protocol=SecurityProtocol.SASL_PLAINTEXT,
        kafka_sasl_mechanism=SaslMechanism.SCRAM_SHA_512,
        kafka_sasl_username="marsad",
        kafka_sasl_password=SecretStr("s3cret"),
    )
    creds = broker_credentials(s)
    assert isinstance(creds, faust.SASLCredentials)
    assert (creds.username, creds.password) == ("marsad", "s3cret")
    assert creds.mechanism.value == "SCRAM-SHA-512"
    assert "s3cret" not in repr(creds)


def test_sasl_without_username_is_a_clear_error(replay_settings: Settings) -> None:
    s = replay_settings.with_overrides(kafka_security_protocol=SecurityProtocol.SASL_SSL)
    with pytest.raises(ValueError, match="MARSAD_KAFKA_SASL_USERNAME"):
        broker_credentials(s)
