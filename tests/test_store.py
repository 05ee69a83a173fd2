from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from service.store import MIGRATIONS, Store
from tests.conftest import make_course


def test_store_is_a_real_wal_sqlite_file_with_migrations(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.db")
    assert (tmp_path / "k.db").exists()
    assert store.schema_version == len(MIGRATIONS)
    mode = store.reader().execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    store.close()
    # reopening applies nothing twice
    again = Store(tmp_path / "k.db")
    assert again.schema_version == len(MIGRATIONS)
    again.close()


def test_transaction_rolls_back_everything_on_error(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.db")
    with pytest.raises(RuntimeError), store.transaction() as conn:
        store.write_courses(conn, [make_course("1", "Integrationskurs")], "2026-01-01")
        raise RuntimeError("crash mid-write")
    assert store.count_courses()["total"] == 0
    store.close()


def test_courses_round_trip_and_stream_in_order(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.db")
    courses = [make_course(str(i), f"Kurs {i}") for i in range(2500)]
    with store.transaction() as conn:
        store.write_courses(conn, courses, "2026-01-01")
    streamed = list(store.iter_courses(batch=700))
    assert [c.id for c in streamed] == sorted(c.id for c in courses)
    assert store.get_courses(["test:7", "test:nope"]) == {"test:7": courses[7]}
    store.close()


def test_readers_see_commits_and_do_not_block_on_the_writer(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.db")
    with store.transaction() as conn:
        store.write_courses(conn, [make_course("1", "A")], "t")
        seen_during_write: list[int] = []
        reader = threading.Thread(target=lambda: seen_during_write.append(store.count_courses()["total"]))
        reader.start()
        reader.join()
    assert seen_during_write == [0]  # the reader saw the last commit, without waiting
    assert store.count_courses()["total"] == 1
    store.close()


def test_a_second_process_sees_the_same_file(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.db")
    with store.transaction() as conn:
        store.write_courses(conn, [make_course("1", "A")], "t")
    other = sqlite3.connect(tmp_path / "k.db")
    assert other.execute("SELECT COUNT(*) FROM courses").fetchone()[0] == 1
    other.close()
    store.close()


def test_component_migrations_apply_once_and_in_order(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.db")
    scripts = ["CREATE TABLE t1 (a INTEGER);", "ALTER TABLE t1 ADD COLUMN b TEXT;"]
    store.migrate("demo", scripts[:1])
    store.migrate("demo", scripts)
    store.migrate("demo", scripts)
    columns = [r[1] for r in store.reader().execute("PRAGMA table_info(t1)")]
    assert columns == ["a", "b"]
    version = store.reader().execute("SELECT version FROM schema_versions WHERE component='demo'").fetchone()[0]
    assert version == 2
    store.close()
