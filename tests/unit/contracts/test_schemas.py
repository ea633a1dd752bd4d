"""The published JSON Schemas match the models, and real records validate against them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import jsonschema
import orjson
import pytest

from monitor import schemas
from monitor.models import (
    Actor,
    Alert,
    AlertReport,
    Analysis,
    Casualty,
    CasualtyFigure,
    DeadLetter,
    Evidence,
    IncidentFacts,
    Location,
    MergedCasualties,
    NewsItem,
    RecordError,
    dumps,
    loads_news_item,
)

T0 = datetime(2024, 2, 3, 6, 30, tzinfo=UTC)


@pytest.mark.parametrize("name", sorted(schemas.CONTRACTS))
def test_schema_files_match_models(name: str) -> None:
    """Run `python -m monitor.schemas` after changing a model; this test says when it is due."""
    assert schemas.load(name) == orjson.loads(schemas.render(name))


@pytest.mark.parametrize("name", sorted(schemas.CONTRACTS))
def test_schemas_are_valid_draft_2020_12(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schemas.load(name))


def _validate(name: str, record: bytes) -> None:
    validator = jsonschema.Draft202012Validator(
        schemas.load(name), format_checker=jsonschema.FormatChecker()
    )
    validator.validate(orjson.loads(record))


def test_records_validate() -> None:
    item = NewsItem(
        item_id="feed-a:1f2e",
        feed_id="feed-a",
        outlet="وكالة تجريبية",
        url="https://example.org/news/1",
        title="غارات أمريكية على مواقع لميليشيات موالية لإيران قرب البوكمال",
        body="قالت مصادر محلية إن طائرات أمريكية قصفت مواقع فجر اليوم.",
        lang="ar",
        published_at=T0,
        fetched_at=T0,
    )
    _validate("news_item", dumps(item))
    place = Location(
        text="البوكمال",
        name="Abu Kamal",
        admin1="SY-DY",
        country="SY",
        lat=34.45,
        lon=40.92,
        kind="city",
    )
    analysis = Analysis(
        item_id=item.item_id,
        relevant=True,
        score=0.9,
        evidence=(Evidence(phrase="البوكمال", field="title", start=48, end=56, kind="place"),),
        event_types=("Air/drone strike",),
        actors=(Actor(name="US forces", side="us_coalition", role="attacker"),),
        locations=(place,),
        casualties=(Casualty(kind="killed", count=4, side="iran_aligned"),),
        weapons=("fighter_jet",),
        event_date=date(2024, 2, 3),
    )
    _validate("analysis", dumps(analysis))
    alert = Alert(
        alert_id="inc-1:v1",
        incident_id="inc-1",
        version=1,
        status="new",
        severity="high",
        headline=item.title,
        summary_en="US airstrikes near Abu Kamal; 4 killed, reports from 1 outlet",
        facts=IncidentFacts(
            locations=(place,),
            admin1=("SY-DY",),
            casualties=(
                MergedCasualties(
                    kind="killed",
                    side="iran_aligned",
                    min=4,
                    max=4,
                    figures=(CasualtyFigure(count=4, outlet=item.outlet, item_id=item.item_id),),
                ),
            ),
        ),
        reports=(
            AlertReport(outlet=item.outlet, url=item.url, title=item.title, item_id=item.item_id),
        ),
        first_seen=T0,
        last_seen=T0,
        profile="default",
    )
    _validate("alert", dumps(alert))
    dead = DeadLetter(
        reason="bad_json",
        error="unexpected end",
        stage="worker.analyse",
        original="{",
        failed_at=T0,
    )
    _validate("dead_letter", dumps(dead))


def test_schema_rejects_what_the_model_rejects() -> None:
    validator = jsonschema.Draft202012Validator(schemas.load("news_item"))
    assert not validator.is_valid({"item_id": "x"})


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"{not json", "bad_json"),
        (b"[1, 2]", "invalid_record"),
        (b'{"item_id": "x"}', "invalid_record"),
        (b'{"schema_version": 99, "item_id": "x"}', "schema_version"),
        (
            b'{"item_id":"a","feed_id":"f","outlet":"o","url":"u","title":"t",'
            b'"fetched_at":"yesterday"}',
            "invalid_record",
        ),
    ],
)
def test_bad_records_raise_record_error(raw: bytes, reason: str) -> None:
    with pytest.raises(RecordError) as info:
        loads_news_item(raw)
    assert info.value.reason == reason


def test_naive_timestamps_are_utc_and_unknown_fields_ignored() -> None:
    raw = (
        b'{"item_id":"a","feed_id":"f","outlet":"o","url":"u","title":"t",'
        b'"fetched_at":"2024-01-01T03:00:00","added_later":1}'
    )
    item = loads_news_item(raw)
    assert item.fetched_at == datetime(2024, 1, 1, 3, tzinfo=UTC)
    assert b"added_later" not in dumps(item)


def test_timestamps_normalise_to_utc() -> None:
    raw = (
        b'{"item_id":"a","feed_id":"f","outlet":"o","url":"u","title":"t",'
        b'"fetched_at":"2024-01-01T03:00:00+03:00"}'
    )
    item = loads_news_item(raw)
    assert item.fetched_at == datetime(2024, 1, 1, tzinfo=UTC)
    assert b'"fetched_at":"2024-01-01T00:00:00Z"' in dumps(item)
