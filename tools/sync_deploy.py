#!/usr/bin/env python3
"""Regenerate the Kubernetes files that are copies of a single source of truth.

Kustomize only reads files inside the kustomization's own folder, so the base keeps generated
copies of:

- ``deploy/prometheus/rules.yml`` -> ``deploy/k8s/base/prometheusrule.yaml`` (a PrometheusRule
  whose ``spec.groups`` are the rule groups, unchanged);
- ``deploy/feeds.yaml`` -> ``deploy/k8s/base/files/feeds.yaml`` (the feeds ConfigMap);
- ``monitor/incidents/profiles/default.yaml`` -> ``deploy/k8s/base/files/profiles.yaml``;
- ``deploy/grafana/dashboards/*.json`` -> ``deploy/k8s/base/files/dashboards/`` (a ConfigMap for
  Grafana's dashboard sidecar; JSON has no comments, so these copies carry no header).

Edit the sources, then run ``python tools/sync_deploy.py``; ``--check`` only reports stale copies
and exits 1 (the tests run it, so a stale copy fails CI).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "deploy" / "k8s" / "base"
RULES = ROOT / "deploy" / "prometheus" / "rules.yml"

COPIES = {
    BASE / "files" / "feeds.yaml": ROOT / "deploy" / "feeds.yaml",
    BASE / "files" / "profiles.yaml": ROOT / "monitor" / "incidents" / "profiles" / "default.yaml",
}
PROMETHEUS_RULE = BASE / "prometheusrule.yaml"
DASHBOARDS = ROOT / "deploy" / "grafana" / "dashboards"
DASHBOARD_COPIES = BASE / "files" / "dashboards"


def _header(source: Path) -> str:
    rel = source.relative_to(ROOT)
    return (
        f"# GENERATED from {rel} by tools/sync_deploy.py: edit that file, then run\n"
        "# `python tools/sync_deploy.py` (a test fails while this copy is stale).\n"
    )


class _BlockDumper(yaml.SafeDumper):
    """Multi-line strings (PromQL, descriptions) as literal blocks, like the source."""


def _str_presenter(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_BlockDumper.add_representer(str, _str_presenter)


def prometheus_rule(rules_text: str) -> str:
    """The PrometheusRule manifest for the rule file's text (its groups, unchanged)."""
    rules = yaml.safe_load(rules_text)
    if not isinstance(rules, dict) or not isinstance(rules.get("groups"), list):
        raise ValueError(f"{RULES}: expected a mapping with a 'groups' list")
    manifest: dict[str, Any] = {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PrometheusRule",
        "metadata": {
            "name": "marsad",
            "labels": {
                "app.kubernetes.io/name": "marsad",
                # The Prometheus Operator's ruleSelector must match this label (docs/operations.md).
                "role": "alert-rules",
            },
        },
        "spec": {"groups": rules["groups"]},
    }
    body = yaml.dump(manifest, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=100)
    return _header(RULES) + body


def expected_files() -> dict[Path, str]:
    """Every generated file and the text it must have now."""
    out = {PROMETHEUS_RULE: prometheus_rule(RULES.read_text(encoding="utf-8"))}
    for target, source in COPIES.items():
        if not source.is_file():
            raise FileNotFoundError(f"{source.relative_to(ROOT)}: source of {target.name} missing")
        out[target] = _header(source) + source.read_text(encoding="utf-8")
    for board in sorted(DASHBOARDS.glob("*.json")):
        out[DASHBOARD_COPIES / board.name] = board.read_text(encoding="utf-8")
    return out


def orphans() -> list[Path]:
    """Dashboard copies whose source is gone."""
    sources = {p.name for p in DASHBOARDS.glob("*.json")}
    return [p for p in sorted(DASHBOARD_COPIES.glob("*.json")) if p.name not in sources]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale files, change nothing")
    args = parser.parse_args(argv)
    stale = []
    for path, text in expected_files().items():
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in orphans():
        stale.append(path)
        if not args.check:
            path.unlink()
    for path in stale:
        verb = "stale" if args.check else ("written" if path.exists() else "removed")
        print(f"{verb}: {path.relative_to(ROOT)}")
    if args.check and stale:
        print("run `python tools/sync_deploy.py` to regenerate", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
