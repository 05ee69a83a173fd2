"""MeilisearchEngine against a fake Meilisearch on 127.0.0.1 (``fake_meili`` in conftest_meili.py).

What this proves: the engine speaks the documented API (indexes, settings, documents, task API,
swaps, multi-search) and never ignores a failure - unreachable server, HTTP 502, failed, canceled
or stuck tasks all become ``EngineUnavailable`` with Meilisearch's own message. What it cannot prove
is relevance: the fake does not search. That is the engine suite's job (tests/test_engine_suite.py)
against a real Meilisearch.
"""

from __future__ import annotations

import logging
import socket
import time
from datetime import date
from typing import Any

import pytest

from service.config import EngineName, Settings
from service.courses import CourseType
from service.errors import EngineUnavailable, InvalidInput
from service.search import meili_settings as ms
from service.search.base import Expansion, GeoFilter, SearchRequest, SortOrder
from service.search.documents import SearchDocument, build_document
from service.search.meili import EngineTaskFailed, MeilisearchEngine
from tests.conftest import TODAY, make_course
from tests.conftest_meili import FakeMeili

LANGS = ["en", "ar"]


def _engine(fake: FakeMeili, **kwargs: Any) -> MeilisearchEngine:
    # A small synonym source keeps these tests quick; the runtime test below uses the live glossary.
    options: dict[str, Any] = {
        "task_timeout_s": 2.0,
        "synonym_groups": lambda langs: [["kita", "kinderbetreuung"]],
        **kwargs,
    }
    return MeilisearchEngine(fake.url, "master-key-for-tests", "courses", LANGS, **options)


