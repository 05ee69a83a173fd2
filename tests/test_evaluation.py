"""The search-quality harness: metrics on hand-computed examples, the query format, a run on a small
catalog, the CLI, and the development set's numbers against the recorded floors."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from service.cli import app
from service.config import Settings
from service.courses import Course, CourseType, Schedule
from service.errors import InvalidInput
from service.evaluation.harness import EvalReport, IdealRanking, run_queries, same_language
from service.evaluation.metrics import Scores, dcg, ndcg_at, reciprocal_rank, success_at
from service.evaluation.queries import Filters, load_queries, parse_expected, parse_filters, parse_lines
from service.evaluation.setups import DEMO_TODAY, active_courses, german_only_search, load_demo_catalog
from service.runtime import Runtime, build_runtime
from service.search.service import SearchParams
from tests.conftest import TODAY, VHS_SAMPLE, make_course

DATA = Path(__file__).parent / "data"
DEV_SET = DATA / "dev_queries.tsv"
FLOORS = DATA / "eval_floors.json"
DEFAULT_LANGUAGES = ("de", "en", "ar", "fa", "prs", "ps", "uk", "ru", "tr", "kmr", "ckb", "ti", "so", "fr",
                     "es", "ro", "pl", "bg", "sq", "it", "el")  # fmt: skip


# Metrics ----------------------------------------------------------------------------------------
def test_success_and_reciprocal_rank_count_the_first_relevant_hit_within_ten() -> None:
    assert success_at([0, 0, 1]) == 1.0 and reciprocal_rank([0, 0, 1]) == pytest.approx(1 / 3)
    assert success_at([2]) == 1.0 and reciprocal_rank([2, 1]) == 1.0
    late = [0] * 10 + [2]  # rank 11 is outside the cut-off
    assert success_at(late) == 0.0 and reciprocal_rank(late) == 0.0
    assert success_at([]) == 0.0 and reciprocal_rank([]) == 0.0


def test_ndcg_uses_graded_gains_against_the_ideal_ranking() -> None:
    # DCG of [1, 2]: (2^1-1)/log2(2) + (2^2-1)/log2(3) = 1 + 3/1.58496 = 2.89279
    assert dcg([1, 2]) == pytest.approx(1 + 3 / math.log2(3))
    # ideal [2, 1]: 3 + 1/log2(3) = 3.63093 -> nDCG 2.89279 / 3.63093 = 0.79671
    assert ndcg_at([1, 2], [1, 2]) == pytest.approx((1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3)))
    assert ndcg_at([2, 1, 0], [2, 1]) == pytest.approx(1.0)
    assert ndcg_at([0, 0], []) == 0.0  # nothing relevant exists: no credit, no division by zero


def test_scores_are_means_over_queries() -> None:
    scores = Scores.of([(1.0, 1.0, 1.0), (1.0, 0.5, 0.6), (0.0, 0.0, 0.0)])
    assert (scores.queries, scores.success, scores.mrr) == (3, pytest.approx(2 / 3), pytest.approx(0.5))
    assert scores.ndcg == pytest.approx(1.6 / 3)
    assert Scores.of([]).queries == 0


# The query format -------------------------------------------------------------------------------
def test_ids_grade_two_types_grade_one_and_conditions_restrict_types() -> None:
    judged = parse_expected("demo:7 type:german_course level:a1 schedule:evening")
    evening_a1 = make_course("1", "Deutsch A1", course_type=CourseType.GERMAN_COURSE, level="A1",
                             schedule=[Schedule.EVENING])
    morning_a1 = make_course("2", "Deutsch A1", course_type=CourseType.GERMAN_COURSE, level="A1",
                             schedule=[Schedule.MORNING])
    named = make_course("7", "Excel", source="demo", course_type=CourseType.OTHER)
    assert [judged.grade(c) for c in (evening_a1, morning_a1, named)] == [1, 0, 2]


def test_city_and_childcare_conditions() -> None:
    judged = parse_expected("type:integration_general,city:Frankfurt_am_Main,childcare:true")
    course = make_course("1", "IK", course_type=CourseType.INTEGRATION_GENERAL, city="Frankfurt am Main",
                         childcare=True)
    assert judged.grade(course) == 1
    assert judged.grade(course.model_copy(update={"childcare": None})) == 0
    assert judged.grade(course.model_copy(update={"city": "Berlin"})) == 0


@pytest.mark.parametrize("expected, message", [
    ("", "names no course id"), ("type:nonsense", "unknown course type"), ("level:A1", "need a type"),
    ("type:other schedule:night", "unknown schedule"), ("justaword", "neither source:id"),
])
def test_bad_expected_items_are_refused(expected: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_expected(expected)


def test_filters_parse_to_typed_values_and_judge_courses() -> None:
    filters = parse_filters("plz=86150&radius_km=25&childcare=true&schedule=evening&schedule=weekend")
    assert filters == Filters(plz="86150", radius_km=25.0, childcare=True, schedule=("evening", "weekend"))
    codes = filters.postal_codes()
    assert codes is not None and "86150" in codes and "10115" not in codes
    near = make_course("1", "x", postal_code="86153", childcare=True, schedule=[Schedule.WEEKEND])
    assert filters.admits(near, codes)
    assert not filters.admits(near.model_copy(update={"postal_code": "10115"}), codes)
    assert not filters.admits(near.model_copy(update={"childcare": None}), codes)
    later = parse_filters("course_type=german_course&start_from=2027-01-01&free_seats=true")
    german = make_course("2", "Deutsch", course_type=CourseType.GERMAN_COURSE, start_date=date(2027, 2, 1),
                         free_seats=2)
    assert later.admits(german)
    assert not later.admits(german.model_copy(update={"start_date": date(2026, 12, 1)}))
    assert not later.admits(german.model_copy(update={"free_seats": 0}))
    assert not later.admits(german.model_copy(update={"course_type": CourseType.OTHER}))
    with pytest.raises(ValueError, match="unknown filter"):
        parse_filters("provider=vhs")
    with pytest.raises(ValueError, match="needs plz"):
        parse_filters("radius_km=5")


def test_lines_skip_comments_and_header_and_name_the_bad_line() -> None:
    lines = ["# a comment", "query\tlang\texpected\tfilters\ttags", "",
             "Deutschkurs\tde\ttype:german_course\t\tcolloquial",
             "دويتش كورس\tAR\ttype:german_course\t\tambiguous"]
    queries = parse_lines(lines)
    assert [(q.line, q.lang, q.words, q.detectable) for q in queries] == [(4, "de", 1, True),
                                                                           (5, "ar", 2, False)]
    with pytest.raises(InvalidInput, match=r"x.tsv:2: unknown course type"):
        parse_lines(["ok\tde\ttype:other", "bad\tde\ttype:nope"], name="x.tsv")
    with pytest.raises(InvalidInput, match="needs query, lang and expected"):
        parse_lines(["only a query"])


def test_the_development_set_meets_the_issue_s_shape() -> None:
    queries = load_queries(DEV_SET)
    per_language: dict[str, int] = {}
    for q in queries:
        per_language[q.lang] = per_language.get(q.lang, 0) + 1
    assert len(queries) >= 400
    assert set(per_language) <= set(DEFAULT_LANGUAGES)
    assert sum(1 for n in per_language.values() if n >= 20) >= 15
    tags = {tag for q in queries for tag in q.tags}
    assert {"typo", "translit", "plural", "colloquial", "filter"} <= tags
    assert all(1 <= q.words <= 4 for q in queries)  # as people type on a phone


def test_the_held_out_set_parses_and_covers_every_default_language() -> None:
    """Measured on, never tuned against (tests/data/README.md); only its shape is checked here."""
    queries = load_queries(DATA / "heldout_queries.tsv")
    per_language: dict[str, int] = {}
    for q in queries:
        per_language[q.lang] = per_language.get(q.lang, 0) + 1
    assert len(queries) >= 200 and set(per_language) == set(DEFAULT_LANGUAGES)
    assert min(per_language.values()) >= 10
    assert all(1 <= q.words <= 4 for q in queries)
    assert not {q.query for q in queries} & {q.query for q in load_queries(DEV_SET)}  # no query of the dev set


def test_fa_and_prs_count_as_one_written_language() -> None:
    assert same_language("fa", "prs") and same_language("prs", "prs") and not same_language("ar", "fa")
    assert not same_language(None, "de")


# A run on a small catalog -----------------------------------------------------------------------
@pytest.fixture
def small_runtime(runtime: Runtime, sample_courses: list[Course]) -> Runtime:
    for course in sample_courses:
        runtime.catalog.upsert_one(course)
    runtime.indexer.drain()
    return runtime


def test_run_grades_hits_and_ranks_the_worst_first(small_runtime: Runtime) -> None:
    queries = parse_lines(["Integrationskurs\tde\ttest:1 type:integration_general",
                           "Excel\tde\ttype:german_course",
                           "Sprachkurs\tde\ttype:german_course\tplz=86150&radius_km=10"])
    report = run_queries(small_runtime.search, queries, active_courses(small_runtime.store), today=TODAY)
    first, excel, near = report.results
    assert first.grades[0] == 2 and first.reciprocal_rank == 1.0 and first.ideal == (2,)
    assert excel.success == 0.0 and excel.ideal == (1,)  # a German course exists; "Excel" does not find it
    assert near.first_relevant == 1 and near.ideal == (1,)  # the Augsburg A1 course, inside the radius
    assert [r.query.line for r in report.worst(5)] == [2]
    assert report.overall.success == pytest.approx(2 / 3)
    detection = report.detection()
    assert detection is not None and detection.total == 3


def test_passing_the_language_skips_detection(small_runtime: Runtime) -> None:
    queries = parse_lines(["Integrationskurs\tde\ttype:integration_general"])
    report = run_queries(small_runtime.search, queries, active_courses(small_runtime.store), pass_lang=True,
                         today=TODAY)
    assert report.detection() is None and report.results[0].success == 1.0


def test_ideal_ranking_respects_filters(sample_courses: list[Course]) -> None:
    ideal = IdealRanking(sample_courses)
    [query] = parse_lines(["x\tde\ttype:german_course type:integration_general\tchildcare=true"])
    assert ideal.grades(query) == (1,) and ideal.count(query) == 1


def test_german_only_baseline_indexes_german_fields_only(small_runtime: Runtime, tmp_path: Path) -> None:
    with german_only_search(small_runtime.store, tmp_path / "baseline") as search:
        assert search.languages == ["de"]
        outcome = search.search(SearchParams(q="Integrationskurs", today=TODAY))
        assert [h.id for h in outcome.result.hits][:1] == ["test:1"]
    assert small_runtime.store.get_meta("index.rebuild_in_progress") is None  # the real index was not touched


def test_cli_eval_prints_json(tmp_path: Path) -> None:
    env = {"KURSFINDER_DATA_DIR": str(tmp_path / "data"), "KURSFINDER_TARGET_LANGUAGES": "en,ar"}
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(VHS_SAMPLE)], env=env).exit_code == 0
    queries = tmp_path / "q.tsv"
    queries.write_text("Einbürgerungstest\tde\tvhs-berlin:561075 type:test_preparation\n"
                       "Englisch C1\tde\tvhs-berlin:559437\n", encoding="utf-8")
    args = ["eval", str(queries), "--json", "--baseline", "--today", "2020-05-01"]
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["overall"]["queries"] == 2 and data["overall"]["success_at_10"] == 1.0
    assert data["baseline"]["overall"]["success_at_10"] == 1.0
    assert set(data["per_language"]) == {"de"}


def test_cli_eval_on_an_empty_store_points_to_demo(tmp_path: Path) -> None:
    queries = tmp_path / "q.tsv"
    queries.write_text("Deutschkurs\tde\ttype:german_course\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(queries)], env={"KURSFINDER_DATA_DIR": str(tmp_path / "d")})
    assert result.exit_code == 1 and "--demo" in result.output


def test_cli_eval_names_a_bad_line(tmp_path: Path) -> None:
    queries = tmp_path / "q.tsv"
    queries.write_text("x\tde\ttype:nope\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(queries)], env={"KURSFINDER_DATA_DIR": str(tmp_path / "d")})
    assert result.exit_code == 1 and "q.tsv:1" in result.output


# The development set against its floors ---------------------------------------------------------
@pytest.fixture(scope="module")
def demo_runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("eval") / "data")
    runtime = build_runtime(settings)
    load_demo_catalog(runtime)
    yield runtime
    runtime.close()


@pytest.fixture(scope="module")
def dev_report(demo_runtime: Runtime) -> EvalReport:
    return run_queries(demo_runtime.search, load_queries(DEV_SET), active_courses(demo_runtime.store),
                       today=DEMO_TODAY)


def _floors() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FLOORS.read_text(encoding="utf-8"))
    return data


def test_dev_set_overall_numbers_do_not_fall_below_the_floors(dev_report: EvalReport) -> None:
    overall = dev_report.overall.as_dict()
    fallen = {k: (overall[k], floor) for k, floor in _floors()["overall"].items() if overall[k] < floor}
    assert not fallen, fallen


def test_dev_set_per_language_numbers_do_not_fall_below_the_floors(dev_report: EvalReport) -> None:
    floors = _floors()["per_language"]
    per_language = {lang: s.as_dict() for lang, s in dev_report.per_language().items()}
    fallen = {lang: {k: (per_language[lang][k], floor) for k, floor in metric.items()
                     if per_language[lang][k] < floor}
              for lang, metric in floors.items()}
    assert not {lang: f for lang, f in fallen.items() if f}, fallen


def test_dev_set_detection_does_not_fall_below_the_floor(dev_report: EvalReport) -> None:
    detection = dev_report.detection()
    assert detection is not None
    assert detection.short_accuracy >= _floors()["detection"]["short_accuracy"]
