from __future__ import annotations

from service.glossary import synonym_groups
from service.glossary.model import ConceptKind, Glossary, GlossaryConcept, TermEntry
from service.glossary.synonyms import meilisearch_synonyms, synonym_groups_of


def _glossary() -> Glossary:
    return Glossary([GlossaryConcept("integration_course", ConceptKind.COURSE_FAMILY, {
        "de": TermEntry.create("de", "Integrationskurs", ["Integrationskurse"]),
        "en": TermEntry.create("en", "integration course", [], ["merger course"]),
        "uk": TermEntry.create("uk", "курс інтеграції"),
    })])


def test_every_allowed_term_is_a_synonym_of_every_other() -> None:
    table = meilisearch_synonyms(_glossary())
    assert set(table["integrationskurs"]) == {"integrationskurse", "integration course", "курс інтеграції"}
    assert "merger course" not in table and all("merger course" not in v for v in table.values())


def test_groups_can_be_limited_to_languages() -> None:
    assert synonym_groups_of(_glossary(), ["en"]) == [["integrationskurs", "integrationskurse", "integration course"]]


def test_the_module_function_reads_the_shipped_seed() -> None:
    groups = synonym_groups(["uk"])
    assert any("інтеграційний курс" in group and "integrationskurs" in group for group in groups)
