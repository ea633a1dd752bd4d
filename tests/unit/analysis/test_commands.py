"""``marsad analyze``: JSON Lines in and out, bad lines reported with their number."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from monitor.analysis.commands import repair_item
from monitor.models import dumps, loads_analysis
from tests.unit.analysis.helpers import item


def test_analyze_file_with_a_bad_line(tmp_path: Path) -> None:
    good = item("قصفت طائرات أمريكية مواقع للحرس الثوري الإيراني في البوكمال.").model_copy(
        update={"item_id": "good:1"}
    )
    other = item("ارتفعت أسعار الخبز في دمشق.").model_copy(update={"item_id": "good:2"})
    src = tmp_path / "items.jsonl"
    src.write_bytes(dumps(good) + b"\n{not json\n" + dumps(other) + b"\n" + b'{"item_id": 1}\n')
    proc = subprocess.run(
        [sys.executable, "-m", "monitor.cli", "analyze", str(src)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    out = [loads_analysis(line) for line in proc.stdout.splitlines()]
    assert [a.item_id for a in out] == ["good:1", "good:2"]
    assert out[0].relevant and not out[1].relevant
    assert f"{src}:2: bad_json" in proc.stderr
    assert f"{src}:4: invalid_record" in proc.stderr


def test_analyze_stdin() -> None:
    good = item("استهدفت مسيرة قاعدة التنف الأمريكية فجر اليوم.")
    proc = subprocess.run(
        [sys.executable, "-m", "monitor.cli", "analyze", "-"],
        input=dumps(good).decode(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert loads_analysis(proc.stdout.strip()).relevant


def test_repair_item_keeps_the_item_when_its_date_is_free_text() -> None:
    line = json.dumps(
        {
            "item_id": "x",
            "published_at": "2022-01 (PT12:00:00Z",
            "fetched_at": "2022-01 (PT12:00:00Z",
        }
    )
    row = json.loads(repair_item(line))
    assert row["published_at"] is None
    assert row["fetched_at"] == "2026-01-01T00:00:00Z"
    row = json.loads(repair_item(json.dumps({"published_at": "2023-10-20 (x)T12:00:00Z"})))
    assert row["published_at"] == "2023-10-20T12:00:00Z"
