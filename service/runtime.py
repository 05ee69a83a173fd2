"""The composition root: builds the store, engine, catalog, indexer and search from ``Settings``.

The API (``create_app``) and the CLI both call :func:`build_runtime`; nothing is built at import.
Heavy engines are imported here lazily, so the CLI's ``--help`` stays fast.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from service.catalog import Catalog
from service.config import EngineName, Settings
from service.search.base import SearchEngine
from service.search.indexer import Indexer
from service.search.service import CourseSearch
from service.store import Store
from service.translate.base import Translator
from service.translate.pipeline import Translation, build_translation

if TYPE_CHECKING:
    from service.glossary.wiring import GlossaryParts

log = logging.getLogger(__name__)


def make_engine(settings: Settings) -> SearchEngine:
    if settings.engine is EngineName.MEILISEARCH:
        from service.search.meili import MeilisearchEngine

        return MeilisearchEngine.from_settings(settings)
    from service.search.embedded import EmbeddedEngine

    return EmbeddedEngine(settings.index_dir, settings.target_languages, cache_size=settings.search_cache_size)


@dataclass
class Runtime:
    settings: Settings
    store: Store
    engine: SearchEngine
    catalog: Catalog
    indexer: Indexer
    search: CourseSearch
    translation: Translation
    extras: dict[str, Any] = field(default_factory=dict)
    glossary: GlossaryParts | None = None

    def close(self) -> None:
        self.engine.close()
        self.store.close()


def build_runtime(settings: Settings, *, engine: SearchEngine | None = None,
                  translator: Translator | None = None) -> Runtime:
    """``translator``: a stand-in for tests; by default Argos, loaded on first use."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = Store(settings.db_path)
    engine = engine or make_engine(settings)
    from service.glossary.wiring import build_glossary

    glossary = build_glossary(store, settings.target_languages)
    follow_glossary = getattr(engine, "follow_glossary", None)
    if callable(follow_glossary):  # Meilisearch: synonyms from the live glossary, re-applied on change
        follow_glossary(glossary.service)
    translation = build_translation(settings, store, translator=translator, terms=glossary.policy)
    glossary.service.retranslate = translation.queue.requeue
    catalog = Catalog(store, [glossary.usage, translation.queue])
    indexer = Indexer(store, engine, translation.documents)
    search = CourseSearch(store, engine, settings.target_languages, localizer=translation.localizer,
                          expander=glossary.expander.expand, glossary_languages=glossary.expander.languages)
    return Runtime(settings, store, engine, catalog, indexer, search, translation, glossary=glossary)
