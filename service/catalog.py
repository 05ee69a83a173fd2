"""The catalog: applies what a source says to the store, in one transaction, and reports it.

Upsert by id: a course whose content did not change is left alone (no outbox entry, no translation);
a full import of a source retires the active courses it no longer lists (they leave search and stay
in the store). Listeners (translation queueing) run inside the same transaction, so a course never
changes without its follow-up work being recorded.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from service.courses import Course
from service.ingest.base import ParseResult, RowError, SourceFormat
from service.search import outbox
from service.store import Store, now_iso

log = logging.getLogger(__name__)

# Called inside the write transaction with the courses that are new or changed, and the retired ids.
ChangeListener = Callable[[sqlite3.Connection, Sequence[Course], Sequence[str]], None]

#: A full import that rejects more than this share of its rows retires nothing: a broken export
#: must not empty a city's course list.
MAX_REJECTED_SHARE_FOR_RETIRE = 0.5


@dataclass(slots=True)
class IngestReport:
    source: str
    format: str
    filename: str | None = None
    rows_read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    run_id: int | None = None

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["errors"] = [asdict(error) for error in self.errors]
        return data

    def summary(self) -> str:
        return (f"{self.source}: {self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.retired} retired, {self.rejected} rejected")


class Catalog:
    def __init__(self, store: Store, listeners: Sequence[ChangeListener] = ()) -> None:
        self.store = store
        self.listeners = list(listeners)

    def apply(self, result: ParseResult, *, full: bool, filename: str | None = None) -> IngestReport:
        """Write ``result`` to the store. ``full``: the file is the source's complete list."""
        started = now_iso()
        report = IngestReport(source=result.source, format=str(result.format), filename=filename,
                              rows_read=result.rows_read, rejected=len({e.row for e in result.errors}),
                              errors=list(result.errors), warnings=list(result.warnings))
        with self.store.transaction() as conn:
            changed = self._upsert(conn, result.courses, report)
            retired = self._retire(conn, result, report) if full else []
            stamp = now_iso()
            self.store.write_courses(conn, changed, stamp)
            self.store.retire_courses(conn, retired, stamp)
            outbox.enqueue(conn, (c.id for c in changed), "upsert")
            outbox.enqueue(conn, retired, "delete")
            for listener in self.listeners:
                listener(conn, changed, retired)
            report.run_id = self.store.record_ingest_run(
                conn, source=report.source, format=report.format, filename=filename,
                started_at=started, report={k: v for k, v in report.as_dict().items() if k != "errors"})
        log.info("ingest %s", report.summary())
        return report

    def _upsert(self, conn: sqlite3.Connection, courses: Sequence[Course], report: IngestReport) -> list[Course]:
        known: dict[str, tuple[str, bool]] = {}
        for source in {c.source for c in courses}:
            known.update(self.store.course_hashes(conn, source))
        changed: list[Course] = []
        for course in courses:
            previous = known.get(course.id)
            if previous is None:
                report.new += 1
            elif previous[0] == course.content_hash() and previous[1]:
                report.unchanged += 1
                continue
            else:
                report.updated += 1
            changed.append(course)
        return changed

    def _retire(self, conn: sqlite3.Connection, result: ParseResult, report: IngestReport) -> list[str]:
        if not result.source:
            report.warnings.append("records of several sources: nothing was retired")
            return []
        if not result.courses:
            report.warnings.append("no valid course in the file: nothing was retired")
            return []
        if result.rows_read and report.rejected / result.rows_read > MAX_REJECTED_SHARE_FOR_RETIRE:
            report.warnings.append(
                f"{report.rejected} of {result.rows_read} rows were rejected: nothing was retired; "
                "fix the file and import it again")
            return []
        listed = {c.id for c in result.courses}
        active = [cid for cid, (_, is_active) in self.store.course_hashes(conn, result.source).items()
                  if is_active and cid not in listed]
        report.retired = len(active)
        return active

    def upsert_one(self, course: Course) -> IngestReport:
        """One course from the API (not a full import: nothing is retired)."""
        result = ParseResult(source=course.source, format=SourceFormat.KURSFINDER_JSON)
        result.rows_read = 1
        result.courses.append(course)
        return self.apply(result, full=False)
