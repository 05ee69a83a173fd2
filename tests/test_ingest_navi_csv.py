from datetime import date, datetime
from pathlib import Path

import pytest

from service.courses import CourseType, Mode, Schedule
from service.errors import IngestFileError, InvalidInput
from service.ingest.base import RowError, SourceFormat
from service.ingest.navi_csv import HEADER, OPTIONAL_COLUMNS, REQUIRED_COLUMNS, parse_navi_csv

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
GOOD_IDS = [
    "IK-2025-0001", "JIK-2025-0002", "BSK-2025-0103", "EOK-2025-0007", "LID-2025-0011",
    "FIK-2025-0020", "DAF-2025-0300",
]  # fmt: skip
ROW = "K1;Deutschkurs;Deutsch A1;Text;VHS Augsburg;Hauptstr. 1;86150;Augsburg;01.09.2025;;;;;;"


def _row(**changes: str) -> str:
    """ROW with some columns changed, by column name with "_" for spaces: _row(PLZ="99999")."""
    cells = dict(zip(HEADER.split(";"), ROW.split(";"), strict=True))
    cells.update({name.replace("_", " "): value for name, value in changes.items()})
    return ";".join(cells.values())


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join((header, *rows)) + "\n").encode()


def test_good_utf8_file_with_bom_reads_every_course() -> None:
    result = parse_navi_csv((FIXTURES / "navi_good_utf8_bom.csv").read_bytes())
    assert (result.source, result.format) == ("navi", SourceFormat.NAVI_CSV)
    assert result.errors == [] and result.warnings == []
    assert [course.source_id for course in result.courses] == GOOD_IDS
    assert result.rows_read == 7


def test_every_column_lands_in_the_course() -> None:
    course = parse_navi_csv((FIXTURES / "navi_good_utf8_bom.csv").read_bytes()).courses[0]
    assert course.id == "navi:IK-2025-0001"
    assert (course.course_type, course.level) == (CourseType.INTEGRATION_GENERAL, "A1")
    assert course.title == "Integrationskurs A1 – Basismodul 1"
    # A quoted field keeps its semicolon and line break; CRLF becomes LF.
    assert course.description is not None
    assert "aus Sprachkurs und Orientierungskurs; Ziel ist Deutsch" in course.description
    assert "\nLehrbuch: Schritte plus Neu." in course.description
    assert (course.provider, course.street) == ("Volkshochschule Augsburg", "Willy-Brandt-Platz 3a")
    assert (course.postal_code, course.city) == ("86150", "Augsburg")
    assert course.lat == pytest.approx(48.365, abs=0.001) and course.lon == pytest.approx(10.895, abs=0.001)
    assert (course.start_date, course.end_date) == (date(2025, 9, 1), date(2025, 12, 19))
    assert course.schedule == [Schedule.MORNING] and course.mode is Mode.IN_PERSON
    assert (course.free_seats, course.childcare, course.barrier_free) == (5, True, True)
    assert course.url == "https://example.org/kurse/ik-2025-0001"
    assert course.target_group == "Zugewanderte mit Teilnahmeberechtigung"
    assert (course.max_participants, course.sessions) == (20, 80)
    assert (course.price, course.price_note) == (None, "2,29 € pro Unterrichtseinheit")
    assert course.updated_at == datetime(2025, 7, 15, 10, 30)
    assert course.keywords == ["Allgemeiner Integrationskurs"]


def test_course_types_times_and_unknowns_across_the_good_file() -> None:
    courses = {c.source_id: c for c in parse_navi_csv((FIXTURES / "navi_good_utf8_bom.csv").read_bytes())}
    assert [c.course_type for c in courses.values()] == [
        CourseType.INTEGRATION_GENERAL, CourseType.INTEGRATION_YOUTH, CourseType.JOB_GERMAN,
        CourseType.INITIAL_ORIENTATION, CourseType.TEST_PREPARATION, CourseType.INTEGRATION_PARENTS,
        CourseType.GERMAN_COURSE,
    ]  # fmt: skip
    assert courses["JIK-2025-0002"].free_seats is None  # empty: unknown, not zero
    assert courses["JIK-2025-0002"].start_date == date(2025, 10, 6)  # ISO date accepted
    assert courses["JIK-2025-0002"].schedule == [Schedule.AFTERNOON]
    assert courses["BSK-2025-0103"].schedule == [Schedule.EVENING]
    assert (courses["BSK-2025-0103"].childcare, courses["BSK-2025-0103"].price) == (False, 0.0)
    assert courses["EOK-2025-0007"].schedule == [Schedule.MORNING, Schedule.WEEKEND]
    assert (courses["EOK-2025-0007"].childcare, courses["EOK-2025-0007"].barrier_free) == (True, None)
    assert courses["LID-2025-0011"].description == (
        'Wir üben die Fragen zum Test "Leben in Deutschland" und zum Einbürgerungstest.'
    )
    assert (courses["FIK-2025-0020"].postal_code, courses["FIK-2025-0020"].city) == ("01099", "Dresden")
    online = courses["DAF-2025-0300"]
    assert (online.mode, online.postal_code, online.lat) == (Mode.ONLINE, None, None)


