"""The worker with a plain-function translator (the model is not the point here; see
test_translate_pipeline.py for the real tiny Argos models)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from service.runtime import Runtime
from service.translate.base import FunctionTranslator, TranslationFailed
from service.translate.worker import BatchReport, WorkerThread
from tests.conftest import REPO, make_course
from tests.translate_helpers import counting_translator, courses_result, demo_parse, runtime_with, segments_sent


def job_states(runtime: Runtime) -> Counter[str]:
    rows = runtime.store.reader().execute("SELECT state, COUNT(*) FROM translation_jobs GROUP BY state")
    return Counter({row[0]: int(row[1]) for row in rows})


def texts(runtime: Runtime) -> dict[tuple[str, str, str], str]:
    rows = runtime.store.reader().execute("SELECT course_id, field, lang, text FROM translations")
    return {(row[0], row[1], row[2]): row[3] for row in rows}


@pytest.fixture
def translator() -> FunctionTranslator:
    return counting_translator()


@pytest.fixture
def runtime(tmp_path: Path, translator: FunctionTranslator) -> Iterator[Runtime]:
    runtime = runtime_with(tmp_path, translator)
    yield runtime
    runtime.close()


def test_the_worker_translates_every_queued_course_one_language_and_one_call_per_batch(
        runtime: Runtime, translator: FunctionTranslator) -> None:
    runtime.catalog.apply(demo_parse(40), full=True)
    assert job_states(runtime) == {"pending": 120}
    reports: list[BatchReport] = []
    totals = runtime.translation.worker(jobs_per_batch=15).run(progress=reports.append)
    assert job_states(runtime) == {"done": 120}
    assert totals.jobs == sum(r.jobs for r in reports) == 120
    machine_batches = [r for r in reports if r.lang != "prs"]
    assert len(translator.calls) == sum(1 for r in machine_batches if r.translated) == totals.model_calls
    assert all(len(set(segments)) == len(segments) for segments, _, _ in translator.calls)  # deduplicated
    assert max(segments_sent(translator).values()) == 1  # no segment twice, in any batch
    assert sum(r.segments for r in machine_batches) > 2 * sum(r.translated for r in machine_batches)
    course = runtime.store.get_courses(["demo:DEMO-000001"])["demo:DEMO-000001"]
    stored = texts(runtime)
    assert stored[(course.id, "title", "en")] == f"[en] {course.title}"
    assert stored[(course.id, "title", "ar")] == f"[ar] {course.title}"
    assert not any(lang == "prs" for _, _, lang in stored)  # no glossary configured: nothing to write


def test_translations_are_queued_for_indexing_as_they_finish(runtime: Runtime) -> None:
    runtime.catalog.apply(courses_result([make_course("1", "Integrationskurs mit Kinderbetreuung")]), full=True)
    runtime.indexer.drain()
    runtime.translation.worker().run()
    assert runtime.indexer.drain() > 0
    document = runtime.translation.documents(list(runtime.store.get_courses(["test:1"]).values()))[0]
    assert document.texts["en"].title == "[en] Integrationskurs mit Kinderbetreuung"


def test_an_unchanged_reimport_makes_no_translation_call(runtime: Runtime, translator: FunctionTranslator) -> None:
    runtime.catalog.apply(demo_parse(30), full=True)
    runtime.translation.worker().run()
    calls = len(translator.calls)
    runtime.catalog.apply(demo_parse(30), full=True)
    runtime.translation.worker().run()
    assert len(translator.calls) == calls
    assert job_states(runtime) == {"done": 90}


def test_a_changed_description_retranslates_only_its_changed_segments(
        runtime: Runtime, translator: FunctionTranslator) -> None:
    before = make_course("1", "Deutschkurs", description="Der Kurs ist kostenlos. Wir lernen Deutsch.")
    runtime.catalog.apply(courses_result([before]), full=True)
    runtime.translation.worker().run()
    translator.calls.clear()
    after = make_course("1", "Deutschkurs", description="Der Kurs ist kostenlos. Wir lernen viel Deutsch.")
    runtime.catalog.apply(courses_result([after]), full=True)
    runtime.translation.worker().run()
    assert sorted((segments, target) for segments, _, target in translator.calls) == [
        (["Wir lernen viel Deutsch."], "ar"), (["Wir lernen viel Deutsch."], "en")]
    expected = "[en] Der Kurs ist kostenlos. [en] Wir lernen viel Deutsch."
    assert texts(runtime)[("test:1", "description", "en")] == expected


def test_a_human_correction_survives_retranslation_and_waits_for_review(runtime: Runtime) -> None:
    runtime.catalog.apply(courses_result([make_course("1", "Deutschkurs")]), full=True)
    runtime.translation.worker().run()
    runtime.translation.correct("test:1", "title", "en", "German class")
    with runtime.store.transaction() as conn:
        runtime.translation.queue.requeue(conn, ["test:1"])  # e.g. after a glossary change
    runtime.translation.worker().run()
    assert texts(runtime)[("test:1", "title", "en")] == "German class"
    runtime.catalog.apply(courses_result([make_course("1", "Deutschkurs am Abend")]), full=True)
    runtime.translation.worker().run()
    record = runtime.translation.records.get("test:1", "title", "en")
    assert record is not None and (record.text, record.state) == ("German class", "needs_review")
    assert record.machine_text == "[en] Deutschkurs am Abend"
    assert texts(runtime)[("test:1", "title", "ar")] == "[ar] Deutschkurs am Abend"


class ProcessDied(BaseException):
    """Stands for the process being killed: nothing after it runs, no cleanup."""


class DiesAfter:
    def __init__(self, inner: FunctionTranslator, batches: int) -> None:
        self.inner = inner
        self.left = batches

    def translate_batch(self, segments: Sequence[str], source: str, target: str) -> list[str]:
        if self.left == 0:
            raise ProcessDied
        self.left -= 1
        return self.inner.translate_batch(segments, source, target)

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)


def test_a_worker_killed_mid_run_is_finished_by_the_next_with_nothing_lost_or_repeated(
        runtime: Runtime, translator: FunctionTranslator) -> None:
    runtime.catalog.apply(demo_parse(60), full=True)
    first = runtime.translation.worker(jobs_per_batch=10, lease_s=0.05)
    first.translator = DiesAfter(translator, 4)
    with pytest.raises(ProcessDied):
        first.run()
    assert job_states(runtime)["running"] == 10 and job_states(runtime)["done"] >= 40
    time.sleep(0.1)  # the dead worker's lease runs out
    runtime.translation.worker(jobs_per_batch=10).run()
    assert job_states(runtime) == {"done": 180}
    assert max(segments_sent(translator).values()) == 1
    reference = counting_translator()  # an uninterrupted run: the same output, the same model work
    fresh = runtime_with(runtime.settings.data_dir.parent / "ref", reference)
    fresh.catalog.apply(demo_parse(60), full=True)
    fresh.translation.worker(jobs_per_batch=10).run()
    assert texts(fresh) == texts(runtime)
    assert segments_sent(reference) == segments_sent(translator)
    fresh.close()


def test_one_bad_record_fails_alone_and_the_rest_of_its_batch_is_done(tmp_path: Path) -> None:
    def fragile(segment: str, source: str, target: str) -> str:
        if "KAPUTT" in segment:
            raise TranslationFailed("input too long for the model")
        return f"[{target}] {segment}"

    runtime = runtime_with(tmp_path, FunctionTranslator(fragile), languages=["en"])
    courses = [make_course(str(i), f"Kurs {i}") for i in range(5)] + [make_course("x", "KAPUTT")]
    runtime.catalog.apply(courses_result(courses), full=True)
    report = runtime.translation.worker().run_batch()
    assert report is not None and (report.jobs, report.failed) == (5, 1)
    summary = runtime.translation.jobs()
    assert (summary.done, summary.pending, summary.failed) == (5, 1, 0)  # retried later, with backoff
    assert "input too long" in (summary.last_error or "")
    runtime.close()


def test_languages_without_an_installed_model_wait_in_the_queue(tmp_path: Path) -> None:
    translator = counting_translator(pairs=[("de", "en")])
    runtime = runtime_with(tmp_path, translator, languages=["en", "uk", "ps"])
    runtime.catalog.apply(courses_result([make_course("1", "Kurs")]), full=True)
    runtime.translation.worker().run()
    summary = runtime.translation.jobs()
    assert summary.languages["uk"]["pending"] == 1 and summary.languages["uk"]["waiting_for_model"]
    assert summary.languages["en"]["done"] == 1 and summary.languages["ps"]["done"] == 1
    assert not summary.languages["en"]["waiting_for_model"]
    runtime.close()


def test_the_worker_thread_translates_in_the_background_and_stops(runtime: Runtime) -> None:
    thread = WorkerThread(runtime.translation.worker(), interval=0.05)
    thread.start()
    runtime.catalog.apply(courses_result([make_course("1", "Kurs")]), full=True)
    deadline = time.monotonic() + 10
    while job_states(runtime) != {"done": 3} and time.monotonic() < deadline:
        time.sleep(0.05)
    thread.stop()
    assert job_states(runtime) == {"done": 3} and not thread.is_alive()


CHILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, {repo!r})
from service.translate.base import FunctionTranslator
from tests.translate_helpers import runtime_with

def slow(segment, source, target):
    time.sleep(0.004)
    return f"[{{target}}] {{segment}}"

runtime = runtime_with(Path({tmp!r}), FunctionTranslator(slow))
print("ready", flush=True)
runtime.translation.worker(jobs_per_batch=5).run()
"""


