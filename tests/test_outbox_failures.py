"""Engine outages during ingest lose no index update: failure injection around the outbox and indexer.

A ``FlakyEngine`` wraps the real embedded engine and fails its next N writes (as an unreachable
or timing-out engine does: ``EngineUnavailable``); the outbox clock is a fake one, so backoff is
tested without sleeping. The last tests put ``MeilisearchEngine`` behind the indexer with the fake
Meilisearch server (502s, failed tasks, tasks that never finish), the paths a real outage takes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.catalog import Catalog
from service.config import Settings
from service.courses import Course, CourseType
from service.errors import EngineUnavailable
from service.ingest.base import ParseResult, SourceFormat
from service.runtime import build_runtime
from service.search import outbox
from service.search.base import EngineResult, PageHook, Progress, SearchEngine, SearchRequest
from service.search.documents import SearchDocument
from service.search.embedded import EmbeddedEngine
from service.search.indexer import Indexer
from service.store import Store
from tests.conftest import ADMIN_KEY, TODAY, make_course
from tests.conftest_meili import FakeMeili


class FakeClock:
    """Stands in for the ``time`` module inside ``service.search.outbox``."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def time(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class FlakyEngine:
    """The real engine behind a switch: the next ``failures`` writes raise ``error`` instead."""

    def __init__(self, inner: SearchEngine, failures: int = 0, error: str = "engine unreachable") -> None:
        self.inner = inner
        self.name = inner.name
        self.failures = failures
        self.error = error
        self.calls: list[tuple[str, tuple[str, ...]]] = []  # writes that reached the engine

    def _gate(self, op: str, ids: Sequence[str]) -> None:
        if not ids:  # engines return at once for nothing to write; no request, so nothing to fail
            return
        self.calls.append((op, tuple(ids)))
        if self.failures > 0:
            self.failures -= 1
            raise EngineUnavailable(self.error)

    def upsert(self, documents: Sequence[SearchDocument]) -> None:
        self._gate("upsert", [d.id for d in documents])
        self.inner.upsert(documents)

    def delete(self, ids: Sequence[str]) -> None:
        self._gate("delete", ids)
        self.inner.delete(ids)

    def search(self, request: SearchRequest, on_page: PageHook | None = None) -> EngineResult:
        return self.inner.search(request, on_page)

    def rebuild(self, documents: object, progress: Progress | None = None) -> int:
        return self.inner.rebuild(documents, progress)  # type: ignore[arg-type]

    def count(self) -> int:
        return self.inner.count()

    def health(self) -> dict[str, object]:
        return self.inner.health()

    def close(self) -> None:
        self.inner.close()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(outbox, "time", fake)
    return fake


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "kursfinder.db")
    yield opened
    opened.close()


@pytest.fixture
def flaky(tmp_path: Path) -> Iterator[FlakyEngine]:
    engine = FlakyEngine(EmbeddedEngine(tmp_path / "index", ["en"]))
    yield engine
    engine.close()


def ingest(store: Store, courses: Sequence[Course], *, full: bool = True) -> None:
    parsed = ParseResult(source="test", format=SourceFormat.KURSFINDER_JSON, courses=list(courses),
                         rows_read=len(courses))
    Catalog(store).apply(parsed, full=full)


def courses(numbers: range, title: str = "Integrationskurs") -> list[Course]:
    return [make_course(str(n), f"{title} {n}", course_type=CourseType.INTEGRATION_GENERAL,
                        postal_code="86150", start_date=date(2026, 12, 1 + n % 28)) for n in numbers]


def indexed_ids(engine: SearchEngine) -> set[str]:
    result = engine.search(SearchRequest(limit=100, today=TODAY))
    assert result.total <= 100
    return {hit.id for hit in result.hits}


def active_ids(store: Store) -> set[str]:
    return {c.id for c in store.iter_courses()}


def drain_until_empty(indexer: Indexer, clock: FakeClock, store: Store, rounds: int = 40) -> int:
    for attempt in range(rounds):
        indexer.drain()
        if outbox.backlog(store)["pending"] == 0:
            return attempt
        clock.advance(outbox.MAX_BACKOFF_S)
    raise AssertionError("the outbox never drained")


