"""Public course pages, their JSON-LD and hreflang alternates, the sitemap, and localized errors."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.config import Settings
from service.courses import Course, CourseType, Mode
from service.ingest.base import ParseResult, SourceFormat
from service.runtime import Runtime, build_runtime
from service.search.service import LocalizedText
from service.web import sitemap
from service.web.templating import Templates
from tests.conftest import make_course

BASE = "https://kurse.example.de"
ARABIC_TITLE = "دورة الاندماج مع رعاية الأطفال"
SCHEMA = "https://schema.org"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


class Head(HTMLParser):
    """The parts of a page search engines read: <html> attributes, links, JSON-LD, text."""

    def __init__(self) -> None:
        super().__init__()
        self.html: dict[str, str | None] = {}
        self.links: list[dict[str, str | None]] = []
        self.jsonld: list[Any] = []
        self._in_jsonld = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.html = dict(attrs)
        elif tag == "link":
            self.links.append(dict(attrs))
        elif tag == "script" and ("type", "application/ld+json") in attrs:
            self._in_jsonld = True

    def handle_endtag(self, tag: str) -> None:
        self._in_jsonld = False if tag == "script" else self._in_jsonld

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self.jsonld.append(json.loads(data))
        else:
            self.text.append(data)


def parse(html: str) -> Head:
    head = Head()
    head.feed(html)
    return head


def arabic_localizer(course: Course, field: str, lang: str) -> LocalizedText | None:
    """Stand-in for the translation stage: course 1's title has a machine translation into Arabic."""
    if course.id == "test:1" and field == "title" and lang == "ar":
        return LocalizedText(ARABIC_TITLE, "ar", "machine")
    value = getattr(course, field)
    return LocalizedText(value, "de", "source") if value else None


@pytest.fixture
def page_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"public_base_url": BASE})


@pytest.fixture
def rt(page_settings: Settings, sample_courses: list[Course]) -> Iterator[Runtime]:
    runtime = build_runtime(page_settings)
    courses = [*sample_courses, make_course(
        "6", "Deutschkurs B1 online", course_type=CourseType.GERMAN_COURSE, level="B1", mode=Mode.ONLINE,
        provider="VHS Augsburg", price=120.0, price_note="Ermäßigung möglich", sessions=24, max_participants=16,
        free_seats=1, start_date=date(2027, 3, 1), end_date=date(2027, 6, 30), url="https://vhs.example/6",
        description="Erster Absatz.\n\nZweiter Absatz </script><b>", street="Hauptstr. 1", postal_code="86150",
        city="Augsburg", lat=48.365, lon=10.895)]
    runtime.catalog.apply(ParseResult(source="test", format=SourceFormat.KURSFINDER_JSON, courses=courses,
                                      rows_read=len(courses)), full=True)
    runtime.search.localizer = arabic_localizer
    yield runtime


@pytest.fixture
def client(page_settings: Settings, rt: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(page_settings, runtime=rt, background=False)) as test_client:
        yield test_client


def course_of(head: Head) -> dict[str, Any]:
    [course] = [item for item in head.jsonld if item.get("@type") == "Course"]
    return course  # type: ignore[no-any-return]


def assert_valid_course_jsonld(course: dict[str, Any], url: str) -> None:
    """The schema.org properties search engines require of Course / CourseInstance markup."""
    assert course["@context"] == SCHEMA and course["@type"] == "Course"
    assert course["url"] == url and course["@id"].startswith(url)
    assert course["name"].strip() and course["description"].strip()
    assert course["provider"]["@type"] == "Organization" and course["provider"]["name"].strip()
    instances = course["hasCourseInstance"]
    assert instances and all(i["@type"] == "CourseInstance" for i in instances)
    for instance in instances:
        assert instance["courseMode"] in {"online", "onsite", "blended"}
        for key in ("startDate", "endDate"):
            if key in instance:
                date.fromisoformat(instance[key])
        location = instance.get("location")
        if location and location["@type"] == "Place":
            assert location["address"]["@type"] == "PostalAddress"
            assert location["address"]["addressCountry"] == "DE"
        if "offers" in instance:
            offer = instance["offers"]
            assert offer["@type"] == "Offer" and offer["priceCurrency"] == "EUR" and float(offer["price"]) >= 0


