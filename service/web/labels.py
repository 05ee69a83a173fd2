"""UI names of the controlled vocabularies (course type, schedule, mode).

A course type is a glossary concept, so its name in a language is the glossary's preferred term
(what translators approved, and what search and machine translation use too); where the glossary
has none, the catalog string below names it. The German catalog uses the words of
``COURSE_TYPE_LABELS_DE``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from service.courses import CourseType, Mode, Schedule
from service.i18n import N_, L10n

if TYPE_CHECKING:
    from service.runtime import Runtime

TypeLabel = Callable[[str, str], "str | None"]  # (course type, language) -> the glossary's term

COURSE_TYPE_MESSAGES: dict[CourseType, str] = {
    CourseType.INTEGRATION_GENERAL: N_("General integration course"),
    CourseType.INTEGRATION_LITERACY: N_("Integration course with literacy"),
    CourseType.INTEGRATION_YOUTH: N_("Integration course for young adults"),
    CourseType.INTEGRATION_PARENTS: N_("Integration course for parents and women"),
    CourseType.INTEGRATION_SECOND_SCRIPT: N_("Integration course for learners of a second script"),
    CourseType.INTEGRATION_INTENSIVE: N_("Intensive integration course"),
    CourseType.INTEGRATION_REMEDIAL: N_("Support course (integration course)"),
    CourseType.ORIENTATION_COURSE: N_("Orientation course"),
    CourseType.JOB_GERMAN: N_("German for work"),
    CourseType.INITIAL_ORIENTATION: N_("Initial orientation course"),
    CourseType.GERMAN_COURSE: N_("German course"),
    CourseType.LITERACY: N_("Literacy course"),
    CourseType.TEST_PREPARATION: N_("Exam preparation (citizenship test, DTZ)"),
    CourseType.OTHER: N_("Other course"),
}

SCHEDULE_MESSAGES: dict[Schedule, str] = {
    Schedule.MORNING: N_("Mornings"),
    Schedule.AFTERNOON: N_("Afternoons"),
    Schedule.EVENING: N_("Evenings"),
    Schedule.WEEKEND: N_("Weekends"),
}

MODE_MESSAGES: dict[Mode, str] = {
    Mode.IN_PERSON: N_("In person"),
    Mode.ONLINE: N_("Online"),
    Mode.HYBRID: N_("In person and online"),
}


def glossary_type_label(runtime: Runtime) -> TypeLabel | None:
    return runtime.glossary.policy.type_label if runtime.glossary is not None else None


def course_type_label(l10n: L10n, course_type: CourseType | str, glossary: TypeLabel | None = None) -> str:
    term = glossary(str(course_type), l10n.lang) if glossary else None
    if term:
        return term[:1].upper() + term[1:]  # glossary terms are lower case; a label starts a line
    message = COURSE_TYPE_MESSAGES.get(CourseType(course_type)) if course_type in set(CourseType) else None
    return l10n.gettext(message) if message else str(course_type)


def course_type_labels(l10n: L10n, glossary: TypeLabel | None = None) -> dict[str, str]:
    return {str(kind): course_type_label(l10n, kind, glossary) for kind in COURSE_TYPE_MESSAGES}


def schedule_label(l10n: L10n, schedule: Schedule | str) -> str:
    message = SCHEDULE_MESSAGES.get(Schedule(schedule)) if schedule in set(Schedule) else None
    return l10n.gettext(message) if message else str(schedule)


def mode_label(l10n: L10n, mode: Mode) -> str:
    return l10n.gettext(MODE_MESSAGES[mode])
