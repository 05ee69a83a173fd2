import json
from pathlib import Path

import pytest

from service.courses import Course, CourseType
from service.errors import IngestFileError
from service.ingest.base import SourceFormat
from service.ingest.kursfinder_json import parse_kursfinder_json

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
IDS = ["kursnetz:IK-2025-0001", "kursnetz:JIK-2025-0002", "kursnetz:BSK-2025-0103"]


def _course(source: str, source_id: str, **fields: object) -> dict[str, object]:
    return {"source": source, "source_id": source_id, "title": f"Deutsch {source_id}", **fields}


def test_the_api_shape_courses_object_is_read() -> None:
    result = parse_kursfinder_json((FIXTURES / "kursfinder_courses.json").read_bytes())
    assert (result.source, result.format) == ("kursnetz", SourceFormat.KURSFINDER_JSON)
    assert result.errors == []
    assert [course.id for course in result.courses] == IDS  # id filled in from source:source_id
    assert result.courses[0].course_type is CourseType.INTEGRATION_GENERAL
    assert result.courses[0].lat == pytest.approx(48.365, abs=0.001)


def test_a_plain_array_round_trips_what_the_api_returns() -> None:
    courses = parse_kursfinder_json((FIXTURES / "kursfinder_courses.json").read_bytes()).courses
    exported = json.dumps([course.model_dump(mode="json") for course in courses]).encode()
    assert parse_kursfinder_json(exported).courses == courses


def test_ndjson_keeps_good_lines_and_reports_bad_ones_by_line_number() -> None:
    result = parse_kursfinder_json((FIXTURES / "kursfinder_courses.ndjson").read_bytes())
    assert [course.id for course in result.courses] == IDS
    assert result.rows_read == 7  # the blank line 3 is not a record
    assert [(error.row, error.field) for error in result.errors] == [
        (2, "level"),
        (2, "keywords.1"),
        (2, "postal_code"),
        (4, "record"),
        (5, "source"),
        (8, "id"),
    ]
    by_place = {(error.row, error.field): error for error in result.errors}
    assert by_place[(2, "level")].reason == "Value error, level must be one of A1, A2, B1, B2, C1, C2"
    assert by_place[(2, "level")].value == "D4"
    assert by_place[(4, "record")].reason.startswith("is not valid JSON")
    assert by_place[(5, "source")].reason == "Field required"
    assert by_place[(8, "id")].reason == "duplicate id, first seen in record 1"


def test_mixed_sources_are_allowed_and_leave_the_result_source_empty() -> None:
    data = json.dumps([_course("a", "1"), _course("b", "1")]).encode()
    result = parse_kursfinder_json(data)
    assert [course.id for course in result.courses] == ["a:1", "b:1"]
    assert result.source == ""


def test_with_a_source_given_records_of_other_sources_are_rejected() -> None:
    data = json.dumps({"courses": [_course("a", "1"), _course("b", "2"), {"source_id": "3", "title": "x"}]})
    result = parse_kursfinder_json(data.encode(), source="a")
    assert result.source == "a"
    assert [course.id for course in result.courses] == ["a:1"]
    assert [(error.row, error.field, error.value) for error in result.errors] == [
        (2, "source", "b"),
        (3, "source", None),
    ]


def test_model_level_errors_have_the_record_as_field() -> None:
    data = json.dumps([_course("a", "1", start_date="2025-09-01", end_date="2025-08-01"), "text"])
    errors = parse_kursfinder_json(data.encode()).errors
    assert [(error.row, error.field) for error in errors] == [(1, "record"), (2, "record")]
    assert "end_date is before start_date" in errors[0].reason
    assert errors[1].reason == "is not a JSON object"


def test_a_single_object_is_one_record() -> None:
    result = parse_kursfinder_json(json.dumps(_course("a", "1")).encode())
    assert [course.id for course in result.courses] == ["a:1"]
    assert isinstance(result.courses[0], Course)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Kurs-ID;Kursart", "must start with"),
        (b'[{"source": "a",', "not valid JSON"),
        (b'{"courses": {"source": "a"}}', "'courses' must be a JSON array"),
        (b'["\xe4"]', "UTF-8"),
        (b"\x89PNG\r\n\x1a\n", "PNG"),
    ],
)
def test_unreadable_files_raise_a_file_error(data: bytes, message: str) -> None:
    with pytest.raises(IngestFileError, match=message):
        parse_kursfinder_json(data)
