"""Runs tests/engine_suite.py against every engine: embedded always, Meilisearch when one is configured.

Without ``KURSFINDER_MEILI_URL`` the Meilisearch half is skipped with one reason (and a line in the
terminal summary, see conftest_meili.py): nothing pretends it ran.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from service.search.base import SearchEngine
from service.search.documents import SearchDocument
from tests.conftest_meili import SKIP_REASON, meili_url
from tests.engine_suite import *  # noqa: F403 - the shared tests, collected here once per engine

LANGUAGES = ["en", "ar", "uk", "fa"]
# Meilisearch joins only when there is a server: without one, test_meilisearch_engine_suite below is
# the single skipped test that says why, instead of one skip per shared test.
ENGINES = ["embedded", *(["meilisearch"] if meili_url() else [])]


def test_meilisearch_engine_suite(meili_server: tuple[str, str | None]) -> None:
    """Skipped (with the reason) without a server; with one, the server must answer."""
    from service.search.meili import MeilisearchEngine

    url, key = meili_server
    health = MeilisearchEngine(url, key, "kursfinder_suite_probe", LANGUAGES).health()
    assert health["status"] != "unreachable", health
    assert "meilisearch" in ENGINES, SKIP_REASON


MakeEngine = Callable[[Sequence[SearchDocument]], SearchEngine]


@pytest.fixture(params=ENGINES)
def make_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MakeEngine]:
    made: list[SearchEngine] = []

    def embedded(docs: Sequence[SearchDocument]) -> SearchEngine:
        from service.search.embedded import EmbeddedEngine

        engine = EmbeddedEngine(tmp_path / f"index-{len(made)}", LANGUAGES)
        made.append(engine)
        engine.upsert(docs)
        return engine

    def meilisearch(docs: Sequence[SearchDocument]) -> SearchEngine:
        from service.search.meili import MeilisearchEngine

        url, key = request.getfixturevalue("meili_server")
        engine = MeilisearchEngine(url, key, f"kursfinder_test_{uuid.uuid4().hex[:12]}", LANGUAGES)
        made.append(engine)
        engine.rebuild(iter(docs))
        return engine

    yield embedded if request.param == "embedded" else meilisearch
    for engine in made:
        drop = getattr(engine, "drop", None)  # Meilisearch: test indexes live on a shared server
        if callable(drop):
            drop()
        engine.close()
