"""Public course pages ``/{lang}/kurse/{id}``: what a page shows, decided here, rendered by Jinja.

A page is in one language (UI strings from the catalog, course text from the localizer: a human or
machine translation where one exists, else the German source, marked as such), links to itself in
every other language (``hreflang``) and carries schema.org JSON-LD. Unknown courses answer 404,
retired ones 410 Gone, both as localized pages; an alias such as ``/pes/…`` redirects to ``/fa/…``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from service.courses import Course
from service.i18n import L10n, canonical, catalogs, language_name, negotiate
from service.search.service import LocalizedText, source_text
from service.web.jsonld import course_jsonld, script_json
from service.web.labels import TypeLabel, course_type_label, glossary_type_label, mode_label, schedule_label

if TYPE_CHECKING:
    from service.runtime import Runtime

CACHE_CONTROL = "public, max-age=300"
DESCRIPTION_CHARS = 160


@dataclass(slots=True)
class PageView:
    """A page to send: a template in a language with its context, or a redirect."""

    template: str
    lang: str
    status: int = 200
    context: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    redirect: str | None = None


@dataclass(frozen=True, slots=True)
class Shown:
    """A course field as the page shows it: ``lang`` goes on the element, notes say where it came from."""

    text: str
    lang: str
    machine: bool
    untranslated: bool  # shown in German because no translation into the page's language exists yet

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def page_path(lang: str, course_id: str) -> str:
    return f"/{lang}/kurse/{quote(course_id, safe=':@')}"


def page_url(base_url: str, lang: str, course_id: str) -> str:
    return base_url.rstrip("/") + page_path(lang, course_id)


def build_course_page(runtime: Runtime, lang: str, course_id: str, accept_language: str | None) -> PageView:
    languages = runtime.settings.all_languages()
    if lang not in languages:
        alias = canonical(lang)
        if alias in languages and alias != lang:
            return PageView("", str(alias), 301, redirect=page_path(str(alias), course_id))
        return PageView("pages/not_found.html", negotiate(None, accept_language, languages, "en"), 404)
    stored = runtime.store.get_course(course_id, include_retired=True)
    if stored is None:
        return PageView("pages/not_found.html", lang, 404)
    if not stored.active:
        return PageView("pages/gone.html", lang, 410, context={"title": stored.course.title})
    context = _course_context(runtime, stored.course, lang, languages)
    return PageView("pages/course.html", lang, context=context, headers={"Cache-Control": CACHE_CONTROL})


def _shown(runtime: Runtime, course: Course, name: str, lang: str) -> Shown | None:
    found: LocalizedText | None = runtime.search.localizer(course, name, lang)
    found = found or source_text(course, name, lang)
    if found is None:
        return None
    untranslated = found.lang != lang and found.origin == "source"
    return Shown(found.text, found.lang, found.machine_translated, untranslated)


def _course_context(runtime: Runtime, course: Course, lang: str, languages: list[str]) -> dict[str, Any]:
    l10n = catalogs().l10n(lang)
    base = runtime.settings.public_base_url
    url = page_url(base, lang, course.id)
    title = _shown(runtime, course, "title", lang)
    assert title is not None  # every course has a title
    subtitle = _shown(runtime, course, "subtitle", lang)
    description = _shown(runtime, course, "description", lang)
    glossary = glossary_type_label(runtime)
    type_label = course_type_label(l10n, course.course_type, glossary)
    summary = (description or subtitle or title).text
    provider = course.provider or course.source
    alternates = [{"lang": code, "name": language_name(code), "url": page_url(base, code, course.id)}
                  for code in languages]
    jsonld = course_jsonld(course, url=url, name=title.text, description=summary[:5000], provider=provider)
    return {
        "course": course, "title": title, "subtitle": subtitle, "description": description,
        "type_label": type_label, "facts": _facts(l10n, course, provider, glossary), "canonical_url": url,
        "alternates": alternates, "x_default": page_url(base, "de", course.id),
        "meta_description": _clip(summary), "jsonld": script_json(jsonld),
        "machine_translated": any(s is not None and s.machine for s in (title, subtitle, description)),
    }


def _facts(l10n: L10n, course: Course, provider: str, glossary: TypeLabel | None) -> list[tuple[str, str]]:
    """(label, value) rows of the course's key facts, in the page's language."""
    _ = l10n.gettext
    rows: list[tuple[str, str | None]] = [
        (_("Course type"), course_type_label(l10n, course.course_type, glossary)),
        (_("Level"), course.level),
        (_("Dates"), _dates(l10n, course)),
        (_("Times"), ", ".join(schedule_label(l10n, s) for s in course.schedule) or None),
        (_("Sessions"), l10n.ngettext("%(num)s session", "%(num)s sessions", course.sessions)
         if course.sessions else None),
        (_("Format"), mode_label(l10n, course.mode)),
        (_("Place"), ", ".join(p for p in (course.street, " ".join(
            x for x in (course.postal_code, course.city) if x)) if p) or None),
        (_("Provider"), provider),
        (_("Free seats"), _seats(l10n, course.free_seats)),
        (_("Childcare"), None if course.childcare is None else
         _("Childcare available") if course.childcare else _("No childcare")),
        (_("Accessibility"), None if course.barrier_free is None else
         _("Barrier-free") if course.barrier_free else _("Not barrier-free")),
        (_("Price"), None if course.price is None else
         _("Free of charge") if course.price == 0 else l10n.format_currency(course.price)),
    ]
    return [(label, value) for label, value in rows if value]


def _dates(l10n: L10n, course: Course) -> str | None:
    if course.start_date and course.end_date:
        return l10n.gettext("%(start)s to %(end)s", start=l10n.format_date(course.start_date),
                            end=l10n.format_date(course.end_date))
    if course.start_date:
        return l10n.gettext("Starts on %(date)s", date=l10n.format_date(course.start_date))
    return None


def _seats(l10n: L10n, free_seats: int | None) -> str | None:
    if free_seats is None:
        return None
    if free_seats == 0:
        return l10n.gettext("No free seats")
    return l10n.ngettext("%(num)s free seat", "%(num)s free seats", free_seats)


def _clip(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= DESCRIPTION_CHARS else flat[:DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0] + "…"
