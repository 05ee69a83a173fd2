"""The glossary as CSV: one row per concept and language, for spreadsheets.

Columns: ``concept, kind, concept_note, lang, status, preferred, variants, forbidden, note``;
several variants or forbidden terms are separated by ``|`` (which no term may contain). UTF-8,
with or without a byte-order mark (Excel writes one).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from service.errors import InvalidInput
from service.glossary.model import ConceptKind, GlossaryConcept, TermEntry, validate_key
from service.i18n import N_

COLUMNS = ("concept", "kind", "concept_note", "lang", "status", "preferred", "variants", "forbidden", "note")
REQUIRED = ("concept", "lang", "preferred")
MAX_ERRORS = 50


def export_csv(concepts: Sequence[GlossaryConcept]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for concept in sorted(concepts, key=lambda c: c.key):
        for lang, entry in sorted(concept.terms.items()):
            writer.writerow([concept.key, str(concept.kind), concept.note, lang, str(entry.status), entry.preferred,
                             "|".join(entry.variants), "|".join(entry.forbidden), entry.note])
    return buffer.getvalue().encode("utf-8")


def parse_csv(data: bytes) -> list[GlossaryConcept]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(template=N_("the CSV file is not UTF-8 (byte %(byte)s); save it as UTF-8"),
                           params={"byte": exc.start}) from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInput(template=N_("the CSV header lacks the column(s) %(missing)s; expected %(expected)s"),
                           params={"missing": ", ".join(missing), "expected": ", ".join(COLUMNS)})
    errors: list[str] = []
    kinds: dict[str, tuple[ConceptKind, str]] = {}
    terms: dict[str, dict[str, TermEntry]] = {}
    for row_number, row in enumerate(reader, start=2):
        try:
            key, kind, note, entry = _row(row)
        except (InvalidInput, ValueError) as exc:
            errors.append(f"line {row_number}: {getattr(exc, 'message', exc)}")
            if len(errors) >= MAX_ERRORS:
                break
            continue
        if key in kinds and kinds[key] != (kind, note):
            errors.append(f"line {row_number}: {key}: kind or concept note differs from an earlier line")
        kinds.setdefault(key, (kind, note))
        if entry.lang in terms.setdefault(key, {}):
            errors.append(f"line {row_number}: {key}/{entry.lang} appears twice")
        terms[key][entry.lang] = entry
    if errors:
        raise InvalidInput(template=N_("the CSV file has %(n)s problem(s); nothing was imported"),
                           params={"n": len(errors)}, details=errors)
    if not terms:
        raise InvalidInput(template=N_("the CSV file holds no rows"))
    return [GlossaryConcept(key, kinds[key][0], entries, kinds[key][1]) for key, entries in terms.items()]


def _row(row: dict[str, str | None]) -> tuple[str, ConceptKind, str, TermEntry]:
    def cell(name: str) -> str:
        return (row.get(name) or "").strip()

    key = validate_key(cell("concept"))
    try:
        kind = ConceptKind(cell("kind") or ConceptKind.GENERAL.value)
    except ValueError as exc:
        raise InvalidInput(f"unknown kind {cell('kind')!r}") from exc
    entry = TermEntry.create(cell("lang"), cell("preferred"), _split(cell("variants")), _split(cell("forbidden")),
                             cell("note"), cell("status") or "draft")
    return key, kind, cell("concept_note"), entry


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]
