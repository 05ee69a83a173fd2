"""The HTTP API in process (ASGI client): search, courses, ingest, health, errors, auth, OpenAPI."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.api.schemas import SearchResponse
from service.config import Settings
from service.courses import Course
from service.ingest.base import ParseResult, SourceFormat
from service.runtime import Runtime, build_runtime
from tests.conftest import ADMIN_KEY, TODAY, TRANSLATOR_KEY, VHS_SAMPLE

ADMIN = {"Authorization": f"Bearer {ADMIN_KEY}"}


@pytest.fixture
def rt(settings: Settings, sample_courses: list[Course]) -> Iterator[Runtime]:
    runtime = build_runtime(settings)
    runtime.search.today = lambda: TODAY  # the sample courses' dates are fixed; so is the day they are seen from
    result = ParseResult(source="test", format=SourceFormat.KURSFINDER_JSON, courses=sample_courses,
                         rows_read=len(sample_courses))
    runtime.catalog.apply(result, full=True)
    runtime.indexer.drain()
    yield runtime


@pytest.fixture
def client(settings: Settings, rt: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(settings, runtime=rt, background=False)) as test_client:
        yield test_client


def test_search_returns_integration_courses_first(client: TestClient) -> None:
    response = client.get("/search", params={"q": "Integrationskurs"})
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-language"] == "de" and "Accept-Language" in response.headers["vary"]
    body = response.json()
    assert SearchResponse.model_validate(body).hits[0].id == "test:1"  # the documented schema
    assert body["hits"][0]["id"] == "test:1"
    hit = body["hits"][0]
    assert hit["source_id"] == "1" and hit["course_type"] == "integration_general"
    assert "<mark>" in hit["title_highlighted"]
    assert body["total"] >= 1 and "course_type" in body["facets"]


def test_empty_query_browses_by_postal_code_and_radius(client: TestClient) -> None:
    body = client.get("/search", params={"plz": "86150", "radius_km": 10}).json()
    assert {h["id"] for h in body["hits"]} == {"test:1", "test:2", "test:5"}
    assert all(h["distance_km"] is not None and h["distance_km"] <= 10 for h in body["hits"])
    starts = [h["start_date"] for h in body["hits"]]
    assert starts == sorted(starts)  # soonest first


def test_filters_and_pagination(client: TestClient) -> None:
    body = client.get("/search", params={"course_type": ["german_course", "job_german"], "limit": 1}).json()
    assert body["total"] == 2 and len(body["hits"]) == 1
    second = client.get("/search", params={"course_type": ["german_course", "job_german"],
                                           "limit": 1, "offset": 1}).json()
    assert second["hits"][0]["id"] != body["hits"][0]["id"]


@pytest.mark.parametrize("params, field", [
    ({"plz": "1234"}, "plz"),
    ({"limit": 0}, "limit"),
    ({"radius_km": 5}, None),
    ({"course_type": "nonsense"}, None),
    ({"plz": "00000"}, None),
    ({"sort": "price"}, "sort"),
])
def test_bad_parameters_get_one_error_shape(client: TestClient, params: dict, field: str | None) -> None:
    response = client.get("/search", params=params)
    assert response.status_code == 422
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"} and error["message"]
    if field:
        assert field in error["message"]


def test_every_error_status_uses_the_same_body(client: TestClient) -> None:
    for response in (client.get("/courses/test:nope"), client.get("/no-such-route"),
                     client.post("/courses", json=[]), client.post("/courses", json=[], headers=ADMIN),
                     client.delete("/search")):
        assert response.status_code >= 400
        assert set(response.json()) == {"error"}
        assert set(response.json()["error"]) == {"code", "message", "details"}


def test_get_course(client: TestClient) -> None:
    body = client.get("/courses/test:3").json()
    assert body["title"] == "Berufssprachkurs B2 Pflege" and body["source_id"] == "3"


def test_writes_need_the_admin_key(client: TestClient) -> None:
    course = {"source": "api", "source_id": "9", "title": "Deutschkurs A2 am Abend"}
    assert client.post("/courses", json=[course]).status_code == 401
    wrong = client.post("/courses", json=[course], headers={"Authorization": f"Bearer {TRANSLATOR_KEY}"})
    assert wrong.status_code == 403
    ok = client.post("/courses", json=[course], headers=ADMIN)
    assert ok.status_code == 200 and ok.json()["new"] == 1
    assert client.get("/courses/api:9").json()["title"] == "Deutschkurs A2 am Abend"


def test_post_courses_validates_every_field(client: TestClient) -> None:
    bad = {"source": "api", "source_id": "9", "title": "", "postal_code": "ABC"}
    response = client.post("/courses", json=[bad], headers=ADMIN)
    assert response.status_code == 422
    fields = {d["field"] for d in response.json()["error"]["details"]}
    assert any("title" in f for f in fields) and any("postal_code" in f for f in fields)


def test_ingest_upload_reports_like_the_cli(client: TestClient, rt: Runtime) -> None:
    with VHS_SAMPLE.open("rb") as fh:
        response = client.post("/ingest", files={"file": ("kurse.json", fh, "application/json")}, headers=ADMIN)
    assert response.status_code == 200
    report = response.json()
    assert report["format"] == "vhs-berlin" and report["new"] == 120 and report["rejected"] == 0
    rt.indexer.drain()
    assert client.get("/search", params={"q": "Einbürgerungstest"}).json()["total"] >= 1


def test_ingest_rejects_unreadable_files_with_a_clear_message(client: TestClient) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    response = client.post("/ingest", files={"file": ("x.png", png, "image/png")}, headers=ADMIN)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "unreadable_file"


def test_health_reports_store_engine_and_outbox(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["store"]["active"] == 5 and body["engine"]["documents"] == 5
    assert body["outbox"]["pending"] == 0


def test_openapi_has_stable_operation_ids(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    ids = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert {"search_courses", "get_course", "upsert_courses", "ingest_file", "health"} <= ids


def test_cors_allows_configured_origins_only(client: TestClient) -> None:
    allowed = client.get("/search", headers={"Origin": "https://example.org"})
    assert allowed.headers.get("access-control-allow-origin") == "https://example.org"
    other = client.get("/search", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_no_default_admin_key_outside_demo_mode(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path / "d")
    with TestClient(create_app(settings, background=False)) as client:
        response = client.post("/courses", json=[{"source": "a", "source_id": "1", "title": "x"}],
                               headers={"Authorization": "Bearer demo-admin-key"})
    assert response.status_code == 401
    assert "KURSFINDER_ADMIN_KEY" in response.json()["error"]["message"]


def test_placeholder_secrets_are_refused(tmp_path) -> None:
    with pytest.raises(ValueError, match="placeholder"):
        Settings(data_dir=tmp_path, admin_key="changeme")


def test_query_language_is_detected_unless_lang_is_given(client: TestClient) -> None:
    body = client.get("/search", params={"q": "курс інтеграції"}, headers={"Accept-Language": "de-DE"}).json()
    assert body["query_language"]["lang"] == "uk" and body["query_language"]["method"] != "explicit"
    assert body["lang"] == "de"  # shown in the caller's Accept-Language, the query's language still detected
    shown = client.get("/search", params={"q": "курс інтеграції"}).json()
    assert shown["lang"] == "uk"  # no preference given: shown in the query's language
    explicit = client.get("/search", params={"q": "Integrationskurs", "lang": "ar"}).json()
    assert explicit["query_language"] == {"lang": "ar", "confidence": 1.0, "method": "explicit"}
    assert explicit["lang"] == "ar"


def test_integreat_language_codes_are_accepted_and_unknown_ones_refused(client: TestClient) -> None:
    assert client.get("/search", params={"q": "Kurs", "lang": "pes"}).json()["lang"] == "fa"
    refused = client.get("/search", params={"q": "Kurs", "lang": "xx"})
    assert refused.status_code == 422 and "not served" in refused.json()["error"]["message"]


def test_domain_errors_answer_in_the_callers_language(client: TestClient) -> None:
    german = {"Accept-Language": "de"}
    radius = client.get("/search", params={"radius_km": 5}, headers=german)
    assert radius.status_code == 422 and radius.headers["content-language"] == "de"
    assert radius.json()["error"]["message"] == "radius_km braucht eine Postleitzahl (plz)"
    missing = client.get("/courses/test:nope", headers=german)
    assert missing.status_code == 404 and missing.headers["content-language"] == "de"
    assert missing.json()["error"] == {"code": "not_found", "message": "kein aktiver Kurs mit der ID 'test:nope'",
                                       "details": None}
    key = client.post("/courses", json=[], headers=german)
    assert key.status_code == 401 and key.json()["error"]["message"].startswith("dafür ist ein API-Schlüssel nötig")

    radius = client.get("/search", params={"radius_km": 5})
    assert radius.headers["content-language"] == "en"
    assert radius.json()["error"]["message"] == "radius_km needs a postal code (plz)"
    missing = client.get("/courses/test:nope")
    assert missing.headers["content-language"] == "en"
    assert missing.json()["error"]["message"] == "no active course with id 'test:nope'"
    untranslated = client.get("/courses/test:nope", headers={"Accept-Language": "uk"})  # no msgstr yet: English
    assert untranslated.headers["content-language"] == "uk"
    assert untranslated.json()["error"]["message"] == "no active course with id 'test:nope'"
