"""End to end on the embedded engine with no MT model installed: the issue's done-when queries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service.runtime import Runtime
from service.search.service import SearchParams
from tests.glossary_helpers import loaded_runtime


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    rt = loaded_runtime(tmp_path_factory.mktemp("wiring"))
    assert rt.translation.translator.available_pairs() == set()  # no model: glossary only
    yield rt
    rt.close()


def _ids(runtime: Runtime, q: str, lang: str | None = None) -> list[str]:
    outcome = runtime.search.search(SearchParams(q=q, lang=lang))
    return [hit.id for hit in outcome.result.hits]


@pytest.mark.parametrize(("q", "expected_first", "detected"), [
    ("دورة اندماج مع رعاية أطفال", ["test:care"], "ar"),
    ("курс інтеграції вечором", ["test:evening"], "uk"),
    ("کورس زبان آلمانی", ["test:german"], "prs"),
])
def test_the_done_when_queries_find_the_german_courses(runtime: Runtime, q: str, expected_first: list[str],
                                                       detected: str) -> None:
    outcome = runtime.search.search(SearchParams(q=q))
    ids = [hit.id for hit in outcome.result.hits]
    assert ids[:len(expected_first)] == expected_first, ids
    assert outcome.detected is not None and outcome.detected.lang == detected
    assert outcome.result.matched_by == "all"
    assert "test:excel" not in ids and "test:yoga" not in ids  # an evening or childcare alone is not enough


def test_colloquial_and_transliterated_words_find_courses(runtime: Runtime) -> None:
    assert set(_ids(runtime, "اینتگراسیون", "fa")) == {"test:care", "test:evening"}
    assert _ids(runtime, "шпрахкурс", "ru")[0] in {"test:german", "test:job", "test:care", "test:evening"}
    assert _ids(runtime, "Deutschkurs")[0] == "test:german"


def test_exact_terms_rank_above_expansions(runtime: Runtime) -> None:
    outcome = runtime.search.search(SearchParams(q="вечором", lang="uk"))
    assert outcome.request.expansions and outcome.result.hits
    top = outcome.result.hits[0]
    assert top.id in {"test:evening", "test:excel", "test:yoga"}


def test_type_labels_of_every_language_are_in_the_documents(runtime: Runtime) -> None:
    assert runtime.glossary is not None
    [document] = runtime.indexer.build([runtime.store.get_courses(["test:care"])["test:care"]])
    assert document.texts["uk"].type_label == "загальний інтеграційний курс"
    assert "رعاية أطفال" in document.terms["ar"]


def test_a_ukrainian_term_change_reaches_search(tmp_path: Path) -> None:
    runtime = loaded_runtime(tmp_path)
    assert runtime.glossary is not None
    service = runtime.glossary.service
    before = runtime.search.search(SearchParams(q="курс інтеграції вечірочком", lang="uk"))
    assert before.result.matched_by == "any"  # nobody has the new word yet
    report = service.put_entry("evening", "uk", preferred="вечірочком", keep_old_as_variant=True, who="t")
    assert report.courses == 3  # the three evening courses, nothing else
    runtime.indexer.drain()
    for q in ("курс інтеграції вечірочком", "курс інтеграції ввечері"):  # new term, and old kept as variant
        outcome = runtime.search.search(SearchParams(q=q, lang="uk"))
        assert outcome.result.hits[0].id == "test:evening" and outcome.result.matched_by == "all", q
    service.put_entry("evening", "uk", preferred="вечірочком", who="t")  # the old one dropped
    runtime.indexer.drain()
    dropped = runtime.search.search(SearchParams(q="курс інтеграції ввечері", lang="uk"))
    assert dropped.result.matched_by == "any"  # no course has every word any more
    runtime.close()
