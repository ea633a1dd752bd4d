"""Every PromQL expression of the rules and dashboards parses and uses only exported metrics.

"Exported" means: the metric family appears on a real ``/metrics`` served by a Marsad process
(``monitor.metrics`` on the default registry, served by ``serve_metrics``), or is Prometheus'
own ``up``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.unit.deploy.support import (
    PROMETHEUS_OWN,
    dashboard_expressions,
    exported_names,
    grafana_to_promql,
    http_get,
    metric_names,
    metrics_process,
    needs_promtool,
    rule_expressions,
    run_promtool,
)

EXPRESSIONS = rule_expressions() + dashboard_expressions()


@pytest.fixture(scope="module")
def exported() -> Iterator[set[str]]:
    with metrics_process() as url:
        yield exported_names(http_get(url))


def test_there_are_expressions_from_rules_and_each_dashboard() -> None:
    sources = {where.split(":")[0] for where, _ in EXPRESSIONS}
    assert {"rules.yml", "pipeline-overview.json", "feed-health.json", "alerts.json"} <= sources
    assert len(EXPRESSIONS) > 50


@needs_promtool
def test_every_expression_parses_in_prometheus(tmp_path: Path) -> None:
    # promtool parses rule expressions with Prometheus' own parser: wrap each in a recording rule.
    rules = [
        {"record": f"marsad_check:expr_{i}", "expr": e} for i, (_, e) in enumerate(EXPRESSIONS)
    ]
    path = tmp_path / "expressions.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "check", "rules": rules}]}))
    result = run_promtool("check", "rules", path)
    if result.returncode != 0:
        where = "\n".join(f"expr_{i}: {w}" for i, (w, _) in enumerate(EXPRESSIONS))
        pytest.fail(f"{result.stdout}{result.stderr}\n{where}")
    assert f"{len(rules)} rules found" in result.stdout


@pytest.mark.parametrize(("where", "expr"), EXPRESSIONS, ids=[w for w, _ in EXPRESSIONS])
def test_expression_uses_only_exported_metrics(where: str, expr: str, exported: set[str]) -> None:
    names = metric_names(expr)
    assert names, f"{where}: selects no metric: {expr}"
    unknown = {n for n in names if n not in PROMETHEUS_OWN and n not in exported}
    assert not unknown, f"{where}: not exported by Marsad's /metrics: {sorted(unknown)}"
    assert all(n.startswith("marsad_") or n in PROMETHEUS_OWN for n in names), (where, names)


def test_exported_names_reads_every_family_type() -> None:
    text = (
        "# HELP marsad_x_total X.\n# TYPE marsad_x_total counter\n"
        "# HELP marsad_d_seconds D.\n# TYPE marsad_d_seconds histogram\n"
        "# HELP marsad_g G.\n# TYPE marsad_g gauge\nmarsad_g 1.0\n"
    )
    assert exported_names(text) == {
        "marsad_x_total",
        "marsad_d_seconds_bucket",
        "marsad_d_seconds_sum",
        "marsad_d_seconds_count",
        "marsad_d_seconds_created",
        "marsad_g",
    }


def test_metric_names_sees_through_functions_and_name_matchers() -> None:
    expr = 'sum by (feed) (rate(a_total{x="1"}[5m])) / on (feed) b or absent({__name__="c"})'
    assert metric_names(expr) == {"a_total", "b", "c"}


def test_grafana_variables_are_replaced_or_refused() -> None:
    assert (
        grafana_to_promql('rate(x{feed=~"$feed"}[$__rate_interval])') == 'rate(x{feed=~".+"}[1m])'
    )
    with pytest.raises(ValueError, match=r"\$nope"):
        grafana_to_promql('x{a=~"$nope"}')
