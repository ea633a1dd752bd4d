"""The Faust topic objects of one namespace.

Every topic carries raw bytes (``value_serializer="raw"``): the worker decodes values itself with
:mod:`monitor.models`, so a record that is not valid JSON, or breaks the contract, becomes a dead
letter instead of an exception inside Faust's deserialiser (which would skip it silently or kill
the stream).

Only the two topics the agents consume are Faust topics; outputs are produced by name through
:class:`streams.delivery.Delivery`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import faust

from monitor.settings import Settings, Topics

__all__ = ["CHANGELOG_CONFIGS", "WorkerTopics", "changelog_topic_name", "define_topics"]

#: The incident table's changelog keeps the latest state per key.
CHANGELOG_CONFIGS = {"cleanup.policy": "compact"}

_RAW: dict[str, Any] = {
    "key_type": bytes,
    "value_type": bytes,
    "key_serializer": "raw",
    "value_serializer": "raw",
}


def changelog_topic_name(settings: Settings) -> str:
    """The incident table's changelog: inside the namespace, and per consumer group.

    A replay (``topic_prefix=marsad.replay.X.``, its own group) therefore recovers and writes its
    own incident state and never touches the live one.
    """
    return f"{settings.topic_prefix}{settings.worker_group}.incidents-changelog"


@dataclass(frozen=True, slots=True)
class WorkerTopics:
    """Names of the namespace plus the Faust topics the agents read."""

    names: Topics
    raw: faust.TopicT
    incident_route: faust.TopicT
    changelog: faust.TopicT

    @property
    def produced(self) -> list[str]:
        """Every topic the worker produces to (outputs and the changelog)."""
        n = self.names
        return [
            n.analysed,
            n.incident_route,
            n.alerts,
            n.deadletter,
            self.changelog.get_topic_name(),
        ]


def define_topics(app: faust.App, settings: Settings) -> WorkerTopics:
    """Declare the namespace's topics on ``app``."""
    names = settings.topics
    partitions = settings.topic_partitions
    return WorkerTopics(
        names=names,
        raw=app.topic(names.raw, partitions=partitions, **_RAW),
        incident_route=app.topic(names.incident_route, partitions=partitions, **_RAW),
        changelog=app.topic(
            changelog_topic_name(settings),
            partitions=partitions,
            compacting=True,
            deleting=False,
            # Changelogs are read during recovery only: their offsets are never committed.
            acks=False,
            internal=True,
            allow_empty=True,
            maxsize=131_072,
            **_RAW,
        ),
    )
