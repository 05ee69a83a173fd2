from __future__ import annotations

from service.catalog import Catalog
from service.ingest.base import ParseResult, RowError, SourceFormat
from service.search import outbox
from service.store import Store
from tests.conftest import make_course


def _result(courses: list, errors: list[RowError] | None = None, rows: int | None = None) -> ParseResult:
    result = ParseResult(source="test", format=SourceFormat.NAVI_CSV, courses=list(courses),
                         errors=errors or [])
    result.rows_read = rows if rows is not None else len(courses) + len({e.row for e in result.errors})
    return result


def test_upsert_is_idempotent_and_counts_changes(tmp_path) -> None:
    store = Store(tmp_path / "k.db")
    catalog = Catalog(store)
    first = catalog.apply(_result([make_course("1", "A"), make_course("2", "B")]), full=True)
    assert (first.new, first.updated, first.unchanged, first.retired) == (2, 0, 0, 0)
    again = catalog.apply(_result([make_course("1", "A"), make_course("2", "B")]), full=True)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    pending = store.reader().execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
    assert pending == 2  # the unchanged re-import queued nothing
    changed = catalog.apply(_result([make_course("1", "A2"), make_course("2", "B")]), full=True)
    assert (changed.new, changed.updated, changed.unchanged) == (0, 1, 1)


def test_full_import_retires_missing_courses_but_keeps_them_in_the_store(tmp_path) -> None:
    store = Store(tmp_path / "k.db")
    catalog = Catalog(store)
    catalog.apply(_result([make_course("1", "A"), make_course("2", "B")]), full=True)
    report = catalog.apply(_result([make_course("1", "A")]), full=True)
    assert report.retired == 1
    assert store.get_course("test:2") is None
    kept = store.get_course("test:2", include_retired=True)
    assert kept is not None and not kept.active and kept.retired_at
    batch = outbox.take(store, 100)
    assert batch is not None and "test:2" in batch.deletes
    # listed again: active again
    back = catalog.apply(_result([make_course("1", "A"), make_course("2", "B")]), full=True)
    assert back.updated == 1 and store.get_course("test:2") is not None


def test_partial_import_retires_nothing(tmp_path) -> None:
    store = Store(tmp_path / "k.db")
    catalog = Catalog(store)
    catalog.apply(_result([make_course("1", "A"), make_course("2", "B")]), full=True)
    report = catalog.apply(_result([make_course("3", "C")]), full=False)
    assert report.retired == 0 and store.count_courses()["active"] == 3


def test_a_mostly_broken_export_does_not_empty_the_source(tmp_path) -> None:
    store = Store(tmp_path / "k.db")
    catalog = Catalog(store)
    catalog.apply(_result([make_course(str(i), "A") for i in range(5)]), full=True)
    errors = [RowError(row=r, field="PLZ", reason="unknown postal code") for r in range(2, 8)]
    report = catalog.apply(_result([make_course("0", "A")], errors), full=True)
    assert report.retired == 0 and report.rejected == 6
    assert any("nothing was retired" in w for w in report.warnings)
    assert store.count_courses()["active"] == 5


def test_listeners_run_inside_the_transaction(tmp_path) -> None:
    store = Store(tmp_path / "k.db")
    seen: list[tuple[list[str], list[str]]] = []

    def listener(conn, changed, retired) -> None:
        assert conn.in_transaction
        seen.append(([c.id for c in changed], list(retired)))

    Catalog(store, [listener]).apply(_result([make_course("1", "A")]), full=True)
    assert seen == [(["test:1"], [])]
