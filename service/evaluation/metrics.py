"""The measures: a ranked list of relevance grades in, a number out.

A grade is 0 (not relevant), 1 (a course of a type the person meant) or 2 (a course the judge
named). Success@k and reciprocal rank count any grade above 0; nDCG@k uses the grades, with gain
``2**grade - 1`` and the usual ``log2(rank + 1)`` discount, against the best ranking the store
could give (``ideal``: the grades of every relevant course there is, best first).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

K = 10


def success_at(grades: Sequence[int], k: int = K) -> float:
    return 1.0 if any(g > 0 for g in grades[:k]) else 0.0


def reciprocal_rank(grades: Sequence[int], k: int = K) -> float:
    """1 / rank of the first relevant hit within the first ``k`` (0 when there is none)."""
    for rank, grade in enumerate(grades[:k], start=1):
        if grade > 0:
            return 1.0 / rank
    return 0.0


def first_relevant_rank(grades: Sequence[int], k: int = K) -> int | None:
    return next((rank for rank, grade in enumerate(grades[:k], start=1) if grade > 0), None)


def dcg(grades: Iterable[int], k: int = K) -> float:
    ranked = enumerate(list(grades)[:k], start=1)
    return sum((2.0 ** grade - 1.0) / math.log2(rank + 1) for rank, grade in ranked)


def ndcg_at(grades: Sequence[int], ideal: Sequence[int], k: int = K) -> float:
    """nDCG@k of ``grades`` against ``ideal`` (sorted best first here); 0 when nothing is relevant."""
    best = dcg(sorted(ideal, reverse=True), k)
    return dcg(grades, k) / best if best > 0 else 0.0


@dataclass(frozen=True, slots=True)
class Scores:
    """Mean measures over a group of queries."""

    queries: int
    success: float
    mrr: float
    ndcg: float

    @classmethod
    def of(cls, rows: Sequence[tuple[float, float, float]]) -> Scores:
        """``rows``: (success, reciprocal rank, nDCG) per query."""
        if not rows:
            return cls(0, 0.0, 0.0, 0.0)
        n = len(rows)
        return cls(n, sum(r[0] for r in rows) / n, sum(r[1] for r in rows) / n, sum(r[2] for r in rows) / n)

    def as_dict(self) -> dict[str, float | int]:
        return {"queries": self.queries, "success_at_10": round(self.success, 4),
                "mrr_at_10": round(self.mrr, 4), "ndcg_at_10": round(self.ndcg, 4)}
