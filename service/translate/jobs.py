"""The durable translation queue: one job per (course, target language), kept in the store.

A job row lives as long as its course: ``pending`` -> ``running`` (leased by a worker) -> ``done``;
a change to the course's text puts it back to ``pending``. Failure counts attempts and backs off;
after :data:`MAX_ATTEMPTS` the job is ``failed`` (shown in ``GET /jobs``). A retired course's
waiting jobs are ``cancelled``.

Crash safety: a worker leases the jobs it claims (owner + expiry). A worker that dies leaves its
jobs ``running`` with a lease that expires, or — on the same host — with an owner whose process is
gone; either way the next claim takes them again. Completion is conditional on the lease still
being the worker's and on ``generation`` (bumped whenever the job is re-queued), so a job re-queued
while it ran is not marked done with stale text, and a worker that lost its lease writes nothing.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from service.store import Store, pid_alive

COMPONENT = "translation_jobs"
SCRIPTS: list[str] = [
    """
    CREATE TABLE translation_jobs (
        course_id TEXT NOT NULL,
        lang TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed', 'cancelled')),
        generation INTEGER NOT NULL DEFAULT 1,
        attempts INTEGER NOT NULL DEFAULT 0,
        lease_owner TEXT,
        lease_expires REAL,
        not_before REAL NOT NULL DEFAULT 0,
        enqueued_at REAL NOT NULL,
        started_at REAL,
        finished_at REAL,
        last_error TEXT,
        PRIMARY KEY (course_id, lang)
    );
    CREATE INDEX translation_jobs_queue ON translation_jobs(lang, state, enqueued_at);
    CREATE INDEX translation_jobs_finished ON translation_jobs(state, finished_at);
    """,
]

MAX_ATTEMPTS = 5
LEASE_S = 600.0
MAX_BACKOFF_S = 600.0
RATE_WINDOW_S = 300.0


class JobState(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class Job:
    course_id: str
    lang: str
    generation: int
    attempts: int


@dataclass(slots=True)
class LanguageJobs:
    pending: int = 0
    running: int = 0
    done: int = 0
    failed: int = 0
    cancelled: int = 0
    done_recently: int = 0

    def count(self, state: str, n: int) -> None:
        setattr(self, state, getattr(self, state) + n)


@dataclass(slots=True)
class JobStats:
    languages: dict[str, LanguageJobs] = field(default_factory=dict)
    rate_per_minute: float = 0.0
    last_error: str | None = None

    def total(self, state: str) -> int:
        return sum(int(getattr(jobs, state)) for jobs in self.languages.values())


def install(store: Store) -> None:
    store.migrate(COMPONENT, SCRIPTS)


def new_owner() -> str:
    """``host:pid:token``: the pid lets a restarted worker on the same host take over at once."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def enqueue(conn: sqlite3.Connection, pairs: Iterable[tuple[str, str]], *, now: float | None = None) -> int:
    """Queue (course, lang) jobs inside the caller's transaction. A running job stays running with a
    new generation, so its worker hands it back to the queue instead of marking it done."""
    stamp = time.time() if now is None else now
    cursor = conn.executemany(
        """INSERT INTO translation_jobs(course_id, lang, state, enqueued_at) VALUES (?, ?, 'pending', ?)
           ON CONFLICT(course_id, lang) DO UPDATE SET generation = generation + 1, attempts = 0,
               not_before = 0, last_error = NULL, enqueued_at = excluded.enqueued_at,
               state = CASE WHEN state = 'running' THEN 'running' ELSE 'pending' END""",
        ((course_id, lang, stamp) for course_id, lang in pairs))
    return cursor.rowcount


def cancel_courses(conn: sqlite3.Connection, course_ids: Sequence[str]) -> None:
    conn.executemany("UPDATE translation_jobs SET state = 'cancelled' WHERE course_id = ? AND state = 'pending'",
                     ((course_id,) for course_id in course_ids))


