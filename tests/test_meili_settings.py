"""meili_settings: the documents and settings we send are what Meilisearch's reference documents.

No server here: the checks are against the documented shapes (settings reference, localized
attribute locales, granular filterable attributes, ranking rules, primary key alphabet) and against
each other (every attribute a filter, sort or query uses is declared for that use).
"""

from __future__ import annotations

import json
import random
import re
from datetime import date
from pathlib import Path

import pytest

from service.config import DEFAULT_TARGET_LANGUAGES
from service.courses import CourseType, Schedule
from service.search import meili_filters as mf
from service.search import meili_query as mq
from service.search import meili_settings as ms
from service.search.base import Expansion, GeoFilter, SearchRequest, SortOrder
from service.search.documents import build_document
from tests.conftest import REPO, make_course
from tests.meili_filter_grammar import parse_filter, parse_sort

# From Meilisearch's localizedAttributes reference ("Meilisearch supports the following ISO-639-3 locales").
DOCUMENTED_LOCALES = set(
    "epo eng rus cmn spa por ita ben fra deu ukr kat ara hin jpn heb yid pol amh jav kor nob dan swe fin tur "
    "nld hun ces ell bul bel mar kan ron slv hrv srp mkd lit lav est tam vie urd tha guj uzb pan aze ind tel "
    "pes mal ori mya nep sin khm tuk aka zul sna afr lat slk cat tgl hye".split())
BUILTIN_RULES = {"words", "typo", "proximity", "attribute", "sort", "exactness"}
SETTINGS_KEYS = {"searchableAttributes", "displayedAttributes", "filterableAttributes",
                 "sortableAttributes", "rankingRules", "typoTolerance", "localizedAttributes", "stopWords",
                 "synonyms", "pagination", "faceting"}
LANGS = ["en", "ar", "uk", "fa", "prs", "ps", "kmr"]


@pytest.fixture
def settings() -> dict[str, object]:
    return ms.build_settings(LANGS, {"Deutschkurs": ["Sprachkurs"], "Sprachkurs": ["Deutschkurs"]})


def test_settings_have_only_documented_keys_and_shapes(settings: dict[str, object]) -> None:
    assert set(settings) <= SETTINGS_KEYS
    typo = settings["typoTolerance"]
    assert isinstance(typo, dict)
    assert set(typo) <= {"enabled", "minWordSizeForTypos", "disableOnWords", "disableOnAttributes",
                         "disableOnNumbers"}
    assert typo["disableOnNumbers"] is True
    assert set(typo["minWordSizeForTypos"]) == {"oneTypo", "twoTypos"}
    faceting = settings["faceting"]
    assert isinstance(faceting, dict) and set(faceting) <= {"maxValuesPerFacet", "sortFacetValuesBy"}
    assert set(faceting["sortFacetValuesBy"].values()) <= {"alpha", "count"}
    assert settings["pagination"] == {"maxTotalHits": ms.MAX_TOTAL_HITS}
    rules = settings["rankingRules"]
    assert isinstance(rules, list) and rules[0] == "sort"
    assert all(rule in BUILTIN_RULES or re.fullmatch(r"\w+:(asc|desc)", rule) for rule in rules)
    synonyms = settings["synonyms"]
    assert isinstance(synonyms, dict)
    assert all(isinstance(k, str) and all(isinstance(v, str) for v in vs) for k, vs in synonyms.items())


def test_searchable_attributes_rank_title_type_terms_body_german_first(settings: dict[str, object]) -> None:
    searchable = settings["searchableAttributes"]
    assert isinstance(searchable, list)
    assert searchable[:3] == ["title_de", "title_en", "title_ar"]
    kinds = [name.split("_")[0] for name in searchable[:-1]]
    assert kinds == sorted(kinds, key=ms.TEXT_KINDS.index)
    assert searchable[-1] == ms.ANALYSED
    assert len(searchable) == len(set(searchable)) == 4 * (len(LANGS) + 1) + 1


