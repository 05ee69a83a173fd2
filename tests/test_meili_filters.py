"""meili_filters: hostile values cannot break out of a filter, and everything we write parses.

Offline: ``tests/meili_filter_grammar.py`` reads filters the way Meilisearch's documented grammar does.
"""

from __future__ import annotations

import random
from datetime import date

import pytest

from service.courses import CourseType, Schedule
from service.errors import InvalidInput
from service.search import meili_filters as mf
from service.search.base import GeoFilter, SearchRequest
from tests.meili_filter_grammar import FilterSyntaxError, parse_filter, parse_sort

HOSTILE = [
    'x" OR course_type = "y',
    '") OR (course_type = "other',
    "\\",
    '\\"',
    'a\\\\"b',
    '\\" OR 1 = 1 OR \\"',
    "'",
    '"',
    '""',
    "AND", "OR", "NOT", "TO", "IN", "EXISTS", "IS NULL", "_geoRadius(1, 2, 3)", "_geoPoint(1, 2)",
    "[a, b]", "a, b]", "(", ")", "a = b", "x NOT IN [y]",
    "\\u{41}", "\\n", "\\x41", "\\'",
    "Integrationskurs für Frauen",
    "دورة اللغة",
    "курс \"B1\"",
    "emoji 🎓 \\ \"",
    "",
    " leading and trailing ",
    "z" * mf.MAX_VALUE_CHARS,
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_value_reads_back_as_one_equality(value: str) -> None:
    assert parse_filter(mf.equals("course_type", value)) == ("cmp", "course_type", "=", value)


def test_hostile_values_in_a_list_stay_values() -> None:
    tree = parse_filter(mf.one_of("schedule", HOSTILE))
    assert tree == ("in", "schedule", tuple(dict.fromkeys(HOSTILE)))


def test_naive_quoting_would_break_out_and_the_grammar_notices() -> None:
    # What the escaping protects against: the same value pasted between quotes adds a condition.
    hostile = 'x" OR course_type = "y'
    naive = parse_filter(f'course_type = "{hostile}"')
    assert naive is not None and naive[0] == "or"
    assert parse_filter(mf.equals("course_type", hostile)) == ("cmp", "course_type", "=", hostile)


def test_random_hostile_values_round_trip() -> None:
    rng = random.Random(20261122)
    alphabet = list('\\"\' ()[],=!<>:_-.') + ["AND", "OR", "NOT", "TO", "IN", "ä", "ب", "\u200c", "x", "7"]
    for _ in range(2000):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))[: mf.MAX_VALUE_CHARS]
        assert parse_filter(mf.equals("source", value)) == ("cmp", "source", "=", value)


def test_values_that_cannot_be_meant_are_refused_clearly() -> None:
    with pytest.raises(InvalidInput, match="longer than 200"):
        mf.quote("a" * (mf.MAX_VALUE_CHARS + 1))
    with pytest.raises(InvalidInput, match="control characters"):
        mf.quote("morning\x00")
    with pytest.raises(InvalidInput, match="control characters"):
        mf.quote("line\nbreak")
    with pytest.raises(InvalidInput, match="at most 50"):
        mf.one_of("schedule", [f"v{i}" for i in range(mf.MAX_IN_VALUES + 1)])
    with pytest.raises(InvalidInput, match="finite"):
        mf.number(float("nan"))
    with pytest.raises(InvalidInput):
        mf.geo_radius(48.1, 11.5, float("inf"))
    with pytest.raises(InvalidInput):
        mf.geo_radius(91.0, 11.5, 1000)


def test_attribute_names_are_checked() -> None:
    for bad in ("AND", "_geo", "a b", "x)", ""):
        with pytest.raises(ValueError):
            mf.attribute(bad)


def test_numbers_and_ranges() -> None:
    assert parse_filter(mf.between("start", 20261201, 20270131)) == ("to", "start", "20261201", "20270131")
    assert parse_filter(mf.at_least("free_seats", 1)) == ("cmp", "free_seats", ">=", "1")
    assert mf.number(2.5) == "2.5" and mf.number(3.0) == "3"
    assert parse_filter(mf.geo_radius(48.365, 10.895, 12500)) == ("geo_radius", 48.365, 10.895, 12500.0)


