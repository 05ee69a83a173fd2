"""Runs judged queries through a :class:`CourseSearch`, grades every hit, and aggregates.

The search is called in process exactly as the API calls it, with the query's filters and a fixed
reference day. By default no ``lang`` is passed, so query-language detection is part of what is
measured (as for a person who never chose a language); ``pass_lang`` passes the judged language,
as the widget does once a person picked one.

The ideal ranking for nDCG is taken from the whole catalog: every active course the filters admit,
graded by the judgement, best first. It is computed here, independently of the engine's filters.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from service.courses import Course
from service.errors import KursfinderError
from service.evaluation.metrics import K, Scores, first_relevant_rank, ndcg_at, reciprocal_rank, success_at
from service.evaluation.queries import EvalQuery, Filters
from service.search.service import CourseSearch, SearchParams

log = logging.getLogger(__name__)
SHORT_QUERY_WORDS = 3  # the detection target is about queries of one to three words
#: Dari is written Persian: two or three words rarely tell them apart, and either shows the person
#: a text they read. Detection counts them as one language (the per-language tables keep both).
SAME_WRITTEN_LANGUAGE = {"prs": "fa"}


def same_language(detected: str | None, judged: str) -> bool:
    if detected is None:
        return False
    return SAME_WRITTEN_LANGUAGE.get(detected, detected) == SAME_WRITTEN_LANGUAGE.get(judged, judged)


@dataclass(frozen=True, slots=True)
class QueryResult:
    query: EvalQuery
    grades: tuple[int, ...]
    hits: tuple[tuple[str, str], ...]  # (course id, course type) of the first K hits
    ideal: tuple[int, ...]
    detected: str | None = None
    detection_method: str | None = None
    matched_by: str = ""
    error: str | None = None

    @property
    def success(self) -> float:
        return success_at(self.grades)

    @property
    def reciprocal_rank(self) -> float:
        return reciprocal_rank(self.grades)

    @property
    def ndcg(self) -> float:
        return ndcg_at(self.grades, self.ideal)

    @property
    def first_relevant(self) -> int | None:
        return first_relevant_rank(self.grades)

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.query.line, "query": self.query.query, "lang": self.query.lang,
                "detected": self.detected, "first_relevant_rank": self.first_relevant,
                "reciprocal_rank": round(self.reciprocal_rank, 4), "ndcg_at_10": round(self.ndcg, 4),
                "relevant_in_catalog": len(self.ideal), "matched_by": self.matched_by,
                "top_hits": [f"{cid} ({ctype})" for cid, ctype in self.hits[:3]], "error": self.error}


@dataclass(frozen=True, slots=True)
class Detection:
    """Query-language detection: correct / judged, over queries whose text tells the language."""

    correct: int
    total: int
    short_correct: int
    short_total: int
    per_language: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def short_accuracy(self) -> float:
        return self.short_correct / self.short_total if self.short_total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"accuracy": round(self.accuracy, 4), "judged": self.total,
                "short_accuracy": round(self.short_accuracy, 4), "short_judged": self.short_total,
                "per_language": {lang: {"correct": c, "judged": t}
                                 for lang, (c, t) in self.per_language.items()}}


@dataclass(slots=True)
class EvalReport:
    results: list[QueryResult]
    label: str = ""
    pass_lang: bool = False
    today: date | None = None

    @property
    def overall(self) -> Scores:
        return _scores(self.results)

    def per_language(self) -> dict[str, Scores]:
        groups: dict[str, list[QueryResult]] = defaultdict(list)
        for result in self.results:
            groups[result.query.lang].append(result)
        return {lang: _scores(rows) for lang, rows in sorted(groups.items())}

    def detection(self) -> Detection | None:
        """None when the language was passed (nothing was detected)."""
        if self.pass_lang:
            return None
        judged = [r for r in self.results if r.query.detectable and r.error is None]
        short = [r for r in judged if r.query.words <= SHORT_QUERY_WORDS]
        per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for r in judged:
            per[r.query.lang][0] += same_language(r.detected, r.query.lang)
            per[r.query.lang][1] += 1
        return Detection(sum(same_language(r.detected, r.query.lang) for r in judged), len(judged),
                         sum(same_language(r.detected, r.query.lang) for r in short), len(short),
                         {lang: (c, t) for lang, (c, t) in sorted(per.items())})

    def worst(self, n: int) -> list[QueryResult]:
        ranked = sorted(self.results, key=lambda r: (r.reciprocal_rank, r.ndcg, r.query.line))
        return [r for r in ranked if r.reciprocal_rank < 1.0 or r.ndcg < 0.5][:n]

    def as_dict(self, worst: int = 20) -> dict[str, Any]:
        detection = self.detection()
        return {"label": self.label, "today": self.today.isoformat() if self.today else None,
                "pass_lang": self.pass_lang, "overall": self.overall.as_dict(),
                "per_language": {lang: s.as_dict() for lang, s in self.per_language().items()},
                "detection": detection.as_dict() if detection else None,
                "worst": [r.as_dict() for r in self.worst(worst)]}


def _scores(results: Sequence[QueryResult]) -> Scores:
    return Scores.of([(r.success, r.reciprocal_rank, r.ndcg) for r in results])


def search_params(query: EvalQuery, *, pass_lang: bool, today: date | None, limit: int = K) -> SearchParams:
    f = query.filters
    return SearchParams(
        q=query.query, lang=query.lang if pass_lang else None, today=today, limit=limit,
        course_types=list(f.course_types), schedule=list(f.schedule), plz=f.plz, radius_km=f.radius_km,
        childcare=f.childcare, barrier_free=f.barrier_free, free_seats=f.free_seats,
        start_from=f.start_from, start_to=f.start_to,
    )


class IdealRanking:
    """The best grades the catalog could give each query (the denominator of nDCG)."""

    def __init__(self, catalog: Sequence[Course]) -> None:
        self.catalog = catalog
        self._codes: dict[tuple[str | None, float | None], dict[str, float] | None] = {}

    def grades(self, query: EvalQuery, k: int = K) -> tuple[int, ...]:
        codes = self._postal_codes(query.filters)
        found = [g for c in self.catalog if query.filters.admits(c, codes) and (g := query.expected.grade(c))]
        return tuple(sorted(found, reverse=True)[:k]) if found else ()

    def count(self, query: EvalQuery) -> int:
        codes = self._postal_codes(query.filters)
        return sum(1 for c in self.catalog if query.filters.admits(c, codes) and query.expected.grade(c))

    def _postal_codes(self, filters: Filters) -> dict[str, float] | None:
        key = (filters.plz, filters.radius_km)
        if key not in self._codes:
            self._codes[key] = filters.postal_codes()
        return self._codes[key]


def run_queries(search: CourseSearch, queries: Sequence[EvalQuery], catalog: Sequence[Course], *,
                pass_lang: bool = False, today: date | None = None, label: str = "",
                progress: Callable[[int], None] | None = None) -> EvalReport:
    """Run ``queries`` through ``search``; ``catalog``: the active courses (for the ideal rankings)."""
    ideal = IdealRanking(catalog)
    results: list[QueryResult] = []
    for query in queries:
        results.append(run_one(search, query, ideal, pass_lang=pass_lang, today=today))
        if progress:
            progress(1)
    return EvalReport(results, label=label, pass_lang=pass_lang, today=today)


def run_one(search: CourseSearch, query: EvalQuery, ideal: IdealRanking, *, pass_lang: bool,
            today: date | None) -> QueryResult:
    best = ideal.grades(query)
    try:
        outcome = search.search(search_params(query, pass_lang=pass_lang, today=today))
    except KursfinderError as exc:
        log.warning("eval line %d (%r) failed: %s", query.line, query.query, exc.message)
        return QueryResult(query, (), (), best, error=exc.message)
    courses = [outcome.courses[h.id] for h in outcome.result.hits if h.id in outcome.courses][:K]
    detected = outcome.detected
    return QueryResult(
        query, tuple(query.expected.grade(c) for c in courses),
        tuple((c.id, str(c.course_type)) for c in courses), best,
        detected=detected.lang if detected else None, detection_method=detected.method if detected else None,
        matched_by=outcome.result.matched_by)