def test_filterable_attributes_use_the_granular_form(settings: dict[str, object]) -> None:
    filterable = settings["filterableAttributes"]
    assert isinstance(filterable, list)
    assert "_geo" in filterable  # reserved fields: plain strings, as the reference requires
    for rule in filterable:
        if isinstance(rule, str):
            assert rule.startswith("_")
            continue
        assert set(rule) == {"attributePatterns", "features"}
        assert all(isinstance(p, str) and not p.startswith("_") for p in rule["attributePatterns"])
        features = rule["features"]
        assert set(features) == {"facetSearch", "filter"}
        assert set(features["filter"]) == {"equality", "comparison"}
        assert all(isinstance(v, bool) for v in (features["facetSearch"], *features["filter"].values()))


def test_localized_attributes_use_supported_locales_only(settings: dict[str, object]) -> None:
    rules = settings["localizedAttributes"]
    assert isinstance(rules, list)
    assert set(ms.LOCALES.values()) <= DOCUMENTED_LOCALES
    by_field = {field: rule["locales"] for rule in rules for field in rule["attributePatterns"]}
    assert by_field["title_de"] == ["deu"] and by_field["body_ar"] == ["ara"]
    assert by_field["terms_uk"] == ["ukr"]
    assert by_field["title_fa"] == by_field["title_prs"] == ["pes"]  # Dari is tokenized as Persian
    assert "title_ps" not in by_field and "title_kmr" not in by_field  # no locale: auto-detected
    assert all(len(rule["locales"]) == 1 for rule in rules)


def _filterable_features(settings: dict[str, object]) -> dict[str, dict[str, bool]]:
    features: dict[str, dict[str, bool]] = {}
    for rule in settings["filterableAttributes"]:  # type: ignore[attr-defined]
        if isinstance(rule, str):
            features[rule] = {"equality": True, "comparison": True}
        else:
            features.update({name: rule["features"]["filter"] for name in rule["attributePatterns"]})
    return features


def _conditions(tree: object) -> list[tuple[object, ...]]:
    assert isinstance(tree, tuple)
    if tree[0] in ("and", "or"):
        return [c for child in tree[1] for c in _conditions(child)]
    if tree[0] == "not":
        return _conditions(tree[1])
    return [tree]


def test_every_filter_sort_and_field_we_query_is_declared(settings: dict[str, object]) -> None:
    features = _filterable_features(settings)
    sortable = set(settings["sortableAttributes"])  # type: ignore[arg-type]
    searchable = set(settings["searchableAttributes"])  # type: ignore[arg-type]
    rng = random.Random(11)
    for _ in range(400):
        request = SearchRequest(
            q=rng.choice(["", "Sprachkurse Augsburg", "Integrationskurs", "doitsch kurs"]),
            lang=rng.choice([None, "de", "ar", "en", "xx"]),
            course_types=tuple(rng.sample([t.value for t in CourseType], rng.randint(0, 2))),
            geo=GeoFilter(48.37, 10.9, 10, {}) if rng.random() < 0.5 else None,
            start_from=date(2026, 12, 1) if rng.random() < 0.5 else None,
            free_seats=rng.random() < 0.5, childcare=rng.choice([None, True]),
            barrier_free=rng.choice([None, False]),
            schedule=tuple(rng.sample([s.value for s in Schedule], rng.randint(0, 2))),
            sort=rng.choice(list(SortOrder)) if rng.random() < 0.7 else SortOrder.RELEVANCE,
            expansions=(Expansion("sprachkurse", ("Deutschkurs",)),))
        plan = mq.plan(request, "courses", LANGS)
        for text in (plan.filter, plan.facet_filter):
            for condition in _conditions(parse_filter(text)) if text else []:
                if condition[0] == "geo_radius":
                    assert "_geo" in features
                    continue
                name = str(condition[1])
                assert features[name]["equality"], name
                if condition[0] == "to" or (condition[0] == "cmp" and condition[2] not in ("=", "!=")):
                    assert features[name]["comparison"], name
        for sort in plan.sort or []:
            _, what = parse_sort(sort)
            assert (what if isinstance(what, str) else "_geo") in sortable
        for variant in [*plan.variants, *plan.fallback]:
            assert set(variant.fields) <= searchable
        assert set(ms.FACETS) <= {name for name, f in features.items() if f["equality"]}


