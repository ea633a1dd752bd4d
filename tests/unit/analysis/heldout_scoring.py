"""Shared scoring of the authored held-out sets (tests/data/heldout*; see test_heldout_sets.py).

Each set is a JSON Lines file in the format of ``../shared/corpus/dev.jsonl`` (plus a
``label_notes`` field). The analysis engine is scored in-process with the shared corpus scorer
(``../shared/corpus/score.py``: its ``to_items`` conversion and its ``score`` metrics), so a
held-out number means exactly what ``score.py score`` would print for the same lines.

The composition checks (``relevant_share``, ``at_least``, ``every``, ``weekday_words``...) build
the per-set assertions of the table in ``test_heldout_sets.py``: each returns a ``Check``, a
callable that asserts something of a set's lines.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any, get_args

import pycountry
import pytest

from monitor.analysis import Analyzer
from monitor.models import NewsItem, Side

#: The DESIGN.md side vocabulary, as the contracts define it.
SIDES = set(get_args(Side))
EVENT_TYPES = {
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Armed clash",
    "Attack",
    "Disrupted weapons use",
}
GOLD_FIELDS = {"relevant", "ambiguous", "admin1", "casualties", "sides", "event_types"}
LICENSE = "authored for Marsad tests"

Row = dict[str, Any]
#: A composition check: asserts something of a set's lines (``AssertionError`` when it fails).
Check = Callable[[list[Row]], None]
#: A condition on one line.
Condition = Callable[[Row], bool]


def read_rows(path: Path) -> list[dict[str, Any]]:
    """The labelled lines of a held-out file (blank lines skipped)."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_scorer(shared_dir: Path) -> ModuleType:
    """Import ``corpus/score.py`` from the shared directory (it is a script, not a package)."""
    path = shared_dir / "corpus" / "score.py"
    spec = importlib.util.spec_from_file_location("marsad_corpus_score", path)
    assert spec is not None and spec.loader is not None, f"cannot load the scorer {path}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def analyse_and_score(scorer: ModuleType, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Run the engine over the rows (converted by the scorer itself) and score the answers."""
    analyzer = Analyzer()
    analyses = [
        analyzer.analyse(NewsItem.model_validate(item)).model_dump(mode="json")
        for item in scorer.to_items(rows)
    ]
    scored: dict[str, Any] = scorer.score(rows, analyses)
    return scored


def check_lines(path: Path, rows: list[dict[str, Any]], address: str, minimum: int) -> None:
    """Assert that every line follows the corpus format and the labelling vocabularies."""
    assert len(rows) >= minimum, f"{path}: expected at least {minimum} articles, found {len(rows)}"
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)), f"{path}: duplicate ids"
    for n, row in enumerate(rows, 1):
        where = f"{path}:{n} ({row.get('id')})"
        assert row["source"] == {"type": "authored", "address": address}, where
        assert row["license"] == LICENSE, where
        assert row["title"] and row["text"] and row["outlet"], where
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date"]), where
        gold = row["gold"]
        assert set(gold) == GOLD_FIELDS, where
        if not gold["relevant"]:
            assert not gold["ambiguous"], f"{where}: an ambiguous item is a hedged relevant one"
            assert not (
                gold["admin1"] or gold["casualties"] or gold["sides"] or gold["event_types"]
            ), f"{where}: facts are labelled only for relevant items"
            continue
        for code in gold["admin1"]:
            found = pycountry.subdivisions.get(code=code)  # type: ignore[no-untyped-call]
            assert found is not None, f"{where}: admin1 {code}"
        for cas in gold["casualties"]:
            assert cas["kind"] in ("killed", "wounded"), where
            assert isinstance(cas["count"], int) and cas["count"] > 0, where
        assert set(gold["sides"]) <= SIDES, f"{where}: sides {gold['sides']}"
        assert set(gold["event_types"]) <= EVENT_TYPES, f"{where}: {gold['event_types']}"
        assert gold["sides"] and gold["event_types"], f"{where}: a relevant item has facts"


def metric_params(
    floors: Mapping[str, tuple[float, float]], below_minimum: Mapping[str, str]
) -> list[Any]:
    """One pytest param per metric; metrics in ``below_minimum`` are xfail (non-strict)."""
    return [
        pytest.param(
            name,
            marks=pytest.mark.xfail(strict=False, reason=below_minimum[name])
            if name in below_minimum
            else (),
        )
        for name in floors
    ]


def assert_floor(
    label: str, result: dict[str, Any], metric: str, floor: float, measured: float
) -> None:
    """Assert one metric's F1 against its floor, explaining a drop with the wrong verdicts."""
    got = result[metric]
    wrong = "; ".join(
        f"{e['id']} gold={e['gold']} said={e['said']}" for e in result["relevance_errors"]
    )
    assert got["f1"] >= floor, (
        f"{label} {metric} F1 {got['f1']} < floor {floor} (was {measured} when the set was "
        f"written); P={got['precision']} R={got['recall']} tp={got['tp']} fp={got['fp']} "
        f"fn={got['fn']}; wrong verdicts: {wrong or 'none'}"
    )


