"""Helpers shared by the translation tests (tests/test_translate_*.py): stand-in translators that
count what they are asked, the tiny real Argos packages, runtimes with a given translator."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from service.config import Settings
from service.courses import Course
from service.demo import generate_courses_csv
from service.ingest import parse_file
from service.ingest.base import ParseResult, SourceFormat
from service.runtime import Runtime, build_runtime
from service.translate.argos import ArgosTranslator
from service.translate.base import FunctionTranslator, Translator
from service.translate.terms import EnforcedText, NoTerms, ProtectedSegment, TermPolicy
from tests.conftest import ADMIN_KEY, TRANSLATOR_KEY, VHS_SAMPLE

ARGOS_FIXTURES = Path(__file__).parent / "fixtures" / "argos"
TODAY = date(2026, 11, 22)


def tagging(segment: str, source: str, target: str) -> str:
    """A readable stand-in translation: ``[en] Integrationskurs``."""
    return f"[{target}] {segment}"


def counting_translator(pairs: Sequence[tuple[str, str]] | None = None) -> FunctionTranslator:
    return FunctionTranslator(tagging, pairs=pairs)


def segments_sent(translator: FunctionTranslator) -> Counter[tuple[str, str]]:
    """How often each (segment, target) went to the model."""
    return Counter((segment, target) for segments, _, target in translator.calls for segment in segments)


def tiny_argos(packages_dir: Path, *names: str) -> ArgosTranslator:
    """The real tiny packages (all of them, or the named files) installed into ``packages_dir``."""
    translator = ArgosTranslator(packages_dir)
    if names:
        for name in names:
            translator.install_from_path(ARGOS_FIXTURES / name)
    else:
        translator.install_from_path(ARGOS_FIXTURES)
    return translator


def settings_for(tmp_path: Path, languages: Sequence[str], **extra: object) -> Settings:
    return Settings(data_dir=tmp_path / "data", admin_key=ADMIN_KEY, translator_keys=[TRANSLATOR_KEY],
                    target_languages=list(languages), **extra)


def runtime_with(tmp_path: Path, translator: Translator, languages: Sequence[str] = ("en", "ar", "prs"),
                 terms: TermPolicy | None = None, **extra: object) -> Runtime:
    """A runtime over a fresh store and embedded index; no glossary unless ``terms`` is given."""
    runtime = build_runtime(settings_for(tmp_path, languages, **extra), translator=translator)
    runtime.translation.use_terms(terms or NoTerms())
    return runtime


def demo_parse(n: int = 40, seed: int = 7) -> ParseResult:
    return parse_file(generate_courses_csv(n, seed=seed, today=TODAY).encode(), filename="demo.csv", source="demo")


def vhs_parse() -> ParseResult:
    return parse_file(VHS_SAMPLE.read_bytes(), filename=VHS_SAMPLE.name)


def courses_result(courses: Sequence[Course], source: str = "test") -> ParseResult:
    result = ParseResult(source=source, format=SourceFormat.KURSFINDER_JSON, courses=list(courses))
    result.rows_read = len(courses)
    return result


class LabelTerms:
    """A glossary stand-in: course-type labels, terms and a glossary-only title."""

    version = "t1"

    def protect(self, segment: str, source: str, target: str) -> ProtectedSegment:
        return ProtectedSegment(segment, segment)

    def restore(self, translated: str, protected: ProtectedSegment,
                renderings: Mapping[str, str] | None = None) -> EnforcedText:
        return EnforcedText(translated)

    def glossary_only(self, course: Course, target: str) -> dict[str, str]:
        return {"title": f"کورس ادغام · {course.level}"}

    def type_label(self, course_type: str, lang: str) -> str | None:
        return {"en": "Integration course", "prs": "کورس ادغام"}.get(lang)

    def course_terms(self, course: Course) -> dict[str, list[str]]:
        return {"en": ["integration course"], "ar": ["دورة الاندماج"]}
