"""Locale negotiation: one function decides the language of a response, in a fixed order.

Order: an explicit choice (``?lang=`` or the widget's attribute), then ``Accept-Language``, then
the fallback. Codes are BCP 47; Integreat's own codes are accepted as aliases (its ``pes`` is ``fa``).
"""

from __future__ import annotations

from collections.abc import Sequence

# Integreat and ISO 639-3 spellings -> the public codes Kursfinder uses.
ALIASES = {"pes": "fa", "fa-ir": "fa", "fa-af": "prs", "prs-af": "prs", "pbt": "ps", "pus": "ps",
           "kmr-latn": "kmr", "ku": "kmr", "ckb-iq": "ckb", "sdh": "ckb", "tir": "ti", "som": "so",
           "ukr": "uk", "rus": "ru", "tur": "tr", "ara": "ar", "eng": "en", "deu": "de", "ger": "de"}

RTL_LANGUAGES = frozenset({"ar", "fa", "prs", "ps", "ckb", "ur"})


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
