"""The engine test suite: what every SearchEngine must do, whatever is behind it.

``tests/test_engine_suite.py`` runs these tests once per engine through the ``make_engine``
fixture (a function: documents -> a fresh engine holding exactly them). Expected results are
written from the catalog below and ``service.geo``, never from another engine's answers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import pytest

from service import geo
from service.courses import Course, CourseType, Schedule
from service.search.base import EngineResult, Expansion, GeoFilter, SearchEngine, SearchRequest, SortOrder
from service.search.documents import SearchDocument, build_document
from tests.conftest import TODAY, make_course

MakeEngine = Callable[[Sequence[SearchDocument]], SearchEngine]
AUGSBURG = "86150"

T = CourseType


def _course(number: int, title: str, kind: CourseType, plz: str, start: date | None,
            **fields: object) -> Course:
    return make_course(str(number), title, course_type=kind, postal_code=plz, start_date=start, **fields)


def catalog() -> list[Course]:
    c, d = _course, date
    evening, morning, weekend = [Schedule.EVENING], [Schedule.MORNING], [Schedule.WEEKEND]
    return [
        c(1, "Integrationskurs mit Kinderbetreuung", T.INTEGRATION_GENERAL, "86150", d(2026, 12, 1),
          childcare=True, free_seats=3, schedule=morning),
        c(2, "Sprachkurs Deutsch A1 für Frauen", T.GERMAN_COURSE, "86153", d(2027, 1, 10), level="A1",
          childcare=False, free_seats=0, schedule=evening),
        c(3, "Berufssprachkurs B2 Pflege", T.JOB_GERMAN, "10115", d(2026, 12, 15), level="B2", free_seats=5,
          barrier_free=True),
        c(4, "Alphabetisierungskurs", T.INTEGRATION_LITERACY, "80331", d(2027, 2, 1),
          description="Lesen und Schreiben lernen im Integrationskurs."),
        c(5, "Excel für Einsteiger", T.OTHER, "86150", d(2026, 12, 2)),
        c(6, "Orientierungskurs Leben in Deutschland", T.ORIENTATION_COURSE, "86159", None, schedule=weekend),
        c(7, "Deutschkurs B1 am Abend", T.GERMAN_COURSE, "86199", d(2026, 11, 30), level="B1",
          schedule=evening, free_seats=2, barrier_free=True, childcare=True),
        c(8, "Jugendintegrationskurs", T.INTEGRATION_YOUTH, "86368", d(2027, 3, 1)),
        c(9, "Integrationskurs Intensiv", T.INTEGRATION_INTENSIVE, "89073", d(2026, 12, 5)),
        c(10, "Erstorientierungskurs für Geflüchtete", T.INITIAL_ORIENTATION, "86150", d(2027, 1, 5)),
        c(11, "Prüfungsvorbereitung Einbürgerungstest", T.TEST_PREPARATION, "86152", d(2026, 12, 20)),
        c(12, "Nähkurs für Anfänger", T.OTHER, "86150", d(2027, 4, 1)),
    ]


TRANSLATIONS = {"test:10": {"ar": {"title": "دورة التوجيه الأولي للاجئين"},
                            "en": {"title": "Initial orientation course for refugees"}}}


def documents(courses: Sequence[Course] | None = None) -> list[SearchDocument]:
    return [build_document(course, translations=TRANSLATIONS.get(course.id))
            for course in courses or catalog()]


def search(engine: SearchEngine, **kwargs: object) -> EngineResult:
    return engine.search(SearchRequest(today=TODAY, **kwargs))  # type: ignore[arg-type]


def ids(engine: SearchEngine, **kwargs: object) -> list[str]:
    return [hit.id for hit in search(engine, limit=100, **kwargs).hits]


def circle(plz: str, radius_km: float) -> GeoFilter:
    lat, lon = geo.center_of(plz)
    return GeoFilter(lat, lon, radius_km, geo.postal_codes_within(lat, lon, radius_km))


def starts(courses: Sequence[Course]) -> dict[str, date | None]:
    return {course.id: course.start_date for course in courses}


@pytest.fixture
def engine(make_engine: MakeEngine) -> SearchEngine:
    return make_engine(documents())


# Text --------------------------------------------------------------------------------------------
def test_title_search_finds_the_course(engine: SearchEngine) -> None:
    assert ids(engine, q="Alphabetisierungskurs")[0] == "test:4"
    assert ids(engine, q="Excel") == ["test:5"]


def test_a_title_match_ranks_above_a_description_match(engine: SearchEngine) -> None:
    found = ids(engine, q="Integrationskurs")
    assert found.index("test:1") < found.index("test:4")
    assert "test:5" not in found and "test:12" not in found


@pytest.mark.parametrize(("query", "course"), [
    ("Sprachkurse", "test:2"), ("Integrationskurse", "test:1"), ("Berufssprachkurse", "test:3"),
    ("Alphabetisierungskurses", "test:4"),
])
def test_german_plural_and_inflected_forms_find_the_singular(engine: SearchEngine, query: str,
                                                             course: str) -> None:
    assert course in ids(engine, q=query)


@pytest.mark.parametrize(("query", "course"), [
    ("Integrationskurz", "test:1"), ("Alphabetisirungskurs", "test:4"), ("Berufsprachkurs", "test:3"),
])
def test_typos_are_tolerated(engine: SearchEngine, query: str, course: str) -> None:
    assert course in ids(engine, q=query)


def test_every_word_must_match_else_any_word_is_enough(engine: SearchEngine) -> None:
    every = search(engine, q="Integrationskurs Kinderbetreuung")
    assert every.matched_by == "all" and [h.id for h in every.hits] == ["test:1"] and every.total == 1
    anyword = search(engine, q="Integrationskurs Quantenphysik")
    assert anyword.matched_by == "any" and "test:1" in [h.id for h in anyword.hits]
    assert search(engine, q="Quantenphysik").total == 0
    # The fallback keeps the requested order.
    sorted_list = search(engine, q="Integrationskurs Quantenphysik", sort=SortOrder.START)
    dated = [starts(catalog())[h.id] for h in sorted_list.hits]
    assert sorted_list.matched_by == "any" and "test:1" in [h.id for h in sorted_list.hits]
    assert dated == sorted(dated, key=lambda d: (d is None, d or date.max))


def test_the_query_language_is_searched_and_never_required(engine: SearchEngine) -> None:
    assert "test:10" in ids(engine, q="دورة التوجيه", lang="ar")
    assert "test:10" in ids(engine, q="orientation course", lang="en")
    assert "test:1" in ids(engine, q="Integrationskurs", lang="ar")  # German text, Arabic reader


def test_glossary_expansions_find_the_concepts_other_words(engine: SearchEngine) -> None:
    assert search(engine, q="Kita").total == 0
    expanded = search(engine, q="Kita", expansions=(Expansion("kita", ("Kinderbetreuung",)),))
    assert [h.id for h in expanded.hits] == ["test:1"]


@pytest.mark.parametrize("typed", ["Deutschkurs берлин", "Deutschkurs Берлін", "Deutschkurs برلين"])
def test_a_city_typed_in_arabic_or_cyrillic_letters_finds_the_courses_there(make_engine: MakeEngine,
                                                                            typed: str) -> None:
    courses = [_course(1, "Deutschkurs B1", T.GERMAN_COURSE, "10115", date(2027, 3, 1), city="Berlin"),
               _course(2, "Deutschkurs B1", T.GERMAN_COURSE, "80331", date(2026, 12, 1), city="München")]
    assert ids(make_engine(documents(courses)), q=typed) == ["test:1"]


# Filters -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("filters", "expected"), [
    ({"course_types": (T.GERMAN_COURSE.value,)}, {"test:2", "test:7"}),
    ({"course_types": (T.JOB_GERMAN.value, T.OTHER.value)}, {"test:3", "test:5", "test:12"}),
    ({"childcare": True}, {"test:1", "test:7"}),
    ({"childcare": False}, {"test:2"}),
    ({"barrier_free": True}, {"test:3", "test:7"}),
    ({"free_seats": True}, {"test:1", "test:3", "test:7"}),
    ({"schedule": (Schedule.EVENING.value,)}, {"test:2", "test:7"}),
    ({"schedule": (Schedule.WEEKEND.value, Schedule.MORNING.value)}, {"test:1", "test:6"}),
    ({"start_from": date(2026, 12, 1), "start_to": date(2026, 12, 31)},
     {"test:1", "test:3", "test:5", "test:9", "test:11"}),
    ({"start_from": date(2027, 2, 1)}, {"test:4", "test:8", "test:12"}),
    ({"start_to": date(2026, 11, 30)}, {"test:7"}),
    ({"course_types": (T.GERMAN_COURSE.value,), "childcare": True, "geo": circle(AUGSBURG, 10)}, {"test:7"}),
    ({"free_seats": True, "barrier_free": True, "schedule": (Schedule.EVENING.value,)}, {"test:7"}),
])
def test_filters_each_and_combined(engine: SearchEngine, filters: dict[str, object],
                                   expected: set[str]) -> None:
    result = search(engine, limit=100, **filters)
    assert {h.id for h in result.hits} == expected
    assert result.total == len(expected) and result.matched_by == "filters"


def test_filters_apply_to_text_queries_too(engine: SearchEngine) -> None:
    # A youth integration course is an integration course (compound); the others are too far away.
    assert set(ids(engine, q="Integrationskurs", geo=circle(AUGSBURG, 10))) == {"test:1", "test:8"}
    evening = ids(engine, q="Deutschkurs Sprachkurs", schedule=(Schedule.EVENING.value,))
    assert evening and set(evening) <= {"test:2", "test:7"}


@pytest.mark.parametrize("radius", [5.0, 10.0, 60.0])
def test_radius_filter_agrees_with_computed_distances(engine: SearchEngine, radius: float) -> None:
    lat, lon = geo.center_of(AUGSBURG)
    distances = {}
    for course in catalog():
        area = geo.lookup(course.postal_code or "")
        assert area is not None
        distances[course.id] = geo.haversine_km(lat, lon, area.lat, area.lon)
    assert all(abs(d - radius) > 0.5 for d in distances.values())  # no course sits on the edge
    result = search(engine, geo=circle(AUGSBURG, radius), limit=100)
    assert {h.id for h in result.hits} == {cid for cid, d in distances.items() if d <= radius}
    for hit in result.hits:
        assert hit.distance_km == pytest.approx(distances[hit.id], abs=0.01)


# Sorting, facets, paging -------------------------------------------------------------------------
def test_browse_without_a_query_is_sorted_by_start_unknown_last(engine: SearchEngine) -> None:
    result = search(engine, limit=100)
    expected = sorted(starts(catalog()).items(), key=lambda kv: (kv[1] is None, kv[1] or date.max))
    assert [h.id for h in result.hits] == [cid for cid, _ in expected]
    assert result.total == 12 and result.matched_by == "filters"


def test_sort_by_start_overrides_relevance(engine: SearchEngine) -> None:
    found = ids(engine, q="Integrationskurs", sort=SortOrder.START)
    when = starts(catalog())
    dated = [when[cid] for cid in found if when[cid] is not None]
    assert dated == sorted(dated) and {"test:1", "test:4"} <= set(found)


def test_sort_by_distance_nearest_first_then_start(engine: SearchEngine) -> None:
    result = search(engine, geo=circle(AUGSBURG, 100), sort=SortOrder.DISTANCE, limit=100)
    rows = [(round(h.distance_km or 0, 3), starts(catalog())[h.id] or date.max) for h in result.hits]
    assert rows == sorted(rows) and len(rows) == 11  # every course but Berlin
    assert [h.id for h in result.hits[:4]] == ["test:1", "test:5", "test:10", "test:12"]  # all at 86150


def test_facets_count_every_course_type_of_the_matches(engine: SearchEngine) -> None:
    browse = search(engine)
    assert browse.facets["course_type"][T.OTHER.value] == 2
    assert sum(browse.facets["course_type"].values()) == 12
    narrowed = search(engine, course_types=(T.GERMAN_COURSE.value,), childcare=True)
    # The type filter narrows the hits, not the counts: people see what the other types offer.
    assert narrowed.total == 1 and narrowed.facets["course_type"][T.INTEGRATION_GENERAL.value] == 1
    assert narrowed.facets["course_type"][T.GERMAN_COURSE.value] == 1
    text = search(engine, q="Integrationskurs")
    assert text.facets["course_type"].get(T.OTHER.value, 0) == 0
    assert text.facets["course_type"][T.INTEGRATION_GENERAL.value] == 1


def test_pages_are_disjoint_and_cover_every_match(engine: SearchEngine) -> None:
    pages = [search(engine, limit=5, offset=offset) for offset in (0, 5, 10)]
    seen = [h.id for page in pages for h in page.hits]
    assert len(seen) == len(set(seen)) == 12 and all(page.total == 12 for page in pages)
    assert [len(page.hits) for page in pages] == [5, 5, 2]
    assert search(engine, limit=5, offset=20).hits == []


# Writing -----------------------------------------------------------------------------------------
def test_delete_removes_a_course(engine: SearchEngine) -> None:
    engine.delete(["test:5", "test:does-not-exist"])
    assert ids(engine, q="Excel") == [] and engine.count() == 11


def test_upsert_replaces_the_course(engine: SearchEngine) -> None:
    changed = make_course("12", "Töpferkurs für Anfänger", course_type=T.OTHER, postal_code="86150")
    engine.upsert(documents([changed]))
    assert ids(engine, q="Nähkurs") == [] and ids(engine, q="Töpferkurs") == ["test:12"]
    assert engine.count() == 12
    assert search(engine, limit=100).hits[-1].id == "test:12"  # its start date is unknown now


def test_rebuild_swaps_in_exactly_the_new_set(engine: SearchEngine) -> None:
    keep = [c for c in catalog() if c.id in ("test:1", "test:2")]
    new = make_course("13", "Integrationskurs am Wochenende", course_type=T.INTEGRATION_GENERAL,
                      postal_code="86150", schedule=[Schedule.WEEKEND])
    seen: list[int] = []
    assert engine.rebuild(iter(documents([*keep, new])), progress=seen.append) == 3
    assert sum(seen) == 3 and engine.count() == 3
    assert ids(engine, q="Excel") == [] and set(ids(engine, q="Integrationskurs")) == {"test:1", "test:13"}
    assert engine.health()["status"] == "ok"
