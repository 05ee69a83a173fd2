from __future__ import annotations

import pytest

from service.errors import InvalidInput
from service.glossary.model import ConceptKind, Glossary, GlossaryConcept, Status, TermEntry, clean_terms, validate_key


def test_an_entry_is_cleaned_and_never_repeats_its_preferred_term() -> None:
    entry = TermEntry.create("UK", "  курс   інтеграції ", ["Курс інтеграції", "інтеграційний курс", " "], [])
    assert entry.lang == "uk"
    assert entry.preferred == "курс інтеграції"
    assert entry.variants == ("інтеграційний курс",)
    assert entry.status is Status.DRAFT and not entry.approved
    assert entry.terms == ("курс інтеграції", "інтеграційний курс")


@pytest.mark.parametrize(("preferred", "variants", "forbidden", "message"), [
    ("", [], [], "empty"),
    ("integration course", [], ["Integration course"], "allowed and forbidden"),
    ("integration course", ["merger course"], ["merger course"], "allowed and forbidden"),
    ("a|b", [], [], "'|'"),
    ("x" * 201, [], [], "longer than"),
])
def test_invalid_entries_say_what_is_wrong(preferred: str, variants: list[str], forbidden: list[str],
                                           message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        TermEntry.create("en", preferred, variants, forbidden)


def test_status_must_be_known() -> None:
    assert TermEntry.create("en", "a", status="approved").approved
    with pytest.raises(InvalidInput, match="draft or approved"):
        TermEntry.create("en", "a", status="final")


def test_keys_are_plain_ascii() -> None:
    assert validate_key(" level_a1 ") == "level_a1"
    for bad in ("", "integration course", "kurs/1", "ключ"):
        with pytest.raises(InvalidInput):
            validate_key(bad)


def test_clean_terms_keeps_order_and_drops_duplicates_by_case() -> None:
    assert clean_terms(["B", "a", "b", "A "], exclude=["c"]) == ("B", "a")


def test_a_concept_knows_its_course_type_and_label() -> None:
    german = TermEntry.create("de", "Integrationskurs")
    typed = GlossaryConcept("integration_general", ConceptKind.COURSE_TYPE, {"de": german})
    family = GlossaryConcept("integration_course", ConceptKind.COURSE_FAMILY, {})
    assert typed.course_type == "integration_general" and typed.label == "Integrationskurs"
    assert family.course_type is None and family.label == "integration_course"
    glossary = Glossary([typed, family], version="v1")
    assert len(glossary) == 2 and glossary.get("integration_course") is family
    assert glossary.languages() == {"de"}
    assert typed.as_dict()["terms"]["de"]["preferred"] == "Integrationskurs"
