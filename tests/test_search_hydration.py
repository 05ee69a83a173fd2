"""CourseSearch reads the page's courses while the engine still counts (``PageHook``), and still
returns exactly the courses of the final result when the engine's page changed after the hook (an
any-word fallback), on a real store."""

from __future__ import annotations

from collections.abc import Sequence

from service.courses import Course
from service.runtime import Runtime
from service.search.base import EngineHit, EngineResult, PageHook, SearchRequest
from service.search.service import CourseSearch, SearchParams


class _ChangingPage:
    """An engine whose first page (told to the hook) is not its final one."""

    name = "changing"
    keeps_order = False

    def __init__(self, told: list[str], final: list[str]) -> None:
        self.told, self.final = told, final
        self.hooked: list[Sequence[str]] = []

    def search(self, request: SearchRequest, on_page: PageHook | None = None) -> EngineResult:
        if on_page is not None:
            self.hooked.append(list(self.told))
            on_page(self.told)
        hits = [EngineHit(id=i, score=1.0) for i in self.final]
        return EngineResult(hits=hits, total=len(hits), facets={}, matched_by="any")


def test_the_page_read_early_is_checked_against_the_final_hits(runtime: Runtime,
                                                                sample_courses: list[Course]) -> None:
    for course in sample_courses:
        runtime.catalog.upsert_one(course)
    engine = _ChangingPage(told=["test:1", "test:2", "test:3"], final=["test:3", "test:4"])
    search = CourseSearch(runtime.store, engine, runtime.search.languages)  # type: ignore[arg-type]
    outcome = search.search(SearchParams(q="Kurs Schwimmen"))
    assert engine.hooked == [["test:1", "test:2", "test:3"]]
    assert sorted(outcome.courses) == ["test:3", "test:4"]  # "4" read afterwards, "1" and "2" left out
    assert outcome.courses["test:4"].title == "Alphabetisierungskurs"


def test_the_embedded_engine_tells_the_page_it_returns(runtime: Runtime, sample_courses: list[Course]) -> None:
    for course in sample_courses:
        runtime.catalog.upsert_one(course)
    runtime.indexer.drain()
    told: list[list[str]] = []
    result = runtime.engine.search(SearchRequest(q="Integrationskurs"), lambda ids: told.append(list(ids)))
    # Told only when the counts were not ready yet, and then exactly the page returned.
    assert told in ([], [[hit.id for hit in result.hits]])
    assert "test:1" in {hit.id for hit in result.hits}
