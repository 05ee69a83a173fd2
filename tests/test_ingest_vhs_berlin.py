import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from service.courses import CourseType, Mode, Schedule
from service.errors import IngestFileError
from service.ingest.base import SourceFormat
from service.ingest.vhs_berlin import parse_vhs_berlin

SAMPLE = Path(__file__).parent.parent / "data" / "vhs-berlin" / "kurse-sample.json"


def _records() -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads(SAMPLE.read_bytes())["veranstaltungen"]["veranstaltung"]
    return records


def _feed(events: Any) -> bytes:
    return json.dumps({"veranstaltungen": {"veranstaltung": events}}, ensure_ascii=False).encode()


def test_every_record_of_the_real_sample_is_accepted() -> None:
    result = parse_vhs_berlin(SAMPLE.read_bytes())
    assert (result.source, result.format) == ("vhs-berlin", SourceFormat.VHS_BERLIN)
    assert result.errors == []
    assert result.rows_read == len(result.courses) == 120
    assert len({course.id for course in result.courses}) == 120
    assert all(course.lat is not None and course.free_seats is None for course in result.courses)


def test_a_real_integration_course_is_mapped_field_by_field() -> None:
    courses = {course.source_id: course for course in parse_vhs_berlin(SAMPLE.read_bytes())}
    course = courses["545869"]
    assert course.id == "vhs-berlin:545869"
    assert (course.course_type, course.level) == (CourseType.INTEGRATION_GENERAL, "A1")
    assert course.title == "Deutsch A1.2"
    assert course.subtitle == "Integrationskurs - Basiskurs, Modul 2 - Vollzeitkurs"
    assert course.provider == "VHS Tempelhof-Schöneberg"  # from the course number TS404.39D2F
    assert course.target_group == "Menschen mit Migrationshintergrund"
    assert course.keywords == ["A1", "Deutsch Fremdsprache", "Intensivkurs", "Migranten", "SPRACHEN"]
    # The venue repeats ", 10829 Berlin" in its street field.
    assert (course.street, course.postal_code, course.city) == ("Tempelhofer Weg 62", "10829", "Berlin")
    assert (course.start_date, course.end_date) == (date(2020, 6, 4), date(2020, 7, 15))
    assert (course.sessions, course.max_participants, course.barrier_free) == (100, 20, False)
    assert (course.price, course.price_note) == (205.0, "erm. Preis: 102,50 EUR")
    assert course.url == "http://www.vhsit.berlin.de/VHSKURSE/BusinessPages/CourseDetail.aspx?id=545869"
    assert course.description is not None
    assert "\r" not in course.description
    # Beschreibung, then Zusatzinformation.
    assert course.description.endswith("Entgelt für Selbstzahler ohne BAMF-Förderung € 205,-.")


def test_sample_spot_checks() -> None:
    courses = {course.source_id: course for course in parse_vhs_berlin(SAMPLE.read_bytes())}
    # Double spaces collapsed.
    assert courses["552534"].title == "Teams erfolgreich entwickeln und leiten [ Xpert pbs ]"
    assert courses["552534"].schedule == [Schedule.WEEKEND]  # keyword Wochenendkurs, Sat-Sun
    assert courses["559342"].schedule == [Schedule.AFTERNOON]  # "Intensiv nachmittags"
    assert courses["522124"].schedule == [Schedule.MORNING]  # "intensiv vormittags"
    assert courses["575950"].mode is Mode.ONLINE  # "Python I - Onlinekurs"
    assert courses["548686"].keywords == ["Beratung"]  # schlagwort as a single string
    assert courses["554511"].description is not None and "<br" not in courses["554511"].description
    assert courses["561075"].course_type is CourseType.TEST_PREPARATION  # Einbürgerungstest 33
    assert courses["559437"].course_type is CourseType.OTHER  # Englisch C1
    assert courses["523696"].provider == "Volkshochschule Berlin"  # PZ- prefix: no district
    assert courses["541179"].provider == "VHS Lichtenberg"


