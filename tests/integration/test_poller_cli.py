"""`marsad poll` as an operator runs it: a subprocess against the real broker."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from monitor.settings import Settings
from tests.integration.test_poller import read_raw

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


def env_for(settings: Settings) -> dict[str, str]:
    assert settings.kafka_bootstrap
    return {
        **os.environ,
        "MARSAD_KAFKA_BOOTSTRAP": settings.kafka_bootstrap,
        "MARSAD_TOPIC_PREFIX": settings.topic_prefix,
        "MARSAD_TOPIC_PARTITIONS": "2",
        "MARSAD_STATE_DIR": str(settings.state_dir),
        "MARSAD_METRICS_PORT": "0",
    }


def feeds_file(tmp_path: Path, interval: float = 300) -> Path:
    path = tmp_path / "feeds.yaml"
    path.write_text(
        "feeds:\n"
        f"  - {{id: rss, url: '{(FIXTURES / 'rss20_arabic.xml').as_uri()}', outlet: أخبار, "
        f"interval_s: {interval}}}\n"
        f"  - {{id: legacy, url: '{(FIXTURES / 'rss20_windows1256.xml').as_uri()}', "
        "outlet: قديم}\n"
        f"  - {{id: html, url: '{(FIXTURES / 'not_a_feed.html').as_uri()}', outlet: صفحة}}\n",
        encoding="utf-8",
    )
    return path


def marsad(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "monitor.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_poll_once_summary_and_second_run(settings: Settings, tmp_path: Path) -> None:
    env = env_for(settings)
    path = feeds_file(tmp_path)
    first = marsad("poll", "--feeds", str(path), "--once", env=env)
    assert first.returncode == 1, first.stderr  # the html "feed" failed
    lines = first.stdout.splitlines()
    assert len(lines) == 4, first.stderr
    assert lines[0].startswith("rss: ok, 3 new, 0 duplicate")
    assert lines[1].startswith("legacy: ok, 1 new")
    assert lines[2].startswith("html: parse_error, 0 new") and "not a usable feed" in lines[2]
    assert lines[3] == "3 feed(s): 4 new item(s), 0 duplicate(s), 1 feed(s) failed"
    assert "feed html (file://" in first.stderr  # logged once, with the URL

    second = marsad("poll", "--feeds", str(path), "--once", env=env)
    assert second.stdout.splitlines()[0].startswith("rss: not_modified, 0 new")
    assert len(asyncio.run(read_raw(settings))) == 4
    archive = list((settings.state_dir / "archive").glob("news-*.jsonl.gz"))
    assert len(archive) == 1


def test_bad_feeds_file_fails_fast(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "feeds.yaml"
    path.write_text("feeds:\n  - {id: a, url: 'gopher://x', outlet: X}\n", encoding="utf-8")
    result = marsad("poll", "--feeds", str(path), "--once", env=env_for(settings))
    assert result.returncode == 2
    assert f"{path}: feeds[0] (id 'a'): url:" in result.stderr
    no_broker = {**env_for(settings), "MARSAD_KAFKA_BOOTSTRAP": ""}
    result = marsad("poll", "--feeds", str(feeds_file(tmp_path)), env=no_broker)
    assert result.returncode == 2 and "MARSAD_KAFKA_BOOTSTRAP" in result.stderr


def test_service_stops_cleanly_on_sigint(settings: Settings, tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "monitor.cli", "poll", "--feeds", str(feeds_file(tmp_path, 0.5))],
        env=env_for(settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not (settings.state_dir / "archive").is_dir():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.1)
        time.sleep(1.0)  # a few more rounds of the 0.5 s feed
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, stderr
    assert "poller stopped" in stderr
    assert "Traceback" not in stderr
    assert stderr.count("feed html (file://") == 1  # a failing feed is logged once, not per retry
    items = asyncio.run(read_raw(settings))
    assert len(items) == 4 and len({i.item_id for i in items}) == 4
