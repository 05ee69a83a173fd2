import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from service.courses import COURSE_TYPE_LABELS_DE, CourseType, Mode, Schedule
from service.ingest.classify import cefr_level, classify_course, mode_of, schedule_of, time_of_day

SAMPLE = Path(__file__).parent.parent / "data" / "vhs-berlin" / "kurse-sample.json"
T = CourseType
M, A, E, W = Schedule.MORNING, Schedule.AFTERNOON, Schedule.EVENING, Schedule.WEEKEND


def _sample() -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads(SAMPLE.read_bytes())["veranstaltungen"]["veranstaltung"]
    return records


def _classify_record(record: dict[str, Any]) -> tuple[CourseType, str | None]:
    keywords = record["schlagwort"]
    keywords = [keywords] if isinstance(keywords, str) else keywords or []
    return classify_course(
        record["name"], subtitle=record["untertitel"], keywords=keywords, target_group=record["zielgruppe"]
    )


# Every German-learning course of the real Berlin sample, by guid: what a person would call it.
EXPECTED_SAMPLE = {
    "566788": (T.GERMAN_COURSE, "B1"),  # Deutsch B1.2 Grammatik und Briefe schreiben
    "545869": (T.INTEGRATION_GENERAL, "A1"),  # Deutsch A1.2 / Integrationskurs - Basiskurs, Modul 2
    "522124": (T.INTEGRATION_GENERAL, "A2"),  # Deutsch Integrationskurs A2.2
    "551063": (T.ORIENTATION_COURSE, None),  # Deutsch Orientierungskurs
    "556428": (T.TEST_PREPARATION, None),  # Sprachtest zur Einbürgerung
    "557157": (T.TEST_PREPARATION, None),  # Sprachtest zur Einbürgerung
    "557167": (T.TEST_PREPARATION, None),  # Sprachtest zur Einbürgerung
    "523696": (T.TEST_PREPARATION, "B1"),  # Deutsch B1 TELC - Prüfung
    "523694": (T.TEST_PREPARATION, "B2"),  # Deutsch B2 TELC - Prüfung
    "554146": (T.TEST_PREPARATION, "B1"),  # Test Leben in Deutschland (keyword B1)
    "531862": (T.TEST_PREPARATION, "B1"),  # Deutsch B1.2 - Test Leben in Deutschland
    "551429": (T.TEST_PREPARATION, None),  # Deutsch-Test für Zuwanderer TELC - Prüfung
    "551418": (T.TEST_PREPARATION, None),  # Deutsch-Test für Zuwanderer TELC - Prüfung
    "551428": (T.TEST_PREPARATION, None),  # Deutsch-Test für Zuwanderer TELC - Prüfung
    "550926": (T.TEST_PREPARATION, None),  # Deutsch-Test für Zuwanderer TELC - Prüfung
    "561075": (T.TEST_PREPARATION, None),  # Einbürgerungstest 33
    "566783": (T.GERMAN_COURSE, "A2"),  # Deutsch A2 Grammatik ... Elternkurs (not the BAMF Elternkurs)
    "544997": (T.INTEGRATION_GENERAL, "B1"),  # Deutsch B1.2 / Integrationskurs - Aufbaukurs, Modul 6
    "544907": (T.INTEGRATION_GENERAL, "B1"),  # Deutsch B1.2 / Integrationskurs - Aufbaukurs, Modul 6
    "546167": (T.INTEGRATION_GENERAL, "B1"),  # Deutsch B1.2 L - Wiederholerkurs / Integrationskurs
    "546318": (T.INTEGRATION_GENERAL, "A2"),  # Deutsch A2.1 / Integrationskurs -Basiskurs, Modul 3
    "566800": (T.GERMAN_COURSE, "A2"),  # Erzähl mal... - Deutsch A2.2./B1.1 für Eltern
    "566804": (T.GERMAN_COURSE, "B1"),  # Grammatik der Grundstufe - Deutsch B1 für Eltern
    "562362": (T.GERMAN_COURSE, "B2"),  # Deutsch B2/C2 Schreiben und Grammatik
    "559342": (T.GERMAN_COURSE, "A1"),  # Deutsch A1.2 / Intensiv nachmittags
    "525069": (T.GERMAN_COURSE, "B2"),  # Deutsch B2.1
    "516751": (T.GERMAN_COURSE, "C1"),  # Deutsch - C1.2
}


