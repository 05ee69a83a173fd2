from __future__ import annotations

from pathlib import Path

import pytest

from service.catalog import Catalog
from service.store import Store
from service.translate import jobs
from service.translate.languages import languages
from service.translate.queueing import TranslationQueue
from service.translate.records import NewText, Origin, TranslationRecords, source_hash
from tests.conftest import make_course
from tests.translate_helpers import courses_result


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "k.db")
    jobs.install(store)
    return store


@pytest.fixture
def records(store: Store) -> TranslationRecords:
    return TranslationRecords(store)


@pytest.fixture
def catalog(store: Store, records: TranslationRecords) -> Catalog:
    return Catalog(store, [TranslationQueue(records, languages(["en", "ar", "prs"]))])


def job_states(store: Store) -> dict[tuple[str, str], str]:
    return {(r[0], r[1]): r[2] for r in store.reader().execute("SELECT course_id, lang, state FROM translation_jobs")}


def translate_all(store: Store, records: TranslationRecords, courses: list, langs: tuple[str, ...]) -> None:
    """What a worker would leave behind: every field translated, every job done."""
    with store.transaction() as conn:
        for course in courses:
            for lang in langs:
                records.write(conn, lang, {course.id: {
                    name: NewText(f"[{lang}] {text}", Origin.MACHINE, source_hash(text), text)
                    for name, text in course.translatable_fields().items()}}, {course.id: course.translatable_fields()})
        conn.execute("UPDATE translation_jobs SET state = 'done'")


def test_new_courses_queue_one_job_per_target_language(store: Store, catalog: Catalog) -> None:
    catalog.apply(courses_result([make_course("1", "Kurs"), make_course("2", "Kurs zwei")]), full=True)
    assert job_states(store) == {(f"test:{i}", lang): "pending" for i in (1, 2) for lang in ("en", "ar", "prs")}


def test_an_unchanged_reimport_queues_nothing(store: Store, catalog: Catalog, records: TranslationRecords) -> None:
    courses = [make_course("1", "Kurs", description="Text.")]
    catalog.apply(courses_result(courses), full=True)
    translate_all(store, records, courses, ("en", "ar", "prs"))
    catalog.apply(courses_result(courses), full=True)
    assert set(job_states(store).values()) == {"done"}


def test_a_change_outside_the_text_queues_only_glossary_only_languages(
        store: Store, catalog: Catalog, records: TranslationRecords) -> None:
    catalog.apply(courses_result([make_course("1", "Kurs", free_seats=3)]), full=True)
    translate_all(store, records, [make_course("1", "Kurs")], ("en", "ar", "prs"))
    catalog.apply(courses_result([make_course("1", "Kurs", free_seats=0)]), full=True)
    assert job_states(store) == {("test:1", "en"): "done", ("test:1", "ar"): "done", ("test:1", "prs"): "pending"}


def test_a_changed_field_makes_its_translations_outdated_and_requeues(
        store: Store, catalog: Catalog, records: TranslationRecords) -> None:
    before = make_course("1", "Kurs", description="Alt.")
    catalog.apply(courses_result([before]), full=True)
    translate_all(store, records, [before], ("en", "ar"))
    catalog.apply(courses_result([make_course("1", "Kurs", description="Neu.")]), full=True)
    assert set(job_states(store).values()) == {"pending"}
    states = {(r.field, r.lang): r.state for r in records.for_courses(["test:1"])["test:1"].values()}
    assert states == {("title", "en"): "current", ("title", "ar"): "current",
                      ("description", "en"): "outdated", ("description", "ar"): "outdated"}


def test_retired_courses_have_their_waiting_jobs_cancelled(store: Store, catalog: Catalog) -> None:
    catalog.apply(courses_result([make_course("1", "Kurs"), make_course("2", "Kurs zwei")]), full=True)
    catalog.apply(courses_result([make_course("1", "Kurs")]), full=True)
    states = job_states(store)
    assert {states[("test:2", lang)] for lang in ("en", "ar", "prs")} == {"cancelled"}
    assert {states[("test:1", lang)] for lang in ("en", "ar", "prs")} == {"pending"}


def test_requeue_for_a_glossary_change(store: Store, catalog: Catalog, records: TranslationRecords) -> None:
    courses = [make_course("1", "Kurs")]
    catalog.apply(courses_result(courses), full=True)
    translate_all(store, records, courses, ("en", "ar", "prs"))
    queue = catalog.listeners[0]
    assert isinstance(queue, TranslationQueue)
    with store.transaction() as conn:
        queue.requeue(conn, ["test:1"], ["ar"])
    assert job_states(store)[("test:1", "ar")] == "pending" and job_states(store)[("test:1", "en")] == "done"