# Course pages ----------------------------------------------------------------------------------
def test_a_course_page_is_in_its_language_with_direction(client: TestClient) -> None:
    response = client.get("/ar/kurse/test:1")
    assert response.status_code == 200 and response.headers["content-language"] == "ar"
    head = parse(response.text)
    assert head.html == {"lang": "ar", "dir": "rtl"}
    assert "تفاصيل الدورة" in response.text  # "Course details" from the Arabic catalog
    assert parse(client.get("/uk/kurse/test:1").text).html == {"lang": "uk", "dir": "ltr"}


def test_the_page_has_canonical_and_hreflang_alternates_for_every_language(
        client: TestClient, page_settings: Settings) -> None:
    head = parse(client.get("/uk/kurse/test:3").text)
    [canonical] = [link["href"] for link in head.links if link.get("rel") == "canonical"]
    assert canonical == f"{BASE}/uk/kurse/test:3"
    alternates = {link["hreflang"]: link["href"] for link in head.links if link.get("rel") == "alternate"}
    assert set(alternates) == {*page_settings.all_languages(), "x-default"}
    assert alternates["x-default"] == alternates["de"] == f"{BASE}/de/kurse/test:3"
    assert all(href == f"{BASE}/{lang}/kurse/test:3" for lang, href in alternates.items() if lang != "x-default")


def test_the_json_ld_is_a_valid_schema_org_course(client: TestClient) -> None:
    url = f"{BASE}/de/kurse/test:6"
    course = course_of(parse(client.get("/de/kurse/test:6").text))
    assert_valid_course_jsonld(course, url)
    [instance] = course["hasCourseInstance"]
    assert instance["courseMode"] == "online"
    assert (instance["startDate"], instance["endDate"]) == ("2027-03-01", "2027-06-30")
    assert instance["location"] == {"@type": "VirtualLocation", "url": "https://vhs.example/6"}
    assert instance["offers"]["price"] == "120.00" and instance["offers"]["category"] == "Paid"
    assert (instance["maximumAttendeeCapacity"], instance["remainingAttendeeCapacity"]) == (16, 1)
    assert course["provider"]["name"] == "VHS Augsburg" and course["educationalLevel"] == "B1"


def test_the_json_ld_of_an_in_person_course_has_a_postal_address(client: TestClient) -> None:
    course = course_of(parse(client.get("/ar/kurse/test:1").text))
    assert_valid_course_jsonld(course, f"{BASE}/ar/kurse/test:1")
    place = course["hasCourseInstance"][0]["location"]
    assert place["address"]["postalCode"] == "86150" and place["geo"]["latitude"] == 48.365
    assert course["name"] == ARABIC_TITLE  # the page's language, as search engines index it


def test_no_course_text_can_break_out_of_the_json_ld_script(client: TestClient) -> None:
    html = client.get("/de/kurse/test:6").text
    script = html[html.index('<script type="application/ld+json">'):]
    script = script[:script.index("</script>")]
    assert "<b>" not in script and "\\u003c/script\\u003e" in script
    assert course_of(parse(html))["description"].endswith("</script><b>")
    assert "&lt;/script&gt;&lt;b&gt;" in html  # and the visible copy is escaped


def test_machine_translated_text_is_marked(client: TestClient) -> None:
    html = client.get("/ar/kurse/test:1").text
    assert f'<h1 lang="ar" dir="auto">{ARABIC_TITLE}</h1>' in html
    assert "ترجمة آلية من الألمانية" in html  # the machine-translation note, in Arabic


