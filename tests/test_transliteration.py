"""The transliteration data and the phonetic skeleton behind ``analysis.py``."""

from __future__ import annotations

import pytest

from service.search.analysis import normalize
from service.search.transliteration import (
    COMPOUND_HEADS,
    DOMAIN_WORDS,
    KEY_WORDS,
    LATIN_VARIANTS,
    SCRIPT_VARIANTS,
    latin_skeleton,
)


@pytest.mark.parametrize(("variants", "german"), [
    (("doitsch", "doych", "doich", "deutch", "deutsh", "doytsch", "doitch"), "deutsch"),
    (("sprakhkurs", "shprakhkurs", "sprahkurs", "schprachkurs"), "sprachkurs"),
    (("integrazionskurs", "integrasionskurs", "integratsionskurs", "intigrasionskurs"), "integrationskurs"),
    (("einburgerungstest", "ainbuergerungstest", "aynburgerungstest"), "einbuergerungstest"),
    (("folkshokhshule", "folkshochschule", "volkshohschule"), "volkshochschule"),
    (("yugendintegrationskurs",), "jugendintegrationskurs"),
])
def test_spellings_by_ear_share_the_german_words_skeleton(variants: tuple[str, ...], german: str) -> None:
    assert {latin_skeleton(v) for v in variants} == {latin_skeleton(german)}


@pytest.mark.parametrize(("a", "b"), [("integration", "intention"), ("deutsch", "dusche"), ("test", "text"),
                                      ("pruefung", "profil"), ("sprache", "sprechen")])
def test_the_skeleton_keeps_different_words_apart(a: str, b: str) -> None:
    # It is coarse ("kurs" and "kurz" coincide), which is why analysis only maps words of 5+ letters.
    assert latin_skeleton(a) != latin_skeleton(b)


def test_key_words_have_distinct_skeletons() -> None:
    skeletons = [latin_skeleton(w) for w in KEY_WORDS]
    assert len(set(skeletons)) == len(skeletons)


def test_the_data_is_folded_and_points_at_german_words() -> None:
    for word in (*DOMAIN_WORDS, *KEY_WORDS, *COMPOUND_HEADS, *LATIN_VARIANTS, *LATIN_VARIANTS.values()):
        assert normalize(word) == word, word
    for typed, german in SCRIPT_VARIANTS.items():
        assert german.isascii() and german == normalize(german), typed
        assert not typed.isascii(), typed
    assert len(set(DOMAIN_WORDS)) == len(DOMAIN_WORDS)
