from __future__ import annotations

from pathlib import Path

from service.glossary.model import ConceptKind, TermEntry
from service.glossary.repository import GlossaryRepository
from service.store import Store


def test_migrations_apply_once_and_the_snapshot_follows_the_version(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.db")
    repo = GlossaryRepository(store)
    GlossaryRepository(store)  # idempotent
    assert repo.is_empty() and len(repo.snapshot()) == 0
    first = repo.snapshot()
    assert repo.snapshot() is first  # cached while nothing changed
    with store.transaction() as conn:
        repo.put_concept(conn, "childcare", ConceptKind.FEATURE, "")
        repo.put_entry(conn, "childcare", TermEntry.create("uk", "догляд за дітьми", ["нагляд за дітьми"]), "t")
        repo.bump(conn)
    second = repo.snapshot()
    assert second is not first and second.version != first.version
    entry = second.concepts["childcare"].entry("uk")
    assert entry is not None and entry.variants == ("нагляд за дітьми",)


def test_another_process_sees_the_change(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    reader = GlossaryRepository(Store(path))
    assert len(reader.snapshot()) == 0
    writer_store = Store(path)
    writer = GlossaryRepository(writer_store)
    with writer_store.transaction() as conn:
        writer.put_concept(conn, "evening", ConceptKind.SCHEDULE, "")
        writer.bump(conn)
    assert "evening" in reader.snapshot().concepts


def test_audit_log_is_newest_first_and_filterable(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.db")
    repo = GlossaryRepository(store)
    with store.transaction() as conn:
        repo.audit(conn, who="translator:ab", action="update", key="evening", lang="uk",
                   old={"preferred": "ввечері"}, new={"preferred": "вечором"})
        repo.audit(conn, who="admin:cd", action="approve", key="childcare", lang="ar", old=None, new={"x": 1})
    entries = repo.audit_log()
    assert [e.action for e in entries] == ["approve", "update"]
    only = repo.audit_log(key="evening")
    assert len(only) == 1 and only[0].old == {"preferred": "ввечері"} and only[0].new == {"preferred": "вечором"}
    assert repo.audit_log(before=entries[0].id)[0].action == "update"


def test_usage_index_replaces_a_courses_concepts(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.db")
    repo = GlossaryRepository(store)
    with store.transaction() as conn:
        repo.set_usage(conn, {"t:1": ["childcare", "evening"], "t:2": ["evening"]})
        repo.set_usage(conn, {"t:1": ["childcare"]})
    assert repo.courses_using("evening") == ["t:2"]
    assert repo.concepts_of("t:1") == ["childcare"]
    assert repo.usage_counts() == {"childcare": 1, "evening": 1}
    with store.transaction() as conn:
        repo.drop_usage(conn, ["t:2"])
    assert repo.courses_using("evening") == []
