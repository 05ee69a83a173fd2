"""``kursfinder eval``'s tables: overall and per language (beside a baseline when given), detection,
the worst queries. Rendering only; the numbers come from :mod:`service.evaluation.harness`."""

from __future__ import annotations

from rich.table import Table

from service.evaluation.harness import EvalReport
from service.evaluation.metrics import Scores

#: The issue's targets, marked in the table (per language only for languages with this many queries).
TARGET_SUCCESS = 0.95
TARGET_MRR = 0.85
TARGET_DETECTION = 0.95
MIN_QUERIES_FOR_TARGET = 20


def _cell(value: float, target: float | None = None) -> str:
    text = f"{value:.3f}"
    if target is None:
        return text
    return text if value >= target else f"[red]{text}[/red]"


def scores_table(report: EvalReport, baseline: EvalReport | None = None) -> Table:
    title = f"Search quality — {report.label}" + (f" vs {baseline.label}" if baseline else "")
    columns = ["lang", "n", "S@10", "MRR@10", "nDCG@10"]
    if baseline:
        columns += ["base S@10", "base MRR", "base nDCG"]
    table = Table(*columns, title=title)
    base = baseline.per_language() if baseline else {}
    rows = [*report.per_language().items(), ("all", report.overall)]
    for lang, scores in rows:
        judged = lang == "all" or scores.queries >= MIN_QUERIES_FOR_TARGET
        cells = [lang, str(scores.queries), _cell(scores.success, TARGET_SUCCESS if judged else None),
                 _cell(scores.mrr, TARGET_MRR if judged else None), _cell(scores.ndcg)]
        if baseline:
            other = baseline.overall if lang == "all" else base.get(lang, Scores.of([]))
            cells += [_cell(other.success), _cell(other.mrr), _cell(other.ndcg)]
        table.add_row(*cells, end_section=lang == rows[-2][0])
    return table


def detection_table(report: EvalReport) -> Table | None:
    detection = report.detection()
    if detection is None:
        return None
    table = Table("lang", "correct", "judged", "accuracy", title="Query language detection")
    for lang, (correct, total) in detection.per_language.items():
        table.add_row(lang, str(correct), str(total), _cell(correct / total if total else 0.0))
    table.add_row("all", str(detection.correct), str(detection.total), _cell(detection.accuracy))
    table.add_row("1–3 words", str(detection.short_correct), str(detection.short_total),
                  _cell(detection.short_accuracy, TARGET_DETECTION))
    return table


def worst_table(report: EvalReport, n: int) -> Table:
    table = Table("line", "lang", "query", "det", "rank", "nDCG", "top 3 types", title=f"Worst {n} queries")
    for r in report.worst(n):
        top = ", ".join(ctype for _, ctype in r.hits[:3]) or (r.error or "no hit")
        table.add_row(str(r.query.line), r.query.lang, r.query.query, r.detected or "-",
                      str(r.first_relevant or "-"), f"{r.ndcg:.2f}", top)
    return table
