"""BAMF-NAvI-style course lists as offices export them: semicolon-separated CSV.

The format (columns, accepted values, encodings, what rejects a row) is described for the people
who make these files in ``docs/INGEST_FORMATS.md``; keep the two in step.

Row numbers in errors are *physical line numbers* in the file, counting the header as line 1 (so
the first course is normally line 2), and a course whose quoted description spans several lines
is reported at the line where it starts: that is where a person finds it in an editor.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from pydantic import ValidationError

from service import geo
from service.courses import SOURCE_PATTERN, Course, Mode
from service.errors import IngestFileError, InvalidInput, Msg
from service.i18n import N_
from service.ingest import values
from service.ingest.base import ParsedRow, ParseResult, RowError, SourceFormat
from service.ingest.classify import cefr_level, classify_course, mode_of, schedule_of
from service.ingest.textfile import decode_text

log = logging.getLogger(__name__)

REQUIRED_COLUMNS = (
    "Kurs-ID", "Kursart", "Kurstitel", "Beschreibung", "Träger", "Straße", "PLZ", "Ort",
    "Kursbeginn", "Kursende", "Unterrichtszeiten", "Freie Plätze", "Kinderbetreuung",
    "Barrierefrei", "Link",
)  # fmt: skip
OPTIONAL_COLUMNS = ("Niveau", "Zielgruppe", "Max. Teilnehmende", "Termine", "Preis", "Zuletzt geändert")
HEADER = ";".join(REQUIRED_COLUMNS)
ROW_FIELD = "Zeile"  # the "field" of an error about the whole row (column count)
EXPECTED = Msg(N_("a NAvI CSV file (semicolon-separated, header line starting with Kurs-ID)"))

# Course field -> column, to report a model validation error under the name people know.
_COLUMN_OF_FIELD = {
    "source_id": "Kurs-ID", "title": "Kurstitel", "description": "Beschreibung", "provider": "Träger",
    "street": "Straße", "postal_code": "PLZ", "city": "Ort", "start_date": "Kursbeginn",
    "end_date": "Kursende", "free_seats": "Freie Plätze", "childcare": "Kinderbetreuung",
    "barrier_free": "Barrierefrei", "url": "Link", "level": "Niveau", "target_group": "Zielgruppe",
    "max_participants": "Max. Teilnehmende", "sessions": "Termine", "price": "Preis",
    "price_note": "Preis", "updated_at": "Zuletzt geändert",
}  # fmt: skip
_NO_LEVEL = frozenset({"alpha", "a0", "-", "keins", "ohne"})
T = TypeVar("T")


def header_key(name: str) -> str:
    """How a header is compared: case, spaces, punctuation and umlaut spelling do not matter."""
    key = name.strip().casefold().replace("ß", "ss")
    key = key.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return re.sub(r"[^a-z0-9]", "", key)


_KNOWN_COLUMNS = {header_key(column): column for column in REQUIRED_COLUMNS + OPTIONAL_COLUMNS} | {
    "maxteilnehmer": "Max. Teilnehmende",
    "maximaleteilnehmerzahl": "Max. Teilnehmende",
    "anzahltermine": "Termine",
    "niveaustufe": "Niveau",
    "url": "Link",
    "kursid": "Kurs-ID",
}


def parse_navi_csv(data: bytes, source: str = "navi") -> ParseResult:
    """Read a NAvI CSV export. Raises IngestFileError when the file as a whole cannot be read."""
    if not re.fullmatch(SOURCE_PATTERN, source):
        raise InvalidInput(template=N_("source '%(source)s' must be lower-case letters, digits, '-' or '_' (max 40)"),
                           params={"source": source})
    text, encoding = decode_text(data, EXPECTED)
    result = ParseResult(source=source, format=SourceFormat.NAVI_CSV)
    if encoding != "utf-8":
        result.warnings.append("The file was read as Windows-1252, not UTF-8.")
    rows = _records(text)
    _, header = next(rows, (0, []))
    columns = _column_index(header, result.warnings)
    first_seen: dict[str, int] = {}
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue  # blank lines are not rows
        parsed = _parse_row(line, cells, columns, len(header), source)
        id_position = columns["Kurs-ID"]
        _check_duplicate(parsed, cells[id_position].strip() if id_position < len(cells) else "", first_seen)
        result.add(parsed)
    log.info("NAvI CSV %s: %d courses, %d errors", source, len(result.courses), len(result.errors))
    return result


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, cells); skips Excel's "sep=;" hint line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    previous_end = 0
    last: tuple[int, list[str]] | None = None
    try:
        for cells in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if start == 1 and _is_separator_hint(cells):
                continue
            if last is not None:
                yield last
            last = (start, cells)
    except csv.Error as exc:
        raise IngestFileError(template=N_("Line %(line)s cannot be read as CSV: %(error)s."),
                              params={"line": reader.line_num, "error": str(exc)}) from None
    if last is not None:
        if previous_end > last[0] and _quote_left_open(text, last[0]):
            raise IngestFileError(
                template=N_('Line %(line)s opens a quoted field (") that is never closed, so the rest of the '
                            "file cannot be read. Close or remove that quote mark."),
                params={"line": last[0]},
            )
        yield last


def _is_separator_hint(cells: list[str]) -> bool:
    # Excel writes "sep=;" as the first line; the CSV reader splits it at its own ";".
    return bool(cells) and cells[0].strip().lower().startswith("sep=") and not any(cells[1:])


def _quote_left_open(text: str, start: int) -> bool:
    # An unclosed quote swallows everything to the end of the file, so only the last record can
    # show it: every quoted field adds two quote marks, an odd count means one stayed open.
    tail = re.split(r"\r\n|\r|\n", text)[start - 1 :]
    return "".join(tail).count('"') % 2 == 1


def _column_index(header: list[str], warnings: list[str]) -> dict[str, int]:
    if len(header) <= 1 and any(mark in "".join(header) for mark in (",", "\t")):
        raise IngestFileError(
            template=N_("The columns are separated by commas or tabs; NAvI CSV uses semicolons (;). "
                        "Export again with ';' as separator. The header must be: %(header)s"),
            params={"header": HEADER},
        )
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for position, name in enumerate(header):
        column = _KNOWN_COLUMNS.get(header_key(name))
        if column is None:
            if name.strip():
                ignored.append(name.strip())
            continue
        if column in columns:
            raise IngestFileError(template=N_("The column '%(column)s' appears twice in the header. Keep one."),
                                  params={"column": column})
        columns[column] = position
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        raise IngestFileError(
            template=N_("The header line lacks the column(s) %(missing)s. "
                        "The first line must name these columns, separated by ';': %(header)s"),
            params={"missing": ", ".join(missing), "header": HEADER},
        )
    if ignored:
        warnings.append(f"Ignored unknown column(s): {', '.join(ignored)}.")
    return columns


def _check_duplicate(parsed: ParsedRow, course_id: str, first_seen: dict[str, int]) -> None:
    if not course_id:
        return
    if course_id in first_seen:
        reason = f"duplicate Kurs-ID, first seen in row {first_seen[course_id]}"
        parsed.errors.append(RowError(parsed.row, "Kurs-ID", reason, course_id))
    else:
        first_seen[course_id] = parsed.row


class _Row:
    """One data row's cells by column name, collecting an error per unreadable value."""

    def __init__(self, line: int, cells: list[str], columns: dict[str, int]) -> None:
        self.line = line
        self.cells = {column: cells[position].strip() for column, position in columns.items()}
        self.errors: list[RowError] = []

    def text(self, column: str) -> str | None:
        return self.cells.get(column) or None

    def read(self, column: str, parse: Callable[[str], T]) -> T | None:
        raw = self.cells.get(column, "")
        if not raw:
            return None
        try:
            return parse(raw)
        except ValueError as exc:
            self.error(column, str(exc), raw)
            return None

    def error(self, column: str, reason: str, value: str | None = None) -> None:
        self.errors.append(RowError(self.line, column, reason, value))


