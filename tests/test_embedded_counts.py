"""The embedded engine counts a query's matches (facets and total) with a cheaper query than it ranks
with: each word's ways over the three text fields read as one list of the ``words`` field
(``query.py``'s ``_Ways.match``). Both must select the same courses, for every kind of word the
development set holds (typos, prefixes, compound parts, expansions, cities in other scripts, any-word
fallbacks), on a real index of the demo catalogue in every default language. The same for a circle
given by its few postal codes, and read way by way (``local_area``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from service.config import Settings
from service.courses import Course
from service.evaluation.queries import load_queries
from service.evaluation.setups import DEMO_TODAY, load_demo_catalog
from service.runtime import Runtime, build_runtime
from service.search.base import Expansion, GeoFilter, SearchRequest
from service.search.documents import build_document
from service.search.embedded import EmbeddedEngine
from service.search.embedded.query import (
    LOCAL_CODES,
    LOCAL_SHARE,
    Area,
    QueryPlan,
    _area_query,
    _local_scope,
    _unscoped,
    build_plan,
    local_area,
)
from service.search.service import SearchParams, _circle

DEV_SET = Path(__file__).parent / "data" / "dev_queries.tsv"


@pytest.fixture(scope="module")
def demo_runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    runtime = build_runtime(Settings(data_dir=tmp_path_factory.mktemp("counts") / "data", search_cache_size=0))
    load_demo_catalog(runtime, courses=1500)
    yield runtime
    runtime.close()


def _plan(engine: EmbeddedEngine, searcher: Any, request: SearchRequest, area: Area | None = None) -> QueryPlan:
    def doc_freq(field: str, token: str) -> int:
        return int(searcher.doc_freq(field, token))

    def prefix_terms(field: str, prefix: str, limit: int) -> list[str]:
        return [str(term) for term, _ in searcher.terms_with_prefix(field, prefix, limit=limit + 1)]

    return build_plan(request, engine.schema, engine.languages, doc_freq, prefix_terms, int(searcher.num_docs), area)


def _matches(searcher: Any, query: Any) -> set[tuple[int, int]]:
    hits = searcher.search(query, max(1, int(searcher.num_docs)), count=False).hits
    return {(address.segment_ord, address.doc) for _, address in hits}


def test_counting_selects_exactly_the_courses_the_ranking_matches(demo_runtime: Runtime) -> None:
    engine = demo_runtime.engine
    assert isinstance(engine, EmbeddedEngine)
    view = engine._view()
    searcher = view.searcher
    queries = load_queries(DEV_SET)
    kinds = {"matched": 0, "fallback": 0, "empty": 0}
    for query in queries:
        outcome = demo_runtime.search.search(SearchParams(q=query.query, today=DEMO_TODAY, limit=1))
        request = replace(outcome.request, course_types=())  # the facet counts leave the type filter out
        plan = engine._plan(view, request)  # as the engine counts: expansions it knows covered left out
        ranked = _matches(searcher, plan.query)
        assert _matches(searcher, plan.facet_query) == ranked, query.query
        kinds["matched" if ranked else "empty"] += 1
        if plan.fallback is not None and not ranked:
            fallback = _matches(searcher, plan.fallback)
            assert _matches(searcher, plan.facet_fallback) == fallback, query.query
            kinds["fallback"] += bool(fallback)
        if not outcome.request.course_types:  # the total the engine gives: what it ranked
            any_word = _matches(searcher, plan.fallback) if plan.fallback is not None else set()
            assert outcome.result.total == len(ranked or any_word), query.query
    # the set exercised both paths: queries every word of which a course holds, and any-word fallbacks
    assert kinds["matched"] >= len(queries) * 0.8
    assert kinds["fallback"] >= 5, kinds
    # and expansions in titles both left out of counting (their courses hold the word) and counted
    assert set(_covered_answers(engine)) == {True, False}


def _covered_answers(engine: EmbeddedEngine) -> list[bool]:
    """The engine's answers to ``_covered_by``, once its thread has counted the last one asked."""
    with engine._learning:
        return list(engine._covered.values())


