"""What an evaluation measures: the demo catalog, and the German-only baseline index over a store.

The demo catalog is the real Berlin VHS sample plus the generated NAvI courses with a fixed seed
and a fixed reference day, so a development set judged against it stays valid from run to run.

The baseline is what a search engine without translation reaches: an index of the German fields
only (no translations, no glossary terms, no expansions) searched with German as the only
language. It is written to its own directory straight from the store's courses, never through
the :class:`~service.search.indexer.Indexer`, whose rebuild would drop the real index's outbox.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from service.config import Settings
from service.courses import Course
from service.errors import InvalidInput
from service.evaluation.harness import EvalReport, run_queries
from service.evaluation.queries import EvalQuery
from service.runtime import Runtime
from service.search.documents import build_document
from service.search.indexer import tie_break_order
from service.search.service import CourseSearch
from service.store import Store

log = logging.getLogger(__name__)

DEMO_TODAY = date(2026, 11, 22)
DEMO_SEED = 42
DEMO_COURSES = 2500
VHS_SAMPLE = Path(__file__).resolve().parents[2] / "data" / "vhs-berlin" / "kurse-sample.json"


def load_demo_catalog(runtime: Runtime, *, today: date = DEMO_TODAY, courses: int = DEMO_COURSES) -> None:
    """Ingest the VHS sample and the generated courses into ``runtime`` and bring its index up to date."""
    from service.demo import generate_courses_csv
    from service.ingest import parse_file

    files = [(VHS_SAMPLE.name, VHS_SAMPLE.read_bytes(), None),
             ("demo-navi.csv", generate_courses_csv(courses, seed=DEMO_SEED, today=today).encode(), "demo")]
    for name, data, source in files:
        parsed = parse_file(data, filename=name, source=source)
        report = runtime.catalog.apply(parsed, full=True, filename=name)
        log.info("eval catalog: %s", report.summary())
    # Draining writes each batch in the tie-break order of the day the queries are run on, with one
    # writer thread: the same documents get the same addresses on every run, whatever the date.
    runtime.indexer.today = lambda: today
    runtime.indexer.drain(batch=5000)


def active_courses(store: Store) -> list[Course]:
    return list(store.iter_courses())


@contextmanager
def german_only_search(store: Store, index_dir: Path, today: date | None = None) -> Iterator[CourseSearch]:
    """A :class:`CourseSearch` over a fresh German-only embedded index of ``store`` in ``index_dir``."""
    from service.search.embedded import EmbeddedEngine

    engine = EmbeddedEngine(index_dir, [])
    try:
        engine.rebuild(build_document(course) for course in tie_break_order(store, today))
        yield CourseSearch(store, engine, [])
    finally:
        engine.close()


def evaluate(settings: Settings, queries: Sequence[EvalQuery], *, demo: bool = False,
             today: date | None = None, german_only: bool = False, baseline: bool = False,
             pass_lang: bool = False) -> tuple[EvalReport, EvalReport | None]:
    """Run ``queries`` against the configured store, or (``demo``) a fresh demo catalog in a temp dir.

    Returns the report of the full system (or of the German-only index with ``german_only``) and,
    with ``baseline``, the German-only report beside it.
    """
    from service.runtime import build_runtime

    with tempfile.TemporaryDirectory(prefix="kursfinder-eval-") as tmp:
        if demo:
            settings = settings.model_copy(update={"data_dir": Path(tmp) / "data"})
            today = today or DEMO_TODAY
        runtime = build_runtime(settings)
        try:
            if demo:
                load_demo_catalog(runtime, today=today or DEMO_TODAY)
            catalog = active_courses(runtime.store)
            if not catalog:
                raise InvalidInput(f"the store in {settings.data_dir} holds no course: pass --demo to measure "
                                   "the demo catalog, or ingest data first")
            main: EvalReport | None = None
            if not german_only:
                main = run_queries(runtime.search, queries, catalog, pass_lang=pass_lang, today=today,
                                   label=f"{runtime.engine.name}, {len(runtime.search.languages)} languages")
            base: EvalReport | None = None
            if german_only or baseline:
                with german_only_search(runtime.store, Path(tmp) / "baseline-index", today) as search:
                    base = run_queries(search, queries, catalog, pass_lang=pass_lang, today=today,
                                       label="German-only baseline")
        finally:
            runtime.close()
    return (main, base) if main is not None else (_required(base), None)


def _required(report: EvalReport | None) -> EvalReport:
    if report is None:  # evaluate() runs the baseline whenever it does not run the full system
        raise RuntimeError("no evaluation ran")
    return report
