"""A bounded cache of engine results, valid for one state of the index.

Search traffic repeats itself: every page view of a town's widget asks for the same browse (courses
within 10 km, soonest first), and most people type the same few words. The answer to a request is
fixed until the index changes, so an engine may remember it under a *generation* token that it
changes on every commit it makes or sees; a stale entry is then never served, it merely ages out.
This is Elasticsearch's shard request cache, sized in entries: a result holds at most 100 ids and a
facet table, a few KB.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, replace

from service.search.base import EngineResult, SearchRequest

DEFAULT_SIZE = 4096


@dataclass(frozen=True, slots=True)
class CacheStats:
    size: int
    capacity: int
    hits: int
    misses: int

    @property
    def hit_rate(self) -> float:
        asked = self.hits + self.misses
        return self.hits / asked if asked else 0.0


def request_key(request: SearchRequest, today: object) -> Hashable:
    """Everything that decides a result. The circle stands for its postal codes (derived from it);
    ``today`` is the day the caller's ``request.today`` defaults to (ties break by start date)."""
    circle = (request.geo.lat, request.geo.lon, request.geo.radius_km) if request.geo else None
    return (replace(request, geo=None), circle, request.today or today)


class ResultCache:
    """Thread-safe LRU of ``EngineResult`` per (generation, request); ``capacity`` 0 turns it off."""

    def __init__(self, capacity: int = DEFAULT_SIZE) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[tuple[Hashable, Hashable], EngineResult] = OrderedDict()
        self._generation: Hashable = None
        self._lock = threading.Lock()
        self._hits = 0
        self._misses = 0

    def get(self, generation: Hashable, key: Hashable) -> EngineResult | None:
        if not self.capacity:
            return None
        with self._lock:
            if generation != self._generation:  # the index changed: every entry is stale
                self._entries.clear()
                self._generation = generation
            found = self._entries.get((generation, key))
            if found is None:
                self._misses += 1
                return None
            self._entries.move_to_end((generation, key))
            self._hits += 1
        return _copy(found)

    def put(self, generation: Hashable, key: Hashable, result: EngineResult) -> None:
        if not self.capacity:
            return
        with self._lock:
            if generation != self._generation:
                return  # computed on an index that has changed since: do not keep it
            self._entries[(generation, key)] = _copy(result)
            while len(self._entries) > self.capacity:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._generation = None

    def stats(self) -> CacheStats:
        with self._lock:
            return CacheStats(len(self._entries), self.capacity, self._hits, self._misses)


def _copy(result: EngineResult) -> EngineResult:
    """Callers get their own lists and dicts: a caller that edits a result cannot edit the cache."""
    return EngineResult(hits=list(result.hits), total=result.total,
                        facets={name: dict(counts) for name, counts in result.facets.items()},
                        matched_by=result.matched_by)
