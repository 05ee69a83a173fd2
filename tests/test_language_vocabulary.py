"""The data language detection works with: consistent codes, letters of the right script."""

from __future__ import annotations

from service.search.language import _script_of
from service.search.language_vocabulary import LETTERS, PRIOR, SCRIPT_LANGUAGES, VOCABULARY


def test_every_language_named_in_the_data_has_a_place_in_the_prior() -> None:
    named = {lang for lang, _, _ in VOCABULARY} | {lang for langs, _ in LETTERS.values() for lang in langs}
    assert named - set(PRIOR) <= {"be", "mk", "sr"}
    assert len(set(PRIOR)) == len(PRIOR)


def test_letters_and_words_belong_to_their_languages_script() -> None:
    for letter, (langs, weight) in LETTERS.items():
        assert weight > 0 and langs
        assert {SCRIPT_LANGUAGES.get(lang, "latin") for lang in langs} == {_script_of(letter)}, letter
    for lang, weight, text in VOCABULARY:
        script = SCRIPT_LANGUAGES.get(lang, "latin")
        assert weight > 0
        for word in text.split():
            assert {_script_of(ch) for ch in word if ch.isalpha()} == {script}, (lang, word)