def test_windows_1252_file_gives_the_same_courses_and_says_so() -> None:
    utf8 = parse_navi_csv((FIXTURES / "navi_good_utf8_bom.csv").read_bytes())
    cp1252 = parse_navi_csv((FIXTURES / "navi_good_cp1252.csv").read_bytes())
    assert cp1252.courses == utf8.courses
    assert cp1252.warnings == ["The file was read as Windows-1252, not UTF-8."]


def test_broken_file_keeps_the_good_rows_and_names_every_bad_one() -> None:
    result = parse_navi_csv((FIXTURES / "navi_broken.csv").read_bytes(), source="vhs-test")
    assert [course.id for course in result.courses] == ["vhs-test:G-1", "vhs-test:G-2", "vhs-test:G-3"]
    assert result.rows_read == 11
    assert [(error.row, error.field, error.value) for error in result.errors] == [
        (3, "Kursbeginn", "32.13.2025"),
        (4, "PLZ", "1234X"),
        (5, "Kurstitel", None),
        (6, "Kinderbetreuung", "vielleicht"),
        (7, "Freie Plätze", "-2"),
        (8, "Kurs-ID", "G-1"),
        (9, "Zeile", None),
        (12, "Kursende", "01.08.2025"),
        (12, "PLZ", "99999"),
    ]
    reasons = {(error.row, error.field): error.reason for error in result.errors}
    assert reasons[(8, "Kurs-ID")] == "duplicate Kurs-ID, first seen in row 2"
    assert "has 8 fields but the header has 15" in reasons[(9, "Zeile")]
    assert "five digits" in reasons[(4, "PLZ")] and "not a German postal code" in reasons[(12, "PLZ")]
    assert "before Kursbeginn" in reasons[(12, "Kursende")]


def test_row_numbers_are_line_numbers_even_after_a_multi_line_field() -> None:
    # G-2 spans lines 10-11 of the broken file, so the next row is reported as line 12.
    result = parse_navi_csv((FIXTURES / "navi_broken.csv").read_bytes())
    line_of = {line.split(";", 1)[0]: number for number, line in enumerate(
        (FIXTURES / "navi_broken.csv").read_text(encoding="utf-8").splitlines(), start=1
    )}  # fmt: skip
    assert line_of["B-10"] == 12
    assert {error.row for error in result.errors if error.value == "99999"} == {12}


def test_headers_match_regardless_of_case_spacing_and_umlaut_spelling() -> None:
    header = " kurs-id ;KURSART;Kurstitel;beschreibung;Traeger;Strasse;plz;ORT;Kursbeginn;Kurs ende;"
    header += "Unterrichtszeiten;Freie Plaetze;Kinderbetreuung;Barrierefrei;LINK;Sonstiges"
    result = parse_navi_csv(_csv(ROW + ";egal", header=header))
    assert [course.title for course in result.courses] == ["Deutsch A1"]
    assert result.warnings == ["Ignored unknown column(s): Sonstiges."]


def test_columns_may_come_in_any_order_and_the_sep_line_is_skipped() -> None:
    columns = HEADER.split(";")
    reordered = ";".join(reversed(columns))
    row = ";".join(reversed(ROW.split(";")))
    result = parse_navi_csv(f"sep=;\n{reordered}\n{row}\n".encode())
    assert [course.source_id for course in result.courses] == ["K1"]


def test_blank_lines_are_skipped_but_still_counted_as_lines() -> None:
    bad = ROW.replace("K1;", "K2;").replace("86150", "99999")
    result = parse_navi_csv(_csv("", ROW, "", bad))
    assert result.rows_read == 2
    assert [error.row for error in result.errors] == [5]


