"""Query language detection on the short queries people really type."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from service.search.language import DetectedLanguage, detect_query_language, langdetect_probabilities

REPO = Path(__file__).resolve().parent.parent
LABELLED = REPO / "tests" / "data" / "langdetect_short_queries.tsv"
ALLOWED = "de en ar fa prs ps uk ru tr kmr ckb ti so fr es ro pl bg sq it el".split()


def detect(q: str, allowed: list[str] | None = None, **options: object) -> DetectedLanguage:
    return detect_query_language(q, allowed or ALLOWED, **options)  # type: ignore[arg-type]


def labelled() -> list[tuple[str, str]]:
    rows = LABELLED.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "query\tlang"
    return [(q, lang) for q, lang in (row.split("\t") for row in rows[1:])]


def test_the_labelled_set_is_big_and_varied_enough() -> None:
    rows = labelled()
    per_language = Counter(lang for _, lang in rows)
    assert len(rows) >= 300
    assert len(per_language) >= 15 and min(per_language.values()) >= 8
    assert all(1 <= len(q.split()) <= 7 for q, _ in rows)
    assert len({q for q, _ in rows}) == len(rows)


def test_accuracy_on_the_labelled_short_queries() -> None:
    rows = labelled()
    misses = [(q, lang, got.lang) for q, lang in rows if (got := detect(q)).lang != lang]
    assert 1 - len(misses) / len(rows) >= 0.95, misses


def test_explicit_language_always_wins() -> None:
    assert detect("دورة لغة", explicit="uk") == DetectedLanguage("uk", 1.0, "explicit")
    assert detect("kurs", explicit="pes").lang == "fa"  # Integreat's code for Persian


@pytest.mark.parametrize(("query", "lang"), [
    ("دورة لغة ألمانية", "ar"),  # ة, Arabic keyboard yeh
    ("كورس الماني", "ar"),  # ك ي
    ("کلاس زبان آلمانی", "fa"),  # Persian keyboard ک ی
    ("زبان", "fa"),  # no telling letter: vocabulary
    ("د ښځو لپاره کورس", "ps"),  # ښ ځ
    ("ژبه", "ps"),
    ("خولی زمانی ئەڵمانی", "ckb"),  # ڵ ە
    ("چاودێری منداڵان", "ckb"),
])
def test_arabic_script_languages_by_their_letters_and_words(query: str, lang: str) -> None:
    found = detect(query)
    assert found.lang == lang
    assert found.method in ("script", "glossary")


def test_urdu_only_when_allowed() -> None:
    assert detect("جرمن زبان کا کورس", [*ALLOWED, "ur"]).lang == "ur"  # Urdu words
    assert detect("جرمن زبان کا کورس").lang != "ur"
    assert detect("اردو میں کورس چاہیے", [*ALLOWED, "ur"]).lang == "ur"  # ں ے are Urdu letters
    assert detect("اردو میں کورس چاہیے").lang != "ur"


def test_dari_is_persian_unless_its_words_say_otherwise_or_only_dari_is_allowed() -> None:
    persian = detect("کلاس زبان آلمانی")
    assert persian.lang == "fa"
    assert persian.confidence < detect("کلاس زبان آلمانی", ["de", "fa", "ar"]).confidence
    only_dari = detect("کلاس زبان آلمانی", ["de", "prs", "ar"])
    assert only_dari.lang == "prs" and only_dari.confidence < 0.9
    assert detect("کورس لسان آلمانی").lang == "prs"
    assert detect("صنف زبان").lang == "prs"


@pytest.mark.parametrize(("query", "lang"), [
    ("курси німецької мови", "uk"), ("іспит", "uk"), ("курсы немецкого", "ru"), ("экзамен", "ru"),
    ("немецкий язык", "ru"), ("курс по немски", "bg"), ("немски език", "bg"),
])
def test_cyrillic_languages(query: str, lang: str) -> None:
    assert detect(query).lang == lang


@pytest.mark.parametrize(("query", "lang"), [("ትምህርቲ ቋንቋ ጀርመን", "ti"), ("μαθήματα γερμανικών", "el")])
def test_scripts_of_one_language(query: str, lang: str) -> None:
    assert detect(query) == DetectedLanguage(lang, 0.9, "script")


@pytest.mark.parametrize(("query", "lang"), [
    ("kurs", "de"), ("Deutschkurs", "de"), ("integrationskurs", "de"), ("sprachkurs abends", "de"),
    ("doitsch kurs", "de"), ("integrazionskurs", "de"), ("shprakhkurs", "de"),  # German by ear
    ("almanca kursu", "tr"), ("kadinlar icin kurs", "tr"), ("kursa zimanê elmanî", "kmr"),
    ("kurs ji bo jinan", "kmr"), ("koorsada luqadda jarmalka", "so"), ("kurs niemieckiego", "pl"),
    ("kurs gjermanisht", "sq"), ("curs de germană", "ro"), ("german course near me", "en"),
    ("cours d'allemand", "fr"), ("curso de alemán", "es"), ("corso di tedesco", "it"),
])
def test_latin_script_languages(query: str, lang: str) -> None:
    assert detect(query).lang == lang


def test_a_word_of_another_language_is_not_german_by_ear() -> None:
    assert detect("integrazion").lang == "de"  # German spelled by ear ...
    assert detect("entegrasyon").lang == "tr"  # ... but this is how Turkish writes it


def test_glossary_terms_are_strong_evidence() -> None:
    asked: list[str] = []

    def glossary(word: str) -> set[str]:
        asked.append(word)
        return {"so"} if word == "xannaano" else set()

    found = detect("Xannaano", glossary_lookup=glossary)
    assert found.lang == "so" and found.method == "glossary"
    detect("koorso xannaano", glossary_lookup=glossary)
    assert asked[1:] == ["koorso", "xannaano", "koorso xannaano"]  # each word, then the phrase


def test_a_failing_glossary_does_not_fail_detection(caplog: pytest.LogCaptureFixture) -> None:
    def broken(word: str) -> set[str]:
        raise RuntimeError("glossary down")

    assert detect("Deutschkurs", glossary_lookup=broken).lang == "de"
    assert "glossary lookup failed" in caplog.text


def test_the_answer_is_always_an_allowed_language() -> None:
    assert detect("kurs niemieckiego", ["de", "en"]).lang in ("de", "en")
    assert detect("курсы немецкого", ["de", "ar"]) == DetectedLanguage("de", 0.1, "default")
    assert detect("курсы немецкого", ["ar", "tr"], default="de").lang == "ar"
    assert detect("german course", ["en", "ar"]) == DetectedLanguage("en", 0.6, "script")


def test_no_letters_means_the_default() -> None:
    assert detect("10115") == DetectedLanguage("de", 0.1, "default")
    assert detect("  ") == DetectedLanguage("de", 0.1, "default")
    assert detect("B1", ["ar", "de"], default="ar") == DetectedLanguage("ar", 0.1, "default")
    assert detect("A2 10115") == DetectedLanguage("de", 0.1, "default")


def test_latin_course_names_inside_another_script_do_not_decide() -> None:
    assert detect("B1 دورة").lang == "ar"
    assert detect("VHS курсы для женщин").lang == "ru"
    assert detect("Integrationskurs для женщин").lang == "ru"


def test_confidence_is_a_probability_and_higher_for_clearer_queries() -> None:
    for query in ("kurs", "Deutschkurs in der Nähe", "زبان", "курс", "دورة لغة ألمانية"):
        assert 0.0 <= detect(query).confidence <= 1.0
    assert detect("kurs").confidence < detect("deutschkurs kostenlos").confidence
    assert detect("курс").confidence < detect("курсы немецкого").confidence


def test_detection_is_deterministic() -> None:
    for query in ("kurs abend", "curs", "koorso", "курс"):
        assert len({detect(query) for _ in range(5)}) == 1


def test_langdetect_is_restricted_to_the_candidates() -> None:
    found = langdetect_probabilities("corso di tedesco", ["de", "en"])
    assert set(found) <= {"de", "en"}
    assert langdetect_probabilities("corso", ["it"]) == {}  # nothing to compare with
    assert langdetect_probabilities("12345", ["de", "en"]) == {}


def test_importing_the_module_loads_no_langdetect_profiles() -> None:
    code = "import sys, service.search.language; print('langdetect' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_langdetect_model_is_computed_exactly_and_agrees_with_its_sampling() -> None:
    """Every n-gram counted once instead of sampled: the same winner as langdetect's own sampling on
    clear text, and the same answer on every call."""
    from service.search.language import _factory

    candidates = ("de", "en", "fr", "ru", "tr")
    for text, lang in [("where can i learn german in the evening", "en"), ("cours de langue allemande", "fr"),
                       ("курсы немецкого языка", "ru"), ("almanca kursu akşam", "tr"), ("Deutschkurs am Abend", "de")]:
        exact = langdetect_probabilities(text, candidates)
        assert max(exact, key=lambda k: exact[k]) == lang
        assert exact == langdetect_probabilities(text, candidates)
        sampled = _factory(tuple(sorted(candidates))).create()
        sampled.append(text)
        assert sampled.get_probabilities()[0].lang == lang
    assert langdetect_probabilities("1234 ---", candidates) == {}
