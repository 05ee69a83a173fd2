from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest

from service.courses import CourseType, Schedule
from service.errors import Conflict, InvalidInput, NotFound
from service.search import outbox
from tests.conftest import make_course
from tests.glossary_helpers import catalog_for, glossary_store, result_of


@pytest.fixture
def loaded(tmp_path: Path):  # type: ignore[no-untyped-def]
    store, parts = glossary_store(tmp_path, languages=["en", "uk", "ar"])
    catalog_for(store, parts).apply(result_of([
        make_course("1", "Integrationskurs", course_type=CourseType.INTEGRATION_GENERAL, schedule=[Schedule.EVENING]),
        make_course("2", "Deutschkurs", course_type=CourseType.GERMAN_COURSE, schedule=[Schedule.MORNING]),
        make_course("3", "Excel", course_type=CourseType.OTHER),
    ]), full=True)
    batch = outbox.take(store)
    assert batch is not None
    outbox.ack(store, batch)  # start from an empty outbox: what follows is the change's own work
    return store, parts


def test_an_edit_is_audited_and_queues_only_the_courses_that_use_it(loaded) -> None:  # type: ignore[no-untyped-def]
    store, parts = loaded
    queued: list[tuple[list[str], list[str]]] = []

    def retranslate(conn: sqlite3.Connection, ids: Sequence[str], langs: Sequence[str]) -> int:
        queued.append((list(ids), list(langs)))
        return len(ids) * len(langs)

    parts.service.retranslate = retranslate
    report = parts.service.put_entry("evening", "uk", preferred="увечері", variants=["вечірній курс"],
                                     keep_old_as_variant=True, who="translator:abc")
    assert (report.courses, report.translation_jobs) == (1, 1)
    assert queued == [(["test:1"], ["uk"])]
    batch = outbox.take(store)
    assert batch is not None and batch.upserts == ("test:1",)
    entry = parts.service.concept("evening").entry("uk")
    assert entry is not None and entry.preferred == "увечері" and "ввечері" in entry.variants
    audit = parts.service.audit_log(key="evening", lang="uk")[0]
    assert audit.who == "translator:abc" and audit.action == "update"
    assert audit.old is not None and audit.old["preferred"] == "ввечері"
    assert audit.new is not None and audit.new["preferred"] == "увечері"


def test_approve_then_edit_makes_a_draft_again(loaded) -> None:  # type: ignore[no-untyped-def]
    _, parts = loaded
    parts.service.approve("evening", "en", "t")
    entry = parts.service.concept("evening").entry("en")
    assert entry is not None and entry.approved
    assert parts.service.approve("evening", "en", "t").courses == 0  # nothing to do twice
    parts.service.put_entry("evening", "en", preferred="in the evening", who="t")
    entry = parts.service.concept("evening").entry("en")
    assert entry is not None and not entry.approved
    assert [a.action for a in parts.service.audit_log(key="evening", lang="en")][:2] == ["update", "approve"]


def test_an_unchanged_edit_records_nothing(loaded) -> None:  # type: ignore[no-untyped-def]
    _, parts = loaded
    entry = parts.service.concept("childcare").entry("en")
    assert entry is not None
    before = len(parts.service.audit_log(limit=1000))
    parts.service.put_entry("childcare", "en", preferred=entry.preferred, variants=entry.variants,
                            forbidden=entry.forbidden, note=entry.note, who="t")
    assert len(parts.service.audit_log(limit=1000)) == before


def test_a_german_change_recomputes_which_courses_use_the_concept(loaded) -> None:  # type: ignore[no-untyped-def]
    store, parts = loaded
    assert parts.repository.courses_using("test_telc") == []
    parts.service.put_entry("test_telc", "de", preferred="telc-Prüfung", variants=["Excel"], who="t")
    assert parts.repository.courses_using("test_telc") == ["test:3"]


def test_listing_filters(loaded) -> None:  # type: ignore[no-untyped-def]
    _, parts = loaded
    parts.service.approve("evening", "uk", "t")
    approved = parts.service.list_concepts(lang="uk", status="approved")
    assert [row.concept.key for row in approved] == ["evening"] and approved[0].courses == 1
    parts.service.create_concept("new_thing", "general", "", "t")
    parts.service.put_entry("new_thing", "de", preferred="Neues Ding", who="t")
    missing = parts.service.list_concepts(lang="uk", missing=True)
    assert [row.concept.key for row in missing] == ["new_thing"]
    assert [row.concept.key for row in parts.service.list_concepts(q="neues")] == ["new_thing"]
    with pytest.raises(InvalidInput):
        parts.service.list_concepts(missing=True)


def test_errors_name_the_problem(loaded) -> None:  # type: ignore[no-untyped-def]
    _, parts = loaded
    with pytest.raises(NotFound):
        parts.service.concept("nope")
    with pytest.raises(Conflict):
        parts.service.create_concept("evening", "schedule", "", "t")
    with pytest.raises(Conflict):
        parts.service.delete_entry("evening", "de", "t")
    with pytest.raises(NotFound):
        parts.service.approve("evening", "xx", "t")
    parts.service.delete_entry("evening", "ar", "t")
    assert parts.service.concept("evening").entry("ar") is None


def test_listeners_hear_of_changes_and_cannot_undo_them(loaded) -> None:  # type: ignore[no-untyped-def]
    _, parts = loaded
    heard: list[str] = []

    def listener(glossary: object) -> None:
        heard.append("x")
        raise RuntimeError("broken listener")

    parts.service.listeners.append(listener)
    parts.service.approve("evening", "uk", "t")
    assert heard == ["x"]
    entry = parts.service.concept("evening").entry("uk")
    assert entry is not None and entry.approved
