"""Locales: negotiation, gettext catalogs and CLDR formatting (Babel), in one place.

- :func:`negotiate` decides the language of a response, in a fixed order: an explicit choice
  (``?lang=``, the URL, the widget's attribute), then ``Accept-Language``, then the fallback.
  Codes are BCP 47; Integreat's own codes are accepted as aliases (its ``pes`` is ``fa``).
- :class:`Catalogs` loads ``locales/<lang>/LC_MESSAGES/messages.po`` compiled to ``.mo`` (compiled
  here when missing or older than the ``.po``; ``scripts/i18n compile`` does the same ahead of time).
  Message ids are English, so a string without a translation falls back to English.
- :class:`L10n` is one locale's view: ``gettext``/``ngettext`` plus dates, numbers, currency and
  language names by CLDR rules. Babel lacks ``prs`` and ``kmr``; :data:`BABEL_LOCALES` maps them.

Every catalog is served, reviewed or not: a drafted UI in someone's language beats none. Each
``locales/<lang>/meta.json`` says whether it has been reviewed, and that flag is exposed (widget
messages, translator UI) so translators see what still needs review.
"""

from __future__ import annotations

import gettext as _gettext
import json
import logging
import os
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency as _babel_format_currency
from babel.numbers import format_decimal as _babel_format_decimal
from babel.support import Translations

log = logging.getLogger(__name__)

# Integreat and ISO 639-3 spellings -> the public codes Kursfinder uses.
ALIASES = {"pes": "fa", "fa-ir": "fa", "fa-af": "prs", "prs-af": "prs", "pbt": "ps", "pus": "ps",
           "kmr-latn": "kmr", "ku": "kmr", "ckb-iq": "ckb", "sdh": "ckb", "tir": "ti", "som": "so",
           "ukr": "uk", "rus": "ru", "tur": "tr", "ara": "ar", "eng": "en", "deu": "de", "ger": "de"}

RTL_LANGUAGES = frozenset({"ar", "fa", "prs", "ps", "ckb", "ur"})

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"  # message ids are English: the fallback for every untranslated string

# Public codes CLDR (and so Babel and the browser's Intl) knows under another name.
BABEL_LOCALES = {"prs": "fa_AF", "kmr": "ku"}
# Language names in their own script where CLDR's is missing or names a region we do not mean.
OWN_NAMES = {"prs": "دری", "kmr": "Kurmancî", "ckb": "کوردیی ناوەندی"}


def N_(message: str) -> str:
    """Marks a string for extraction where it is translated later, in the reader's locale."""
    return message


# Negotiation -------------------------------------------------------------------------------------
def canonical(code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().lower().replace("_", "-")
    if code in ALIASES:
        return ALIASES[code]
    base = code.split("-")[0]
    return ALIASES.get(base, base)


def parse_accept_language(header: str | None) -> list[str]:
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "").split(",")):
        code, _, quality = part.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            continue
        lang = canonical(code)
        if lang and lang != "*":
            ranked.append((-weight, position, lang))
    return [lang for _, _, lang in sorted(ranked)]


def negotiate(explicit: str | None, accept_language: str | None, available: Sequence[str],
              fallback: str = "de") -> str:
    """The response language: ``explicit`` if served, else the best ``Accept-Language`` match."""
    lang = canonical(explicit)
    if lang in available:
        return str(lang)
    for lang in parse_accept_language(accept_language):
        if lang in available:
            return lang
    return fallback


def is_rtl(lang: str) -> bool:
    return lang in RTL_LANGUAGES


def text_direction(lang: str) -> str:
    return "rtl" if is_rtl(lang) else "ltr"


