"""What readers and the search index get from the tracked translations.

- :class:`TranslatedDocuments` is the indexer's ``DocumentBuilder``: search documents with every
  language's shown text, the course-type label per language and the course's glossary terms,
  loaded in bulk for a batch of courses.
- :class:`TranslationLocalizer` is the search service's ``Localizer``: a field in the reader's
  language, else English, else the German source — saying which language and origin it shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from service.courses import Course
from service.search.documents import SearchDocument, build_document
from service.search.service import LocalizedText, source_text
from service.translate.languages import Language, fallback_chain
from service.translate.records import TranslationRecords, source_fields, source_hash
from service.translate.terms import TermPolicy

SHOWN_FIELDS = ("title", "subtitle", "description")


class TranslatedDocuments:
    def __init__(self, records: TranslationRecords, terms: TermPolicy, targets: Sequence[Language]) -> None:
        self.records = records
        self.terms = terms
        self.targets = list(targets)

    def __call__(self, courses: Sequence[Course]) -> list[SearchDocument]:
        texts = self.records.shown_texts([course.id for course in courses])
        documents = []
        for course in courses:
            labels = {lang.code: label for lang in self.targets
                      if (label := self.terms.type_label(str(course.course_type), lang.code))}
            documents.append(build_document(course, texts.get(course.id, {}), self.terms.course_terms(course),
                                            labels))
        return documents


@dataclass(frozen=True, slots=True)
class LocalizedField:
    name: str
    shown: LocalizedText
    rtl: bool


class TranslationLocalizer:
    """The requested language, then English, then German — per field.

    A translation counts only while it matches the course's present German text, so a field
    whose source just changed falls back until its new translation arrives.
    """

    def __init__(self, records: TranslationRecords, targets: Sequence[Language]) -> None:
        self.records = records
        self.rtl = {lang.code: lang.rtl for lang in targets}

    def __call__(self, course: Course, field_name: str, lang: str) -> LocalizedText | None:
        source = source_fields(course).get(field_name)
        if source is None:
            return source_text(course, field_name, lang)
        digest = source_hash(source)
        for candidate in fallback_chain(lang):
            if candidate == "de":
                break
            record = self.records.get(course.id, field_name, candidate)
            if record is None:
                continue
            shown = record.shown()
            if shown is not None and shown.source_hash == digest:
                return LocalizedText(shown.text, candidate, str(shown.origin))
        return LocalizedText(source, "de", "source")

    def course(self, course: Course, lang: str) -> list[LocalizedField]:
        """Every shown field of a course for a reader of ``lang`` (the course endpoint)."""
        fields = []
        for name in SHOWN_FIELDS:
            shown = self(course, name, lang)
            if shown is not None:
                fields.append(LocalizedField(name, shown, self.rtl.get(shown.lang, False)))
        return fields
