"""The embedded tantivy engine on real index files (the shared engine suite covers the protocol)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from service import geo
from service.courses import Course
from service.search.base import GeoFilter, SearchRequest, SortOrder
from service.search.documents import build_document
from service.search.embedded import EmbeddedEngine
from tests.conftest import TODAY, make_course


def _engine(tmp_path: Path, courses: list[Course]) -> EmbeddedEngine:
    engine = EmbeddedEngine(tmp_path / "index", ["en", "ar"])
    engine.upsert([build_document(c) for c in courses])
    return engine


def _ids(engine: EmbeddedEngine, **kwargs: object) -> list[str]:
    return [hit.id for hit in engine.search(SearchRequest(today=TODAY, **kwargs)).hits]  # type: ignore[arg-type]


def test_integration_courses_come_first(tmp_path: Path, sample_courses: list[Course]) -> None:
    engine = _engine(tmp_path, sample_courses)
    ids = _ids(engine, q="Integrationskurs")
    assert ids[0] == "test:1"
    assert "test:5" not in ids  # an Excel course does not match


def test_plural_compound_and_typo_forms_match(tmp_path: Path, sample_courses: list[Course]) -> None:
    engine = _engine(tmp_path, sample_courses)
    assert "test:2" in _ids(engine, q="Sprachkurse")
    assert "test:2" in _ids(engine, q="Sprach-Kurs")
    assert "test:1" in _ids(engine, q="Integrationskurz")  # one typo
    assert "test:1" in _ids(engine, q="Kinderbetreu")  # search-as-you-type prefix


def test_no_typos_on_numbers(tmp_path: Path) -> None:
    engine = _engine(tmp_path, [make_course("a", "Kurs 86150"), make_course("b", "Kurs 86151")])
    assert _ids(engine, q="86150", sort=SortOrder.RELEVANCE) == ["test:a"]


def test_filters_select_and_facets_count_every_type(tmp_path: Path, sample_courses: list[Course]) -> None:
    engine = _engine(tmp_path, sample_courses)
    assert set(_ids(engine, childcare=True)) == {"test:1"}
    assert set(_ids(engine, free_seats=True)) == {"test:1", "test:3"}
    assert set(_ids(engine, barrier_free=True)) == {"test:3"}
    assert set(_ids(engine, schedule=("evening",))) == {"test:2"}
    assert set(_ids(engine, start_from=date(2027, 1, 1))) == {"test:2", "test:4"}
    result = engine.search(SearchRequest(course_types=("german_course",), today=TODAY))
    assert [h.id for h in result.hits] == ["test:2"]
    assert result.facets["course_type"]["integration_general"] == 1  # facets ignore the type filter


def test_radius_filter_matches_computed_distances(tmp_path: Path, sample_courses: list[Course]) -> None:
    engine = _engine(tmp_path, sample_courses)
    lat, lon = geo.center_of("86150")
    circle = GeoFilter(lat, lon, 25.0, geo.postal_codes_within(lat, lon, 25.0))
    result = engine.search(SearchRequest(geo=circle, sort=SortOrder.DISTANCE, today=TODAY))
    for hit in result.hits:
        course = next(c for c in sample_courses if c.id == hit.id)
        assert course.lat is not None and course.lon is not None
        assert geo.haversine_km(lat, lon, course.lat, course.lon) <= 25.0 + 1.0
        assert hit.distance_km is not None and hit.distance_km <= 25.0
    assert {h.id for h in result.hits} == {"test:1", "test:2", "test:5"}
    distances = [h.distance_km for h in result.hits]
    assert distances == sorted(distances)  # type: ignore[type-var]


def test_browse_without_words_is_soonest_first_and_paginates(tmp_path: Path, sample_courses: list[Course]) -> None:
    engine = _engine(tmp_path, sample_courses)
    everything = _ids(engine, limit=10)
    assert everything == ["test:1", "test:5", "test:3", "test:2", "test:4"]
    assert _ids(engine, limit=2, offset=2) == everything[2:4]


def test_delete_and_upsert_replace(tmp_path: Path, sample_courses: list[Course]) -> None:
    engine = _engine(tmp_path, sample_courses)
    engine.delete(["test:1"])
    assert "test:1" not in _ids(engine, q="Integrationskurs")
    changed = make_course("5", "Integrationskurs am Abend")
    engine.upsert([build_document(changed)])
    assert engine.count() == 4
    assert "test:5" in _ids(engine, q="Integrationskurs")


def test_rebuild_swaps_in_a_fresh_generation(tmp_path: Path, sample_courses: list[Course]) -> None:
    engine = _engine(tmp_path, sample_courses)
    old = engine.health()["generation"]
    assert engine.rebuild(build_document(c) for c in sample_courses[:2]) == 2
    assert engine.count() == 2 and engine.health()["generation"] != old
    assert not (tmp_path / "index" / str(old)).exists()
    # a second engine object (another process) follows the pointer
    other = EmbeddedEngine(tmp_path / "index", ["en", "ar"])
    assert other.count() == 2


def test_translated_fields_are_searchable_and_boost_the_query_language(tmp_path: Path) -> None:
    course = make_course("1", "Integrationskurs")
    doc = build_document(course, translations={"en": {"title": "Integration course"}})
    engine = EmbeddedEngine(tmp_path / "index", ["en", "ar"])
    engine.upsert([doc, build_document(make_course("2", "Kochkurs"))])
    assert _ids(engine, q="integration course", lang="en") == ["test:1"]


def test_a_batch_that_fails_midway_leaves_nothing_half_written(tmp_path: Path, sample_courses: list[Course],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    engine = _engine(tmp_path, sample_courses[:1])
    convert = engine._to_tantivy
    calls = 0

    def failing(doc: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise ValueError("unconvertible document")
        return convert(doc)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "_to_tantivy", failing)
    changed = sample_courses[0].model_copy(update={"title": "Nähkurs"})
    with pytest.raises(ValueError):
        engine.upsert([build_document(c) for c in [changed, *sample_courses[1:]]])
    monkeypatch.undo()
    assert engine.count() == 1 and _ids(engine, q="Integrationskurs") == ["test:1"]  # the old state, whole
    engine.upsert([build_document(sample_courses[1])])  # the next commit does not carry the failed batch
    assert sorted(_ids(engine)) == ["test:1", "test:2"] and _ids(engine, q="Nähkurs") == []


def test_typed_word_matches_longer_words_but_reads_its_own_forms_once(tmp_path: Path) -> None:
    from service.search.embedded.query import build_plan

    courses = [make_course("a", "Sprachkurse am Abend"), make_course("b", "Sprachkursangebot für Frauen"),
               make_course("c", "Nähkurs")]
    engine = _engine(tmp_path, courses)
    assert set(_ids(engine, q="Sprachkurs")) == {"test:a", "test:b"}  # inflected form and longer word
    plan = build_plan(SearchRequest(q="Sprachkurs", lang="de"), engine.schema, engine.languages,
                      lambda field, token: 1,
                      lambda field, prefix, limit: ["sprachkurs", "sprachkurse", "sprachkursangebot"])
    text = repr(plan.query)
    assert '"sprachkursangebot"' in text  # the longer word: only the prefix way finds it
    assert '"sprachkurse"' not in text  # its plural holds the stem token: the exact way finds it already


def test_an_exact_word_ranks_above_a_glossary_expansion(tmp_path: Path) -> None:
    from service.search.base import Expansion

    courses = [make_course("expanded", "Deutschkurs am Abend", start_date=date(2026, 12, 1)),  # sooner: wins ties
               make_course("exact", "Sprachkurs am Abend", start_date=date(2027, 3, 1))]
    engine = _engine(tmp_path, courses)
    expansion = Expansion(word="sprachkurs", alternatives=("Deutschkurs",))
    assert _ids(engine, q="Sprachkurs", lang="de", expansions=(expansion,)) == ["test:exact", "test:expanded"]
    assert _ids(engine, q="Sprachkurs", lang="de") == ["test:exact"]  # the other is found only by the expansion


def test_an_expansion_is_looked_up_in_german_and_the_query_language_only(tmp_path: Path) -> None:
    """A title holds a third language's alternative only through a translation or a type label, both made
    from a concept the course uses, so the course holds the query word among its terms already."""
    from service.search.base import Expansion

    courses = [make_course("german", "Deutschkurs am Abend"), make_course("english", "Evening German class")]
    engine = _engine(tmp_path, courses)
    expansion = Expansion(word="sprachkurs", alternatives=("Deutschkurs", "class"),
                          languages=(frozenset({"de"}), frozenset({"en"})))
    assert _ids(engine, q="Sprachkurs", lang="de", expansions=(expansion,)) == ["test:german"]
    assert set(_ids(engine, q="Sprachkurs", lang="en", expansions=(expansion,))) == {"test:german", "test:english"}
    assert set(_ids(engine, q="Sprachkurs", expansions=(expansion,))) == {"test:german", "test:english"}  # unknown


def test_when_no_course_has_every_word_the_rarer_word_counts_more(tmp_path: Path) -> None:
    """"Schwimmen Deutsch": no course has both words. Six German courses start sooner than the one
    swimming course, but "Schwimmen" is the word that narrows the search down: it comes first."""
    courses = [make_course(f"d{i}", f"Deutsch B{i % 2 + 1}", start_date=date(2026, 12, 1 + i)) for i in range(6)]
    courses.append(make_course("swim", "Schwimmen für Frauen", start_date=date(2027, 5, 1)))
    engine = _engine(tmp_path, courses)
    result = engine.search(SearchRequest(q="Schwimmen Deutsch", lang="de", today=TODAY))
    assert result.matched_by == "any"
    assert [hit.id for hit in result.hits][0] == "test:swim"
    assert result.hits[0].score > result.hits[1].score


@pytest.mark.parametrize("typed", ["دورة المانية برلين", "курсы немецкого берлин", "курс німецької Берлін"])
def test_a_city_typed_in_arabic_or_cyrillic_letters_finds_the_courses_there(tmp_path: Path, typed: str) -> None:
    courses = [make_course("b", "Deutschkurs B1", city="Berlin", postal_code="10115", start_date=date(2027, 3, 1)),
               *(make_course(f"m{i}", "Deutschkurs B1", city="München", postal_code="80331",
                             start_date=date(2026, 12, 1 + i)) for i in range(5))]
    engine = EmbeddedEngine(tmp_path / "index", ["ar", "ru", "uk"])
    terms = {"ar": ["دورة لغة ألمانية"], "ru": ["курс немецкого языка"], "uk": ["курс німецької мови"]}
    engine.upsert([build_document(c, terms=terms) for c in courses])
    assert _ids(engine, q=typed)[0] == "test:b"


def test_processes_starting_together_on_an_empty_index_share_one_generation(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Both looked for CURRENT before either wrote it: the second must take the first one's
    generation, not keep an orphan of its own that never sees the other's commits."""
    first = EmbeddedEngine(tmp_path / "index", [])
    real = EmbeddedEngine._current_generation
    calls: list[int] = []

    def late(self: EmbeddedEngine) -> str | None:  # the second's first look came before the first's write
        calls.append(1)
        return None if len(calls) == 1 else real(self)

    monkeypatch.setattr(EmbeddedEngine, "_current_generation", late)
    second = EmbeddedEngine(tmp_path / "index", [])
    monkeypatch.undo()
    assert second._generation == first._generation
    assert [p.name for p in (tmp_path / "index").iterdir() if p.name.startswith("gen-")] == [first._generation]
    first.upsert([build_document(make_course("a", "Integrationskurs"))])
    assert [hit.id for hit in second.search(SearchRequest(q="Integrationskurs", today=TODAY)).hits] == ["test:a"]
