"""Turns a :class:`SearchRequest` into Meilisearch multi-search requests and their answers into an
:class:`EngineResult` (part of the Meilisearch engine; plain data in and out, no client).

The embedded engine's semantics, expressed with what Meilisearch offers:

- **every word must match** (``matchingStrategy: all``), in any of several *variants* of the query
  merged by one federated multi-search (same index, so a course appears once, with its best
  weighted score, and the total counts the union):

  ====================  ===========================================================  ======
  variant               searches                                                     weight
  ====================  ===========================================================  ======
  as typed              every language field                                          1.0
  query language        only the query language's fields (boosted, never required)    1.1
  analysed              ``analysed``: our stems, compound parts, transliterations      0.9
  compound parts        ``analysed``, a compound query word replaced by its parts      0.8
  glossary expansion    the query with one word replaced by a glossary alternative     0.8
  ====================  ===========================================================  ======

- **any word** when no course has every word: one variant per word (``matched_by="any"``);
- **filters** select, never rank; facet counts ignore the course-type filter (a second query);
- **sorts**: start date or distance order every match (``sort`` is the first ranking rule);
  relevance ties are broken by the nearest start date, re-ranked here over a window exactly as
  the embedded engine does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from service import geo
from service.search import meili_filters as mf
from service.search import meili_settings as ms
from service.search.analysis import QueryTerm, query_terms, words
from service.search.base import EngineHit, EngineResult, SearchRequest, SortOrder
from service.search.documents import UNKNOWN_START, date_number, start_distance, typed_place

RERANK_WINDOW = 60
LANG_BOOST = 1.1
ANALYSED_WEIGHT = 0.9
PARTS_WEIGHT = 0.8
EXPANSION_WEIGHT = 0.8
MAX_VARIANTS = 12
MAX_FALLBACK_WORDS = 8
RETRIEVE = ["id", "start", "_geo"]


@dataclass(frozen=True, slots=True)
class Variant:
    q: str
    weight: float = 1.0
    fields: tuple[str, ...] = ()  # attributesToSearchOn; () = every searchable attribute


@dataclass(slots=True)
class QueryPlan:
    index_uid: str
    filter: str | None
    facet_filter: str | None
    sort: list[str] | None
    window: int
    variants: list[Variant]
    fallback: list[Variant] = field(default_factory=list)  # any-word variants

    @property
    def separate_facets(self) -> bool:
        return self.facet_filter != self.filter


@dataclass(slots=True)
class Page:
    hits: list[dict[str, Any]]
    total: int
    facets: dict[str, int]


# Planning ---------------------------------------------------------------------------------------
def plan(request: SearchRequest, index_uid: str, languages: Sequence[str]) -> QueryPlan:
    q = request.q.strip()
    relevance = request.sort is SortOrder.RELEVANCE and bool(q)
    window = request.offset + request.limit + (RERANK_WINDOW if relevance else 0)
    variants = _variants(request, languages, relevance=relevance) if q else [Variant("")]
    fallback = _fallback(request) if len(set(words(q))) > 1 else []  # in every sort order, as embedded
    return QueryPlan(index_uid, mf.request_filter(request), mf.request_filter(request, with_types=False),
                     _sort(request), window, variants[:MAX_VARIANTS], fallback[:MAX_VARIANTS])


def _sort(request: SearchRequest) -> list[str] | None:
    if request.sort is SortOrder.DISTANCE and request.geo is not None:
        return [mf.nearest_first(request.geo.lat, request.geo.lon), mf.ascending("start")]
    if request.sort is SortOrder.START or not request.q.strip():
        return [mf.ascending("start")]
    return None


def _variants(request: SearchRequest, languages: Sequence[str], *, relevance: bool) -> list[Variant]:
    q = request.q.strip()
    found = [Variant(q)]
    if relevance and request.lang and request.lang in ms.ordered_languages(languages):
        own = tuple(ms.text_field(kind, request.lang) for kind in ms.TEXT_KINDS)
        found.append(Variant(q, LANG_BOOST, own))
    terms = query_terms(q, request.lang)
    stems = " ".join(t.stem or t.surface for t in terms)
    if stems:
        found.append(Variant(stems, ANALYSED_WEIGHT, (ms.ANALYSED,)))
    if any(len(t.parts) > 1 for t in terms):
        parts = " ".join(" ".join(t.parts) if len(t.parts) > 1 else (t.stem or t.surface) for t in terms)
        found.append(Variant(parts, PARTS_WEIGHT, (ms.ANALYSED,)))
    found += _places(terms)
    found += _expansions(request)
    return list(dict.fromkeys(found))


def _places(terms: Sequence[QueryTerm]) -> list[Variant]:
    """"курсы немецкого берлин": the query with one word in Arabic or Cyrillic letters replaced by
    its sound as a city (``documents.place_tokens`` index each course's city so). Which word is the
    city, Meilisearch cannot tell us beforehand: a variant per word; the others match no city."""
    analysed = [t.stem or t.surface for t in terms]
    return [Variant(" ".join([*analysed[:i], place, *analysed[i + 1:]]), EXPANSION_WEIGHT, (ms.ANALYSED,))
            for i, t in enumerate(terms) if (place := typed_place(t))]


def _expansions(request: SearchRequest) -> list[Variant]:
    """The query with one word replaced by a glossary alternative, searched as analysed text.

    ``Expansion.word`` is the analysed surface of a query word (what the embedded engine keys on),
    so each query word is matched through the same analysis.
    """
    terms = query_terms(request.q, request.lang)
    found: list[Variant] = []
    for expansion in request.expansions:
        index = next((i for i, t in enumerate(terms) if expansion.word in (t.surface, t.stem)), None)
        if index is None:
            continue
        for alternative in expansion.alternatives[:3]:
            alt_terms = query_terms(alternative, request.lang, prefix_last=False)
            alt = " ".join(t.stem or t.surface for t in alt_terms)
            if not alt:
                continue
            others = [t.stem or t.surface for i, t in enumerate(terms) if i != index]
            found.append(Variant(" ".join([*others[:index], alt, *others[index:]]), EXPANSION_WEIGHT,
                                 (ms.ANALYSED,)))
    return found


def _fallback(request: SearchRequest) -> list[Variant]:
    """Any word: each word as typed and as analysed, so the union holds every course with one of them."""
    found: list[Variant] = []
    for word in list(dict.fromkeys(words(request.q)))[:MAX_FALLBACK_WORDS]:
        found.append(Variant(word))
        for term in query_terms(word, request.lang, prefix_last=False):
            found.append(Variant(term.stem or term.surface, ANALYSED_WEIGHT, (ms.ANALYSED,)))
    return list(dict.fromkeys(found))


# Requests ---------------------------------------------------------------------------------------
def _query(plan: QueryPlan, variant: Variant, search_filter: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {"indexUid": plan.index_uid, "q": variant.q, "matchingStrategy": "all",
                            "attributesToRetrieve": RETRIEVE, "showRankingScore": True}
    if variant.fields:
        body["attributesToSearchOn"] = list(variant.fields)
    if search_filter:
        body["filter"] = search_filter
    if plan.sort:
        body["sort"] = plan.sort
    return body


def single_request(plan: QueryPlan, variant: Variant) -> list[dict[str, Any]]:
    """One variant: a plain multi-search with exhaustive ``totalHits`` and the facet query beside it."""
    main = {**_query(plan, variant, plan.filter), "page": 1, "hitsPerPage": plan.window}
    if not plan.separate_facets:
        return [{**main, "facets": list(ms.FACETS)}]
    facets = {**_query(plan, variant, plan.facet_filter), "limit": 0, "facets": list(ms.FACETS)}
    return [main, facets]


def federated_request(plan: QueryPlan, variants: Sequence[Variant], *, facets_only: bool = False
                      ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    search_filter = plan.facet_filter if facets_only else plan.filter
    queries = [{**_query(plan, v, search_filter), "federationOptions": {"weight": v.weight}}
               for v in variants]
    federation: dict[str, Any] = {"offset": 0, "limit": 0 if facets_only else plan.window}
    if facets_only or not plan.separate_facets:
        federation["facetsByIndex"] = {plan.index_uid: list(ms.FACETS)}
    return queries, federation


# Answers ----------------------------------------------------------------------------------------
def read_single(plan: QueryPlan, results: Sequence[Mapping[str, Any]]) -> Page:
    main = results[0]
    facets = (results[1] if plan.separate_facets else main).get("facetDistribution") or {}
    total = main.get("totalHits", main.get("estimatedTotalHits", 0))
    return Page(list(main.get("hits") or []), int(total), _counts(facets))


def read_federated(plan: QueryPlan, response: Mapping[str, Any]) -> Page:
    by_index = (response.get("facetsByIndex") or {}).get(plan.index_uid) or {}
    return Page(list(response.get("hits") or []), int(response.get("estimatedTotalHits", 0)),
                _counts(by_index.get("distribution") or {}))


def _counts(distribution: Mapping[str, Any]) -> dict[str, int]:
    return {str(k): int(v) for k, v in (distribution.get(ms.FACETS[0]) or {}).items()}


def score_of(hit: Mapping[str, Any]) -> float:
    federation = hit.get("_federation")
    if isinstance(federation, Mapping) and "weightedRankingScore" in federation:
        return float(federation["weightedRankingScore"])
    return float(hit.get("_rankingScore") or 0.0)


def result(request: SearchRequest, page: Page, facets: Mapping[str, int], matched_by: str) -> EngineResult:
    rows = page.hits
    relevance = request.sort is SortOrder.RELEVANCE and bool(request.q.strip())
    if relevance:
        today = date_number(request.today or date.today()) or 0
        rows = sorted(rows, key=lambda h: (-round(score_of(h), 3), _start_of(h, today)))
    window = rows[request.offset:request.offset + request.limit]
    hits = [EngineHit(id=str(h["id"]), score=score_of(h) if relevance else 0.0,
                      distance_km=_distance(request, h)) for h in window]
    return EngineResult(hits=hits, total=page.total, facets={ms.FACETS[0]: dict(facets)},
                        matched_by=matched_by)


def _distance(request: SearchRequest, hit: Mapping[str, Any]) -> float | None:
    point = hit.get("_geo")
    if request.geo is None or not isinstance(point, Mapping):
        return None
    # _geo is the PLZ centroid, so this equals the embedded engine's PLZ-to-PLZ distance.
    return geo.haversine_km(request.geo.lat, request.geo.lon, float(point["lat"]), float(point["lng"]))


def _start_of(hit: Mapping[str, Any], today: int) -> tuple[int, int]:
    start = hit.get("start")
    return start_distance(start if isinstance(start, int) else UNKNOWN_START, today)