def test_a_single_object_instead_of_a_list_and_scalar_variants() -> None:
    record = copy.deepcopy(_records()[2])
    record.update(guid=545869, anzahl_termine=100, maximale_teilnehmerzahl=20.0, schlagwort=None)
    record["preis"]["betrag"] = 205
    record["veranstaltungsort"]["barrierefrei"] = True
    record["veranstaltungsort"]["adresse"]["plz"] = 10829
    result = parse_vhs_berlin(_feed(record))
    assert result.errors == []
    [course] = result.courses
    assert (course.id, course.sessions, course.max_participants) == ("vhs-berlin:545869", 100, 20)
    assert (course.price, course.barrier_free, course.keywords) == (205.0, True, [])
    assert course.postal_code == "10829"


def test_a_record_of_nulls_with_guid_and_name_is_accepted_with_unknowns() -> None:
    record = {key: None for key in _records()[0]} | {"guid": "1", "name": "Deutsch A2 am Abend"}
    [course] = parse_vhs_berlin(_feed([record])).courses
    assert (course.course_type, course.level) == (CourseType.GERMAN_COURSE, "A2")
    assert course.schedule == [Schedule.EVENING]
    assert (course.postal_code, course.lat, course.start_date, course.description) == (None, None, None, None)
    assert course.provider == "Volkshochschule Berlin"


def test_empty_and_missing_lists_are_an_empty_feed() -> None:
    for events in ({"veranstaltung": []}, {}, None):
        result = parse_vhs_berlin(json.dumps({"veranstaltungen": events}).encode())
        assert (result.courses, result.errors, result.rows_read) == ([], [], 0)


def _thousands_of_records(count: int) -> list[dict[str, Any]]:
    """The real records over and over, each with a new guid and a shifted start, as a big feed is."""
    originals = _records()
    records = []
    for number in range(count):
        record = copy.deepcopy(originals[number % len(originals)])
        record["guid"] = str(900_000 + number)
        record["beginn_datum"] = f"2021-{number % 12 + 1:02d}-{number % 28 + 1:02d}"
        record["ende_datum"] = None
        records.append(record)
    return records


def test_thousands_of_records_with_a_few_broken_ones_report_exact_rejects() -> None:
    records = _thousands_of_records(3000)
    del records[99]["guid"]  # record 100
    records[999]["beginn_datum"] = "2020-13-45"  # record 1000
    records[1499]["veranstaltungsort"]["adresse"]["plz"] = "ABCDE"  # record 1500
    records[2001]["name"] = "   "  # record 2002
    records[2499]["maximale_teilnehmerzahl"] = "-3"  # record 2500
    records[2999]["guid"] = records[0]["guid"]  # record 3000
    records[1234] = "not a course"  # record 1235

    result = parse_vhs_berlin(_feed(records))

    assert result.rows_read == 3000
    assert len(result.courses) == 3000 - 7
    assert [(error.row, error.field, error.value) for error in result.errors] == [
        (100, "guid", None),
        (1000, "beginn_datum", "2020-13-45"),
        (1235, "veranstaltung", None),
        (1500, "veranstaltungsort.adresse.plz", "ABCDE"),
        (2002, "name", None),
        (2500, "maximale_teilnehmerzahl", "-3"),
        (3000, "guid", "900000"),
    ]
    assert result.errors[1].reason == "is not a day in the calendar (month 13, day 45)"
    assert result.errors[-1].reason == "duplicate guid, first seen in record 1"


def test_unknown_postal_codes_and_impossible_dates_are_rejected() -> None:
    record = copy.deepcopy(_records()[0])
    record["veranstaltungsort"]["adresse"]["plz"] = "99999"
    record["ende_datum"] = "2020-11-01"  # before beginn_datum 2020-11-28
    errors = parse_vhs_berlin(_feed([record])).errors
    assert [(error.field, error.value) for error in errors] == [
        ("ende_datum", "2020-11-01"),
        ("veranstaltungsort.adresse.plz", "99999"),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"veranstaltungen": ', "not valid JSON: Expecting value at line 1, column 21"),
        (b'{"courses": []}', "no top-level 'veranstaltungen'"),
        (b"[1, 2]", "no top-level 'veranstaltungen'"),
        (b'{"name": "\xfc"}', "UTF-8"),
        (b"", "empty"),
        (b"%PDF-1.4", "PDF"),
    ],
)
def test_unreadable_feeds_raise_a_file_error(data: bytes, message: str) -> None:
    with pytest.raises(IngestFileError, match=message):
        parse_vhs_berlin(data)
