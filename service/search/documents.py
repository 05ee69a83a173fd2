"""One search document per course: German source text, every language's translation, the course's
glossary terms in every language, and the facets people filter by.

Engines turn this into their own format (tantivy fields, Meilisearch JSON); what goes into a
document is decided here, once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from service.courses import COURSE_TYPE_LABELS_DE, Course
from service.search.analysis import QueryTerm, normalize, script_of, words
from service.search.transliteration import place_key

TEXT_FIELDS = ("title", "subtitle", "description", "type_label")


@dataclass(frozen=True, slots=True)
class LangText:
    """A course's text in one language. ``title`` and ``type_label`` rank above the body."""

    title: str = ""
    subtitle: str = ""
    description: str = ""
    type_label: str = ""
    keywords: str = ""

    @property
    def body(self) -> str:
        return "\n".join(part for part in (self.subtitle, self.description, self.keywords) if part)

    @property
    def heading(self) -> str:
        return "\n".join(part for part in (self.title, self.type_label) if part)


@dataclass(slots=True)
class SearchDocument:
    id: str
    source: str
    course_type: str
    level: str | None
    texts: dict[str, LangText]
    terms: Mapping[str, Sequence[str]] = field(default_factory=dict)
    postal_code: str | None = None
    city: str | None = None
    lat: float | None = None
    lon: float | None = None
    start: int | None = None  # YYYYMMDD, sortable
    end: int | None = None
    schedule: list[str] = field(default_factory=list)
    free_seats: int | None = None
    childcare: bool | None = None
    barrier_free: bool | None = None
    mode: str = "in_person"

    def all_terms(self) -> list[str]:
        return [term for terms in self.terms.values() for term in terms]


def date_number(day: date | None) -> int | None:
    return None if day is None else day.year * 10_000 + day.month * 100 + day.day


def place_token(key: str) -> str:
    """The index token of a course's city by its ``transliteration.place_key``."""
    return f"place_{key}"


@lru_cache(maxsize=20_000)
def place_tokens(city: str | None) -> tuple[str, ...]:
    """The course's city by how it sounds, for a city typed in Arabic or Cyrillic letters: one
    ``place_token`` per word of the city that has a key ("Frankfurt am Main" -> frnkfrt)."""
    if not city:
        return ()
    return tuple(dict.fromkeys(place_token(key) for word in words(city) if (key := place_key(normalize(word)))))


def typed_place(term: QueryTerm) -> str | None:
    """The ``place_token`` a query word in Arabic or Cyrillic letters would be as a city, if any."""
    if script_of(term.surface) not in ("arabic", "cyrillic"):
        return None
    key = place_key(term.surface)
    return place_token(key) if key else None


UNKNOWN_START = 99_991_231  # the index's start of a course without a date


def start_distance(start: int, today: int) -> tuple[int, int]:
    """The tie-break among equal matches, on ``date_number`` values: upcoming courses soonest first,
    then courses already running (latest start first), then those without a date."""
    if start == UNKNOWN_START:
        return (2, 0)
    return (0, start - today) if start >= today else (1, today - start)


def build_document(
    course: Course,
    translations: Mapping[str, Mapping[str, str]] | None = None,
    terms: Mapping[str, Sequence[str]] | None = None,
    type_labels: Mapping[str, str] | None = None,
) -> SearchDocument:
    """``translations``: lang -> field -> text (current translations only); ``type_labels``: lang -> label
    of the course type; ``terms``: lang -> glossary terms the course uses."""
    texts = {"de": LangText(
        title=course.title,
        subtitle=course.subtitle or "",
        description="\n".join(p for p in (course.description, course.target_group) if p),
        type_label=COURSE_TYPE_LABELS_DE[course.course_type] + (f" {course.level}" if course.level else ""),
        # the city too: people type "Integrationskurs Berlin" or "almanca kursu köln"
        keywords=" ".join([*course.keywords, *([course.city] if course.city else [])]),
    )}
    labels = type_labels or {}
    for lang, fields in (translations or {}).items():
        if lang == "de":
            continue
        texts[lang] = LangText(
            title=fields.get("title", ""),
            subtitle=fields.get("subtitle", ""),
            description=fields.get("description", ""),
            type_label=labels.get(lang, ""),
        )
    for lang, label in labels.items():
        if lang not in texts and lang != "de":
            texts[lang] = LangText(type_label=label)
    return SearchDocument(
        id=course.id,
        source=course.source,
        course_type=str(course.course_type),
        level=course.level,
        texts=texts,
        # shared, not copied: a course's terms run to hundreds of words, the same for many courses
        terms={lang: values for lang, values in (terms or {}).items() if values},
        postal_code=course.postal_code,
        city=course.city,
        lat=course.lat,
        lon=course.lon,
        start=date_number(course.start_date),
        end=date_number(course.end_date),
        schedule=[str(s) for s in course.schedule],
        free_seats=course.free_seats,
        childcare=course.childcare,
        barrier_free=course.barrier_free,
        mode=str(course.mode),
    )
