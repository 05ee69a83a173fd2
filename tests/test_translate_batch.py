from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest

from service.courses import Course
from service.store import Store
from service.translate.base import FunctionTranslator
from service.translate.batch import BatchTarget, TranslationMismatch, translate_texts
from service.translate.memory import TranslationMemory
from service.translate.terms import EnforcedText, NoTerms, ProtectedSegment, ProtectedTerm
from tests.translate_helpers import counting_translator

TO_EN = BatchTarget("de", "en", "en", "test-1")


class OneTerm:
    """A glossary with one approved term: Integrationskurs -> "integration course"."""

    version = "v1"

    def protect(self, segment: str, source: str, target: str) -> ProtectedSegment:
        if "Integrationskurs" not in segment:
            return ProtectedSegment(segment, segment)
        term = ProtectedTerm("⟦1⟧", "Integrationskurs", "integration course")
        return ProtectedSegment(segment.replace("Integrationskurs", "⟦1⟧"), segment, (term,))

    def restore(self, translated: str, protected: ProtectedSegment,
                renderings: Mapping[str, str] | None = None) -> EnforcedText:
        text = translated
        problems = []
        for term in protected.terms:
            if term.placeholder not in text:
                problems.append(f"{term.source}: placeholder lost")
            text = text.replace(term.placeholder, term.target)
        return EnforcedText(text, not problems, problems)

    def glossary_only(self, course: Course, target: str) -> dict[str, str]:
        return {}

    def type_label(self, course_type: str, lang: str) -> str | None:
        return None

    def course_terms(self, course: Course) -> dict[str, list[str]]:
        return {}


@pytest.fixture
def memory(tmp_path: Path) -> TranslationMemory:
    return TranslationMemory(Store(tmp_path / "k.db"))


def test_distinct_segments_of_many_texts_go_to_the_model_once_in_one_call(memory: TranslationMemory) -> None:
    translator = counting_translator()
    texts = {
        "a": "Der Kurs ist kostenlos. Bitte bringen Sie Ihren Ausweis mit.",
        "b": "Bitte bringen Sie Ihren Ausweis mit.",
        "c": "Der Kurs  ist kostenlos.",  # the same sentence, other whitespace
    }
    outcome = translate_texts(texts, TO_EN, translator, memory, NoTerms())
    assert len(translator.calls) == 1
    assert sorted(translator.calls[0][0]) == ["Bitte bringen Sie Ihren Ausweis mit.", "Der Kurs ist kostenlos."]
    assert (outcome.segments, outcome.distinct, outcome.translated) == (4, 2, 2)
    assert outcome.texts["a"].text == "[en] Der Kurs ist kostenlos. [en] Bitte bringen Sie Ihren Ausweis mit."
    assert outcome.texts["c"].text == "[en] Der Kurs ist kostenlos."


def test_remembered_segments_are_not_translated_again(memory: TranslationMemory) -> None:
    translator = counting_translator()
    first = translate_texts({"a": "Satz eins. Satz zwei."}, TO_EN, translator, memory, NoTerms())
    with memory.store.transaction() as conn:
        memory.remember(conn, first.fresh, "de", "en", TO_EN.model_version)
    again = translate_texts({"a": "Satz eins. Satz drei."}, TO_EN, translator, memory, NoTerms())
    assert translator.calls[-1][0] == ["Satz drei."] and again.translated == 1
    unchanged = translate_texts({"b": "Satz zwei. Satz eins."}, TO_EN, translator, memory, NoTerms())
    assert unchanged.translated == 0 and len(translator.calls) == 2


def test_layout_is_kept_and_letterless_pieces_are_not_translated(memory: TranslationMemory) -> None:
    translator = counting_translator()
    text = "Inhalte:\r\n• Lesen\r\n• Schreiben\r\n\r\n01.02.2026 – 12,50 €"
    outcome = translate_texts({"d": text}, TO_EN, translator, memory, NoTerms())
    assert outcome.texts["d"].text == "[en] Inhalte:\r\n• [en] Lesen\r\n• [en] Schreiben\r\n\r\n01.02.2026 – 12,50 €"
    assert outcome.segments == 3


def test_the_model_sees_placeholders_and_the_memory_keeps_them(memory: TranslationMemory) -> None:
    translator = counting_translator()
    texts = {"a": "Der Integrationskurs beginnt.", "b": "Der Integrationskurs beginnt."}
    outcome = translate_texts(texts, TO_EN, translator, memory, OneTerm())
    assert translator.calls[0][0] == ["Der ⟦1⟧ beginnt."]
    assert outcome.fresh == {"Der ⟦1⟧ beginnt.": "[en] Der ⟦1⟧ beginnt."}
    assert outcome.texts["a"] == EnforcedText("[en] Der integration course beginnt.", True, [])


def test_enforcement_problems_are_reported_per_text(memory: TranslationMemory) -> None:
    translator = FunctionTranslator(lambda s, src, tgt: "the course begins.")  # drops the placeholder
    outcome = translate_texts({"a": "Der Integrationskurs beginnt. Er ist gut."}, TO_EN, translator, memory,
                              OneTerm())
    assert not outcome.texts["a"].ok
    assert outcome.texts["a"].problems == ["Integrationskurs: placeholder lost"]


def test_a_translator_that_returns_the_wrong_number_of_texts_is_an_error(memory: TranslationMemory) -> None:
    class Short(FunctionTranslator):
        def translate_batch(self, segments: object, source: str, target: str) -> list[str]:
            return []

    with pytest.raises(TranslationMismatch):
        translate_texts({"a": "Satz."}, TO_EN, Short(str), memory, NoTerms())
