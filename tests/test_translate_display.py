from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.courses import CourseType
from service.runtime import Runtime
from service.search.service import LocalizedText
from tests.conftest import make_course
from tests.translate_helpers import LabelTerms, counting_translator, courses_result, runtime_with

COURSE = make_course("1", "Integrationskurs", subtitle="Mit Kinderbetreuung", description="Kostenlos.",
                     course_type=CourseType.INTEGRATION_GENERAL, level="B1")


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Runtime]:
    runtime = runtime_with(tmp_path, counting_translator(), terms=LabelTerms())
    runtime.catalog.apply(courses_result([COURSE]), full=True)
    runtime.translation.worker().run()
    yield runtime
    runtime.close()


def shown(runtime: Runtime, field: str, lang: str) -> LocalizedText | None:
    return runtime.translation.localizer(COURSE, field, lang)


def test_fields_come_in_the_requested_language_with_their_origin(runtime: Runtime) -> None:
    assert shown(runtime, "title", "ar") == LocalizedText("[ar] Integrationskurs", "ar", "machine")
    assert shown(runtime, "title", "de") == LocalizedText("Integrationskurs", "de", "source")


def test_a_glossary_only_language_gets_its_glossary_title_and_english_running_text(runtime: Runtime) -> None:
    assert shown(runtime, "title", "prs") == LocalizedText("کورس ادغام · B1", "prs", "glossary")
    assert shown(runtime, "description", "prs") == LocalizedText("[en] Kostenlos.", "en", "machine")


def test_without_english_the_german_source_is_shown(runtime: Runtime) -> None:
    with runtime.store.transaction() as conn:
        conn.execute("DELETE FROM translations WHERE lang = 'en' AND field = 'description'")
    assert shown(runtime, "description", "prs") == LocalizedText("Kostenlos.", "de", "source")
    assert shown(runtime, "description", "uk") == LocalizedText("Kostenlos.", "de", "source")  # not configured


def test_a_field_whose_source_changed_falls_back_until_translated_again(runtime: Runtime) -> None:
    changed = make_course("1", "Integrationskurs", subtitle="Mit Kinderbetreuung", description="Jetzt neu.",
                          course_type=CourseType.INTEGRATION_GENERAL, level="B1")
    runtime.catalog.apply(courses_result([changed]), full=True)
    assert runtime.translation.localizer(changed, "description", "ar") == LocalizedText("Jetzt neu.", "de", "source")
    runtime.translation.worker().run()
    assert runtime.translation.localizer(changed, "description", "ar") == LocalizedText(
        "[ar] Jetzt neu.", "ar", "machine")


def test_in_review_the_fresh_machine_text_is_shown(runtime: Runtime) -> None:
    runtime.translation.correct(COURSE.id, "subtitle", "ar", "مع رعاية الأطفال")
    assert shown(runtime, "subtitle", "ar") == LocalizedText("مع رعاية الأطفال", "ar", "human")
    changed = COURSE.model_copy(update={"subtitle": "Ohne Kinderbetreuung"})
    runtime.catalog.apply(courses_result([changed]), full=True)
    runtime.translation.worker().run()
    assert runtime.translation.localizer(changed, "subtitle", "ar") == LocalizedText(
        "[ar] Ohne Kinderbetreuung", "ar", "machine")


def test_search_documents_hold_every_language_labels_and_terms(runtime: Runtime) -> None:
    [document] = runtime.translation.documents([COURSE])
    assert document.texts["en"].title == "[en] Integrationskurs"
    assert document.texts["en"].type_label == "Integration course"
    assert document.texts["ar"].description == "[ar] Kostenlos."
    assert document.texts["prs"].title == "کورس ادغام · B1" and document.texts["prs"].type_label == "کورس ادغام"
    assert document.terms == {"en": ["integration course"], "ar": ["دورة الاندماج"]}


def test_the_localized_course_says_where_each_field_comes_from(runtime: Runtime) -> None:
    course, fields = runtime.translation.localized(COURSE.id, "prs")
    assert course.id == COURSE.id
    view = {f.name: (f.shown.lang, f.shown.origin, f.rtl) for f in fields}
    assert view == {"title": ("prs", "glossary", True), "subtitle": ("en", "machine", False),
                    "description": ("en", "machine", False)}
