"""The gazetteer: shipped data validates, covers the region, matches GeoNames; user files add."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pycountry
import pytest

from monitor.analysis.gazetteer import (
    KINDS,
    GazetteerError,
    Place,
    load_gazetteer,
)

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "monitor" / "analysis" / "data" / "gazetteer"

#: Rough bounding boxes (lat_min, lat_max, lon_min, lon_max): a point outside is a typo or a swap.
BOXES = {
    "SY": (32.3, 37.35, 35.55, 42.4),
    "IQ": (29.0, 37.4, 38.75, 48.6),
    "JO": (29.15, 33.4, 34.95, 39.3),
    "LB": (33.05, 34.7, 35.1, 36.65),
    "IL": (29.45, 33.35, 34.25, 35.9),
    "IR": (25.0, 39.8, 44.0, 63.4),
    "TR": (35.8, 42.1, 25.6, 44.8),
    "YE": (12.1, 19.0, 42.5, 54.5),
}

SYRIAN_GOVERNORATES = {
    "SY-DY": "دير الزور",
    "SY-HA": "الحسكة",
    "SY-RA": "الرقة",
    "SY-HI": "حمص",
    "SY-DI": "دمشق",
    "SY-RD": "ريف دمشق",
    "SY-HL": "حلب",
    "SY-ID": "إدلب",
    "SY-HM": "حماة",
    "SY-LA": "اللاذقية",
    "SY-TA": "طرطوس",
    "SY-DR": "درعا",
    "SY-SU": "السويداء",
    "SY-QU": "القنيطرة",
}

# Names the brief requires, each with the admin1 it must resolve to.
REQUIRED_NAMES = {
    "البوكمال": "SY-DY",
    "أبو كمال": "SY-DY",
    "الميادين": "SY-DY",
    "العشارة": "SY-DY",
    "الصالحية": "SY-DY",
    "القورية": "SY-DY",
    "هجين": "SY-DY",
    "الشعيطات": "SY-DY",
    "خشام": "SY-DY",
    "حطلة": "SY-DY",
    "مراط": "SY-DY",
    "الطابية": "SY-DY",
    "جديد عكيدات": "SY-DY",
    "البصيرة": "SY-DY",
    "ذيبان": "SY-DY",
    "الشحيل": "SY-DY",
    "الكسرة": "SY-DY",
    "حقل العمر": "SY-DY",
    "كونيكو": "SY-DY",
    "القرية الخضراء": "SY-DY",
    "مطار الحمدان": "SY-DY",
    "التنك": "SY-DY",
    "الجفرة": "SY-DY",
    "شرق الفرات": "SY-DY",
    "ريف دير الزور الشرقي": "SY-DY",
    "الحسكة": "SY-HA",
    "القامشلي": "SY-HA",
    "الشدادي": "SY-HA",
    "رميلان": "SY-HA",
    "المالكية": "SY-HA",
    "تل تمر": "SY-HA",
    "الهول": "SY-HA",
    "اليعربية": "SY-HA",
    "خراب الجير": "SY-HA",
    "تل بيدر": "SY-HA",
    "قسرك": "SY-HA",
    "سيمالكا": "SY-HA",
    "ريف الحسكة": "SY-HA",
    "الرقة": "SY-RA",
    "الطبقة": "SY-RA",
    "تدمر": "SY-HI",
    "السخنة": "SY-HI",
    "التنف": "SY-HI",
    "الركبان": "SY-HI",
    "معبر الوليد": "SY-HI",
    "القائم": "IQ-AN",
    "الأنبار": "IQ-AN",
    "عين الأسد": "IQ-AN",
    "أربيل": "IQ-AR",
    "بغداد": "IQ-BG",
    "جرف الصخر": "IQ-BB",
    "البرج 22": "JO-MA",
}


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_gazetteer", ROOT / "tools" / "build_gazetteer.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def places() -> tuple[Place, ...]:
    return load_gazetteer()


@pytest.fixture(scope="module")
def by_name(places: tuple[Place, ...]) -> dict[str, list[Place]]:
    index: dict[str, list[Place]] = {}
    for place in places:
        for name in place.names_ar:
            index.setdefault(name, []).append(place)
    return index


def _write(tmp_path: Path, places: list[dict[str, Any]], name: str = "extra.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({"places": places}, ensure_ascii=False), encoding="utf-8")
    return path


def _entry(**changes: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "key": "sy-test-village",
        "names_ar": ["قرية الاختبار", "الاختبار"],
        "name_en": "Test Village",
        "admin1": "SY-DY",
        "country": "SY",
        "lat": 35.1,
        "lon": 40.3,
        "kind": "village",
        "source": "written for this test",
    }
    entry.update(changes)
    return {key: value for key, value in entry.items() if value is not ...}


# --- the shipped data ---------------------------------------------------------------------------


def test_shipped_gazetteer_loads_with_unique_keys_and_known_kinds(
    places: tuple[Place, ...],
) -> None:
    assert len(places) > 100
    keys = Counter(place.key for place in places)
    assert [key for key, count in keys.items() if count > 1] == []
    assert {place.kind for place in places} <= KINDS
    assert all(
        place.names_ar and all(name.strip() == name for name in place.names_ar) for place in places
    )
    assert all("  " not in name for place in places for name in place.names_ar)


def test_every_syrian_governorate_is_present_with_its_arabic_name(
    places: tuple[Place, ...],
) -> None:
    governorates = {p.admin1: p for p in places if p.kind == "governorate" and p.country == "SY"}
    assert set(governorates) == set(SYRIAN_GOVERNORATES)
    for code, name in SYRIAN_GOVERNORATES.items():
        assert name in governorates[code].names_ar, code
        assert f"محافظة {name}" in governorates[code].names_ar, code


def test_countries_of_the_region_are_present(places: tuple[Place, ...]) -> None:
    countries = {p.country for p in places if p.kind == "country"}
    assert {"SY", "IQ", "JO", "IR", "IL", "LB", "TR", "YE"} <= countries
    assert all(p.admin1 is None for p in places if p.kind == "country")


def test_every_admin1_is_a_real_iso_3166_2_code(places: tuple[Place, ...]) -> None:
    codes = {p.admin1 for p in places if p.admin1 is not None}
    unknown = sorted(code for code in codes if pycountry.subdivisions.get(code=code) is None)
    assert unknown == []


def test_coordinates_lie_inside_their_country(places: tuple[Place, ...]) -> None:
    outside = []
    for place in places:
        if place.lat is None or place.lon is None:
            continue
        lat_min, lat_max, lon_min, lon_max = BOXES[place.country]
        if not (lat_min <= place.lat <= lat_max and lon_min <= place.lon <= lon_max):
            outside.append((place.key, place.lat, place.lon))
    assert outside == []


def test_towns_of_the_east_have_coordinates(places: tuple[Place, ...]) -> None:
    east = [p for p in places if p.admin1 in {"SY-DY", "SY-HA", "SY-RA"}]
    pointed = [p for p in east if p.kind in {"city", "town", "airport"}]
    assert pointed and all(p.lat is not None for p in pointed)


@pytest.mark.parametrize(("name", "admin1"), sorted(REQUIRED_NAMES.items()))
def test_required_names_resolve_to_their_admin1(
    by_name: dict[str, list[Place]], name: str, admin1: str
) -> None:
    assert name in by_name, f"{name} is not in the gazetteer"
    assert {place.admin1 for place in by_name[name]} == {admin1}


# The hand-placed sites the product is about, with the kind and admin1 alerts must show.
SITES = {
    "base-al-tanf": ("base", "SY-HI"),
    "base-al-omar": ("base", "SY-DY"),
    "field-al-omar": ("oil_field", "SY-DY"),
    "field-conoco": ("gas_field", "SY-DY"),
    "base-conoco": ("base", "SY-DY"),
    "base-green-village": ("base", "SY-DY"),
    "base-kharab-al-jir": ("base", "SY-HA"),
    "base-al-shaddadi": ("base", "SY-HA"),
    "base-tal-baydar": ("base", "SY-HA"),
    "base-qasrak": ("base", "SY-HA"),
    "airport-hamdan": ("airport", "SY-DY"),
    "airport-deir-ez-zor": ("airport", "SY-DY"),
    "field-al-tanak": ("oil_field", "SY-DY"),
    "field-jafra": ("oil_field", "SY-DY"),
    "crossing-al-bukamal-al-qaim": ("border_crossing", "SY-DY"),
    "crossing-al-yarubiyah-rabia": ("border_crossing", "SY-HA"),
    "crossing-semalka": ("border_crossing", "SY-HA"),
    "crossing-rukban": ("border_crossing", "SY-HI"),
    "crossing-al-tanf-al-waleed": ("border_crossing", "SY-HI"),
    "base-ain-al-asad": ("base", "IQ-AN"),
    "iq-jurf-al-sakhar": ("town", "IQ-BB"),
    "base-tower-22": ("base", "JO-MA"),
    "region-syrian-badia": ("region", None),
    "region-east-euphrates": ("region", "SY-DY"),
}


@pytest.mark.parametrize(("key", "expected"), sorted(SITES.items()))
def test_sites_have_their_kind_admin1_and_a_source(
    places: tuple[Place, ...], key: str, expected: tuple[str, str | None]
) -> None:
    place = next(p for p in places if p.key == key)
    assert (place.kind, place.admin1) == expected
    assert place.source


def _fold(name: str) -> str:
    """The spelling differences any matcher folds away: marks, tatweel, hamza, taa/alef maqsura."""
    name = re.sub(r"[\u064B-\u0652\u0670\u0640]", "", name)
    name = re.sub(r"[أإآٱ]", "ا", name)
    return name.replace("ة", "ه").replace("ى", "ي")


def test_spellings_that_fold_together_agree_on_context(places: tuple[Place, ...]) -> None:
    """A matcher folds الهرّي and الهري into one key, so both must agree on needs_context.

    Across divisions (two villages called صوران, in Aleppo and in Hama) the name alone cannot
    tell them apart, so every place carrying it must flag it.
    """
    folded: dict[str, list[tuple[Place, bool]]] = {}
    for place in places:
        for name in place.names_ar:
            folded.setdefault(_fold(name), []).append((place, name in place.needs_context))
    conflicts = {}
    for key, group in folded.items():
        flags = {flag for _, flag in group}
        divisions = {place.admin1 or place.country for place, _ in group}
        if len(flags) > 1 or (len(divisions) > 1 and flags != {True}):
            conflicts[key] = sorted((place.key, flag) for place, flag in group)
    assert conflicts == {}


def test_common_words_need_a_context_cue(by_name: dict[str, list[Place]]) -> None:
    for word in ("صدد", "عنه", "هجين", "الميادين", "البصيرة", "القائم", "تدمر", "حديثة"):
        assert all(word in place.needs_context for place in by_name[word]), word
    # Distinctive names match on their own.
    for name in ("البوكمال", "التنف", "الشدادي", "عين الأسد"):
        assert all(name not in place.needs_context for place in by_name[name]), name


# --- GeoNames-derived part ------------------------------------------------------------------------


def test_geonames_places_match_the_csv(places: tuple[Place, ...]) -> None:
    tool = _load_tool()
    csv_path = tool.default_csv()
    rows = {
        (row.name, row.admin1_name, row.country): row
        for row in tool.read_rows(csv_path, {place.country: {} for place in places})
    }
    derived = [p for p in places if p.source.startswith(tool.SOURCE)]
    assert len(derived) > 80
    for place in derived:
        reference = place.source.removeprefix(tool.SOURCE + ": ").removeprefix("seat ")
        name, admin1_name = reference.rsplit(", ", 1)
        row = rows[(name, admin1_name, place.country)]
        assert (place.lat, place.lon) == (row.lat, row.lon), place.key


def test_shipped_geonames_json_is_what_the_build_script_writes() -> None:
    tool = _load_tool()
    rendered = tool.render(tool.build(tool.default_csv()))
    assert (DATA / "geonames.json").read_text(encoding="utf-8") == rendered


def test_build_script_check_passes_on_the_shipped_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert _load_tool().main(["--check"]) == 0
    assert "geonames.json is up to date" in capsys.readouterr().out


def test_build_script_rejects_a_place_missing_from_the_csv(tmp_path: Path) -> None:
    tool = _load_tool()
    table = tool.TABLE.read_text(encoding="utf-8")
    broken = tmp_path / "table.yaml"
    broken.write_text(table.replace("geonames: Hajin,", "geonames: Hajjin,"), encoding="utf-8")
    with pytest.raises(tool.BuildError, match=r"place 'sy-hajin'.*'Hajjin' in SY-DY is not in"):
        tool.build(tool.default_csv(), broken)


# --- user files ----------------------------------------------------------------------------------


def test_extra_json_file_extends_the_set(tmp_path: Path, places: tuple[Place, ...]) -> None:
    merged = load_gazetteer(_write(tmp_path, [_entry()]))
    assert len(merged) == len(places) + 1
    expected = _entry()
    expected["names_ar"] = tuple(expected["names_ar"])
    assert merged[-1] == Place(**expected)
    assert load_gazetteer() == places  # the shipped set is not changed by a user file


def test_extra_yaml_file_extends_the_set(tmp_path: Path) -> None:
    path = tmp_path / "extra.yaml"
    path.write_text(
        "places:\n"
        "  - key: base-test-outpost\n"
        "    names_ar: [نقطة الاختبار]\n"
        "    needs_context: [نقطة الاختبار]\n"
        "    name_en: Test Outpost\n"
        "    admin1: SY-HA\n"
        "    country: SY\n"
        "    lat: null\n"
        "    lon: null\n"
        "    kind: base\n"
        "    source: written for this test\n",
        encoding="utf-8",
    )
    added = load_gazetteer(path)[-1]
    assert (added.key, added.kind, added.lat, added.needs_context) == (
        "base-test-outpost",
        "base",
        None,
        ("نقطة الاختبار",),
    )


def test_extra_file_may_override_a_shipped_place(tmp_path: Path) -> None:
    extra = _entry(
        key="base-al-tanf", names_ar=["التنف", "قاعدة التنف"], kind="base", override=True
    )
    merged = load_gazetteer(_write(tmp_path, [extra]))
    tanf = [p for p in merged if p.key == "base-al-tanf"]
    assert len(tanf) == 1 and tanf[0].source == "written for this test"


BROKEN: list[tuple[dict[str, Any], str]] = [
    (_entry(admin1="Deir ez-Zor"), r"entry 0 \('sy-test-village'\), field 'admin1': must be ISO"),
    (_entry(admin1="IQ-AN"), r"field 'admin1': 'IQ-AN' is not a division of country 'SY'"),
    (_entry(lat=135.0), r"field 'lat': must lie in -90\.\.90"),
    (_entry(lon="40.3"), r"field 'lon': must be a number or null"),
    (_entry(lat=None), r"field 'lat': lat and lon must be given together"),
    (_entry(kind="camp"), r"field 'kind': must be one of .*got 'camp'"),
    (_entry(names_ar=[]), r"field 'names_ar': must name the place at least once"),
    (_entry(names_ar=["  "]), r"field 'names_ar': item 0 is empty"),
    (_entry(names_ar=["Test"]), r"field 'names_ar': item 0 'Test' has no Arabic letter"),
    (_entry(needs_context=["قرية"]), r"field 'needs_context': 'قرية' is not one of names_ar"),
    (_entry(source=...), r"field 'source': is missing"),
    (_entry(key="Sy Test"), r"entry 0 \('Sy Test'\), field 'key': must be lower-case"),
    (_entry(country="SYR"), r"field 'country': must be ISO 3166-1 alpha-2"),
    (_entry(colour="red"), r"field 'colour': unknown field"),
    (_entry(key="base-al-tanf"), r"key 'base-al-tanf' is already defined"),
]


@pytest.mark.parametrize(("entry", "message"), BROKEN)
def test_broken_user_file_names_file_entry_and_field(
    tmp_path: Path, entry: dict[str, Any], message: str
) -> None:
    path = _write(tmp_path, [entry])
    with pytest.raises(GazetteerError, match=message) as caught:
        load_gazetteer(path)
    assert str(path) in str(caught.value)


def test_repeated_key_in_one_file_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, [_entry(), _entry(name_en="Again")])
    with pytest.raises(
        GazetteerError, match=r"entry 1 \('sy-test-village'\), field 'key': repeats"
    ):
        load_gazetteer(path)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.json", '{"places": [', r"bad\.json: not valid JSON"),
        ("bad.yaml", "places: [unclosed", r"bad\.yaml: not valid YAML"),
        ("flat.json", '{"place": []}', r"flat\.json: expected a list of places"),
        ("item.json", '{"places": ["دير الزور"]}', r"entry 0: must be an object"),
    ],
)
def test_unreadable_user_file_is_a_clear_error(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GazetteerError, match=message):
        load_gazetteer(path)


def test_missing_user_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match=r"no such gazetteer file"):
        load_gazetteer(tmp_path / "absent.yaml")
