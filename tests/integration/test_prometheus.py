"""A real Prometheus scrapes a real Marsad pipeline and evaluates the project's alert rules.

`marsad poll` (fetching two feeds from a local HTTP server: one serves our own Arabic stories, one
answers 404) and `marsad worker` run as processes against the test broker. Prometheus runs on
127.0.0.1 with a scrape configuration generated from deploy/prometheus/prometheus.yml (same jobs,
static targets instead of DNS discovery, 1 s intervals) and deploy/prometheus/rules.yml (group
intervals 1 s). The test checks that every metric the dashboards and rules use is on the two
processes' real /metrics, then reads, through Prometheus' HTTP API, the series and values the
pipeline must have produced, the rules' health, and the FeedDown alert pending for the dead feed.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
import pytest
import yaml

from monitor.broker import free_port
from monitor.settings import Settings
from tests.feed_server import FeedServer, Route
from tests.unit.deploy.support import (
    DASHBOARDS,
    PROMETHEUS,
    PROMETHEUS_OWN,
    PROMETHEUS_YML,
    RULES,
    dashboard_expressions,
    exported_names,
    grafana_to_promql,
    iter_panels,
    load_yaml,
    metric_names,
    rule_expressions,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        PROMETHEUS is None,
        reason="prometheus not installed (Debian package `prometheus`; .ci/run installs it)",
    ),
]

T = TypeVar("T")

# Our own sentences: one story the worker should find relevant, one it should not.
STORIES = (
    (
        "مسيّرات تستهدف قاعدة للتحالف الدولي في حقل العمر شرقي دير الزور",
        "قالت مصادر محلية إن ثلاث طائرات مسيّرة أطلقتها فصائل موالية لإيران استهدفت صباح "
        "اليوم قاعدة للقوات الأمريكية في حقل العمر، وردّت القوات بقصف مدفعي على مواقع قرب الميادين.",
    ),
    (
        "انطلاق موسم قطاف الزيتون في ريف إدلب وسط توقعات بإنتاج وفير",
        "بدأ المزارعون قطاف الزيتون هذا الأسبوع، ويتوقع أصحاب المعاصر موسمًا أفضل من العام الماضي.",
    ),
)
GOOD_INTERVAL_S = 3
BROKEN_INTERVAL_S = 1


def _rss(published: datetime) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>http://127.0.0.1/prom/{i}</link>"
        f"<guid>prom-{i}</guid><pubDate>{format_datetime(published)}</pubDate>"
        f"<description>{body}</description></item>"
        for i, (title, body) in enumerate(STORIES)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>نشرة الاختبار</title><link>http://127.0.0.1/</link><language>ar</language>"
        f"{items}</channel></rss>"
    ).encode()


def scrape_config(targets: dict[str, str], rules_file: Path) -> dict[str, Any]:
    """deploy/prometheus/prometheus.yml for a test: same jobs, static targets, 1 s intervals."""
    config = load_yaml(PROMETHEUS_YML)
    config["global"].update(scrape_interval="1s", scrape_timeout="1s", evaluation_interval="1s")
    config["rule_files"] = [str(rules_file)]
    jobs = []
    for job in config["scrape_configs"]:
        name = job["job_name"]
        if name not in targets:
            continue  # e.g. Prometheus scraping itself
        assert "dns_sd_configs" in job, f"{PROMETHEUS_YML.name}: job {name} changed discovery"
        jobs.append({"job_name": name, "static_configs": [{"targets": [targets[name]]}]})
    assert {j["job_name"] for j in jobs} == set(targets), "a Marsad job is missing"
    config["scrape_configs"] = jobs
    return config


def fast_rules() -> dict[str, Any]:
    """rules.yml with every group evaluated each second (the `for:` durations unchanged)."""
    rules = load_yaml(RULES)
    for group in rules["groups"]:
        group["interval"] = "1s"
    return rules


class PrometheusAPI:
    def __init__(self, session: aiohttp.ClientSession, base: str) -> None:
        self.session = session
        self.base = base

    async def get(self, path: str, **params: str) -> Any:
        async with self.session.get(f"{self.base}{path}", params=params) as resp:
            body = await resp.json()
        assert body["status"] == "success", body
        return body["data"]

    async def query(self, promql: str) -> list[dict[str, Any]]:
        data = await self.get("/api/v1/query", query=promql)
        assert data["resultType"] == "vector", data
        return list(data["result"])

    async def value(self, promql: str) -> float | None:
        """The single value of an instant query, None when it returns nothing."""
        result = await self.query(promql)
        assert len(result) <= 1, f"{promql}: {result}"
        return float(result[0]["value"][1]) if result else None


async def eventually(
    what: str, probe: Callable[[], Awaitable[T | None]], timeout_s: float, logs: Path
) -> T:
    """Await ``probe`` until it returns something truthy; fail with the logs after the timeout."""
    deadline = time.monotonic() + timeout_s
    last: T | None = None
    while time.monotonic() < deadline:
        try:
            last = await probe()
        except (aiohttp.ClientError, TimeoutError):  # Prometheus still starting
            last = None
        if last:
            return last
        await asyncio.sleep(0.5)
    pytest.fail(f"timed out after {timeout_s} s waiting for: {what} (last: {last})\n{_tails(logs)}")


def _tails(logs: Path) -> str:
    """The end of every process log, for a failure message."""
    return "\n".join(
        f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in sorted(logs.glob("*.log"))
    )


class Processes:
    """Child processes with their output in ``<dir>/<name>.log``; stopped in reverse order."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.procs: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> None:
        log = (self.logs / f"{name}.log").open("wb")
        proc = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)
        log.close()  # the child holds its own descriptor
        self.procs.append((name, proc))

    def assert_running(self) -> None:
        for name, proc in self.procs:
            assert proc.poll() is None, f"{name} exited with {proc.returncode}"

    async def stop(self) -> None:
        for _, proc in reversed(self.procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for _, proc in reversed(self.procs):
            try:
                await asyncio.to_thread(proc.wait, 30)
            except subprocess.TimeoutExpired:
                proc.kill()
                await asyncio.to_thread(proc.wait, 10)


@pytest.fixture
async def processes(tmp_path: Path) -> AsyncIterator[Processes]:
    logs = tmp_path / "logs"
    logs.mkdir()
    procs = Processes(logs)
    try:
        yield procs
    finally:
        await procs.stop()


def marsad_env(settings: Settings, name: str, metrics_port: int, tmp_path: Path) -> dict[str, str]:
    assert settings.kafka_bootstrap
    return {
        **os.environ,
        "MARSAD_KAFKA_BOOTSTRAP": settings.kafka_bootstrap,
        "MARSAD_TOPIC_PREFIX": settings.topic_prefix,
        "MARSAD_TOPIC_PARTITIONS": str(settings.topic_partitions),
        "MARSAD_WORKER_GROUP": settings.worker_group,
        "MARSAD_STATE_DIR": str(tmp_path / f"state-{name}"),
        "MARSAD_METRICS_HOST": "127.0.0.1",
        "MARSAD_METRICS_PORT": str(metrics_port),
    }


async def test_prometheus_scrapes_the_pipeline_and_evaluates_the_rules(
    settings: Settings, tmp_path: Path, processes: Processes
) -> None:
    async with FeedServer() as server:
        good = server.add(
            "/akhbar.xml",
            Route(body=_rss(datetime.now(UTC)), headers={"Content-Type": "application/rss+xml"}),
        )
        broken = server.url("/moved-away.xml")  # not routed: 404
        feeds = tmp_path / "feeds.yaml"
        feeds.write_text(
            yaml.safe_dump(
                {
                    "feeds": [
                        {
                            "id": "akhbar",
                            "url": good,
                            "outlet": "نشرة الاختبار",
                            "interval_s": GOOD_INTERVAL_S,
                        },
                        {
                            "id": "moved",
                            "url": broken,
                            "outlet": "موقع منقول",
                            "interval_s": BROKEN_INTERVAL_S,
                        },
                    ]
                },
                allow_unicode=True,
            ),
            encoding="utf-8",
        )
        poller_port, worker_port, prom_port = free_port(), free_port(), free_port()
        cli = [sys.executable, "-m", "monitor.cli"]
        processes.start(
            "poller",
            [*cli, "poll", "--feeds", str(feeds)],
            marsad_env(settings, "poller", poller_port, tmp_path),
        )
        processes.start(
            "worker", [*cli, "worker"], marsad_env(settings, "worker", worker_port, tmp_path)
        )

        rules_file = tmp_path / "rules.yml"
        rules_file.write_text(yaml.safe_dump(fast_rules(), sort_keys=False), encoding="utf-8")
        config_file = tmp_path / "prometheus.yml"
        targets = {
            "marsad-poller": f"127.0.0.1:{poller_port}",
            "marsad-worker": f"127.0.0.1:{worker_port}",
        }
        config_file.write_text(yaml.safe_dump(scrape_config(targets, rules_file)), encoding="utf-8")
        assert PROMETHEUS is not None
        processes.start(
            "prometheus",
            [
                PROMETHEUS,
                f"--config.file={config_file}",
                f"--storage.tsdb.path={tmp_path / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{prom_port}",
                "--log.level=warn",
            ],
        )

        logs = processes.logs
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session:
            api = PrometheusAPI(session, f"http://127.0.0.1:{prom_port}")

            async def both_up() -> bool:
                processes.assert_running()
                up = {r["metric"]["job"]: r["value"][1] for r in await api.query("up")}
                return up == {"marsad-poller": "1", "marsad-worker": "1"}

            await eventually("both Marsad targets up", both_up, 60, logs)

            # Every metric the dashboards and rules use is exported by these real processes.
            exported = set(PROMETHEUS_OWN)
            for port in (poller_port, worker_port):
                async with session.get(f"http://127.0.0.1:{port}/metrics") as resp:
                    exported |= exported_names(await resp.text())
            used = {
                n
                for _, expr in rule_expressions() + dashboard_expressions()
                for n in metric_names(expr)
            }
            assert used <= exported, f"used but not exported: {sorted(used - exported)}"

            # --- the poller's series, with the values the feeds imply ---------------------------
            new_items = 'marsad_feed_items_total{job="marsad-poller",feed="akhbar",status="new"}'
            assert await eventually(
                "the good feed's new items",
                lambda: _equals(api, new_items, len(STORIES)),
                60,
                logs,
            )
            successes = 'sum(marsad_feed_fetches_total{feed="akhbar",outcome=~"ok|not_modified"})'
            await eventually(
                "the good feed fetched again (conditional GET)",
                lambda: _at_least(api, successes, 2),
                60,
                logs,
            )
            assert await api.value(
                'marsad_feed_fetches_total{feed="akhbar",outcome="not_modified"}'
            ), "the second fetch of an unchanged feed answers 304"
            assert (
                await api.value('marsad_feed_poll_interval_seconds{feed="akhbar"}')
                == GOOD_INTERVAL_S
            )
            age = await api.value(
                'time() - marsad_feed_last_success_timestamp_seconds{feed="akhbar"}'
            )
            assert age is not None and age < 30
            await eventually(
                "three failed fetches of the moved feed",
                lambda: _at_least(
                    api, 'marsad_feed_fetches_total{feed="moved",outcome="http_error"}', 3
                ),
                60,
                logs,
            )
            assert (
                await api.value('marsad_feed_last_success_timestamp_seconds{feed="moved"}') is None
            )
            assert await api.value('marsad_build_info{job="marsad-poller"}') == 1

            # --- the feed-health table, as Grafana would query it: one row per feed -------------
            table = _feed_table_queries()
            rows = {}
            for title, expr in table.items():
                rows[title] = {
                    r["metric"]["feed"]: float(r["value"][1]) for r in await api.query(expr)
                }
            assert rows["Error ratio (1h)"] == {"akhbar": 0.0, "moved": 1.0}
            assert rows["Poll interval"] == {"akhbar": GOOD_INTERVAL_S, "moved": BROKEN_INTERVAL_S}
            assert 0 <= rows["Since last success"]["akhbar"] < 30
            # A feed that never succeeded (404: no body) has no success time and no bytes; every
            # other column has a row for both feeds (zeros included).
            for title, by_feed in rows.items():
                expected = (
                    {"akhbar"}
                    if title in ("Since last success", "Bytes / h")
                    else {
                        "akhbar",
                        "moved",
                    }
                )
                assert set(by_feed) == expected, f"feed-health column {title!r}: {by_feed}"

            # --- the worker's series: both items consumed and analysed ---------------------------
            assert await eventually(
                "both items analysed by the worker",
                lambda: _equals(
                    api, 'sum(marsad_items_analysed_total{job="marsad-worker"})', len(STORIES)
                ),
                90,
                logs,
            )
            consumed = await api.value(
                f'marsad_records_consumed_total{{topic="{settings.topics.raw}"}}'
            )
            assert consumed is not None and consumed >= len(STORIES)
            assert await api.value("sum(marsad_analysis_duration_seconds_count)") == len(STORIES)

            # Every dashboard and rule expression evaluates on real data without an error (vector
            # matching errors, for one, only show at evaluation time, not when parsing).
            for where, expr in rule_expressions() + dashboard_expressions():
                async with session.get(f"{api.base}/api/v1/query", params={"query": expr}) as resp:
                    body = await resp.json()
                assert body["status"] == "success", f"{where}: {expr}: {body.get('error')}"

            # --- the rules: loaded, healthy, and FeedDown pending for the dead feed only ----------
            groups = (await api.get("/api/v1/rules"))["groups"]
            expected = {g["name"]: [r["alert"] for r in g["rules"]] for g in fast_rules()["groups"]}
            assert {g["name"]: [r["name"] for r in g["rules"]] for g in groups} == expected
            await eventually(
                "every rule evaluated without error",
                lambda: _rules_healthy(api),
                30,
                logs,
            )

            async def feed_down() -> list[dict[str, Any]]:
                alerts = (await api.get("/api/v1/alerts"))["alerts"]
                return [a for a in alerts if a["labels"]["alertname"] == "FeedDown"]

            down = await eventually("FeedDown pending for the moved feed", feed_down, 30, logs)
            moved = [a for a in down if a["labels"]["feed"] == "moved"]
            assert [a["state"] for a in moved] == ["pending"]  # `for: 5m` keeps it from firing
            assert moved[0]["labels"]["severity"] == "critical"
            assert moved[0]["annotations"]["runbook_url"] == "docs/runbook.md#feeddown"
            # The good feed succeeds every few seconds; on a machine so loaded that the poller
            # stalls for three intervals it may be pending too, but never firing.
            assert all(a["state"] == "pending" for a in down)
            active = {a["labels"]["alertname"] for a in (await api.get("/api/v1/alerts"))["alerts"]}
            assert "MarsadTargetDown" not in active and "PipelineStalled" not in active
            processes.assert_running()


async def _equals(api: PrometheusAPI, promql: str, expected: float) -> bool:
    return await api.value(promql) == expected


async def _at_least(api: PrometheusAPI, promql: str, minimum: float) -> bool:
    value = await api.value(promql)
    return value is not None and value >= minimum


async def _rules_healthy(api: PrometheusAPI) -> bool:
    groups = (await api.get("/api/v1/rules"))["groups"]
    rules = [r for g in groups for r in g["rules"]]
    bad = [(r["name"], r.get("lastError")) for r in rules if r["health"] != "ok"]
    assert not [b for b in bad if b[1]], f"rules with errors: {bad}"
    return not bad


GRAFANA_DASHBOARDS = DASHBOARDS[0].parent


def _feed_table_queries() -> dict[str, str]:
    """Column title -> PromQL of the feed-health dashboard's table."""
    board = json.loads((GRAFANA_DASHBOARDS / "feed-health.json").read_text(encoding="utf-8"))
    table = next(p for p in iter_panels(board) if p["type"] == "table")
    names = table["transformations"][1]["options"]["renameByName"]
    return {names[f"Value #{t['refId']}"]: grafana_to_promql(t["expr"]) for t in table["targets"]}
