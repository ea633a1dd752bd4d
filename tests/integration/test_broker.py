"""The embedded broker: starts, speaks Kafka, refuses a taken port, stops without orphans."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from monitor.broker import BrokerError, EmbeddedBroker, free_port, kafka_api_versions_ok


def test_answers_kafka_and_stops() -> None:
    broker = EmbeddedBroker().start()
    pid = broker.pid
    assert pid is not None
    assert kafka_api_versions_ok(broker.host, broker.port)
    broker.stop()
    assert not kafka_api_versions_ok(broker.host, broker.port, timeout=0.3)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_taken_port_is_a_clear_error(kafka_bootstrap: str) -> None:
    host, port = kafka_bootstrap.rsplit(":", 1)
    with pytest.raises(BrokerError, match="already has a Kafka broker"):
        EmbeddedBroker(port=int(port), host=host).start()


def test_plain_port_is_not_kafka() -> None:
    assert not kafka_api_versions_ok("127.0.0.1", free_port(), timeout=0.3)


async def test_round_trip(kafka_bootstrap: str, unique: str) -> None:
    topic = f"test.{unique}.roundtrip"
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
    await producer.start()
    try:
        await producer.send_and_wait(topic, "مرحبا".encode(), key=b"k")
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=kafka_bootstrap, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        msg = await consumer.getone()
    finally:
        await consumer.stop()
    assert msg.value == "مرحبا".encode()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_marsad_broker_command_stops_on_signal(sig: signal.Signals) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor.cli", "broker", "--port", str(port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert f"127.0.0.1:{port}" in line
        assert kafka_api_versions_ok("127.0.0.1", port)
        proc.send_signal(sig)
        assert proc.wait(timeout=15) in (0, 130)
        deadline = time.monotonic() + 5
        while kafka_api_versions_ok("127.0.0.1", port, timeout=0.2):
            assert time.monotonic() < deadline, "broker outlived `marsad broker`"
            time.sleep(0.1)
    finally:
        proc.kill()


def test_broker_does_not_outlive_a_killed_marsad() -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor.cli", "broker", "--port", str(port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert f"127.0.0.1:{port}" in proc.stdout.readline()
        proc.kill()  # SIGKILL: no finally block runs in marsad
        proc.wait(timeout=10)
        deadline = time.monotonic() + 10
        while kafka_api_versions_ok("127.0.0.1", port, timeout=0.2):
            assert time.monotonic() < deadline, "broker outlived a SIGKILLed `marsad broker`"
            time.sleep(0.1)
    finally:
        proc.kill()
