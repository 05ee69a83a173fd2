from __future__ import annotations

from pathlib import Path

from service.errors import InvalidInput
from service.translate.base import FunctionTranslator
from service.translate.languages import language
from service.translate.status import model_of
from tests.conftest import make_course
from tests.translate_helpers import LabelTerms, counting_translator, courses_result, runtime_with


class BrokenModels(FunctionTranslator):
    def can_translate(self, source: str, target: str) -> bool:
        raise InvalidInput("a folder in the packages dir is not an Argos package")


def test_model_of_names_the_models_or_nothing() -> None:
    translator = counting_translator(pairs=[("de", "en"), ("en", "uk")])
    assert model_of(translator, language("uk")) == "de_en-test+en_uk-test"
    assert model_of(translator, language("ar")) is None
    assert model_of(translator, language("prs")) is None  # glossary-only: no model exists
    assert model_of(BrokenModels(str), language("en")) is None  # reported as not translatable, not a crash


def test_coverage_counts_current_fields_of_active_courses(tmp_path: Path) -> None:
    runtime = runtime_with(tmp_path, counting_translator(), languages=["en", "ar"])
    courses = [make_course("1", "Kurs", description="Text."), make_course("2", "Kurs zwei")]
    runtime.catalog.apply(courses_result(courses), full=True)
    runtime.translation.worker().run()
    runtime.catalog.apply(courses_result([make_course("1", "Kurs", description="Neu."), courses[1]]), full=True)
    status = {s.code: s for s in runtime.translation.languages()}
    assert status["en"].fields["total"] == 3 and status["en"].fields["outdated"] == 1
    assert status["en"].coverage == round(2 / 3, 4)
    runtime.catalog.apply(courses_result([courses[1]]), full=True)  # course 1 retired
    status = {s.code: s for s in runtime.translation.languages()}
    assert (status["ar"].fields["total"], status["ar"].fields["current"], status["ar"].coverage) == (1, 1, 1.0)
    runtime.close()


def test_glossary_only_languages_are_covered_by_their_glossary_texts(tmp_path: Path) -> None:
    runtime = runtime_with(tmp_path, counting_translator(), languages=["en", "prs"], terms=LabelTerms())
    runtime.catalog.apply(courses_result([make_course("1", "Kurs", level="A1", description="Text.")]), full=True)
    runtime.translation.worker().run()
    status = {s.code: s for s in runtime.translation.languages()}
    assert status["prs"].glossary_only and status["prs"].fields["glossary"] == 1
    assert status["prs"].coverage == 0.5 and status["en"].coverage == 1.0  # the title, not the running text
    runtime.close()
