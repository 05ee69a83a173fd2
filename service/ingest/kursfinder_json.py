"""Kursfinder's own JSON: courses in the API's course schema (:class:`service.courses.Course`).

Three shapes are accepted, all UTF-8:

- a JSON array of course objects;
- ``{"courses": [...]}`` (what the API returns, so an export can be fed back in);
- NDJSON / JSON Lines: one course object per line, for streams too large for one document.

Each record names its own ``source`` (and ``source_id``; ``id`` may be left out and is then
``<source>:<source_id>``). Record numbers in errors are 1-based positions in the array, or
physical line numbers for NDJSON. A record that fails validation becomes one RowError per
problem, its field being pydantic's location joined by "." (``keywords.2``).

``ParseResult.source`` is the one source all accepted courses share. A file may mix sources
(one export of everything); it is then ``""``, meaning "several", and nothing that treats the
file as the complete list of one source (retiring courses missing from it) may run on it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from service.courses import Course
from service.errors import IngestFileError, Msg
from service.i18n import N_
from service.ingest.base import ParsedRow, ParseResult, RowError, SourceFormat
from service.ingest.textfile import reject_binary

log = logging.getLogger(__name__)

EXPECTED = Msg(N_('Kursfinder JSON (an array of courses, {"courses": [...]} or one course per line)'))
RECORD_FIELD = "record"  # the "field" of an error about a record as a whole


def parse_kursfinder_json(data: bytes, *, source: str | None = None) -> ParseResult:
    """Read Kursfinder JSON; with ``source`` given, records of any other source are rejected."""
    result = ParseResult(source=source or "", format=SourceFormat.KURSFINDER_JSON)
    first_seen: dict[str, int] = {}
    for number, record in _records(_text(data)):
        parsed = _parse_record(number, record, source)
        if parsed.course is not None:
            _check_duplicate(parsed, parsed.course.id, first_seen)
        result.add(parsed)
    if source is None:
        sources = {course.source for course in result.courses}
        result.source = sources.pop() if len(sources) == 1 else ""
    log.info("Kursfinder JSON: %d courses, %d errors", len(result.courses), len(result.errors))
    return result


def _text(data: bytes) -> str:
    reject_binary(data, EXPECTED)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IngestFileError(template=N_("JSON must be UTF-8 text. Save it as UTF-8 and upload %(expected)s."),
                              params={"expected": EXPECTED}) from None


def _records(text: str) -> Iterator[tuple[int, Any]]:
    stripped = text.lstrip()
    if not stripped.startswith(("[", "{")):
        raise IngestFileError(template=N_("This is not %(expected)s: it must start with '[' or '{'."),
                              params={"expected": EXPECTED})
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        if stripped.startswith("{") and _first_line_is_object(stripped):
            yield from _lines(text)
            return
        raise IngestFileError(
            template=N_("The file is not valid JSON: %(error)s at line %(line)s, column %(column)s."),
            params={"error": exc.msg, "line": exc.lineno, "column": exc.colno},
        ) from None
    if isinstance(document, dict) and "courses" in document:
        document = document["courses"]
        if not isinstance(document, list):
            raise IngestFileError(template=N_("'courses' must be a JSON array of course objects."))
    yield from enumerate(document if isinstance(document, list) else [document], start=1)


def _first_line_is_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text.split("\n", 1)[0]), dict)
    except json.JSONDecodeError:
        return False


def _lines(text: str) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, _BrokenLine(f"is not valid JSON: {exc.msg} at column {exc.colno}")


class _BrokenLine:
    """An NDJSON line that did not parse: it becomes that line's error, the others still count."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _parse_record(number: int, record: Any, source: str | None) -> ParsedRow:
    if isinstance(record, _BrokenLine):
        return ParsedRow(number, errors=[RowError(number, RECORD_FIELD, record.reason)])
    if not isinstance(record, dict):
        return ParsedRow(number, errors=[RowError(number, RECORD_FIELD, "is not a JSON object")])
    if source is not None and record.get("source") != source:
        reason = f"is not '{source}', the source this file is imported for"
        return ParsedRow(number, errors=[RowError(number, "source", reason, _shown(record.get("source")))])
    try:
        return ParsedRow(number, course=Course.model_validate(record))
    except ValidationError as exc:
        return ParsedRow(number, errors=[_row_error(number, error) for error in _without_derived(exc)])


def _without_derived(exc: ValidationError) -> list[Any]:
    # A missing id is only worth mentioning when it could not be derived from source and source_id.
    errors = exc.errors()
    fields = {error["loc"][0] for error in errors if error["loc"]}
    if fields & {"source", "source_id"}:
        errors = [error for error in errors if not (error["loc"] == ("id",) and error["type"] == "missing")]
    return errors


def _row_error(number: int, error: Any) -> RowError:
    field = ".".join(str(part) for part in error.get("loc") or ()) or RECORD_FIELD
    value = error.get("input")
    shown = _shown(value) if not isinstance(value, dict | list) else None
    return RowError(number, field, str(error["msg"]), shown)


def _shown(value: Any) -> str | None:
    return None if value is None else str(value)[:200]


def _check_duplicate(parsed: ParsedRow, course_id: str, first_seen: dict[str, int]) -> None:
    if course_id in first_seen:
        reason = f"duplicate id, first seen in record {first_seen[course_id]}"
        parsed.errors.append(RowError(parsed.row, "id", reason, course_id))
    else:
        first_seen[course_id] = parsed.row
