from __future__ import annotations

from pathlib import Path

import pytest

from service.glossary.expansion import GlossaryExpander, LiveExpander
from service.glossary.model import Glossary
from service.glossary.seed import load_seed
from tests.glossary_helpers import glossary_store


@pytest.fixture(scope="module")
def expander() -> GlossaryExpander:
    return GlossaryExpander(Glossary(load_seed()))


def _alternatives(expander: GlossaryExpander, q: str, lang: str | None) -> dict[str, tuple[str, ...]]:
    return {e.word: e.alternatives for e in expander.expand(q, lang)}


def test_a_colloquial_or_transliterated_word_expands_to_the_concepts_terms(expander: GlossaryExpander) -> None:
    for q, lang in (("اینتگراسیون", "fa"), ("шпрахкурс", "uk"), ("інтеграційний курс", "uk")):
        found = _alternatives(expander, q, lang)
        assert found, q
        assert any("Integrationskurs" in alts or "Deutschkurs" in alts for alts in found.values()), (q, found)


def test_a_multi_word_term_expands_each_of_its_words(expander: GlossaryExpander) -> None:
    found = _alternatives(expander, "курс інтеграції вечором", "uk")
    assert len(found) == 3
    assert all("Integrationskurs" in found[w] for w in list(found)[:2])
    assert "abends" in found[list(found)[2]]


def test_words_many_concepts_share_are_never_offered(expander: GlossaryExpander) -> None:
    alternatives = {a for alts in _alternatives(expander, "integration course", "en").values() for a in alts}
    assert alternatives and not alternatives & {"course", "Kurs", "курс", "دورة", "level"}


def test_unknown_words_do_not_expand(expander: GlossaryExpander) -> None:
    assert expander.expand("Photoshop Grundlagen", "de") == ()


def test_languages_of_a_word(expander: GlossaryExpander) -> None:
    assert "uk" in expander.languages("вечором")
    assert "prs" in expander.languages("کورس زبان آلمانی")
    assert {"uk", "ru", "bg"} <= expander.languages("курс")
    assert expander.languages("zzzz") == set()


def test_the_live_expander_follows_glossary_changes(tmp_path: Path) -> None:
    _, parts = glossary_store(tmp_path, languages=["uk"])
    live = LiveExpander(parts.repository.snapshot)
    assert "uk" not in live.languages("інтеграшка")
    parts.service.put_entry("integration_course", "uk", preferred="курс інтеграції", variants=["інтеграшка"],
                            who="test")
    assert "uk" in live.languages("інтеграшка")
    assert live.expand("інтеграшка", "uk")


def test_each_alternative_carries_the_languages_it_is_a_term_in(expander: GlossaryExpander) -> None:
    [expansion, *_] = expander.expand("шпрахкурс", "uk")
    languages = dict(zip(expansion.alternatives, expansion.languages, strict=True))
    assert all(languages.values()) and any("de" in langs for langs in languages.values())
    wanted = expansion.in_languages(["de", "uk"])
    assert wanted and len(wanted) < len(expansion.alternatives)  # third languages' terms left out
    assert all(lang == ("de" if "de" in languages[a] else "uk") for a, lang in wanted)