def test_untranslated_text_is_shown_in_german_and_says_so(client: TestClient) -> None:
    html = client.get("/uk/kurse/test:4").text
    assert '<h1 lang="de" dir="auto">Alphabetisierungskurs</h1>' in html
    assert "Ще не перекладено" in html and "Машинний переклад" not in html


def test_facts_are_localized_with_cldr_dates_numbers_and_plurals(client: TestClient) -> None:
    text = " ".join(parse(client.get("/de/kurse/test:6").text).text)
    assert "1. März 2027 bis 30. Juni 2027" in text
    assert "1 freier Platz" in text and "24 Termine" in text and "120,00\xa0€" in text
    assert "Berufssprachkurs" not in text and "Deutschkurs" in text
    uk = " ".join(parse(client.get("/uk/kurse/test:1").text).text)
    assert "3 вільні місця" in uk and "Загальний інтеграційний курс" in uk


def test_the_page_links_to_the_source_and_paragraphs_stay_paragraphs(client: TestClient) -> None:
    html = client.get("/de/kurse/test:6").text
    assert '<a class="cta" href="https://vhs.example/6" rel="noopener">Details und Anmeldung beim Anbieter</a>' in html
    assert "<p>Erster Absatz.</p>" in html
    assert client.get("/de/kurse/test:6").headers["cache-control"] == "public, max-age=300"


def test_an_unknown_course_is_a_localized_404_page(client: TestClient) -> None:
    response = client.get("/de/kurse/test:999")
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "Kurs nicht gefunden" in response.text and 'name="robots" content="noindex"' in response.text


def test_an_unknown_language_answers_404_in_the_readers_language(client: TestClient) -> None:
    response = client.get("/xx/kurse/test:1", headers={"Accept-Language": "uk"})
    assert response.status_code == 404 and "Курс не знайдено" in response.text


def test_an_alias_redirects_to_the_public_code(client: TestClient) -> None:
    response = client.get("/pes/kurse/test:1", follow_redirects=False)
    assert response.status_code == 301 and response.headers["location"] == "/fa/kurse/test:1"


def test_a_retired_course_is_410_gone(client: TestClient, rt: Runtime, sample_courses: list[Course]) -> None:
    rt.catalog.apply(ParseResult(source="test", format=SourceFormat.KURSFINDER_JSON, courses=sample_courses[1:],
                                 rows_read=len(sample_courses) - 1), full=True)
    response = client.get("/ar/kurse/test:1")
    assert response.status_code == 410
    assert "هذه الدورة لم تعد متاحة" in response.text and parse(response.text).html["dir"] == "rtl"


# Sitemap ---------------------------------------------------------------------------------------
def test_the_sitemap_lists_every_course_page_in_every_language(client: TestClient, page_settings: Settings) -> None:
    response = client.get("/sitemap.xml")
    assert response.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    urls = root.findall("s:url", NS)
    languages = page_settings.all_languages()
    assert len(urls) == 6 * len(languages)
    locs = {url.findtext("s:loc", namespaces=NS) for url in urls}
    assert f"{BASE}/fa/kurse/test:6" in locs
    for url in urls:
        links = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        assert set(links) == {*languages, "x-default"} and url.findtext("s:loc", namespaces=NS) in links.values()
        assert url.findtext("s:lastmod", namespaces=NS)


