from __future__ import annotations

import pytest

from service.errors import InvalidInput
from service.glossary.csvfile import export_csv, parse_csv
from service.glossary.model import ConceptKind, GlossaryConcept, TermEntry

CONCEPTS = [GlossaryConcept("evening", ConceptKind.SCHEDULE, {
    "de": TermEntry.create("de", "Abend", ["abends", "Abendkurs"]),
    "uk": TermEntry.create("uk", "ввечері", ["вечором"], ["вечеря"], 'a "note", with commas', "approved"),
}, "after 17:00")]


def test_round_trip() -> None:
    data = export_csv(CONCEPTS)
    assert data.splitlines()[0] == b"concept,kind,concept_note,lang,status,preferred,variants,forbidden,note"
    assert parse_csv(data) == CONCEPTS
    assert parse_csv(b"\xef\xbb\xbf" + data) == CONCEPTS  # Excel's byte-order mark


@pytest.mark.parametrize(("data", "message"), [
    (b"\xff\xfe", "not UTF-8"),
    (b"key,lang\n", "lacks the column"),
    (b"concept,lang,preferred\n", "no rows"),
    (b"concept,lang,preferred,status\nevening,uk,x,final\n", "line 2"),
    (b"concept,lang,preferred\nevening,uk,x\nevening,uk,y\n", "problem"),
    (b"concept,kind,lang,preferred\nevening,schedule,uk,x\nevening,feature,de,y\n", "problem"),
])
def test_malformed_files_are_rejected_with_the_line(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_csv(data)
    assert message in caught.value.message or any(message in d for d in caught.value.details or [])
