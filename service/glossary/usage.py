"""Which concepts a course uses: from its structured facts and from the terms in its German text.

The result is kept as the term -> courses index (``glossary_usage``) so that a term change
re-translates and re-indexes exactly the courses that use it. :class:`UsageListener` keeps it
current on ingest: it runs inside the catalog's write transaction.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Sequence
from weakref import WeakKeyDictionary

from service.courses import Course, CourseType, Mode
from service.glossary.matching import TermMatcher
from service.glossary.model import SOURCE_LANGUAGE, ConceptKind, Glossary
from service.glossary.repository import GlossaryRepository

INTEGRATION_TYPES = frozenset(t for t in CourseType if t.value.startswith("integration_"))
LANGUAGE_TYPES = INTEGRATION_TYPES | {CourseType.JOB_GERMAN, CourseType.GERMAN_COURSE, CourseType.LITERACY}
# "Other" says nothing a person searches for; its label is still the glossary's.
NOT_USED = frozenset({CourseType.OTHER.value})
TYPE_KINDS = frozenset({ConceptKind.COURSE_TYPE, ConceptKind.COURSE_FAMILY})


def structured_concepts(course: Course) -> list[str]:
    """Concept keys that follow from the course's fields, most specific first."""
    keys = [course.course_type.value]
    if course.course_type in INTEGRATION_TYPES:
        keys.append("integration_course")
    if course.course_type in LANGUAGE_TYPES:
        keys.append("language_course")
    if course.level:
        keys.append(f"level_{course.level.lower()}")
    keys += [schedule.value for schedule in course.schedule]
    if course.childcare:
        keys.append("childcare")
    if course.barrier_free:
        keys.append("barrier_free")
    if course.mode in (Mode.ONLINE, Mode.HYBRID):
        keys.append("online")
    if course.mode in (Mode.IN_PERSON, Mode.HYBRID):
        keys.append("in_person")
    if course.free_seats:
        keys.append("free_seats")
    return keys


def german_parts(course: Course) -> list[str]:
    parts = [course.title, course.subtitle, course.description, course.target_group, *course.keywords]
    return [part for part in parts if part]


def german_text(course: Course) -> str:
    return "\n".join(german_parts(course))


TEXT_CACHE_SIZE = 150_000


class ConceptFinder:
    """Computes a course's concepts against one glossary snapshot (the German matcher is built once).

    Matching is the costly part, and providers repeat titles, descriptions and boilerplate across
    hundreds of courses: each distinct text is matched once and remembered (a course's own facts are
    cheap to read again; hashing a whole course to remember it per course cost more than matching).
    """

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self.matcher = TermMatcher(glossary, SOURCE_LANGUAGE)
        self._texts: OrderedDict[str, tuple[str, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def concepts(self, course: Course) -> list[str]:
        found = dict.fromkeys(structured_concepts(course))
        for part in german_parts(course):
            found.update(dict.fromkeys(self._text_concepts(part)))
        return [key for key in found if key in self.glossary.concepts and key not in NOT_USED]

    def _text_concepts(self, text: str) -> tuple[str, ...]:
        """Concepts named in one field's text. Providers repeat descriptions and boilerplate across
        hundreds of courses, so each distinct text is matched once."""
        cached = self._texts.get(text)
        if cached is None:
            # The course type is the classifier's decision: "Intensivkurs" in a photo course's text
            # does not make it a BAMF intensive integration course.
            cached = tuple(dict.fromkeys(
                match.concept_key for match in self.matcher.find(text, compounds=True)
                if self.glossary.concepts[match.concept_key].kind not in TYPE_KINDS))
            with self._lock:
                self._texts[text] = cached
                while len(self._texts) > TEXT_CACHE_SIZE:
                    self._texts.popitem(last=False)
        return cached


_FINDERS: WeakKeyDictionary[Glossary, ConceptFinder] = WeakKeyDictionary()
_FINDERS_LOCK = threading.Lock()


def finder_for(glossary: Glossary) -> ConceptFinder:
    """The one finder of a glossary snapshot, shared by the usage index and the term policy."""
    with _FINDERS_LOCK:
        finder = _FINDERS.get(glossary)
        if finder is None:
            finder = _FINDERS[glossary] = ConceptFinder(glossary)
        return finder


class UsageListener:
    """A catalog :data:`~service.catalog.ChangeListener` that keeps ``glossary_usage`` current."""

    def __init__(self, repository: GlossaryRepository) -> None:
        self.repository = repository
        self._finder: ConceptFinder | None = None

    def finder(self) -> ConceptFinder:
        glossary = self.repository.snapshot()
        if self._finder is None or self._finder.glossary is not glossary:
            self._finder = finder_for(glossary)
        return self._finder

    def __call__(self, conn: sqlite3.Connection, changed: Sequence[Course], retired: Sequence[str]) -> None:
        finder = self.finder()
        self.repository.set_usage(conn, {course.id: finder.concepts(course) for course in changed})
        self.repository.drop_usage(conn, retired)


def rebuild_usage(repository: GlossaryRepository, *, batch: int = 2000) -> int:
    """Recompute the whole index from the store (after a seed or import added German terms)."""
    finder = finder_for(repository.snapshot())
    store = repository.store
    count = 0
    pending: dict[str, list[str]] = {}
    with store.transaction() as conn:
        conn.execute("DELETE FROM glossary_usage")
        for course in store.iter_courses():
            pending[course.id] = finder.concepts(course)
            count += 1
            if len(pending) >= batch:
                repository.set_usage(conn, pending)
                pending = {}
        repository.set_usage(conn, pending)
    return count
