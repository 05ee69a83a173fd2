"""Shared fixtures: real SQLite files and real tantivy indexes in tmp dirs, never the network."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from service.config import Settings
from service.courses import Course, CourseType, Schedule

if TYPE_CHECKING:
    from service.runtime import Runtime

pytest_plugins = ["tests.conftest_meili"]

REPO = Path(__file__).resolve().parent.parent
VHS_SAMPLE = REPO / "data" / "vhs-berlin" / "kurse-sample.json"
TODAY = date(2026, 11, 22)
ADMIN_KEY = "test-admin-key-0123456789"
TRANSLATOR_KEY = "test-translator-key-0123456789"


def make_course(source_id: str, title: str, **fields: object) -> Course:
    data: dict[str, object] = {"source": fields.pop("source", "test"), "source_id": source_id, "title": title}
    data.update(fields)
    return Course.model_validate(data)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", admin_key=ADMIN_KEY, translator_keys=[TRANSLATOR_KEY],
                    target_languages=["en", "ar", "uk", "fa"], cors_origins=["https://example.org"])


@pytest.fixture
def runtime(settings: Settings) -> Iterator[Runtime]:
    from service.runtime import build_runtime

    rt = build_runtime(settings)
    yield rt
    rt.close()


@pytest.fixture
def sample_courses() -> list[Course]:
    """A small hand-made catalog around Augsburg (86150) and Berlin (10115)."""
    return [
        make_course("1", "Integrationskurs mit Kinderbetreuung", course_type=CourseType.INTEGRATION_GENERAL,
                    postal_code="86150", city="Augsburg", lat=48.365, lon=10.895, childcare=True,
                    free_seats=3, start_date=date(2026, 12, 1), schedule=[Schedule.MORNING]),
        make_course("2", "Sprachkurs Deutsch A1 für Frauen", course_type=CourseType.GERMAN_COURSE, level="A1",
                    postal_code="86153", city="Augsburg", lat=48.37, lon=10.92, childcare=False,
                    free_seats=0, start_date=date(2027, 1, 10), schedule=[Schedule.EVENING]),
        make_course("3", "Berufssprachkurs B2 Pflege", course_type=CourseType.JOB_GERMAN, level="B2",
                    postal_code="10115", city="Berlin", lat=52.531, lon=13.383, free_seats=5,
                    start_date=date(2026, 12, 15), barrier_free=True),
        make_course("4", "Alphabetisierungskurs", course_type=CourseType.INTEGRATION_LITERACY,
                    description="Lesen und Schreiben lernen im Integrationskurs.",
                    postal_code="80331", city="München", lat=48.135, lon=11.571,
                    start_date=date(2027, 2, 1)),
        make_course("5", "Excel für Einsteiger", course_type=CourseType.OTHER, postal_code="86150",
                    city="Augsburg", lat=48.365, lon=10.895, start_date=date(2026, 12, 2)),
    ]
