"""The store: one SQLite file (WAL) that is the truth every index is rebuilt from.

Writes go through one lock-guarded connection (one queued writer, as in datasette), each in a
transaction; readers get their own connection per thread, so searches never wait on a write.
The core schema grows by numbered migrations (``PRAGMA user_version``); each component
(translation, glossary, jobs) keeps its own numbered list and applies it with
:meth:`Store.migrate`, tracked per component in ``schema_versions``.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from service.courses import Course

log = logging.getLogger(__name__)

PARSED_CACHE_SIZE = 20_000

MIGRATIONS: list[str] = [
    # 1: courses, ingest runs, the search-index outbox
    """
    CREATE TABLE courses (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        source_id TEXT NOT NULL,
        data TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        changed_at TEXT NOT NULL,
        retired_at TEXT
    );
    CREATE INDEX courses_source ON courses(source, active);
    CREATE TABLE ingest_runs (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        format TEXT NOT NULL,
        filename TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        report TEXT
    );
    CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        course_id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
        enqueued_at REAL NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at REAL NOT NULL DEFAULT 0,
        last_error TEXT
    );
    CREATE INDEX outbox_course ON outbox(course_id);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL);
    """,
]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class StoredCourse:
    course: Course
    active: bool
    created_at: str
    changed_at: str
    retired_at: str | None


class Store:
    """A SQLite store at ``path``. Thread-safe; cheap to share across the app and workers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._write_lock = threading.RLock()
        self._local = threading.local()
        self._writer = self._connect()
        self._parsed: OrderedDict[str, tuple[str, Course]] = OrderedDict()
        self._migrate()

    # Connections ------------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        return conn

    def reader(self) -> sqlite3.Connection:
        """This thread's read connection (autocommit: every statement sees the latest commit)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """The one writer, inside ``BEGIN IMMEDIATE`` … ``COMMIT`` (rolled back on any error)."""
        with self._write_lock:
            conn = self._writer
            if conn.in_transaction:  # nested use joins the outer transaction
                yield conn
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def close(self) -> None:
        self._writer.close()
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def _migrate(self) -> None:
        with self._write_lock:
            version = self._writer.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                log.info("store: applying migration %d", number)
                self._writer.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version={number};\nCOMMIT;")

    def migrate(self, component: str, scripts: Sequence[str]) -> None:
        """Apply ``component``'s numbered migrations that this file has not seen yet (idempotent)."""
        with self._write_lock:
            row = self._writer.execute(
                "SELECT version FROM schema_versions WHERE component = ?", (component,)).fetchone()
            version = int(row[0]) if row else 0
            for number, script in enumerate(scripts[version:], start=version + 1):
                log.info("store: applying %s migration %d", component, number)
                self._writer.executescript(
                    f"BEGIN IMMEDIATE;\n{script}\n"
                    f"INSERT INTO schema_versions(component, version) VALUES ('{component}', {number}) "
                    f"ON CONFLICT(component) DO UPDATE SET version = {number};\nCOMMIT;")

    @property
    def schema_version(self) -> int:
        return int(self.reader().execute("PRAGMA user_version").fetchone()[0])

    # Meta key/value -----------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.reader().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, conn: sqlite3.Connection, key: str, value: str | None) -> None:
        if value is None:
            conn.execute("DELETE FROM meta WHERE key = ?", (key,))
        else:
            conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = ?",
                         (key, value, value))

    # Courses ------------------------------------------------------------------------------------
    def get_course(self, course_id: str, *, include_retired: bool = False) -> StoredCourse | None:
        row = self.reader().execute("SELECT * FROM courses WHERE id = ?", (course_id,)).fetchone()
        if row is None or (not row["active"] and not include_retired):
            return None
        return _stored(row)

    def get_courses(self, ids: Sequence[str]) -> dict[str, Course]:
        """Active courses by id, in one query per 500 ids (search hits are hydrated this way).

        Parsed courses are kept in a bounded cache keyed by content hash, so a hot result list does
        not re-validate the same JSON on every request; a changed course has a new hash.
        """
        found: dict[str, Course] = {}
        for _, rows in self._active_rows(ids, 500):
            for course_id, digest, data in rows:
                found[course_id] = self._parse_cached(course_id, digest, data)
        return found

    def _active_rows(self, ids: Sequence[str], batch: int) -> Iterator[tuple[list[str], list[sqlite3.Row]]]:
        """(ids, their active rows: id, content_hash, data) in chunks of ``batch`` ids, one query each."""
        conn = self.reader()
        for start in range(0, len(ids), batch):
            chunk = list(ids[start:start + batch])
            marks = ",".join("?" * len(chunk))
            yield chunk, conn.execute(
                f"SELECT id, content_hash, data FROM courses WHERE active = 1 AND id IN ({marks})", chunk).fetchall()

    def _parse_cached(self, course_id: str, digest: str, data: str) -> Course:
        cached = self._parsed.get(course_id)
        if cached is not None and cached[0] == digest:
            return cached[1]
        course = Course.model_validate_json(data)
        with self._write_lock:  # the cache is shared by the API's threads
            self._parsed[course_id] = (digest, course)
            while len(self._parsed) > PARSED_CACHE_SIZE:
                self._parsed.popitem(last=False)
        return course

    def iter_courses(self, *, active_only: bool = True, batch: int = 2000) -> Iterator[Course]:
        """Every course, streamed in id order (a reindex reads 100k courses this way)."""
        last = ""
        where = "AND active = 1" if active_only else ""
        while True:
            rows = self.reader().execute(
                f"SELECT id, data FROM courses WHERE id > ? {where} ORDER BY id LIMIT ?", (last, batch)
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield Course.model_validate_json(row["data"])
            last = rows[-1]["id"]

    def course_starts(self) -> list[tuple[str, str | None]]:
        """(id, start date as written, or None) of every active course: read once to order a reindex."""
        rows = self.reader().execute(
            "SELECT id, json_extract(data, '$.start_date') FROM courses WHERE active = 1").fetchall()
        return [(row[0], row[1]) for row in rows]

    def iter_courses_in_order(self, ids: Sequence[str], *, batch: int = 500) -> Iterator[Course]:
        """The active courses of ``ids``, streamed in that order (ids no longer active are skipped)."""
        for chunk, rows in self._active_rows(ids, batch):
            found = {course_id: data for course_id, _, data in rows}
            # parsed here, not through get_courses' cache: a reindex would only flush the hot courses from it
            yield from (Course.model_validate_json(found[course_id]) for course_id in chunk if course_id in found)

    def course_hashes(self, conn: sqlite3.Connection, source: str) -> dict[str, tuple[str, bool]]:
        rows = conn.execute("SELECT id, content_hash, active FROM courses WHERE source = ?", (source,))
        return {row[0]: (row[1], bool(row[2])) for row in rows}

    def write_courses(self, conn: sqlite3.Connection, courses: Iterable[Course], stamp: str) -> None:
        conn.executemany(
            """INSERT INTO courses(id, source, source_id, data, content_hash, active, created_at, changed_at)
               VALUES (?, ?, ?, ?, ?, 1, ?, ?)
               ON CONFLICT(id) DO UPDATE SET data = excluded.data, content_hash = excluded.content_hash,
                   active = 1, changed_at = excluded.changed_at, retired_at = NULL""",
            ((c.id, c.source, c.source_id, c.model_dump_json(exclude_none=True), c.content_hash(), stamp, stamp)
             for c in courses),
        )

    def retire_courses(self, conn: sqlite3.Connection, ids: Sequence[str], stamp: str) -> None:
        conn.executemany("UPDATE courses SET active = 0, retired_at = ?, changed_at = ? WHERE id = ?",
                         ((stamp, stamp, course_id) for course_id in ids))

    def count_courses(self) -> dict[str, int]:
        row = self.reader().execute(
            "SELECT COUNT(*) AS total, COALESCE(SUM(active), 0) AS active FROM courses"
        ).fetchone()
        return {"total": int(row["total"]), "active": int(row["active"]), "retired": int(row["total"] - row["active"])}

    def course_stats(self) -> dict[str, dict[str, int]]:
        """Active courses per source and per course type (for ``kursfinder stats``)."""
        conn = self.reader()
        per_source = {r[0]: r[1] for r in conn.execute(
            "SELECT source, COUNT(*) FROM courses WHERE active = 1 GROUP BY source ORDER BY source")}
        per_type = {r[0]: r[1] for r in conn.execute(
            "SELECT json_extract(data, '$.course_type') AS t, COUNT(*) FROM courses WHERE active = 1 "
            "GROUP BY t ORDER BY COUNT(*) DESC")}
        return {"sources": per_source, "course_types": {str(k or "other"): v for k, v in per_type.items()}}

    # Ingest runs --------------------------------------------------------------------------------
    def record_ingest_run(self, conn: sqlite3.Connection, *, source: str, format: str, filename: str | None,
                          started_at: str, report: dict[str, object]) -> int:
        cursor = conn.execute(
            "INSERT INTO ingest_runs(source, format, filename, started_at, finished_at, report) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (source, format, filename, started_at, now_iso(), json.dumps(report, ensure_ascii=False)),
        )
        return int(cursor.lastrowid or 0)


def _stored(row: sqlite3.Row) -> StoredCourse:
    return StoredCourse(
        course=Course.model_validate_json(row["data"]),
        active=bool(row["active"]),
        created_at=row["created_at"],
        changed_at=row["changed_at"],
        retired_at=row["retired_at"],
    )


def pid_alive(pid: int) -> bool:
    """Whether a process of this machine still runs (a lease or lock holder that died is not)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
