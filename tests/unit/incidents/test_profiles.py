"""Watch profiles, the severity table, summary_en and `marsad profiles check`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from monitor.cli import main
from monitor.incidents import (
    ClusterConfig,
    IncidentEngine,
    ProfileFileError,
    load_default_profiles,
    load_profiles,
)
from monitor.incidents.profiles import parse_profiles
from monitor.incidents.summary import headline_of
from tests.unit.incidents.helpers import (
    MAYADIN,
    MILITIA_ATTACKER,
    OMAR,
    SHADDADI,
    TANF,
    US_TARGET,
    analysis,
    at,
    item,
)

D = date(2024, 2, 3)
REPORT = item(
    "f:1",
    "وكالة الشرق",
    "هجوم بطائرة مسيرة على قاعدة للتحالف",
    "استهدفت طائرة مسيرة قاعدة للتحالف الدولي شرقي سوريا.",
    at(3),
)


def severity_of(**kw: object) -> str:
    (alert,) = IncidentEngine().observe(None, REPORT, analysis("f:1", event_date=D, **kw))[1]  # type: ignore[arg-type]
    return alert.severity


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        # US/coalition personnel killed: critical, whatever else holds.
        (dict(locations=(SHADDADI,), killed=1, killed_side="us_coalition"), "critical"),
        # A strike with 5 or more killed: high.
        (dict(locations=(MAYADIN,), killed=5), "high"),
        # Any attack on a base: high, even without casualties.
        (dict(locations=(TANF,), actors=(MILITIA_ATTACKER, US_TARGET)), "high"),
        # US/coalition wounded: high.
        (dict(locations=(SHADDADI,), wounded=2, wounded_side="us_coalition"), "high"),
        # Four killed on the other side: medium.
        (dict(locations=(MAYADIN,), killed=4), "medium"),
        # A strike without casualties: medium.
        (dict(locations=(MAYADIN,)), "medium"),
        # A drone shot down before it reached anything: low.
        (dict(locations=(SHADDADI,), event_types=("Disrupted weapons use",)), "low"),
    ],
)
def test_default_severity_table(kw: dict[str, object], expected: str) -> None:
    assert severity_of(**kw) == expected


def test_severity_table_is_configurable() -> None:
    ps = parse_profiles(
        "profiles: [{name: all}]\nseverity:\n  - {level: critical, weapons: [drone]}\n"
    )
    engine = IncidentEngine(ps.profiles, ClusterConfig(severity=ps.severity))
    an = analysis("f:1", event_date=D, weapons=("drone",))
    assert engine.observe(None, REPORT, an)[1][0].severity == "critical"
    an = analysis("f:1", event_date=D, weapons=("rocket",), killed=50)
    assert engine.observe(None, REPORT, an)[1][0].severity == "low"


def test_min_severity_and_profile_order_pick_the_profile(tmp_path: Path) -> None:
    f = tmp_path / "p.yaml"
    f.write_text(
        "profiles:\n"
        "  - {name: bases-only, min_severity: high, places: [{admin1: SY-HI}]}\n"
        "  - {name: east, places: [{admin1: SY-DY}], unknown_place: false}\n",
        encoding="utf-8",
    )
    engine = IncidentEngine.from_file(f)
    tanf = analysis("f:1", event_date=D, locations=(TANF,), actors=(MILITIA_ATTACKER, US_TARGET))
    assert engine.observe(None, REPORT, tanf)[1][0].profile == "bases-only"
    omar = analysis("f:1", event_date=D, locations=(OMAR,))
    assert engine.observe(None, REPORT, omar)[1][0].profile == "east"
    nowhere = analysis("f:1", event_date=D)
    assert engine.observe(None, REPORT, nowhere)[1] == []  # no place, and unknown_place: false


def test_default_profile_covers_syria_and_the_border_only() -> None:
    (profile,) = load_default_profiles().profiles
    from monitor.models import Location

    def loc(country: str, lat: float, lon: float) -> Location:
        return Location(text="x", name="x", country=country, lat=lat, lon=lon, kind="town")

    assert profile.matches_place([loc("SY", 35.3, 40.1)])
    assert profile.matches_place([loc("IQ", 34.37, 41.06)])  # Al-Qaim, at the border
    assert profile.matches_place([loc("JO", 33.33, 38.7)])  # Tower 22, at the Tanf triangle
    assert not profile.matches_place([loc("IQ", 33.8, 42.44)])  # Ain al-Asad, deep in Iraq
    assert profile.matches_place([])  # outlets that omit the place still alert


BAD = """\
profiles:
  - name: east
    sides: [us, iran_aligned]
    places:
      - {country: Syria}
      - {near: [95, 40]}
  - name: east
    min_severity: extreme
