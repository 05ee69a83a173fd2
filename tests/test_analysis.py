"""Text analysis: every folding rule, tokenization, compounds, transliteration, stop words, query
terms, highlighting, and the promise the engines rely on: what a query makes of a word, the index
made of it too."""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest

from service.search.analysis import (
    QueryTerm,
    analyze_word,
    edit_distance,
    highlight,
    index_tokens,
    normalize,
    query_terms,
    words,
)


def term(text: str, lang: str | None = None) -> QueryTerm:
    found = query_terms(text, lang, prefix_last=False)
    assert len(found) == 1, found
    return found[0]


def matches(query: str, doc_word: str, lang: str | None = None) -> bool:
    """What the engine does: a query word matches by surface, stem or (all) compound parts."""
    tokens = set(index_tokens(doc_word, lang))
    t = term(query, lang)
    return t.surface in tokens or t.stem in tokens or bool(t.parts) and set(t.parts) <= tokens


def test_query_term_is_a_frozen_value() -> None:
    t = term("Sprachkurse")
    assert t == QueryTerm("sprachkurse", "sprachkurs", ("sprach", "kurs"), False, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.surface = "x"  # type: ignore[misc]


# --- folding ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "folded"), [
    ("Prüfung", "pruefung"), ("PRÜFUNG", "pruefung"), ("Pruefung", "pruefung"), ("Straße", "strasse"),
    ("Ärzte Öl", "aerzte oel"), (unicodedata.normalize("NFD", "Prüfung"), "pruefung"),
])
def test_german_case_umlauts_and_eszett_fold_to_ascii(typed: str, folded: str) -> None:
    assert normalize(typed) == folded


def test_umlaut_typed_without_e_is_one_typo_away() -> None:
    assert edit_distance("prufung", normalize("Prüfung"), 2) == 1
    assert term("Prufung").fuzzy_distance >= 1


@pytest.mark.parametrize(("typed", "folded"), [
    ("İstanbul", "istanbul"), ("ISTANBUL", "istanbul"), ("ıstanbul", "istanbul"), ("ŞİŞLİ", "sisli"),
    ("Türkçe", "tuerkce"), ("kadınlar", "kadinlar"),
])
def test_turkish_dotted_and_dotless_i_fold_to_i(typed: str, folded: str) -> None:
    assert normalize(typed) == folded


@pytest.mark.parametrize(("typed", "folded"), [
    ("école", "ecole"), ("alemán", "aleman"), ("română", "romana"), ("ș ş", "s s"), ("Łódź", "lodz"),
    ("gjuhë", "gjuhe"), ("niños", "ninos"), ("ΓΕΡΜΑΝΙΚΟΣ", "γερμανικοσ"), ("γερμανικός", "γερμανικοσ"),
    ("Μαθήματα", "μαθηματα"), ("ＫＵＲＳ", "kurs"),
])
def test_other_latin_and_greek_accents_are_stripped(typed: str, folded: str) -> None:
    assert normalize(typed) == folded


def test_cyrillic_folds_case_and_yo_but_keeps_ukrainian_letters_and_short_i() -> None:
    assert normalize("Ёлка КУРСИ") == "елка курси"
    assert normalize("Їжак Єдність Ґанок іспит йод") == "їжак єдність ґанок іспит йод"
    assert normalize("курсы") != normalize("курси")  # Russian and Ukrainian stay apart


@pytest.mark.parametrize(("typed", "folded"), [
    ("دَوْرَةٌ", "دوره"),  # harakat, tanween
    ("مُدَرِّس", "مدرس"),  # shadda, sukun
    ("رَحْمٰن", "رحمن"),  # superscript alef
    ("دورــة", "دوره"),  # tatweel
    ("أحمد إسلام آخر ٱلله", "احمد اسلام اخر الله"),  # alef forms
    ("على علي علی", "علي علي علي"),  # yeh forms
    ("مسؤول رئيس", "مسوول رييس"),  # hamza seats
    ("١٠١١٥ ۱۰۱۱۵", "10115 10115"),  # Arabic-Indic and Persian digits
    ("ﻻ", "لا"),  # presentation forms
])
def test_arabic_script_variants_are_unified(typed: str, folded: str) -> None:
    assert normalize(typed) == folded


def test_persian_keheh_yeh_and_zwnj() -> None:
    assert normalize("کلاس") == normalize("كلاس")
    assert normalize("آلمانی") == normalize("آلماني")
    assert normalize("کلاس\u200cها") == normalize("کلاسها")
    assert words("کلاس\u200cهای زبان") == ["کلاسهای", "زبان"]


def test_pashto_letters_survive() -> None:
    assert normalize("ښځو ټولګی ډېر ړنګ ږ ڼ ۍ") == "ښځو ټولګي ډېر ړنګ ږ ڼ ۍ"


