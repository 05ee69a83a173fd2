"""The durable index outbox: every change to what search should show, written with the change itself.

An entry is written in the same transaction as the course (or translation, or glossary) change it
stands for, so a crash can never leave the index behind without a record of what to catch up on.
The indexer takes entries oldest first, collapses several entries for one course into its latest
operation, and deletes them only after the engine confirmed the write. A failed write leaves them
in place with an exponential backoff (1 s, 2 s, 4 s … capped at 5 minutes).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass

from service.store import Store

MAX_BACKOFF_S = 300.0


@dataclass(frozen=True, slots=True)
class OutboxBatch:
    """Entries up to ``max_seq``, collapsed to one operation per course."""

    max_seq: int
    seqs: tuple[int, ...]
    upserts: tuple[str, ...]
    deletes: tuple[str, ...]
    attempts: int


def enqueue(conn: sqlite3.Connection, course_ids: Iterable[str], op: str = "upsert") -> None:
    stamp = time.time()
    conn.executemany("INSERT INTO outbox(course_id, op, enqueued_at) VALUES (?, ?, ?)",
                     ((course_id, op, stamp) for course_id in course_ids))


def take(store: Store, limit: int = 1000, *, now: float | None = None) -> OutboxBatch | None:
    """The oldest due entries (not removed: :func:`ack` does that once the engine has them)."""
    now = time.time() if now is None else now
    rows = store.reader().execute(
        "SELECT seq, course_id, op, attempts, next_attempt_at FROM outbox ORDER BY seq LIMIT ?", (limit,)
    ).fetchall()
    if not rows:
        return None
    if any(row["next_attempt_at"] > now for row in rows):
        # The head of the queue is backing off: keep order, wait for it (nothing overtakes it).
        return None
    latest: dict[str, str] = {}
    for row in rows:
        latest[row["course_id"]] = row["op"]
    return OutboxBatch(
        max_seq=int(rows[-1]["seq"]),
        seqs=tuple(int(row["seq"]) for row in rows),
        upserts=tuple(cid for cid, op in latest.items() if op == "upsert"),
        deletes=tuple(cid for cid, op in latest.items() if op == "delete"),
        attempts=max(int(row["attempts"]) for row in rows),
    )


def ack(store: Store, batch: OutboxBatch) -> None:
    with store.transaction() as conn:
        conn.executemany("DELETE FROM outbox WHERE seq = ?", ((seq,) for seq in batch.seqs))


def fail(store: Store, batch: OutboxBatch, error: str, *, now: float | None = None) -> float:
    """Record a failed attempt; returns the delay before the next one."""
    now = time.time() if now is None else now
    delay = min(MAX_BACKOFF_S, 2.0 ** batch.attempts)
    with store.transaction() as conn:
        conn.executemany(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE seq = ?",
            ((now + delay, error[:2000], seq) for seq in batch.seqs),
        )
    return delay


def discard_through(conn: sqlite3.Connection, max_seq: int) -> None:
    """Drop entries a full rebuild already covers (it read the store after they were written)."""
    conn.execute("DELETE FROM outbox WHERE seq <= ?", (max_seq,))


def high_water_mark(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM outbox").fetchone()
    return int(row[0])


def backlog(store: Store) -> dict[str, object]:
    row = store.reader().execute(
        "SELECT COUNT(*) AS n, MIN(enqueued_at) AS oldest, MAX(attempts) AS attempts, "
        "MAX(last_error) AS last_error FROM outbox"
    ).fetchone()
    oldest = row["oldest"]
    return {
        "pending": int(row["n"]),
        "oldest_age_s": round(time.time() - oldest, 1) if oldest else 0.0,
        "max_attempts": int(row["attempts"] or 0),
        "last_error": row["last_error"],
    }