def _parse_row(line: int, cells: list[str], columns: dict[str, int], width: int, source: str) -> ParsedRow:
    if len(cells) < width or any(cell.strip() for cell in cells[width:]):
        reason = (
            f"has {len(cells)} fields but the header has {width}; look for a missing or extra ';' "
            "or a text with ';' that is not in quotes"
        )
        return ParsedRow(line, errors=[RowError(line, ROW_FIELD, reason)])
    row = _Row(line, cells, columns)
    fields = _course_fields(row, source)
    if row.errors:
        return ParsedRow(line, errors=row.errors)
    try:
        return ParsedRow(line, course=Course.model_validate(fields))
    except ValidationError as exc:
        return ParsedRow(line, errors=[_row_error(line, error) for error in exc.errors()])


def _row_error(line: int, error: Any) -> RowError:
    loc = error.get("loc") or ()
    column = _COLUMN_OF_FIELD.get(str(loc[0]), str(loc[0])) if loc else ROW_FIELD
    value = error.get("input")
    return RowError(line, column, str(error["msg"]), value if isinstance(value, str) else None)


def _course_fields(row: _Row, source: str) -> dict[str, Any]:
    title = values.collapse_spaces(row.text("Kurstitel"))
    course_id = row.text("Kurs-ID")
    if not course_id:
        row.error("Kurs-ID", "is empty: every course needs its own Kurs-ID")
    if not title:
        row.error("Kurstitel", "is empty: every course needs a title")
    start = row.read("Kursbeginn", values.parse_date)
    end = row.read("Kursende", values.parse_date)
    if start and end and end < start:
        row.error("Kursende", f"is before Kursbeginn ({start:%d.%m.%Y})", row.text("Kursende"))
    kind, times = row.text("Kursart"), row.text("Unterrichtszeiten")
    course_type, level = classify_course(
        title or "", course_kind=kind, target_group=row.text("Zielgruppe"), level=_level(row)
    )
    mode = mode_of(title, kind, times)
    return {
        "source": source,
        "source_id": course_id,
        "course_type": course_type,
        "level": level,
        "title": title,
        "description": values.clean_text(row.text("Beschreibung")),
        "provider": values.collapse_spaces(row.text("Träger")),
        "target_group": values.collapse_spaces(row.text("Zielgruppe")),
        "keywords": [kind] if kind else [],
        "start_date": start,
        "end_date": end,
        "schedule": schedule_of(times, texts=[title], start=start, end=end),
        "mode": mode,
        "sessions": row.read("Termine", values.parse_count),
        "free_seats": row.read("Freie Plätze", values.parse_count),
        "max_participants": row.read("Max. Teilnehmende", values.parse_count),
        "childcare": row.read("Kinderbetreuung", values.parse_yes_no),
        "barrier_free": row.read("Barrierefrei", values.parse_yes_no),
        "url": row.read("Link", values.normalize_url),
        "updated_at": row.read("Zuletzt geändert", values.parse_datetime),
        **_price(row),
        **_place(row, mode),
    }


