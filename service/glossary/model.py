"""The glossary's domain model: concepts, their terms per language, and the audit trail.

A :class:`GlossaryConcept` is one idea (the *integration course*, *childcare*, *evening*) identified
by a stable ``key`` (for course types the :class:`~service.courses.CourseType` value). Per language
it holds one :class:`TermEntry`: the preferred term, accepted variants (synonyms, colloquial forms,
transliterations, plurals), forbidden translations, a note for translators and a review status.
German (``de``) is a language like any other here; it is the source side for machine translation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from service.courses import CourseType
from service.errors import InvalidInput
from service.i18n import N_

SOURCE_LANGUAGE = "de"
MAX_TERM_CHARS = 200
MAX_NOTE_CHARS = 2000
COURSE_TYPE_KEYS = frozenset(t.value for t in CourseType)


class Status(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"


class ConceptKind(StrEnum):
    COURSE_TYPE = "course_type"  # one CourseType value
    COURSE_FAMILY = "course_family"  # "integration course", "language course": several course types
    LEVEL = "level"
    TEST = "test"
    SCHEDULE = "schedule"
    FEATURE = "feature"  # childcare, barrier-free, online, free seats
    INSTITUTION = "institution"  # Volkshochschule, Jobcenter, Ausländerbehörde
    GENERAL = "general"


def clean_term(value: str) -> str:
    """One term as stored: inner whitespace collapsed, trimmed, length-checked."""
    term = " ".join(str(value).split())
    if not term:
        raise InvalidInput(template=N_("a term must not be empty"))
    if "|" in term:  # the CSV format separates variants with it
        raise InvalidInput(template=N_("a term must not contain '|': %(term)s"), params={"term": term[:40]})
    if len(term) > MAX_TERM_CHARS:
        raise InvalidInput(template=N_("a term is longer than %(n)s characters: %(term)s…"),
                           params={"n": MAX_TERM_CHARS, "term": term[:40]})
    return term


def clean_terms(values: Iterable[str], *, exclude: Iterable[str] = ()) -> tuple[str, ...]:
    """Distinct cleaned terms in their given order, without blanks and without ``exclude``."""
    skip = {term.casefold() for term in exclude}
    seen: dict[str, str] = {}
    for value in values:
        if not str(value).strip():
            continue
        term = clean_term(value)
        if term.casefold() not in skip:
            seen.setdefault(term.casefold(), term)
    return tuple(seen.values())


@dataclass(frozen=True, slots=True)
class TermEntry:
    """A concept's terms in one language."""

    lang: str
    preferred: str
    variants: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    note: str = ""
    status: Status = Status.DRAFT

    @classmethod
    def create(cls, lang: str, preferred: str, variants: Iterable[str] = (), forbidden: Iterable[str] = (),
               note: str = "", status: Status | str = Status.DRAFT) -> TermEntry:
        """A validated entry: variants never repeat the preferred term; nothing is allowed and forbidden."""
        lang = lang.strip().lower()
        if not lang or len(lang) > 12:
            raise InvalidInput(template=N_("invalid language code %(lang)s"), params={"lang": repr(lang)})
        best = clean_term(preferred)
        kept = clean_terms(variants, exclude=[best])
        banned = clean_terms(forbidden)
        clash = {t.casefold() for t in (best, *kept)} & {t.casefold() for t in banned}
        if clash:
            raise InvalidInput(template=N_("%(lang)s: a term cannot be allowed and forbidden: %(terms)s"),
                               params={"lang": lang, "terms": ", ".join(sorted(clash))})
        if len(note) > MAX_NOTE_CHARS:
            raise InvalidInput(template=N_("a note is longer than %(n)s characters"), params={"n": MAX_NOTE_CHARS})
        try:
            state = Status(status)
        except ValueError as exc:
            raise InvalidInput(template=N_("status must be draft or approved, not %(status)s"),
                               params={"status": repr(status)}) from exc
        return cls(lang, best, kept, banned, note.strip(), state)

    @property
    def terms(self) -> tuple[str, ...]:
        """Every allowed form: the preferred term first."""
        return (self.preferred, *self.variants)

    @property
    def approved(self) -> bool:
        return self.status is Status.APPROVED

    def as_dict(self) -> dict[str, object]:
        return {"lang": self.lang, "preferred": self.preferred, "variants": list(self.variants),
                "forbidden": list(self.forbidden), "note": self.note, "status": str(self.status)}

    def with_status(self, status: Status) -> TermEntry:
        return replace(self, status=status)


@dataclass(frozen=True, slots=True)
class GlossaryConcept:
    key: str
    kind: ConceptKind
    terms: Mapping[str, TermEntry] = field(default_factory=dict)
    note: str = ""  # about the concept as a whole (what it means, where it applies)

    @property
    def course_type(self) -> str | None:
        return self.key if self.key in COURSE_TYPE_KEYS else None

    @property
    def german(self) -> TermEntry | None:
        return self.terms.get(SOURCE_LANGUAGE)

    @property
    def label(self) -> str:
        german = self.german
        return german.preferred if german else self.key

    def entry(self, lang: str) -> TermEntry | None:
        return self.terms.get(lang)

    def as_dict(self) -> dict[str, object]:
        return {"key": self.key, "kind": str(self.kind), "note": self.note, "course_type": self.course_type,
                "terms": {lang: entry.as_dict() for lang, entry in sorted(self.terms.items())}}


def validate_key(key: str) -> str:
    key = key.strip()
    if not key or len(key) > 80 or not all(c.isalnum() or c in "_-." for c in key) or not key.isascii():
        raise InvalidInput(template=N_("a concept key is 1-80 ASCII letters, digits, '_', '-' or '.': %(key)s"),
                           params={"key": repr(key)})
    return key


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One change: who (a role and key fingerprint, or a name), when, and the entry before and after."""

    id: int
    at: str
    who: str
    action: str  # create | update | approve | delete | import | seed
    concept_key: str
    lang: str | None
    old: dict[str, object] | None
    new: dict[str, object] | None

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "at": self.at, "who": self.who, "action": self.action,
                "concept_key": self.concept_key, "lang": self.lang, "old": self.old, "new": self.new}


class Glossary:
    """An immutable snapshot of every concept, with the look-ups the other stages need."""

    def __init__(self, concepts: Iterable[GlossaryConcept], version: str = "0") -> None:
        self.concepts: dict[str, GlossaryConcept] = {c.key: c for c in concepts}
        self.version = version

    def __iter__(self) -> Iterator[GlossaryConcept]:
        return iter(self.concepts.values())

    def __len__(self) -> int:
        return len(self.concepts)

    def get(self, key: str) -> GlossaryConcept | None:
        return self.concepts.get(key)

    def languages(self) -> set[str]:
        return {lang for concept in self for lang in concept.terms}
