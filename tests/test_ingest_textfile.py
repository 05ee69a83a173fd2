from pathlib import Path

import pytest

from service.errors import IngestFileError
from service.ingest.textfile import binary_kind, decode_text, reject_binary

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def test_utf8_with_bom_is_read_without_the_bom() -> None:
    text, encoding = decode_text((FIXTURES / "navi_good_utf8_bom.csv").read_bytes(), "CSV")
    assert encoding == "utf-8"
    assert text.startswith("Kurs-ID;") and "München" in text


def test_windows_1252_is_the_fallback_and_keeps_umlauts() -> None:
    text, encoding = decode_text((FIXTURES / "navi_good_cp1252.csv").read_bytes(), "CSV")
    assert encoding == "cp1252"
    assert "München" in text and "Straße" in text and "2,29 € pro" in text and "A1 – Basis" in text


@pytest.mark.parametrize(
    ("name", "kind", "fix"),
    [
        ("kurse.png", "a PNG image", "Export the course list"),
        ("kurse.pdf", "a PDF document", "Export the course list"),
        ("navi_good_utf16.csv", "UTF-16", "Save it as UTF-8"),
    ],
)
def test_binary_files_are_named_with_a_fix(name: str, kind: str, fix: str) -> None:
    with pytest.raises(IngestFileError, match=kind) as caught:
        reject_binary((FIXTURES / name).read_bytes(), "a CSV file")
    assert fix in caught.value.message


def test_workbooks_and_utf16_without_bom_are_recognised() -> None:
    workbook = binary_kind(b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40)
    assert workbook is not None and ".xlsx" in workbook[0] and "CSV UTF-8" in workbook[1]
    utf16_without_bom = binary_kind("Kurs-ID;Kursart\n".encode("utf-16-le"))
    assert utf16_without_bom is not None and "UTF-16" in utf16_without_bom[0]
    other_binary = binary_kind(b"\x00\x01\x02\x03\xfa\xfb\xfc\xfd" * 8)
    assert other_binary is not None and "NUL bytes" in other_binary[0]
    assert binary_kind(b"Kurs-ID;Kursart\n") is None


def test_empty_files_and_undecodable_bytes_are_refused() -> None:
    with pytest.raises(IngestFileError, match="empty"):
        decode_text(b" \r\n", "CSV")
    # 0x81 is undefined in Windows-1252 and invalid as UTF-8.
    with pytest.raises(IngestFileError, match="neither UTF-8 nor Windows-1252"):
        decode_text(b"Kurs-ID;Kursart\n\x81\x81\n", "CSV")
    with pytest.raises(IngestFileError, match="binary"):
        decode_text(bytes(range(1, 9)) * 50, "CSV")
