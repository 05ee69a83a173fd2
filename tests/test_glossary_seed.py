from __future__ import annotations

import json

import pytest

from service.config import DEFAULT_TARGET_LANGUAGES
from service.courses import CEFR_LEVELS, CourseType
from service.errors import InvalidInput
from service.glossary.model import Glossary, Status
from service.glossary.seed import SEED_PATH, load_seed, parse_seed

REQUIRED = ["integration_course", "language_course", "test_dtz", "test_lid", "test_naturalization", "test_telc",
            "childcare", "morning", "afternoon", "evening", "weekend", "online", "in_person", "barrier_free",
            "free_seats", "course_start", "provider", "volkshochschule", "jobcenter", "immigration_office",
            *(f"level_{level.lower()}" for level in CEFR_LEVELS), *(t.value for t in CourseType)]


@pytest.fixture(scope="module")
def seed() -> Glossary:
    return Glossary(load_seed())


def test_every_course_type_and_domain_concept_in_every_default_language(seed: Glossary) -> None:
    languages = {"de", *DEFAULT_TARGET_LANGUAGES}
    missing = {key: sorted(languages - set(seed.concepts[key].terms)) for key in REQUIRED if key in seed.concepts}
    assert not [key for key in REQUIRED if key not in seed.concepts]
    assert not {key: langs for key, langs in missing.items() if langs}


def test_everything_is_a_draft_until_a_translator_approves(seed: Glossary) -> None:
    assert {entry.status for concept in seed for entry in concept.terms.values()} == {Status.DRAFT}


@pytest.mark.parametrize(("key", "lang", "term"), [
    ("integration_course", "ar", "دورة اندماج"),
    ("childcare", "ar", "رعاية أطفال"),
    ("integration_course", "uk", "курс інтеграції"),
    ("evening", "uk", "вечором"),
    ("german_course", "prs", "کورس زبان آلمانی"),
    ("integration_course", "fa", "اینتگراسیون"),
    ("integration_course", "ru", "интеграционный курс"),
    ("language_course", "uk", "шпрахкурс"),
    ("test_dtz", "de", "Deutsch-Test für Zuwanderer"),
    ("volkshochschule", "en", "adult education centre"),
])
def test_everyday_words_and_transliterations_are_there(seed: Glossary, key: str, lang: str, term: str) -> None:
    entry = seed.concepts[key].entry(lang)
    assert entry is not None and term in entry.terms


def test_known_machine_translation_errors_are_forbidden(seed: Glossary) -> None:
    entry = seed.concepts["integration_course"].entry("en")
    assert entry is not None and "merger course" in entry.forbidden and "integration class" in entry.forbidden


def test_the_file_is_valid_json_with_a_format_marker() -> None:
    data = json.loads(SEED_PATH.read_text(encoding="utf-8"))
    assert data["format"] == "kursfinder-glossary-seed/1"


@pytest.mark.parametrize(("data", "message"), [
    ({"format": "other"}, "not a Kursfinder seed"),
    ({"format": "kursfinder-glossary-seed/1", "concepts": [{"key": "a b"}]}, "concept key"),
    ({"format": "kursfinder-glossary-seed/1", "concepts": [{"key": "a", "kind": "x"}]}, "unknown kind"),
    ({"format": "kursfinder-glossary-seed/1", "concepts": [{"key": "a", "terms": {"en": ["!bad"]}}]}, "allowed"),
])
def test_a_broken_seed_is_rejected(data: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_seed(data)