def queue_missing(conn: sqlite3.Connection, langs: Sequence[str], *, now: float | None = None) -> int:
    """Queue every active course for each language it was never queued in (a newly configured
    language, or courses stored before translation existed)."""
    stamp = time.time() if now is None else now
    queued = 0
    for lang in langs:
        cursor = conn.execute(
            "INSERT INTO translation_jobs(course_id, lang, state, enqueued_at) "
            "SELECT id, ?, 'pending', ? FROM courses WHERE active = 1 AND NOT EXISTS "
            "(SELECT 1 FROM translation_jobs j WHERE j.course_id = courses.id AND j.lang = ?)",
            (lang, stamp, lang))
        queued += cursor.rowcount
    return queued


def claim(store: Store, langs: Sequence[str], owner: str, limit: int, *, lease_s: float = LEASE_S,
          now: float | None = None) -> list[Job]:
    """Lease up to ``limit`` due jobs of one language: the first of ``langs`` (in order) that has
    any. Jobs of a dead worker are due again; jobs that used up their attempts become failed."""
    now = time.time() if now is None else now
    with store.transaction() as conn:
        dead = _dead_owners(conn, now)
        dead_marks = ",".join("?" * len(dead)) or "NULL"
        for lang in langs:
            rows = conn.execute(
                "SELECT course_id, generation, attempts FROM translation_jobs WHERE lang = ? AND "
                "((state = 'pending' AND not_before <= ?) OR (state = 'running' AND "
                f"(lease_expires < ? OR lease_owner IN ({dead_marks})))) ORDER BY enqueued_at LIMIT ?",
                (lang, now, now, *dead, limit)).fetchall()
            worn = [(now, row[0], lang) for row in rows if row[2] >= MAX_ATTEMPTS]
            conn.executemany(
                "UPDATE translation_jobs SET state = 'failed', lease_owner = NULL, finished_at = ?, "
                "last_error = COALESCE(last_error, 'the worker stopped while translating it') "
                "WHERE course_id = ? AND lang = ?", worn)
            jobs = [Job(row[0], lang, int(row[1]), int(row[2]) + 1) for row in rows if row[2] < MAX_ATTEMPTS]
            if not jobs:
                continue
            conn.executemany(
                "UPDATE translation_jobs SET state = 'running', lease_owner = ?, lease_expires = ?, "
                "attempts = attempts + 1, started_at = ? WHERE course_id = ? AND lang = ?",
                ((owner, now + lease_s, now, job.course_id, lang) for job in jobs))
            return jobs
    return []


def still_leased(conn: sqlite3.Connection, owner: str, jobs: Sequence[Job]) -> list[Job]:
    """The jobs still leased by ``owner`` (call inside the transaction that writes their output)."""
    if not jobs:
        return []
    marks = ",".join("?" * len(jobs))
    rows = conn.execute(
        f"SELECT course_id FROM translation_jobs WHERE lang = ? AND lease_owner = ? AND state = 'running' "
        f"AND course_id IN ({marks})", (jobs[0].lang, owner, *(job.course_id for job in jobs)))
    mine = {row[0] for row in rows}
    return [job for job in jobs if job.course_id in mine]


def complete(conn: sqlite3.Connection, owner: str, jobs: Sequence[Job], *, state: JobState = JobState.DONE,
             now: float | None = None) -> None:
    """Finish leased jobs; one re-queued while it ran (a newer generation) goes back to pending."""
    stamp = time.time() if now is None else now
    conn.executemany(
        "UPDATE translation_jobs SET state = CASE WHEN generation = ? THEN ? ELSE 'pending' END, "
        "attempts = CASE WHEN generation = ? THEN attempts ELSE 0 END, lease_owner = NULL, "
        "lease_expires = NULL, finished_at = ?, last_error = NULL "
        "WHERE course_id = ? AND lang = ? AND lease_owner = ?",
        ((job.generation, str(state), job.generation, stamp, job.course_id, job.lang, owner) for job in jobs))