def check_precision_mix(
    rows: list[dict[str, Any]], negatives: int, relevant: int, ambiguous: int
) -> None:
    """Assert a precision set's mix (minimum counts of each verdict) and its item sizes."""
    counts = {"negative": 0, "relevant": 0, "ambiguous": 0}
    for row in rows:
        gold = row["gold"]
        kind = "ambiguous" if gold["ambiguous"] else "relevant" if gold["relevant"] else "negative"
        counts[kind] += 1
        size = len((row["title"] + row["text"]).encode())
        assert 300 <= size <= 2000, f"{row['id']}: {size} bytes (expected 300-2000)"
    wanted = {"negative": negatives, "relevant": relevant, "ambiguous": ambiguous}
    short = {kind: n for kind, n in counts.items() if n < wanted[kind]}
    assert not short, f"too few items of a kind: {short} (wanted at least {wanted})"


#: Arabic weekday names, Monday first (``date.weekday()`` order).
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
#: A regex alternation of the weekday names.
DAY = "|".join(WEEKDAYS)
#: Weekday word -> ``date.weekday()``, with the spellings that drop a hamza or add one.
WEEKDAY_NUMBER = {name: n for n, name in enumerate(WEEKDAYS)} | {
    "الإثنين": 0,
    "الاربعاء": 2,
    "الاحد": 6,
}
#: A regex alternation of the weekday words in all those spellings.
DAY_SPELLINGS = "|".join(WEEKDAY_NUMBER)


def weekday_words(
    pattern: str,
    days_back: Mapping[str, Collection[int]] | None = None,
    *,
    minimum: int = 0,
    title: bool = True,
) -> Check:
    """Weekday words agree with ``date``: each match of ``pattern`` (groups ``before``, optional,
    and ``day``, a key of ``WEEKDAY_NUMBER``) names the item's day, or one of the days
    ``days_back[before]`` back when the word before it is listed (``{"أمس": {1}}``: "أمس X" is
    the day before). At least ``minimum`` phrases are checked, in the title and text (``title``)
    or the text alone."""
    regex = re.compile(pattern)

    def check(rows: list[Row]) -> None:
        checked = 0
        for row in rows:
            day = dt.date.fromisoformat(row["date"]).weekday()
            text = row["title"] + " " + row["text"] if title else row["text"]
            for match in regex.finditer(text):
                back = (days_back or {}).get(match.group("before") or "", (0,))
                allowed = {(day - n) % 7 for n in back}
                word = WEEKDAY_NUMBER[match.group("day")]
                assert word in allowed, f"{row['id']}: {match.group(0)!r} on {row['date']}"
                checked += 1
        assert checked >= minimum, f"only {checked} weekday phrases found (expected {minimum})"

    return check


#: Every weekday word names the item's day; "أمس X" names the day before (text only).
_TODAY_OR_YESTERDAY = weekday_words(
    rf"(?:(?P<before>أمس) )?(?P<day>{DAY})", {"أمس": {1}}, title=False
)


def check_weekdays(rows: list[dict[str, Any]]) -> None:
    """Assert that weekday words agree with ``date`` ("أمس X" is the day before)."""
    _TODAY_OR_YESTERDAY(rows)


def weekday_near_date(days_back: int) -> Check:
    """Every text names the weekday of its date or of one of the ``days_back`` days before it
    (the incident is told on the day itself or a little before it: "مساء الأحد")."""

    def check(rows: list[Row]) -> None:
        for row in rows:
            day = dt.date.fromisoformat(row["date"])
            near = {WEEKDAYS[(day - dt.timedelta(days=n)).weekday()] for n in range(days_back + 1)}
            assert any(word in row["text"] for word in near), f"{row['id']}: no weekday near {day}"

    return check


def check_pairs(rows: list[dict[str, Any]], prefix: str, minimum: int) -> None:
    """Assert a minimal-pair set: each ``<prefix>rNN`` is a plain relevant report whose negative
    twin ``<prefix>nNN`` exists, and each item's ``label_notes`` names the other."""
    by_id = {row["id"]: row for row in rows}
    pairs = sorted(i.removeprefix(f"{prefix}r") for i in by_id if i.startswith(f"{prefix}r"))
    assert len(pairs) >= minimum, f"{prefix}: {len(pairs)} pairs (expected at least {minimum})"
    for n in pairs:
        report, twin = by_id[f"{prefix}r{n}"], by_id.get(f"{prefix}n{n}")
        assert twin is not None, f"{prefix}r{n} has no twin"
        assert report["gold"]["relevant"] and not report["gold"]["ambiguous"], f"{prefix}r{n}"
        assert not twin["gold"]["relevant"], f"{prefix}n{n} must be the negative twin"
        assert f"r{n}" in twin["label_notes"] and f"n{n}" in report["label_notes"], n