def test_every_sample_record_is_classified_as_a_person_would() -> None:
    records = _sample()
    assert len(records) == 120
    for record in records:
        expected = EXPECTED_SAMPLE.get(record["guid"], (T.OTHER, None))
        assert _classify_record(record) == expected, record["name"]


def test_the_sample_mix_matches_its_readme() -> None:
    types = Counter(_classify_record(record)[0] for record in _sample())
    german = sum(count for course_type, count in types.items() if course_type is not T.OTHER)
    assert german == len(EXPECTED_SAMPLE) == 27  # "about a quarter" of 120


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Englisch C1 Language in Use", T.OTHER),
        ("Python I - Onlinekurs", T.OTHER),
        ("telc Spanisch A2", T.OTHER),
        ("Beratung Deutschkurse für Mütter/Eltern", T.OTHER),  # advice, not a course
        ("Deutsch als Fremdsprache A2", T.GERMAN_COURSE),
        ("DaF-Kurs für Studierende", T.GERMAN_COURSE),
        ("DaZ Grundstufe", T.GERMAN_COURSE),
        ("Alphabetisierungskurs für Erwachsene", T.LITERACY),
        ("Jugendintegrationskurs", T.INTEGRATION_YOUTH),
        ("Frauenintegrationskurs mit Kinderbetreuung", T.INTEGRATION_PARENTS),
        ("Elternintegrationskurs", T.INTEGRATION_PARENTS),
        ("Integrationskurs mit Alphabetisierung", T.INTEGRATION_LITERACY),
        ("Integrationskurs für Zweitschriftlernende", T.INTEGRATION_SECOND_SCRIPT),
        ("Intensivkurs (Integrationskurs) B1", T.INTEGRATION_INTENSIVE),
        ("Förderkurs im Integrationskurs", T.INTEGRATION_REMEDIAL),
        ("Erstorientierungskurs für Geflüchtete", T.INITIAL_ORIENTATION),
        ("Berufssprachkurs B2 Pflege", T.JOB_GERMAN),
        ("Deutsch für den Beruf C1 (DeuFöV)", T.JOB_GERMAN),
        ("Vorbereitung auf den Einbürgerungstest", T.TEST_PREPARATION),
        ("Prüfungsvorbereitung DTZ", T.TEST_PREPARATION),
        ("Leben in Deutschland – Vorbereitung", T.TEST_PREPARATION),
        ("Vorbereitung auf „Leben in Deutschland“", T.TEST_PREPARATION),
        ("Orientierungskurs – Leben in Deutschland", T.ORIENTATION_COURSE),
        ("Deutsch B2 Prüfungsvorbereitung telc", T.TEST_PREPARATION),
    ],
)
def test_titles(title: str, expected: CourseType) -> None:
    assert classify_course(title)[0] is expected


@pytest.mark.parametrize(("course_type", "label"), list(COURSE_TYPE_LABELS_DE.items()))
def test_a_kursart_that_is_our_label_decides_outright(course_type: CourseType, label: str) -> None:
    assert classify_course("Kurs", course_kind=label)[0] is course_type


def test_kursart_beats_the_title_and_keywords_never_beat_the_title() -> None:
    assert classify_course("Deutsch A1", course_kind="Jugendintegrationskurs")[0] is T.INTEGRATION_YOUTH
    assert classify_course("Berufssprachkurs", course_kind="Berufssprachkurs B1") == (T.JOB_GERMAN, "B1")
    # VHS puts "Intensivkurs" on painting workshops too: a keyword does not make a BAMF Intensivkurs.
    found = classify_course(
        "Deutsch A1.2", subtitle="Integrationskurs - Basiskurs", keywords=["Intensivkurs", "A1"]
    )
    assert found == (T.INTEGRATION_GENERAL, "A1")


