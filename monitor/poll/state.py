"""The poller's persisted state: the bounded seen-set and each feed's conditional-GET validators.

One SQLite file (stdlib ``sqlite3``, WAL journal) in ``state_dir``: every change is a transaction,
so a crash never leaves a half-written state, and a restarted poller (same ``state_dir``) neither
re-publishes what it published nor re-downloads unchanged feeds.

The seen-set keeps the ``capacity`` most recently *seen* ids: an id still present in a feed is
refreshed on every poll, so only stories that left every feed long ago are forgotten.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from monitor.poll.fetch import Validators

__all__ = ["PollerState", "PollerStateError"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (
    item_id TEXT PRIMARY KEY,
    touched INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS seen_touched ON seen (touched);
CREATE TABLE IF NOT EXISTS validators (
    feed_id TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT
);
"""
_BATCH = 500


class PollerStateError(RuntimeError):
    """The state file cannot be opened or read."""


# SQLite's host-parameter limit is 999 on old builds


class PollerState:
    """Seen-set and validators in ``<state_dir>/poller.sqlite3``; not thread-safe (one loop)."""

    def __init__(self, path: Path, capacity: int) -> None:
        if capacity < 1:
            raise ValueError(f"seen-set capacity must be >= 1, got {capacity}")
        self.path = path
        self.capacity = capacity
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, isolation_level=None)  # explicit transactions below
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            row = self._db.execute(
                "SELECT COALESCE(MAX(touched), 0), COUNT(*) FROM seen"
            ).fetchone()
        except (OSError, sqlite3.Error) as exc:
            raise PollerStateError(
                f"cannot open the poller state {path}: {exc} (check MARSAD_STATE_DIR; a corrupt "
                "file can be deleted: the poller then re-publishes what its feeds still list)"
            ) from None
        self._clock = int(row[0])
        self._count = int(row[1])

    @classmethod
    def in_dir(cls, state_dir: Path, capacity: int) -> PollerState:
        return cls(state_dir / "poller.sqlite3", capacity)

    def close(self) -> None:
        self._db.close()

    def __len__(self) -> int:
        return self._count

    # --- seen-set -----------------------------------------------------------------------------

    def _tick(self) -> int:
        self._clock += 1
        return self._clock

    def split_seen(self, ids: Sequence[str]) -> tuple[list[str], list[str]]:
        """(unseen, seen) ids in input order; the seen ones are refreshed (kept longest)."""
        known: set[str] = set()
        for start in range(0, len(ids), _BATCH):
            chunk = list(ids[start : start + _BATCH])
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT item_id FROM seen WHERE item_id IN ({marks})", chunk)
            known.update(r[0] for r in rows)
        seen = [i for i in ids if i in known]
        if seen:
            tick = self._tick()
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany(
                    "UPDATE seen SET touched = ? WHERE item_id = ?", [(tick, i) for i in seen]
                )
        return [i for i in ids if i not in known], seen

    def mark_seen(self, ids: Iterable[str]) -> None:
        """Remember ids (call only once the broker acknowledged them), evicting the oldest."""
        rows = [(i, self._tick()) for i in ids]
        if not rows:
            return
        with self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                "INSERT INTO seen (item_id, touched) VALUES (?, ?) "
                "ON CONFLICT (item_id) DO UPDATE SET touched = excluded.touched",
                rows,
            )
            self._count = int(self._db.execute("SELECT COUNT(*) FROM seen").fetchone()[0])
            excess = self._count - self.capacity
            if excess > 0:
                self._db.execute(
                    "DELETE FROM seen WHERE item_id IN "
                    "(SELECT item_id FROM seen ORDER BY touched ASC LIMIT ?)",
                    (excess,),
                )
                self._count = self.capacity

    def __contains__(self, item_id: object) -> bool:
        if not isinstance(item_id, str):
            return False
        row = self._db.execute("SELECT 1 FROM seen WHERE item_id = ?", (item_id,)).fetchone()
        return row is not None

    # --- validators ---------------------------------------------------------------------------

    def validators(self, feed_id: str) -> Validators:
        row = self._db.execute(
            "SELECT etag, last_modified FROM validators WHERE feed_id = ?", (feed_id,)
        ).fetchone()
        return Validators(row[0], row[1]) if row else Validators()

    def set_validators(self, feed_id: str, validators: Validators) -> None:
        """Store the validators of the last document whose items were all published."""
        with self._db:
            self._db.execute("BEGIN")
            if validators.etag is None and validators.last_modified is None:
                self._db.execute("DELETE FROM validators WHERE feed_id = ?", (feed_id,))
            else:
                self._db.execute(
                    "INSERT INTO validators (feed_id, etag, last_modified) VALUES (?, ?, ?) "
                    "ON CONFLICT (feed_id) DO UPDATE SET etag = excluded.etag, "
                    "last_modified = excluded.last_modified",
                    (feed_id, validators.etag, validators.last_modified),
                )
