"""The translation worker: takes jobs from the durable queue, translates, stores, queues indexing.

One batch = up to ``jobs_per_batch`` courses in one target language (claimed with a lease). Their
fields go through :func:`~service.translate.batch.translate_texts` — one model call for the whole
batch's memory misses — and the results, the new memory entries, the index outbox entries and the
job completions are written in one transaction. A crash before that commit leaves the jobs leased:
they are taken again (see ``jobs.py``), and since the commit is all-or-nothing nothing is lost or
stored twice. A batch that fails is retried course by course, so one bad record cannot hold back
the others.

Languages without a model (``languages.py``) get the glossary's texts; languages whose model is
not installed here are left queued until it is (``kursfinder models install``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from service.courses import Course
from service.search import outbox
from service.store import Store
from service.translate import jobs
from service.translate.base import Translator
from service.translate.batch import BatchTarget, translate_texts
from service.translate.jobs import Job, JobState
from service.translate.languages import SOURCE_LANGUAGE, Language
from service.translate.memory import TranslationMemory
from service.translate.records import NewText, Origin, TranslationRecords, source_fields, source_hash
from service.translate.terms import TermPolicy

log = logging.getLogger(__name__)

JOBS_PER_BATCH = 25


@dataclass(slots=True)
class BatchReport:
    lang: str
    jobs: int = 0  # jobs finished (done, cancelled or re-queued) in this batch
    failed: int = 0
    segments: int = 0
    distinct: int = 0
    translated: int = 0  # segments sent to the model
    seconds: float = 0.0


@dataclass(slots=True)
class WorkerTotals:
    batches: int = 0
    jobs: int = 0
    failed: int = 0
    segments: int = 0
    translated: int = 0
    model_calls: int = 0

    def add(self, report: BatchReport) -> None:
        self.batches += 1
        self.jobs += report.jobs
        self.failed += report.failed
        self.segments += report.segments
        self.translated += report.translated
        self.model_calls += 1 if report.translated else 0


Progress = Callable[[BatchReport], None]


class TranslationWorker:
    def __init__(self, store: Store, translator: Translator, terms: TermPolicy, targets: Sequence[Language],
                 *, memory: TranslationMemory, records: TranslationRecords, jobs_per_batch: int = JOBS_PER_BATCH,
                 lease_s: float = jobs.LEASE_S, owner: str | None = None) -> None:
        self.store = store
        self.translator = translator
        self.terms = terms
        self.targets = list(targets)
        self.memory = memory
        self.records = records
        self.jobs_per_batch = jobs_per_batch
        self.lease_s = lease_s
        self.owner = owner or jobs.new_owner()

    def workable_languages(self) -> list[str]:
        """Target languages this installation can do now: glossary-only ones and those with a model."""
        return [lang.code for lang in self.targets
                if lang.argos is None or self.translator.can_translate(SOURCE_LANGUAGE, lang.argos)]

    def queue_missing(self) -> int:
        with self.store.transaction() as conn:
            return jobs.queue_missing(conn, [lang.code for lang in self.targets])

    def pending(self) -> int:
        return jobs.due_count(self.store, self.workable_languages())

    def run(self, *, until_idle: bool = True, progress: Progress | None = None,
            stop: threading.Event | None = None, idle_wait: float = 1.0) -> WorkerTotals:
        """Work batches until the queue is empty (``until_idle``) or ``stop`` is set.

        Ctrl-C / SystemExit hand the held jobs back; a crash leaves them to their lease.
        """
        stop = stop or threading.Event()
        totals = WorkerTotals()
        try:
            while not stop.is_set():
                report = self.run_batch()
                if report is None:
                    if until_idle:
                        break
                    stop.wait(idle_wait)
                    continue
                totals.add(report)
                if progress:
                    progress(report)
        except (KeyboardInterrupt, SystemExit):
            jobs.release(self.store, self.owner)
            raise
        return totals

    def run_batch(self) -> BatchReport | None:
        """Claim and finish one batch; None when nothing is due."""
        claimed = jobs.claim(self.store, self.workable_languages(), self.owner, self.jobs_per_batch,
                             lease_s=self.lease_s)
        if not claimed:
            return None
        started = time.monotonic()
        try:
            report = self._process(claimed)
        except Exception as exc:  # any engine failure: isolate the bad course, keep the worker alive
            report = self._one_by_one(claimed, exc)
        report.seconds = time.monotonic() - started
        log.info("translated %d courses into %s: %d segments, %d distinct, %d sent to the model (%.1f s)",
                 report.jobs, report.lang, report.segments, report.distinct, report.translated, report.seconds)
        return report

    def _one_by_one(self, claimed: Sequence[Job], first_error: Exception) -> BatchReport:
        report = BatchReport(claimed[0].lang)
        if len(claimed) == 1:
            jobs.fail(self.store, self.owner, claimed, f"{type(first_error).__name__}: {first_error}")
            report.failed = 1
            log.warning("translation of %s into %s failed: %s", claimed[0].course_id, claimed[0].lang, first_error)
            return report
        log.warning("a batch of %d %s jobs failed (%s: %s); retrying one by one",
                    len(claimed), claimed[0].lang, type(first_error).__name__, first_error)
        for job in claimed:
            try:
                single = self._process([job])
            except Exception as exc:
                jobs.fail(self.store, self.owner, [job], f"{type(exc).__name__}: {exc}")
                report.failed += 1
                continue
            report.jobs += single.jobs
            report.segments += single.segments
            report.distinct += single.distinct
            report.translated += single.translated
        return report

    def _process(self, claimed: Sequence[Job]) -> BatchReport:
        lang = next(target for target in self.targets if target.code == claimed[0].lang)
        courses = self.store.get_courses([job.course_id for job in claimed])
        report = BatchReport(lang.code)
        fresh: dict[str, str] = {}
        version = ""
        if lang.argos is None:
            outputs = {cid: self._glossary_texts(course, lang.code) for cid, course in courses.items()}
        else:
            version = self.translator.model_version(SOURCE_LANGUAGE, lang.argos)
            outputs, fresh = self._machine_texts(courses, lang, version, report)
        with self.store.transaction() as conn:
            # The memory keeps fresh output even if this batch's lease was lost: it is valid output.
            self.memory.remember(conn, fresh, SOURCE_LANGUAGE, lang.code, version)
            mine = jobs.still_leased(conn, self.owner, claimed)
            live = [job for job in mine if job.course_id in courses]
            self.records.write(conn, lang.code, {job.course_id: outputs[job.course_id] for job in live},
                               {job.course_id: source_fields(courses[job.course_id]) for job in live})
            outbox.enqueue(conn, [job.course_id for job in live], "upsert")
            jobs.complete(conn, self.owner, live)
            jobs.complete(conn, self.owner, [job for job in mine if job.course_id not in courses],
                          state=JobState.CANCELLED)
        report.jobs = len(mine)
        return report

    def _machine_texts(self, courses: dict[str, Course], lang: Language, version: str,
                       report: BatchReport) -> tuple[dict[str, dict[str, NewText]], dict[str, str]]:
        assert lang.argos is not None
        fields = {(cid, name): text for cid, course in courses.items() for name, text in source_fields(course).items()}
        target = BatchTarget(SOURCE_LANGUAGE, lang.code, lang.argos, version)
        outcome = translate_texts(fields, target, self.translator, self.memory, self.terms)
        report.segments, report.distinct, report.translated = outcome.segments, outcome.distinct, outcome.translated
        outputs: dict[str, dict[str, NewText]] = {cid: {} for cid in courses}
        for (cid, name), enforced in outcome.texts.items():
            source = fields[(cid, name)]
            outputs[cid][name] = NewText(enforced.text, Origin.MACHINE, source_hash(source), source, version,
                                         self.terms.version, enforced.ok, list(enforced.problems))
        return outputs, outcome.fresh

    def _glossary_texts(self, course: Course, lang: str) -> dict[str, NewText]:
        sources = source_fields(course)
        return {name: NewText(text, Origin.GLOSSARY, source_hash(sources[name]), sources[name],
                              None, self.terms.version)
                for name, text in self.terms.glossary_only(course, lang).items() if name in sources and text}


class WorkerThread(threading.Thread):
    """Runs the worker in the background of ``serve``; polls the queue every ``interval`` seconds."""

    def __init__(self, worker: TranslationWorker, interval: float = 2.0) -> None:
        super().__init__(name="kursfinder-translator", daemon=True)
        self.worker = worker
        self.interval = interval
        self._stop_event = threading.Event()

    def run(self) -> None:
        try:
            self.worker.queue_missing()
        except Exception:
            log.exception("translation worker: could not queue missing translations")
        while not self._stop_event.is_set():
            try:
                self.worker.run(until_idle=True, stop=self._stop_event)
            except Exception:  # keep serving; the jobs keep their leases and are taken again
                log.exception("translation worker loop failed")
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join(timeout=30)
        if not self.is_alive():
            jobs.release(self.worker.store, self.worker.owner)
