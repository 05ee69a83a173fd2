"""The index stage: outbox -> engine, rebuilds, and two processes sharing one embedded index."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest
import tantivy

from service.catalog import Catalog
from service.courses import Course
from service.ingest.base import ParseResult, SourceFormat
from service.search import indexer as indexer_module
from service.search import outbox
from service.search.embedded import EmbeddedEngine
from service.search.indexer import ORDERED_ON, REBUILD_FLAG, Indexer, IndexerThread, tie_break_order
from service.store import Store
from tests.conftest import make_course


def _apply(store: Store, courses: list[Course]) -> None:
    Catalog(store).apply(ParseResult(source="test", format=SourceFormat.KURSFINDER_JSON, courses=courses,
                                     rows_read=len(courses)), full=True)


def _ingest(store: Store, titles: dict[str, str]) -> None:
    _apply(store, [make_course(cid, title) for cid, title in titles.items()])


def test_drain_applies_and_acks_everything(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.db")
    engine = EmbeddedEngine(tmp_path / "index", [])
    _ingest(store, {"1": "Integrationskurs", "2": "Sprachkurs"})
    assert Indexer(store, engine).drain() == 2
    assert engine.count() == 2 and outbox.backlog(store)["pending"] == 0
    _ingest(store, {"1": "Integrationskurs"})  # course 2 retired
    Indexer(store, engine).drain()
    assert engine.count() == 1


def test_a_second_process_leaves_updates_to_the_writer_without_backing_them_off(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.db")
    server_engine = EmbeddedEngine(tmp_path / "index", [])
    _ingest(store, {"1": "Integrationskurs"})
    Indexer(store, server_engine).drain()  # the server now holds the index writer
    _ingest(store, {"1": "Integrationskurs", "2": "Sprachkurs"})
    cli_engine = EmbeddedEngine(tmp_path / "index", [])  # e.g. `kursfinder worker` in another process
    cli = Indexer(store, cli_engine)
    assert cli.drain() == 0
    row = store.reader().execute("SELECT attempts, next_attempt_at FROM outbox").fetchone()
    assert tuple(row) == (0, 0)  # untouched: no backoff imposed on the server
    assert Indexer(store, server_engine).drain() == 1
    assert server_engine.count() == 2


def test_rebuild_pauses_draining_and_covers_earlier_entries(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.db")
    engine = EmbeddedEngine(tmp_path / "index", [])
    _ingest(store, {"1": "Integrationskurs", "2": "Sprachkurs"})
    indexer = Indexer(store, engine)
    with store.transaction() as conn:
        store.set_meta(conn, REBUILD_FLAG, f"{os.getpid()}@{time.time()}")
    assert indexer.rebuild_running() and indexer.drain() == 0
    with store.transaction() as conn:
        store.set_meta(conn, REBUILD_FLAG, None)
    assert indexer.rebuild() == 2
    assert outbox.backlog(store)["pending"] == 0 and engine.count() == 2


def test_a_stale_rebuild_flag_from_a_dead_process_is_ignored(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.db")
    indexer = Indexer(store, EmbeddedEngine(tmp_path / "index", []))
    with store.transaction() as conn:
        store.set_meta(conn, REBUILD_FLAG, "999999999@1")
    assert not indexer.rebuild_running()


def _ingest_dated(store: Store, starts: dict[str, date | None]) -> None:
    _apply(store, [make_course(cid, "Sprachkurs", start_date=start) for cid, start in starts.items()])


STARTS = {"past-far": date(2026, 1, 5), "soon": date(2026, 11, 25), "later": date(2027, 3, 1),
          "unknown": None, "today": date(2026, 11, 22), "past-near": date(2026, 11, 1)}
TIE_BREAK = ["test:today", "test:soon", "test:later", "test:past-near", "test:past-far", "test:unknown"]


def test_courses_are_indexed_in_the_order_ties_are_broken(tmp_path: Path) -> None:
    """Upcoming soonest first, then running courses latest start first, then those without a date:
    by a reindex and by each drained batch, so equal matches meet the ranking in that order."""
    store = Store(tmp_path / "k.db")
    _ingest_dated(store, STARTS)
    assert [c.id for c in tie_break_order(store, date(2026, 11, 22))] == TIE_BREAK

    engine = EmbeddedEngine(tmp_path / "index", [], soonest_courses=0)
    Indexer(store, engine, today=lambda: date(2026, 11, 22)).drain()
    searcher = engine._index.searcher()
    hits = searcher.search(tantivy.Query.all_query(), 10).hits  # equal scores: index order
    assert [searcher.doc(address).get_first("id") for _, address in hits] == TIE_BREAK

    Indexer(store, engine, today=lambda: date(2026, 11, 22)).rebuild()
    searcher = engine._index.searcher()
    hits = searcher.search(tantivy.Query.all_query(), 10).hits
    assert [searcher.doc(address).get_first("id") for _, address in hits] == TIE_BREAK


def test_the_background_indexer_rewrites_the_index_in_order_once_a_day(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(indexer_module, "REORDER_MIN_COURSES", 3)
    monkeypatch.setattr(indexer_module, "quiet_hour", lambda: True)
    store = Store(tmp_path / "k.db")
    engine = EmbeddedEngine(tmp_path / "index", [])
    day = [date(2026, 11, 22)]
    indexer = Indexer(store, engine, today=lambda: day[0])
    _ingest_dated(store, STARTS)
    assert indexer.reorder_due() is False  # waiting to be indexed: drain first
    indexer.drain()
    assert indexer.reorder_due() is True
    thread = IndexerThread(indexer, interval=0.05)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while store.get_meta(ORDERED_ON) != "2026-11-22" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert store.get_meta(ORDERED_ON) == "2026-11-22"
        assert indexer.reorder_due() is False and engine.count() == len(STARTS)
        day[0] = date(2026, 11, 23)  # a new day: the order moved on
        while store.get_meta(ORDERED_ON) != "2026-11-23" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert store.get_meta(ORDERED_ON) == "2026-11-23"
    finally:
        thread.stop()
    small = Indexer(store, engine, today=lambda: date(2026, 11, 24))
    monkeypatch.setattr(indexer_module, "REORDER_MIN_COURSES", 5_000)
    assert small.reorder_due() is False  # too small to profit


def test_an_engine_without_order_is_never_rewritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(indexer_module, "REORDER_MIN_COURSES", 1)
    store = Store(tmp_path / "k.db")
    engine = EmbeddedEngine(tmp_path / "index", [])
    monkeypatch.setattr(engine, "keeps_order", False)
    _ingest_dated(store, STARTS)
    indexer = Indexer(store, engine)
    indexer.drain()
    assert indexer.reorder_due() is False


def test_the_daily_rewrite_waits_for_the_night(monkeypatch: pytest.MonkeyPatch) -> None:
    for hour, quiet in ((1, False), (2, True), (4, True), (5, False), (14, False)):
        clock = time.struct_time((2026, 11, 22, hour, 0, 0, 6, 326, 0))
        monkeypatch.setattr(indexer_module.time, "localtime", lambda clock=clock: clock)
        assert indexer_module.quiet_hour() is quiet
