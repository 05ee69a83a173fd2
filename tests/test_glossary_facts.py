from __future__ import annotations

from pathlib import Path

import pytest

from service.courses import CourseType, Mode, Schedule
from service.glossary.facts import glossary_only_fields
from service.glossary.model import ConceptKind, GlossaryConcept
from service.glossary.usage import ConceptFinder
from tests.conftest import make_course
from tests.glossary_helpers import glossary_store

COURSE = make_course("1", "Integrationskurs mit Kinderbetreuung", course_type=CourseType.INTEGRATION_GENERAL,
                     level="A1", schedule=[Schedule.EVENING], childcare=True, barrier_free=True,
                     mode=Mode.IN_PERSON, description="Abschluss mit dem DTZ.")


@pytest.mark.parametrize("lang", ["ps", "prs", "kmr", "ckb", "ti", "so"])
def test_key_facts_in_every_glossary_only_language(tmp_path: Path, lang: str) -> None:
    _, parts = glossary_store(tmp_path)
    glossary = parts.repository.snapshot()
    fields = glossary_only_fields(glossary, ConceptFinder(glossary).concepts(COURSE), COURSE, lang)

    def term(key: str) -> str:
        entry = glossary.concepts[key].entry(lang)
        assert entry is not None
        return entry.preferred

    assert fields["title"].startswith(term("integration_general"))
    assert term("level_a1") in fields["title"]
    for key in ("evening", "childcare", "barrier_free", "in_person"):
        assert term(key) in fields["subtitle"]
    assert term("test_dtz") in fields["subtitle"]  # the other concepts its text names
    assert "description" not in fields  # running text falls back to English, then German: never a term list
    assert "Integrationskurs" not in " ".join(fields.values())  # nothing German left in these fields


def test_an_unspecific_course_keeps_its_title_and_gets_only_facts(tmp_path: Path) -> None:
    _, parts = glossary_store(tmp_path)
    glossary = parts.repository.snapshot()
    course = make_course("2", "Yoga", course_type=CourseType.OTHER, schedule=[Schedule.MORNING])
    fields = glossary_only_fields(glossary, ConceptFinder(glossary).concepts(course), course, "so")
    assert "title" not in fields
    assert fields["subtitle"].startswith(glossary.concepts["morning"].terms["so"].preferred)


def test_missing_terms_leave_a_fact_out_rather_than_invent_one(tmp_path: Path) -> None:
    from service.glossary.model import Glossary

    glossary = Glossary([GlossaryConcept("integration_general", ConceptKind.COURSE_TYPE, {})])
    assert glossary_only_fields(glossary, ["integration_general", "evening"], COURSE, "ps") == {"title": "A1"}
