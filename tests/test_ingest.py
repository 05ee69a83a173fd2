"""service/ingest/__init__.py: format detection and the one parse_file entry point."""

from pathlib import Path

import pytest

from service.errors import IngestFileError, InvalidInput
from service.ingest import SourceFormat, detect_format, parse_file

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
VHS_SAMPLE = Path(__file__).parent.parent / "data" / "vhs-berlin" / "kurse-sample.json"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (VHS_SAMPLE, SourceFormat.VHS_BERLIN),
        (FIXTURES / "navi_good_utf8_bom.csv", SourceFormat.NAVI_CSV),
        (FIXTURES / "navi_good_cp1252.csv", SourceFormat.NAVI_CSV),
        (FIXTURES / "navi_broken.csv", SourceFormat.NAVI_CSV),
        (FIXTURES / "kursfinder_courses.json", SourceFormat.KURSFINDER_JSON),
        (FIXTURES / "kursfinder_courses.ndjson", SourceFormat.KURSFINDER_JSON),
    ],
)
def test_the_format_is_recognised_from_the_content_alone(path: Path, expected: SourceFormat) -> None:
    assert detect_format(path.read_bytes(), filename=None) is expected
    assert detect_format(path.read_bytes(), filename="upload.bin") is expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'  \n[{"source": "a"}]', SourceFormat.KURSFINDER_JSON),
        (b'\xef\xbb\xbf{"veranstaltungen": {"veranstaltung": []}}', SourceFormat.VHS_BERLIN),
        (b'{\n  "veranstaltungen" : null}', SourceFormat.VHS_BERLIN),
        (b"sep=;\nKurs-ID;Kursart\n", SourceFormat.NAVI_CSV),
        (b'"Kurs-ID";"Kursart"\n', SourceFormat.NAVI_CSV),
        (b"kurs id,kursart\n", SourceFormat.NAVI_CSV),  # its parser then explains the separator
    ],
)
def test_small_variations_are_recognised(data: bytes, expected: SourceFormat) -> None:
    assert detect_format(data) is expected


def test_the_file_name_only_breaks_a_tie() -> None:
    assert detect_format(b"Nummer;Titel\n1;Deutsch\n", "kurse.csv") is SourceFormat.NAVI_CSV
    with pytest.raises(IngestFileError, match="Kursfinder reads NAvI CSV"):
        detect_format(b"Nummer;Titel\n1;Deutsch\n", "kurse.txt")


def test_a_csv_without_the_header_gets_the_header_explained() -> None:
    with pytest.raises(IngestFileError, match="The header line lacks the column"):
        parse_file(b"Nummer;Titel\n1;Deutsch\n", filename="kurse.csv")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("kurse.png", "PNG image"),
        ("kurse.pdf", "PDF document"),
        ("navi_good_utf16.csv", "UTF-16"),
    ],
)
def test_files_that_are_no_course_list_say_what_they_are(name: str, message: str) -> None:
    with pytest.raises(IngestFileError, match=message):
        parse_file((FIXTURES / name).read_bytes(), filename=name)


def test_an_excel_workbook_is_told_to_be_saved_as_csv() -> None:
    with pytest.raises(IngestFileError, match="Save as > 'CSV UTF-8'"):
        parse_file(b"PK\x03\x04" + bytes(60), filename="kurse.xlsx")


def test_parse_file_dispatches_and_names_the_source() -> None:
    navi = parse_file((FIXTURES / "navi_good_utf8_bom.csv").read_bytes())
    assert (navi.format, navi.source, len(navi.courses)) == (SourceFormat.NAVI_CSV, "navi", 7)
    office = parse_file((FIXTURES / "navi_good_cp1252.csv").read_bytes(), source="jobcenter-augsburg")
    assert {course.source for course in office.courses} == {"jobcenter-augsburg"}
    vhs = parse_file(VHS_SAMPLE.read_bytes())
    assert (vhs.format, vhs.source, len(vhs.courses)) == (SourceFormat.VHS_BERLIN, "vhs-berlin", 120)
    own = parse_file((FIXTURES / "kursfinder_courses.json").read_bytes(), filename="export.json")
    assert (own.format, own.source, len(own.courses)) == (SourceFormat.KURSFINDER_JSON, "kursnetz", 3)


def test_an_explicit_format_is_trusted() -> None:
    with pytest.raises(IngestFileError, match="no top-level 'veranstaltungen'"):
        parse_file((FIXTURES / "kursfinder_courses.json").read_bytes(), format=SourceFormat.VHS_BERLIN)


def test_the_vhs_feed_cannot_be_imported_under_another_source() -> None:
    with pytest.raises(InvalidInput, match="always source 'vhs-berlin'"):
        parse_file(VHS_SAMPLE.read_bytes(), source="navi")
    assert parse_file(VHS_SAMPLE.read_bytes(), source="vhs-berlin").source == "vhs-berlin"


def test_with_a_source_kursfinder_json_only_takes_that_source() -> None:
    result = parse_file((FIXTURES / "kursfinder_courses.json").read_bytes(), source="other")
    assert result.courses == []
    assert {error.field for error in result.errors} == {"source"}
