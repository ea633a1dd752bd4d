"""``marsad analyze``: JSON Lines in and out, bad lines reported with their number."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from monitor.analysis import default_analyzer
from monitor.analysis.commands import analyse_stream
from monitor.models import dumps, loads_analysis, salvage_timestamps
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


def test_a_loose_date_does_not_lose_the_item() -> None:
    """Labelled corpora date some texts loosely; `score.py items` passes that on verbatim."""
    item = {
        "item_id": "loose:1",
        "feed_id": "corpus",
        "outlet": "وكالة",
        "url": "https://example.org/1",
        "title": "غارات أمريكية على مواقع لميليشيات موالية لإيران قرب البوكمال",
        "body": "شنت طائرات أمريكية غارات على مواقع لفصائل مدعومة من إيران قرب البوكمال.",
        "published_at": "2022-01 (PT12:00:00Z",
        "fetched_at": "2022-01 (PT12:00:00Z",
    }
    broken = dict(item, item_id="broken:1", fetched_at="yesterday-ish", published_at=None)
    lines = "\n".join(json.dumps(x, ensure_ascii=False) for x in (item, broken)) + "\n"
    out, err = io.BytesIO(), io.StringIO()
    bad = analyse_stream(io.StringIO(lines), out, err, default_analyzer(), "in")
    analyses = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [a["item_id"] for a in analyses] == ["loose:1"]
    assert "in:1: warning: published_at '2022-01 (PT12:00:00Z' read as 2022-01-01T12:00:00Z" in (
        err.getvalue()
    )
    # No date at all in the fetch time: that line is bad, with its number, and it is counted.
    assert bad == 1 and "in:2:" in err.getvalue()


def test_salvage_reads_year_month_day_as_far_as_given() -> None:
    mended = salvage_timestamps(
        json.dumps({"published_at": "2023-10-20 (x)T12:00:00Z", "fetched_at": "2024"})
    )
    assert mended is not None
    row = json.loads(mended[0])
    assert row["published_at"] == "2023-10-20T12:00:00Z"
    assert row["fetched_at"] == "2024-01-01T12:00:00Z"
    ranged = salvage_timestamps('{"fetched_at": "2023-2024 T12:00:00Z"}')
    assert ranged is not None and json.loads(ranged[0])["fetched_at"] == "2023-01-01T12:00:00Z"
    assert salvage_timestamps('{"fetched_at": "2024-01-01T00:00:00Z"}') is None
    assert salvage_timestamps("[1]") is None


class _FailsOnOne:
    """An engine with a defect on one item (the real one for the others)."""

    def analyse(self, news: object) -> object:
        if getattr(news, "item_id", "") == "boom:1":
            raise IndexError("list index out of range")
        return default_analyzer().analyse(news)  # type: ignore[arg-type]


def test_an_engine_failure_names_the_item_and_the_rest_is_analysed() -> None:
    lines = b"".join(
        dumps(item(text).model_copy(update={"item_id": item_id})) + b"\n"
        for item_id, text in (
            ("ok:1", "قصفت طائرات أمريكية مواقع للحرس الثوري الإيراني في البوكمال."),
            ("boom:1", "نص يتعثر عليه المحرك."),
            ("ok:2", "ارتفعت أسعار الخبز في دمشق."),
        )
    ).decode()
    out, err = io.BytesIO(), io.StringIO()
    bad = analyse_stream(io.StringIO(lines), out, err, _FailsOnOne(), "in")
    assert bad == 1
    assert [json.loads(x)["item_id"] for x in out.getvalue().splitlines()] == ["ok:1", "ok:2"]
    assert "in:2: analysis of boom:1 failed: IndexError: list index out of range" in err.getvalue()