def check_dev_mix(rows: list[dict[str, Any]], longest_bytes: int) -> None:
    """Assert the dev corpus's own mix: about 45 % relevant, about a third of those hedged, a
    one-line item and a long read of at least ``longest_bytes`` (UTF-8), and a cut excerpt."""
    relevant = [row for row in rows if row["gold"]["relevant"]]
    hedged = [row for row in relevant if row["gold"]["ambiguous"]]
    sizes = [len(row["text"].encode()) for row in rows]
    assert 0.38 <= len(relevant) / len(rows) <= 0.52, "about 45 % relevant, as in dev.jsonl"
    assert 0.25 <= len(hedged) / len(relevant) <= 0.45, "about a third of the relevant hedged"
    assert min(sizes) < 400, f"no one-line item (shortest text {min(sizes)} bytes)"
    assert max(sizes) >= longest_bytes, f"no long read (longest text {max(sizes)} bytes)"
    assert any(row["partial"] for row in rows), "excerpts cut mid-sentence"


# Conditions on one line, for ``at_least`` and ``every``.


def is_relevant(row: Row) -> bool:
    return bool(row["gold"]["relevant"])


def is_negative(row: Row) -> bool:
    return not row["gold"]["relevant"]


def is_hedged(row: Row) -> bool:
    """Relevant and ambiguous (``check_lines`` keeps ambiguous items relevant)."""
    return bool(row["gold"]["ambiguous"])


def is_plain(row: Row) -> bool:
    """A relevant report that is not hedged."""
    return bool(row["gold"]["relevant"] and not row["gold"]["ambiguous"])


def is_partial(row: Row) -> bool:
    """An excerpt cut mid-sentence."""
    return bool(row["partial"])


def has_notes(row: Row) -> bool:
    """The line says what it tests (``label_notes``)."""
    return bool(row["label_notes"])


def text_bytes(row: Row) -> int:
    """The size of the text in UTF-8 bytes."""
    return len(row["text"].encode("utf-8"))


def item_bytes(row: Row) -> int:
    """The size of the title and text in UTF-8 bytes."""
    return len((row["title"] + row["text"]).encode("utf-8"))


def year(row: Row) -> int:
    return int(row["date"][:4])


def mentions(*words: str) -> Condition:
    """The text contains one of ``words``."""
    return lambda row: any(word in row["text"] for word in words)


def matches(pattern: str, *, title: bool = False) -> Condition:
    """``pattern`` is found in the text (or in the title and text, with ``title``)."""
    regex = re.compile(pattern)
    return lambda row: bool(
        regex.search(row["title"] + "\n" + row["text"] if title else row["text"])
    )


def of_type(event_type: str) -> Condition:
    """The gold event types include ``event_type``."""
    return lambda row: event_type in row["gold"]["event_types"]


# Composition checks: each returns a ``Check`` over a set's lines.


def relevant_share(low: float, high: float) -> Check:
    """The share of relevant items lies in [low, high] (the set keeps its confusable negatives)."""

    def check(rows: list[Row]) -> None:
        share = sum(is_relevant(row) for row in rows) / len(rows)
        assert low <= share <= high, f"{share:.3f} of the items relevant (expected {low}-{high})"

    return check


def hedged_share(low: float, high: float) -> Check:
    """The share of hedged items among the relevant ones lies in [low, high]."""

    def check(rows: list[Row]) -> None:
        relevant = [row for row in rows if is_relevant(row)]
        share = sum(is_hedged(row) for row in relevant) / len(relevant)
        assert low <= share <= high, f"{share:.3f} of the relevant hedged (expected {low}-{high})"

    return check


def at_least(minimum: int, what: str, *conditions: Condition) -> Check:
    """At least ``minimum`` lines meet all ``conditions``."""

    def check(rows: list[Row]) -> None:
        found = sum(all(condition(row) for condition in conditions) for row in rows)
        assert found >= minimum, f"{what}: {found} items (expected at least {minimum})"

    return check


def every(what: str, condition: Condition, among: Condition | None = None) -> Check:
    """Every line (or every line that meets ``among``) meets ``condition``."""

    def check(rows: list[Row]) -> None:
        wrong = [row["id"] for row in rows if (among is None or among(row)) and not condition(row)]
        assert not wrong, f"{what}; not so in {wrong}"

    return check


def admin1_exactly(codes: Collection[str]) -> Check:
    """The relevant items are placed in exactly these governorates, all of them."""

    def check(rows: list[Row]) -> None:
        found = {code for row in rows if is_relevant(row) for code in row["gold"]["admin1"]}
        assert found == set(codes), f"governorates covered: {sorted(found)}"

    return check
