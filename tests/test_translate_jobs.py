from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from service.store import Store
from service.translate import jobs
from service.translate.jobs import MAX_ATTEMPTS, Job

T0 = 1_000_000.0


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "k.db")
    jobs.install(store)
    return store


def queue(store: Store, pairs: list[tuple[str, str]], now: float = T0) -> None:
    with store.transaction() as conn:
        jobs.enqueue(conn, pairs, now=now)


def states(store: Store) -> dict[tuple[str, str], str]:
    rows = store.reader().execute("SELECT course_id, lang, state FROM translation_jobs")
    return {(row[0], row[1]): row[2] for row in rows}


def finish(store: Store, owner: str, claimed: list[Job], now: float = T0) -> None:
    with store.transaction() as conn:
        jobs.complete(conn, owner, jobs.still_leased(conn, owner, claimed), now=now)


def test_claim_takes_one_language_at_a_time_in_the_given_order(store: Store) -> None:
    queue(store, [("c1", "ar"), ("c2", "ar"), ("c1", "en"), ("c2", "en"), ("c3", "en")])
    first = jobs.claim(store, ["en", "ar"], "w", 2, now=T0)
    assert [(j.course_id, j.lang) for j in first] == [("c1", "en"), ("c2", "en")]
    second = jobs.claim(store, ["en", "ar"], "w", 5, now=T0)
    assert [(j.course_id, j.lang) for j in second] == [("c3", "en")]
    assert [j.lang for j in jobs.claim(store, ["en", "ar"], "w", 5, now=T0)] == ["ar", "ar"]
    assert jobs.claim(store, ["en", "ar"], "w", 5, now=T0) == []


def test_languages_not_asked_for_are_left_alone(store: Store) -> None:
    queue(store, [("c1", "uk")])
    assert jobs.claim(store, ["en"], "w", 5, now=T0) == []
    assert states(store) == {("c1", "uk"): "pending"}


def test_complete_marks_done_and_enqueue_again_makes_it_pending(store: Store) -> None:
    queue(store, [("c1", "en")])
    claimed = jobs.claim(store, ["en"], "w", 5, now=T0)
    finish(store, "w", claimed)
    assert states(store) == {("c1", "en"): "done"}
    queue(store, [("c1", "en")])
    assert states(store) == {("c1", "en"): "pending"}


def test_a_job_requeued_while_running_goes_back_to_the_queue_not_to_done(store: Store) -> None:
    queue(store, [("c1", "en")])
    claimed = jobs.claim(store, ["en"], "w", 5, now=T0)
    queue(store, [("c1", "en")])  # the course changed while the worker translated the old text
    assert states(store) == {("c1", "en"): "running"}
    finish(store, "w", claimed)
    assert states(store) == {("c1", "en"): "pending"}
    again = jobs.claim(store, ["en"], "w", 5, now=T0)
    finish(store, "w", again)
    assert states(store) == {("c1", "en"): "done"}


def test_an_expired_lease_is_claimed_again_and_the_old_worker_cannot_complete(store: Store) -> None:
    queue(store, [("c1", "en")])
    old = jobs.claim(store, ["en"], "old", 5, lease_s=60, now=T0)
    assert jobs.claim(store, ["en"], "new", 5, now=T0 + 30) == []  # still leased
    new = jobs.claim(store, ["en"], "new", 5, now=T0 + 61)
    assert [j.course_id for j in new] == ["c1"] and new[0].attempts == 2
    with store.transaction() as conn:
        assert jobs.still_leased(conn, "old", old) == []
    finish(store, "old", old)
    assert states(store) == {("c1", "en"): "running"}
    finish(store, "new", new)
    assert states(store) == {("c1", "en"): "done"}


def test_jobs_of_a_dead_worker_on_this_host_are_taken_at_once(store: Store) -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    dead = f"{socket.gethostname()}:{child.pid}:abcd1234"
    alive = jobs.new_owner()
    queue(store, [("c1", "en"), ("c2", "en")])
    jobs.claim(store, ["en"], dead, 1, now=T0)
    jobs.claim(store, ["en"], alive, 1, now=T0)
    taken = jobs.claim(store, ["en"], "restarted", 5, now=T0 + 1)
    assert [j.course_id for j in taken] == ["c1"]  # the living worker keeps c2


def test_failures_back_off_and_end_as_failed(store: Store) -> None:
    queue(store, [("c1", "en")])
    now = T0
    for attempt in range(1, MAX_ATTEMPTS + 1):
        claimed = jobs.claim(store, ["en"], "w", 5, now=now)
        assert [j.attempts for j in claimed] == [attempt]
        jobs.fail(store, "w", claimed, "boom", now=now)
        assert jobs.claim(store, ["en"], "w", 5, now=now + 1) == []  # backing off
        now += 10_000
    assert states(store) == {("c1", "en"): "failed"}
    assert jobs.stats(store, ["en"], now=now).last_error == "boom"


def test_a_job_whose_worker_keeps_dying_ends_as_failed(store: Store) -> None:
    queue(store, [("c1", "en")])
    now = T0
    for _ in range(MAX_ATTEMPTS):
        assert jobs.claim(store, ["en"], "w", 5, lease_s=1, now=now)
        now += 2
    assert jobs.claim(store, ["en"], "w", 5, now=now) == []
    assert states(store) == {("c1", "en"): "failed"}


def test_release_hands_jobs_back_without_using_an_attempt(store: Store) -> None:
    queue(store, [("c1", "en")])
    jobs.claim(store, ["en"], "w", 5, now=T0)
    assert jobs.release(store, "w") == 1
    again = jobs.claim(store, ["en"], "w2", 5, now=T0)
    assert again[0].attempts == 1


def test_cancel_and_queue_missing(store: Store) -> None:
    with store.transaction() as conn:
        conn.execute("INSERT INTO courses(id, source, source_id, data, content_hash, active, created_at, changed_at) "
                     "VALUES ('t:1', 't', '1', '{}', 'h', 1, 'x', 'x'), ('t:2', 't', '2', '{}', 'h', 0, 'x', 'x')")
        assert jobs.queue_missing(conn, ["en", "ar"], now=T0) == 2  # only the active course
        assert jobs.queue_missing(conn, ["en", "ar"], now=T0) == 0
        jobs.cancel_courses(conn, ["t:1"])
    assert set(states(store).values()) == {"cancelled"}


def test_stats_count_per_language_and_rate_over_recent_work(store: Store) -> None:
    queue(store, [(f"c{i}", "en") for i in range(6)] + [("c0", "ar")])
    claimed = jobs.claim(store, ["en"], "w", 4, now=T0)
    finish(store, "w", claimed[:2], now=T0 + 30)
    finish(store, "w", claimed[2:], now=T0 + 60)
    stats = jobs.stats(store, ["en", "ar"], now=T0 + 60)
    assert (stats.languages["en"].done, stats.languages["en"].pending, stats.languages["ar"].pending) == (4, 2, 1)
    assert stats.total("done") == 4 and stats.total("pending") == 3
    assert stats.rate_per_minute == pytest.approx(8.0)  # 4 jobs in the 30 s since the first finished
    assert jobs.due_count(store, ["en", "ar"], now=T0 + 60) == 3