def test_extra_empty_trailing_fields_are_accepted_but_extra_values_are_not() -> None:
    result = parse_navi_csv(_csv(ROW + ";;", ROW.replace("K1", "K2") + ";oops"))
    assert [course.source_id for course in result.courses] == ["K1"]
    assert [(error.row, error.field) for error in result.errors] == [(3, "Zeile")]


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"PLZ": ""}, "PLZ", "needs the postal code"),
        ({"Kurs-ID": " "}, "Kurs-ID", "is empty"),
        ({"Kursbeginn": "1.9.25"}, "Kursbeginn", "TT.MM.JJJJ"),
        ({"Link": "ftp://example.org"}, "Link", "https://"),
        ({"Barrierefrei": "nö"}, "Barrierefrei", "Ja or Nein"),
        ({"Freie_Plätze": "ca. 5"}, "Freie Plätze", "whole number"),
    ],
)
def test_one_bad_value_rejects_the_row(changes: dict[str, str], field: str, reason: str) -> None:
    result = parse_navi_csv(_csv(_row(**changes)))
    assert result.courses == []
    assert [error.field for error in result.errors] == [field]
    assert reason in result.errors[0].reason


def test_optional_columns_are_validated_too() -> None:
    header = HEADER + ";Niveau;Max. Teilnehmende;Zuletzt geändert"
    rows = (ROW + ";Z9;zwanzig;gestern", _row(**{"Kurs-ID": "K2"}) + ";alpha;;")
    result = parse_navi_csv(_csv(*rows, header=header))
    assert [course.source_id for course in result.courses] == ["K2"]
    assert result.courses[0].level == "A1"  # "alpha" names no CEFR level: the title's is used
    assert [error.field for error in result.errors] == ["Niveau", "Max. Teilnehmende", "Zuletzt geändert"]


def test_a_too_long_title_is_reported_under_its_column() -> None:
    result = parse_navi_csv(_csv(ROW.replace("Deutsch A1", "Deutsch " * 80)))
    assert [(error.row, error.field) for error in result.errors] == [(2, "Kurstitel")]
    assert "500" in result.errors[0].reason


def test_missing_required_columns_are_named() -> None:
    header = HEADER.replace(";PLZ", "").replace(";Freie Plätze", "")
    with pytest.raises(IngestFileError, match="lacks the column\\(s\\) PLZ, Freie Plätze") as caught:
        parse_navi_csv(_csv(header=header))
    assert HEADER in caught.value.message


def test_comma_separated_files_are_refused_with_the_fix() -> None:
    with pytest.raises(IngestFileError, match="semicolons"):
        parse_navi_csv(HEADER.replace(";", ",").encode())


def test_a_duplicated_column_is_refused() -> None:
    with pytest.raises(IngestFileError, match="'PLZ' appears twice"):
        parse_navi_csv(_csv(header=HEADER + ";plz"))


def test_an_unclosed_quote_is_a_file_error_with_its_line() -> None:
    data = _csv(ROW, ROW.replace("K1;", "K2;").replace(";Text;", ';"Text;'), ROW.replace("K1;", "K3;"))
    with pytest.raises(IngestFileError, match="Line 3 opens a quoted field"):
        parse_navi_csv(data)


@pytest.mark.parametrize("name", ["kurse.png", "kurse.pdf", "navi_good_utf16.csv"])
def test_files_that_are_not_text_are_refused(name: str) -> None:
    with pytest.raises(IngestFileError, match="This file is"):
        parse_navi_csv((FIXTURES / name).read_bytes())


def test_a_header_only_file_has_no_courses() -> None:
    result = parse_navi_csv(_csv())
    assert (result.courses, result.errors, result.rows_read) == ([], [], 0)


def test_the_source_must_be_a_valid_identifier() -> None:
    with pytest.raises(InvalidInput, match="source"):
        parse_navi_csv(_csv(ROW), source="Not Valid!")


def test_row_errors_read_as_sentences() -> None:
    error = parse_navi_csv(_csv(ROW.replace("86150", "8615X"))).errors[0]
    assert isinstance(error, RowError)
    assert str(error) == (
        "row 2: PLZ: must be a German postal code of five digits, e.g. 10115 (value: '8615X')"
    )


DOC = Path(__file__).parent.parent / "docs" / "INGEST_FORMATS.md"


def test_the_documented_example_parses_as_the_doc_says() -> None:
    text = DOC.read_text(encoding="utf-8")
    example = text.split("```csv\n", 1)[1].split("```", 1)[0]
    result = parse_navi_csv(example.encode())
    assert result.errors == []
    second = result.courses[1]
    assert (second.free_seats, second.childcare, second.barrier_free, second.url) == (None, False, True, None)


def test_every_column_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for column in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
        assert f"| `{column}` |" in text, column