def test_an_expansion_counts_where_a_course_holds_it_without_the_query_word(tmp_path: Path) -> None:
    """A glossary expansion matched in titles is left out of counting only where the index shows that
    every course holding it holds the query word too; a course holding the expansion alone counts."""
    engine = EmbeddedEngine(tmp_path / "index", ["uk"], cache_size=0)
    tagged = Course(id="t:1", source="t", source_id="1", title="Integrationskurs am Abend", url="https://example.org/1")
    untagged = Course(id="t:2", source="t", source_id="2", title="Integrationskurs am Morgen", url="https://example.org/2")
    engine.rebuild([build_document(tagged, terms={"de": ["Integrationskurs"], "uk": ["інтеграційний курс"]}),
                    build_document(untagged)])  # its concept not (yet) found: no Ukrainian term
    expansion = Expansion("інтеграційний", ("Integrationskurs",), (frozenset({"de"}),))
    request = SearchRequest(q="інтеграційний", lang="uk", expansions=(expansion,))
    for _ in range(2):  # asked, then answered from what the index said
        result = engine.search(request)
        assert {hit.id for hit in result.hits} == {"t:1", "t:2"}
        assert result.total == 2 and sum(result.facets["course_type"].values()) == 2
        assert _covered_answers(engine) == [False]  # asked once, and the answer kept
    engine.rebuild([build_document(tagged, terms={"de": ["Integrationskurs"], "uk": ["інтеграційний курс"]}),
                    build_document(untagged, terms={"de": ["Integrationskurs"], "uk": ["інтеграційний курс"]})])
    for _ in range(2):
        assert engine.search(request).total == 2
        assert _covered_answers(engine)[-1] is True  # a new index state, asked again
    plan = engine._plan(engine._view(), request)
    assert "integrationskurs" not in repr(plan.facet_query)  # the expansion's list is no longer read to count


def test_what_an_index_state_showed_is_never_kept_for_a_later_one(tmp_path: Path) -> None:
    """A search whose index changes while it plans (another batch committed meanwhile) keeps what it
    counted under the state it searched: the next search, on the new state, asks again."""
    engine = EmbeddedEngine(tmp_path / "index", ["uk"], cache_size=0)
    terms = {"de": ["Integrationskurs"], "uk": ["інтеграційний курс"]}
    tagged = Course(id="t:1", source="t", source_id="1", title="Integrationskurs am Abend", url="https://example.org/1")
    untagged = Course(id="t:2", source="t", source_id="2", title="Integrationskurs am Morgen", url="https://example.org/2")
    engine.rebuild([build_document(tagged, terms=terms)])
    expansion = Expansion("інтеграційний", ("Integrationskurs",), (frozenset({"de"}),))
    request = SearchRequest(q="інтеграційний", lang="uk", expansions=(expansion,))
    before = engine._view()  # a search took its searcher ...
    engine.upsert([build_document(untagged)])  # ... a batch lands: a course with the expansion, not the word
    engine._plan(before, request)  # ... and it plans on the index it took
    assert _covered_answers(engine) == [True]  # true of that index: kept under its state
    result = engine.search(request)
    assert {hit.id for hit in result.hits} == {"t:1", "t:2"}
    assert result.total == 2 and sum(result.facets["course_type"].values()) == 2


def _ranked(searcher: Any, query: Any) -> list[tuple[float, tuple[int, int]]]:
    hits = searcher.search(query, max(1, int(searcher.num_docs)), count=False).hits
    return sorted((round(score, 3), (address.segment_ord, address.doc)) for score, address in hits)