def test_level_is_only_set_for_german_learning() -> None:
    assert classify_course("Englisch C1 kompakt") == (T.OTHER, None)
    assert classify_course("Deutsch", level="b2") == (T.GERMAN_COURSE, "B2")
    assert classify_course("Deutsch", keywords=["B1", "A2", "SPRACHEN"]) == (T.GERMAN_COURSE, "A2")


@pytest.mark.parametrize(
    ("texts", "level"),
    [
        (("Deutsch B1.2 Grammatik",), "B1"),
        (("Erzähl mal... - Deutsch A2.2./B1.1",), "A2"),
        ((None, "Berufssprachkurs C1"), "C1"),
        (("Raum 12", "kein Niveau"), None),
        (("B2B-Vertrieb",), None),
    ],
)
def test_cefr_level(texts: tuple[str | None, ...], level: str | None) -> None:
    assert cefr_level(*texts) == level


@pytest.mark.parametrize(
    ("times", "expected"),
    [
        ("Mo-Fr 08:30-12:45", [M]),
        ("Di, Do 18:00-21:15", [E]),
        ("Sa 09:00-14:00", [M, W]),
        ("Mo-Do 13:30-17:30", [A]),
        ("Mo 09:00-12:00, Mi 17:00-19:00", [M, E]),
        ("vormittags", [M]),
        ("abends", [E]),
        ("nachmittags 14-17 Uhr", [A]),
        ("Fr-So 10.00-15.00", [M, W]),
        ("Montag bis Freitag 8:30 bis 12:00", [M]),
        ("samstags und sonntags", [W]),
        ("Mo 9-12 sowie Mi 9-12", [M]),  # "sowie" is not Sunday
        ("ab 18 Uhr", [E]),
        ("11:59-13:00", [M]),
        ("12:00-13:00", [A]),
        ("16:59-18:00", [A]),
        ("17:00-19:00", [E]),
        ("nach Vereinbarung", []),
    ],
)
def test_schedule_from_lesson_times(times: str, expected: list[Schedule]) -> None:
    assert schedule_of(times) == expected


def test_schedule_from_free_text_and_dates() -> None:
    assert schedule_of(texts=["Italienisch A1.2 Kompakt am Abend"]) == [E]
    assert schedule_of(texts=["Papierskulpturen", "Wochenendkurs"]) == [W]
    assert schedule_of(texts=["Modul 1-3", "So geht Deutsch"]) == []  # no clock time, no day
    saturday, monday = date(2020, 6, 6), date(2020, 6, 8)
    assert schedule_of(start=saturday, end=saturday) == [W]
    assert schedule_of(start=monday, end=date(2020, 6, 12)) == []
    assert schedule_of("Mo-Fr 08:30-12:45", start=monday, end=date(2020, 6, 13)) == [M, W]


def test_time_of_day_boundaries() -> None:
    assert [time_of_day(hour) for hour in (0, 11, 12, 16, 17, 23)] == [M, M, A, A, E, E]


@pytest.mark.parametrize(
    ("texts", "mode"),
    [
        (("Python I - Onlinekurs",), Mode.ONLINE),
        (("Deutsch B1 online",), Mode.ONLINE),
        (("Deutsch B1", "Webinar"), Mode.ONLINE),
        (("Hybrid-Kurs Deutsch A2",), Mode.HYBRID),
        (("Online-Marketing für Selbstständige",), Mode.IN_PERSON),  # a topic, not a mode
        (("Deutsch A1", None), Mode.IN_PERSON),
    ],
)
def test_mode(texts: tuple[str | None, ...], mode: Mode) -> None:
    assert mode_of(*texts) is mode
