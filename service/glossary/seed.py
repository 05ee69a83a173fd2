"""The seed glossary shipped in ``data/glossary/seed.json``, loaded on first start and by
``kursfinder glossary seed``.

The file is written for people: per concept and language a list whose first term is the preferred
one, the rest accepted variants, and a leading ``!`` marks a forbidden translation. Every entry
loads as *draft*: no fluent speaker has reviewed the seed yet, translators approve it.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from service.errors import InvalidInput
from service.glossary.model import ConceptKind, GlossaryConcept, TermEntry, validate_key

log = logging.getLogger(__name__)

SEED_PATH = Path(__file__).resolve().parent.parent.parent / "data" / "glossary" / "seed.json"
SEED_FORMAT = "kursfinder-glossary-seed/1"


def parse_seed(data: dict[str, Any]) -> list[GlossaryConcept]:
    if data.get("format") != SEED_FORMAT:
        raise InvalidInput(f"not a Kursfinder seed glossary (format must be {SEED_FORMAT!r})")
    concepts = []
    for raw in data.get("concepts", []):
        key = validate_key(str(raw.get("key", "")))
        try:
            kind = ConceptKind(raw.get("kind", "general"))
        except ValueError as exc:
            raise InvalidInput(f"{key}: unknown kind {raw.get('kind')!r}") from exc
        notes = raw.get("notes", {})
        terms = {lang: _entry(lang, list(values), str(notes.get(lang, "")))
                 for lang, values in raw.get("terms", {}).items()}
        concepts.append(GlossaryConcept(key, kind, terms, str(raw.get("note", ""))))
    return concepts


def _entry(lang: str, values: list[str], note: str) -> TermEntry:
    allowed = [v for v in values if not v.startswith("!")]
    forbidden = [v[1:] for v in values if v.startswith("!")]
    if not allowed:
        raise InvalidInput(f"{lang}: a seed entry needs at least one allowed term")
    return TermEntry.create(lang, allowed[0], allowed[1:], forbidden, note)


def load_seed(path: Path = SEED_PATH) -> list[GlossaryConcept]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"cannot read the seed glossary {path}: {exc}") from exc
    return parse_seed(data)
