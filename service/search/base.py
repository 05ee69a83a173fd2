"""The seam between Kursfinder and a search engine: a request, a result and a small protocol.

Two engines implement :class:`SearchEngine`: ``embedded.py`` (tantivy, default) and ``meili.py``
(Meilisearch). Both take the same :class:`SearchRequest` and return the same :class:`EngineResult`,
so the API cannot tell them apart; the shared engine test suite (``tests/engine_suite.py``) holds
them to that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Protocol

from service.search.documents import SearchDocument

Progress = Callable[[int], None]
# Told the ids of a result's page as soon as the engine knows them, before it has finished counting
# (the caller can read those courses meanwhile); the result may still differ (a fallback), so the
# caller checks it against the result's hits.
PageHook = Callable[[Sequence[str]], None]


class SortOrder(StrEnum):
    RELEVANCE = "relevance"
    START = "start"
    DISTANCE = "distance"


@dataclass(frozen=True, slots=True)
class GeoFilter:
    """A circle around a postal code's centroid. ``postal_codes``: every PLZ inside it, with distance."""

    lat: float
    lon: float
    radius_km: float
    postal_codes: dict[str, float]


@dataclass(frozen=True, slots=True)
class Expansion:
    """A query word's glossary expansion: other words that mean the same concept, scored lower."""

    word: str
    alternatives: tuple[str, ...]
    # the languages each alternative is a term in (parallel to ``alternatives``; empty: not known)
    languages: tuple[frozenset[str], ...] = ()

    def in_languages(self, wanted: Sequence[str]) -> tuple[tuple[str, str | None], ...]:
        """The alternatives that are terms in one of ``wanted``, each with the first such language
        (to analyse it as a word of that language); all of them, language unknown, when not known."""
        if not self.languages:
            return tuple((a, None) for a in self.alternatives)
        return tuple((a, found) for a, langs in zip(self.alternatives, self.languages, strict=True)
                     if (found := next((lang for lang in wanted if lang in langs), None)) is not None)


@dataclass(frozen=True, slots=True)
class SearchRequest:
    q: str = ""
    lang: str | None = None  # query language (explicit or detected): boosted, never required
    course_types: tuple[str, ...] = ()
    geo: GeoFilter | None = None
    start_from: date | None = None
    start_to: date | None = None
    free_seats: bool = False
    childcare: bool | None = None
    barrier_free: bool | None = None
    schedule: tuple[str, ...] = ()
    sort: SortOrder = SortOrder.RELEVANCE
    limit: int = 20
    offset: int = 0
    expansions: tuple[Expansion, ...] = ()
    today: date | None = None  # reference day for "nearest start date" tie-breaks (tests pin it)


@dataclass(frozen=True, slots=True)
class EngineHit:
    id: str
    score: float
    distance_km: float | None = None


@dataclass(slots=True)
class EngineResult:
    hits: list[EngineHit]
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    matched_by: str = "all"  # "all" words, "any" word (fallback when no course had all), or "filters"


class SearchEngine(Protocol):
    name: str
    # Whether the engine searches faster with its index written in tie-break order (the indexer then
    # rewrites it once a day: ``Indexer.reorder_due``).
    keeps_order: bool

    def upsert(self, documents: Sequence[SearchDocument]) -> None: ...

    def delete(self, ids: Sequence[str]) -> None: ...

    def search(self, request: SearchRequest, on_page: PageHook | None = None) -> EngineResult: ...

    def rebuild(self, documents: Iterable[SearchDocument], progress: Progress | None = None) -> int:
        """Build a fresh index from ``documents`` and swap it in when complete."""
        ...

    def count(self) -> int: ...

    def health(self) -> dict[str, object]: ...

    def close(self) -> None: ...
