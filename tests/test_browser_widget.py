"""The widget in a real browser: Debian's headless Chromium driven by Playwright, against a real
uvicorn server on 127.0.0.1 with courses that went through the real translation stage (a plain
function stands in for Argos).

Screenshots of the widget at phone width go to a temporary directory; run with
``KURSFINDER_SCREENSHOTS=docs/screenshots`` to refresh the committed ones.
"""

from __future__ import annotations

import os
import re
import struct
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from service.config import Settings
from service.courses import Course, CourseType
from service.ingest.base import ParseResult, SourceFormat
from tests.browser import BROWSER_MARKS, launched_chromium, uvicorn_thread
from tests.conftest import REPO, make_course
from tests.e2e import free_port

PHONE = {"width": 360, "height": 740}

pytestmark = BROWSER_MARKS

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
Page = playwright_api.Page

# German title -> (Arabic, Ukrainian): what the stand-in translator returns.
TITLES = {
    "Integrationskurs mit Kinderbetreuung": ("دورة الاندماج مع رعاية الأطفال",
                                             "Інтеграційний курс з доглядом за дітьми"),
    "Jugendintegrationskurs am Nachmittag": ("دورة الاندماج للشباب بعد الظهر", "Інтеграційний курс для молоді"),
    "Deutschkurs A1 für Frauen": ("دورة لغة ألمانية A1 للنساء", "Курс німецької мови A1 для жінок"),
    "Alphabetisierungskurs am Vormittag": ("دورة محو الأمية صباحًا", "Курс алфавітизації вранці"),
    "Berufssprachkurs B2 Pflege": ("دورة اللغة الألمانية للعمل B2 في التمريض", "Німецька для роботи B2: догляд"),
    "Orientierungskurs Leben in Deutschland": ("دورة التوجيه: الحياة في ألمانيا",
                                               "Орієнтаційний курс «Життя в Німеччині»"),
}


def translate(segment: str, source: str, target: str) -> str:
    pair = TITLES.get(segment)
    if pair is None or target not in ("ar", "uk"):
        return segment
    return pair[0] if target == "ar" else pair[1]


def courses(today: date) -> list[Course]:
    """Courses around Augsburg (86150), starting soon after ``today``."""
    postal_codes = ["86150", "86152", "86153", "86157", "86161", "86165"]

    def at(n: int, title: str, kind: CourseType, **fields: object) -> Course:
        return make_course(str(n), title, course_type=kind, postal_code=postal_codes[n - 1], city="Augsburg",
                           start_date=today + timedelta(days=7 * n), provider="VHS Augsburg",
                           url=f"https://vhs.example/kurs/{n}", **fields)
    return [
        at(1, "Integrationskurs mit Kinderbetreuung", CourseType.INTEGRATION_GENERAL, childcare=True, free_seats=3,
           end_date=today + timedelta(days=180)),
        at(2, "Jugendintegrationskurs am Nachmittag", CourseType.INTEGRATION_YOUTH, free_seats=1),
        at(3, "Deutschkurs A1 für Frauen", CourseType.GERMAN_COURSE, level="A1", childcare=True, free_seats=0),
        at(4, "Alphabetisierungskurs am Vormittag", CourseType.INTEGRATION_LITERACY, free_seats=12, barrier_free=True),
        at(5, "Berufssprachkurs B2 Pflege", CourseType.JOB_GERMAN, level="B2", free_seats=5),
        at(6, "Orientierungskurs Leben in Deutschland", CourseType.ORIENTATION_COURSE, free_seats=8),
    ]