def _docs(n: int = 3, prefix: str = "Kurs") -> list[SearchDocument]:
    return [
        build_document(
            make_course(str(i), f"{prefix} {i}", postal_code="86150", start_date=date(2026, 12, i % 28 + 1))
        )
        for i in range(n)
    ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# Index and settings ------------------------------------------------------------------------------
def test_prepare_creates_the_index_with_our_key_and_settings_once(fake_meili: FakeMeili) -> None:
    engine = _engine(fake_meili)
    engine.prepare()
    index = fake_meili.indexes["courses"]
    assert index.primary_key == ms.PRIMARY_KEY
    assert index.settings == engine.wanted_settings()
    patches = len(fake_meili.calls("PATCH"))
    engine.prepare()  # idempotent: nothing differs, nothing is sent
    assert len(fake_meili.calls("PATCH")) == patches == 1
    assert fake_meili.calls("POST", "indexes") == [
        ("POST", "indexes", {"uid": "courses", "primaryKey": "key"})
    ]


def test_only_changed_settings_are_patched(fake_meili: FakeMeili) -> None:
    engine = _engine(fake_meili, synonym_groups=lambda langs: [["Kita", "Kinderbetreuung"]])
    engine.prepare()
    fake_meili.indexes["courses"].settings["synonyms"] = {}
    fake_meili.indexes["courses"].settings["stopWords"] = ["zu"]
    assert engine.apply_settings() == ["stopWords", "synonyms"]
    assert set(fake_meili.calls("PATCH")[-1][2]) == {"stopWords", "synonyms"}


def test_a_failed_settings_task_is_surfaced(fake_meili: FakeMeili) -> None:
    engine = _engine(fake_meili)
    fake_meili.fail_tasks.extend(
        [
            None,
            {
                "code": "invalid_settings_filterable_attributes",
                "message": "Unknown field `facetSearch`",
                "type": "invalid_request",
            },
        ]
    )
    with pytest.raises(EngineTaskFailed, match="invalid_settings_filterable_attributes: Unknown field"):
        engine.prepare()


# Writing -----------------------------------------------------------------------------------------
def test_upsert_sends_documents_and_waits_for_the_task(fake_meili: FakeMeili) -> None:
    engine = _engine(fake_meili)
    engine.upsert(_docs(3))
    stored = fake_meili.indexes["courses"].documents
    assert len(stored) == 3 == engine.count()
    doc = stored[ms.document_key("test:1")]
    assert doc["id"] == "test:1" and doc["title_de"] == "Kurs 1" and doc["start"] == 20261202
    adds = fake_meili.calls("POST", "indexes/courses/documents")
    assert adds and all(body and len(body) <= 500 for _, _, body in adds)
    assert any(path.startswith("tasks/") for _, path, _ in fake_meili.calls("GET"))


def test_upsert_replaces_and_delete_removes(fake_meili: FakeMeili) -> None:
    engine = _engine(fake_meili)
    engine.upsert(_docs(3))
    engine.upsert(_docs(1, prefix="Neu"))
    engine.delete(["test:2", "test:unknown"])
    stored = fake_meili.indexes["courses"].documents
    assert sorted(d["title_de"] for d in stored.values()) == ["Kurs 1", "Neu 0"]


def test_a_failed_document_task_raises_with_meilisearchs_message(fake_meili: FakeMeili) -> None:
    engine = _engine(fake_meili)
    engine.prepare()
    fake_meili.fail_tasks.append(
        {
            "code": "invalid_document_geo_field",
            "message": "The `_geo` field is invalid",
            "type": "invalid_request",
            "link": "https://docs.meilisearch.com/errors",
        }
    )
    with pytest.raises(EngineTaskFailed) as caught:
        engine.upsert(_docs(1))
    assert "invalid_document_geo_field: The `_geo` field is invalid" in caught.value.message
    assert caught.value.details["status"] == "failed"  # type: ignore[index]
    assert isinstance(caught.value, EngineUnavailable)  # the outbox keeps the entries


def test_http_502_is_engine_unavailable(fake_meili: FakeMeili) -> None:
    engine = _engine(fake_meili)
    engine.prepare()
    fake_meili.http_errors.append(502)
    with pytest.raises(EngineUnavailable, match="HTTP 502.*Bad Gateway"):
        engine.upsert(_docs(1))


def test_a_task_that_never_finishes_times_out(fake_meili: FakeMeili) -> None:
    engine = _engine(fake_meili, task_timeout_s=0.3)
    engine.prepare()
    fake_meili.stuck_tasks = True
    with pytest.raises(EngineUnavailable, match="still processing after 0.3 s; it will be retried"):
        engine.upsert(_docs(1))


def test_an_unreachable_server_is_engine_unavailable() -> None:
    engine = MeilisearchEngine(f"http://127.0.0.1:{_free_port()}", None, "courses", LANGS, http_timeout_s=2)
    with pytest.raises(EngineUnavailable, match="unreachable"):
        engine.upsert(_docs(1))
    with pytest.raises(EngineUnavailable, match="unreachable"):
        engine.search(SearchRequest(q="Kurs"))
    health = engine.health()
    assert health["status"] == "unreachable" and "unreachable" in str(health["error"])


# Rebuild -----------------------------------------------------------------------------------------
def test_rebuild_fills_a_fresh_index_and_swaps_it_in(fake_meili: FakeMeili) -> None:
    engine = _engine(fake_meili)
    engine.upsert(_docs(2, prefix="Alt"))
    fake_meili.indexes["courses_rebuild_1"] = ms_index = type(fake_meili.indexes["courses"])(
        "courses_rebuild_1", "key"
    )
    assert ms_index.uid == "courses_rebuild_1"  # a crashed rebuild left this behind
    seen: list[int] = []
    count = engine.rebuild(iter(_docs(1201, prefix="Neu")), progress=seen.append)
    assert count == 1201 and sum(seen) == 1201
    assert list(fake_meili.indexes) == ["courses"]  # the old data and the stale rebuild are gone
    live = fake_meili.indexes["courses"]
    assert len(live.documents) == 1201 and all(
        d["title_de"].startswith("Neu") for d in live.documents.values()
    )
    assert live.settings == engine.wanted_settings()
    swaps = fake_meili.calls("POST", "swap-indexes")
    assert len(swaps) == 1 and swaps[0][2][0]["indexes"][0] == "courses"
    assert swaps[0][2][0]["indexes"][1].startswith("courses_rebuild_")


def test_a_failing_rebuild_leaves_the_live_index_untouched(fake_meili: FakeMeili) -> None:
    engine = _engine(fake_meili)
    engine.upsert(_docs(2, prefix="Alt"))
    fake_meili.fail_tasks.extend([None, None, {"code": "internal", "message": "disk full"}])
    with pytest.raises(EngineTaskFailed, match="disk full"):
        engine.rebuild(iter(_docs(3, prefix="Neu")))
    assert list(fake_meili.indexes) == ["courses"]
    assert sorted(d["title_de"] for d in fake_meili.indexes["courses"].documents.values()) == [
        "Alt 0",
        "Alt 1",
    ]


# Searching ---------------------------------------------------------------------------------------
def _single(hits: list[dict[str, Any]], total: int, facets: dict[str, int]) -> Any:
    def answer(body: dict[str, Any]) -> dict[str, Any]:
        results = [
            {
                "indexUid": "courses",
                "hits": hits,
                "totalHits": total,
                "facetDistribution": {"course_type": facets},
            }
        ]
        return {"results": results * len(body["queries"])}

    return answer


def test_browse_is_one_plain_query_sorted_by_start(fake_meili: FakeMeili) -> None:
    engine = _engine(fake_meili)
    hits = [{"id": "test:1", "start": 20261201, "_geo": {"lat": 48.3668, "lng": 10.8986}}]
    fake_meili.search = _single(hits, 1, {"german_course": 1})
    result = engine.search(SearchRequest(childcare=True, limit=10, offset=0))
    ((_, _, body),) = fake_meili.calls("POST", "multi-search")
    assert "federation" not in body or body["federation"] is None
    (query,) = body["queries"]
    assert query["sort"] == ["start:asc"] and query["filter"] == '(childcare = "yes")'
    assert query["page"] == 1 and query["hitsPerPage"] == 10 and query["facets"] == ["course_type"]
    assert result.matched_by == "filters" and result.total == 1
    assert [h.id for h in result.hits] == ["test:1"] and result.facets == {
        "course_type": {"german_course": 1}
    }


def test_a_type_filter_asks_for_facets_without_it(fake_meili: FakeMeili) -> None:
    engine = _engine(fake_meili)
    fake_meili.search = _single([], 0, {"job_german": 4, "german_course": 2})
    result = engine.search(SearchRequest(course_types=(CourseType.JOB_GERMAN.value,)))
    ((_, _, body),) = fake_meili.calls("POST", "multi-search")
    main, facets = body["queries"]
    assert "course_type" in main["filter"] and "filter" not in facets and facets["limit"] == 0
    assert result.facets["course_type"] == {"job_german": 4, "german_course": 2}


def test_a_text_query_is_federated_with_boost_analysis_and_expansions(fake_meili: FakeMeili) -> None:
    engine = _engine(fake_meili)
    answers = iter(
        [
            {
                "hits": [],
                "estimatedTotalHits": 0,
                "facetsByIndex": {"courses": {"distribution": {"course_type": {}}}},
            },
            {
                "hits": [
                    {"id": "test:2", "start": 20270301, "_federation": {"weightedRankingScore": 0.9}},
                    {"id": "test:1", "start": 20261201, "_federation": {"weightedRankingScore": 0.9}},
                    {"id": "test:3", "start": 20261125, "_federation": {"weightedRankingScore": 0.95}},
                ],
                "estimatedTotalHits": 3,
                "facetsByIndex": {"courses": {"distribution": {"course_type": {"german_course": 3}}}},
            },
        ]
    )
    fake_meili.search = lambda body: next(answers)
    request = SearchRequest(
        q="Sprachkurse Quantenphysik",
        lang="ar",
        today=TODAY,
        expansions=(Expansion("sprachkurse", ("Deutschkurs",)),),
    )
    result = engine.search(request)
    first, fallback = (body for _, _, body in fake_meili.calls("POST", "multi-search"))
    assert first["federation"]["facetsByIndex"] == {"courses": ["course_type"]}
    weights = {
        (q["q"], tuple(q.get("attributesToSearchOn", ()))): q["federationOptions"]["weight"]
        for q in first["queries"]
    }
    assert weights[("Sprachkurse Quantenphysik", ())] == 1.0
    assert weights[("Sprachkurse Quantenphysik", ("title_ar", "type_ar", "terms_ar", "body_ar"))] == 1.1
    assert weights[("sprachkurs quantenphysik", ("analysed",))] == 0.9
    assert weights[("sprach kurs quantenphysik", ("analysed",))] == 0.8
    assert weights[("deutschkurs quantenphysik", ("analysed",))] == 0.8
    assert all(q["matchingStrategy"] == "all" and "sort" not in q for q in first["queries"])
    assert {q["q"] for q in fallback["queries"]} >= {"Sprachkurse", "Quantenphysik", "sprachkurs"}
    assert result.matched_by == "any" and result.total == 3
    # Best score first; equal scores: the course starting soonest after "today" first.
    assert [h.id for h in result.hits] == ["test:3", "test:1", "test:2"]


def test_distance_sort_and_distances_from_the_plz_centroid(fake_meili: FakeMeili) -> None:
    engine = _engine(fake_meili)
    hits = [{"id": "test:1", "start": 20261201, "_geo": {"lat": 48.3668, "lng": 10.8986}}]
    fake_meili.search = _single(hits, 1, {})
    request = SearchRequest(geo=GeoFilter(48.3668, 10.8986, 25, {}), sort=SortOrder.DISTANCE)
    result = engine.search(request)
    ((_, _, body),) = fake_meili.calls("POST", "multi-search")
    assert body["queries"][0]["sort"] == ["_geoPoint(48.366800, 10.898600):asc", "start:asc"]
    assert body["queries"][0]["filter"] == "(_geoRadius(48.366800, 10.898600, 25000))"
    assert result.hits[0].distance_km == pytest.approx(0.0)


def test_search_errors_are_surfaced(fake_meili: FakeMeili) -> None:
    engine = _engine(fake_meili)

    def refuse(body: dict[str, Any]) -> Any:
        raise AssertionError("not reached")

    fake_meili.http_errors.append(503)
    with pytest.raises(EngineUnavailable, match="HTTP 503"):
        engine.search(SearchRequest(q="Kurs"))
    fake_meili.search = refuse
    fake_meili.http_errors.append(502)
    with pytest.raises(EngineUnavailable):
        engine.search(SearchRequest())


# Health and wiring -------------------------------------------------------------------------------
def test_health_reports_version_documents_tasks_and_settings(fake_meili: FakeMeili) -> None:
    engine = _engine(fake_meili)
    assert engine.health()["status"] == "degraded"  # no index yet
    engine.upsert(_docs(2))
    fake_meili.fail_tasks.append({"code": "invalid_document_id", "message": "bad id"})
    with pytest.raises(EngineTaskFailed):
        engine.upsert(_docs(1))
    health = engine.health()
    assert health["status"] == "ok" and health["version"] == "1.41.0" and health["documents"] == 2
    assert health["failed_tasks"] == 1 and health["pending_tasks"] == 0
    assert health["database_size_bytes"] == 8192
    assert health["last_failed_task"]["error"]["message"] == "bad id"  # type: ignore[index]
    fake_meili.indexes["courses"].settings["rankingRules"] = ["words"]
    assert engine.health()["status"] == "ok"  # settings are compared every few minutes, not per probe
    assert engine.outdated_settings(max_age_s=0) == ["rankingRules"]
    health = engine.health()
    assert health["status"] == "degraded" and health["settings"] == {
        "current": False,
        "outdated": ["rankingRules"],
    }


def test_from_settings_sends_nothing_and_needs_a_url(fake_meili: FakeMeili, tmp_path: Any) -> None:
    settings = Settings(
        data_dir=tmp_path,
        engine=EngineName.MEILISEARCH,
        meili_url=fake_meili.url,
        meili_key="a-meili-master-key-long-enough",
        meili_index="kurse",
        target_languages=["uk"],
    )
    engine = MeilisearchEngine.from_settings(settings)
    assert engine.languages == ("de", "uk") and engine.index_uid == "kurse" and fake_meili.requests == []
    with pytest.raises(InvalidInput, match="KURSFINDER_MEILI_URL"):
        MeilisearchEngine.from_settings(Settings(data_dir=tmp_path, engine=EngineName.MEILISEARCH))


def test_the_runtime_applies_glossary_synonyms_at_start_and_after_each_change(
    fake_meili: FakeMeili, tmp_path: Any
) -> None:
    from service.runtime import build_runtime

    settings = Settings(
        data_dir=tmp_path,
        engine=EngineName.MEILISEARCH,
        meili_url=fake_meili.url,
        meili_key="a-meili-master-key-long-enough",
        target_languages=["en", "ar"],
    )
    runtime = build_runtime(settings)
    try:
        synonyms = fake_meili.indexes["courses"].settings["synonyms"]
        assert synonyms and all(term == term.lower() for term in synonyms)  # the live (seeded) glossary
        key = next(iter(runtime.glossary.service.glossary())).key  # type: ignore[union-attr]
        runtime.glossary.service.put_entry(
            key,
            "en",
            preferred="kursfinder test term",  # type: ignore[union-attr]
            status="approved",
            who="test",
        )
        for _ in range(200):  # applied in the background
            patches = fake_meili.calls("PATCH")
            if len(patches) > 1:
                break
            time.sleep(0.02)
        patch = patches[-1][2]
        assert set(patch) == {"synonyms"} and "kursfinder test term" in patch["synonyms"]
    finally:
        runtime.close()


def test_start_up_with_meilisearch_down_logs_and_queues(
    tmp_path: Any, caplog: pytest.LogCaptureFixture
) -> None:
    engine = MeilisearchEngine(f"http://127.0.0.1:{_free_port()}", None, "courses", LANGS, http_timeout_s=2)
    with caplog.at_level(logging.WARNING):
        engine.refresh_settings()  # what start-up does: it must not raise
    assert "stay queued" in caplog.text


def test_drop_deletes_the_live_index(fake_meili: FakeMeili) -> None:
    engine = _engine(fake_meili)
    engine.prepare()
    engine.drop()
    assert "courses" not in fake_meili.indexes


def test_cli_reindex_with_engine_meilisearch(fake_meili: FakeMeili, tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from service.cli import app
    from tests.conftest import VHS_SAMPLE

    runner = CliRunner()
    env = {
        "KURSFINDER_DATA_DIR": str(tmp_path / "data"),
        "KURSFINDER_TARGET_LANGUAGES": "en,ar",
        "KURSFINDER_MEILI_URL": fake_meili.url,
        "KURSFINDER_MEILI_KEY": "a-meili-master-key-long-enough",
    }
    assert runner.invoke(app, ["ingest", str(VHS_SAMPLE), "--json"], env=env).exit_code == 0  # embedded
    result = runner.invoke(app, ["reindex", "--engine", "meilisearch"], env=env)
    assert result.exit_code == 0, result.output
    assert "indexed 120 courses" in result.output and "reindex (meilisearch)" in result.output
    assert len(fake_meili.indexes["courses"].documents) == 120
    assert all(
        doc["id"].startswith("vhs-berlin:") for doc in fake_meili.indexes["courses"].documents.values()
    )


def test_a_city_in_cyrillic_letters_becomes_a_variant_with_the_city_s_sound() -> None:
    from service.search import meili_query as mq

    found = mq.plan(SearchRequest(q="курсы немецкого берлин", lang="ru", today=TODAY), "courses", ["ru"])
    variants = {(v.q, v.fields) for v in found.variants}
    assert ("курс немецк place_brln", ("analysed",)) in variants
    plain = mq.plan(SearchRequest(q="Sprachkurs Berlin", lang="de", today=TODAY), "courses", ["ru"])
    assert not any("place_" in v.q for v in plain.variants)  # Latin letters: the city as written matches
