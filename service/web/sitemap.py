"""``/sitemap.xml``: every active course page in every language, with ``xhtml:link`` hreflang alternates.

One ``<url>`` per course and language, each listing all language versions of that course (search
engines want the alternates on every version). Sitemaps may hold 50,000 URLs and 50 MB; with 21
languages the alternates make each URL about 2 KB, so a part holds fewer courses than the URL limit
alone would allow. A catalog that needs more than one part is served as a sitemap index at
``/sitemap.xml`` pointing to ``/sitemaps/<n>.xml``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from service.errors import NotFound
from service.i18n import N_
from service.store import Store
from service.web.course_page import page_url

MAX_URLS = 50_000
MAX_BYTES = 45_000_000  # under the 50 MB limit, with room for long ids
BYTES_PER_LINK = 120
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


@dataclass(frozen=True, slots=True)
class SitemapPlan:
    courses: int
    courses_per_part: int

    @property
    def parts(self) -> int:
        return max(1, -(-self.courses // self.courses_per_part))


def plan(store: Store, languages: Sequence[str], *, max_urls: int = MAX_URLS,
         max_bytes: int = MAX_BYTES) -> SitemapPlan:
    count = int(store.reader().execute("SELECT COUNT(*) FROM courses WHERE active = 1").fetchone()[0])
    n = max(1, len(languages))
    per_part = max(1, min(max_urls // n, max_bytes // (n * (n + 1) * BYTES_PER_LINK)))
    return SitemapPlan(count, per_part)


def _courses(store: Store, offset: int, limit: int) -> Iterator[tuple[str, str]]:
    rows = store.reader().execute(
        "SELECT id, changed_at FROM courses WHERE active = 1 ORDER BY id LIMIT ? OFFSET ?", (limit, offset))
    for row in rows:
        yield str(row["id"]), str(row["changed_at"])


def urlset(store: Store, base_url: str, languages: Sequence[str], plan: SitemapPlan, part: int = 1) -> str:
    """Part ``part`` (1-based) of the course pages."""
    if not 1 <= part <= plan.parts:
        raise NotFound(template=N_("no sitemap part %(part)s"), params={"part": part})
    out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}"'
           f' xmlns:xhtml="{XHTML_NS}">\n']
    for course_id, changed_at in _courses(store, (part - 1) * plan.courses_per_part, plan.courses_per_part):
        urls = {lang: escape(page_url(base_url, lang, course_id)) for lang in languages}
        links = "".join(f'<xhtml:link rel="alternate" hreflang="{lang}" href="{url}"/>'
                        for lang, url in urls.items())
        default = urls.get("de") or next(iter(urls.values()))
        links += f'<xhtml:link rel="alternate" hreflang="x-default" href="{default}"/>'
        for url in urls.values():
            out.append(f"<url><loc>{url}</loc><lastmod>{escape(changed_at)}</lastmod>{links}</url>\n")
    out.append("</urlset>\n")
    return "".join(out)


def index(base_url: str, plan: SitemapPlan) -> str:
    base = escape(base_url.rstrip("/"))
    parts = "".join(f"<sitemap><loc>{base}/sitemaps/{n}.xml</loc></sitemap>\n"
                    for n in range(1, plan.parts + 1))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">\n'
            f"{parts}</sitemapindex>\n")


def sitemap(store: Store, base_url: str, languages: Sequence[str], part: int | None = None,
            **limits: int) -> str:
    """``part=None``: ``/sitemap.xml`` (the whole urlset, or an index when it needs parts)."""
    layout = plan(store, languages, **limits)
    if part is None:
        return urlset(store, base_url, languages, layout) if layout.parts == 1 else index(base_url, layout)
    return urlset(store, base_url, languages, layout, part)