class HostSite:
    """A municipality's website: another origin on loopback, serving pages that embed the widget."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                body = pages.get(self.path, "").encode()
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self.other_origin = f"http://localhost:{self.port}"  # same site, but an origin nobody allowed
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="host-site", daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def site() -> Iterator[HostSite]:
    host = HostSite()
    yield host
    host.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, site: HostSite) -> Iterator[str]:
    """A real uvicorn on loopback, serving courses translated by the real pipeline."""
    from service.api.app import create_app
    from service.runtime import build_runtime
    from service.translate.base import FunctionTranslator

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = Settings(data_dir=tmp_path_factory.mktemp("browser"), target_languages=["en", "ar", "uk"],
                        cors_origins=[site.origin], public_base_url=base)
    runtime = build_runtime(settings, translator=FunctionTranslator(translate))
    listed = courses(date.today())
    runtime.catalog.apply(ParseResult(source="test", format=SourceFormat.KURSFINDER_JSON, courses=listed,
                                      rows_read=len(listed)), full=True)
    runtime.translation.worker().run(until_idle=True)
    runtime.indexer.drain()
    app = create_app(settings, runtime=runtime, background=False)
    with uvicorn_thread(app, port) as served:
        yield served


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture
def page(browser: object) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)  # type: ignore[attr-defined]
    tab = context.new_page()
    yield tab
    context.close()


def embed_page(base: str) -> str:
    """examples/embed.html as a municipality would publish it, pointing at this test server."""
    return (REPO / "examples" / "embed.html").read_text(encoding="utf-8").replace("http://127.0.0.1:8000", base)


def widget_status(page: Page) -> object:
    return page.locator("kursfinder-search [role=status]")


# The tests ----------------------------------------------------------------------------------------
def test_arabic_search_is_right_to_left_filters_and_opens_a_course_page(page: Page, server: str) -> None:
    page.goto(f"{server}/examples/embed.html")
    host = page.locator("kursfinder-search")
    expect(host).to_have_attribute("dir", "rtl")
    expect(widget_status(page)).to_have_text(re.compile("تم العثور على"))

    box = page.get_by_role("combobox", name="ابحث عن دورات")
    box.press_sequentially("دورة الاندماج", delay=15)
    # The real /suggest answers from the glossary; Escape closes the list and keeps the words.
    expect(page.get_by_role("listbox").get_by_role("option").first).to_contain_text("دورة الاندماج")
    box.press("Escape")
    expect(page.get_by_role("listbox")).to_be_hidden()
    expect(box).to_have_value("دورة الاندماج")
    titles = page.locator("kursfinder-search article h3")
    expect(titles.first).to_contain_text("الاندماج")
    expect(page.locator("kursfinder-search article h3 mark").first).to_be_visible()
    assert host.evaluate("el => getComputedStyle(el.shadowRoot.querySelector('.kf')).direction") == "rtl"
    # Right-to-left: a card's heading hugs the card's right edge.
    card, heading = page.locator("kursfinder-search article").first.bounding_box(), titles.first.bounding_box()
    assert card and heading and card["x"] + card["width"] - (heading["x"] + heading["width"]) < 20
    expect(page.get_by_text("ترجمة آلية من الألمانية").first).to_be_visible()

    page.get_by_text("عوامل التصفية").click()
    page.get_by_label("نوع الدورة").select_option("integration_youth")
    expect(widget_status(page)).to_have_text("تم العثور على دورة واحدة")
    expect(titles).to_have_count(1)
    expect(titles.first).to_contain_text("للشباب")
    provider = page.locator("kursfinder-search article a[target=_blank]")
    expect(provider).to_have_attribute("rel", "noopener")
    expect(provider).to_have_attribute("href", "https://vhs.example/kurs/2")

    page.get_by_role("link", name="صفحة الدورة").click()
    page.wait_for_url(f"{server}/ar/kurse/test:2")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("دورة الاندماج للشباب بعد الظهر")


def test_every_control_has_an_accessible_name(page: Page, server: str) -> None:
    page.goto(f"{server}/examples/embed.html")
    expect(widget_status(page)).to_have_text(re.compile("تم العثور على"))
    page.get_by_text("عوامل التصفية").click()
    tree = page.locator("kursfinder-search").aria_snapshot()
    controls = re.findall(r"- (combobox|textbox|searchbox|checkbox|button|link|spinbutton)\b(.*)", tree)
    assert len(controls) >= 10
    unnamed = [line for role, line in controls if not line.strip().startswith('"')]
    assert unnamed == [], tree
    for name in ("ابحث عن دورات", "الرمز البريدي", "المسافة", "يبدأ من"):
        expect(page.get_by_label(name, exact=True)).to_have_count(1)
    expect(page.get_by_role("checkbox", name="مع رعاية الأطفال")).to_have_count(1)


def focused(page: Page) -> str:
    return str(page.evaluate("""() => {
        let el = document.activeElement;
        while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
        const name = el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].textContent)
            || el.textContent;
        return `${el.tagName.toLowerCase()}:${(name || '').trim().slice(0, 40)}`;
    }"""))


def test_tab_order_follows_the_reading_order(page: Page, server: str, site: HostSite) -> None:
    site.pages["/tab.html"] = (f'<!doctype html><html lang="de"><body><script src="{server}/widget.js" defer>'
                               '</script><kursfinder-search lang="de" plz="86150"></kursfinder-search></body></html>')
    page.goto(f"{site.origin}/tab.html")
    expect(widget_status(page)).to_have_text(re.compile("Kurse gefunden"))
    order = []
    for _ in range(6):
        page.keyboard.press("Tab")
        order.append(focused(page))
    assert order[:3] == ["input:Kurse suchen", "button:Suchen", "summary:Filter"]
    assert order[3].startswith("a:Kursseite") and order[4].startswith("a:Details und Anmeldung beim Anbieter")
    assert order[5].startswith("a:Kursseite")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # opens the filters
    inside: list[str] = []
    for _ in range(9):  # a date field takes one stop per part (day, month, year)
        page.keyboard.press("Tab")
        name = focused(page).split(":")[1]
        if not inside or inside[-1] != name:
            inside.append(name)
    assert inside[:6] == ["Kursart", "Postleitzahl", "Entfernung", "Beginn ab", "Nur Kurse mit freien Plätzen",
                          "Mit Kinderbetreuung"]


def test_the_live_region_announces_each_result_count(page: Page, server: str) -> None:
    page.goto(f"{server}/examples/embed.html")
    status = widget_status(page)
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text(re.compile("تم العثور على"))
    box = page.get_by_role("combobox", name="ابحث عن دورات")
    box.fill("zzzzqqq")
    expect(status).to_have_text("لم يتم العثور على دورات. جرّب كلمات أخرى أو عوامل تصفية أقل.")
    box.fill("")
    page.get_by_text("عوامل التصفية").click()
    page.get_by_role("checkbox", name="مع رعاية الأطفال").check()
    expect(status).to_have_text("تم العثور على دورتين")


def test_an_allowed_origin_embeds_it_and_others_are_refused(page: Page, server: str, site: HostSite) -> None:
    site.pages["/kurse.html"] = embed_page(server)
    page.goto(f"{site.origin}/kurse.html")
    expect(widget_status(page)).to_have_text(re.compile("تم العثور على"))
    expect(page.locator("kursfinder-search article").first).to_be_visible()

    page.goto(f"{site.other_origin}/kurse.html")
    # The browser blocks every call (even the UI strings): the widget says so, in English.
    expect(widget_status(page)).to_have_text("The search is not available right now. Please try again later.")
    expect(page.locator("kursfinder-search article")).to_have_count(0)


@pytest.mark.parametrize(("lang", "query", "filters", "found"), [
    ("ar", "دورة الاندماج", False, "تم العثور على"),  # a query: highlighted matches
    ("uk", "", True, "Знайдено"),  # the filters, opened
    ("de", "", False, "gefunden"),  # what a page shows before anyone types
])
def test_screenshots_at_phone_width(browser: object, server: str, lang: str, query: str, filters: bool, found: str,
                                    tmp_path: Path) -> None:
    chosen = os.environ.get("KURSFINDER_SCREENSHOTS")
    out = REPO / chosen if chosen else tmp_path
    # The browser's own locale too, as on that person's phone.
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, locale=lang)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(f"{server}/examples/embed.html")
    page.locator(f".languages button[data-lang={lang}]").click()
    expect(page.locator("kursfinder-search")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    expect(widget_status(page)).to_have_text(re.compile(found))
    if query:
        box = page.locator("kursfinder-search input[type=search]")
        box.press_sequentially(query, delay=15)
        expect(page.get_by_role("listbox").get_by_role("option").first).to_be_visible()
        box.press("Escape")  # the suggestions would cover the results
        expect(page.locator("kursfinder-search article h3 mark").first).to_be_visible()
    if filters:
        page.locator("kursfinder-search summary").click()
        page.locator("kursfinder-search input[type=checkbox]").first.check()
        expect(widget_status(page)).to_have_text(re.compile(found))
    page.locator("kursfinder-search").evaluate("el => window.scrollTo(0, el.getBoundingClientRect().top + scrollY)")
    path = out / f"widget-{lang}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing overflows sideways
    context.close()
    width, height = struct.unpack(">II", path.read_bytes()[16:24])  # PNG IHDR
    assert (width, height) == (PHONE["width"], PHONE["height"])



def test_suggestions_are_a_keyboard_combobox(page: Page, server: str) -> None:
    """/suggest (another component's endpoint) answered here by a stand-in with the documented shape."""
    suggestions = {"suggestions": [{"text": "دورة الاندماج", "kind": "term"},
                                   {"text": "دورة الاندماج للشباب", "kind": "course_type",
                                    "course_type": "integration_youth"}]}
    page.route("**/suggest?*", lambda route: route.fulfill(json=suggestions))
    page.goto(f"{server}/examples/embed.html")
    expect(widget_status(page)).to_have_text(re.compile("تم العثور على"))
    box = page.get_by_role("combobox", name="ابحث عن دورات")
    box.press_sequentially("دورة", delay=15)
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options).to_have_count(2)
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    box.press("ArrowDown")
    second = options.nth(1)
    expect(second).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", str(second.get_attribute("id")))
    box.press("Enter")  # a course-type suggestion becomes the type filter
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("")
    expect(page.get_by_label("نوع الدورة")).to_have_value("integration_youth")
    expect(widget_status(page)).to_have_text("تم العثور على دورة واحدة")


