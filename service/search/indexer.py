"""The index stage: reads the outbox and the store, writes the search engine. Never the other way.

``drain`` catches up incrementally (after ingest, translation, glossary changes); ``rebuild``
writes a fresh index from the store and swaps it in. While a rebuild runs, incremental draining
pauses (a flag in the store), and the rebuild then drops the outbox entries its snapshot covers.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date

from service.courses import Course
from service.errors import EngineBusy, KursfinderError
from service.search import outbox
from service.search.base import Progress, SearchEngine
from service.search.documents import UNKNOWN_START, SearchDocument, build_document, date_number, start_distance
from service.store import Store, pid_alive

log = logging.getLogger(__name__)

DocumentBuilder = Callable[[Sequence[Course]], list[SearchDocument]]
REBUILD_FLAG = "index.rebuild_in_progress"
ORDERED_ON = "index.ordered_on"  # the day the last rebuild wrote the index's tie-break order for
REORDER_MIN_COURSES = 5_000  # smaller indexes are searched whole anyway (the engine's NARROWED_AT_MOST)
REORDER_HOURS = range(2, 5)  # local hours in which the daily rewrite may start (quiet_hour)
STALE_REBUILD_S = 6 * 3600


def plain_documents(courses: Sequence[Course]) -> list[SearchDocument]:
    """German text only: what the index holds before any translation exists."""
    return [build_document(course) for course in courses]


class Indexer:
    def __init__(self, store: Store, engine: SearchEngine, build: DocumentBuilder = plain_documents,
                 today: Callable[[], date] = date.today) -> None:
        self.store = store
        self.engine = engine
        self.build = build
        self.today = today  # the day whose tie-break order batches are written in (tests pin it)
        self.last_error: str | None = None

    def rebuild_running(self) -> bool:
        value = self.store.get_meta(REBUILD_FLAG)
        if not value:
            return False
        pid, _, started = value.partition("@")
        stale = time.time() - float(started or 0) > STALE_REBUILD_S or not pid_alive(int(pid or 0))
        return not stale

    def drain(self, *, batch: int = 1000, progress: Progress | None = None) -> int:
        """Index everything due in the outbox; returns how many outbox entries were applied.

        An engine failure is recorded on the entries (retried with backoff) and ends this call.
        """
        done = 0
        while not self.rebuild_running():
            taken = outbox.take(self.store, batch)
            if taken is None:
                break
            try:
                courses = self.store.get_courses(taken.upserts)
                gone = [cid for cid in taken.upserts if cid not in courses]
                today = date_number(self.today()) or 0
                batch_in_order = sorted(courses.values(), key=lambda c: (start_key(c.start_date, today), c.id))
                self.engine.upsert(self.build(batch_in_order))
                self.engine.delete([*taken.deletes, *gone])
            except EngineBusy:
                # Another process (the server) holds the index writer and drains the same outbox:
                # leave the entries to it, untouched, rather than back them off for everyone.
                log.info("index busy in another process; %d updates left to it", len(taken.seqs))
                break
            except (KursfinderError, OSError, ValueError, RuntimeError) as exc:
                self.last_error = f"{type(exc).__name__}: {exc}"
                delay = outbox.fail(self.store, taken, self.last_error)
                log.warning("indexing failed (%s); %d entries kept, retry in %.0f s",
                            self.last_error, len(taken.seqs), delay)
                break
            outbox.ack(self.store, taken)
            self.last_error = None
            done += len(taken.seqs)
            if progress:
                progress(len(taken.seqs))
        return done

    def rebuild(self, progress: Progress | None = None, *, chunk: int = 1000) -> int:
        today = self.today()
        with self.store.transaction() as conn:
            self.store.set_meta(conn, REBUILD_FLAG, f"{os.getpid()}@{time.time()}")
            covered = outbox.high_water_mark(conn)
        try:
            count = self.engine.rebuild(self._documents(chunk, today), progress)
            with self.store.transaction() as conn:
                outbox.discard_through(conn, covered)
                self.store.set_meta(conn, ORDERED_ON, today.isoformat())
        finally:
            with self.store.transaction() as conn:
                self.store.set_meta(conn, REBUILD_FLAG, None)
        return count

    def reorder_due(self) -> bool:
        """Whether to rewrite the index in today's tie-break order: once a day, when the engine
        profits (``keeps_order``), the index is large enough for its narrowed search to be used
        (``REORDER_MIN_COURSES``) and nothing is waiting to be indexed. Updates write each batch in
        order, but an index updated course by course (translations land one by one) loses the
        order that makes the embedded engine's best-tier search cheap; and the day it is written
        for moves on."""
        if not getattr(self.engine, "keeps_order", False) or self.rebuild_running():
            return False
        if self.store.get_meta(ORDERED_ON) == self.today().isoformat():
            return False
        return self.engine.count() >= REORDER_MIN_COURSES and outbox.backlog(self.store)["pending"] == 0

    def _documents(self, chunk: int, today: date) -> Iterator[SearchDocument]:
        pending: list[Course] = []
        for course in tie_break_order(self.store, today):
            pending.append(course)
            if len(pending) >= chunk:
                yield from self.build(pending)
                pending = []
        if pending:
            yield from self.build(pending)


def tie_break_order(store: Store, today: date | None = None) -> Iterator[Course]:
    """Every active course in the order the search breaks ties among equal matches on ``today``
    (soonest upcoming start first, see ``start_distance``). An index written in this order keeps
    the courses starting soon side by side, which makes the embedded engine's first, narrowed search
    cheap (``_best_tier``), and its plain search prefers them among equals too. Days passing and
    updates wear the order down (each drained batch is written in it); a reindex restores it."""
    today_number = date_number(today or date.today()) or 0
    rows = sorted(store.course_starts(), key=lambda row: (start_key(_parse_day(row[1]), today_number), row[0]))
    return store.iter_courses_in_order([course_id for course_id, _ in rows])


def start_key(start: date | None, today: int) -> tuple[int, int]:
    return start_distance(date_number(start) or UNKNOWN_START, today)


def _parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def quiet_hour() -> bool:
    """Night on the server's clock (``REORDER_HOURS``): the daily rewrite in order takes a core and the
    writer's memory for a while (minutes at 100,000 courses), so it waits for few searches."""
    return time.localtime().tm_hour in REORDER_HOURS


class IndexerThread(threading.Thread):
    """Drains the outbox in the background of ``serve`` (poll interval ``interval`` seconds)."""

    def __init__(self, indexer: Indexer, interval: float = 0.5) -> None:
        super().__init__(name="kursfinder-indexer", daemon=True)
        self.indexer = indexer
        self.interval = interval
        self._stop_event = threading.Event()
        self._reordered_on: date | None = None

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                self.indexer.drain()
                today = self.indexer.today()
                if self._reordered_on != today and quiet_hour() and self.indexer.reorder_due():
                    self._reordered_on = today  # one try a day, also when it fails
                    started = time.monotonic()
                    count = self.indexer.rebuild()
                    log.info("index rewritten in today's tie-break order: %d courses in %.1f s",
                             count, time.monotonic() - started)
            except Exception:  # keep serving; the entries stay in the outbox
                log.exception("indexer loop failed")
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=10)

