"""The embedded engine's best-tier search (``_best_tier``: the courses reaching the best score, the
soonest first) on real index files: the page it gives must be the page of the ideal ranking (every
match by score, equals by the soonest start), in an index written in start order and in one written
in any order. (In start order every page is the ideal one; in any other order a page the full search
gives orders only the equals it met.)"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from service.courses import Course
from service.demo import generate_courses_csv
from service.ingest import parse_file
from service.search.base import GeoFilter, SearchRequest
from service.search.documents import UNKNOWN_START, build_document, date_number, start_distance
from service.search.embedded import NARROWED_AT_MOST, EmbeddedEngine
from service.search.indexer import start_key
from tests.conftest import TODAY

QUERIES = ["Integrationskurs", "Deutschkurs", "Sprachkurs Abend", "Deutsch B1", "Kinderbetreuung",
           "Alphabetisierung", "Frauen Integrationskurs", "Berufssprachkurs", "Intensivkurs", "Kurs",
           "Integrationskurz", "deutsch", "Orientierungskurs", "Jugendintegrationskurs", "Test",
           "Alphabetisierung Konversation", "Schwimmen Integrationskurs"]  # no course has both words


@pytest.fixture(scope="module")
def demo_courses() -> list[Course]:
    return parse_file(generate_courses_csv(1200, seed=5, today=TODAY).encode(), filename="demo.csv",
                      source="demo").courses


def _engines(tmp_path: Path, courses: list[Course]) -> tuple[EmbeddedEngine, EmbeddedEngine]:
    """The same courses, narrowing on (soonest 60 courses first) and off."""
    narrowing = EmbeddedEngine(tmp_path / "narrowing", ["en"], soonest_courses=60, cache_size=0)
    plain = EmbeddedEngine(tmp_path / "plain", ["en"], soonest_courses=0, cache_size=0)
    for engine in (narrowing, plain):
        engine.rebuild(build_document(course) for course in courses)
    return narrowing, plain


Keys = list[tuple[float, tuple[int, int]]]


def _keys(engine: EmbeddedEngine, starts: dict[str, int], request: SearchRequest) -> Keys:
    """A page as the ranking orders it: (score, start tie-break) of each hit. Courses equal in both
    may come in either order, so pages are compared by these keys, not by ids."""
    today = date_number(TODAY) or 0
    return [(round(hit.score, 3), start_distance(starts[hit.id], today)) for hit in engine.search(request).hits]


def _ideal(plain: EmbeddedEngine, starts: dict[str, int], request: SearchRequest) -> Keys:
    """Every match ranked (score first, then the soonest start), then the page cut out of it."""
    everything = _keys(plain, starts, replace(request, offset=0, limit=len(starts)))
    return sorted(everything, key=lambda key: (-key[0], key[1]))[request.offset:request.offset + request.limit]


@pytest.mark.parametrize("order", ["start order", "shuffled"])
def test_the_narrowed_search_gives_the_page_of_the_ideal_ranking(tmp_path: Path, demo_courses: list[Course],
                                                                 order: str) -> None:
    today = date_number(TODAY) or 0
    courses = list(demo_courses)
    if order == "start order":
        courses.sort(key=lambda c: (start_key(c.start_date, today), c.id))
    else:
        random.Random(3).shuffle(courses)
    narrowing, plain = _engines(tmp_path, courses)
    starts = {c.id: date_number(c.start_date) or UNKNOWN_START for c in courses}
    berlin = GeoFilter(lat=52.53, lon=13.38, radius_km=50, postal_codes={"10115": 0.0, "10117": 2.0})
    requests = [SearchRequest(q=q, today=TODAY, limit=limit, offset=offset, lang=lang)
                for q in QUERIES for limit, offset in ((20, 0), (10, 10)) for lang in ("de", None)]
    requests += [SearchRequest(q=q, today=TODAY, geo=berlin) for q in QUERIES]
    for request in requests:
        ideal = _ideal(plain, starts, request)
        pages = narrowing.narrowed_pages
        got = _keys(narrowing, starts, request)
        assert narrowing.search(request).matched_by == plain.search(request).matched_by
        if narrowing.narrowed_pages > pages:  # the narrowed search gave the page: the ideal one
            assert got == ideal, request
        if order == "start order":  # written in start order, every ranking meets equals in that order
            assert got == ideal, request
            assert _keys(plain, starts, request) == ideal, request
    # the narrowed search really ran, and often gave the page (broad words: many equal best matches)
    assert narrowing.narrowed_searches >= len(requests) // 2
    assert narrowing.narrowed_pages >= len(QUERIES) // 2
    assert narrowing.health()["narrowed"] == {"searches": narrowing.narrowed_searches,
                                              "pages": narrowing.narrowed_pages}
    assert plain.narrowed_searches == 0
    assert narrowing.search(SearchRequest(q="Schwimmen Integrationskurs", today=TODAY)).matched_by == "any"


def test_the_next_days_are_skipped_when_they_would_not_pay(tmp_path: Path, demo_courses: list[Course]) -> None:
    """Fewer upcoming courses than the next days should hold, or those days holding more than
    NARROWED_AT_MOST of the index: the best tier is looked for among every upcoming course at once."""
    engine = EmbeddedEngine(tmp_path / "index", ["en"], cache_size=0)
    engine.rebuild(build_document(course) for course in demo_courses)
    view, today = engine._view(), date_number(TODAY) or 0
    share = int(len(demo_courses) * NARROWED_AT_MOST)
    assert engine._upcoming_day(view, today, len(demo_courses)) is None  # not that many upcoming
    assert engine._upcoming_day(view, today, share + 20) is None  # more than would pay
    assert engine._upcoming_day(view, today, share - 40) is not None
    big = EmbeddedEngine(tmp_path / "big", ["en"], soonest_courses=len(demo_courses), cache_size=0)
    big.rebuild(build_document(course) for course in demo_courses)
    assert big.search(SearchRequest(q="Integrationskurs", today=TODAY)).hits
    assert (big.narrowed_searches, big.narrowed_pages) == (1, 1)  # found among every upcoming course
