"""A course's key facts written with glossary terms only: the translation of languages without a model.

Pashto, Dari, Kurdish, Tigrinya and Somali have no Argos model. Their title becomes the course type
and level in glossary terms, the subtitle the schedule and the facts a person decides by
(childcare, barrier-free, online or in person, free places), then the other concepts the German
text names (tests, Jobcenter, ...). The description is running text: it is never replaced by a
list of terms but falls back to English, then German (the caller's fallback chain), so the course
is findable, its key facts are readable and nothing of its text is hidden.
"""

from __future__ import annotations

from collections.abc import Sequence

from service.courses import Course
from service.glossary.model import ConceptKind, Glossary, GlossaryConcept

SEPARATOR = " · "
FACT_ORDER = ("morning", "afternoon", "evening", "weekend", "childcare", "barrier_free", "online",
              "in_person", "free_seats")
TITLE_SKIP_FAMILIES = ("integration_course", "language_course")


def preferred_term(concept: GlossaryConcept, lang: str) -> str | None:
    """The term to write for ``concept`` in ``lang``: the preferred one, approved or still a draft
    (a draft term reads better than none; the translation says its origin is the glossary)."""
    entry = concept.entry(lang)
    return entry.preferred if entry else None


def glossary_only_fields(glossary: Glossary, concept_keys: Sequence[str], course: Course,
                         target: str) -> dict[str, str]:
    used = set(concept_keys)

    def term(key: str) -> str | None:
        concept = glossary.get(key)
        return preferred_term(concept, target) if concept else None

    title_parts = [term(course.course_type.value) or (term("integration_course")
                                                      if "integration_course" in used else None)]
    if course.level:
        title_parts.append(term(f"level_{course.level.lower()}") or course.level)
    facts = [term(key) for key in FACT_ORDER if key in used]
    # Courses with an unspecific type ("other") keep their own title; the facts still help.
    if course.course_type.value == "other":
        title_parts = []
    others = [term(key) for key in concept_keys
              if key not in FACT_ORDER and key != course.course_type.value and key not in TITLE_SKIP_FAMILIES
              and _worth_naming(glossary.get(key))]
    fields = {"title": SEPARATOR.join(p for p in title_parts if p),
              "subtitle": SEPARATOR.join(dict.fromkeys(f for f in [*facts, *others] if f))}
    return {name: text for name, text in fields.items() if text}


def _worth_naming(concept: GlossaryConcept | None) -> bool:
    return concept is not None and concept.kind in (ConceptKind.TEST, ConceptKind.INSTITUTION,
                                                    ConceptKind.COURSE_TYPE)
