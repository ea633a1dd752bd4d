"""Per-record processing of the worker, without a broker: decode, dead letters, language gate,
incident observation and the alert metrics. Arabic sentences are written for these tests."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime

import orjson
import pytest
from prometheus_client import CollectorRegistry

from monitor.analysis import Analyzer
from monitor.incidents import IncidentEngine
from monitor.metrics import Metrics
from monitor.models import (
    Actor,
    AnalysedItem,
    Analysis,
    Casualty,
    NewsItem,
    dumps,
    loads_alert,
)
from monitor.settings import Topics
from monitor.text import is_arabic
from streams.processing import (
    MAX_ORIGINAL_BYTES,
    REPLAY_HEADER,
    Outgoing,
    RawProcessor,
    RouteProcessor,
    SourceRecord,
    build_dead_letter,
    encode_original,
    headers_of,
    is_replay,
    record_alert_metrics,
    skipped_language_analysis,
    undeliverable_letter,
    verdict_of,
)
from tests.unit.incidents.helpers import BUKAMAL

TOPICS = Topics.for_prefix("unit.")
NOW = datetime(2024, 2, 3, 12, 0, tzinfo=UTC)
FETCHED = datetime(2024, 2, 3, 9, 30, tzinfo=UTC)

TITLE = "غارات أمريكية على مواقع لفصائل موالية لإيران قرب البوكمال"
BODY = (
    "نفذت طائرات حربية أمريكية فجر السبت غارات على مقرات لفصائل مدعومة من إيران في محيط مدينة "
    "البوكمال شرقي دير الزور، ما أدى إلى مقتل ستة عناصر بحسب مصادر محلية."
)
ENGLISH_TITLE = "Book fair opens in Amman with hundreds of publishers"


def news(item_id: str = "unit:1", title: str = TITLE, body: str = BODY) -> NewsItem:
    return NewsItem(
        item_id=item_id,
        feed_id="unit",
        outlet="وكالة الاختبار",
        url=f"https://example.org/{item_id}",
        title=title,
        body=body,
        lang="ar",
        published_at=FETCHED,
        fetched_at=FETCHED,
    )


def relevant_analysis(item: NewsItem) -> Analysis:
    """The facts of TITLE/BODY, written by hand: input data for the incident stage."""
    return Analysis(
        item_id=item.item_id,
        relevant=True,
        score=0.9,
        event_types=("Air/drone strike",),
        actors=(
            Actor(name="US forces", side="us_coalition", role="attacker"),
            Actor(name="Iran-backed militias", side="iran_aligned", role="target"),
        ),
        locations=(BUKAMAL,),
        casualties=(Casualty(kind="killed", count=6, side="iran_aligned"),),
        weapons=("fighter_jet",),
        event_date=date(2024, 2, 3),
    )


def raw(value: bytes | None, key: bytes | None = b"k1", offset: int = 5) -> SourceRecord:
    return SourceRecord(TOPICS.raw, 1, offset, key, value)


class ExplodingAnalyser:
    """Fault injection: an analysis that raises, to prove one item cannot stop the stream."""

    calls = 0

    def analyse(self, item: NewsItem) -> Analysis:
        self.calls += 1
        raise RuntimeError(f"lexicon not loaded while analysing {item.item_id}")


@pytest.fixture
def metrics() -> Metrics:
    return Metrics(CollectorRegistry())


def sample(metrics: Metrics, name: str, **labels: str) -> float:
    value = metrics.registry.get_sample_value(name, labels)
    return 0.0 if value is None else value


def raw_processor(
    metrics: Metrics, analyser: object | None = None, engine: IncidentEngine | None = None
) -> RawProcessor:
    return RawProcessor(
        TOPICS,
        analyser or ExplodingAnalyser(),  # type: ignore[arg-type]
        engine or IncidentEngine(),
        is_arabic=is_arabic,
        engine_version="test-1",
        metrics=metrics,
        now=lambda: NOW,
    )


# --- dead letters -------------------------------------------------------------------------------


def test_original_kept_as_utf8_text_when_it_is_text() -> None:
    assert encode_original('{"title": "خبر"'.encode()) == ('{"title": "خبر"', "utf-8", False)


def test_original_base64_when_not_utf8() -> None:
    data = b"\xff\xfe\x00binary"
    text, encoding, truncated = encode_original(data)
    assert encoding == "base64" and not truncated
    assert base64.b64decode(text) == data


def test_oversized_original_is_truncated_and_says_so() -> None:
    record = raw(b"a" * (MAX_ORIGINAL_BYTES + 10))
    letter = build_dead_letter(
        record, reason="invalid_record", error="too big", stage="worker.analyse", failed_at=NOW
    )
    assert len(letter.original) == MAX_ORIGINAL_BYTES
    assert "truncated" in letter.error and str(MAX_ORIGINAL_BYTES) in letter.error


def test_truncation_keeps_utf8_text_whole_characters() -> None:
    value = ("x" + "خبر" * MAX_ORIGINAL_BYTES).encode()  # 2-byte letters: the cut splits one
    text, encoding, truncated = encode_original(value)
    assert encoding == "utf-8" and truncated
    assert value.decode().startswith(text) and len(text.encode()) >= MAX_ORIGINAL_BYTES - 3


def test_dead_letter_names_topic_partition_offset_and_key() -> None:
    letter = build_dead_letter(
        raw(b"nope", key=b"\xffid", offset=42),
        reason="bad_json",
        error="x",
        stage="worker.analyse",
        failed_at=NOW,
    )
    assert (letter.source_topic, letter.partition, letter.offset) == (TOPICS.raw, 1, 42)
    assert letter.key == "\\xffid"  # undecodable key bytes stay visible, not dropped
    assert letter.failed_at == NOW


def test_bad_json_becomes_one_dead_letter(metrics: Metrics) -> None:
    out = raw_processor(metrics).process(raw(b'{"item_id": "x", '))
    assert len(out) == 1
    assert out[0].topic == TOPICS.deadletter and out[0].key == b"k1"
    letter = orjson.loads(out[0].value)
    assert letter["reason"] == "bad_json"
    assert letter["stage"] == "worker.analyse"
    assert letter["original"] == '{"item_id": "x", '
    assert letter["offset"] == 5 and letter["source_topic"] == TOPICS.raw
    assert sample(metrics, "marsad_dead_letters_total", stage="worker.analyse", reason="bad_json")
    assert sample(metrics, "marsad_records_consumed_total", topic=TOPICS.raw) == 1


@pytest.mark.parametrize(
    ("value", "reason", "detail"),
    [
        (b'["not", "an", "object"]', "invalid_record", "expected a JSON object"),
        (orjson.dumps({"item_id": "x", "feed_id": "f"}), "invalid_record", "fetched_at"),
        (orjson.dumps({"schema_version": 99}), "schema_version", "99"),
    ],
)
def test_schema_breaking_records_are_dead_lettered_with_the_reason(
    metrics: Metrics, value: bytes, reason: str, detail: str
) -> None:
    (out,) = raw_processor(metrics).process(raw(value))
    letter = orjson.loads(out.value)
    assert letter["reason"] == reason
    assert detail in letter["error"]


def test_tombstone_is_dead_lettered(metrics: Metrics) -> None:
    (out,) = raw_processor(metrics).process(raw(None))
    assert orjson.loads(out.value)["reason"] == "empty_record"


def test_analysis_exception_becomes_a_dead_letter(metrics: Metrics) -> None:
    analyser = ExplodingAnalyser()
    (out,) = raw_processor(metrics, analyser).process(raw(dumps(news())))
    letter = orjson.loads(out.value)
    assert analyser.calls == 1
    assert letter["reason"] == "analysis_error"
    assert "lexicon not loaded" in letter["error"]
    assert orjson.loads(letter["original"])["item_id"] == "unit:1"


def test_undeliverable_output_letter_names_the_destination() -> None:
    output = Outgoing(TOPICS.alerts, b"inc-1", b'{"a": 1}')
    letter = undeliverable_letter(output, ValueError("too large"), failed_at=NOW)
    assert TOPICS.alerts in letter.error and "too large" in letter.error
    assert letter.original == '{"a": 1}' and letter.key == "inc-1"
    assert letter.stage == "worker.produce" and letter.offset is None


# --- language gate --------------------------------------------------------------------------------


def test_non_arabic_item_is_skipped_without_calling_the_analyser(metrics: Metrics) -> None:
    analyser = ExplodingAnalyser()
    item = news("unit:en", title=ENGLISH_TITLE, body="The fair runs for ten days.")
    (out,) = raw_processor(metrics, analyser).process(raw(dumps(item)))
    assert analyser.calls == 0
    assert out.topic == TOPICS.analysed and out.key == b"unit:en"
    analysis = orjson.loads(out.value)
    assert analysis["relevant"] is False and analysis["flags"] == ["not_arabic"]
    assert analysis["engine_version"] == "test-1"
    assert sample(metrics, "marsad_items_analysed_total", verdict="skipped_language") == 1


@pytest.fixture(scope="module")
def analyser() -> Analyzer:
    return Analyzer()


def test_relevant_item_is_analysed_and_routed_by_cluster_key(
    metrics: Metrics, analyser: Analyzer
) -> None:
    engine = IncidentEngine()
    item = news()
    record = SourceRecord(TOPICS.raw, 0, 9, b"unit:1", dumps(item), ((REPLAY_HEADER, b"r"),))
    analysed, route = raw_processor(metrics, analyser, engine).process(record)
    assert analysed.topic == TOPICS.analysed and analysed.key == b"unit:1"
    analysis = Analysis.model_validate_json(analysed.value)
    assert analysis.relevant and analysis.engine_version
    assert route.topic == TOPICS.incident_route
    assert route.key == engine.cluster_key(item, analysis).encode()
    envelope = AnalysedItem.model_validate_json(route.value)
    assert envelope.item == item and envelope.analysis == analysis
    assert route.headers == ((REPLAY_HEADER, b"r"),)  # the replay mark travels along
    assert sample(metrics, "marsad_items_analysed_total", verdict="relevant") == 1
    assert sample(metrics, "marsad_analysis_duration_seconds_count") == 1


def test_irrelevant_item_gets_only_its_analysis(metrics: Metrics, analyser: Analyzer) -> None:
    item = news("unit:book", title="افتتاح معرض للكتاب في عمّان", body="افتتح اليوم معرض الكتاب.")
    (out,) = raw_processor(metrics, analyser).process(raw(dumps(item)))
    assert out.topic == TOPICS.analysed
    assert orjson.loads(out.value)["relevant"] is False
    assert sample(metrics, "marsad_items_analysed_total", verdict="irrelevant") == 1


class KeylessEngine(IncidentEngine):
    """Fault injection: the real engine, except that cluster_key fails."""

    def cluster_key(self, item: NewsItem, analysis: Analysis) -> str:
        raise KeyError("theatre")


def test_cluster_key_failure_keeps_the_analysis_and_dead_letters_the_route(
    metrics: Metrics, analyser: Analyzer
) -> None:
    analysed, letter = raw_processor(metrics, analyser, KeylessEngine()).process(raw(dumps(news())))
    assert analysed.topic == TOPICS.analysed
    assert letter.topic == TOPICS.deadletter
    assert orjson.loads(letter.value)["stage"] == "worker.incidents"
    assert orjson.loads(letter.value)["reason"] == "cluster_key_error"


def test_verdict_labels() -> None:
    item = news()
    assert verdict_of(skipped_language_analysis(item, "v")) == "skipped_language"
    assert verdict_of(relevant_analysis(item)) == "relevant"
    assert verdict_of(Analysis(item_id="x", relevant=False, score=0.1)) == "irrelevant"


def test_headers_normalised_and_replay_detected() -> None:
    assert headers_of(None) == ()
    assert headers_of([("a", b"1")]) == (("a", b"1"),)
    assert headers_of({"a": b"1"}) == (("a", b"1"),)
    assert is_replay(((REPLAY_HEADER, b"x"),))
    assert not is_replay((("other", b"x"),))


# --- incident stage -------------------------------------------------------------------------------


def routed(item: NewsItem, analysis: Analysis, offset: int = 0) -> SourceRecord:
    value = dumps(AnalysedItem(item=item, analysis=analysis))
    return SourceRecord(TOPICS.incident_route, 0, offset, b"theatre:x", value)


def test_first_report_opens_an_incident_and_a_repeat_is_silent(metrics: Metrics) -> None:
    proc = RouteProcessor(TOPICS, IncidentEngine(), metrics=metrics, now=lambda: NOW)
    item = news()
    first = proc.process(routed(item, relevant_analysis(item)), None)
    assert first.state is not None
    (alert,) = first.alerts
    assert alert.status == "new" and alert.alert_id == f"{alert.incident_id}:v1"
    (out,) = first.outputs
    assert out.topic == TOPICS.alerts and out.key == alert.incident_id.encode()
    assert loads_alert(out.value) == alert

    again = proc.process(routed(item, relevant_analysis(item), 1), first.state)
    assert again.alerts == () and again.outputs == ()
    assert again.state == first.state


def test_bad_envelope_and_engine_failure_are_dead_lettered(metrics: Metrics) -> None:
    proc = RouteProcessor(TOPICS, IncidentEngine(), metrics=metrics, now=lambda: NOW)
    bad = proc.process(SourceRecord(TOPICS.incident_route, 0, 3, b"k", b"{}"), None)
    assert bad.state is None and bad.alerts == ()
    assert orjson.loads(bad.outputs[0].value)["reason"] == "invalid_record"

    item = news()
    # The real engine refuses an analysis of another item: an exception inside observe().
    mismatched = relevant_analysis(news("unit:other"))
    failed = proc.process(routed(item, mismatched), b"")
    letter = orjson.loads(failed.outputs[0].value)
    assert letter["reason"] == "incident_error" and letter["stage"] == "worker.incidents"
    assert "unit:other" in letter["error"]
    assert (
        sample(
            metrics, "marsad_dead_letters_total", stage="worker.incidents", reason="incident_error"
        )
        == 1
    )


def test_alert_metrics_after_delivery(metrics: Metrics) -> None:
    proc = RouteProcessor(TOPICS, IncidentEngine(), metrics=metrics, now=lambda: NOW)
    item = news()
    result = proc.process(routed(item, relevant_analysis(item)), None)
    (alert,) = result.alerts
    produced_at = FETCHED.timestamp() + 2.5
    record_alert_metrics(metrics, [result], produced_at)
    assert sample(metrics, "marsad_alerts_total", severity=alert.severity, status="new") == 1
    assert sample(metrics, "marsad_alerts_by_admin1_total", admin1="SY-DY") == 1
    assert sample(metrics, "marsad_incidents_total") == 1
    assert sample(metrics, "marsad_end_to_end_latency_seconds_sum") == pytest.approx(2.5)

    replayed = proc.process(
        SourceRecord(
            *routed(news("unit:2"), relevant_analysis(news("unit:2")))[:5],
            headers=((REPLAY_HEADER, b"r1"),),
        ),
        None,
    )
    assert replayed.replay
    record_alert_metrics(metrics, [replayed], produced_at + 1e6)
    assert sample(metrics, "marsad_end_to_end_latency_seconds_count") == 1  # replay left out
    assert sample(metrics, "marsad_incidents_total") == 2
