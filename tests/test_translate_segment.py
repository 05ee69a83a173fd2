import json
from pathlib import Path

import pytest

from service.translate.segment import (
    MAX_SEGMENT_CHARS,
    Segment,
    join_segments,
    normalize_segment,
    split_segments,
)

SAMPLE = Path(__file__).parent.parent / "data" / "vhs-berlin" / "kurse-sample.json"


def texts(text: str, **kwargs: int) -> list[str]:
    return [s.text for s in split_segments(text, **kwargs)]


def sample_fields() -> list[str]:
    records = json.loads(SAMPLE.read_text(encoding="utf-8"))["veranstaltungen"]["veranstaltung"]
    fields = [r["name"] for r in records] + [r["untertitel"] for r in records]
    fields += [t["text"] for r in records for t in r["text"]]
    return [f for f in fields if f]


def test_every_field_of_the_vhs_sample_rebuilds_exactly() -> None:
    fields = sample_fields()
    for field in fields:
        assert join_segments(split_segments(field)) == field
    assert sum(len(split_segments(f)) for f in fields) > 2 * len(fields)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\r\n",
        "Kurs",
        "  Kurs  ",
        "Ende.\r\n\r\n",
        "- \n- Punkt\n",
        "a.\tb. C",
        "x" * 1000,
        "€ 5,- / 7,-",
    ],
)
def test_edge_cases_rebuild_exactly(text: str) -> None:
    assert join_segments(split_segments(text)) == text


def test_sentences_split_on_end_punctuation() -> None:
    assert texts("Was lernen Sie? Sie lernen Deutsch! Der Kurs ist kostenlos.") == [
        "Was lernen Sie?",
        "Sie lernen Deutsch!",
        "Der Kurs ist kostenlos.",
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Wir üben z.B. Grammatik, d.h. Nebensätze u.a. Themen. Der Kurs kostet ca. 100 Euro.",
            ["Wir üben z.B. Grammatik, d.h. Nebensätze u.a. Themen.", "Der Kurs kostet ca. 100 Euro."],
        ),
        (
            "Lesen Sie z. B. Anzeigen, d. h. kurze Texte. Dann schreiben Sie.",
            ["Lesen Sie z. B. Anzeigen, d. h. kurze Texte.", "Dann schreiben Sie."],
        ),
        (
            "Kurszeiten: Mo.-Fr. 9.30 Uhr bis 12 Uhr. Der Preis beträgt 205 Euro inkl. Lehrbuch.",
            ["Kurszeiten: Mo.-Fr. 9.30 Uhr bis 12 Uhr.", "Der Preis beträgt 205 Euro inkl. Lehrbuch."],
        ),
        (
            "Der Kurs beginnt am 01.02.2026. Die Anmeldung ist ab sofort möglich.",
            ["Der Kurs beginnt am 01.02.2026.", "Die Anmeldung ist ab sofort möglich."],
        ),
        (
            "Der Kurs findet im 3. Stock statt. Bitte melden Sie sich bei Dr. Müller an.",
            ["Der Kurs findet im 3. Stock statt.", "Bitte melden Sie sich bei Dr. Müller an."],
        ),
        (
            "Raum Nr. 12, 2 Std. pro Woche, bzw. 4 Std. im Block.",
            ["Raum Nr. 12, 2 Std. pro Woche, bzw. 4 Std. im Block."],
        ),
        (
            "Anmeldung bis 15.03. Danach nur mit Warteliste.",
            ["Anmeldung bis 15.03. Danach nur mit Warteliste."],
        ),
        (
            "Sie üben Lesen, Schreiben usw. Der Kurs endet mit einer Prüfung.",
            ["Sie üben Lesen, Schreiben usw.", "Der Kurs endet mit einer Prüfung."],
        ),
        (
            "Sie machen den Test „Leben in Deutschland“. Danach erhalten Sie ein Zertifikat.",
            ["Sie machen den Test „Leben in Deutschland“.", "Danach erhalten Sie ein Zertifikat."],
        ),
        (
            'Er sagte: "Willkommen." Dann begann der Kurs.',
            ['Er sagte: "Willkommen."', "Dann begann der Kurs."],
        ),
        ("Ca. 20 Personen. Inkl. Material.", ["Ca. 20 Personen.", "Inkl. Material."]),
        ("Das Niveau ist B1. Der Kurs hat 700 Stunden.", ["Das Niveau ist B1.", "Der Kurs hat 700 Stunden."]),
        (
            "Mehr unter www.vhs-berlin.de. Wir freuen uns.",
            ["Mehr unter www.vhs-berlin.de.", "Wir freuen uns."],
        ),
        ("Das ist so. Sonst nichts.", ["Das ist so.", "Sonst nichts."]),
    ],
)
def test_abbreviations_ordinals_dates_and_quotes(text: str, expected: list[str]) -> None:
    assert texts(text) == expected
    assert join_segments(split_segments(text)) == text


