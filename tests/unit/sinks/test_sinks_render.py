"""Rendering alerts for people: RTL-safe lines, the Slack payload, Retry-After parsing."""

from __future__ import annotations

from datetime import UTC, date, datetime

from monitor.incidents import IncidentEngine
from monitor.models import Alert
from monitor.sinks.render import PDI, RLI, format_alert, rtl, slack_payload
from monitor.sinks.tail import SeenIds
from monitor.sinks.webhook import retry_after_s
from tests.unit.incidents.helpers import MAYADIN, analysis, at, item


def alerts() -> list[Alert]:
    engine = IncidentEngine()
    out: list[Alert] = []
    state = None
    for iid, outlet, killed in (("a:1", "وكالة الشرق", 6), ("b:1", "موقع الفرات", 9)):
        it = item(iid, outlet, "غارات أمريكية على مواقع للحرس الثوري في الميادين", "نص", at(3))
        an = analysis(iid, event_date=date(2024, 2, 3), locations=(MAYADIN,), killed=killed)
        state, new = engine.observe(state, it, an)
        out.extend(new)
    return out


def test_rtl_isolates_and_strips_bidi_controls() -> None:
    assert rtl("قاعدة\u202e التنف\u2066 F-15") == f"{RLI}قاعدة التنف F-15{PDI}"
    assert rtl("  سطر\nثان ") == f"{RLI}سطر ثان{PDI}"


def test_format_alert_is_readable() -> None:
    new, update = alerts()
    text = format_alert(update)
    lines = text.splitlines()
    assert lines[0].startswith(f"UPDATE v2  HIGH     {update.incident_id}  2024-02-03 09:00Z")
    assert lines[1] == f"  {RLI}غارات أمريكية على مواقع للحرس الثوري في الميادين{PDI}"
    assert lines[2] == f"  {update.summary_en}"
    assert "places: Al-Mayadin (SY-DY) | casualties: 6-9 Iran-aligned killed" in lines[3]
    assert "reports: 2 from 2 outlet(s)" in lines[3]
    assert lines[4] == (
        f"  changes: casualties: killed (iran_aligned) 6 -> 6-9; new_outlet: {RLI}موقع الفرات{PDI}"
    )
    assert "changes" not in format_alert(new)


def test_slack_payload_has_text_and_blocks() -> None:
    _, update = alerts()
    p = slack_payload(update)
    assert p["text"].startswith("🟠 HIGH · update v2 · US/coalition airstrikes")
    assert [b["type"] for b in p["blocks"]] == ["section", "section", "section", "context"]
    assert p["blocks"][1]["text"]["text"].startswith(RLI)
    links = p["blocks"][3]["elements"][1]["text"]
    assert "<https://example.org/a/1|وكالة الشرق>" in links


def test_retry_after_seconds_and_http_date() -> None:
    now = datetime(2024, 2, 3, 12, 0, 0, tzinfo=UTC)
    assert retry_after_s("7", now) == 7.0
    assert retry_after_s("Sat, 03 Feb 2024 12:00:30 GMT", now) == 30.0
    assert retry_after_s("Sat, 03 Feb 2024 11:00:00 GMT", now) == 0.0
    assert retry_after_s("soon", now) is None
    assert retry_after_s(None, now) is None


def test_seen_ids_are_bounded() -> None:
    seen = SeenIds(capacity=2)
    assert seen.add("a") and seen.add("b") and not seen.add("a")
    assert seen.add("c")  # forgets b, the oldest
    assert seen.add("b") and not seen.add("c")
