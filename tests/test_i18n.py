"""Locale negotiation, the gettext catalogs (complete, current, compiled) and CLDR formatting."""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from service import i18n
from service.config import DEFAULT_TARGET_LANGUAGES
from service.errors import IngestFileError, InvalidInput, KursfinderError, Msg, NotFound
from service.i18n import N_, Catalogs, L10n, negotiate
from tests.conftest import REPO

DEFAULT_LANGUAGES = ("de", *DEFAULT_TARGET_LANGUAGES)
LOCALES = REPO / "locales"
# The strings this component owns must be translated in every catalog (others' may lag behind).
OWN_SOURCES = ("service/web/static/widget.js", "service/web/templates/pages/", "service/web/course_page.py",
               "service/web/labels.py", "service/api/errors.py")
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _catalog(lang: str) -> list[tuple[object, object, list[tuple[str, int]]]]:
    with (LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return [(m.id, m.string, m.locations) for m in read_po(handle) if m.id]


@pytest.fixture
def build(tmp_path: Path) -> Catalogs:
    """The repository's catalogs compiled into a fresh build directory."""
    return Catalogs(LOCALES, tmp_path / "build")


# Negotiation ----------------------------------------------------------------------------------
def test_an_explicit_language_wins_over_accept_language() -> None:
    assert negotiate("ar", "uk,de;q=0.8", ["de", "ar", "uk"]) == "ar"


def test_accept_language_is_used_by_quality_when_nothing_explicit_is_served() -> None:
    assert negotiate("xx", "fr;q=0.3, uk;q=0.9, ar;q=0.5", ["de", "ar", "uk"]) == "uk"
    assert negotiate(None, "fr", ["de", "ar"]) == "de"
    assert negotiate(None, None, ["de", "ar"], fallback="en") == "en"


def test_integreat_codes_are_aliases() -> None:
    assert negotiate("pes", None, ["de", "fa"]) == "fa"
    assert negotiate(None, "fa-AF", ["de", "prs"]) == "prs"
    assert i18n.canonical("ku") == "kmr"


@pytest.mark.parametrize("lang", ["ar", "fa", "prs", "ps", "ckb"])
def test_right_to_left_languages(lang: str) -> None:
    assert i18n.is_rtl(lang) and i18n.text_direction(lang) == "rtl"


def test_left_to_right_languages() -> None:
    assert [i18n.text_direction(lang) for lang in ("de", "uk", "ti", "kmr")] == ["ltr"] * 4


# Catalogs -------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", DEFAULT_LANGUAGES)
def test_every_default_language_has_a_catalog_and_meta(lang: str) -> None:
    meta = json.loads((LOCALES / lang / "meta.json").read_text(encoding="utf-8"))
    assert meta["name"] == i18n.language_name(lang)
    assert meta["reviewed"] is (lang in ("de", "en"))
    assert (LOCALES / lang / "LC_MESSAGES" / "messages.po").is_file()


def test_the_catalog_template_is_current() -> None:
    """`scripts/i18n extract` has been run: messages.pot lists exactly the strings in the code."""
    with (REPO / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "t": None, "tn": (1, 2)}
    found = {message for _, _, message, _, _ in extract_from_dir(
        str(REPO), method_map, options_map, keywords=keywords)}
    with (LOCALES / "messages.pot").open("rb") as handle:
        listed = {m.id for m in read_po(handle) if m.id}
    assert found == listed, "run scripts/i18n all"


@pytest.mark.parametrize("lang", DEFAULT_LANGUAGES)
def test_every_catalog_has_every_message_of_the_template(lang: str) -> None:
    with (LOCALES / "messages.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    assert template <= {msgid for msgid, _, _ in _catalog(lang)}, "run scripts/i18n update"


@pytest.mark.parametrize("lang", [lang for lang in DEFAULT_LANGUAGES if lang != "en"])
def test_widget_and_page_strings_are_translated(lang: str) -> None:
    untranslated = [msgid for msgid, text, places in _catalog(lang)
                    if any(path.startswith(OWN_SOURCES) for path, _ in places)
                    and (not text or (isinstance(text, tuple) and not all(text)))]
    assert untranslated == []


@pytest.mark.parametrize("lang", DEFAULT_LANGUAGES)
def test_translations_keep_the_placeholders(lang: str) -> None:
    for msgid, text, _ in _catalog(lang):
        if isinstance(msgid, tuple):
            for form in text or ():  # type: ignore[union-attr]
                # A form may spell the number out ("one course") but never invents a placeholder.
                assert set(PLACEHOLDER.findall(form)) <= set(PLACEHOLDER.findall(msgid[1])), (msgid, form)
        elif text:
            assert sorted(PLACEHOLDER.findall(str(text))) == sorted(PLACEHOLDER.findall(str(msgid))), msgid


def test_catalogs_compile_into_the_build_dir_and_only_when_stale(build: Catalogs) -> None:
    assert set(DEFAULT_LANGUAGES) <= set(build.languages())
    mo = build.compile("de")
    assert mo == build.build_dir / "de" / "LC_MESSAGES" / "messages.mo"
    stamp = mo.stat().st_mtime_ns
    assert build.compile("de").stat().st_mtime_ns == stamp  # fresh: left alone
    os.utime(mo, (0, 0))  # older than its .po now
    assert build.compile("de").stat().st_mtime_ns != 0


def test_translations_are_read_from_the_compiled_catalog(build: Catalogs) -> None:
    assert build.l10n("de").gettext("Search for courses") == "Kurse suchen"
    assert build.l10n("uk").gettext("Search for courses") == "Пошук курсів"
    assert (build.build_dir / "uk" / "LC_MESSAGES" / "messages.mo").is_file()


def test_missing_strings_fall_back_to_english(tmp_path: Path) -> None:
    source = tmp_path / "locales"
    (source / "xx" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy(LOCALES / "de" / "meta.json", source / "xx" / "meta.json")
    (source / "xx" / "LC_MESSAGES" / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Search"\nmsgstr "Suchen"\n', encoding="utf-8")
    l10n = Catalogs(source, tmp_path / "build").l10n("xx")
    assert l10n.gettext("Search") == "Suchen"
    assert l10n.gettext("Filters") == "Filters"
    assert Catalogs(source).l10n("zz").gettext("Filters") == "Filters"  # no catalog at all


# Formatting and plurals -----------------------------------------------------------------------
@pytest.mark.parametrize(("lang", "n", "expected"), [
    ("de", 1, "1 freier Platz"), ("de", 3, "3 freie Plätze"),
    ("uk", 1, "1 вільне місце"), ("uk", 3, "3 вільні місця"), ("uk", 5, "5 вільних місць"),
    ("uk", 21, "21 вільне місце"), ("pl", 22, "22 wolne miejsca"), ("pl", 25, "25 wolnych miejsc"),
    ("ar", 2, "مكانان شاغران"), ("ar", 11, "11 مكانًا شاغرًا"), ("ar", 100, "100 مكان شاغر"),
    ("ro", 1, "1 loc liber"), ("ro", 20, "20 de locuri libere"), ("en", 1, "1 free seat"),
    ("de", 1500, "1.500 freie Plätze"),
])
def test_plurals_follow_each_locales_rules(build: Catalogs, lang: str, n: int, expected: str) -> None:
    assert build.l10n(lang).ngettext("%(num)s free seat", "%(num)s free seats", n) == expected


def test_dates_and_numbers_follow_cldr() -> None:
    day = date(2026, 12, 1)
    assert i18n.format_date(day, "de") == "1. Dezember 2026"
    assert i18n.format_date(day, "uk") == "1 грудня 2026\u202fр."
    assert "2026" in i18n.format_date(day, "fa")  # Gregorian, as on German documents
    assert i18n.format_number(1234.5, "de") == "1.234,5"
    assert i18n.format_number(1234.5, "en") == "1,234.5"
    assert i18n.format_currency(120, "de") == "120,00\xa0€"


def test_locales_cldr_lacks_are_mapped() -> None:
    assert str(i18n.babel_locale("prs")) == "fa_AF"
    assert str(i18n.babel_locale("kmr")) == "ku"
    assert i18n.intl_locale("prs") == "fa-AF"
    assert str(i18n.babel_locale("zz")) == "en"


@pytest.mark.parametrize(("lang", "name"), [
    ("de", "Deutsch"), ("ar", "العربية"), ("fa", "فارسی"), ("prs", "دری"), ("uk", "Українська"),
    ("kmr", "Kurmancî"), ("ti", "ትግርኛ"), ("el", "Ελληνικά"), ("fr", "Français"),
])
def test_language_names_are_in_their_own_script(lang: str, name: str) -> None:
    assert i18n.language_name(lang) == name


def test_l10n_formats_placeholders_and_plural_numbers() -> None:
    l10n = L10n("de", i18n.catalogs().translations("de"))
    assert l10n.gettext("Starts on %(date)s", date=l10n.format_date(date(2027, 1, 10))) == \
        "Beginnt am 10. Januar 2027"
    assert l10n.ngettext("%(num)s course found", "%(num)s courses found", 2500) == "2.500 Kurse gefunden"


# Localizable domain errors ---------------------------------------------------------------------
def test_an_error_with_a_template_is_english_for_logs_and_localized_for_people() -> None:
    error = NotFound(template=N_("no sitemap part %(part)s"), params={"part": 7})
    assert error.message == "no sitemap part 7"
    assert error.localized(i18n.catalogs().l10n("de").gettext) == "Sitemap-Teil 7 gibt es nicht"


def test_an_error_without_a_template_keeps_its_message() -> None:
    error = InvalidInput("limit must be between 1 and 100")
    assert error.localized(i18n.catalogs().l10n("de").gettext) == "limit must be between 1 and 100"


def test_a_broken_translation_falls_back_to_the_english_message() -> None:
    error = NotFound(template="course %(id)s", params={"id": "x"})
    assert error.localized(lambda template: "Kurs %(nummer)s") == "course x"


def test_an_error_needs_a_message_or_a_template() -> None:
    with pytest.raises(TypeError):
        KursfinderError()


def test_a_message_param_is_translated_with_its_template() -> None:
    error = IngestFileError(template="The file is empty. Upload %(expected)s.", params={"expected": Msg("a CSV file")})
    german = {"The file is empty. Upload %(expected)s.": "Die Datei ist leer. Erwartet wird %(expected)s.",
              "a CSV file": "eine CSV-Datei"}
    assert error.message == "The file is empty. Upload a CSV file."
    assert error.localized(lambda text: german.get(text, text)) == "Die Datei ist leer. Erwartet wird eine CSV-Datei."
