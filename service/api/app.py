"""``create_app(settings)``: the FastAPI application. Routes live in ``api/routes/``, one per resource."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from service import __version__
from service.api import errors
from service.api.background import BackgroundLeader
from service.api.routes import (
    courses,
    glossary,
    health,
    jobs,
    languages,
    pages,
    search,
    suggest,
    translations,
    translator_ui,
    widget,
)
from service.config import Settings
from service.runtime import Runtime, build_runtime
from service.search.indexer import IndexerThread
from service.translate.worker import WorkerThread

log = logging.getLogger(__name__)


def create_app(settings: Settings, *, runtime: Runtime | None = None, background: bool = True) -> FastAPI:
    """``background``: run the indexer (and translation worker) threads while serving."""
    runtime = runtime or build_runtime(settings)

    def background_threads() -> list[IndexerThread | WorkerThread]:
        threads: list[IndexerThread | WorkerThread] = [IndexerThread(runtime.indexer)]
        if settings.worker_in_serve:
            threads.append(WorkerThread(runtime.translation.worker()))
        return threads

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Of several server processes over one data folder, one runs the indexer and the translation
        # worker (background.py); the others only answer requests.
        leader = BackgroundLeader(settings.data_dir, background_threads) if background else None
        app.state.background = leader
        if leader is not None:
            leader.start()
        try:
            yield
        finally:
            if leader is not None:
                leader.stop()
            runtime.close()

    app = FastAPI(title="Kursfinder", version=__version__, lifespan=lifespan,
                  description="Multilingual search for integration and language courses in Germany.")
    app.state.runtime = runtime
    errors.install(app)
    origins = ["*"] if settings.demo and not settings.cors_origins else settings.cors_origins
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET"],
                           allow_headers=["Accept-Language", "Content-Type"], max_age=3600)
    # pages last: its /{lang}/kurse/{id} pattern must not shadow a fixed path.
    for module in (search, suggest, courses, translations, jobs, languages, health, widget, glossary, translator_ui,
                   pages):
        app.include_router(module.router)
    return app


def app_from_environment() -> FastAPI:
    """The factory each server process calls when ``serve`` runs several (settings from ``KURSFINDER_*``)."""
    return create_app(Settings())