def test_arabic_article_is_the_stem_not_the_surface() -> None:
    for typed in ("الدورة", "والدورة", "بالدورة", "للدورة"):
        t = term(typed, "ar")
        assert t.stem == "دوره", typed
    assert term("الدورة", "ar").surface == "الدوره"  # prefix search while typing still sees ال
    assert term("ال", "ar").stem == "ال"  # nothing left to strip
    assert term("والدين", "ar").stem == "والدين"  # parents, not و + ال + دين
    assert matches("دورة", "الدورة", "ar")


# --- tokenization -------------------------------------------------------------------------------


def test_words_split_on_punctuation_and_keep_letters_and_digits() -> None:
    assert words("Kurs, Abend. 10115 Berlin! B1.1 (Neu) 😀") == [
        "Kurs", "Abend", "10115", "Berlin", "B1", "1", "Neu"]


def test_hyphenated_word_is_joined_and_split_into_parts() -> None:
    assert words("Sprach-Kurs") == ["Sprach-Kurs"]
    t = term("Sprach-Kurs")
    assert (t.surface, t.parts) == ("sprachkurs", ("sprach", "kurs"))
    assert {"sprachkurs", "sprach", "kurs"} <= set(index_tokens("Sprach-Kurs"))
    assert term("Integrations-Kurs").parts == ("integration", "kurs")
    assert term("B1-Kurs").parts == ("b1", "kurs")
    assert words("Eltern- und Frauenkurs") == ["Eltern", "und", "Frauenkurs"]


def test_apostrophes_join_latin_words_and_disappear_inside_ukrainian_ones() -> None:
    assert words("l'école d’allemand") == ["l'école", "d’allemand"]
    assert term("l'école").parts == ("ecol",)
    assert term("сім'я").surface == "сімя"
    assert term("сім'я").parts == ()


# --- stemming by lang ---------------------------------------------------------------------------


@pytest.mark.parametrize("forms", [
    ("Sprachkurs", "Sprachkurse", "Sprachkursen", "Sprachkurses"), ("Prüfung", "Prüfungen"),
    ("Frau", "Frauen"), ("Kind", "Kinder", "Kindern"), ("Kurs", "Kurse", "Kursen"),
    ("Test", "Tests"), ("Abend", "Abende", "abends"), ("Sprache", "Sprachen"),
    ("deutsch", "deutsche", "deutschen", "deutscher"),
])
def test_german_plurals_and_inflections_share_a_stem(forms: tuple[str, ...]) -> None:
    assert len({term(f, "de").stem for f in forms}) == 1, [term(f, "de").stem for f in forms]


def test_lang_selects_the_stemmer_of_latin_and_cyrillic_words() -> None:
    assert term("courses", "en").stem == "course"
    assert term("classes", "en").stem == "class"
    assert term("courses", "tr").stem == "courses"  # other Latin-script languages: folding only
    assert term("Kurse", "ar").stem == "kurs"  # a German word in an Arabic text is German
    assert term("курсы", "ru").stem == term("курсів", "uk").stem == term("курсу", None).stem == "курс"
    assert term("курсы", "bg").stem == "курсы"
    assert term("کلاس\u200cها", "fa").stem == normalize("کلاس")


def test_each_word_is_analysed_by_its_own_script() -> None:
    found = query_terms("Deutschkurse курсы الدورة", None, prefix_last=False)
    assert [(t.stem, t.parts) for t in found] == [
        ("deutschkurs", ("deutsch", "kurs")), ("курс", ()), ("دوره", ())]


# --- compounds ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("word", "parts"), [
    ("Integrationskurs", ("integration", "kurs")),
    ("Kinderbetreuung", ("kind", "betreuung")),
    ("Sprachkurse", ("sprach", "kurs")),
    ("Berufssprachkurs", ("beruf", "sprach", "kurs")),
    ("Einbürgerungstest", ("einbuergerung", "test")),
    ("Frauenintegrationskurs", ("frau", "integration", "kurs")),
    ("Jugendintegrationskurs", ("jugend", "integration", "kurs")),
    ("Alphabetisierungskurs", ("alphabetisierung", "kurs")),
    ("Wochenendkurs", ("wochenend", "kurs")),
    ("Erstorientierungskurs", ("erst", "orientierung", "kurs")),
    ("Elternkurse", ("eltern", "kurs")),
    ("Nähkurs", ("naeh", "kurs")),  # unknown modifier, known head
    ("Einstufungstest", ("einstufung", "test")),
])
def test_course_compounds_split_into_stems(word: str, parts: tuple[str, ...]) -> None:
    assert term(word).parts == parts


