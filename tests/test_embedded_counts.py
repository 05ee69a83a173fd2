"""The embedded engine counts a query's matches (facets and total) with a cheaper query than it ranks
with: each word's ways over the three text fields read as one list of the ``words`` field
(``query.py``'s ``_Ways.match``). Both must select the same courses, for every kind of word the
development set holds (typos, prefixes, compound parts, expansions, cities in other scripts, any-word
fallbacks), on a real index of the demo catalogue in every default language."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from service.config import Settings
from service.evaluation.queries import load_queries
from service.evaluation.setups import DEMO_TODAY, load_demo_catalog
from service.runtime import Runtime, build_runtime
from service.search.base import SearchRequest
from service.search.embedded import EmbeddedEngine
from service.search.embedded.query import QueryPlan, build_plan
from service.search.service import SearchParams

DEV_SET = Path(__file__).parent / "data" / "dev_queries.tsv"


@pytest.fixture(scope="module")
def demo_runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    runtime = build_runtime(Settings(data_dir=tmp_path_factory.mktemp("counts") / "data", search_cache_size=0))
    load_demo_catalog(runtime, courses=1500)
    yield runtime
    runtime.close()


def _plan(engine: EmbeddedEngine, searcher: Any, request: SearchRequest) -> QueryPlan:
    def doc_freq(field: str, token: str) -> int:
        return int(searcher.doc_freq(field, token))

    def prefix_terms(field: str, prefix: str, limit: int) -> list[str]:
        return [str(term) for term, _ in searcher.terms_with_prefix(field, prefix, limit=limit + 1)]

    return build_plan(request, engine.schema, engine.languages, doc_freq, prefix_terms, int(searcher.num_docs))


def _matches(searcher: Any, query: Any) -> set[tuple[int, int]]:
    hits = searcher.search(query, max(1, int(searcher.num_docs)), count=False).hits
    return {(address.segment_ord, address.doc) for _, address in hits}


def test_counting_selects_exactly_the_courses_the_ranking_matches(demo_runtime: Runtime) -> None:
    engine = demo_runtime.engine
    assert isinstance(engine, EmbeddedEngine)
    searcher = engine._index.searcher()
    queries = load_queries(DEV_SET)
    kinds = {"matched": 0, "fallback": 0, "empty": 0}
    for query in queries:
        outcome = demo_runtime.search.search(SearchParams(q=query.query, today=DEMO_TODAY, limit=1))
        request = replace(outcome.request, course_types=())  # the facet counts leave the type filter out
        plan = _plan(engine, searcher, request)
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