def test_line_breaks_and_bullets_stay_outside_the_segments() -> None:
    text = "Inhalte:\r\n- Grammatik\r\n- Wortschatz\r\n• Briefe schreiben\r\n  * Lesen\r\n1) Hören\r\n"
    segments = split_segments(text)
    assert [s.text for s in segments] == [
        "Inhalte:",
        "Grammatik",
        "Wortschatz",
        "Briefe schreiben",
        "Lesen",
        "Hören",
    ]
    assert [s.lead for s in segments] == ["", "\r\n- ", "\r\n- ", "\r\n• ", "\r\n  * ", "\r\n1) "]
    assert segments[-1].tail == "\r\n"


def test_a_line_break_always_ends_a_segment() -> None:
    assert texts("Der Kurs für\nEltern mit Kindern") == ["Der Kurs für", "Eltern mit Kindern"]


def test_pieces_without_letters_are_kept_not_translated() -> None:
    segments = split_segments("01.02.2026 – 15.03.2026\n€ 100,-\nIntegrationskurs")
    assert [s.text for s in segments] == ["Integrationskurs"]
    assert segments[0].lead == "01.02.2026 – 15.03.2026\n€ 100,-\n"


def test_translations_take_the_place_of_the_sentences() -> None:
    text = "\r\nErster Satz. Zweiter Satz!\r\n\r\n- Punkt eins\r\n"
    segments = split_segments(text)
    translated = join_segments(segments, [s.text.upper() for s in segments])
    assert translated == "\r\nERSTER SATZ. ZWEITER SATZ!\r\n\r\n- PUNKT EINS\r\n"


def test_join_needs_one_translation_per_segment() -> None:
    with pytest.raises(ValueError, match="1 translations for 2 segments"):
        join_segments(split_segments("Eins. Zwei."), ["one"])


def test_empty_and_blank_text() -> None:
    assert split_segments("") == []
    assert split_segments(" \r\n ") == [Segment(" \r\n ", "")]
    assert join_segments(split_segments(" \r\n "), ["ignored"]) == " \r\n "


def test_long_sentences_are_cut_at_semicolons_then_commas() -> None:
    clause = "die Teilnehmenden üben das Lesen und Schreiben von einfachen Texten im Alltag"
    text = "; ".join([clause] * 6) + "."
    pieces = texts(text, max_chars=200)
    assert all(len(p) <= 200 for p in pieces)
    assert all(p.endswith((";", ".")) for p in pieces)
    commas = ", ".join([clause] * 12) + "."
    assert all(len(p) <= MAX_SEGMENT_CHARS and p.endswith((",", ".")) for p in texts(commas))
    assert join_segments(split_segments(commas)) == commas


def test_long_sentences_without_punctuation_are_cut_at_spaces_or_hard() -> None:
    words = " ".join(["Kinderbetreuung"] * 60)
    assert all(len(p) <= 100 and not p.startswith(" ") for p in texts(words, max_chars=100))
    assert join_segments(split_segments(words, max_chars=100)) == words
    blob = "x" * 950
    assert [len(p) for p in texts(blob)] == [400, 400, 150]


def test_normalize_segment_for_the_translation_memory_key() -> None:
    decomposed = "Gebu\u0308hr"  # ü as u + combining diaeresis
    assert decomposed != "Gebühr"
    assert normalize_segment(f"  Sprachkurs\u00a0 mit\t\n{decomposed}  ") == "Sprachkurs mit Gebühr"
    assert normalize_segment("Kinderbetreuung") == normalize_segment("Kinderbetreuung ")
