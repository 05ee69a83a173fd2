"""The languages Kursfinder translates into: the one place that maps public codes to Argos models.

Public codes are BCP 47 (``ar``, ``prs``, ``ckb``...); Integreat's spellings are accepted through
:func:`service.i18n.canonical`. Each language knows its name in its own script (what a language menu
shows), whether it is written right to left, and the Argos model code that translates into it, or
``None`` where Argos has no model: those languages get glossary-only translations (course type,
level, schedule from the approved terms) and show running text in English, then German.

Whether a language is *machine-translatable on this installation* is a different question: it needs
the model to be installed, which only the :class:`~service.translate.base.Translator` knows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from service.errors import InvalidInput
from service.i18n import N_, canonical, is_rtl

SOURCE_LANGUAGE = "de"
#: Running text of a language without a translation falls back along this chain (after itself).
FALLBACK_CHAIN = ("en", "de")


@dataclass(frozen=True, slots=True)
class Language:
    code: str  # public BCP 47 code
    name: str  # in its own script, as a language menu shows it
    english_name: str
    argos: str | None  # Argos model code; None: Argos has no model (glossary-only)
    rtl: bool

    @property
    def glossary_only(self) -> bool:
        return self.argos is None


def _lang(code: str, name: str, english: str, argos: str | None) -> Language:
    return Language(code, name, english, argos, is_rtl(code))


# Display order of the default target languages (config.DEFAULT_TARGET_LANGUAGES), then others.
KNOWN: dict[str, Language] = {lang.code: lang for lang in (
    _lang("de", "Deutsch", "German", "de"),
    _lang("en", "English", "English", "en"),
    _lang("ar", "العربية", "Arabic", "ar"),
    _lang("fa", "فارسی", "Persian (Farsi)", "fa"),
    # Dari is written like Persian but Argos has no Dari model; a Farsi text is not a Dari one.
    _lang("prs", "دری", "Dari", None),
    _lang("ps", "پښتو", "Pashto", None),
    _lang("uk", "Українська", "Ukrainian", "uk"),
    _lang("ru", "Русский", "Russian", "ru"),
    _lang("tr", "Türkçe", "Turkish", "tr"),
    _lang("kmr", "Kurmancî", "Kurdish (Kurmanji)", None),
    _lang("ckb", "کوردیی ناوەندی", "Kurdish (Sorani)", None),
    _lang("ti", "ትግርኛ", "Tigrinya", None),
    _lang("so", "Soomaali", "Somali", None),
    _lang("fr", "Français", "French", "fr"),
    _lang("es", "Español", "Spanish", "es"),
    _lang("ro", "Română", "Romanian", "ro"),
    _lang("pl", "Polski", "Polish", "pl"),
    _lang("bg", "Български", "Bulgarian", "bg"),
    _lang("sq", "Shqip", "Albanian", "sq"),
    _lang("it", "Italiano", "Italian", "it"),
    _lang("el", "Ελληνικά", "Greek", "el"),
    _lang("ur", "اردو", "Urdu", "ur"),
)}


def language(code: str) -> Language:
    """The language for a public code or an Integreat alias (``pes`` -> ``fa``).

    A code not in :data:`KNOWN` that Babel knows is assumed to have an Argos model of the same
    code (Argos uses ISO 639-1 codes), so a configured extra language works without a code change.
    """
    public = canonical(code)
    if not public:
        raise InvalidInput(template=N_("empty language code"))
    if public in KNOWN:
        return KNOWN[public]
    try:
        locale = Locale.parse(public)
    except (UnknownLocaleError, ValueError) as exc:
        raise InvalidInput(template=N_("unknown language code %(code)s"), params={"code": repr(code)}) from exc
    name = locale.get_display_name(public) or public
    return Language(public, name[:1].upper() + name[1:], locale.get_display_name("en") or public,
                    public, is_rtl(public) or locale.character_order == "right-to-left")


def languages(codes: Iterable[str]) -> list[Language]:
    """The configured languages in their configured order, aliases resolved, duplicates dropped."""
    found: dict[str, Language] = {}
    for code in codes:
        lang = language(code)
        found.setdefault(lang.code, lang)
    return list(found.values())


def argos_code(code: str) -> str | None:
    return language(code).argos


def fallback_chain(lang: str) -> tuple[str, ...]:
    """Where a field's text comes from for a reader of ``lang``: itself, then English, then German."""
    chain = list(dict.fromkeys((lang, *FALLBACK_CHAIN)))
    return tuple(chain[:chain.index(SOURCE_LANGUAGE) + 1])


def public_codes(codes: Sequence[str]) -> list[str]:
    return [lang.code for lang in languages(codes)]