severity:
  - level: high
    killed: 3
"""


def test_profile_errors_name_file_line_entry_and_field() -> None:
    with pytest.raises(ProfileFileError) as err:
        parse_profiles(BAD, "watch.yaml")
    lines = str(err.value).splitlines()
    assert lines[0].startswith("watch.yaml:3: profiles[0] (name 'east'): sides[0]: Input should be")
    assert lines[1] == (
        "watch.yaml:5: profiles[0] (name 'east'): places[0].country: "
        "'Syria' is not an ISO 3166-1 alpha-2 code like 'SY'"
    )
    assert lines[2].startswith(
        "watch.yaml:6: profiles[0] (name 'east'): places[1].near: [95.0, 40.0]"
    )
    assert lines[3].startswith(
        "watch.yaml:8: profiles[1] (name 'east'): min_severity: Input should"
    )
    assert lines[4] == "watch.yaml:11: severity[0]: killed: Extra inputs are not permitted"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "profiles: [{name: a}, {name: a}]\n",
            "p.yaml:1: profiles: profile name 'a' is used twice",
        ),
        ("profiles: []\n", "p.yaml:1: profiles: list at least one profile"),
        ("severity: []\n", "p.yaml: expected a mapping with a 'profiles' list"),
        ("profiles: [\n", "p.yaml:2: not valid YAML"),
        ("profiles: [{name: 'a b'}]\n", "p.yaml:1: profiles[0] (name 'a b'): name: String should"),
    ],
)
def test_more_profile_errors(text: str, message: str) -> None:
    with pytest.raises(ProfileFileError) as err:
        parse_profiles(text, "p.yaml")
    assert str(err.value).startswith(message)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ProfileFileError, match=r"nope\.yaml: cannot read: No such file"):
        load_profiles(tmp_path / "nope.yaml")


def test_profiles_check_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = Path(__file__).resolve().parents[3] / "monitor/incidents/profiles/default.yaml"
    assert main(["profiles", "check", str(good)]) == 0
    assert "ok, 1 profile(s), 7 severity rule(s)" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD, encoding="utf-8")
    assert main(["profiles", "check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:3: profiles[0] (name 'east'): sides[0]" in err


def test_summary_en_reads_as_one_line_from_the_facts() -> None:
    engine = IncidentEngine()
    reports = [
        (
            item("a:1", "أ", "غارات أمريكية على الميادين", "نص", at(3, 8)),
            analysis("a:1", event_date=D, locations=(MAYADIN,), killed=17),
        ),
        (
            item("b:1", "ب", "غارات على مواقع الحرس الثوري في الميادين", "نص", at(3, 9)),
            analysis("b:1", event_date=D, locations=(MAYADIN,), killed=19),
        ),
    ]
    state = None
    for it, an in reports:
        state, alerts = engine.observe(state, it, an)
    assert alerts[-1].summary_en == (
        "US/coalition airstrikes on IRGC-linked sites near Al-Mayadin; 17-19 killed, "
        "reports from 2 outlets"
    )
    tanf = analysis(
        "c:1",
        event_date=D,
        locations=(TANF,),
        actors=(MILITIA_ATTACKER, US_TARGET),
        wounded=2,
        wounded_side="us_coalition",
        weapons=("drone",),
    )
    (alert,) = engine.observe(None, item("c:1", "ج", "هجوم", "نص", at(3)), tanf)[1]
    assert alert.summary_en == (
        "Iran-aligned drone attack on Al-Tanf; 2 US/coalition wounded, reported by 1 outlet"
    )


def test_headline_falls_back_to_the_first_sentence_of_a_title_less_report() -> None:
    untitled = item("a:1", "أ", "", "قصفت طائرات أمريكية موقعا قرب البوكمال. وتفاصيل أخرى.", at(3))
    assert headline_of(untitled) == ("قصفت طائرات أمريكية موقعا قرب البوكمال", False)
    assert headline_of(REPORT) == (REPORT.title, True)