def test_an_outage_during_ingest_loses_no_update(store: Store, flaky: FlakyEngine, clock: FakeClock) -> None:
    indexer = Indexer(store, flaky)
    flaky.failures = 6
    ingest(store, courses(range(30)))
    indexer.drain()
    assert outbox.backlog(store)["pending"] == 30
    assert indexer.last_error == "EngineUnavailable: engine unreachable"
    ingest(store, courses(range(0, 10), title="Sprachkurs") + courses(range(30, 35)), full=False)  # updates
    retired = {"test:3", "test:4", "test:31"}
    ingest(store, [c for c in store.iter_courses() if c.id not in retired])
    calls_before = len(flaky.calls)
    indexer.drain()  # the head of the queue is backing off: nothing is even tried
    assert len(flaky.calls) == calls_before

    drain_until_empty(indexer, clock, store)
    assert flaky.failures == 0
    assert indexed_ids(flaky) == active_ids(store) and len(active_ids(store)) == 32
    hits = flaky.search(SearchRequest(q="Sprachkurs", limit=50, today=TODAY)).hits
    assert {h.id for h in hits} == {f"test:{n}" for n in range(10) if n not in (3, 4)}


def test_retries_back_off_exponentially_and_nothing_runs_early(store: Store, flaky: FlakyEngine,
                                                               clock: FakeClock) -> None:
    indexer = Indexer(store, flaky)
    flaky.failures = 11
    ingest(store, courses(range(3)))
    delays: list[float] = []
    for _ in range(11):
        indexer.drain()
        row = store.reader().execute("SELECT MIN(next_attempt_at), MAX(attempts) FROM outbox").fetchone()
        delays.append(round(row[0] - clock.now, 3))
        calls = len(flaky.calls)
        clock.advance(delays[-1] - 0.01)
        indexer.drain()  # just before it is due: not tried
        assert len(flaky.calls) == calls
        clock.advance(0.01)
    assert delays == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]
    indexer.drain()
    assert outbox.backlog(store)["pending"] == 0 and indexed_ids(flaky) == {"test:0", "test:1", "test:2"}


def test_a_delete_is_not_overtaken_by_the_upsert_before_it(store: Store, flaky: FlakyEngine,
                                                          clock: FakeClock) -> None:
    indexer = Indexer(store, flaky)
    ingest(store, courses(range(2)))
    indexer.drain()
    flaky.failures = 2
    ingest(store, courses(range(2), title="Neu"), full=False)  # upsert test:0, test:1
    ingest(store, [c for c in store.iter_courses() if c.id != "test:1"])  # then retire test:1
    drain_until_empty(indexer, clock, store)
    assert indexed_ids(flaky) == {"test:0"} == active_ids(store)


def test_one_entry_at_a_time_entries_apply_in_order_after_a_failure(store: Store, flaky: FlakyEngine,
                                                                     clock: FakeClock) -> None:
    indexer = Indexer(store, flaky)
    for number in range(3):
        ingest(store, courses(range(number, number + 1)), full=False)  # entries: upsert 0, 1, 2
    flaky.failures = 1
    for _ in range(6):
        indexer.drain(batch=1)
        clock.advance(outbox.MAX_BACKOFF_S)
    writes = flaky.calls
    assert writes == [("upsert", ("test:0",)), ("upsert", ("test:0",)), ("upsert", ("test:1",)),
                      ("upsert", ("test:2",))]  # the failed head is retried before anything after it


def test_one_entry_at_a_time_a_retired_course_is_deleted_not_revived(store: Store, flaky: FlakyEngine,
                                                                    clock: FakeClock) -> None:
    indexer = Indexer(store, flaky)
    ingest(store, courses(range(1)))  # entry 1: upsert test:0
    ingest(store, courses(range(1, 2)))  # entry 2: upsert test:1, entry 3: delete test:0 (not listed)
    flaky.failures = 1
    for _ in range(10):
        indexer.drain(batch=1)
        clock.advance(outbox.MAX_BACKOFF_S)
    writes = flaky.calls
    # Entry 1 is applied as the store says now (test:0 is retired): a delete, retried after the failure.
    assert writes == [("delete", ("test:0",)), ("delete", ("test:0",)), ("upsert", ("test:1",)),
                      ("delete", ("test:0",))]
    assert indexed_ids(flaky) == {"test:1"} == active_ids(store)


