"""End to end with the tiny but real Argos packages (tests/fixtures/argos): ingest queues, the
worker translates (German -> English directly, -> Arabic and Ukrainian through English), GET /jobs
shows the worker's numbers, and a search in English finds a German course by its translation.

The tiny models get digits and rare words wrong, so these tests check the pipeline, not wording.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.courses import CourseType
from service.runtime import Runtime
from service.translate.argos import ArgosTranslator
from service.translate.pipeline import LazyTranslator
from service.translate.worker import BatchReport
from tests.conftest import make_course
from tests.translate_helpers import courses_result, demo_parse, runtime_with, tiny_argos

LANGUAGES = ("en", "ar", "uk", "prs")
CHILDCARE = make_course("kita", "Integrationskurs mit Kinderbetreuung", course_type=CourseType.INTEGRATION_GENERAL,
                        description="Sprachkurs für Frauen am Vormittag.", postal_code="10115", city="Berlin")


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("argos") / "packages"
    tiny_argos(path)
    return path


@pytest.fixture
def runtime(tmp_path: Path, packages: Path) -> Iterator[Runtime]:
    runtime = runtime_with(tmp_path, ArgosTranslator(packages), languages=LANGUAGES)
    yield runtime
    runtime.close()


def test_ingest_queues_the_worker_translates_and_jobs_show_the_same_progress(runtime: Runtime) -> None:
    parsed = demo_parse(12)
    parsed.courses.append(CHILDCARE)
    runtime.catalog.apply(parsed, full=False)
    client = TestClient(create_app(runtime.settings, runtime=runtime, background=False))
    queued = client.get("/jobs").json()
    assert (queued["pending"], queued["done"]) == (13 * 4, 0)
    assert queued["languages"]["ar"]["pending"] == 13 and not queued["languages"]["ar"]["waiting_for_model"]

    seen: list[BatchReport] = []
    totals = runtime.translation.worker(jobs_per_batch=8).run(progress=seen.append)
    body = client.get("/jobs").json()
    assert body["done"] == totals.jobs == sum(r.jobs for r in seen) == 13 * 4
    assert (body["pending"], body["failed"], body["running"]) == (0, 0, 0)
    assert body["rate_per_minute"] > 0
    assert {r.lang for r in seen} == set(LANGUAGES)

    record = runtime.translation.records.get(CHILDCARE.id, "title", "ar")
    assert record is not None and record.model_version == "de_en-0.1+en_ar-0.1"
    assert any("\u0600" <= char <= "\u06ff" for char in record.text)  # Arabic script, through English
    uk = runtime.translation.records.get(CHILDCARE.id, "title", "uk")
    assert uk is not None and any("\u0400" <= char <= "\u04ff" for char in uk.text)


def test_the_batched_worker_gives_what_the_model_gives_one_text_at_a_time(runtime: Runtime, packages: Path) -> None:
    courses = [make_course(str(i), title) for i, title in enumerate(
        ["Integrationskurs mit Kinderbetreuung", "Sprachkurs für Frauen am Vormittag", "Alphabetisierungskurs",
         "Jugendintegrationskurs am Nachmittag", "Orientierungskurs"])]
    runtime.catalog.apply(courses_result(courses), full=True)
    runtime.translation.worker().run()
    single = ArgosTranslator(packages)
    for course in courses:
        record = runtime.translation.records.get(course.id, "title", "en")
        assert record is not None and record.text == single.translate_batch([course.title], "de", "en")[0]


def test_search_in_english_finds_a_german_course_by_its_translation(runtime: Runtime) -> None:
    runtime.catalog.apply(courses_result([CHILDCARE, make_course("other", "Excel für Einsteiger")]), full=True)
    runtime.indexer.drain()
    runtime.search.expander = None  # the glossary would find it too; here the translation must
    client = TestClient(create_app(runtime.settings, runtime=runtime, background=False))
    assert client.get("/search", params={"q": "childcare", "lang": "en"}).json()["total"] == 0  # German only yet
    runtime.translation.worker().run()
    runtime.indexer.drain()
    body = client.get("/search", params={"q": "childcare", "lang": "en"}).json()
    assert [hit["id"] for hit in body["hits"]] == [CHILDCARE.id]
    hit = body["hits"][0]
    assert hit["title"] == "Integration course with childcare"
    assert hit["fields"]["title"] == {"lang": "en", "origin": "machine"} and hit["machine_translated"]
    german = client.get("/search", params={"q": "Kinderbetreuung", "lang": "de"}).json()["hits"][0]
    assert german["title"] == CHILDCARE.title and not german["machine_translated"]


def test_languages_show_coverage_models_and_glossary_only_languages(runtime: Runtime) -> None:
    runtime.catalog.apply(courses_result([CHILDCARE]), full=True)
    client = TestClient(create_app(runtime.settings, runtime=runtime, background=False))
    before = {lang["code"]: lang for lang in client.get("/languages").json()["languages"]}
    assert before["en"]["coverage"] == 0.0 and before["en"]["machine_translatable"]
    runtime.translation.worker().run()
    after = {lang["code"]: lang for lang in client.get("/languages").json()["languages"]}
    assert list(after) == list(LANGUAGES)
    assert after["en"]["coverage"] == after["ar"]["coverage"] == 1.0
    assert after["ar"]["model_version"] == "de_en-0.1+en_ar-0.1" and after["ar"]["rtl"]
    assert after["prs"] == {**after["prs"], "glossary_only": True, "machine_translatable": False, "coverage": 0.0,
                            "name": "دری", "model_version": None}
    assert after["en"]["fields"] == {"current": 2, "outdated": 0, "needs_review": 0, "machine": 2, "glossary": 0,
                                     "human": 0, "total": 2}


def test_models_installed_later_are_picked_up_and_the_waiting_jobs_run(tmp_path: Path) -> None:
    packages = tmp_path / "packages"
    tiny_argos(packages, "translate-de_en-0_1.argosmodel")
    lazy = LazyTranslator(lambda: ArgosTranslator(packages), watch=packages)
    runtime = runtime_with(tmp_path, lazy, languages=("en", "uk"))
    runtime.catalog.apply(courses_result([CHILDCARE]), full=True)
    runtime.translation.worker().run()
    assert runtime.translation.jobs().languages["uk"]["waiting_for_model"]
    tiny_argos(packages, "translate-en_uk-0_1.argosmodel")  # as `kursfinder models install` in another process
    runtime.translation.worker().run()
    assert runtime.translation.jobs().done == 2
    runtime.close()