def _random_request(rng: random.Random) -> SearchRequest:
    types = [t.value for t in CourseType]
    schedules = [s.value for s in Schedule]
    lat, lon = rng.uniform(47.2, 55.1), rng.uniform(5.8, 15.1)
    return SearchRequest(
        course_types=tuple(rng.sample(types, rng.randint(0, 3))),
        geo=GeoFilter(lat, lon, rng.choice([0.5, 5, 10, 37.5, 500]), {}) if rng.random() < 0.5 else None,
        start_from=date(2026, rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.4 else None,
        start_to=date(2027, rng.randint(1, 12), rng.randint(1, 28)) if rng.random() < 0.4 else None,
        free_seats=rng.random() < 0.3,
        childcare=rng.choice([None, True, False]),
        barrier_free=rng.choice([None, True, False]),
        schedule=tuple(rng.sample(schedules, rng.randint(0, 2))),
    )


def _conditions(tree: object) -> list[object]:
    if tree is None:
        return []
    assert isinstance(tree, tuple)
    return list(tree[1]) if tree[0] == "and" else [tree]


def test_every_generated_request_filter_is_valid_and_means_what_was_asked() -> None:
    rng = random.Random(7)
    for _ in range(1500):
        request = _random_request(rng)
        for with_types in (True, False):
            text = mf.request_filter(request, with_types=with_types)
            conditions = _conditions(parse_filter(text) if text else None)
            expected = sum([bool(with_types and request.course_types), request.geo is not None,
                            bool(request.start_from or request.start_to), request.free_seats,
                            request.childcare is not None, request.barrier_free is not None,
                            bool(request.schedule)])
            assert len(conditions) == expected, text
            types = [c for c in conditions if isinstance(c, tuple) and c[:2] == ("in", "course_type")]
            assert types == ([("in", "course_type", tuple(request.course_types))]
                             if with_types and request.course_types else [])
            if request.geo is not None:
                geo = next(c for c in conditions if isinstance(c, tuple) and c[0] == "geo_radius")
                assert geo[3] == pytest.approx(request.geo.radius_km * 1000)
            if request.childcare is not None:
                assert ("cmp", "childcare", "=", "yes" if request.childcare else "no") in conditions


def test_open_date_ranges_use_the_embedded_bounds() -> None:
    only_from = mf.request_filter(SearchRequest(start_from=date(2026, 12, 1)))
    assert parse_filter(only_from or "") == ("to", "start", "20261201", str(mf.LAST_DAY))
    only_to = mf.request_filter(SearchRequest(start_to=date(2027, 1, 31)))
    assert parse_filter(only_to or "") == ("to", "start", "0", "20270131")


def test_no_condition_means_no_filter() -> None:
    assert mf.request_filter(SearchRequest()) is None
    assert mf.request_filter(SearchRequest(course_types=("job_german",)), with_types=False) is None


def test_sorts_are_valid() -> None:
    rng = random.Random(3)
    assert parse_sort(mf.ascending("start")) == ("asc", "start")
    for _ in range(500):
        lat, lon = rng.uniform(-90, 90), rng.uniform(-180, 180)
        direction, point = parse_sort(mf.nearest_first(lat, lon))
        assert direction == "asc"
        assert point == (pytest.approx(lat, abs=1e-6), pytest.approx(lon, abs=1e-6))


# The reader itself, on examples from Meilisearch's own parser tests -----------------------------
@pytest.mark.parametrize("text", [
    "channel = Ponce", "subscribers 100 TO 1000", "colour NOT IN[green,blue]",
    " colour IN [  green , blue , ]",
    "NOT NOT NOT NOT x = 5", "(genres = horror OR genres = comedy) AND release_date > 795484800",
    "subscribers IS NOT NULL", "subscribers NOT EXISTS", "_geoRadius(12, 13, 14)", "'dog race' = Borzoi",
    "title = 'foo\\\\'", "colour IN[]",
])
def test_the_reader_accepts_documented_examples(text: str) -> None:
    assert parse_filter(text) is not None


@pytest.mark.parametrize("text", [
    "channel = AND", "channel = 'unclosed", "channel = \"a\\", "_geoPoint(12, 13)", "x = _geoRadius(1, 2, 3)",
    "channel =", "(channel = a", "channel = a OR", "x = 'a\\q'", "colour IN [green", "a b c",
])
def test_the_reader_refuses_what_meilisearch_refuses(text: str) -> None:
    with pytest.raises(FilterSyntaxError):
        parse_filter(text)


@pytest.mark.parametrize("text", ["start", "start:up", "_geoPoint(91, 0):asc", "_geo:asc",
                                  "_geoPoint(1):asc"])
def test_the_reader_refuses_bad_sorts(text: str) -> None:
    with pytest.raises(FilterSyntaxError):
        parse_sort(text)