def test_a_small_area_read_way_by_way_ranks_and_counts_as_the_filter_alone(demo_runtime: Runtime) -> None:
    """``local_area``: a circle's few postal codes with courses stand for it in the filters, and narrow
    each way when they hold few courses (tantivy then skips the rest of the index); every course must
    get the score and the counts the circle filter alone gives it."""
    engine = demo_runtime.engine
    assert isinstance(engine, EmbeddedEngine)
    searcher = engine._index.searcher()
    docs = int(searcher.num_docs)

    def doc_freq(field: str, token: str) -> int:
        return int(searcher.doc_freq(field, token))

    towns = sorted({c.postal_code for c in demo_runtime.store.iter_courses() if c.postal_code})
    queries = ["", *(q.query for q in load_queries(DEV_SET))][::7]  # "" first: a browse of the circle
    met = {"narrowed ways": 0, "filter only": 0}
    for plz in towns[::max(1, len(towns) // 12)]:
        for radius in (5.0, 25.0, 50.0):
            geo = _circle(plz, radius)
            for q in queries:
                outcome = demo_runtime.search.search(SearchParams(q=q, plz=plz, radius_km=radius, today=DEMO_TODAY))
                request = outcome.request
                area = local_area(request, doc_freq)
                if area is None:
                    continue
                met["narrowed ways" if area.courses <= LOCAL_SHARE * docs else "filter only"] += 1
                assert set(area.codes) <= set(geo.postal_codes)
                assert area.courses == sum(doc_freq("plz", code) for code in area.codes)
                narrowed = _plan(engine, searcher, request, area)
                plain = _plan(engine, searcher, request)
                assert _ranked(searcher, narrowed.query) == _ranked(searcher, plain.query), (q, plz)
                assert _matches(searcher, narrowed.facet_query) == _matches(searcher, plain.facet_query), (q, plz)
                if plain.fallback is not None:
                    assert _ranked(searcher, narrowed.fallback) == _ranked(searcher, plain.fallback), (q, plz)
                    assert _matches(searcher, narrowed.facet_fallback) == _matches(searcher, plain.facet_fallback)
    assert met["narrowed ways"] >= 50 and met["filter only"] >= 10, met  # both kinds of circle were met


def test_a_circle_of_many_codes_is_left_to_the_filter_and_a_crowded_one_to_its_codes(tmp_path: Path) -> None:
    counts = {"10115": 40, "10117": 30, "10119": 0}

    def doc_freq(field: str, token: str) -> int:
        assert field == "plz"
        return counts.get(token, 0)

    def request(codes: dict[str, float]) -> SearchRequest:
        return SearchRequest(q="Deutschkurs", geo=GeoFilter(lat=52.5, lon=13.4, radius_km=5, postal_codes=codes))

    town = local_area(request({"10115": 0.0, "10117": 1.0, "10119": 2.0}), doc_freq)
    assert town == Area(("10115", "10117"), 70)  # codes without courses left out
    schema = EmbeddedEngine(tmp_path / "index", []).schema
    within = _area_query(schema, town)
    assert _local_scope(town, within, 10_000) is not _unscoped  # 70 of 10,000 courses: each way narrowed
    assert _local_scope(town, within, 1_000) is _unscoped  # 70 of 1,000: more than LOCAL_SHARE, filter only
    many = {f"{10_000 + i}": 0.0 for i in range(LOCAL_CODES + 1)}
    counts.update(dict.fromkeys(many, 1))
    assert local_area(request(many), doc_freq) is None  # more codes with courses than LOCAL_CODES
    assert local_area(SearchRequest(q="Deutschkurs"), doc_freq) is None


def test_a_count_that_cannot_start_leaves_the_next_one_free(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At interpreter exit no new thread work can start: the question stays open, and nothing stays locked."""
    import service.search.embedded as embedded

    engine = EmbeddedEngine(tmp_path / "index", ["uk"], cache_size=0)
    engine.rebuild([build_document(Course(id="t:1", source="t", source_id="1", title="Integrationskurs",
                                          url="https://example.org/1"))])

    class ShutDown:
        def submit(self, *args: object) -> None:
            raise RuntimeError("cannot schedule new futures after interpreter shutdown")

    monkeypatch.setattr(embedded, "_LEARNING", ShutDown())
    assert engine._covered_by(engine._view(), "title", "integrationskurs", ("kurs",)) is False
    assert engine._learning.acquire(blocking=False)  # not left held
    engine._learning.release()
