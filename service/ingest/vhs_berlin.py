"""The Berlin adult-education (VHS) open-data feed, exactly as published.

Shape: ``{"veranstaltungen": {"veranstaltung": [ ... ]}}``, one object per course; the fields are
described in ``data/vhs-berlin/README.md``. The feed is converted from XML, which is why a list of
one may arrive as a bare object and numbers as strings; values are often null. A record is only
rejected when it has no ``guid`` or ``name`` or when a value it has cannot be read; missing
values simply stay unknown. Record numbers are 1-based positions in the list, and an error's
field is the feed's own path (``veranstaltungsort.adresse.plz``).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import ValidationError

from service import geo
from service.courses import Course
from service.errors import IngestFileError, Msg
from service.i18n import N_
from service.ingest import values
from service.ingest.base import ParsedRow, ParseResult, RowError, SourceFormat
from service.ingest.classify import classify_course, mode_of, schedule_of
from service.ingest.textfile import reject_binary

log = logging.getLogger(__name__)

SOURCE = "vhs-berlin"
EXPECTED = Msg(N_('the Berlin VHS JSON feed ({"veranstaltungen": {"veranstaltung": [...]}})'))
# The course number's prefix names the district's Volkshochschule (as seen in the feed).
DISTRICTS = {
    "cw": "Charlottenburg-Wilmersdorf",
    "fk": "Friedrichshain-Kreuzberg",
    "li": "Lichtenberg",
    "mi": "Mitte",
    "nk": "Neukölln",
    "re": "Reinickendorf",
    "sz": "Steglitz-Zehlendorf",
    "tk": "Treptow-Köpenick",
    "ts": "Tempelhof-Schöneberg",
}
DEFAULT_PROVIDER = "Volkshochschule Berlin"
_FEED_FIELD = {
    "source_id": "guid", "title": "name", "subtitle": "untertitel", "description": "text",
    "target_group": "zielgruppe", "keywords": "schlagwort", "street": "veranstaltungsort.adresse.strasse",
    "postal_code": "veranstaltungsort.adresse.plz", "city": "veranstaltungsort.adresse.ort",
    "start_date": "beginn_datum", "end_date": "ende_datum", "sessions": "anzahl_termine",
    "max_participants": "maximale_teilnehmerzahl", "price": "preis.betrag", "price_note": "preis.zusatz",
    "url": "webadresse.uri", "barrier_free": "veranstaltungsort.barrierefrei",
}  # fmt: skip
T = TypeVar("T")


def parse_vhs_berlin(data: bytes) -> ParseResult:
    """Read the feed; IngestFileError if it is not JSON or not shaped like the feed."""
    result = ParseResult(source=SOURCE, format=SourceFormat.VHS_BERLIN)
    first_seen: dict[str, int] = {}
    for number, record in enumerate(_feed_records(data), start=1):
        parsed = _parse_record(number, record)
        _check_duplicate(parsed, record, first_seen)
        result.add(parsed)
    log.info("VHS Berlin feed: %d courses, %d errors", len(result.courses), len(result.errors))
    return result


def load_json(data: bytes, expected: str) -> Any:
    """Parsed JSON, or IngestFileError saying where the syntax breaks."""
    reject_binary(data, expected)
    try:
        return json.loads(data)
    except UnicodeDecodeError:
        raise IngestFileError(template=N_("JSON must be UTF-8 text. Save it as UTF-8 and upload %(expected)s."),
                              params={"expected": expected}) from None
    except json.JSONDecodeError as exc:
        raise IngestFileError(
            template=N_("The file is not valid JSON: %(error)s at line %(line)s, column %(column)s."),
            params={"error": exc.msg, "line": exc.lineno, "column": exc.colno},
        ) from None


def _feed_records(data: bytes) -> list[Any]:
    document = load_json(data, EXPECTED)
    if not isinstance(document, dict) or "veranstaltungen" not in document:
        raise IngestFileError(template=N_("This JSON is not %(expected)s: it has no top-level 'veranstaltungen'."),
                              params={"expected": EXPECTED})
    events = document["veranstaltungen"]
    if isinstance(events, dict):
        events = events.get("veranstaltung")
    if events is None:
        return []
    # XML-to-JSON turns a list of one into the object itself.
    return events if isinstance(events, list) else [events]


def _check_duplicate(parsed: ParsedRow, record: Any, first_seen: dict[str, int]) -> None:
    guid = _scalar_text(record.get("guid")) if isinstance(record, dict) else None
    if not guid:
        return
    if guid in first_seen:
        reason = f"duplicate guid, first seen in record {first_seen[guid]}"
        parsed.errors.append(RowError(parsed.row, "guid", reason, guid))
    else:
        first_seen[guid] = parsed.row


def _scalar_text(value: Any) -> str | None:
    """A JSON scalar as text: the feed spells the same value as "16", 16 or 16.0."""
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() or None


class _Record:
    """One feed record, read by path, collecting an error per unreadable value."""

    def __init__(self, number: int, record: dict[str, Any]) -> None:
        self.number = number
        self.record = record
        self.errors: list[RowError] = []

    def value(self, path: str) -> Any:
        current: Any = self.record
        for key in path.split("."):
            current = current.get(key) if isinstance(current, dict) else None
        return current

    def text(self, path: str) -> str | None:
        raw = self.value(path)
        if isinstance(raw, dict | list):
            self.error(path, "is not a single value", json.dumps(raw, ensure_ascii=False)[:200])
            return None
        return _scalar_text(raw)

    def read(self, path: str, parse: Callable[[str], T]) -> T | None:
        raw = self.text(path)
        if raw is None:
            return None
        try:
            return parse(raw)
        except ValueError as exc:
            self.error(path, str(exc), raw)
            return None

    def error(self, path: str, reason: str, value: str | None = None) -> None:
        self.errors.append(RowError(self.number, path, reason, value))


def _parse_record(number: int, raw: Any) -> ParsedRow:
    if not isinstance(raw, dict):
        return ParsedRow(number, errors=[RowError(number, "veranstaltung", "is not an object")])
    record = _Record(number, raw)
    fields = _course_fields(record)
    if record.errors:
        return ParsedRow(number, errors=record.errors)
    try:
        return ParsedRow(number, course=Course.model_validate(fields))
    except ValidationError as exc:
        return ParsedRow(number, errors=[_row_error(number, error) for error in exc.errors()])


def _row_error(number: int, error: Any) -> RowError:
    loc = error.get("loc") or ()
    path = _FEED_FIELD.get(str(loc[0]), str(loc[0])) if loc else "veranstaltung"
    value = error.get("input")
    return RowError(number, path, str(error["msg"]), value if isinstance(value, str) else None)


def _course_fields(record: _Record) -> dict[str, Any]:
    guid = record.text("guid")
    title = values.collapse_spaces(record.text("name"))
    if not guid:
        record.error("guid", "is missing: every course needs its guid")
    if not title:
        record.error("name", "is missing: every course needs a title")
    subtitle = values.collapse_spaces(record.text("untertitel"))
    target_group = values.collapse_spaces(record.text("zielgruppe"))
    keywords = _keywords(record.value("schlagwort"))
    start = record.read("beginn_datum", values.parse_date)
    end = record.read("ende_datum", values.parse_date)
    if start and end and end < start:
        record.error("ende_datum", f"is before beginn_datum ({start.isoformat()})", end.isoformat())
    course_type, level = classify_course(
        title or "", subtitle=subtitle, keywords=keywords, target_group=target_group
    )
    return {
        "source": SOURCE,
        "source_id": guid,
        "course_type": course_type,
        "level": level,
        "title": title,
        "subtitle": subtitle,
        "description": _description(record.value("text")),
        "provider": _provider(record.text("nummer")),
        "target_group": target_group,
        "keywords": keywords,
        "start_date": start,
        "end_date": end,
        "schedule": schedule_of(texts=[title, subtitle, *keywords], start=start, end=end),
        "mode": mode_of(title, subtitle),
        "sessions": record.read("anzahl_termine", values.parse_count),
        "max_participants": record.read("maximale_teilnehmerzahl", values.parse_count),
        "free_seats": None,  # the feed does not say
        "barrier_free": record.read("veranstaltungsort.barrierefrei", values.parse_yes_no),
        "price": record.read("preis.betrag", values.parse_price),
        "price_note": values.collapse_spaces(record.text("preis.zusatz")),
        "url": record.read("webadresse.uri", values.normalize_url),
        **_place(record),
    }


def _keywords(raw: Any) -> list[str]:
    items = raw if isinstance(raw, list) else [raw]
    return [text for item in items if (text := values.collapse_spaces(_scalar_text(item)))]


def _description(raw: Any) -> str | None:
    # Beschreibung first, then Zusatzinformation, each cleaned of CRLF and the odd HTML tag.
    items = raw if isinstance(raw, list) else [raw]
    parts = [
        values.clean_text(_scalar_text(item.get("text")) if isinstance(item, dict) else _scalar_text(item))
        for item in items
    ]
    return "\n\n".join(part for part in parts if part) or None


def _provider(number: str | None) -> str:
    prefix = (number or "")[:2]
    district = DISTRICTS.get(prefix.lower()) if prefix.isalpha() else None
    return f"VHS {district}" if district else DEFAULT_PROVIDER


def _place(record: _Record) -> dict[str, Any]:
    raw_plz = record.text("veranstaltungsort.adresse.plz")
    plz = values.normalize_plz(raw_plz)
    street = values.collapse_spaces(record.text("veranstaltungsort.adresse.strasse"))
    if street and plz:
        # Some venues repeat ", 10829 Berlin" inside the street field.
        street = re.sub(rf",\s*{re.escape(plz)}\b.*$", "", street) or street
    place = {"street": street, "city": values.collapse_spaces(record.text("veranstaltungsort.adresse.ort"))}
    if plz is None:
        return place
    if not re.fullmatch(r"\d{5}", plz):
        record.error("veranstaltungsort.adresse.plz", "must be a German postal code of five digits", raw_plz)
        return place
    area = geo.lookup(plz)
    if area is None:
        reason = "is not a German postal code (not in Kursfinder's postal code table)"
        record.error("veranstaltungsort.adresse.plz", reason, raw_plz)
        return place
    return place | {"postal_code": plz, "city": place["city"] or area.place, "lat": area.lat, "lon": area.lon}
