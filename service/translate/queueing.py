"""Turns course changes into translation jobs, inside the ingest transaction (a Catalog listener).

For each new or changed course: the records of fields whose German text changed become outdated
(human ones go to review), and one job per target language with something to do is queued. A course
whose translatable text did not change queues nothing for machine-translated languages; glossary-only
languages are queued on any change, because their text comes from the course type, level and
schedule rather than from the running text, and they cost no model call. Retired courses' waiting
jobs are cancelled. Nothing here translates: ingest never calls the translator.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Mapping, Sequence

from service.courses import Course
from service.translate import jobs
from service.translate.languages import Language
from service.translate.records import RecordKey, TranslationRecord, TranslationRecords, source_fields

log = logging.getLogger(__name__)


class TranslationQueue:
    def __init__(self, records: TranslationRecords, targets: Sequence[Language]) -> None:
        self.records = records
        self.targets = list(targets)

    def __call__(self, conn: sqlite3.Connection, changed: Sequence[Course], retired: Sequence[str]) -> None:
        """The :data:`service.catalog.ChangeListener`."""
        existing = self.records.for_courses([course.id for course in changed], conn)
        pairs: list[tuple[str, str]] = []
        for course in changed:
            pairs += [(course.id, lang) for lang in sorted(self._languages_to_do(conn, course, existing[course.id]))]
        queued = jobs.enqueue(conn, pairs)
        jobs.cancel_courses(conn, retired)
        if pairs or retired:
            log.info("translation: %d jobs queued for %d changed courses; %d retired courses' jobs cancelled",
                     queued, len(changed), len(retired))

    def requeue(self, conn: sqlite3.Connection, course_ids: Sequence[str], langs: Sequence[str] | None = None) -> int:
        """Translate these courses again (e.g. after an approved glossary term changed): the memory
        keeps unchanged segments free, the term policy puts the new terms in."""
        codes = list(langs) if langs is not None else [lang.code for lang in self.targets]
        return jobs.enqueue(conn, [(course_id, lang) for course_id in course_ids for lang in codes])

    def _languages_to_do(self, conn: sqlite3.Connection, course: Course,
                         records: Mapping[RecordKey, TranslationRecord]) -> set[str]:
        stale = self.records.mark_changed(conn, course, records)
        fields = source_fields(course)
        todo: set[str] = set()
        for lang in self.targets:
            missing = any((name, lang.code) not in records for name in fields)
            if lang.glossary_only or lang.code in stale or missing:
                todo.add(lang.code)
        return todo