def test_a_failing_head_blocks_later_entries_until_it_succeeds(store: Store, flaky: FlakyEngine,
                                                               clock: FakeClock) -> None:
    indexer = Indexer(store, flaky)
    ingest(store, courses(range(1)))
    flaky.failures = 1
    indexer.drain(batch=1)
    ingest(store, courses(range(1, 2)), full=False)
    indexer.drain(batch=1)
    assert indexed_ids(flaky) == set()  # test:1 waits behind the failed test:0
    clock.advance(1.0)
    indexer.drain(batch=1)
    assert indexed_ids(flaky) == {"test:0", "test:1"}


def test_a_retired_course_stays_out_even_if_an_upsert_follows(store: Store, flaky: FlakyEngine,
                                                               clock: FakeClock) -> None:
    indexer = Indexer(store, flaky)
    ingest(store, courses(range(2)))
    indexer.drain()
    ingest(store, courses(range(1)))  # retires test:1
    with store.transaction() as conn:  # e.g. its translation finished after it was retired
        outbox.enqueue(conn, ["test:1"], "upsert")
    drain_until_empty(indexer, clock, store)
    assert indexed_ids(flaky) == active_ids(store) == {"test:0"}


def test_health_shows_the_backlog_and_recovers(tmp_path: Path, clock: FakeClock) -> None:
    settings = Settings(data_dir=tmp_path / "data", admin_key=ADMIN_KEY, target_languages=["en"])
    engine = FlakyEngine(EmbeddedEngine(settings.index_dir, ["en"]), failures=3, error="connection refused")
    runtime = build_runtime(settings, engine=engine)
    with TestClient(create_app(settings, runtime=runtime, background=False)) as client:
        ingest(runtime.store, courses(range(4)))
        runtime.indexer.drain()
        degraded = client.get("/health")
        assert degraded.status_code == 503
        body = degraded.json()
        assert body["status"] == "degraded" and body["engine"]["status"] == "ok"
        assert body["outbox"]["pending"] == 4 and body["outbox"]["max_attempts"] == 1
        assert "connection refused" in body["outbox"]["last_error"]
        assert any("index updates failing" in p for p in body["problems"])
        drain_until_empty(runtime.indexer, clock, runtime.store)
        healthy = client.get("/health")
        assert healthy.status_code == 200, healthy.json()
        assert healthy.json()["outbox"]["pending"] == 0 and healthy.json()["engine"]["documents"] == 4


# Meilisearch behind the indexer, with the fake server ------------------------------------------
def test_meilisearch_outages_keep_every_update_until_it_is_applied(store: Store, fake_meili: FakeMeili,
                                                                   clock: FakeClock) -> None:
    from service.search import meili_settings as ms
    from service.search.meili import MeilisearchEngine

    engine = MeilisearchEngine(fake_meili.url, None, "courses", ["en"], task_timeout_s=0.2,
                               synonym_groups=lambda langs: [])
    engine.prepare()
    indexer = Indexer(store, engine)
    fake_meili.http_errors.append(502)
    ingest(store, courses(range(5)))
    indexer.drain()
    errors = [str(store.reader().execute("SELECT MAX(last_error) FROM outbox").fetchone()[0])]
    fake_meili.fail_tasks.append({"code": "invalid_document_fields", "message": "a field is too long"})
    clock.advance(outbox.MAX_BACKOFF_S)
    indexer.drain()
    errors.append(str(indexer.last_error))
    fake_meili.stuck_tasks = True
    clock.advance(outbox.MAX_BACKOFF_S)
    indexer.drain()
    errors.append(str(indexer.last_error))
    assert "HTTP 502" in errors[0]
    assert "invalid_document_fields: a field is too long" in errors[1]
    assert "still processing" in errors[2]
    assert outbox.backlog(store)["pending"] == 5  # nothing acked while Meilisearch did not confirm

    fake_meili.stuck_tasks = False
    ingest(store, courses(range(1, 5)))  # meanwhile test:0 was retired
    drain_until_empty(indexer, clock, store)
    stored = {doc["id"] for doc in fake_meili.indexes["courses"].documents.values()}
    assert stored == active_ids(store) == {f"test:{n}" for n in range(1, 5)}
    assert set(fake_meili.indexes["courses"].documents) == {ms.document_key(cid) for cid in stored}
