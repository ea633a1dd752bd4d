"""Grafana: provisioning files and dashboard JSON are well-formed and agree with each other."""
# The panels' PromQL is checked in test_promql.py (parses, uses only exported metrics).

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.unit.deploy.support import COMPOSE, DASHBOARDS, GRAFANA, iter_panels, load_yaml

DATASOURCES = GRAFANA / "provisioning" / "datasources" / "prometheus.yml"
PROVIDERS = GRAFANA / "provisioning" / "dashboards" / "marsad.yml"
# Panels that show data from a query; text and row panels have none.
QUERY_PANELS = {"timeseries", "stat", "table", "bargauge", "gauge", "barchart", "piechart"}
EXPECTED = {"pipeline-overview.json", "feed-health.json", "alerts.json"}


def _datasource_uid() -> str:
    sources = load_yaml(DATASOURCES)["datasources"]
    assert len(sources) == 1 and sources[0]["type"] == "prometheus"
    return str(sources[0]["uid"])


def _load(path: Path) -> dict[str, Any]:
    board = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(board, dict)
    return board


def test_the_three_dashboards_exist_with_unique_uids() -> None:
    assert {p.name for p in DASHBOARDS} == EXPECTED
    uids = [_load(p)["uid"] for p in DASHBOARDS]
    assert len(set(uids)) == len(uids)


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.name)
def test_datasource_selector_defaults_to_the_provisioned_datasource(path: Path) -> None:
    # Panels use ${datasource}: the provisioned Prometheus in compose, any Prometheus elsewhere
    # (e.g. Grafana's dashboard sidecar on Kubernetes, whose datasource uid differs).
    variables = {v["name"]: v for v in _load(path)["templating"]["list"]}
    selector = variables["datasource"]
    assert selector["type"] == "datasource" and selector["query"] == "prometheus"
    assert selector["current"]["value"] == _datasource_uid()


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.name)
def test_dashboard_structure(path: Path) -> None:
    board = _load(path)
    uid = "${datasource}"
    assert board["title"].startswith("Marsad ")
    assert "marsad" in board["tags"]
    assert isinstance(board["schemaVersion"], int) and board["schemaVersion"] >= 36
    ids = [p["id"] for p in board["panels"]]
    assert len(ids) == len(set(ids)), f"{path.name}: duplicate panel ids"
    for panel in iter_panels(board):
        where = f"{path.name}: panel {panel['id']} {panel.get('title')!r}"
        grid = panel["gridPos"]
        assert grid["x"] >= 0 and grid["x"] + grid["w"] <= 24 and grid["h"] > 0, where
        assert panel.get("title"), where
        assert panel.get("description"), f"{where}: say what the panel shows"
        assert panel["type"] in QUERY_PANELS, f"{where}: unexpected type {panel['type']}"
        assert panel["datasource"] == {"type": "prometheus", "uid": uid}, where
        targets = panel.get("targets")
        assert targets, f"{where}: no targets"
        refs = [t["refId"] for t in targets]
        assert len(refs) == len(set(refs)), f"{where}: duplicate refIds"
        for target in targets:
            assert target.get("expr", "").strip(), f"{where}: ref {target['refId']} has no expr"
            assert target["datasource"]["uid"] == uid, f"{where}: ref {target['refId']}"
    for var in board["templating"]["list"]:
        if var["type"] == "query":
            assert var["datasource"]["uid"] == uid, f"{path.name}: variable {var['name']}"


def test_panels_do_not_overlap() -> None:
    for path in DASHBOARDS:
        cells: dict[tuple[int, int], int] = {}
        for panel in _load(path)["panels"]:
            g = panel["gridPos"]
            for x in range(g["x"], g["x"] + g["w"]):
                for y in range(g["y"], g["y"] + g["h"]):
                    other = cells.setdefault((x, y), panel["id"])
                    assert other == panel["id"], f"{path.name}: panels {other} and {panel['id']}"


def test_feed_health_has_one_row_per_feed() -> None:
    board = _load(GRAFANA / "dashboards" / "feed-health.json")
    table = next(p for p in iter_panels(board) if p["type"] == "table")
    # Instant table queries merged on the feed label: one row per feed.
    assert all(t["instant"] and t["format"] == "table" for t in table["targets"])
    assert all("by (feed)" in t["expr"] or "by (le, feed)" in t["expr"] for t in table["targets"])
    assert table["transformations"][0]["id"] == "merge"


def test_alerts_dashboard_covers_severity_governorate_incidents() -> None:
    exprs = " ".join(
        t["expr"]
        for p in iter_panels(_load(GRAFANA / "dashboards" / "alerts.json"))
        for t in p["targets"]
    )
    for needle in ("by (severity)", "by (admin1)", "marsad_incidents_total"):
        assert needle in exprs


def test_provisioning_points_where_compose_mounts_the_dashboards() -> None:
    provider = load_yaml(PROVIDERS)["providers"][0]
    assert provider["type"] == "file"
    grafana = load_yaml(COMPOSE)["services"]["grafana"]
    mounts = {v.split(":")[1]: v.split(":")[0] for v in grafana["volumes"]}
    assert mounts[provider["options"]["path"]] == "./deploy/grafana/dashboards"
    assert mounts["/etc/grafana/provisioning"] == "./deploy/grafana/provisioning"
    # Grafana reaches Prometheus by its compose service name and port.
    source = load_yaml(DATASOURCES)["datasources"][0]
    assert source["url"] == "http://prometheus:9090"
    assert "prometheus" in load_yaml(COMPOSE)["services"]