def test_a_course_becomes_one_document_with_per_language_fields() -> None:
    course = make_course("531327", "Sprachkurse für Frauen", source="vhs-berlin",
                         course_type=CourseType.GERMAN_COURSE, level="A1", postal_code="86150",
                         city="Augsburg", lat=48.3, lon=10.8, start_date=date(2026, 12, 1),
                         schedule=[Schedule.MORNING], childcare=True, description="Lesen und Schreiben")
    built = build_document(course, translations={"ar": {"title": "دورة اللغة"}},
                           terms={"de": ["Deutschkurs"]}, type_labels={"en": "German course"})
    doc = ms.document(built, LANGS)
    assert doc["id"] == "vhs-berlin:531327"
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,511}", doc["key"]) and doc["key"] == ms.document_key(doc["id"])
    assert doc["title_de"] == "Sprachkurse für Frauen" and doc["title_ar"] == "دورة اللغة"
    assert doc["type_de"] == "Deutschkurs A1" and doc["type_en"] == "German course"
    assert doc["terms_de"] == ["Deutschkurs"] and "Lesen und Schreiben" in doc["body_de"]
    assert doc["start"] == 20261201 and "free_seats" not in doc  # unknown stays absent, never a fake 0
    assert doc["childcare"] == "yes" and doc["barrier_free"] == "unknown" and doc["schedule"] == ["morning"]
    assert doc["_geo"] != {"lat": 48.3, "lng": 10.8}  # the PLZ centroid wins, as in the embedded engine
    assert set(doc["analysed"].split()) >= {"sprachkurse", "sprachkurs", "sprach", "kurs", "deutschkurs"}
    assert "place_gsbrg" in doc["analysed"].split()  # Augsburg by its sound: "аугсбург" finds it
    json.dumps(doc)  # plain JSON


def test_a_course_without_plz_keeps_its_own_point_and_keys_stay_distinct() -> None:
    doc = ms.document(build_document(make_course("x", "Kurs", lat=52.5, lon=13.4)), LANGS)
    assert doc["_geo"] == {"lat": 52.5, "lng": 13.4} and doc["schedule"] == ["unknown"] and "start" not in doc
    keys = {ms.document_key(f"s:{i}") for i in range(5000)}
    assert len(keys) == 5000


def test_settings_diff_names_only_what_changed(settings: dict[str, object]) -> None:
    current = json.loads(json.dumps(settings))
    current["typoTolerance"]["somethingNewerMeilisearchAdds"] = 1
    current["stopWords"] = list(reversed(current["stopWords"]))
    current["localizedAttributes"] = list(reversed(current["localizedAttributes"]))
    assert ms.settings_diff(current, settings) == {}
    current["searchableAttributes"] = list(reversed(current["searchableAttributes"]))
    current["synonyms"] = {"Deutschkurs": ["Sprachkurs"]}
    assert set(ms.settings_diff(current, settings)) == {"searchableAttributes", "synonyms"}
    assert set(ms.settings_diff({}, settings)) == set(settings)


def test_label_synonyms_and_the_glossary_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    groups = ms.label_synonym_groups(LANGS)
    parents = ["Eltern- und Frauenintegrationskurs", "Elternintegrationskurs", "Frauenintegrationskurs"]
    assert parents in groups
    assert ["Intensivkurs (Integrationskurs)", "Intensivkurs"] in groups
    table = ms.synonyms([["Deutschkurs", "Sprachkurs", "German course"]])
    assert table["Sprachkurs"] == ["Deutschkurs", "German course"]

    import service.glossary

    monkeypatch.setattr(service.glossary, "synonym_groups", lambda langs: [["Kita", "Kinderbetreuung"]],
                        raising=False)
    assert ms.glossary_synonym_groups(LANGS) == [["Kita", "Kinderbetreuung"]]


def test_index_config_is_current() -> None:
    for name, text in ms.index_config_files().items():
        path = REPO / "index_config" / name
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run scripts/gen_index_config"
    settings = json.loads((REPO / "index_config" / "settings.json").read_text(encoding="utf-8"))
    assert "title_ckb" in settings["searchableAttributes"]
    assert len(settings["searchableAttributes"]) == 4 * (len(DEFAULT_TARGET_LANGUAGES) + 1) + 1
    assert Path(REPO / "scripts" / "gen_index_config").stat().st_mode & 0o111


def test_the_largest_filter_we_can_write_stays_small() -> None:
    request = SearchRequest(course_types=tuple(t.value for t in CourseType),
                            schedule=tuple(s.value for s in Schedule), geo=GeoFilter(48.0, 11.0, 500, {}))
    assert len(mf.request_filter(request) or "") < 2000
