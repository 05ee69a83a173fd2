"""Import and export in TBX or CSV: validate the whole file first, then write it in one transaction."""

from __future__ import annotations

from enum import StrEnum

from service.errors import InvalidInput
from service.glossary.csvfile import export_csv, parse_csv
from service.glossary.loading import LoadReport, load_concepts
from service.glossary.model import GlossaryConcept
from service.glossary.service import GlossaryService
from service.glossary.tbx import export_tbx, parse_tbx
from service.i18n import N_

MAX_IMPORT_BYTES = 20 * 1024 * 1024


class ExchangeFormat(StrEnum):
    TBX = "tbx"
    CSV = "csv"


MEDIA_TYPES = {ExchangeFormat.TBX: "application/x-tbx+xml", ExchangeFormat.CSV: "text/csv; charset=utf-8"}


def detect_format(data: bytes, filename: str | None = None) -> ExchangeFormat:
    name = (filename or "").lower()
    if name.endswith((".tbx", ".xml")):
        return ExchangeFormat.TBX
    if name.endswith(".csv"):
        return ExchangeFormat.CSV
    return ExchangeFormat.TBX if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") else ExchangeFormat.CSV


def parse(data: bytes, fmt: ExchangeFormat) -> list[GlossaryConcept]:
    if len(data) > MAX_IMPORT_BYTES:
        raise InvalidInput(template=N_("the file is larger than %(mb)s MB"),
                           params={"mb": MAX_IMPORT_BYTES // 1_048_576})
    return parse_tbx(data) if fmt is ExchangeFormat.TBX else parse_csv(data)


def import_file(service: GlossaryService, data: bytes, *, fmt: ExchangeFormat | None = None,
                filename: str | None = None, who: str) -> LoadReport:
    """Replace the entries the file names (others stay); a malformed file changes nothing."""
    concepts = parse(data, fmt or detect_format(data, filename))
    return load_concepts(service, concepts, who=who, action="import", overwrite=True)


def export(service: GlossaryService, fmt: ExchangeFormat) -> bytes:
    concepts = list(service.glossary())
    return export_tbx(concepts) if fmt is ExchangeFormat.TBX else export_csv(concepts)
