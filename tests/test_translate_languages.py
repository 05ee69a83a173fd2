from __future__ import annotations

import pytest

from service.config import DEFAULT_TARGET_LANGUAGES
from service.errors import InvalidInput
from service.translate.languages import argos_code, fallback_chain, language, languages

GLOSSARY_ONLY = {"ps", "prs", "kmr", "ckb", "ti", "so"}


def test_every_default_language_is_known_with_its_own_name_and_direction() -> None:
    table = languages(DEFAULT_TARGET_LANGUAGES)
    assert [lang.code for lang in table] == list(DEFAULT_TARGET_LANGUAGES)
    assert {lang.code for lang in table if lang.glossary_only} == GLOSSARY_ONLY
    assert {lang.code for lang in table if lang.rtl} == {"ar", "fa", "prs", "ps", "ckb"}
    names = {lang.code: lang.name for lang in table}
    assert names["ar"] == "العربية" and names["uk"] == "Українська" and names["prs"] == "دری"
    assert all(lang.argos == lang.code for lang in table if not lang.glossary_only)


def test_integreat_aliases_resolve_to_public_codes() -> None:
    assert language("pes").code == "fa" and argos_code("pes") == "fa"
    assert language("fa-AF").code == "prs" and argos_code("prs") is None
    assert [lang.code for lang in languages(["en", "eng", "ukr", "uk"])] == ["en", "uk"]


def test_an_extra_language_babel_knows_maps_to_its_argos_code() -> None:
    dutch = language("nl")
    assert (dutch.argos, dutch.rtl, dutch.name) == ("nl", False, "Nederlands")
    assert language("he").rtl


def test_unknown_codes_are_rejected() -> None:
    with pytest.raises(InvalidInput):
        language("xx-not-a-language")
    with pytest.raises(InvalidInput):
        language("  ")


def test_fallback_chain_ends_in_german() -> None:
    assert fallback_chain("prs") == ("prs", "en", "de")
    assert fallback_chain("en") == ("en", "de")
    assert fallback_chain("de") == ("de",)
