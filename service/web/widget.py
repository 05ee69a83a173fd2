"""The embeddable widget: its script as served (with an ETag), its UI strings per language, and
the example page that shows a municipality how to embed it.

The widget's message ids are whatever ``widget.js`` passes to ``t()``/``tn()``: they are read from
the script with Babel's JavaScript extractor (the same one ``scripts/i18n extract`` runs), so the
JSON never lists a string the widget does not use, nor misses one it does.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.extract import extract

from service.errors import NotFound
from service.i18n import N_, Catalogs, intl_locale, language_name, plural_category
from service.web.labels import SCHEDULE_MESSAGES, TypeLabel, course_type_labels

STATIC_DIR = Path(__file__).resolve().parent / "static"
WIDGET_SOURCE = STATIC_DIR / "widget.js"
EXAMPLES_DIR = Path(__file__).resolve().parent.parent.parent / "examples"
EXAMPLE_PAGE = EXAMPLES_DIR / "embed.html"
# The example page names the API by the address `scripts/demo` serves; served copies name their own.
EXAMPLE_API = "http://127.0.0.1:8000"
JS_KEYWORDS: dict[str, Any] = {"t": None, "tn": (1, 2)}
MAX_GZIP_BYTES = 30 * 1024
PLURAL_SAMPLES = range(0, 1000)


@dataclass(frozen=True, slots=True)
class Asset:
    body: bytes
    media_type: str
    etag: str

    @property
    def gzip_size(self) -> int:
        return len(gzip.compress(self.body, compresslevel=9, mtime=0))


def asset(body: bytes, media_type: str) -> Asset:
    return Asset(body, media_type, '"' + hashlib.sha256(body).hexdigest()[:20] + '"')


def widget_script(source: Path = WIDGET_SOURCE) -> Asset:
    return _widget_script(source, source.stat().st_mtime_ns)


@cache
def _widget_script(source: Path, mtime_ns: int) -> Asset:  # the mtime keys the cache: edits show at once
    return asset(source.read_bytes(), "text/javascript; charset=utf-8")


@cache
def widget_message_ids(source: Path = WIDGET_SOURCE) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """(singular messages, (singular, plural) pairs) the widget script uses."""
    singles: dict[str, None] = {}
    plurals: dict[tuple[str, str], None] = {}
    with source.open("rb") as handle:
        for _, message, _, _ in extract("javascript", handle, keywords=JS_KEYWORDS,
                                        options={"parse_template_string": "true"}):
            if isinstance(message, tuple):
                plurals[(str(message[0]), str(message[1]))] = None
            else:
                singles[str(message)] = None
    return tuple(singles), tuple(plurals)


@cache
def _plural_samples(lang: str) -> dict[str, int]:
    """One number per CLDR plural category of ``lang`` (the browser picks a form by category)."""
    samples: dict[str, int] = {}
    for n in PLURAL_SAMPLES:
        samples.setdefault(plural_category(n, lang), n)
    return samples


def widget_messages(catalogs: Catalogs, lang: str, glossary: TypeLabel | None = None) -> dict[str, Any]:
    """Everything the widget needs to speak ``lang``: strings, plural forms by CLDR category
    (``Intl.PluralRules`` chooses), course-type names (glossary first) and schedule names,
    direction and review state."""
    l10n = catalogs.l10n(lang)
    meta = catalogs.meta(lang)
    singles, pairs = widget_message_ids()
    samples = _plural_samples(lang)
    translations = l10n.translations
    return {
        "lang": lang, "intl": intl_locale(lang), "dir": l10n.dir, "name": language_name(lang),
        "reviewed": meta.reviewed,
        "messages": {message: translations.gettext(message) for message in singles},
        "plurals": {singular: {category: translations.ngettext(singular, plural, n)
                               for category, n in samples.items()} for singular, plural in pairs},
        "course_types": course_type_labels(l10n, glossary),
        "schedules": {str(kind): l10n.gettext(message) for kind, message in SCHEDULE_MESSAGES.items()},
    }


def example_page(api_base: str, source: Path = EXAMPLE_PAGE) -> Asset:
    """``examples/embed.html`` with its script and API address pointing at ``api_base``."""
    if not source.is_file():  # shipped in the repository, not in an installed package
        raise NotFound(template=N_("The example page is not part of this installation."))
    html = source.read_text(encoding="utf-8").replace(EXAMPLE_API, api_base.rstrip("/"))
    return asset(html.encode(), "text/html; charset=utf-8")
