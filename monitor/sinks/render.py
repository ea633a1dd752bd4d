"""How an Alert looks to people: terminal lines, and the Slack-compatible webhook payload.

Arabic headlines are wrapped in Unicode *isolates* (U+2067 RIGHT-TO-LEFT ISOLATE ... U+2069 POP
DIRECTIONAL ISOLATE): a terminal or chat client then lays the Arabic out right to left without
reordering the Latin text and numbers around it. Bidirectional control characters already in the
text (a feed may carry stray or hostile ones) are removed first, so an isolate is always closed
and a headline cannot reorder the rest of the line.

>>> rtl("هجوم على قاعدة\\u202e التنف")
'\\u2067هجوم على قاعدة التنف\\u2069'
"""

from __future__ import annotations

import re
from typing import Any

from monitor.models import Alert

__all__ = ["format_alert", "isolate_arabic", "rtl", "slack_payload"]

RLI, PDI = "\u2067", "\u2069"
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_SIDE_LABEL = {"us_coalition": "US/coalition", "iran_aligned": "Iran-aligned"}
_SEVERITY_MARK = {"critical": "🔴", "high": "🟠", "medium": "🟡", "low": "⚪"}


def rtl(text: str) -> str:
    """``text`` without bidi controls, isolated as right-to-left."""
    return f"{RLI}{_BIDI_CONTROLS.sub('', ' '.join(text.split()))}{PDI}"


_AR = "\u0600-\u06ff\u0750-\u077f"
_ARABIC_RUN = re.compile(f"[{_AR}](?:[{_AR}\\s]*[{_AR}])?")


def isolate_arabic(text: str) -> str:
    """Isolate every Arabic run inside a left-to-right line (outlet names in ``changes``).

    >>> isolate_arabic("new_outlet: موقع الفرات") == f"new_outlet: {RLI}موقع الفرات{PDI}"
    True
    """
    return _ARABIC_RUN.sub(lambda m: f"{RLI}{m.group(0)}{PDI}", _BIDI_CONTROLS.sub("", text))


def _places(alert: Alert) -> str:
    names = []
    for loc in alert.facts.locations:
        label = f"{loc.name} ({loc.admin1})" if loc.admin1 else loc.name
        if label not in names:
            names.append(label)
    return ", ".join(names) or "unknown"


def _casualties(alert: Alert) -> str:
    parts = []
    for c in alert.facts.casualties:
        n = str(c.min) if c.min == c.max else f"{c.min}-{c.max}"
        side = f" {_SIDE_LABEL.get(c.side, c.side)}" if c.side else ""
        parts.append(f"{n}{side} {c.kind}")
    return ", ".join(parts) or "none reported"


def format_alert(alert: Alert) -> str:
    """A few readable lines for a terminal (``marsad alerts tail``)."""
    seen = alert.first_seen.strftime("%Y-%m-%d %H:%MZ")
    head = (
        f"{alert.status.upper()} v{alert.version}  {alert.severity.upper():<8} "
        f"{alert.incident_id}  {seen}  [{alert.profile}]"
    )
    outlets = len({r.outlet for r in alert.reports})
    lines = [
        head,
        f"  {rtl(alert.headline)}",
        f"  {alert.summary_en}",
        f"  places: {_places(alert)} | casualties: {_casualties(alert)} | "
        f"reports: {len(alert.reports)} from {outlets} outlet(s)",
    ]
    if alert.status == "update" and alert.changes:
        lines.append(f"  changes: {isolate_arabic('; '.join(alert.changes))}")
    return "\n".join(lines)


def slack_payload(alert: Alert) -> dict[str, Any]:
    """A Slack incoming-webhook message (``text`` fallback plus Block Kit ``blocks``)."""
    mark = _SEVERITY_MARK[alert.severity]
    title = (
        f"{mark} {alert.severity.upper()} · {alert.status} v{alert.version} · {alert.summary_en}"
    )
    links = " · ".join(
        f"<{r.url}|{r.outlet or 'report'}>" for r in alert.reports[:5] if r.url.startswith("http")
    )
    fields = [
        {"type": "mrkdwn", "text": f"*Places*\n{_places(alert)}"},
        {"type": "mrkdwn", "text": f"*Casualties*\n{_casualties(alert)}"},
        {"type": "mrkdwn", "text": f"*Incident*\n`{alert.incident_id}`"},
        {"type": "mrkdwn", "text": f"*Profile*\n{alert.profile}"},
    ]
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*{title}*"}},
        {"type": "section", "text": {"type": "plain_text", "text": rtl(alert.headline)}},
        {"type": "section", "fields": fields},
    ]
    context = []
    if alert.status == "update" and alert.changes:
        changes = isolate_arabic("; ".join(alert.changes))
        context.append({"type": "mrkdwn", "text": f"changes: {changes}"})
    if links:
        context.append({"type": "mrkdwn", "text": links})
    if context:
        blocks.append({"type": "context", "elements": context})
    return {"text": f"{title}\n{rtl(alert.headline)}", "blocks": blocks}
