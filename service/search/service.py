"""Course search as the API and the widget see it: parameters in, localized hits out.

Resolves the postal code to a circle, decides the query language (explicit ``lang`` wins, else
detection), asks the glossary for expansions, runs the engine, then hydrates hits from the store
(the truth) and renders them in the requested language with highlights.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any

from service import geo
from service.courses import Course, CourseType
from service.errors import InvalidInput
from service.i18n import N_, canonical, negotiate
from service.search.analysis import QueryTerm, highlight, query_terms
from service.search.base import EngineResult, Expansion, GeoFilter, SearchEngine, SearchRequest, SortOrder
from service.search.language import DetectedLanguage, detect_query_language
from service.store import Store

MAX_LIMIT = 100
MAX_OFFSET = 10_000
MAX_QUERY_CHARS = 200
DEFAULT_BROWSE_RADIUS_KM = 10.0
DETECTION_CACHE_SIZE = 20_000
DETECTION_TTL_S = 300.0


@dataclass(frozen=True, slots=True)
class LocalizedText:
    """A field as shown in ``lang``: the text, the language it is really in, and how it got there."""

    text: str
    lang: str
    origin: str  # "source" | "machine" | "human" | "glossary"

    @property
    def machine_translated(self) -> bool:
        return self.origin == "machine"


# (course, field, requested lang) -> what to show; the translation stage provides the real one.
Localizer = Callable[[Course, str, str], LocalizedText | None]
Expander = Callable[[str, str | None], Sequence[Expansion]]


def source_text(course: Course, field_name: str, lang: str) -> LocalizedText | None:
    value = getattr(course, field_name, None)
    return LocalizedText(str(value), "de", "source") if value else None


@dataclass(slots=True)
class SearchParams:
    q: str = ""
    lang: str | None = None  # explicit language (``?lang=``): shown in, and taken as the query's language
    accept_language: str | None = None  # the caller's ``Accept-Language``: display only, never the query
    course_types: list[str] = field(default_factory=list)
    plz: str | None = None
    radius_km: float | None = None
    start_from: date | None = None
    start_to: date | None = None
    free_seats: bool = False
    childcare: bool | None = None
    barrier_free: bool | None = None
    schedule: list[str] = field(default_factory=list)
    sort: SortOrder | None = None
    limit: int = 20
    offset: int = 0
    today: date | None = None


@dataclass(slots=True)
class SearchOutcome:
    params: SearchParams
    request: SearchRequest
    result: EngineResult
    courses: dict[str, Course]
    detected: DetectedLanguage | None
    display_lang: str


class CourseSearch:
    def __init__(self, store: Store, engine: SearchEngine, languages: Sequence[str], *,
                 localizer: Localizer = source_text, expander: Expander | None = None,
                 glossary_languages: Callable[[str], set[str]] | None = None,
                 today: Callable[[], date] = date.today) -> None:
        self.store = store
        self.today = today  # the reference day for "soonest start first" among equals (tests pin it)
        self.engine = engine
        self.languages = list(dict.fromkeys(["de", *languages]))
        self.localizer = localizer
        self.expander = expander
        self.glossary_languages = glossary_languages
        self._detected: OrderedDict[tuple[str, str | None], tuple[float, DetectedLanguage]] = OrderedDict()
        self._detected_lock = threading.Lock()

    def search(self, params: SearchParams) -> SearchOutcome:
        _validate(params)
        params.lang = canonical(params.lang)
        if params.lang is not None and params.lang not in self.languages:
            raise InvalidInput(template=N_("lang %(lang)s is not served here; served: %(served)s"),
                               params={"lang": repr(params.lang), "served": ", ".join(self.languages)})
        detected = self._detect(params.q.strip(), params.lang) if params.q.strip() else None
        query_lang = detected.lang if detected else params.lang
        request = SearchRequest(
            q=params.q.strip(), lang=query_lang, course_types=tuple(params.course_types),
            geo=_geo(params), start_from=params.start_from, start_to=params.start_to,
            free_seats=params.free_seats, childcare=params.childcare, barrier_free=params.barrier_free,
            schedule=tuple(params.schedule), sort=_sort(params), limit=params.limit, offset=params.offset,
            today=params.today or self.today(),
        )
        if self.expander and request.q:
            request = replace(request, expansions=tuple(self.expander(request.q, query_lang)))
        early: dict[str, Course] = {}

        def read_page(ids: Sequence[str]) -> None:  # the engine still counts: read the page meanwhile
            early.update(self.store.get_courses(ids))

        result = self.engine.search(request, read_page)
        ids = [hit.id for hit in result.hits]
        courses = {i: early[i] for i in ids if i in early}
        if len(courses) < len(ids):
            courses.update(self.store.get_courses([i for i in ids if i not in courses]))
        display = negotiate(params.lang, params.accept_language, self.languages, fallback=query_lang or "de")
        return SearchOutcome(params, request, result, courses, detected, display or "de")

    def _detect(self, q: str, explicit: str | None) -> DetectedLanguage:
        """Detection costs up to a few ms (langdetect) and people type the same queries again and
        again, keystroke by keystroke: remember answers for a while (a glossary edit changes few)."""
        key = (q, explicit)
        now = time.monotonic()
        cached = self._detected.get(key)
        if cached is not None and now - cached[0] < DETECTION_TTL_S:
            return cached[1]
        detected = detect_query_language(q, self.languages, explicit=explicit, glossary_lookup=self.glossary_languages)
        with self._detected_lock:
            self._detected[key] = (now, detected)
            while len(self._detected) > DETECTION_CACHE_SIZE:
                self._detected.popitem(last=False)
        return detected

    def render_hit(self, outcome: SearchOutcome, course: Course, score: float,
                   distance_km: float | None) -> dict[str, Any]:
        lang = outcome.display_lang
        q, query_lang = outcome.request.q, outcome.request.lang
        fields: dict[str, Any] = {}
        origins: dict[str, dict[str, str]] = {}
        for name in ("title", "subtitle"):
            shown = self.localizer(course, name, lang)
            if shown is None:
                continue
            fields[name] = shown.text
            fields[f"{name}_highlighted"] = _highlighted(shown.text, q, query_lang) if q else None
            origins[name] = {"lang": shown.lang, "origin": shown.origin}
        return {
            "id": course.id, "source_id": course.source_id, "source": course.source,
            **fields,
            "course_type": str(course.course_type), "level": course.level,
            "start_date": course.start_date, "end_date": course.end_date,
            "city": course.city, "postal_code": course.postal_code,
            "distance_km": None if distance_km is None else round(distance_km, 1),
            "free_seats": course.free_seats, "childcare": course.childcare,
            "barrier_free": course.barrier_free, "schedule": [str(s) for s in course.schedule],
            "provider": course.provider, "url": course.url, "score": round(score, 4),
            "lang": lang, "fields": origins,
            "machine_translated": any(o["origin"] == "machine" for o in origins.values()),
        }


@lru_cache(maxsize=8192)
def _highlighted(text: str, q: str, lang: str | None) -> str | None:
    """Titles repeat across courses and queries repeat across people: highlight each pair once
    (it was three quarters of rendering a page of hits)."""
    terms = _query_terms(q, lang)
    return highlight(text, terms) if terms else None


@lru_cache(maxsize=1024)
def _query_terms(q: str, lang: str | None) -> tuple[QueryTerm, ...]:
    """One analysis per query, not one per highlighted field of every hit."""
    return tuple(query_terms(q, lang))


def _validate(params: SearchParams) -> None:
    if len(params.q) > MAX_QUERY_CHARS:
        raise InvalidInput(template=N_("q is longer than %(n)s characters"), params={"n": MAX_QUERY_CHARS})
    if not 0 < params.limit <= MAX_LIMIT:
        raise InvalidInput(template=N_("limit must be between 1 and %(max)s"), params={"max": MAX_LIMIT})
    if not 0 <= params.offset <= MAX_OFFSET:
        raise InvalidInput(template=N_("offset must be between 0 and %(max)s"), params={"max": MAX_OFFSET})
    known = {t.value for t in CourseType}
    unknown = [t for t in params.course_types if t not in known]
    if unknown:
        raise InvalidInput(template=N_("unknown course_type %(unknown)s; known: %(known)s"),
                           params={"unknown": ", ".join(unknown), "known": ", ".join(sorted(known))})
    if params.radius_km is not None and not 0 < params.radius_km <= 500:
        raise InvalidInput(template=N_("radius_km must be between 0 and 500"))
    if params.radius_km is not None and not params.plz:
        raise InvalidInput(template=N_("radius_km needs a postal code (plz)"))
    if params.sort is SortOrder.DISTANCE and not params.plz:
        raise InvalidInput(template=N_("sort=distance needs a postal code (plz)"))


def _geo(params: SearchParams) -> GeoFilter | None:
    if not params.plz:
        return None
    return _circle(params.plz, params.radius_km or DEFAULT_BROWSE_RADIUS_KM)


@lru_cache(maxsize=4096)
def _circle(plz: str, radius_km: float) -> GeoFilter:
    """A widget embedded by one town asks for the same circle all day: compute it once."""
    lat, lon = geo.center_of(plz)
    return GeoFilter(lat=lat, lon=lon, radius_km=radius_km, postal_codes=geo.postal_codes_within(lat, lon, radius_km))


def _sort(params: SearchParams) -> SortOrder:
    if params.sort is not None:
        return params.sort
    return SortOrder.RELEVANCE if params.q.strip() else SortOrder.START
