"""Replay benchmark: a generated archive end to end through the worker on the embedded broker.

    .venv/bin/python benchmarks/bench_replay.py                 # 100k items, then 200k
    .venv/bin/python benchmarks/bench_replay.py --items 2000    # quick (and 4000)
    .venv/bin/python benchmarks/bench_replay.py --items 2000 --single
    .venv/bin/python benchmarks/bench_replay.py --items 100000,200000   # explicit sizes
    .venv/bin/python benchmarks/bench_replay.py --workers 2     # 2 workers, 2 raw partitions

For each size N it writes an archive of N synthetic Arabic NewsItems (daily gzip JSON Lines,
written by the poller's own ArchiveWriter; about 5% are reports of strikes and attacks, several
outlets per event, the rest everyday news), then runs three processes:

- Tansu, the embedded broker (``monitor.broker.EmbeddedBroker``);
- ``marsad worker`` for the namespace ``marsad.replay.benchN.`` (a separate process, so its
  memory is its own; ``--workers K`` runs K of them on K raw partitions, trading the
  single-partition determinism guarantee for throughput);
- ``marsad replay ARCHIVE --into benchN --no-worker --wait`` (the replay producer).

It prints end-to-end items/s (replay start to the last verdict the worker wrote, from that
record's broker timestamp), the replay's own send rate, incidents and alerts, and the peak RSS
of each process (``VmHWM``: replay, worker, Tansu), then checks the peaks against stated bounds
(``--worker-bound-mb`` 256, ``--replay-bound-mb`` 128; Tansu has none: it keeps every topic in
memory) and exits non-zero when one is exceeded. Why the bounds hold: docs/performance.md.
Then a raw aiokafka produce->consume of the same N records on the same broker, and the ratio.
Nothing here reads ../shared.

Measured 2026-11-25 on the shared 2-core dev box (other engineers' tests running alongside).
Before the worker's fix (an incident batch held one ~900 KB state per routed report):

       items  e2e it/s  send it/s  replay MB  worker MB  tansu MB  raw it/s  ratio
      100000      1076      11896         53        432       321     25453   0.04
      200000      1183      22052         57        788       663     22327   0.05
      100000      1234      31155         53        705       352     29163   0.04   (later run)
      200000      1240      17018         60        721       686     26719   0.05   (later run)
      100000      1460      19922         60       1092       335     29926   0.05   (--workers 2)

After (``--items 100000,200000``):

       items  e2e it/s  send it/s  replay MB  worker MB  tansu MB  raw it/s  ratio
      100000      1086      10855         55        120       349     26175   0.04
      200000      1044      13795         60        119       675     17883   0.06
      100000      1293      10600         61        113       338     28592   0.05   (--workers 2)

    100000 items: worker peak RSS 120 MB <= bound 256 MB: OK
    100000 items: replay peak RSS 55 MB <= bound 128 MB: OK
    200000 items: worker peak RSS 119 MB <= bound 256 MB: OK
    200000 items: replay peak RSS 60 MB <= bound 128 MB: OK

The worker's peak no longer depends on N (sampled every 0.5 s in another run: ~120 MB after
10 s, a plateau of ~146 MB at both 100k and 200k). The replay process stays near 55 MB whatever
N: it streams the archive and keeps at most 5,000 sends in flight. Tansu grows with the data by
design (about 3.4 MB per 1,000 items).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from monitor.broker import EmbeddedBroker
from monitor.kafka import ensure_topics
from monitor.models import NewsItem, dumps
from monitor.poll.archive import ArchiveWriter
from monitor.replay.runner import replay_settings
from monitor.settings import Settings

# --- synthetic items (sentences written for this benchmark) -----------------------------------

PLACES = (
    "دير الزور",
    "البوكمال",
    "الميادين",
    "حقل العمر النفطي",
    "معمل كونيكو للغاز",
    "الشدادي",
    "قاعدة التنف",
    "القائم",
    "الحسكة",
    "الرقة",
)
US_ATTACKERS = ("طائرات التحالف الدولي", "مقاتلات أمريكية", "طائرة مسيرة أمريكية")
IRAN_TARGETS = (
    "مواقع لفصائل موالية لإيران",
    "مقرا للحرس الثوري الإيراني",
    "مستودع أسلحة لميليشيا عراقية مدعومة من إيران",
)
IRAN_ATTACKERS = ("فصائل موالية لإيران", "المقاومة الإسلامية في العراق", "ميليشيات مدعومة من طهران")
US_TARGETS = ("قاعدة للقوات الأمريكية", "قاعدة التحالف الدولي", "موقعا للقوات الأمريكية")
WEAPONS = ("بطائرات مسيرة", "بعدة صواريخ", "بقذائف الهاون", "بغارات جوية")
OUTLETS = ("شبكة الشام", "وكالة الفرات", "مرصد الشرق", "إذاعة البادية", "صحيفة الجزيرة السورية")
EVERYDAY = (
    "ارتفاع أسعار الخضار في أسواق {place} مع اقتراب فصل الشتاء",
    "افتتاح مدرسة جديدة في {place} بعد إعادة تأهيلها",
    "فريق شباب {place} يفوز في مباراة ودية على أرضه",
    "انقطاع التيار الكهربائي عن أحياء في {place} لساعات",
    "مهرجان للتراث الشعبي يجمع الحرفيين في {place}",
    "توقعات بهطول أمطار غزيرة على {place} نهاية الأسبوع",
)
FILLER = (
    "وقال الأهالي إن الحركة عادت تدريجيا إلى الشوارع.",
    "ولم يصدر أي تعليق رسمي حتى لحظة إعداد هذا الخبر.",
    "وتشهد المنطقة منذ أسابيع توترا متزايدا.",
    "وأشار شهود عيان إلى أن الطرق الرئيسية بقيت مفتوحة.",
)


def _strike(rng: random.Random, place: str) -> tuple[str, str]:
    if rng.random() < 0.5:
        attacker, target = rng.choice(US_ATTACKERS), rng.choice(IRAN_TARGETS)
    else:
        attacker, target = rng.choice(IRAN_ATTACKERS), rng.choice(US_TARGETS)
    title = f"{attacker} تستهدف {target} في {place} {rng.choice(WEAPONS)}"
    killed, wounded = rng.randint(0, 9), rng.randint(0, 12)
    body = (
        f"أفادت مصادر محلية بأن {attacker} استهدفت {target} قرب {place} فجر اليوم، "
        f"ما أسفر عن مقتل {killed} عناصر وإصابة {wounded} آخرين. " + " ".join(FILLER[:2])
    )
    return title, body


def generate(n: int, seed: int = 7) -> list[NewsItem]:
    """N items over N/2000 days; 5% are reports of one of N/60 events by 1-4 outlets."""
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    span_s = max(1, n // 2000) * 86400
    items: list[NewsItem] = []
    relevant_left = n // 20
    while len(items) < n:
        t = start + timedelta(seconds=len(items) * span_s / n)
        place = rng.choice(PLACES)
        if relevant_left > 0 and rng.random() < 0.07:
            title, body = _strike(rng, place)
            reports = min(relevant_left, rng.randint(1, 4), n - len(items))
            for r in range(reports):
                outlet = OUTLETS[r % len(OUTLETS)]
                items.append(_item(len(items), outlet, f"{title}", body, t, r))
            relevant_left -= reports
            continue
        title = rng.choice(EVERYDAY).format(place=place)
        body = " ".join(rng.sample(FILLER, 3))
        items.append(_item(len(items), rng.choice(OUTLETS), title, body, t, 0))
    return items


def _item(i: int, outlet: str, title: str, body: str, t: datetime, lag: int) -> NewsItem:
    feed = f"feed{OUTLETS.index(outlet)}"
    fetched = t + timedelta(minutes=7 * lag)
    return NewsItem(
        item_id=f"{feed}:{i:08d}",
        feed_id=feed,
        outlet=outlet,
        url=f"https://example.org/{feed}/{i}",
        title=title,
        summary=body[:160],
        body=body,
        lang="ar",
        published_at=fetched - timedelta(minutes=3),
        fetched_at=fetched,
    )


def write_archive(root: Path, items: list[NewsItem]) -> int:
    writer = ArchiveWriter(root, retention_days=0)
    for i in range(0, len(items), 5000):
        writer.append(items[i : i + 5000])
    return sum(p.stat().st_size for p in root.glob("news-*.jsonl.gz"))


# --- processes and memory ---------------------------------------------------------------------


def _status_mb(pid: int, field: str) -> float:
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    raise ValueError(f"process {pid} has no {field} (exited)")


def vm_hwm_mb(pid: int) -> float:
    """Peak resident set (VmHWM) of a live process, MiB."""
    return _status_mb(pid, "VmHWM")


def vm_rss_mb(pid: int) -> float:
    """Current resident set (VmRSS) of a live process, MiB."""
    return _status_mb(pid, "VmRSS")


class PeakWatcher:
    """Follows a child's VmHWM until it exits. (``ru_maxrss`` from wait4 would also count the
    parent's pages the child held between fork and exec: this parent holds the generated items.)
    """

    def __init__(self, pid: int, interval_s: float = 0.1) -> None:
        self.peak_mb = 0.0
        self._pid, self._interval = pid, interval_s
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            try:
                self.peak_mb = max(self.peak_mb, vm_hwm_mb(self._pid))
            except (OSError, ValueError):
                return  # gone (or a zombie without a status line)
            time.sleep(self._interval)

    def result(self) -> float:
        self._thread.join(timeout=5)
        return self.peak_mb


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "monitor.cli", *args]


@dataclass
class Run:
    items: int
    archive_mb: float
    e2e_s: float
    send_rate: float
    analysed: int
    incidents: int
    alerts: int
    complete: bool
    replay_mb: float
    worker_mb: float
    worker_end_mb: float
    tansu_mb: float
    raw_rate: float


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        cli("worker"), env=env, stdout=subprocess.PIPE, stderr=log.open("w"), text=True
    )
    ready = threading.Event()

    def watch() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("worker ready"):
                ready.set()

    threading.Thread(target=watch, daemon=True).start()
    if not ready.wait(120):
        proc.kill()
        raise SystemExit(f"worker not ready after 120 s; see {log}")
    return proc


async def from_beginning(settings: Settings, topic: str) -> Any:
    """A started consumer assigned to every partition of ``topic``, at the beginning."""
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap, enable_auto_commit=False, max_poll_records=5000
    )
    await consumer.start()
    await consumer._client.force_metadata_update()
    tps = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
    consumer.assign(tps)
    await consumer.seek_to_beginning(*tps)
    return consumer


async def last_timestamp_ms(settings: Settings, topic: str) -> tuple[int, int]:
    """(records, newest record timestamp) of a topic, read with a plain consumer."""
    consumer = await from_beginning(settings, topic)
    try:
        count, newest = 0, 0
        while batch := await consumer.getmany(timeout_ms=2000):
            for messages in batch.values():
                count += len(messages)
                newest = max([newest, *(m.timestamp for m in messages)])
        return count, newest
    finally:
        await consumer.stop()


async def raw_aiokafka(settings: Settings, items: list[NewsItem]) -> float:
    """Items/s of a plain aiokafka producer -> consumer pass of the same records."""
    from aiokafka import AIOKafkaProducer

    topic = f"bench.raw.{len(items)}.{os.getpid()}"
    await ensure_topics(settings, [topic])
    values = [(i.item_id.encode(), dumps(i)) for i in items]
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap, acks="all", linger_ms=5)
    await producer.start()
    consumer = await from_beginning(settings, topic)
    try:
        t0 = time.perf_counter()

        async def produce() -> None:
            for key, value in values:
                await producer.send(topic, key=key, value=value)
            await producer.flush()

        task = asyncio.create_task(produce())
        got = 0
        while got < len(values):
            batch = await consumer.getmany(timeout_ms=1000)
            got += sum(len(m) for m in batch.values())
        await task
        return len(values) / (time.perf_counter() - t0)
    finally:
        await producer.stop()
        await consumer.stop()


def run_one(n: int, work: Path, broker: EmbeddedBroker, args: argparse.Namespace) -> Run:
    items = generate(n)
    archive = work / f"archive-{n}"
    size = write_archive(archive, items)
    name = f"bench{n}"
    base = Settings(kafka_bootstrap=broker.bootstrap, topic_prefix="marsad.", metrics_port=0)
    ns = replay_settings(base, name)
    # The raw topic as `marsad replay --partitions K` makes it, before the workers create the
    # namespace with the default partition count.
    raw = ns.with_overrides(topic_partitions=args.workers)
    asyncio.run(ensure_topics(raw, [ns.topics.raw]))
    env = {
        **os.environ,
        "MARSAD_KAFKA_BOOTSTRAP": broker.bootstrap,
        "MARSAD_TOPIC_PREFIX": ns.topic_prefix,
        "MARSAD_WORKER_GROUP": ns.worker_group,
        "MARSAD_STATE_DIR": str(work / f"state-{n}"),
        "MARSAD_METRICS_PORT": "0",
        "MARSAD_LOG_LEVEL": "WARNING",
    }
    workers = [start_worker(env, work / f"worker-{n}-{k}.log") for k in range(args.workers)]
    summary_file = work / f"summary-{n}.json"
    command = ["replay", str(archive), "--into", name, "--no-worker", "--wait"]
    command += ["--partitions", str(args.workers), "--wait-timeout", str(args.timeout)]
    command += ["--summary-json", str(summary_file), "--progress-interval", "15"]
    if args.rate:
        command += ["--rate", str(args.rate)]
    t0 = time.time()
    with (work / f"replay-{n}.log").open("w") as log:
        replay = subprocess.Popen(
            cli(*command),
            env={**env, "MARSAD_TOPIC_PREFIX": base.topic_prefix},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        watcher = PeakWatcher(replay.pid)
        replay.wait()
    summary = json.loads(summary_file.read_text())
    worker_mb = max(vm_hwm_mb(w.pid) for w in workers)
    worker_end_mb = max(vm_rss_mb(w.pid) for w in workers)
    for w in workers:
        w.terminate()
    for w in workers:
        w.wait(60)
    analysed, newest_ms = asyncio.run(last_timestamp_ms(ns, ns.topics.analysed))
    raw_rate = asyncio.run(raw_aiokafka(base, items))
    assert broker.pid is not None
    w = summary.get("worker", {})
    return Run(
        items=n,
        archive_mb=size / 2**20,
        e2e_s=newest_ms / 1000 - t0,
        send_rate=summary["items_per_s"],
        analysed=analysed,
        incidents=w.get("incidents", 0),
        alerts=w.get("alerts", 0),
        complete=bool(w.get("complete")) and analysed >= n,
        replay_mb=watcher.result(),
        worker_mb=worker_mb,
        worker_end_mb=worker_end_mb,
        tansu_mb=vm_hwm_mb(broker.pid),
        raw_rate=raw_rate,
    )


#: Peak RSS bounds (MiB) the benchmark checks; why they hold: docs/performance.md.
WORKER_BOUND_MB = 256.0
REPLAY_BOUND_MB = 128.0


def sizes_of(text: str, single: bool) -> list[int]:
    """``--items``: one N (then N and 2N unless ``--single``) or a comma list (run as given)."""
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"--items: not a number or list of numbers: {text!r}"
        ) from exc
    if not sizes or min(sizes) <= 0:
        raise argparse.ArgumentTypeError(f"--items: positive numbers please, got {text!r}")
    if len(sizes) == 1 and not single:
        sizes.append(2 * sizes[0])
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--items",
        default="100000",
        help="N, or a comma list such as 100000,200000 (default 100000: N and 2N)",
    )
    parser.add_argument("--single", action="store_true", help="run N only (not N and 2N)")
    parser.add_argument("--timeout", type=float, default=1800.0, help="--wait timeout per run")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes (and raw partitions); 1 = the deterministic setup (default)",
    )
    parser.add_argument("--rate", type=float, help="pass --rate to marsad replay")
    parser.add_argument(
        "--worker-bound-mb", type=float, default=WORKER_BOUND_MB, help="peak RSS bound per worker"
    )
    parser.add_argument(
        "--replay-bound-mb", type=float, default=REPLAY_BOUND_MB, help="peak RSS bound of replay"
    )
    args = parser.parse_args()
    try:
        sizes = sizes_of(args.items, args.single)
    except argparse.ArgumentTypeError as exc:
        parser.error(str(exc))
    work = Path(tempfile.mkdtemp(prefix="marsad-bench-replay-"))
    runs: list[Run] = []
    pace = f"--rate {args.rate:g}" if args.rate else "as fast as possible"
    print(f"replay -> {args.workers} worker(s) on {args.workers} raw partition(s), {pace}")
    print(_HEAD, flush=True)
    try:
        for n in sizes:
            # A fresh broker per size: Tansu keeps everything in memory, and its peak would
            # otherwise carry the previous run.
            with EmbeddedBroker(log_file=work / f"tansu-{n}.log") as broker:
                run = run_one(n, work, broker, args)
            runs.append(run)
            print(_row(run), flush=True)
    finally:
        if not args.keep:
            subprocess.run(["rm", "-rf", str(work)], check=False)
        else:
            print(f"work directory kept: {work}")
    print()
    print(_table(runs))
    print()
    within = True
    for r in runs:
        for line, ok in bound_lines(r, args.worker_bound_mb, args.replay_bound_mb):
            print(line)
            within = within and ok
    complete = all(r.complete for r in runs)
    if not complete:
        print("INCOMPLETE: the worker did not analyse every item (see logs with --keep)")
    if not within:
        print("OVER BOUND: a process's peak RSS exceeded its bound (docs/performance.md)")
    return 0 if complete and within else 1


def bound_lines(r: Run, worker_bound: float, replay_bound: float) -> list[tuple[str, bool]]:
    """One line per process: its peak RSS against its bound (Tansu has none, by design)."""
    lines = []
    for name, peak, bound in (
        ("worker", r.worker_mb, worker_bound),
        ("replay", r.replay_mb, replay_bound),
    ):
        ok = peak <= bound
        sign, verdict = ("<=", "OK") if ok else (">", "OVER")
        text = f"{r.items:>8} items: {name} peak RSS {peak:.0f} MB {sign} bound {bound:.0f} MB"
        lines.append((f"{text}: {verdict}", ok))
    lines.append(
        (
            f"{r.items:>8} items: worker RSS at the end {r.worker_end_mb:.0f} MB; tansu peak RSS "
            f"{r.tansu_mb:.0f} MB (no bound: Tansu keeps every topic in memory)",
            True,
        )
    )
    return lines


_HEAD = (
    f"{'items':>8} {'archive':>8} {'e2e it/s':>9} {'send it/s':>9} {'incid':>6} {'alerts':>6} "
    f"{'replay MB':>9} {'worker MB':>9} {'tansu MB':>8} {'raw it/s':>9} {'ratio':>6}"
)


def _row(r: Run) -> str:
    e2e = r.items / r.e2e_s if r.e2e_s > 0 else 0.0
    return (
        f"{r.items:>8} {r.archive_mb:>7.1f}M {e2e:>9.0f} {r.send_rate:>9.0f} {r.incidents:>6} "
        f"{r.alerts:>6} {r.replay_mb:>9.0f} {r.worker_mb:>9.0f} {r.tansu_mb:>8.0f} "
        f"{r.raw_rate:>9.0f} {e2e / r.raw_rate if r.raw_rate else 0:>6.2f}"
    )


def _table(runs: list[Run]) -> str:
    return "\n".join([_HEAD, *(_row(r) for r in runs)])


if __name__ == "__main__":
    sys.exit(main())
