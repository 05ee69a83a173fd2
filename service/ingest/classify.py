"""Course type, CEFR level, schedule and mode from the German free text sources give us.

Sources rarely say what kind of course something is in a controlled way: the Berlin VHS feed has
a title, a subtitle and keywords; NAvI exports add a "Kursart" and the lesson times as text
("Mo-Fr 08:30-12:45"). The rules here read that text the way a person at a migration advice
centre would, and are tuned on all 120 records of ``data/vhs-berlin/kurse-sample.json``.

The course type is decided in tiers, most trustworthy first: the Kursart (an exact label from
:data:`service.courses.COURSE_TYPE_LABELS_DE` or a common BAMF name wins outright), then the title,
then subtitle and target group, then keywords. The first tier that names a *specific* type
(integration course family, job German, test, literacy, initial orientation) decides; only when
none does is a course with German in it a plain ``german_course``. Tiers matter because VHS
keywords are broad ("Intensivkurs" is also put on painting workshops) while titles are not.

The level is only set for courses that teach German (type other than ``other``): an "Englisch C1"
course is not a C1 German course, and the level filter is about German.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache

from service.courses import COURSE_TYPE_LABELS_DE, CourseType, Mode, Schedule

_T = CourseType


def _normalize_label(label: str) -> str:
    return re.sub(r"[\s\-–/()]+", " ", label.casefold()).strip()


# Kursart values that decide the type outright: our own labels plus the names BAMF lists use.
_COURSE_KIND_NAMES: dict[str, CourseType] = {
    _normalize_label(label): course_type for course_type, label in COURSE_TYPE_LABELS_DE.items()
} | {
    _normalize_label(name): course_type
    for name, course_type in {
        "Integrationskurs": _T.INTEGRATION_GENERAL,
        "Allgemeiner Integrationskurs": _T.INTEGRATION_GENERAL,
        "Alphabetisierungskurs (Integrationskurs)": _T.INTEGRATION_LITERACY,
        "Elternintegrationskurs": _T.INTEGRATION_PARENTS,
        "Frauenintegrationskurs": _T.INTEGRATION_PARENTS,
        "Eltern- bzw. Frauenintegrationskurs": _T.INTEGRATION_PARENTS,
        "Zweitschriftlernerkurs": _T.INTEGRATION_SECOND_SCRIPT,
        "Intensivkurs": _T.INTEGRATION_INTENSIVE,
        "Förderkurs": _T.INTEGRATION_REMEDIAL,
        "Orientierungskurs": _T.ORIENTATION_COURSE,
        "Berufssprachkurs": _T.JOB_GERMAN,
        "Deutschkurs": _T.GERMAN_COURSE,
        "Deutsch als Fremdsprache": _T.GERMAN_COURSE,
        "Deutsch als Zweitsprache": _T.GERMAN_COURSE,
        "Einbürgerungstest": _T.TEST_PREPARATION,
        "Prüfungsvorbereitung": _T.TEST_PREPARATION,
    }.items()
}


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Names of official German tests: these alone make a course a test (preparation).
_STRONG_TEST = _rx(
    r"einbürgerung|\bdtz\b|deutsch-?\s?test für zuwanderer|test\w*\W+leben in deutschland"
    r"|leben in deutschland\W+\w*test|\blid-test|vorbereitung\W+(?:\w+\W+){0,3}leben in deutschland"
    r"|leben in deutschland\W+(?:\w+\W+){0,2}vorbereitung"
)
# Exam words that only count for a course about German ("telc Spanisch A2" is not ours).
_WEAK_TEST = _rx(r"prüfung|\btelc\b|goethe-zertifikat|\btestdaf\b|\bdsh\b|\bösd\b|zertifikat deutsch")
_INITIAL_ORIENTATION = _rx(r"erstorientierung|\beok\b")
_JOB_GERMAN = _rx(
    r"berufssprachkurs|deuföv|berufsbezogene deutschsprachförderung|deutsch für den beruf"
    r"|berufsdeutsch|\bbsk\b|job-?deutsch|spezialkurs"
)
_INTEGRATION = _rx(r"integrationskurs|zweitschrift|förderkurs|\borientierungskurs|§\s?43")
_LITERACY = _rx(r"alphabetisierung|\balpha-?kurs|\balpha\b|lesen und schreiben lernen")
_GERMAN = _rx(
    r"\bdeutsch\b|deutschkurs|\bdaf\b|\bdaz\b|deutsch als (?:fremd|zweit)sprache|deutsch fremdsprache"
)
_ADVICE = _rx(r"beratung|einstufung")
# A title naming another language is a course in that language, whatever its keywords say.
_OTHER_LANGUAGE = _rx(
    r"\b(?:englisch|französisch|spanisch|italienisch|portugiesisch|griechisch|neugriechisch"
    r"|hebräisch|russisch|türkisch|arabisch|polnisch|chinesisch|japanisch|niederländisch"
    r"|schwedisch|dänisch|norwegisch|finnisch|ukrainisch|persisch|koreanisch|indonesisch"
    r"|latein|tschechisch|slowakisch|ungarisch|kroatisch|serbisch|rumänisch|bulgarisch)\b"
)
_CEFR = _rx(r"\b([ABC][12])\b")


def classify_course(
    title: str,
    *,
    subtitle: str | None = None,
    keywords: Sequence[str] = (),
    target_group: str | None = None,
    course_kind: str | None = None,
    level: str | None = None,
) -> tuple[CourseType, str | None]:
    """(course type, CEFR level) of a course; ``level`` is an explicit level column, if any."""
    course_type = _course_type(title, subtitle or "", tuple(keywords), target_group or "", course_kind or "")
    if course_type is CourseType.OTHER:
        return course_type, None
    found = cefr_level(level, course_kind, title, subtitle) or _lowest_level(keywords)
    return course_type, found


def cefr_level(*texts: str | None) -> str | None:
    """The first CEFR level (A1..C2) named in the texts, in order: "Deutsch B1.2" -> "B1"."""
    for text in texts:
        if text:
            match = _CEFR.search(text)
            if match:
                return match.group(1).upper()
    return None


def _lowest_level(keywords: Iterable[str]) -> str | None:
    # Keywords list every level a course touches ("A2", "B1"); the entry level is the lowest.
    levels = sorted(match.group(1).upper() for keyword in keywords for match in _CEFR.finditer(keyword))
    return levels[0] if levels else None


@lru_cache(maxsize=4096)
def _course_type(
    title: str, subtitle: str, keywords: tuple[str, ...], target_group: str, course_kind: str
) -> CourseType:
    named = _COURSE_KIND_NAMES.get(_normalize_label(course_kind)) if course_kind else None
    if named is not None:
        return named
    if _ADVICE.search(title):
        return CourseType.OTHER  # advice and placement sessions are not courses
    all_text = " ".join((course_kind, title, subtitle, target_group, *keywords))
    german = bool(_GERMAN.search(all_text))
    if _OTHER_LANGUAGE.search(title) and not _GERMAN.search(title):
        return CourseType.OTHER
    tiers = (course_kind, title, f"{subtitle} {target_group}", " ".join(keywords))
    for number, tier in enumerate(tiers):
        # Exam words count in Kursart and title only: a subtitle saying a conversation course
        # helps "prepare for the B1 exam" does not make it an exam preparation course.
        specific = _specific_type(tier, exam_words=german and number < 2)
        if specific is not None:
            return specific
    return CourseType.GERMAN_COURSE if german else CourseType.OTHER


def _specific_type(text: str, *, exam_words: bool) -> CourseType | None:
    if not text.strip():
        return None
    if _INITIAL_ORIENTATION.search(text):
        return CourseType.INITIAL_ORIENTATION
    if _STRONG_TEST.search(text):
        return CourseType.TEST_PREPARATION
    if _INTEGRATION.search(text):
        return _integration_type(text)
    if _JOB_GERMAN.search(text):
        return CourseType.JOB_GERMAN
    if _LITERACY.search(text):
        return CourseType.LITERACY
    if exam_words and _WEAK_TEST.search(text):
        return CourseType.TEST_PREPARATION
    return None


def _integration_type(text: str) -> CourseType:
    lowered = text.casefold()
    if re.search(r"\borientierungskurs", lowered):
        return CourseType.ORIENTATION_COURSE
    if "zweitschrift" in lowered:
        return CourseType.INTEGRATION_SECOND_SCRIPT
    if _LITERACY.search(lowered):
        return CourseType.INTEGRATION_LITERACY
    if "jugend" in lowered or "junge erwachsene" in lowered:
        return CourseType.INTEGRATION_YOUTH
    if re.search(r"eltern|frauen|mütter", lowered):
        return CourseType.INTEGRATION_PARENTS
    if "förderkurs" in lowered:
        return CourseType.INTEGRATION_REMEDIAL
    if "intensivkurs" in lowered or "intensiv-integrationskurs" in lowered:
        return CourseType.INTEGRATION_INTENSIVE
    return CourseType.INTEGRATION_GENERAL


# --- schedule -------------------------------------------------------------------------------

_SCHEDULE_ORDER = tuple(Schedule)  # iterating the enum class itself is slow in a hot loop
_DAYS = ("mo", "di", "mi", "do", "fr", "sa", "so")
# Abbreviations and full names only: a prefix match would read "sowie" as Sunday.
_DAY = (
    r"(mo|montags?|di|dienstags?|mi|mittwochs?|do|donnerstags?|fr|freitags?"
    r"|sa|samstags?|sonnabends?|so|sonntags?)\.?"
)
_DAY_RANGE = _rx(rf"\b{_DAY}\s*(?:-|–|bis)\s*{_DAY}")
_DAY_TOKEN = _rx(rf"\b{_DAY}(?![a-zäöüß])")
_TIME_RANGE = _rx(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(?:uhr\s*)?(?:-|–|bis)\s*\d{1,2}(?:[:.]\d{2})?\b")
_CLOCK_TIME = _rx(r"\b(\d{1,2})[:.](\d{2})\b|\b(\d{1,2})\s*uhr\b")
_FREE_TEXT_TIME = _rx(r"\b(\d{1,2})[:.]\d{2}\s*(?:uhr\s*)?(?:-|–|bis)\s*\d{1,2}[:.]\d{2}\b")
_WORDS: tuple[tuple[Schedule, re.Pattern[str]], ...] = (
    (Schedule.MORNING, _rx(r"vormittag|\bmorgens\b|am morgen|frühkurs")),
    (Schedule.AFTERNOON, _rx(r"nachmittag")),
    (Schedule.EVENING, _rx(r"\babend")),
    (Schedule.WEEKEND, _rx(r"wochenend|\bsamstag|\bsonntag")),
)


def time_of_day(hour: int) -> Schedule:
    """Start before 12:00 is morning, 12:00-16:59 afternoon, 17:00 or later evening."""
    if hour < 12:
        return Schedule.MORNING
    if hour < 17:
        return Schedule.AFTERNOON
    return Schedule.EVENING


def schedule_of(
    times: str | None = None,
    *,
    texts: Iterable[str | None] = (),
    start: date | None = None,
    end: date | None = None,
) -> list[Schedule]:
    """When a course takes place, from its lesson times, its free text and its dates.

    ``times`` is a lesson-times field ("Di, Do 18:00-21:15", "Sa 09:00-14:00", "vormittags");
    ``texts`` are title, subtitle and keywords, where only unambiguous words and clock times
    count (a bare "So" or "9-12" in a title is too likely to mean something else).
    A start or end date on a Saturday or Sunday also makes it a weekend course.
    """
    found: set[Schedule] = set()
    if times:
        found |= _from_times(times)
    for text in texts:
        if text:
            found |= _from_free_text(text)
    if any(day is not None and day.weekday() >= 5 for day in (start, end)):
        found.add(Schedule.WEEKEND)
    return [slot for slot in _SCHEDULE_ORDER if slot in found]


@lru_cache(maxsize=4096)
def _from_times(times: str) -> frozenset[Schedule]:
    found = set(_from_free_text(times))
    starts = [int(match.group(1)) for match in _TIME_RANGE.finditer(times)]
    if not starts:
        starts = [int(match.group(1) or match.group(3)) for match in _CLOCK_TIME.finditer(times)]
    found |= {time_of_day(hour) for hour in starts if hour < 24}
    if {"sa", "so"} & _days_named(times):
        found.add(Schedule.WEEKEND)
    return frozenset(found)


def _days_named(times: str) -> set[str]:
    days: set[str] = set()
    for match in _DAY_RANGE.finditer(times):
        first, last = _DAYS.index(_day(match.group(1))), _DAYS.index(_day(match.group(2)))
        days.update(_DAYS[first : last + 1] if first <= last else _DAYS[first:] + _DAYS[: last + 1])
    days.update(_day(match.group(1)) for match in _DAY_TOKEN.finditer(_DAY_RANGE.sub(" ", times)))
    return days


def _day(name: str) -> str:
    name = name.lower()
    return "sa" if name.startswith("sonnabend") else name[:2]


@lru_cache(maxsize=4096)
def _from_free_text(text: str) -> frozenset[Schedule]:
    found = {slot for slot, pattern in _WORDS if pattern.search(text)}
    found |= {time_of_day(int(match.group(1))) for match in _FREE_TEXT_TIME.finditer(text)}
    return frozenset(found)


# --- mode -----------------------------------------------------------------------------------

_HYBRID = _rx(r"\bhybrid")
# "Online-Marketing" is a topic, "Onlinekurs" or "online" on its own is a way of teaching.
_ONLINE = _rx(r"\bonline(?:-?kurs|-?seminar|-?unterricht)?\b(?!-)|\bwebinar|\bvirtuell|\bdigital(?:er)? kurs")


def mode_of(*texts: str | None) -> Mode:
    """Online, hybrid or (the default) in person, from title, subtitle, Kursart or times."""
    joined = " ".join(text for text in texts if text)
    if _HYBRID.search(joined):
        return Mode.HYBRID
    if _ONLINE.search(joined):
        return Mode.ONLINE
    return Mode.IN_PERSON