@pytest.mark.parametrize("word", ["Konkurs", "Diskurs", "beliebtesten", "Protest", "Kurs", "Sprache"])
def test_words_that_only_end_like_a_head_stay_whole(word: str) -> None:
    assert term(word).parts == ()


def test_kurs_matches_sprachkurs_through_the_parts_but_not_the_other_way_round() -> None:
    assert matches("Kurs", "Sprachkurse")
    assert matches("Kurse", "Integrationskurs")
    assert matches("Kinder", "Kinderbetreuung")
    assert matches("Sprache", "Sprachkurs")
    assert not matches("Sprachkurs", "Kurs")


# --- transliteration ------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "german"), [
    ("doitsch", "deutsch"), ("doych", "deutsch"), ("doich", "deutsch"), ("deutsh", "deutsch"),  # sch/sh/ch
    ("sprakhkurs", "sprachkurs"), ("sprahkurs", "sprachkurs"), ("shprakhkurs", "sprachkurs"),  # ch/kh/h
    ("integrazionskurs", "integrationskurs"), ("integratsionskurs", "integrationskurs"),  # z/ts/c
    ("integracion", "integration"), ("einburgerungstest", "einbuergerungstest"),
    ("folkshokhshule", "volkshochschule"), ("alfabetisirung", "alphabetisierung"),
    ("doitschkurs", "deutschkurs"), ("Deutschkors", "deutschkurs"), ("kors", "kurs"),
    ("Kinderbetroiung", "kinderbetreuung"), ("Prufung", "pruefung"),
])
def test_german_words_spelled_by_ear_reach_the_german_word(typed: str, german: str) -> None:
    assert term(typed).surface == german


@pytest.mark.parametrize(("typed", "german"), [
    ("اینتگراسیون", "integration"), ("интеграционскурс", "integrationskurs"), ("шпрахкурс", "sprachkurs"),
    ("дойч", "deutsch"), ("دويتش", "deutsch"), ("دویتش", "deutsch"), ("شپراخ\u200cکورس", "sprachkurs"),
    ("ДОЙЧКУРС", "deutschkurs"), ("айнбюргерунгстест", "einbuergerungstest"), ("кита", "kita"),
])
def test_german_words_in_arabic_or_cyrillic_letters_reach_the_german_word(typed: str, german: str) -> None:
    assert term(typed).surface == german
    assert matches(typed, german.capitalize())


def test_transliterated_words_keep_the_typed_form_in_the_index() -> None:
    assert index_tokens("шпрахкурс") == ["sprachkurs", "sprach", "kurs", "шпрахкурс"]
    analysis = analyze_word("doitsch")
    assert analysis is not None and analysis.transliterated


@pytest.mark.parametrize("word", ["wären", "Viren", "Vordergrund", "Präsens", "compact", "Summer", "kurz",
                                  "doch", "Tisch", "Kurs", "курс", "دورة", "almanca"])
def test_ordinary_words_are_not_mistaken_for_transliterations(word: str) -> None:
    analysis = analyze_word(word)
    assert analysis is not None and not analysis.transliterated


def test_transliteration_only_applies_where_latin_words_are_read_as_german() -> None:
    assert term("doitsch", "de").surface == "deutsch"
    assert term("doitsch", "fr").surface == "doitsch"


# --- stop words ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "lang", "kept"), [
    ("Kurs für Frauen mit Kinderbetreuung", "de", ["kurs", "frauen", "kinderbetreuung"]),
    ("course for women in the evening", "en", ["course", "women", "evening"]),
    ("دورة في برلين مع رعاية", "ar", ["دوره", "برلين", "رعايه"]),
    ("کلاس در برلین با مهدکودک و برای زنان", "fa", ["كلاس", "برلين", "مهدكودك", "زنان"]),
    ("курсы в Берлине для женщин и детей", "ru", ["курсы", "берлине", "женщин", "детей"]),
    ("курси з доглядом і для жінок", "uk", ["курси", "доглядом", "жінок"]),
])
def test_stop_words_are_dropped(text: str, lang: str, kept: list[str]) -> None:
    assert [t.surface for t in query_terms(text, lang, prefix_last=False)] == kept
    assert not {"fuer", "mit", "the", "في", "در", "в", "і"} & set(index_tokens(text, lang))


def test_a_query_of_stop_words_keeps_them_and_the_word_being_typed_is_kept() -> None:
    assert [t.surface for t in query_terms("für ", "de")] == ["fuer"]
    assert [t.surface for t in query_terms("die das ", "de")] == ["die", "das"]
    assert [(t.surface, t.is_prefix) for t in query_terms("kurs in", "de")] == [("kurs", False), ("in", True)]


# --- query terms ---------------------------------------------------------------------------------


