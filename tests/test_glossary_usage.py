from __future__ import annotations

from pathlib import Path

from service.courses import CourseType, Mode, Schedule
from service.glossary.usage import ConceptFinder, rebuild_usage, structured_concepts
from tests.conftest import make_course
from tests.glossary_helpers import catalog_for, glossary_store, result_of


def test_structured_facts_name_their_concepts() -> None:
    course = make_course("1", "Kurs", course_type=CourseType.INTEGRATION_LITERACY, level="A2",
                         schedule=[Schedule.EVENING, Schedule.WEEKEND], childcare=True, barrier_free=False,
                         mode=Mode.HYBRID, free_seats=2)
    assert structured_concepts(course) == [
        "integration_literacy", "integration_course", "language_course", "level_a2", "evening", "weekend",
        "childcare", "online", "in_person", "free_seats"]


def test_text_adds_tests_and_institutions_but_never_a_course_type(tmp_path: Path) -> None:
    _, parts = glossary_store(tmp_path)
    finder = ConceptFinder(parts.repository.snapshot())
    course = make_course("1", "Photoshop Intensivkurs", course_type=CourseType.OTHER,
                         description="Vorbereitung auf den DTZ, Anmeldung über das Jobcenter.")
    found = finder.concepts(course)
    assert "test_dtz" in found and "jobcenter" in found
    assert "integration_intensive" not in found and "other" not in found


def test_the_catalog_listener_keeps_the_index_current(tmp_path: Path) -> None:
    store, parts = glossary_store(tmp_path)
    catalog = catalog_for(store, parts)
    catalog.apply(result_of([make_course("1", "Integrationskurs", course_type=CourseType.INTEGRATION_GENERAL,
                                         childcare=True)]), full=True)
    assert "test:1" in parts.repository.courses_using("childcare")
    catalog.apply(result_of([make_course("1", "Integrationskurs", course_type=CourseType.INTEGRATION_GENERAL,
                                         childcare=False)]), full=True)
    assert parts.repository.courses_using("childcare") == []
    catalog.apply(result_of([make_course("2", "Deutschkurs", course_type=CourseType.GERMAN_COURSE)]), full=True)
    assert parts.repository.concepts_of("test:1") == []  # retired
    assert "test:2" in parts.repository.courses_using("german_course")


def test_rebuild_recomputes_every_course(tmp_path: Path) -> None:
    store, parts = glossary_store(tmp_path)
    catalog_for(store, parts).apply(result_of([make_course("1", "Kurs", course_type=CourseType.LITERACY)]),
                                    full=True)
    with store.transaction() as conn:
        conn.execute("DELETE FROM glossary_usage")
    assert rebuild_usage(parts.repository) == 1
    assert parts.repository.courses_using("literacy") == ["test:1"]
