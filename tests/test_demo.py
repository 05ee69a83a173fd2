import csv
import io
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from service import geo
from service.courses import Course, CourseType
from service.demo import DEMO_COLUMNS, generate_courses_csv, write_demo_csv
from service.ingest import SourceFormat, detect_format
from service.ingest.navi_csv import HEADER, parse_navi_csv

TODAY = date(2025, 3, 1)


@pytest.fixture(scope="module")
def demo_csv() -> str:
    return generate_courses_csv(2500, seed=42, today=TODAY)


@pytest.fixture(scope="module")
def courses(demo_csv: str) -> list[Course]:
    result = parse_navi_csv(demo_csv.encode(), source="demo")
    assert result.errors == []
    assert result.warnings == []
    return result.courses


def test_the_same_seed_gives_the_same_file_and_another_seed_another(demo_csv: str) -> None:
    assert generate_courses_csv(2500, seed=42, today=TODAY) == demo_csv
    assert generate_courses_csv(2500, seed=43, today=TODAY) != demo_csv
    assert generate_courses_csv(10, seed=42, today=TODAY).splitlines()[0] == ";".join(DEMO_COLUMNS)


def test_it_is_a_navi_csv_with_the_extra_columns(demo_csv: str) -> None:
    assert demo_csv.startswith(HEADER + ";Niveau;Zielgruppe;Max. Teilnehmende\r\n")
    assert detect_format(demo_csv.encode()) is SourceFormat.NAVI_CSV


def test_every_row_parses_without_errors(courses: list[Course]) -> None:
    assert len(courses) == 2500
    assert len({course.id for course in courses}) == 2500


def test_every_course_type_appears(courses: list[Course]) -> None:
    types = Counter(course.course_type for course in courses)
    assert set(types) == set(CourseType)
    assert types.most_common(1)[0][0] is CourseType.INTEGRATION_GENERAL


def test_at_least_40_cities_with_real_postal_codes(courses: list[Course]) -> None:
    cities = Counter(course.city for course in courses)
    assert len(cities) >= 40
    assert {"Berlin", "Hamburg", "München", "Köln", "Augsburg", "Leipzig", "Dresden", "Stuttgart",
            "Nürnberg", "Bremen"} <= set(cities)  # fmt: skip
    assert cities.most_common(1)[0][0] == "Berlin"
    for course in courses:
        area = geo.lookup(course.postal_code or "")
        assert area is not None and course.city is not None
        assert area.place.startswith(course.city.split(" (")[0].split(" im ")[0]), (course.city, area.place)


def test_dates_spread_over_the_next_twelve_months(courses: list[Course]) -> None:
    starts = [course.start_date for course in courses if course.start_date]
    assert len(starts) == len(courses)
    assert min(starts) >= TODAY and max(starts) <= TODAY + timedelta(days=366)
    assert len({start.month for start in starts}) == 12
    assert all(c.end_date and c.start_date and c.end_date > c.start_date for c in courses)


def test_values_look_like_a_real_export(courses: list[Course]) -> None:
    descriptions = Counter(course.description for course in courses)
    assert len(descriptions) < len(courses) / 10  # module texts and boilerplate repeat
    assert all(c.url and c.url.startswith("https://example.org/kursfinder-demo/") for c in courses)
    free_seats = [course.free_seats for course in courses]
    assert 0.05 < free_seats.count(None) / len(courses) < 0.3  # some unknown, not zero
    assert {course.childcare for course in courses} == {True, False, None}
    assert {course.barrier_free for course in courses} == {True, False, None}
    assert all(course.schedule for course in courses)
    providers = {course.provider or "" for course in courses}
    assert any(p.startswith("Volkshochschule") for p in providers) and any("Caritas" in p for p in providers)
    parents = [c for c in courses if c.course_type is CourseType.INTEGRATION_PARENTS]
    assert all(course.childcare for course in parents)
    assert {course.level for course in courses if course.course_type is CourseType.JOB_GERMAN} <= {
        "A2", "B1", "B2", "C1",
    }  # fmt: skip


def test_write_demo_csv_writes_an_excel_style_file(tmp_path: Path) -> None:
    path = write_demo_csv(tmp_path / "demo.csv", n=50, seed=7, today=TODAY)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfKurs-ID;")
    assert len(list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))) == 51
    assert len(parse_navi_csv(data).courses) == 50


def test_it_is_fast_enough_for_the_100k_benchmark() -> None:
    started = time.perf_counter()
    text = generate_courses_csv(20_000, seed=1, today=TODAY)
    elapsed = time.perf_counter() - started
    assert text.count("\nDEMO-") == 20_000
    assert elapsed < 6.0  # about 0.5 s on a laptop; generous so a busy CI machine does not flake
