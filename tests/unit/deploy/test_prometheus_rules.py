"""The Prometheus configuration and alert rules: promtool checks, unit tests, coverage, runbook."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from tests.unit.deploy.support import (
    PROMETHEUS_YML,
    RULES,
    RULES_TEST,
    RUNBOOK,
    alert_rules,
    load_yaml,
    needs_promtool,
    run_promtool,
)

# The alerts issue 6 asks for; more may exist, none of these may go.
REQUIRED_ALERTS = {
    "FeedDown",
    "FeedErrorRateHigh",
    "WorkerLagHigh",
    "PipelineStalled",
    "DeadLettersRising",
    "NoAlertsForLong",
}
SEVERITIES = {"critical", "warning", "info"}


@needs_promtool
def test_promtool_check_config() -> None:
    result = run_promtool("check", "config", PROMETHEUS_YML)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 rule files found" in result.stdout + result.stderr


@needs_promtool
def test_promtool_check_rules() -> None:
    result = run_promtool("check", "rules", RULES)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(alert_rules())} rules found" in result.stdout


@needs_promtool
def test_promtool_test_rules() -> None:
    result = run_promtool("test", "rules", RULES_TEST)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_required_alerts_exist() -> None:
    names = [rule["alert"] for rule in alert_rules()]
    assert len(names) == len(set(names)), f"duplicate alert names in {RULES.name}: {names}"
    assert set(names) >= REQUIRED_ALERTS, REQUIRED_ALERTS - set(names)


def _test_cases() -> dict[str, list[list[object]]]:
    """alertname -> the exp_alerts lists of its test cases in rules_test.yml."""
    cases: dict[str, list[list[object]]] = defaultdict(list)
    spec = load_yaml(RULES_TEST)
    assert spec["rule_files"] == [RULES.name]
    for test in spec["tests"]:
        for case in test.get("alert_rule_test", []):
            cases[case["alertname"]].append(case.get("exp_alerts") or [])
    return cases


@pytest.mark.parametrize("rule", alert_rules(), ids=lambda r: r["alert"])
def test_every_alert_has_a_firing_and_a_silent_case(rule: dict[str, object]) -> None:
    cases = _test_cases()[str(rule["alert"])]
    assert any(cases), f"{RULES_TEST.name}: no case where {rule['alert']} fires"
    assert any(not c for c in cases), f"{RULES_TEST.name}: no case where {rule['alert']} is silent"


@pytest.mark.parametrize("rule", alert_rules(), ids=lambda r: r["alert"])
def test_alert_labels_annotations_and_runbook(rule: dict[str, object]) -> None:
    labels = rule["labels"]
    annotations = rule["annotations"]
    assert isinstance(labels, dict) and isinstance(annotations, dict)
    assert labels.get("severity") in SEVERITIES, f"{rule['alert']}: severity {labels}"
    assert {"summary", "description", "runbook_url"} <= set(annotations), rule["alert"]
    anchor = str(rule["alert"]).lower()
    assert annotations["runbook_url"] == f"docs/runbook.md#{anchor}"
    # GitHub-style anchor: the heading text, lower-cased.
    headings = re.findall(r"^##+ (.+)$", RUNBOOK.read_text(encoding="utf-8"), flags=re.M)
    assert anchor in {h.strip().lower() for h in headings}, (
        f"{RUNBOOK.name}: no '## {rule['alert']}'"
    )
    if labels.get("severity") != "info":
        assert rule.get("for"), f"{rule['alert']}: a paging rule needs a `for:` to ride out blips"
