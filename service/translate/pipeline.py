"""The translation stage, assembled: what ``build_runtime`` wires into the catalog, indexer and search.

:class:`Translation` owns the memory, the tracked records and the queue, and hands out the pieces
other stages plug in: ``queue`` (the catalog's change listener), ``documents`` (the indexer's
document builder), ``localizer`` (the search service's localizer), and :meth:`worker`. The
translator is built on first use, so a CLI command or an API call that never translates never
loads a model.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from service.config import Settings
from service.courses import Course
from service.errors import InvalidInput, NotFound
from service.i18n import N_
from service.store import Store
from service.translate import jobs
from service.translate.base import Pair, Translator
from service.translate.display import LocalizedField, TranslatedDocuments, TranslationLocalizer
from service.translate.languages import Language, language, languages
from service.translate.memory import TranslationMemory
from service.translate.queueing import TranslationQueue
from service.translate.records import TranslationRecord, TranslationRecords
from service.translate.status import JobsSummary, LanguageStatus, jobs_summary, language_status
from service.translate.terms import NoTerms, TermPolicy
from service.translate.worker import JOBS_PER_BATCH, TranslationWorker

log = logging.getLogger(__name__)


class LazyTranslator:
    """Builds the real translator on first use; notices models installed by another process
    (the packages folder changed) and re-reads them."""

    def __init__(self, build: Callable[[], Any], watch: Path | None = None) -> None:
        self._build = build
        self._watch = watch
        self._stamp: float | None = None
        self._translator: Any = None

    @property
    def translator(self) -> Any:
        if self._translator is None:
            self._translator = self._build()
            self._stamp = self._mtime()
        elif self._watch is not None and self._mtime() != self._stamp:
            self._stamp = self._mtime()
            refresh = getattr(self._translator, "refresh", None)
            if callable(refresh):
                log.info("translation models changed in %s; re-reading them", self._watch)
                refresh()
        return self._translator

    def _mtime(self) -> float | None:
        try:
            return self._watch.stat().st_mtime if self._watch is not None else None
        except FileNotFoundError:
            return None

    def translate_batch(self, segments: Any, source: str, target: str) -> list[str]:
        return list(self.translator.translate_batch(segments, source, target))

    def available_pairs(self) -> set[Pair]:
        return set(self.translator.available_pairs())

    def can_translate(self, source: str, target: str) -> bool:
        return bool(self.translator.can_translate(source, target))

    def model_version(self, source: str, target: str) -> str:
        return str(self.translator.model_version(source, target))


def argos_translator(settings: Settings) -> LazyTranslator:
    def build() -> Any:
        from service.translate.argos import ArgosTranslator

        return ArgosTranslator(settings.models_dir, batch_size=settings.translate_batch_size)

    return LazyTranslator(build, watch=settings.models_dir)


class Translation:
    def __init__(self, store: Store, target_languages: list[str], translator: Translator,
                 terms: TermPolicy | None = None) -> None:
        self.store = store
        self.targets: list[Language] = languages(target_languages)
        self.translator = translator
        self.memory = TranslationMemory(store)
        self.records = TranslationRecords(store)
        jobs.install(store)
        self.queue = TranslationQueue(self.records, self.targets)
        self.localizer = TranslationLocalizer(self.records, self.targets)
        self.documents = TranslatedDocuments(self.records, NoTerms(), self.targets)
        self.terms: TermPolicy = NoTerms()
        self.use_terms(terms or NoTerms())

    def use_terms(self, terms: TermPolicy) -> None:
        """Plug in the glossary's term policy (workers made afterwards and the index use it)."""
        self.terms = terms
        self.documents.terms = terms

    def worker(self, *, jobs_per_batch: int = JOBS_PER_BATCH, lease_s: float = jobs.LEASE_S) -> TranslationWorker:
        return TranslationWorker(self.store, self.translator, self.terms, self.targets, memory=self.memory,
                                 records=self.records, jobs_per_batch=jobs_per_batch, lease_s=lease_s)

    # Status -------------------------------------------------------------------------------------
    def languages(self) -> list[LanguageStatus]:
        return language_status(self.records, self.translator, self.targets)

    def jobs(self) -> JobsSummary:
        return jobs_summary(self.store, self.translator, self.targets)

    # Review and display -------------------------------------------------------------------------
    def target(self, code: str) -> Language:
        lang = language(code)
        if lang.code not in {target.code for target in self.targets}:
            raise InvalidInput(template=N_("%(code)s is not a target language here; configured: %(targets)s"),
                               params={"code": repr(code), "targets": ", ".join(t.code for t in self.targets)})
        return lang

    def course_translations(self, course_id: str) -> tuple[Course, list[TranslationRecord]]:
        course = self._course(course_id)
        records = self.records.for_courses([course_id])[course_id]
        return course, sorted(records.values(), key=lambda r: (r.lang, r.field))

    def correct(self, course_id: str, field_name: str, lang: str, text: str) -> TranslationRecord:
        return self.records.correct(self._course(course_id), field_name, self.target(lang).code, text)

    def decide(self, course_id: str, field_name: str, lang: str, keep: str) -> TranslationRecord:
        return self.records.decide(self._course(course_id), field_name, self.target(lang).code, keep)

    def localized(self, course_id: str, lang: str) -> tuple[Course, list[LocalizedField]]:
        course = self._course(course_id)
        return course, self.localizer.course(course, language(lang).code)

    def _course(self, course_id: str) -> Course:
        stored = self.store.get_course(course_id)
        if stored is None:
            raise NotFound(template=N_("no active course with id %(id)s"), params={"id": repr(course_id)})
        return stored.course


def build_translation(settings: Settings, store: Store, *, translator: Translator | None = None,
                      terms: TermPolicy | None = None) -> Translation:
    return Translation(store, settings.target_languages, translator or argos_translator(settings), terms)
