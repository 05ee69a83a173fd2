from __future__ import annotations

import pytest

from service.glossary.matching import TermMatcher, split_words, term_keys
from service.glossary.model import ConceptKind, Glossary, GlossaryConcept, TermEntry


def _glossary() -> Glossary:
    def concept(key: str, **langs: tuple[str, ...]) -> GlossaryConcept:
        terms = {lang: TermEntry.create(lang, values[0], [v for v in values[1:] if not v.startswith("!")],
                                        [v[1:] for v in values if v.startswith("!")])
                 for lang, values in langs.items()}
        return GlossaryConcept(key, ConceptKind.GENERAL, terms)

    return Glossary([
        concept("integration_course", de=("Integrationskurs",), en=("integration course", "!merger course")),
        concept("integration_literacy", de=("Integrationskurs mit Alphabetisierung",)),
        concept("childcare", de=("Kinderbetreuung",), ar=("رعاية أطفال",)),
    ])


def test_inflected_forms_match_and_offsets_point_into_the_text() -> None:
    text = "Zwei Integrationskurse mit Kinderbetreuung."
    found = TermMatcher(_glossary(), "de").find(text)
    assert [(m.concept_key, text[m.start:m.end]) for m in found] == [
        ("integration_course", "Integrationskurse"), ("childcare", "Kinderbetreuung")]


def test_the_longest_term_wins() -> None:
    found = TermMatcher(_glossary(), "de").find("Integrationskurs mit Alphabetisierung am Abend")
    assert [m.concept_key for m in found] == ["integration_literacy"]


def test_compound_heads_count_for_concepts_only_when_asked() -> None:
    matcher = TermMatcher(_glossary(), "de")
    assert matcher.find("Abendintegrationskurs") == []
    assert matcher.concepts_in("Abendintegrationskurs in Berlin") == {"integration_course"}
    whole = matcher.find("Abendintegrationskurs", compounds=True)
    assert len(whole) == 1 and not whole[0].whole_words


def test_arabic_article_and_forms_fold_like_search() -> None:
    found = TermMatcher(_glossary(), "ar").find("دورة مع رعاية الأطفال")
    assert [m.concept_key for m in found] == ["childcare"]


def test_forbidden_terms_are_found_only_when_asked() -> None:
    text = "The merger course starts"
    assert TermMatcher(_glossary(), "en").find(text) == []
    found = TermMatcher(_glossary(), "en", roles=("forbidden",)).find(text)
    assert [(m.role, text[m.start:m.end]) for m in found] == [("forbidden", "merger course")]


@pytest.mark.parametrize(("text", "expected"), [("Sprach-Kurs", 1), ("رعاية  أطفال", 2), ("", 0)])
def test_words_keep_their_offsets(text: str, expected: int) -> None:
    words = split_words(text, "de")
    assert len(words) == expected
    assert all(text[w.start:w.end] == w.text for w in words)


def test_stop_words_are_not_part_of_a_terms_keys() -> None:
    assert term_keys("Integrationskurs mit Alphabetisierung", "de") == term_keys("Integrationskurs Alphabetisierung",
                                                                                  "de")
