"""The widget as the API serves it: script (size, caching), UI strings per language, example page, CORS."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.config import Settings
from service.courses import Course
from service.i18n import catalogs
from service.ingest.base import ParseResult, SourceFormat
from service.runtime import Runtime, build_runtime
from service.web import widget

ALLOWED = "https://example.org"  # the conftest settings' only CORS origin


@pytest.fixture
def client(settings: Settings, sample_courses: list[Course]) -> Iterator[TestClient]:
    runtime: Runtime = build_runtime(settings)
    runtime.catalog.apply(ParseResult(source="test", format=SourceFormat.KURSFINDER_JSON,
                                      courses=sample_courses, rows_read=len(sample_courses)), full=True)
    runtime.indexer.drain()
    with TestClient(create_app(settings, runtime=runtime, background=False)) as test_client:
        yield test_client


# The script -------------------------------------------------------------------------------------
def test_the_script_is_within_the_size_budget() -> None:
    script = widget.widget_script()
    assert 0 < script.gzip_size <= widget.MAX_GZIP_BYTES, f"{script.gzip_size} bytes gzip"


def test_the_script_is_served_with_caching_headers_and_revalidates(client: TestClient) -> None:
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "public, max-age=3600"
    assert "customElements.define(\"kursfinder-search\"" in response.text
    again = client.get("/widget.js", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert client.get("/widget.js", headers={"If-None-Match": '"stale"'}).status_code == 200


def test_the_script_lays_out_with_logical_properties_only() -> None:
    """Right-to-left needs start/end, never left/right, in the widget's CSS."""
    source = widget.WIDGET_SOURCE.read_text(encoding="utf-8")
    css = source[source.index("const CSS = `"):source.index("`;", source.index("const CSS = `"))]
    physical = re.findall(r"(?:margin|padding|border)-(?:left|right)|[{;](?:left|right):|text-align:\s*(?:left|right)",
                          css)
    assert physical == []


def test_every_control_the_script_builds_has_a_label() -> None:
    source = widget.WIDGET_SOURCE.read_text(encoding="utf-8")
    controls = set(re.findall(r'id: id\("(\w+)"\)', source)) - {"suggestions", "status", "plz-hint"}
    labelled = set(re.findall(r'el\("label", \{ for: id\("(\w+)"\)', source))
    checkboxes = {"free", "childcare"}  # wrapped in their <label>
    assert controls - checkboxes <= labelled and controls


# UI strings -------------------------------------------------------------------------------------
def test_message_ids_are_read_from_the_script() -> None:
    singles, plurals = widget.widget_message_ids()
    assert "Search for courses" in singles and "Course page" in singles
    assert ("%(num)s course found", "%(num)s courses found") in plurals


def test_arabic_messages_are_right_to_left_with_six_plural_categories(client: TestClient) -> None:
    body = client.get("/widget/messages/ar.json").json()
    assert (body["lang"], body["dir"], body["intl"], body["name"]) == ("ar", "rtl", "ar", "العربية")
    assert body["reviewed"] is False
    assert body["messages"]["Search for courses"] == "ابحث عن دورات"
    found = body["plurals"]["%(num)s course found"]
    assert set(found) == {"zero", "one", "two", "few", "many", "other"}
    assert found["two"] == "تم العثور على دورتين" and found["few"] == "تم العثور على %(num)s دورات"
    assert body["course_types"]["integration_general"] == "دورة الاندماج العامة"


def test_ukrainian_plural_categories(client: TestClient) -> None:
    seats = client.get("/widget/messages/uk.json").json()["plurals"]["%(num)s free seat"]
    assert seats["one"] == "%(num)s вільне місце" and seats["few"] == "%(num)s вільні місця"
    assert seats["many"] == "%(num)s вільних місць"


def test_every_widget_string_is_in_the_json() -> None:
    singles, plurals = widget.widget_message_ids()
    body = widget.widget_messages(catalogs(), "de")
    assert set(body["messages"]) == set(singles)
    assert set(body["plurals"]) == {singular for singular, _ in plurals}
    assert body["reviewed"] is True and body["dir"] == "ltr"


def test_auto_picks_the_language_from_accept_language(client: TestClient) -> None:
    response = client.get("/widget/messages/auto.json", headers={"Accept-Language": "uk-UA,uk;q=0.9"})
    assert response.json()["lang"] == "uk"
    assert "Accept-Language" in response.headers["vary"]
    assert client.get("/widget/messages/auto.json", headers={"Accept-Language": "ja"}).json()["lang"] == "de"


def test_messages_for_a_language_the_server_does_not_serve_fall_back(client: TestClient) -> None:
    """The test settings serve de, en, ar, uk, fa: Tigrinya is not among them."""
    assert client.get("/widget/messages/ti.json").json()["lang"] == "de"


def test_messages_revalidate_with_their_etag(client: TestClient) -> None:
    first = client.get("/widget/messages/fa.json")
    assert client.get("/widget/messages/fa.json", headers={"If-None-Match": first.headers["etag"]}).status_code == 304


# Example page and CORS ----------------------------------------------------------------------------
def test_the_example_page_embeds_the_widget_from_the_serving_api(client: TestClient) -> None:
    response = client.get("/examples/embed.html")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert '<script src="http://testserver/widget.js" defer></script>' in response.text
    assert '<kursfinder-search lang="ar" plz="86150" radius-km="25"></kursfinder-search>' in response.text
    assert widget.EXAMPLE_API not in response.text


@pytest.mark.parametrize("path", ["/search?q=Deutsch", "/widget/messages/ar.json", "/widget.js"])
def test_a_configured_origin_may_call_the_api(client: TestClient, path: str) -> None:
    response = client.get(path, headers={"Origin": ALLOWED})
    assert response.headers["access-control-allow-origin"] == ALLOWED


def test_an_unlisted_origin_gets_no_cors_header(client: TestClient) -> None:
    response = client.get("/search?q=Deutsch", headers={"Origin": "https://evil.example"})
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


def test_preflight_allows_the_widgets_header_for_configured_origins_only(client: TestClient) -> None:
    headers = {"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "accept-language"}
    allowed = client.options("/search", headers={"Origin": ALLOWED, **headers})
    assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == ALLOWED
    refused = client.options("/search", headers={"Origin": "https://evil.example", **headers})
    assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers


def test_course_types_are_named_by_the_glossary_first(client: TestClient) -> None:
    body = client.get("/widget/messages/ar.json").json()
    # The glossary's approved Arabic term, not the catalog's wording of the same type.
    assert body["course_types"]["integration_literacy"] == "دورة الاندماج مع محو الأمية"
    uk = client.get("/widget/messages/uk.json").json()["course_types"]
    assert uk["integration_general"] == "Загальний інтеграційний курс"  # capitalised as a label


def test_without_a_glossary_term_the_catalog_names_the_type() -> None:
    no_terms = widget.widget_messages(catalogs(), "uk", lambda course_type, lang: None)
    assert no_terms["course_types"]["german_course"] == "Курс німецької мови"
    only_one = widget.widget_messages(catalogs(), "de", lambda t, lang: "sprachkurs" if t == "german_course" else None)
    assert only_one["course_types"]["german_course"] == "Sprachkurs"
    assert only_one["course_types"]["literacy"] == "Alphabetisierungskurs"
