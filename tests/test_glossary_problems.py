"""Failed enforcement is visible to translators: listed by the API and on the UI's problems page."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from service.api.app import create_app
from service.courses import CourseType
from service.glossary.problems import enforcement_problems
from service.runtime import build_runtime
from service.store import Store
from service.translate.base import FunctionTranslator
from tests.conftest import TRANSLATOR_KEY, make_course
from tests.glossary_helpers import result_of, settings_for
from tests.test_glossary_translator_ui import sign_in


def bad_model(segment: str, source: str, target: str) -> str:
    if segment == "Berufssprachkurs":  # the term alone one way, inside a sentence another: not placeable
        return "job course"
    return segment.replace("Integrationskurs", "merger course").replace("Berufssprachkurs", "class")


def test_problems_are_listed_and_a_correction_clears_them(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, ["en"])
    runtime = build_runtime(settings, translator=FunctionTranslator(bad_model))
    assert runtime.glossary is not None
    service = runtime.glossary.service
    service.put_entry("integration_course", "en", preferred="integration course", forbidden=["merger course"],
                      status="approved", who="t")
    service.put_entry("job_german", "en", preferred="job-related German course", status="approved", who="t")
    runtime.catalog.apply(result_of([
        make_course("1", "Integrationskurs heute", course_type=CourseType.INTEGRATION_GENERAL),
        make_course("2", "Berufssprachkurs heute", course_type=CourseType.JOB_GERMAN)]), full=True)
    runtime.translation.worker().run(until_idle=True)
    found = {(p.course_id, p.field): p for p in enforcement_problems(runtime.store, lang="en")}
    assert set(found) == {("test:1", "title"), ("test:2", "title")}
    assert found[("test:1", "title")].text == "integration course heute"  # fixed, and still reported
    assert "forbidden" in found[("test:1", "title")].problems[0]
    assert "missing" in found[("test:2", "title")].problems[0]
    with TestClient(create_app(settings, runtime=runtime, background=False)) as client:
        api = client.get("/glossary/problems", headers={"Authorization": f"Bearer {TRANSLATOR_KEY}"}).json()
        assert len(api["problems"]) == 2
        sign_in(client)
        page = client.get("/translator/problems", params={"lang": "en"})
        assert "integration course heute" in page.text and "missing from the translation" in page.text
        runtime.translation.correct("test:2", "title", "en", "Job-related German course today")
        assert [p.course_id for p in enforcement_problems(runtime.store)] == ["test:1"]


def test_a_store_without_translations_has_no_problems(tmp_path: Path) -> None:
    assert enforcement_problems(Store(tmp_path / "k.db")) == []