def _level(row: _Row) -> str | None:
    raw = row.text("Niveau")
    if raw is None or raw.casefold() in _NO_LEVEL:
        return None
    level = cefr_level(raw)
    if level is None:
        row.error("Niveau", "must be a CEFR level: A1, A2, B1, B2, C1 or C2", raw)
    return level


def _price(row: _Row) -> dict[str, Any]:
    raw = row.text("Preis")
    if raw is None:
        return {"price": None, "price_note": None}
    try:
        return {"price": values.parse_price(raw), "price_note": None}
    except ValueError:
        # Prices are often prose ("kostenlos mit BAMF-Berechtigung, sonst 2,29 € pro UE"):
        # keep the words for people instead of rejecting the course.
        return {"price": None, "price_note": raw}


def _place(row: _Row, mode: Mode) -> dict[str, Any]:
    raw = row.text("PLZ")
    plz = values.normalize_plz(raw)
    place: dict[str, Any] = {"street": values.collapse_spaces(row.text("Straße")), "city": row.text("Ort")}
    if plz is None:
        if mode is Mode.IN_PERSON:
            row.error("PLZ", "is empty: a course held in person needs the postal code of its venue")
        return place | {"postal_code": None, "lat": None, "lon": None}
    if not re.fullmatch(r"\d{5}", plz):
        row.error("PLZ", "must be a German postal code of five digits, e.g. 10115", raw)
        return place
    area = geo.lookup(plz)
    if area is None:
        row.error("PLZ", "is not a German postal code (not in Kursfinder's postal code table)", raw)
        return place
    return place | {"postal_code": plz, "city": place["city"] or area.place, "lat": area.lat, "lon": area.lon}