def test_only_the_last_word_of_an_unfinished_query_is_a_prefix() -> None:
    assert [t.is_prefix for t in query_terms("deutsch integr")] == [False, True]
    assert [t.is_prefix for t in query_terms("deutsch integr ")] == [False, False]
    assert [t.is_prefix for t in query_terms("deutsch integr", prefix_last=False)] == [False, False]
    assert [t.is_prefix for t in query_terms("deutsch integr?")] == [False, False]


@pytest.mark.parametrize(("word", "distance"), [
    ("kurs", 0), ("abend", 1), ("pruefung", 1), ("sprachkurs", 2), ("b1", 0), ("10115", 0), ("a1kurse", 0),
    ("دوره", 0), ("الدورة", 1),
])
def test_fuzzy_distance_grows_with_length_and_is_zero_with_digits(word: str, distance: int) -> None:
    assert term(word).fuzzy_distance == distance


def test_duplicates_and_empty_words_are_dropped() -> None:
    assert [t.surface for t in query_terms("Kurs kurs KURS ", "de")] == ["kurs"]
    assert query_terms("  ,.;  ") == []
    assert query_terms("\u064e\u064f") == []  # only harakat


# --- the index/query promise -----------------------------------------------------------------------

DOCUMENT_WORDS = {
    "de": "Integrationskurs Sprachkurse Kinderbetreuung Prüfungen Einbürgerungstest Frauen Abendkurs "
          "Volkshochschule B1-Kurs Berufssprachkurs Wochenendkurs Anfängerinnen Straße 10115 Nähkurs",
    "en": "German courses classes evening childcare citizenship exam beginners",
    "ar": "الدورة دورات للنساء الأطفال امتحان ألمانية مسائية ١٠١١٥",
    "fa": "کلاس\u200cهای زبان آلمانی برای زنان شبانه آزمون",
    "ps": "د ښځو لپاره کورس ماښامني وړیا ټولګی",
    "uk": "курси німецької мови для жінок іспит безкоштовні",
    "ru": "курсы немецкого языка вечерние экзамен Ёлка",
    "tr": "Almanca kursları kadınlar İçin akşam sınavı",
    "el": "μαθήματα γερμανικών Γυναίκες",
    "ti": "ትምህርቲ ቋንቋ ጀርመን",
}


@pytest.mark.parametrize("lang", [*DOCUMENT_WORDS, None])
def test_every_query_word_finds_the_index_tokens_of_the_same_word(lang: str | None) -> None:
    for text in DOCUMENT_WORDS.values():
        for word in words(text):
            found = query_terms(word, lang, prefix_last=False)
            analysis = analyze_word(word, lang)
            if analysis is None or analysis.stop:
                continue
            tokens = index_tokens(word, lang)
            assert len(found) == 1 and {found[0].surface, found[0].stem, *found[0].parts} <= set(tokens), word


def test_index_tokens_list_surface_stem_and_parts_per_word() -> None:
    assert index_tokens("Die Sprachkurse für Frauen", "de") == [
        "sprachkurse", "sprachkurs", "sprach", "kurs", "frauen", "frau"]
    assert index_tokens("") == []


# --- highlighting ---------------------------------------------------------------------------------


def test_highlight_escapes_html_and_marks_matching_words() -> None:
    terms = query_terms("kurs kind", "de")
    assert highlight("<b>Integrationskurs</b> für Frauen & Kinder", terms) == (
        "&lt;b&gt;<mark>Integrationskurs</mark>&lt;/b&gt; für Frauen &amp; <mark>Kinder</mark>")


def test_highlight_marks_stems_parts_prefixes_and_typos() -> None:
    def marked(query: str, text: str) -> str:
        return highlight(text, query_terms(query), "[", "]")

    assert marked("Prüfungen ", "Die Prüfung") == "Die [Prüfung]"  # stem
    assert marked("Sprachkurs ", "Kurs der Sprache") == "[Kurs] der [Sprache]"  # query parts
    assert marked("Integr", "Integrationskurs am Abend") == "[Integrationskurs] am Abend"  # prefix
    assert marked("Integrazionskurs ", "Ein Integrationskurs") == "Ein [Integrationskurs]"  # by ear
    assert marked("Kinderbetreung ", "mit Kinderbetreuung") == "mit [Kinderbetreuung]"  # typo
    assert marked("دورة ", "الدورة المسائية") == "[الدورة] المسائية"
    assert marked("Kurs ", "Tisch") == "Tisch"
    assert highlight("a < b", []) == "a &lt; b"


def test_edit_distance_counts_transpositions_and_stops_at_the_limit() -> None:
    assert edit_distance("kurs", "kurs", 1) == 0
    assert edit_distance("kurs", "krus", 1) == 1
    assert edit_distance("integration", "integartion", 2) == 1
    assert edit_distance("kurs", "abendkurs", 2) == 3
    assert edit_distance("abc", "xyz", 1) == 2
