"""The result cache: repeated searches are answered from memory, and never with a stale answer."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from service.courses import Course
from service.search.base import EngineHit, EngineResult, SearchRequest
from service.search.cache import ResultCache, request_key
from service.search.documents import build_document
from service.search.embedded import EmbeddedEngine
from tests.conftest import TODAY, make_course

REPO = Path(__file__).resolve().parent.parent


def _result(*ids: str) -> EngineResult:
    return EngineResult(hits=[EngineHit(i, 1.0) for i in ids], total=len(ids), facets={"course_type": {"x": 1}})


def test_lru_keeps_the_most_recent_entries() -> None:
    cache = ResultCache(capacity=2)
    assert cache.get("g1", "a") is None  # the first get adopts the generation
    cache.put("g1", "a", _result("1"))
    cache.put("g1", "b", _result("2"))
    assert cache.get("g1", "a") is not None  # "a" is now the most recent
    cache.put("g1", "c", _result("3"))
    assert cache.get("g1", "b") is None
    assert [h.id for h in cache.get("g1", "a").hits] == ["1"]  # type: ignore[union-attr]
    stats = cache.stats()
    assert (stats.size, stats.hits, stats.misses) == (2, 2, 2)


def test_a_new_generation_drops_everything_and_late_results_are_not_kept() -> None:
    cache = ResultCache()
    cache.get("g1", "a")
    cache.put("g1", "a", _result("1"))
    assert cache.get("g2", "a") is None  # the index changed
    cache.put("g1", "a", _result("old"))  # computed before the change: must not be served
    assert cache.get("g2", "a") is None
    assert cache.stats().size == 0


def test_callers_get_copies_and_zero_capacity_turns_it_off() -> None:
    cache = ResultCache()
    cache.get("g", "k")
    cache.put("g", "k", _result("1"))
    first = cache.get("g", "k")
    assert first is not None
    first.hits.clear()
    first.facets["course_type"]["x"] = 99
    again = cache.get("g", "k")
    assert again is not None and [h.id for h in again.hits] == ["1"] and again.facets["course_type"]["x"] == 1
    off = ResultCache(capacity=0)
    off.put("g", "k", _result("1"))
    assert off.get("g", "k") is None


def test_request_key_tells_apart_what_changes_a_result() -> None:
    base = SearchRequest(q="Sprachkurs", today=TODAY)
    keys = {request_key(r, TODAY) for r in (base, SearchRequest(q="Sprachkurs", today=TODAY, limit=10),
                                             SearchRequest(q="Sprachkurs", today=TODAY, childcare=True),
                                             SearchRequest(q="Sprachkurs", lang="en", today=TODAY))}
    assert len(keys) == 4
    assert request_key(SearchRequest(q="x"), TODAY) != request_key(SearchRequest(q="x"), TODAY.replace(day=1))


def _ids(engine: EmbeddedEngine, q: str) -> list[str]:
    return sorted(hit.id for hit in engine.search(SearchRequest(q=q, today=TODAY)).hits)


def test_engine_answers_repeats_from_the_cache_and_sees_its_own_writes(tmp_path: Path,
                                                                       sample_courses: list[Course]) -> None:
    engine = EmbeddedEngine(tmp_path / "index", ["en"])
    engine.upsert([build_document(c) for c in sample_courses])
    before = _ids(engine, "Abendkurs")
    assert _ids(engine, "Abendkurs") == before
    assert engine.cache_stats().hits == 1
    engine.upsert([build_document(make_course("new", "Abendkurs Deutsch B1"))])
    assert _ids(engine, "Abendkurs") == sorted([*before, "test:new"])
    engine.delete(["test:new"])
    assert _ids(engine, "Abendkurs") == before
    assert engine.health()["result_cache"]["hits"] == 1  # type: ignore[index]


def test_a_commit_by_another_process_is_seen_at_once(tmp_path: Path, sample_courses: list[Course]) -> None:
    """The server searches; `kursfinder` in another process (or another server worker) writes."""
    reader = EmbeddedEngine(tmp_path / "index", ["en"])
    writer = EmbeddedEngine(tmp_path / "index", ["en"])
    writer.upsert([build_document(c) for c in sample_courses])
    writer.close()  # release the index lock for the other process
    before = _ids(reader, "Abendkurs")
    assert _ids(reader, "Abendkurs") == before and reader.cache_stats().hits == 1
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(REPO)!r})
        from pathlib import Path
        from service.search.documents import build_document
        from service.search.embedded import EmbeddedEngine
        from tests.conftest import make_course
        engine = EmbeddedEngine(Path({str(tmp_path / "index")!r}), ["en"])
        engine.upsert([build_document(make_course("other", "Abendkurs Deutsch A2"))])
        engine.close()
    """)
    subprocess.run([sys.executable, "-c", script], check=True, cwd=REPO)
    assert _ids(reader, "Abendkurs") == sorted([*before, "test:other"])