# CLDR formatting ---------------------------------------------------------------------------------
@cache
def babel_locale(lang: str) -> Locale:
    """The CLDR locale for a public code (``prs`` -> ``fa_AF``); English where CLDR has none."""
    try:
        return Locale.parse(BABEL_LOCALES.get(lang, lang).replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(SOURCE_LANGUAGE)


def intl_locale(lang: str) -> str:
    """The BCP 47 tag the browser's ``Intl`` should use for ``lang``."""
    return BABEL_LOCALES.get(lang, lang).replace("_", "-")


def format_date(value: date | datetime, lang: str, format: str = "long") -> str:
    # Gregorian calendar and Latin digits everywhere: course dates are read next to German
    # letters, timetables and postal codes, and the widget asks Intl for the same.
    return _babel_format_date(value, format=format, locale=babel_locale(lang))


def format_number(value: float, lang: str) -> str:
    return _babel_format_decimal(value, locale=babel_locale(lang))


def format_currency(amount: float, lang: str, currency: str = "EUR") -> str:
    return _babel_format_currency(amount, currency, locale=babel_locale(lang))


def plural_category(n: float, lang: str) -> str:
    """CLDR plural category of ``n`` in ``lang`` (``one``, ``few``, ``many``, ``other`` …)."""
    return str(babel_locale(lang).plural_form(n))


def language_name(lang: str) -> str:
    """The language's own name in its own script, capitalised where the script has case."""
    name = OWN_NAMES.get(lang)
    if name is None:
        try:
            locale = Locale.parse(lang.replace("-", "_"))
            name = locale.languages.get(locale.language) or lang
        except (UnknownLocaleError, ValueError):
            name = lang
    return name[:1].upper() + name[1:]


# Catalogs ----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class LocaleMeta:
    """``locales/<lang>/meta.json``: who may rely on the catalog and how far it is translated."""

    code: str
    name: str
    reviewed: bool
    english_name: str = ""


class Catalogs:
    """The gettext catalogs under ``source_dir``, compiled into ``build_dir`` and cached per language."""

    def __init__(self, source_dir: Path = LOCALES_DIR, build_dir: Path | None = None) -> None:
        self.source_dir = source_dir
        self.build_dir = build_dir or source_dir
        self._lock = threading.Lock()
        self._loaded: dict[str, _gettext.NullTranslations] = {}

    def languages(self) -> list[str]:
        """Every language with a catalog and a ``meta.json``, in directory order."""
        if not self.source_dir.is_dir():
            return []
        return sorted(p.name for p in self.source_dir.iterdir()
                      if (p / "meta.json").is_file() and self.po_path(p.name).is_file())

    def po_path(self, lang: str) -> Path:
        return self.source_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"

    def mo_path(self, lang: str) -> Path:
        return self.build_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"

    def meta(self, lang: str) -> LocaleMeta:
        path = self.source_dir / lang / "meta.json"
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        return LocaleMeta(code=lang, name=str(data.get("name") or language_name(lang)),
                          reviewed=bool(data.get("reviewed", False)),
                          english_name=str(data.get("english_name", "")))

    def compile(self, lang: str, *, force: bool = False) -> Path:
        """Compile ``lang``'s ``.po`` to ``.mo`` unless the ``.mo`` is newer; returns the ``.mo``."""
        po, mo = self.po_path(lang), self.mo_path(lang)
        if not force and mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime:
            return mo
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain=DOMAIN)
        mo.parent.mkdir(parents=True, exist_ok=True)
        # Written beside and renamed: a server and a test run may compile the same file at once.
        fd, tmp = tempfile.mkstemp(dir=mo.parent, suffix=".mo.tmp")
        with os.fdopen(fd, "wb") as out:
            write_mo(out, catalog)
        os.replace(tmp, mo)
        log.info("i18n: compiled %s", mo)
        return mo

    def compile_all(self, *, force: bool = False) -> list[Path]:
        return [self.compile(lang, force=force) for lang in self.languages()]

    def translations(self, lang: str) -> _gettext.NullTranslations:
        """``lang``'s translations (English for anything missing); cached for the process."""
        with self._lock:
            found = self._loaded.get(lang)
            if found is None:
                found = self._load(lang)
                self._loaded[lang] = found
            return found

    def _load(self, lang: str) -> _gettext.NullTranslations:
        if lang not in self.languages():
            return _gettext.NullTranslations()
        with self.compile(lang).open("rb") as handle:
            translations = Translations(handle, domain=DOMAIN)
        return translations

    def l10n(self, lang: str) -> L10n:
        return L10n(lang, self.translations(lang))


@cache
def catalogs() -> Catalogs:
    """The process's catalogs (``locales/`` of this checkout; ``.mo`` built next to the ``.po``
    unless that directory is read-only, then in a temporary build directory)."""
    build = LOCALES_DIR if os.access(LOCALES_DIR, os.W_OK) else Path(tempfile.mkdtemp(prefix="kf-i18n-"))
    return Catalogs(LOCALES_DIR, build)


class L10n:
    """One locale: its messages and its CLDR formats. Cheap; make one per request."""

    def __init__(self, lang: str, translations: _gettext.NullTranslations) -> None:
        self.lang = lang
        self.dir = text_direction(lang)
        self.translations = translations

    def gettext(self, message: str, **params: object) -> str:
        text = self.translations.gettext(message)
        return text % params if params else text

    def ngettext(self, singular: str, plural: str, n: int, **params: object) -> str:
        """``%(num)s`` in the message is ``n`` formatted for the locale."""
        text = self.translations.ngettext(singular, plural, n)
        return text % {"num": format_number(n, self.lang), **params}

    def format_date(self, value: date | datetime, format: str = "long") -> str:
        return format_date(value, self.lang, format)

    def format_number(self, value: float) -> str:
        return format_number(value, self.lang)

    def format_currency(self, amount: float, currency: str = "EUR") -> str:
        return format_currency(amount, self.lang, currency)

    def language_name(self, lang: str) -> str:
        return language_name(lang)
