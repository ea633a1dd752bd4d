"""Helpers of the deploy tests: where the files are, PromQL extraction, a real /metrics process.

Shared by ``tests/unit/deploy`` and ``tests/integration/test_prometheus.py``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from monitor.broker import free_port

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
PROMETHEUS_DIR = DEPLOY / "prometheus"
RULES = PROMETHEUS_DIR / "rules.yml"
RULES_TEST = PROMETHEUS_DIR / "rules_test.yml"
PROMETHEUS_YML = PROMETHEUS_DIR / "prometheus.yml"
GRAFANA = DEPLOY / "grafana"
DASHBOARDS = sorted((GRAFANA / "dashboards").glob("*.json"))
K8S = DEPLOY / "k8s"
COMPOSE = ROOT / "docker-compose.yml"
RUNBOOK = ROOT / "docs" / "runbook.md"

PROMTOOL = shutil.which("promtool")
PROMETHEUS = shutil.which("prometheus")
needs_promtool = pytest.mark.skipif(
    PROMTOOL is None,
    reason="promtool not installed (Debian package `prometheus`; .ci/run installs it)",
)

# Grafana's variables, replaced by plausible values so the expression is plain PromQL.
GRAFANA_VARIABLES = {
    "$__rate_interval": "1m",
    "$__interval": "1m",
    "$__range": "6h",
    "$feed": ".+",
}
_LABEL_VALUES = re.compile(r"^\s*label_values\(\s*(?P<selector>.+?)\s*,\s*\w+\s*\)\s*$")
# Names every Prometheus has without any exporter.
PROMETHEUS_OWN = frozenset({"up"})


def load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def load_all_yaml(path: Path) -> list[Any]:
    with path.open(encoding="utf-8") as f:
        return [doc for doc in yaml.safe_load_all(f) if doc is not None]


def run_promtool(*args: str | Path) -> subprocess.CompletedProcess[str]:
    assert PROMTOOL is not None
    return subprocess.run(
        [PROMTOOL, *map(str, args)], capture_output=True, text=True, timeout=120, check=False
    )


def alert_rules() -> list[dict[str, Any]]:
    """Every alerting rule of rules.yml (with its group name under ``_group``)."""
    out = []
    for group in load_yaml(RULES)["groups"]:
        for rule in group["rules"]:
            if "alert" in rule:
                out.append({**rule, "_group": group["name"]})
    return out


def rule_expressions() -> list[tuple[str, str]]:
    """``(where, expr)`` for every rule of rules.yml."""
    out = []
    for group in load_yaml(RULES)["groups"]:
        for rule in group["rules"]:
            name = rule.get("alert") or rule.get("record")
            out.append((f"{RULES.name}: group {group['name']}: {name}", rule["expr"]))
    return out


def grafana_to_promql(expr: str) -> str:
    """The dashboard expression with Grafana's variables replaced (longest names first)."""
    for var in sorted(GRAFANA_VARIABLES, key=len, reverse=True):
        expr = expr.replace(var, GRAFANA_VARIABLES[var])
    if "$" in expr:
        raise ValueError(f"unknown Grafana variable in {expr!r}: add it to GRAFANA_VARIABLES")
    return expr


def dashboard_expressions() -> list[tuple[str, str]]:
    """``(where, promql)`` for every panel target and query variable of every dashboard."""
    out = []
    for path in DASHBOARDS:
        board = json.loads(path.read_text(encoding="utf-8"))
        for panel in iter_panels(board):
            for target in panel.get("targets", []):
                where = f"{path.name}: panel {panel['id']} {panel['title']!r} ref {target['refId']}"
                out.append((where, grafana_to_promql(target["expr"])))
        for var in board.get("templating", {}).get("list", []):
            if var.get("type") != "query":
                continue
            query = var["query"]["query"] if isinstance(var["query"], dict) else var["query"]
            m = _LABEL_VALUES.match(query)
            assert m, f"{path.name}: variable {var['name']}: expected label_values(...), {query!r}"
            out.append((f"{path.name}: variable {var['name']}", m["selector"]))
    return out


def iter_panels(board: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every panel, rows' nested panels included, rows themselves excluded."""
    for panel in board["panels"]:
        if panel["type"] == "row":
            yield from panel.get("panels", [])
        else:
            yield panel


def metric_names(expr: str) -> set[str]:
    """Metric names an expression selects (by name or ``{__name__="..."}``)."""
    import promql_parser

    names: set[str] = set()

    def visit(node: Any) -> None:
        if isinstance(node, promql_parser.VectorSelector):
            if node.name:
                names.add(node.name)
            for matcher in node.matchers.matchers:
                if matcher.name == "__name__":
                    names.add(matcher.value)

    promql_parser.walk(promql_parser.parse(expr), visit)
    return names


def exported_names(exposition: str) -> set[str]:
    """Series names a Prometheus text exposition can produce, from its ``# TYPE`` lines.

    prometheus-client shows a labelled series only after its first use, but writes HELP and TYPE
    for every family; a histogram family ``x`` yields ``x_bucket``, ``x_sum``, ``x_count`` (and
    no series named ``x``).
    """
    names: set[str] = set()
    for line in exposition.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[:2] == ["#", "TYPE"]:
            name, kind = parts[2], parts[3]
            # No series carries a histogram's bare family name: a query on it finds nothing.
            if kind == "histogram":
                names |= {f"{name}_bucket", f"{name}_sum", f"{name}_count", f"{name}_created"}
            elif kind == "summary":
                names |= {name, f"{name}_sum", f"{name}_count", f"{name}_created"}
            else:
                names.add(name)
    return names


def http_get(url: str, timeout: float = 5.0) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return str(resp.read().decode("utf-8"))


def wait_http(url: str, timeout_s: float = 20.0) -> str:
    """GET ``url`` until it answers 200; fails the test after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            return http_get(url, timeout=2.0)
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            last = exc
            time.sleep(0.1)
    pytest.fail(f"{url} did not answer within {timeout_s} s: {last}")


# A Marsad process exposing the real metric families: monitor.metrics on the default registry,
# served by monitor.metrics.serve_metrics, exactly as the services do.
_METRICS_PROCESS = """
import sys
from monitor.metrics import default_metrics, serve_metrics
default_metrics()
serve_metrics(int(sys.argv[1]), host="127.0.0.1")
sys.stdout.write("ready\\n"); sys.stdout.flush()
sys.stdin.read()  # until the test closes stdin
"""


@contextmanager
def metrics_process() -> Iterator[str]:
    """A subprocess serving Marsad's ``/metrics``; yields its URL."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", _METRICS_PROCESS, str(port)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=ROOT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/metrics"
        wait_http(url)
        yield url
    finally:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        proc.stdout.close()
