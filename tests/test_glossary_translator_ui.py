"""The translator UI in process: sign-in cookie, CSRF, concepts, edit and approve, review, audit, RTL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.runtime import Runtime
from tests.conftest import TRANSLATOR_KEY
from tests.glossary_helpers import loaded_runtime, settings_for

LANGS = ["en", "uk", "ar", "prs"]


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Runtime]:
    yield loaded_runtime(tmp_path, languages=LANGS)


@pytest.fixture
def client(tmp_path: Path, runtime: Runtime) -> Iterator[TestClient]:
    app = create_app(settings_for(tmp_path, LANGS), runtime=runtime, background=False)
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def sign_in(client: TestClient, key: str = TRANSLATOR_KEY) -> None:
    token = _csrf(client.get("/translator/login").text)
    response = client.post("/translator/login", data={"key": key, "csrf": token, "next": "/translator/concepts"},
                           follow_redirects=False)
    assert response.status_code == 303


def test_pages_need_a_sign_in(client: TestClient) -> None:
    response = client.get("/translator/concepts", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/translator/login")


def test_sign_in_sets_a_strict_http_only_cookie(client: TestClient) -> None:
    token = _csrf(client.get("/translator/login").text)
    response = client.post("/translator/login", data={"key": TRANSLATOR_KEY, "csrf": token},
                           follow_redirects=False)
    cookie = response.headers["set-cookie"]
    assert "kursfinder_key=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_a_wrong_key_or_token_does_not_sign_in(client: TestClient) -> None:
    token = _csrf(client.get("/translator/login").text)
    wrong = client.post("/translator/login", data={"key": "nope-nope-nope", "csrf": token}, follow_redirects=False)
    assert "error=1" in wrong.headers["location"]
    forged = client.post("/translator/login", data={"key": TRANSLATOR_KEY, "csrf": "forged"}, follow_redirects=False)
    assert "error=1" in forged.headers["location"]
    assert client.get("/translator/concepts", follow_redirects=False).status_code == 303


def test_list_filter_edit_approve(client: TestClient, runtime: Runtime) -> None:
    sign_in(client)
    listing = client.get("/translator/concepts", params={"lang": "uk", "status": "draft"})
    assert listing.status_code == 200 and "ввечері" in listing.text
    page = client.get("/translator/concepts/evening", params={"lang": "uk"})
    assert page.status_code == 200 and "Integrationskurs am Abend" in page.text  # a course that uses it
    csrf = _csrf(page.text)
    saved = client.post("/translator/concepts/evening/terms/uk", data={
        "csrf": csrf, "preferred": "увечері", "variants": "вечором\nвечірній курс", "forbidden": "вечеря",
        "note": "", "keep_old": "true"})
    assert saved.status_code == 200 and "увечері" in saved.text
    approved = client.post("/translator/concepts/evening/terms/uk/approve", data={"csrf": csrf})
    assert approved.status_code == 200
    assert runtime.glossary is not None
    entry = runtime.glossary.service.concept("evening").entry("uk")
    assert entry is not None and entry.approved and entry.preferred == "увечері" and "ввечері" in entry.variants
    audit = client.get("/translator/audit", params={"key": "evening"})
    assert "approve" in audit.text and "update" in audit.text
    missing = client.get("/translator/concepts", params={"lang": "uk", "missing": "true"})
    assert missing.status_code == 200 and "0 concepts" in missing.text


def test_posts_without_the_token_are_refused(client: TestClient, runtime: Runtime) -> None:
    sign_in(client)
    refused = client.post("/translator/concepts/evening/terms/uk/approve", data={"csrf": "x" * 32})
    assert refused.status_code == 401
    assert runtime.glossary is not None
    entry = runtime.glossary.service.concept("evening").entry("uk")
    assert entry is not None and not entry.approved


def test_an_invalid_edit_shows_why_on_a_page(client: TestClient) -> None:
    sign_in(client)
    csrf = _csrf(client.get("/translator/concepts/evening", params={"lang": "uk"}).text)
    response = client.post("/translator/concepts/evening/terms/uk", data={
        "csrf": csrf, "preferred": "вечір", "forbidden": "вечір"})
    assert response.status_code == 422 and "text/html" in response.headers["content-type"]
    assert "forbidden" in response.text


def test_right_to_left_terms_edit_right_to_left(client: TestClient) -> None:
    sign_in(client)
    page = client.get("/translator/concepts/childcare", params={"lang": "ar"})
    assert re.search(r'id="preferred"[^>]*lang="ar" dir="rtl"', page.text)
    assert 'lang="uk" dir="ltr"' in page.text
    rtl_ui = client.get("/translator/concepts", params={"ui": "ar"})
    assert '<html lang="ar" dir="rtl">' in rtl_ui.text


def test_review_and_correct_a_courses_translation(client: TestClient, runtime: Runtime) -> None:
    runtime.translation.worker().run(until_idle=True)  # no model: glossary-only text for prs
    sign_in(client)
    page = client.get("/translator/courses/test:care", params={"lang": "prs"})
    assert page.status_code == 200 and "childcare" in page.text
    assert 'lang="prs" dir="rtl"' in page.text
    csrf = _csrf(page.text)
    saved = client.post("/translator/courses/test:care/translations/prs/title",
                        data={"csrf": csrf, "text": "کورس ادغام با نگهداری اطفال"})
    assert saved.status_code == 200
    record = runtime.translation.records.get("test:care", "title", "prs")
    assert record is not None and record.text == "کورس ادغام با نگهداری اطفال" and str(record.origin) == "human"


def test_sign_out(client: TestClient) -> None:
    sign_in(client)
    csrf = _csrf(client.get("/translator/concepts").text)
    client.post("/translator/logout", data={"csrf": csrf})
    assert client.get("/translator/concepts", follow_redirects=False).status_code == 303


def test_the_error_page_speaks_the_pages_language(client: TestClient) -> None:
    sign_in(client)
    csrf = _csrf(client.get("/translator/concepts/evening", params={"lang": "uk"}).text)
    data = {"csrf": csrf, "preferred": "вечір", "forbidden": "вечір"}
    english = client.post("/translator/concepts/evening/terms/uk", data=data)
    german = client.post("/translator/concepts/evening/terms/uk", data=data, headers={"Accept-Language": "de"})
    assert english.status_code == german.status_code == 422
    assert english.text != german.text and "forbidden" not in german.text.split("<main", 1)[-1]