def test_a_worker_process_killed_with_sigkill_resumes_without_losing_or_redoing_work(
        runtime: Runtime, translator: FunctionTranslator, tmp_path: Path) -> None:
    runtime.catalog.apply(demo_parse(60), full=True)
    child = subprocess.Popen([sys.executable, "-c", CHILD.format(repo=str(REPO), tmp=str(tmp_path))],
                             stdout=subprocess.PIPE, cwd=REPO, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert child.stdout is not None and child.stdout.readline().strip() == b"ready"
    deadline = time.monotonic() + 60
    while job_states(runtime)["done"] < 30 and time.monotonic() < deadline:
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    states = job_states(runtime)
    assert 30 <= states["done"] < 180, states
    remembered = {(row[0], row[1]) for row in runtime.store.reader().execute(
        "SELECT source_text, target_lang FROM translation_memory")}
    runtime.translation.worker(jobs_per_batch=5).run()  # same host, dead pid: no need to wait for the lease
    assert job_states(runtime) == {"done": 180}
    assert remembered and not set(segments_sent(translator)) & remembered
    assert max(segments_sent(translator).values()) == 1
    assert all(text.startswith("[") for text in texts(runtime).values())


def test_workers_in_two_threads_share_the_queue_without_doing_a_job_twice(
        runtime: Runtime, translator: FunctionTranslator) -> None:
    runtime.catalog.apply(demo_parse(40), full=True)
    done: list[int] = []

    def work() -> None:
        done.append(runtime.translation.worker(jobs_per_batch=4).run().jobs)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(done) == 120 and job_states(runtime) == {"done": 120}
