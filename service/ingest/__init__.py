"""Ingest: course files in, :class:`~service.ingest.base.ParseResult` out.

One module per source format, each a pure function from bytes to courses plus row errors:

- ``navi_csv``        BAMF-NAvI-style CSV as offices export it (docs/INGEST_FORMATS.md)
- ``vhs_berlin``      the Berlin adult-education open-data JSON feed
- ``kursfinder_json`` Kursfinder's own course schema (array, {"courses": [...]} or NDJSON)

:func:`parse_file` is the one entry point the CLI and API use; it recognises the format from the
content when the caller does not name it. A file that cannot be read at all raises
:class:`~service.errors.IngestFileError` with a message saying what to fix; a file with some bad
rows returns the good courses and one RowError per problem. Ingest never touches the store.
"""

from __future__ import annotations

import re

from service.errors import IngestFileError, InvalidInput, Msg
from service.i18n import N_
from service.ingest.base import ParsedRow, ParseResult, RowError, SourceFormat
from service.ingest.kursfinder_json import parse_kursfinder_json
from service.ingest.navi_csv import header_key, parse_navi_csv
from service.ingest.textfile import reject_binary
from service.ingest.vhs_berlin import SOURCE as VHS_BERLIN_SOURCE
from service.ingest.vhs_berlin import parse_vhs_berlin

__all__ = [
    "ACCEPTED_FORMATS",
    "ParseResult",
    "ParsedRow",
    "RowError",
    "SourceFormat",
    "detect_format",
    "parse_file",
]

ACCEPTED_FORMATS = Msg(N_(
    "NAvI CSV (semicolon-separated, with a Kurs-ID column; see docs/INGEST_FORMATS.md), "
    'the Berlin VHS JSON feed ({"veranstaltungen": ...}), or Kursfinder JSON '
    '(an array of courses, {"courses": [...]} or one course per line)'
))
_SNIFF_BYTES = 8192
_VHS_KEY = re.compile(r'"veranstaltungen"\s*:')
_FILENAME_FORMATS = {
    ".csv": SourceFormat.NAVI_CSV,
    ".ndjson": SourceFormat.KURSFINDER_JSON,
    ".jsonl": SourceFormat.KURSFINDER_JSON,
}


def detect_format(data: bytes, filename: str | None = None) -> SourceFormat:
    """Which format ``data`` is, from its content; the file name only breaks a tie."""
    reject_binary(data, Msg(N_("a course list as NAvI CSV or JSON (see docs/INGEST_FORMATS.md)")))
    head = data[:_SNIFF_BYTES].decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        return SourceFormat.VHS_BERLIN if _VHS_KEY.search(head) else SourceFormat.KURSFINDER_JSON
    if head.startswith("["):
        return SourceFormat.KURSFINDER_JSON
    if _has_navi_header(head):
        return SourceFormat.NAVI_CSV
    suffix = re.search(r"\.[a-z]+$", (filename or "").lower())
    by_name = _FILENAME_FORMATS.get(suffix.group(0)) if suffix else None
    if by_name is not None:
        return by_name  # its parser will say precisely what is wrong with the content
    raise IngestFileError(template=N_("Unknown kind of file. Kursfinder reads %(formats)s."),
                          params={"formats": ACCEPTED_FORMATS})


def _has_navi_header(head: str) -> bool:
    lines = [line for line in head.splitlines() if line.strip()][:2]
    if lines and lines[0].strip().lower().startswith("sep="):
        lines = lines[1:]
    cells = re.split(r"[;,\t]", lines[0]) if lines else []
    return any(header_key(cell.strip('"')) == "kursid" for cell in cells)


def parse_file(
    data: bytes,
    *,
    format: SourceFormat | None = None,
    filename: str | None = None,
    source: str | None = None,
) -> ParseResult:
    """Parse one uploaded file.

    ``source`` names whose courses these are. NAvI CSV rows do not say, so it defaults to
    ``"navi"`` there; the VHS feed is always ``"vhs-berlin"``; Kursfinder JSON records name
    their own source, and with ``source`` given any record of another source is rejected.
    """
    chosen = format or detect_format(data, filename)
    if chosen is SourceFormat.NAVI_CSV:
        return parse_navi_csv(data, source or "navi")
    if chosen is SourceFormat.VHS_BERLIN:
        if source not in (None, VHS_BERLIN_SOURCE):
            raise InvalidInput(template=N_("The Berlin VHS feed is always source '%(vhs)s', not '%(source)s'."),
                               params={"vhs": VHS_BERLIN_SOURCE, "source": source})
        return parse_vhs_berlin(data)
    return parse_kursfinder_json(data, source=source)
