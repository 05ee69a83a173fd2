"""Autocomplete: the prefix index over glossary terms, and GET /suggest."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.glossary.model import Glossary
from service.glossary.seed import load_seed
from service.search.suggest import SuggestIndex
from tests.glossary_helpers import ALL_LANGUAGES, glossary_store, loaded_runtime, settings_for


@pytest.fixture(scope="module")
def index() -> SuggestIndex:
    glossary = Glossary(load_seed())
    return SuggestIndex(lambda: glossary, ALL_LANGUAGES)


def _texts(index: SuggestIndex, q: str, lang: str | None) -> list[str]:
    return [s.text for s in index.suggest(q, lang)]


def test_course_types_complete_in_the_querys_language(index: SuggestIndex) -> None:
    found = index.suggest("інтегр", "uk")
    assert found and all(s.lang in ("uk", "de") for s in found)
    assert found[0].text == "інтеграційний курс"  # the broad course kind first
    assert any(s.kind == "course_type" and s.course_type == "integration_general" for s in found)


@pytest.mark.parametrize(("q", "lang", "expected"), [
    ("курс інтеграції в", "uk", None),
    ("دورة اند", "ar", "دورة اندماج"),
    ("کورس زبان آ", "prs", "کورس زبان آلمانی"),
    ("Integ", "de", "Integrationskurs"),
    ("ИНТЕГРАЦ", "ru", "интеграционный курс"),
    ("kinderbe", "de", "Kinderbetreuung"),
])
def test_prefixes_in_any_script(index: SuggestIndex, q: str, lang: str, expected: str | None) -> None:
    texts = _texts(index, q, lang)
    assert texts, q
    if expected:
        assert expected in texts


def test_a_word_inside_a_term_completes_it(index: SuggestIndex) -> None:
    assert "догляд за дітьми" in _texts(index, "діт", "uk")


def test_one_typo_in_the_last_word_is_forgiven(index: SuggestIndex) -> None:
    assert "Integrationskurs" in _texts(index, "Intergration", "de")
    assert "інтеграційний курс" in _texts(index, "інтерграц", "uk")


def test_german_words_complete_in_any_language_and_other_is_never_offered(index: SuggestIndex) -> None:
    assert "Integrationskurs" in _texts(index, "Integrationsk", "ar")
    assert not any(s.concept_key == "other" for s in index.suggest("sonst", "de"))
    assert index.suggest("   ", "de") == [] and index.suggest("zzzzqq", "de") == []


def test_limits(index: SuggestIndex) -> None:
    assert len(index.suggest("k", "de", limit=3)) == 3
    assert len(index.suggest("k", "de", limit=500)) <= 20


def test_fast_enough_for_every_keystroke(index: SuggestIndex) -> None:
    queries = ["i", "in", "int", "inte", "integ", "інтегр", "دورة", "کورس ز", "Intergration", "kinderbe"]
    index.suggest("warm", "de")
    started = time.perf_counter()
    for _ in range(20):
        for q in queries:
            index.suggest(q, "de")
    per_call_ms = (time.perf_counter() - started) * 1000 / (20 * len(queries))
    assert per_call_ms < 10  # the bench (bench/suggest_latency.py) measures p99; this only catches regressions


def test_rebuilt_when_the_glossary_changes(tmp_path: Path) -> None:
    _, parts = glossary_store(tmp_path, languages=["uk"])
    assert "інтеграшка" not in _texts(parts.suggest, "інтеграш", "uk")
    parts.service.put_entry("integration_course", "uk", preferred="курс інтеграції", variants=["інтеграшка"],
                            who="t")
    assert "інтеграшка" in _texts(parts.suggest, "інтеграш", "uk")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    runtime = loaded_runtime(tmp_path, courses=[], languages=["en", "uk", "ar"])
    with TestClient(create_app(settings_for(tmp_path, ["en", "uk", "ar"]), runtime=runtime,
                               background=False)) as test_client:
        yield test_client


def test_the_endpoint(client: TestClient) -> None:
    body = client.get("/suggest", params={"q": "інтегр", "lang": "uk", "limit": 3}).json()
    assert len(body["suggestions"]) == 3
    first = body["suggestions"][0]
    assert set(first) <= {"text", "kind", "course_type"} and first["kind"] in ("course_type", "term")
    assert any(s.get("course_type") for s in body["suggestions"])
    assert client.get("/suggest", params={"q": "a" * 101}).status_code == 422
    assert client.get("/suggest", params={"q": ""}).json() == {"suggestions": []}
    assert client.get("/suggest", params={"q": "kinderbe"}).json()["suggestions"][0]["kind"] == "term"
