"""Routes of api/routes/translations.py: the localized course and review by translators."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.runtime import Runtime
from tests.conftest import ADMIN_KEY, TRANSLATOR_KEY, make_course
from tests.translate_helpers import counting_translator, courses_result, runtime_with

TRANSLATOR = {"Authorization": f"Bearer {TRANSLATOR_KEY}"}
COURSE_ID = "test:1"


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Runtime]:
    runtime = runtime_with(tmp_path, counting_translator())
    runtime.catalog.apply(courses_result([make_course("1", "Deutschkurs", description="Am Abend.")]), full=True)
    runtime.translation.worker().run()
    yield runtime
    runtime.close()


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(runtime.settings, runtime=runtime, background=False)) as test_client:
        yield test_client


def test_the_localized_course_follows_lang_then_accept_language(client: TestClient) -> None:
    body = client.get(f"/courses/{COURSE_ID}/localized", params={"lang": "ar"}).json()
    assert body["lang"] == "ar" and body["machine_translated"]
    assert body["fields"]["title"] == {"text": "[ar] Deutschkurs", "lang": "ar", "origin": "machine",
                                       "machine_translated": True, "rtl": True}
    dari = client.get(f"/courses/{COURSE_ID}/localized", headers={"Accept-Language": "fa-AF, en;q=0.5"}).json()
    assert dari["lang"] == "prs" and dari["fields"]["description"]["lang"] == "en"
    german = client.get(f"/courses/{COURSE_ID}/localized").json()
    assert german["lang"] == "de" and german["fields"]["title"]["origin"] == "source"
    assert client.get("/courses/test:404/localized").json()["error"]["code"] == "not_found"


def test_review_needs_a_translator_or_admin_key(client: TestClient) -> None:
    assert client.get(f"/courses/{COURSE_ID}/translations").status_code == 401
    assert client.get(f"/courses/{COURSE_ID}/translations", headers={"X-API-Key": "wrong"}).status_code == 401
    admin = client.get(f"/courses/{COURSE_ID}/translations", headers={"X-API-Key": ADMIN_KEY})
    assert admin.status_code == 200
    body = client.get(f"/courses/{COURSE_ID}/translations", headers=TRANSLATOR).json()
    assert body["source"] == {"title": "Deutschkurs", "description": "Am Abend."}
    assert {(t["lang"], t["field"], t["origin"], t["state"]) for t in body["translations"]} == {
        (lang, field, "machine", "current") for lang in ("en", "ar") for field in ("title", "description")}


def test_a_correction_survives_a_source_change_and_the_review_keeps_either_text(
        client: TestClient, runtime: Runtime) -> None:
    url = f"/courses/{COURSE_ID}/translations/en/title"
    corrected = client.put(url, json={"text": "German class"}, headers=TRANSLATOR)
    assert corrected.status_code == 200 and corrected.json()["origin"] == "human"
    runtime.catalog.apply(courses_result([make_course("1", "Deutschkurs für Frauen", description="Am Abend.")]),
                          full=True)
    runtime.translation.worker().run()
    review = next(t for t in client.get(f"/courses/{COURSE_ID}/translations", headers=TRANSLATOR).json()[
        "translations"] if (t["lang"], t["field"]) == ("en", "title"))
    assert (review["text"], review["state"], review["machine_text"]) == (
        "German class", "needs_review", "[en] Deutschkurs für Frauen")
    kept = client.post(f"{url}/accept", json={"keep": "human"}, headers=TRANSLATOR).json()
    assert (kept["text"], kept["state"], kept["source_text"]) == ("German class", "current", "Deutschkurs für Frauen")
    again = client.post(f"{url}/accept", json={"keep": "machine"}, headers=TRANSLATOR)
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"


def test_bad_review_requests_get_the_common_error_body(client: TestClient) -> None:
    bad_field = client.put(f"/courses/{COURSE_ID}/translations/en/provider", json={"text": "x"}, headers=TRANSLATOR)
    assert bad_field.status_code == 422 and bad_field.json()["error"]["code"] == "invalid_input"
    no_subtitle = client.put(f"/courses/{COURSE_ID}/translations/en/subtitle", json={"text": "x"}, headers=TRANSLATOR)
    assert no_subtitle.status_code == 422
    not_target = client.put(f"/courses/{COURSE_ID}/translations/uk/title", json={"text": "x"}, headers=TRANSLATOR)
    assert not_target.status_code == 422 and "not a target language" in not_target.json()["error"]["message"]
    empty = client.put(f"/courses/{COURSE_ID}/translations/en/title", json={"text": ""}, headers=TRANSLATOR)
    assert empty.status_code == 422
    missing = client.put("/courses/test:9/translations/en/title", json={"text": "x"}, headers=TRANSLATOR)
    assert missing.status_code == 404