def test_without_a_suggest_endpoint_typing_still_searches(page: Page, server: str) -> None:
    page.route("**/suggest?*", lambda route: route.fulfill(status=404, json={"error": {"code": "not_found"}}))
    page.goto(f"{server}/examples/embed.html")
    box = page.get_by_role("combobox", name="ابحث عن دورات")
    box.press_sequentially("محو الأمية", delay=15)
    expect(page.locator("kursfinder-search article h3").first).to_contain_text("محو الأمية")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("listbox")).to_be_hidden()


def test_a_language_chosen_while_the_first_catalog_loads_wins(page: Page, server: str) -> None:
    """A slow Arabic catalog must not overwrite Ukrainian chosen meanwhile (seen once in CI)."""
    page.add_init_script("""
        const fetchNow = window.fetch.bind(window);
        window.fetch = (url, ...rest) => String(url).includes("/widget/messages/ar.json")
            ? new Promise(resolve => setTimeout(() => resolve(fetchNow(url, ...rest)), 800))
            : fetchNow(url, ...rest);
    """)
    page.goto(f"{server}/examples/embed.html")
    page.locator(".languages button[data-lang=uk]").click()
    expect(page.locator("kursfinder-search")).to_have_attribute("dir", "ltr")
    expect(widget_status(page)).to_have_text(re.compile("Знайдено"))
    page.wait_for_timeout(1200)  # the Arabic answer has arrived by now, and is ignored
    expect(page.locator("kursfinder-search")).to_have_attribute("dir", "ltr")
    expect(widget_status(page)).to_have_text(re.compile("Знайдено"))
