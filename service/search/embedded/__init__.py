"""The embedded engine: tantivy in-process, zero set-up. The only module that imports tantivy.

Text is analysed by ``analysis.py`` (the same code at index and query time) and stored as
whitespace-separated tokens, so German compounds, Arabic letter forms or Persian ZWNJ are handled by
our analysis, not tantivy's. Fields:

- ``title``/``body``: every language's title + course-type label / subtitle + description + keywords
- ``terms``: the course's glossary terms in every language
  (a word is kept in the best of these three fields only: title > terms > body)
- ``words``: the three together, unscored: what a word matches, for counting (query.py's ``_Ways.match``)
- ``l_<lang>``: one language's text, queried only to boost the query's language
- filters: ``course_type``, ``schedule``, ``plz``, ``childcare``, ``barrier_free`` (raw),
  ``start``, ``free_seats``, ``plz_n`` (integers)

An index lives in a generation folder under ``index_dir``; ``CURRENT`` names the live one, so a
rebuild writes a fresh generation and swaps it in with one atomic rename. Results are cached per
state of the index (``cache.py``): any commit, by this process or another, retires them.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, TypeVar

import tantivy

from service.errors import EngineBusy, EngineUnavailable
from service.search.analysis import index_tokens, query_terms
from service.search.base import EngineHit, EngineResult, PageHook, Progress, SearchRequest, SortOrder
from service.search.cache import DEFAULT_SIZE, CacheStats, ResultCache, request_key
from service.search.documents import UNKNOWN_START, SearchDocument, date_number, place_tokens, start_distance
from service.search.embedded.query import Area, QueryPlan, build_plan, local_area, whole_term_key

Query = tantivy.Query
Occur = tantivy.Occur

log = logging.getLogger(__name__)

RERANK_WINDOW = 60
# One indexing thread keeps up with Python converting documents (the bottleneck), and one thread
# keeps documents in the order they were written: equal scores then rank the same on every run.
WRITER_THREADS = 1
MAX_DISTANCE_SORT = 20_000
# The best tier of a relevance ranking is first looked for among about this many courses, the soonest
# to start (_best_tier), and at most this many distinct start days are looked at to find them.
SOONEST_COURSES = 1024
SOONEST_DAYS = 1000
NARROWED_AT_MOST = 0.5  # share of the index beyond which narrowing would not pay
# Threads that count facets beside the ranking thread (see _search): one per core.
_FACET_POOL = ThreadPoolExecutor(max_workers=os.cpu_count() or 2, thread_name_prefix="kursfinder-facets")
_LEARNING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kursfinder-covered")  # _covered_by


def _schema(languages: Sequence[str]) -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    # Which courses hold a token, nothing more: every way scores a constant (query.py), so term
    # frequencies would be written for nothing (ingest of 100,000 courses: see docs/BENCHMARKS.md).
    for name in ("title", "body", "terms", *(f"l_{lang}" for lang in languages)):
        sb.add_text_field(name, tokenizer_name="whitespace", index_option="basic")
    # each glossary term of a course as one token: its analysed words joined by "_" (query.py's WHOLE_TERM),
    # the tokens given as one space-separated string (hundreds of separate values cost 70 µs a course)
    sb.add_text_field("term_exact", tokenizer_name="whitespace", index_option="basic")
    # every token of title, terms and body: what a word matches at all, one list to count instead of three
    sb.add_text_field("words", tokenizer_name="whitespace", index_option="basic")
    for name in ("course_type", "schedule", "plz", "childcare", "barrier_free", "source", "mode"):
        sb.add_text_field(name, stored=name == "plz", fast=name == "course_type", tokenizer_name="raw",
                          index_option="basic")
    for name in ("start", "free_seats", "plz_n"):
        sb.add_integer_field(name, indexed=True, fast=True)
    return sb.build()


def _flag(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


@dataclass(frozen=True, slots=True)
class _View:
    """A searcher and the index state it sees (``EmbeddedEngine._view``). What is counted once per index
    state (a circle's postal codes, filter shares, upcoming days, covered expansions) is kept under
    ``state``: never under a state other than the one it was counted on."""

    searcher: Any
    state: tuple[str, int, tuple[int, int]]


class EmbeddedEngine:
    """A tantivy index under ``index_dir``, with fields for ``languages`` (German first)."""

    name = "embedded"
    keeps_order = True  # its best-tier search reads the soonest courses side by side (_best_tier)

    def __init__(self, index_dir: Path, languages: Sequence[str], *, writer_heap: int = 128_000_000,
                 cache_size: int = DEFAULT_SIZE, soonest_courses: int = SOONEST_COURSES) -> None:
        self.index_dir = index_dir
        self.soonest_courses = soonest_courses  # 0: always rank every match (no _best_tier)
        self.languages = tuple(dict.fromkeys(["de", *languages]))
        self.schema = _schema(self.languages)
        self._writer_heap = writer_heap
        self._lock = threading.RLock()
        self._view_lock = threading.Lock()  # a searcher and its index state are taken together (_view)
        self._writer: Any = None
        self._mismatch: str | None = None
        self._generation = ""
        self._pointer_mtime = 0.0
        # Results per index state (cache.py). The state changes with every commit this process makes
        # (_commits, counted after the reader reloaded) and every commit another process makes (meta.json).
        self._cache = ResultCache(cache_size)
        self._commits = 0
        self._meta_mtime = (0, 0)
        # (index state and day, [(courses starting by then, day), soonest first]): one value, so a
        # thread never pairs one state's key with another's days
        self._upcoming: tuple[tuple[object, ...], list[tuple[int, int]]] = ((), [])
        self._filter_shares: dict[tuple[object, ...], float] = {}
        self._local_areas: dict[tuple[object, ...], Area | None] = {}
        self._covered: dict[tuple[object, ...], bool] = {}  # _covered_by
        self._learning = threading.Lock()  # held from a count's asking to its answer (_covered_by)
        # How often a ranking looked for the best tier first (_best_tier), and how often it was the page.
        self.narrowed_searches = 0
        self.narrowed_pages = 0
        index_dir.mkdir(parents=True, exist_ok=True)
        self._open(self._current_generation() or self._first_generation())

    # Generations -----------------------------------------------------------------------------
    @property
    def _pointer(self) -> Path:
        return self.index_dir / "CURRENT"

    def _current_generation(self) -> str | None:
        try:
            name = self._pointer.read_text().strip()
        except FileNotFoundError:
            return None
        return name if (self.index_dir / name).is_dir() else None

    def _new_generation_dir(self) -> Path:
        path = self.index_dir / f"gen-{time.time_ns()}"
        path.mkdir()
        return path

    def _first_generation(self) -> str:
        """A generation for an index directory without one. Server processes starting together each
        make one: the first to name it in ``CURRENT`` wins (a hard link cannot replace a file), the
        others take the winner's and drop their own, so every process reads the same index."""
        fresh = self._new_generation_dir().name
        claim = self.index_dir / f"CURRENT.{fresh}"
        claim.write_text(fresh)
        try:
            os.link(claim, self._pointer)
        except FileExistsError:
            winner = self._current_generation()
            if winner is not None:
                shutil.rmtree(self.index_dir / fresh, ignore_errors=True)
                return winner
            self._swap_pointer(fresh)  # CURRENT names a generation that is gone: start afresh
        finally:
            claim.unlink(missing_ok=True)
        return fresh

    def _swap_pointer(self, name: str) -> None:
        tmp = self.index_dir / "CURRENT.tmp"
        tmp.write_text(name)
        os.replace(tmp, self._pointer)

    def _open(self, name: str) -> None:
        path = self.index_dir / name
        mismatch = None
        try:
            index = tantivy.Index(self.schema, path=str(path), reuse=True)
        except ValueError as exc:
            if "schema does not match" not in str(exc):
                raise
            # Written for other settings (e.g. other target languages): readable only after a rebuild.
            index = tantivy.Index.open(str(path))
            mismatch = ("the search index was built for other settings (target languages changed, or "
                        "Kursfinder upgraded to a new index layout): run `kursfinder reindex`")
        with self._view_lock:  # the index and its generation change together (see _view)
            self._index, self._mismatch, self._generation = index, mismatch, name
        self._pointer_mtime = self._pointer.stat().st_mtime if self._pointer.exists() else 0.0

    def _follow_pointer(self) -> None:
        """Another process (``kursfinder reindex``) may have swapped in a new generation."""
        try:
            mtime = self._pointer.stat().st_mtime
        except FileNotFoundError:
            return
        if mtime == self._pointer_mtime:
            return
        with self._lock:
            name = self._current_generation()
            if name and name != self._generation:
                self._release_writer()
                self._open(name)
                log.info("embedded index: switched to generation %s", name)
            self._pointer_mtime = mtime

    # Writing ----------------------------------------------------------------------------------
    def _usable(self) -> None:
        if self._mismatch:
            raise EngineUnavailable(self._mismatch)

    def _acquire_writer(self) -> Any:
        self._usable()
        if self._writer is None:
            try:
                self._writer = self._index.writer(self._writer_heap, WRITER_THREADS)
            except ValueError as exc:  # LockBusy: another process writes this index
                raise EngineBusy(f"the embedded index is being written by another process: {exc}") from exc
        return self._writer

    def _release_writer(self) -> None:
        if self._writer is not None:
            self._writer.wait_merging_threads()
            self._writer = None

    def _to_tantivy(self, doc: SearchDocument) -> tantivy.Document:
        fields: dict[str, Any] = {"id": doc.id}
        titles: list[str] = []
        bodies: list[str] = []
        for lang, text in doc.texts.items():
            heading = index_tokens(text.heading, lang)
            body = index_tokens(text.body, lang)
            titles += heading
            bodies += body
            if lang in self.languages:
                fields[f"l_{lang}"] = " ".join(dict.fromkeys(heading + body))
        # Each word is indexed in its best field only (title > glossary terms > body): every way of
        # matching scores the best field it finds (query.py), so the lower copies never decided a
        # score, and a broad word's matches are read once instead of up to three times.
        term_sets = tuple((lang, tuple(terms)) for lang, terms in doc.terms.items())
        in_title = set(titles)
        vocabulary = _term_vocabulary(term_sets)
        fields["title"] = " ".join(titles)
        fields["terms"] = _analysed_terms(term_sets, frozenset(in_title & vocabulary))
        fields["body"] = " ".join([*(token for token in bodies if token not in in_title and token not in vocabulary),
                                   *place_tokens(doc.city)])
        fields["words"] = " ".join((fields["title"], fields["terms"], fields["body"]))
        fields["term_exact"] = _whole_term_keys(term_sets)
        fields["course_type"] = doc.course_type
        fields["schedule"] = doc.schedule or ["unknown"]
        fields["plz"] = doc.postal_code or ""
        fields["plz_n"] = int(doc.postal_code) if doc.postal_code else 0
        fields["childcare"] = _flag(doc.childcare)
        fields["barrier_free"] = _flag(doc.barrier_free)
        fields["source"] = doc.source
        fields["mode"] = doc.mode
        fields["start"] = doc.start if doc.start is not None else UNKNOWN_START
        fields["free_seats"] = doc.free_seats if doc.free_seats is not None else -1
        return tantivy.Document(**fields)

    def upsert(self, documents: Sequence[SearchDocument]) -> None:
        if not documents:
            return
        self._follow_pointer()
        with self._lock:
            writer = self._acquire_writer()
            try:
                for doc in documents:
                    # converted one by one: the writer's threads index while Python converts the next
                    writer.delete_documents_by_term("id", doc.id)
                    writer.add_document(self._to_tantivy(doc))
            except BaseException:
                writer.rollback()  # never half a batch: the outbox keeps all of it for the retry
                raise
            writer.commit()
            self._reloaded()

    def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        self._follow_pointer()
        with self._lock:
            writer = self._acquire_writer()
            for course_id in ids:
                writer.delete_documents_by_term("id", course_id)
            writer.commit()
            self._reloaded()

    def rebuild(self, documents: Iterable[SearchDocument], progress: Progress | None = None) -> int:
        path = self._new_generation_dir()
        index = tantivy.Index(self.schema, path=str(path))
        writer = index.writer(256_000_000, WRITER_THREADS)
        count = 0
        try:
            for doc in documents:
                writer.add_document(self._to_tantivy(doc))
                count += 1
                if progress and count % 500 == 0:
                    progress(500)
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        if progress:
            progress(count % 500)
        with self._lock:
            old = self._generation
            self._release_writer()
            self._swap_pointer(path.name)
            self._open(path.name)
        if old and old != path.name:
            shutil.rmtree(self.index_dir / old, ignore_errors=True)
        return count

    def _reloaded(self) -> None:
        """See this process's commit at once, as a new index state."""
        with self._view_lock:
            self._index.reload()
            self._commits += 1

    # Reading ----------------------------------------------------------------------------------
    def count(self) -> int:
        self._follow_pointer()
        return int(self._index.searcher().num_docs)

    def health(self) -> dict[str, object]:
        status = "needs_reindex" if self._mismatch else "ok"
        cache = self._cache.stats()
        return {"engine": self.name, "status": status, "documents": self.count(), "generation": self._generation,
                "result_cache": {"entries": cache.size, "capacity": cache.capacity, "hits": cache.hits,
                                 "misses": cache.misses, "hit_rate": round(cache.hit_rate, 3)},
                # how often a ranking looked for the courses reaching the best score first (_best_tier),
                # and how often they were the page
                "narrowed": {"searches": self.narrowed_searches, "pages": self.narrowed_pages},
                **({"error": self._mismatch} if self._mismatch else {})}

    def close(self) -> None:
        with self._lock:
            self._release_writer()

    def cache_stats(self) -> CacheStats:
        return self._cache.stats()

    def _view(self) -> _View:
        """A searcher and the state of the index it sees, taken together: a commit (reload) cannot fall
        between them."""
        with self._view_lock:
            state = self._state()
            return _View(self._index.searcher(), state)

    def _state(self) -> tuple[str, int, tuple[int, int]]:
        """A token that changes whenever what a searcher sees may have changed (call under _view_lock)."""
        try:
            meta = (self.index_dir / self._generation / "meta.json").stat()
            mtime = (meta.st_ino, meta.st_mtime_ns)  # tantivy replaces meta.json: a new inode per commit
        except FileNotFoundError:
            mtime = (0, 0)
        if mtime != self._meta_mtime:  # a commit (ours or another process's): see it now, not after a delay
            self._index.reload()
            self._meta_mtime = mtime
        return (self._generation, self._commits, mtime)

    def search(self, request: SearchRequest, on_page: PageHook | None = None) -> EngineResult:
        self._follow_pointer()
        self._usable()
        view = self._view()
        key = request_key(request, date.today())
        cached = self._cache.get(view.state, key)
        if cached is not None:
            return cached
        result = self._search(request, view, on_page)
        self._cache.put(view.state, key, result)
        return result

    def _plan(self, view: _View, request: SearchRequest) -> QueryPlan:
        """``query.build_plan`` with this index's answers (how many courses hold a word, which words
        begin with a prefix, which expansions counting can leave out, the circle's postal codes)."""
        searcher = view.searcher
        freqs: dict[tuple[str, str], int] = {}  # a plan asks for some words more than once

        def doc_freq(field: str, token: str) -> int:
            found = freqs.get((field, token))
            if found is None:
                found = freqs[(field, token)] = int(searcher.doc_freq(field, token))
            return found

        def prefix_terms(field: str, prefix: str, limit: int) -> list[str]:
            return [str(term) for term, _ in searcher.terms_with_prefix(field, prefix, limit=limit + 1)]

        return build_plan(request, self.schema, self.languages, doc_freq, prefix_terms, int(searcher.num_docs),
                          self._local_area(view, request, doc_freq), partial(self._covered_by, view))

    def _covered_by(self, view: _View, field: str, token: str, words: tuple[str, ...]) -> bool:
        """Whether no course holds ``token`` in ``field`` without one of ``words`` in ``words``: a fact of
        the index, counted once per index state on a thread of its own (a millisecond or more for a
        common expansion, which would otherwise fall on the asking query), one count at a time so that
        none holds up a query's facet counts. Until it is known the answer is False (read the token's
        list: always right); a question asked while another is being counted is counted when asked again."""
        key = (*view.state, field, token, words)
        known = self._covered.get(key)
        if known is not None or not self._learning.acquire(blocking=False):
            return known is True
        _make_room(self._covered)

        def count() -> None:
            try:
                held = [(Occur.Should, Query.term_query(self.schema, "words", word)) for word in words]
                outside = Query.boolean_query([(Occur.Must, Query.term_query(self.schema, field, token)),
                                               (Occur.MustNot, Query.boolean_query(held))])
                self._covered[key] = int(view.searcher.search(outside, 1, count=True).count) == 0
            finally:
                self._learning.release()
        try:
            _LEARNING.submit(count)
        except RuntimeError:  # the interpreter is shutting down
            self._learning.release()
        return False

    def _search(self, request: SearchRequest, view: _View, on_page: PageHook | None = None) -> EngineResult:
        searcher = view.searcher
        plan = self._plan(view, request)
        # The facet counts read the matches a second time: on the other core, while this thread ranks
        # (tantivy lets go of the GIL while it searches).
        # They count every match, so the ranking does not count again: the total is their sum.
        counting = _FACET_POOL.submit(self._facets, searcher, plan.facet_query)
        hits = self._ranked_hits(view, lambda: plan.query, request, plan, matches_nothing=lambda wait: (
            (wait or counting.done()) and _total(counting.result(), request) == 0))
        if on_page is not None and hits and not counting.done():
            on_page([hit.id for hit in hits])  # while the other thread still counts
        facets = counting.result()
        matched_by = plan.matched_by
        if _total(facets, request) == 0 and plan.has_fallback:  # no course has every word: any word
            counting = _FACET_POOL.submit(self._facets, searcher, plan.facet_fallback)
            hits = self._ranked_hits(view, lambda: plan.fallback, request)
            facets, matched_by = counting.result(), "any"
        return EngineResult(hits=hits, total=_total(facets, request), facets=facets, matched_by=matched_by)

    def _ranked_hits(self, view: _View, query_of: Callable[[], Any], request: SearchRequest,
                     plan: QueryPlan | None = None,
                     matches_nothing: Callable[[bool], bool] | None = None) -> list[EngineHit]:
        """The page of ``query_of()`` (asked for only when the best tier does not give it: see QueryPlan).
        ``matches_nothing(wait)``: whether the facet counts found no match (False while they are still
        counting, unless told to wait for them)."""
        searcher = view.searcher
        geo = request.geo
        if request.sort is SortOrder.DISTANCE and geo is not None:
            result = searcher.search(query_of(), MAX_DISTANCE_SORT, count=False)
            addresses = [address for _, address in result.hits]
            plz = searcher.fast_field_values("plz_n", addresses)
            starts = searcher.fast_field_values("start", addresses)
            rows = [(geo.postal_codes.get(f"{p:05d}", 1e9), s, address)
                    for p, s, address in zip(plz, starts, addresses, strict=True)]
            rows.sort(key=lambda row: (row[0], row[1]))
            page = rows[request.offset:request.offset + request.limit]
            return [self._hit(searcher, 0.0, address, geo) for _, _, address in page]
        if request.sort is SortOrder.START or not request.q.strip():
            result = searcher.search(query_of(), request.limit, count=False, order_by_field="start",
                                     offset=request.offset, order=tantivy.Order.Asc)
            return [self._hit(searcher, 0.0, address, geo) for _, address in result.hits]
        today = date_number(request.today or date.today()) or 0
        # Perhaps no course has every word: the facet counts (on the other thread) know, and then ranking
        # would find nothing. Waiting for them first pays for a course-type filter on a query of several
        # words: often no course of that type has every word (two in three such queries of the
        # all-languages benchmark; one in ten without a type filter, where waiting cost more than it saved).
        if (matches_nothing is not None and bool(request.course_types) and plan is not None
                and plan.has_fallback and matches_nothing(True)):
            return []
        tier = self._best_tier(view, plan, request, today) if plan else None
        if tier is not None and plan is not None and plan.best is not None:  # equal scores, soonest first
            return [self._hit(searcher, plan.best, address, geo) for address in tier[request.offset:]]
        if matches_nothing is not None and matches_nothing(False):  # counted already: nothing
            return []
        found = searcher.search(query_of(), request.offset + request.limit + RERANK_WINDOW, count=False).hits
        addresses = [address for _, address in found]
        starts = searcher.fast_field_values("start", addresses) if addresses else []
        ranked = [(round(score, 3), start_distance(start, today), address, score)
                  for (score, address), start in zip(found, starts, strict=True)]
        ranked.sort(key=lambda row: (-row[0], row[1]))
        window_page = ranked[request.offset:request.offset + request.limit]
        return [self._hit(searcher, score, address, geo) for _, _, address, score in window_page]

    def _best_tier(self, view: _View, plan: QueryPlan, request: SearchRequest, today: int) -> list[Any] | None:
        """The page, when the courses reaching the best score any course can reach fill it.

        Courses share the best score by the thousand ("Sprachkurs" in 50,000 titles), and among
        equals the soonest upcoming start comes first. The courses reaching ``plan.best`` are
        ``plan.top``: a conjunction of a few lists (each word by its best way, every bonus, the
        filters), which tantivy steps through quickly, where a ranking reads every way of every word.
        If enough of them start from today on, the soonest of them are the page: no other course can
        come before them. They are looked for among the courses starting in the next few days first
        (about ``soonest_courses``, more when filters let few through; an index written in start order
        holds them side by side), then among every upcoming course. Returns the page's first
        ``offset + limit`` courses, soonest first, or None: rank everything."""
        if plan.best is None or plan.top is None or not self.soonest_courses:
            return None
        page = request.offset + request.limit
        searcher = view.searcher
        share = self._filter_share(view, plan, request)
        last_day = self._upcoming_day(view, today, self.soonest_courses / share)
        if last_day is None and plan.top_at_most is not None and plan.top_at_most * share < page:
            return None  # too few courses can reach the best score to fill a page, as far as one can tell
        self.narrowed_searches += 1
        if last_day is not None:
            # The next few days from the inverted index: their lists, stepped through beside the words
            # (as a fast-field range it cost twice as much).
            hits = self._soonest(searcher, plan.top, page, Query.range_query(
                self.schema, "start", tantivy.FieldType.Integer, today, last_day, use_inverted_index=True))
            # None in those days: then all upcoming courses rarely fill a page either (all-languages
            # benchmark: 0 of 154 such queries did; 4 of 4 with some best-tier course in those days did).
            if len(hits) >= page or not hits:
                return self._tier_page(hits, page)
        hits = self._soonest(searcher, plan.top, page, Query.range_query(
            self.schema, "start", tantivy.FieldType.Integer, today, UNKNOWN_START - 1))
        return self._tier_page(hits, page)

    @staticmethod
    def _soonest(searcher: Any, top: Any, page: int, upcoming: Any) -> list[Any]:
        """The ``page`` soonest best-tier courses (``top``) starting in ``upcoming`` (a range of start days)."""
        query = Query.boolean_query([(Occur.Must, top), (Occur.Must, upcoming)])
        return [address for _, address in searcher.search(query, page, count=False, order_by_field="start",
                                                          order=tantivy.Order.Asc).hits]

    def _tier_page(self, addresses: list[Any], page: int) -> list[Any] | None:
        """``_best_tier``'s answer from the soonest best-tier courses found."""
        if len(addresses) < page:
            return None
        self.narrowed_pages += 1
        return addresses

    def _local_area(self, view: _View, request: SearchRequest, doc_freq: Callable[[str, str], int]) -> Area | None:
        """``query.local_area`` of the request's circle (with or without words), looked up once per
        index state and circle."""
        geo = request.geo
        if geo is None:
            return None
        return _remember(self._local_areas, (*view.state, geo.lat, geo.lon, geo.radius_km),
                         lambda: local_area(request, doc_freq))

    def _filter_share(self, view: _View, plan: QueryPlan, request: SearchRequest) -> float:
        """The share of courses the request's filters let through (1.0 without filters), counted once
        per index state and filter set (an embedding town asks for the same circle all day)."""
        if not plan.filters:
            return 1.0
        searcher = view.searcher
        if plan.selected is not None:  # a circle's postal codes that hold courses: their lists' lengths
            return max(min(1.0, plan.selected / max(1, int(searcher.num_docs))), 1e-9)
        geo = request.geo
        key = (*view.state, request.course_types,
               None if geo is None else (geo.lat, geo.lon, geo.radius_km), request.start_from, request.start_to,
               request.free_seats, request.childcare, request.barrier_free, request.schedule)
        def count() -> float:
            selected = searcher.search(Query.boolean_query([(Occur.Must, f) for f in plan.filters]), 1, count=True)
            return int(selected.count) / max(1, int(searcher.num_docs))
        return max(_remember(self._filter_shares, key, count), 1e-9)

    def _upcoming_day(self, view: _View, today: int, wanted: float) -> int | None:
        """The last start day (a ``date_number``) of the ``wanted`` courses starting soonest from
        ``today`` on; None if narrowing to them would not pay (they are more than ``NARROWED_AT_MOST``
        of the index, or fewer courses are upcoming). The days are counted once per index state and day."""
        key = (*view.state, today)
        searcher = view.searcher
        known, days = self._upcoming
        if known != key:
            agg = searcher.aggregate(
                Query.range_query(self.schema, "start", tantivy.FieldType.Integer, today, UNKNOWN_START - 1),
                {"days": {"terms": {"field": "start", "size": SOONEST_DAYS, "order": {"_key": "asc"}}}})
            running, days = 0, []
            for bucket in agg.get("days", {}).get("buckets", []):
                running += int(bucket["doc_count"])
                days.append((running, int(bucket["key"])))
            self._upcoming = (key, days)
        if wanted > NARROWED_AT_MOST * int(searcher.num_docs):
            return None
        for running, day in days:
            if running >= wanted:
                return day
        return None

    def _hit(self, searcher: Any, score: float, address: Any, geo: Any) -> EngineHit:
        doc = searcher.doc(address)
        course_id = str(doc.get_first("id"))
        distance = None
        if geo is not None:
            plz = doc.get_first("plz")
            distance = geo.postal_codes.get(plz) if plz else None
        return EngineHit(id=course_id, score=float(score), distance_km=distance)

    @staticmethod
    def _facets(searcher: Any, facet_query: Any) -> dict[str, dict[str, int]]:
        agg = searcher.aggregate(facet_query, {"course_type": {"terms": {"field": "course_type", "size": 50}}})
        buckets = agg.get("course_type", {}).get("buckets", [])
        return {"course_type": {str(b["key"]): int(b["doc_count"]) for b in buckets}}


_V = TypeVar("_V")
# Values kept per index state and request part (circles, filter sets): at most this many, then forgotten
# all at once (an index state changes with every commit, so old keys are dead anyway).
REMEMBERED = 10_000


def _remember(kept: dict[tuple[object, ...], _V], key: tuple[object, ...], compute: Callable[[], _V]) -> _V:
    if key in kept:
        return kept[key]
    _make_room(kept)
    value = kept[key] = compute()
    return value


def _make_room(kept: dict[tuple[object, ...], Any]) -> None:
    if len(kept) > REMEMBERED:
        kept.clear()


def _total(facets: dict[str, dict[str, int]], request: SearchRequest) -> int:
    """Every match has one course type, and the facet counts ignore the type filter: the total is the
    sum of the wanted types' counts."""
    counts = facets.get("course_type", {})
    if request.course_types:
        return sum(counts.get(kind, 0) for kind in set(request.course_types))
    return sum(counts.values())


TermSets = tuple[tuple[str, tuple[str, ...]], ...]


@lru_cache(maxsize=4096)  # a string of up to ~20 KB each
def _analysed_terms(terms: TermSets, in_title: frozenset[str] = frozenset()) -> str:
    """A course's glossary terms in every language, analysed, each token once, without the words its
    title holds. Courses share a few term sets (the concepts they use) and titles, and a set holds
    hundreds of terms: analyse each set once. (Half of a set's tokens repeat: "kurs" in many terms;
    the index keeps which courses hold a token, not how often, so a repeat is work for nothing.)"""
    return " ".join(token for token in dict.fromkeys(_term_tokens(terms)) if token not in in_title)


@lru_cache(maxsize=20_000)
def _term_tokens(terms: TermSets) -> tuple[str, ...]:
    return tuple(" ".join(_analysed_language_terms(lang, values) for lang, values in terms).split())


@lru_cache(maxsize=20_000)
def _term_vocabulary(terms: TermSets) -> frozenset[str]:
    return frozenset(_term_tokens(terms))


@lru_cache(maxsize=20_000)
def _whole_term_keys(terms: TermSets) -> str:
    """Each term as one ``term_exact`` token, analysed as a query would be (see query.py)."""
    return " ".join(sorted({key for lang, values in terms for term in values if (key := _whole_term_key(term, lang))}))


@lru_cache(maxsize=100_000)
def _whole_term_key(term: str, lang: str) -> str:
    return whole_term_key(query_terms(term, lang, prefix_last=False))


def _analysed_language_terms(lang: str, terms: tuple[str, ...]) -> str:
    return " ".join(_analysed_term(term, lang) for term in terms)


@lru_cache(maxsize=100_000)
def _analysed_term(term: str, lang: str) -> str:
    return " ".join(index_tokens(term, lang))