def test_a_large_catalog_is_split_into_a_sitemap_index(rt: Runtime, page_settings: Settings) -> None:
    languages = page_settings.all_languages()
    index = ET.fromstring(sitemap.sitemap(rt.store, BASE, languages, max_urls=2 * len(languages)))
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    parts = [loc.text for loc in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert parts == [f"{BASE}/sitemaps/{n}.xml" for n in (1, 2, 3)]
    seen = [loc.text for n in (1, 2, 3) for loc in ET.fromstring(
        sitemap.sitemap(rt.store, BASE, languages, n, max_urls=2 * len(languages))).findall("s:url/s:loc", NS)]
    assert len(seen) == len(set(seen)) == 6 * len(languages)


def test_parts_respect_the_size_limit_too(rt: Runtime) -> None:
    languages = [f"l{n}" for n in range(21)]
    layout = sitemap.plan(rt.store, languages)
    assert layout.courses_per_part * 21 <= sitemap.MAX_URLS
    assert layout.courses_per_part * 21 * 22 * sitemap.BYTES_PER_LINK <= sitemap.MAX_BYTES


def test_a_missing_sitemap_part_is_404(client: TestClient) -> None:
    response = client.get("/sitemaps/9.xml", headers={"Accept-Language": "de"})
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Sitemap-Teil 9 gibt es nicht"


def test_robots_txt_points_to_the_sitemap(client: TestClient) -> None:
    assert f"Sitemap: {BASE}/sitemap.xml" in client.get("/robots.txt").text


# Localized API errors -------------------------------------------------------------------------
def test_api_errors_speak_the_callers_language(client: TestClient) -> None:
    response = client.get("/search", params={"limit": 0}, headers={"Accept-Language": "de"})
    assert response.status_code == 422 and response.headers["content-language"] == "de"
    assert response.json()["error"]["message"] == "ungültiger Wert für limit"
    assert client.get("/search", params={"limit": 0, "lang": "uk"}).json()["error"]["message"] == \
        "неприпустиме значення для limit"


def test_api_errors_default_to_english(client: TestClient) -> None:
    response = client.get("/no/such/path")
    assert response.status_code == 404 and response.headers["content-language"] == "en"
    assert response.json()["error"] == {"code": "not_found", "message": "Not found", "details": None}
    assert client.get("/no/such/path", headers={"Accept-Language": "ar"}).json()["error"]["message"] == "غير موجود"


# Templating for other UIs ----------------------------------------------------------------------
def test_templates_get_gettext_ngettext_trans_and_formatting(tmp_path: Path) -> None:
    (tmp_path / "t.html").write_text(
        '{{ _("Search") }}|{{ ngettext("%(num)s course found", "%(num)s courses found", n) }}|'
        '{% trans count=n %}{{ count }} Kurs{% pluralize %}{{ count }} Kurse{% endtrans %}|'
        '{{ _("Starts on %(date)s", date=format_date(day)) }}|{{ format_number(1234.5) }}|'
        '{{ language_name("uk") }}|{{ dir }}|{{ _("invalid value for %(fields)s", fields=evil) }}',
        encoding="utf-8")
    templates = Templates(directory=tmp_path)
    out = templates.render("t.html", "de", n=2500, day=date(2027, 1, 10), evil="<b>")
    assert out == ("Suchen|2.500 Kurse gefunden|2500 Kurse|Beginnt am 10. Januar 2027|1.234,5|Українська|ltr|"
                   "ungültiger Wert für &lt;b&gt;")
    assert templates.render("t.html", "ar", n=1, day=date(2027, 1, 10), evil="").split("|")[6] == "rtl"


def test_a_template_response_carries_its_language(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text('<html lang="{{ lang }}">{{ _("Filters") }}</html>', encoding="utf-8")
    response = Templates(directory=tmp_path).response("p.html", "uk", status_code=201)
    assert response.status_code == 201 and response.headers["content-language"] == "uk"
    assert response.body.decode() == '<html lang="uk">Фільтри</html>'


def test_page_templates_are_all_extractable() -> None:
    """Every visible string in a page template goes through gettext (no bare English words)."""
    directory = Path(__file__).resolve().parent.parent / "service" / "web" / "templates" / "pages"
    for path in directory.glob("*.html"):
        text = re.sub(r"{%.*?%}|{{.*?}}|<style>.*?</style>|<script.*?</script>|<[^>]+>", " ", path.read_text(),
                      flags=re.S)
        words = [w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in {"Kursfinder"}]
        assert words == [], path.name
