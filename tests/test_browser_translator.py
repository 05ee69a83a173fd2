"""The translator UI in a real browser: Debian's headless Chromium driven by Playwright, against a real
uvicorn on 127.0.0.1. A translator signs in, changes the Ukrainian term for "evening" (keeping the
old one as a variant), approves it, and the courses that use it are then found by the new term.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from service.runtime import Runtime
from tests.browser import BROWSER_MARKS, launched_chromium, uvicorn_thread
from tests.conftest import TRANSLATOR_KEY
from tests.glossary_helpers import loaded_runtime, settings_for

LANGS = ["en", "uk", "ar"]

pytestmark = BROWSER_MARKS

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
Page = playwright_api.Page



@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Runtime]]:
    from service.api.app import create_app

    data = tmp_path_factory.mktemp("translator-ui")
    runtime = loaded_runtime(data, languages=LANGS)
    app = create_app(settings_for(data, LANGS), runtime=runtime, background=True)  # the indexer runs
    with uvicorn_thread(app) as base:
        yield base, runtime


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture
def page(browser: object) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    tab = context.new_page()
    yield tab
    context.close()


def _search_ids(base: str, q: str) -> list[str]:
    body = httpx.get(f"{base}/search", params={"q": q, "lang": "uk"}, timeout=10).json()
    return [hit["id"] for hit in body["hits"]] if body["matched_by"] == "all" else []


def test_sign_in_edit_a_term_and_approve_it(page: Page, served: tuple[str, Runtime]) -> None:
    base, runtime = served
    page.goto(f"{base}/translator/concepts")
    expect(page).to_have_url(f"{base}/translator/login?next=%2Ftranslator%2Fconcepts")
    page.fill("#key", TRANSLATOR_KEY)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}/translator/concepts")

    page.select_option("#lang", "uk")
    page.select_option("#status", "draft")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="evening", exact=True).click()
    expect(page.locator("#preferred")).to_have_value("ввечері")
    expect(page.locator("#preferred")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("link", name="Integrationskurs am Abend")).to_be_visible()

    page.fill("#preferred", "вечірочком")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_role("status")).to_contain_text("re-indexed")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_contain_text("Approved")

    assert runtime.glossary is not None
    entry = runtime.glossary.service.concept("evening").entry("uk")
    assert entry is not None and entry.approved and entry.preferred == "вечірочком" and "ввечері" in entry.variants
    deadline = time.monotonic() + 20  # the server's indexer thread applies the change
    while "test:evening" not in _search_ids(base, "курс інтеграції вечірочком")[:1]:
        assert time.monotonic() < deadline, "the new term did not reach search"
        time.sleep(0.2)
    assert _search_ids(base, "курс інтеграції ввечері")[:1] == ["test:evening"]  # old term kept as variant

    page.get_by_role("link", name="Audit log").click()
    expect(page.locator("table")).to_contain_text("approve")
    expect(page.locator("table")).to_contain_text("вечірочком")


def test_arabic_terms_edit_right_to_left(page: Page, served: tuple[str, Runtime]) -> None:
    base, _ = served
    page.goto(f"{base}/translator/login")
    page.fill("#key", TRANSLATOR_KEY)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}/translator/concepts/childcare?lang=ar")
    preferred = page.locator("#preferred")
    expect(preferred).to_have_attribute("dir", "rtl")
    direction = preferred.evaluate("element => getComputedStyle(element).direction")
    assert direction == "rtl"
