"""Replay namespaces: topic prefix and worker group from the name; names are checked."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from monitor.replay.runner import ReplayError, default_name, replay_settings, validate_name
from monitor.settings import Settings


def test_into_name_gives_its_own_topics_and_group(offline_settings: Settings) -> None:
    ns = replay_settings(offline_settings, "audit-feb")
    assert ns.topic_prefix == "marsad.replay.audit-feb."
    assert ns.topics.raw == "marsad.replay.audit-feb.news.raw"
    assert ns.topics.alerts == "marsad.replay.audit-feb.alerts"
    assert ns.worker_group == "marsad-replay-audit-feb"
    assert offline_settings.topic_prefix == "marsad."  # the live settings are untouched


def test_custom_live_prefix_is_kept_in_front(offline_settings: Settings) -> None:
    ns = replay_settings(offline_settings.with_overrides(topic_prefix="prod."), "x")
    assert ns.topics.raw == "prod.replay.x.news.raw"


def test_live_keeps_the_live_namespace(offline_settings: Settings) -> None:
    assert replay_settings(offline_settings, "whatever", live=True) is offline_settings


@pytest.mark.parametrize("bad", ["", "a b", "../x", "-x", "x/y", "é", "a" * 101])
def test_bad_names_are_refused(bad: str) -> None:
    with pytest.raises(ReplayError, match="replay name"):
        validate_name(bad)


def test_default_name_is_a_valid_utc_stamp() -> None:
    name = default_name(datetime(2024, 2, 3, 10, 15, 30, tzinfo=UTC))
    assert name == "replay-20240203T101530Z"
    assert validate_name(name) == name
