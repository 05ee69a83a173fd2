"""Helpers shared by the glossary tests (tests/test_glossary_*.py): a store with the seed glossary,
test courses that the done-when queries must find, and a runtime with no translation model."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from service.catalog import Catalog
from service.config import Settings
from service.courses import Course, CourseType, Mode, Schedule
from service.glossary.wiring import GlossaryParts, build_glossary
from service.ingest.base import ParseResult, SourceFormat
from service.runtime import Runtime, build_runtime
from service.store import Store
from tests.conftest import ADMIN_KEY, TRANSLATOR_KEY, make_course

ALL_LANGUAGES = ("en", "ar", "fa", "prs", "ps", "uk", "ru", "tr", "kmr", "ckb", "ti", "so", "fr", "es", "ro",
                 "pl", "bg", "sq", "it", "el")


def glossary_store(tmp_path: Path, *, seed: bool = True,
                   languages: Sequence[str] = ALL_LANGUAGES) -> tuple[Store, GlossaryParts]:
    store = Store(tmp_path / "glossary.db")
    return store, build_glossary(store, languages, seed=seed)


def result_of(courses: Sequence[Course], source: str = "test") -> ParseResult:
    result = ParseResult(source=source, format=SourceFormat.KURSFINDER_JSON, courses=list(courses))
    result.rows_read = len(courses)
    return result


def done_when_courses() -> list[Course]:
    """German courses the issue's queries must find, and others they must not put first."""
    return [
        make_course("care", "Integrationskurs mit Kinderbetreuung", course_type=CourseType.INTEGRATION_GENERAL,
                    childcare=True, schedule=[Schedule.MORNING], start_date=date(2026, 12, 1)),
        make_course("evening", "Integrationskurs am Abend", course_type=CourseType.INTEGRATION_GENERAL,
                    schedule=[Schedule.EVENING], start_date=date(2026, 12, 3)),
        make_course("german", "Deutsch A2 für den Alltag", course_type=CourseType.GERMAN_COURSE, level="A2",
                    schedule=[Schedule.AFTERNOON], start_date=date(2026, 12, 5)),
        make_course("job", "Berufssprachkurs B2 Pflege", course_type=CourseType.JOB_GERMAN, level="B2",
                    barrier_free=True, start_date=date(2026, 12, 8)),
        make_course("excel", "Excel für Einsteiger", course_type=CourseType.OTHER, schedule=[Schedule.EVENING],
                    start_date=date(2026, 12, 2)),
        make_course("yoga", "Yoga am Abend mit Kinderbetreuung", course_type=CourseType.OTHER, childcare=True,
                    schedule=[Schedule.EVENING], start_date=date(2026, 12, 4)),
        make_course("online", "Orientierungskurs online", course_type=CourseType.ORIENTATION_COURSE,
                    mode=Mode.ONLINE, start_date=date(2026, 12, 9)),
    ]


def settings_for(tmp_path: Path, languages: Sequence[str] = ALL_LANGUAGES, **extra: object) -> Settings:
    return Settings(data_dir=tmp_path / "data", admin_key=ADMIN_KEY, translator_keys=[TRANSLATOR_KEY],
                    target_languages=list(languages), **extra)


def loaded_runtime(tmp_path: Path, courses: Sequence[Course] | None = None,
                   languages: Sequence[str] = ALL_LANGUAGES) -> Runtime:
    """A runtime with the seed glossary and no translation model installed, courses ingested and indexed."""
    runtime = build_runtime(settings_for(tmp_path, languages))
    runtime.catalog.apply(result_of(courses if courses is not None else done_when_courses()), full=True)
    runtime.indexer.drain()
    return runtime


def catalog_for(store: Store, parts: GlossaryParts) -> Catalog:
    return Catalog(store, [parts.usage])
