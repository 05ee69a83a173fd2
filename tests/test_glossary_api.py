"""The glossary JSON API in process: roles, edits, approval, courses, audit, import and export."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.runtime import Runtime
from tests.conftest import ADMIN_KEY, TRANSLATOR_KEY
from tests.glossary_helpers import loaded_runtime, settings_for

TRANSLATOR = {"Authorization": f"Bearer {TRANSLATOR_KEY}"}
ADMIN = {"Authorization": f"Bearer {ADMIN_KEY}"}


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Runtime]:
    rt = loaded_runtime(tmp_path, languages=["en", "uk", "ar"])
    yield rt


@pytest.fixture
def client(tmp_path: Path, runtime: Runtime) -> Iterator[TestClient]:
    app = create_app(settings_for(tmp_path, ["en", "uk", "ar"]), runtime=runtime, background=False)
    with TestClient(app) as test_client:
        yield test_client


def test_reading_needs_a_key(client: TestClient) -> None:
    response = client.get("/glossary/concepts")
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthorized"
    assert client.get("/glossary/concepts", headers={"Authorization": "Bearer wrong-key-123456"}).status_code == 401


def test_list_and_filter(client: TestClient) -> None:
    body = client.get("/glossary/concepts", headers=TRANSLATOR, params={"lang": "uk", "status": "draft"}).json()
    assert body["total"] >= 40
    evening = next(c for c in body["concepts"] if c["key"] == "evening")
    assert evening["courses"] == 3 and evening["terms"]["uk"]["preferred"] == "ввечері"
    bad = client.get("/glossary/concepts", headers=TRANSLATOR, params={"status": "final"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_input"


def test_edit_approve_and_the_audit_trail(client: TestClient, runtime: Runtime) -> None:
    put = client.put("/glossary/concepts/evening/terms/uk", headers=TRANSLATOR,
                     json={"preferred": "увечері", "variants": ["вечором"], "keep_old_as_variant": True})
    assert put.status_code == 200 and put.json()["courses"] == 3 and put.json()["translation_jobs"] == 3
    approved = client.post("/glossary/concepts/evening/terms/uk/approve", headers=TRANSLATOR)
    assert approved.status_code == 200
    concept = client.get("/glossary/concepts/evening", headers=TRANSLATOR).json()
    assert concept["terms"]["uk"]["status"] == "approved"
    assert concept["terms"]["uk"]["variants"] == ["вечором", "ввечері"]
    audit = client.get("/glossary/audit", headers=TRANSLATOR, params={"key": "evening"}).json()["entries"]
    assert [a["action"] for a in audit[:2]] == ["approve", "update"]
    assert audit[1]["old"]["preferred"] == "ввечері" and audit[1]["new"]["preferred"] == "увечері"
    assert audit[0]["who"].startswith("translator:") and TRANSLATOR_KEY not in audit[0]["who"]
    jobs = client.get("/jobs", headers=TRANSLATOR).json()  # the propagation's progress shows up there
    assert jobs["languages"]["uk"]["pending"] + jobs["languages"]["uk"]["done"] >= 3
    assert jobs["index"]["pending"] >= 3  # the three courses wait to be re-indexed
    runtime.indexer.drain()
    assert client.get("/jobs").json()["index"]["pending"] == 0


def test_invalid_edits_get_the_one_error_shape(client: TestClient) -> None:
    clash = client.put("/glossary/concepts/evening/terms/uk", headers=TRANSLATOR,
                       json={"preferred": "вечір", "forbidden": ["вечір"]})
    assert clash.status_code == 422 and "forbidden" in clash.json()["error"]["message"]
    missing = client.put("/glossary/concepts/nope/terms/uk", headers=TRANSLATOR, json={"preferred": "x"})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_courses_of_a_concept(client: TestClient) -> None:
    body = client.get("/glossary/concepts/childcare/courses", headers=TRANSLATOR).json()
    assert {c["id"] for c in body["courses"]} == {"test:care", "test:yoga"}


def test_create_concept(client: TestClient) -> None:
    created = client.post("/glossary/concepts", headers=TRANSLATOR,
                          json={"key": "women_only", "kind": "feature", "note": "only women"})
    assert created.status_code == 201 and created.json()["key"] == "women_only"
    again = client.post("/glossary/concepts", headers=TRANSLATOR, json={"key": "women_only"})
    assert again.status_code == 409


def test_export_then_import_needs_an_admin(client: TestClient) -> None:
    exported = client.get("/glossary/export", headers=TRANSLATOR, params={"format": "csv"})
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    edited = exported.content.decode().replace(",uk,draft,ввечері,", ",uk,approved,увечері,", 1).encode()
    files = {"file": ("g.csv", edited, "text/csv")}
    assert client.post("/glossary/import", headers=TRANSLATOR, files=files).status_code == 403
    imported = client.post("/glossary/import", headers=ADMIN, files=files)
    assert imported.status_code == 200 and imported.json()["entries_updated"] == 1
    broken = client.post("/glossary/import", headers=ADMIN, files={"file": ("g.tbx", b"<martif", "text/xml")})
    assert broken.status_code == 422 and "well-formed" in broken.json()["error"]["message"]
    tbx = client.get("/glossary/export", headers=TRANSLATOR)
    assert tbx.status_code == 200 and b"<martif" in tbx.content


def test_glossary_errors_answer_in_the_callers_language(client: TestClient) -> None:
    german = {**TRANSLATOR, "Accept-Language": "de"}
    missing = client.get("/glossary/concepts/nope", headers=german)
    assert missing.status_code == 404 and missing.headers["content-language"] == "de"
    assert missing.json()["error"]["message"] == "kein Glossarkonzept 'nope'"
    assert client.get("/glossary/concepts/nope", headers=TRANSLATOR).json()["error"]["message"] == (
        "no glossary concept 'nope'")
    csv = client.post("/glossary/import", headers={**ADMIN, "Accept-Language": "de"},
                      files={"file": ("g.csv", b"concept,lang\n", "text/csv")})
    assert csv.status_code == 422 and csv.headers["content-language"] == "de"
    assert csv.json()["error"]["message"].startswith("in der Kopfzeile der CSV-Datei fehlen die Spalten preferred;")
