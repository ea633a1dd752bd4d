"""Shared fixtures. Unit tests need nothing; integration tests share one real broker per session.

The broker is the embedded Tansu (the same code as ``marsad broker``), or the Kafka named by
``MARSAD_TEST_KAFKA_BOOTSTRAP``. Every test gets its own topic prefix and consumer group, so tests
never see each other's records.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor.broker import EmbeddedBroker
from monitor.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    external = os.environ.get("MARSAD_TEST_KAFKA_BOOTSTRAP")
    if external:
        yield external
        return
    log = tmp_path_factory.mktemp("broker") / "tansu.log"
    with EmbeddedBroker(log_file=log) as broker:
        yield broker.bootstrap


@pytest.fixture
def unique() -> str:
    return uuid.uuid4().hex[:10]


@pytest.fixture
def settings(kafka_bootstrap: str, unique: str, tmp_path: Path) -> Settings:
    """Settings for one integration test: its own topic namespace, group and state dir."""
    return Settings(
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=f"test.{unique}.",
        topic_partitions=2,
        worker_group=f"test-worker-{unique}",
        state_dir=tmp_path / "state",
        metrics_port=0,
    )


@pytest.fixture
def offline_settings(tmp_path: Path) -> Settings:
    """Settings for unit tests: no broker, private state dir."""
    return Settings(kafka_bootstrap=None, state_dir=tmp_path / "state", metrics_port=0)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} not found (shared/ must sit beside the checkout)")
    return SHARED


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Everything under tests/integration is an integration test.
    for item in items:
        if "integration" in item.path.parts:
            item.add_marker(pytest.mark.integration)