def fail(store: Store, owner: str, jobs: Sequence[Job], error: str, *, now: float | None = None) -> None:
    """Give failed jobs back with a backoff (30 s, 60 s, ... capped), or mark them failed."""
    stamp = time.time() if now is None else now
    with store.transaction() as conn:
        conn.executemany(
            "UPDATE translation_jobs SET state = CASE WHEN attempts >= ? THEN 'failed' ELSE 'pending' END, "
            "not_before = ?, last_error = ?, lease_owner = NULL, lease_expires = NULL, finished_at = ? "
            "WHERE course_id = ? AND lang = ? AND lease_owner = ?",
            ((MAX_ATTEMPTS, stamp + min(MAX_BACKOFF_S, 30.0 * 2 ** (job.attempts - 1)), error[:2000], stamp,
              job.course_id, job.lang, owner) for job in jobs))


def release(store: Store, owner: str) -> int:
    """Hand back everything ``owner`` holds (a worker stopping cleanly), without using an attempt."""
    with store.transaction() as conn:
        cursor = conn.execute(
            "UPDATE translation_jobs SET state = 'pending', attempts = MAX(attempts - 1, 0), "
            "lease_owner = NULL, lease_expires = NULL WHERE lease_owner = ? AND state = 'running'", (owner,))
        return cursor.rowcount


def due_count(store: Store, langs: Sequence[str], *, now: float | None = None) -> int:
    """Jobs a worker could take now in ``langs`` (the total of a progress bar)."""
    if not langs:
        return 0
    now = time.time() if now is None else now
    marks = ",".join("?" * len(langs))
    row = store.reader().execute(
        f"SELECT COUNT(*) FROM translation_jobs WHERE lang IN ({marks}) AND "
        "(state = 'pending' OR (state = 'running' AND lease_expires < ?))", (*langs, now)).fetchone()
    return int(row[0])


def stats(store: Store, langs: Sequence[str], *, now: float | None = None) -> JobStats:
    """Counts per configured language and the recent rate (jobs done per minute)."""
    now = time.time() if now is None else now
    result = JobStats(languages={lang: LanguageJobs() for lang in langs})
    conn = store.reader()
    for lang, state, n in conn.execute("SELECT lang, state, COUNT(*) FROM translation_jobs GROUP BY lang, state"):
        if lang in result.languages:
            result.languages[lang].count(state, int(n))
    since = now - RATE_WINDOW_S
    first = None
    for lang, n, earliest in conn.execute(
            "SELECT lang, COUNT(*), MIN(finished_at) FROM translation_jobs WHERE state = 'done' "
            "AND finished_at >= ? GROUP BY lang", (since,)):
        if lang in result.languages:
            result.languages[lang].done_recently = int(n)
            first = earliest if first is None else min(first, earliest)
    recent = sum(jobs.done_recently for jobs in result.languages.values())
    if recent and first is not None:
        # Over the time the recent jobs took (at least 10 s), not the whole window: a worker that
        # started a minute ago shows its real pace.
        result.rate_per_minute = round(recent / max(now - float(first), 10.0) * 60.0, 1)
    row = conn.execute("SELECT last_error FROM translation_jobs WHERE last_error IS NOT NULL "
                       "ORDER BY finished_at DESC LIMIT 1").fetchone()
    result.last_error = None if row is None else str(row[0])
    return result


def _dead_owners(conn: sqlite3.Connection, now: float) -> list[str]:
    """Owners on this host whose process is gone (their leases need not run out first)."""
    host = socket.gethostname()
    dead: list[str] = []
    for (owner,) in conn.execute(
            "SELECT DISTINCT lease_owner FROM translation_jobs WHERE state = 'running' AND lease_expires >= ?",
            (now,)):
        owner_host, _, rest = str(owner).partition(":")
        pid = rest.partition(":")[0]
        if owner_host == host and pid.isdigit() and not pid_alive(int(pid)):
            dead.append(str(owner))
    return dead

