from datetime import date, datetime

import pytest

from service.ingest import values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01.09.2025", date(2025, 9, 1)),
        ("1.9.2025", date(2025, 9, 1)),
        (" 2025-09-01 ", date(2025, 9, 1)),
        ("2025-09-01T08:00:00", date(2025, 9, 1)),
        ("01.09.2025 08:30", date(2025, 9, 1)),
    ],
)
def test_parse_date_reads_german_and_iso_dates(text: str, expected: date) -> None:
    assert values.parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2020-13-45", "not a day in the calendar"),
        ("31.02.2025", "not a day in the calendar"),
        ("01.09.25", "TT.MM.JJJJ"),
        ("September 2025", "TT.MM.JJJJ"),
    ],
)
def test_parse_date_explains_what_is_wrong(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        values.parse_date(text)


def test_parse_datetime() -> None:
    assert values.parse_datetime("15.07.2025 10:30") == datetime(2025, 7, 15, 10, 30)
    assert values.parse_datetime("2025-07-15T10:30:05") == datetime(2025, 7, 15, 10, 30, 5)
    assert values.parse_datetime("15.07.2025") == datetime(2025, 7, 15)
    with pytest.raises(ValueError, match="impossible time"):
        values.parse_datetime("15.07.2025 25:00")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", 12), (" 0 ", 0), ("", None), ("-", None), ("keine", 0), (7, 7), (None, None)],
)
def test_parse_count(text: str | int | None, expected: int | None) -> None:
    assert values.parse_count(text) == expected


@pytest.mark.parametrize(("text", "reason"), [("-2", "negative"), ("ca. 5", "whole"), ("1,5", "whole")])
def test_parse_count_rejects(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        values.parse_count(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ja", True), ("ja", True), ("J", True), ("x", True), ("true", True), (True, True),
        ("Nein", False), ("n", False), ("false", False),
        ("", None), ("-", None), (None, None),
    ],
)  # fmt: skip
def test_parse_yes_no(text: str | bool | None, expected: bool | None) -> None:
    assert values.parse_yes_no(text) is expected


def test_parse_yes_no_rejects_anything_else() -> None:
    with pytest.raises(ValueError, match="Ja or Nein"):
        values.parse_yes_no("vielleicht")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("65.00", 65.0), ("65,00 €", 65.0), ("1.234,50", 1234.5), ("€ 195", 195.0), ("0", 0.0),
        ("kostenlos", 0.0), ("", None), (12.5, 12.5), (None, None),
    ],
)  # fmt: skip
def test_parse_price(text: str | float | None, expected: float | None) -> None:
    assert values.parse_price(text) == expected


def test_parse_price_rejects_prose() -> None:
    with pytest.raises(ValueError, match="amount in euros"):
        values.parse_price("2,29 € pro Unterrichtseinheit")


def test_clean_text_normalises_line_breaks_and_strips_html() -> None:
    raw = (
        "Bausteine:<br />\r\n- Lexware <br />\r\n- Datev<br /><br />\r\n"
        "Infos <a href=x>hier</a> &amp; dort.\r\n\r\n\r\n\r\nEnde  gut"
    )
    assert values.clean_text(raw) == "Bausteine:\n- Lexware\n- Datev\n\nInfos hier & dort.\n\nEnde gut"
    assert values.clean_text("  \r\n ") is None
    assert values.clean_text(None) is None


def test_collapse_spaces() -> None:
    assert values.collapse_spaces("Teams  leiten \n [ Xpert ] ") == "Teams leiten [ Xpert ]"
    assert values.collapse_spaces("   ") is None


def test_normalize_plz_restores_the_leading_zero_spreadsheets_drop() -> None:
    assert values.normalize_plz("1067") == "01067"
    assert values.normalize_plz(" 10115 ") == "10115"
    assert values.normalize_plz("") is None
    assert values.normalize_plz("ABCDE") == "ABCDE"  # left for the caller to reject


def test_normalize_url() -> None:
    assert values.normalize_url("https://example.org/k/1") == "https://example.org/k/1"
    assert values.normalize_url("www.example.org") == "https://www.example.org"
    assert values.normalize_url(" ") is None
    with pytest.raises(ValueError, match="https://"):
        values.normalize_url("ftp://example.org")
