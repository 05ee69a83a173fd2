"""The light stemmers, on the words course seekers type (input is folded: lower case, ä -> ae)."""

from __future__ import annotations

import pytest

from service.search.stemming import stem_arabic, stem_english, stem_german, stem_slavic


@pytest.mark.parametrize(("words", "stem"), [
    (("kurs", "kurse", "kursen", "kurses"), "kurs"),
    (("pruefung", "pruefungen"), "pruefung"),
    (("frau", "frauen"), "frau"),
    (("kind", "kinder", "kindern", "kindes"), "kind"),
    (("sprache", "sprachen"), "sprach"),
    (("test", "tests"), "test"),
    (("abend", "abende", "abenden", "abends"), "abend"),
    (("kita", "kitas"), "kita"),
    (("deutsch", "deutsche", "deutschen", "deutscher", "deutsches", "deutschem"), "deutsch"),
    (("intensiv", "intensive", "intensiven", "intensiver"), "intensiv"),
    (("teilnehmerin", "teilnehmerinnen"), "teilnehmerin"),
    (("lehrer", "lehrern", "lehrers"), "lehrer"),
    (("platz", "plaetze", "plaetzen"), "platz"),
    (("eltern",), "eltern"),
    (("familie", "familien"), "famili"),
])
def test_german_forms_share_a_stem(words: tuple[str, ...], stem: str) -> None:
    assert {stem_german(w) for w in words} == {stem}


@pytest.mark.parametrize("word", ["kurs", "haus", "preis", "mutter", "computer", "b1", "10115", "dtz"])
def test_german_words_that_only_look_inflected_are_kept(word: str) -> None:
    assert stem_german(word) == word


@pytest.mark.parametrize(("word", "stem"), [
    ("courses", "course"), ("classes", "class"), ("babies", "baby"), ("lessons", "lesson"),
    ("status", "status"), ("class", "class"), ("bus", "bus"), ("b1s", "b1s"),
])
def test_english_plurals(word: str, stem: str) -> None:
    assert stem_english(word) == stem


@pytest.mark.parametrize(("words", "stem"), [
    (("курс", "курсы", "курса", "курсу", "курсом", "курсов", "курсах", "курсами", "курси", "курсів"), "курс"),
    (("мова", "мови", "мову", "мовою"), "мов"),
    (("немецкий", "немецкого", "немецкому"), "немецк"),
    (("німецька", "німецької", "німецькій"), "німецьк"),
    (("учитель", "учителя"), "учител"),
])
def test_russian_and_ukrainian_endings(words: tuple[str, ...], stem: str) -> None:
    assert {stem_slavic(w) for w in words} == {stem}


@pytest.mark.parametrize("word", ["для", "тест", "b1"])
def test_short_slavic_words_are_kept(word: str) -> None:
    assert stem_slavic(word) == word


@pytest.mark.parametrize(("word", "stem"), [
    ("الدوره", "دوره"), ("والدوره", "دوره"), ("بالعربيه", "عربيه"), ("للنساء", "نساء"), ("فالدرس", "درس"),
    ("كالطالب", "طالب"), ("الام", "ام"), ("ال", "ال"), ("والدين", "والدين"), ("والد", "والد"),
    ("دوره", "دوره"),
])
def test_arabic_article_and_proclitics(word: str, stem: str) -> None:
    assert stem_arabic(word, "ar") == stem


def test_persian_plural_only_in_persian_mode() -> None:
    assert stem_arabic("كلاسها", "fa") == "كلاس"
    assert stem_arabic("كلاسهاي", "fa") == "كلاس"
    assert stem_arabic("الدوره", "fa") == "الدوره"
    assert stem_arabic("كلاسها", "ar") == "كلاسها"
    assert stem_arabic("الدوره", "none") == "الدوره"
