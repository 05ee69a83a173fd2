"""GET /health: the store, the engine and the index backlog, for operators and load balancers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from service import __version__
from service.api.deps import RuntimeDep
from service.search import outbox

router = APIRouter(tags=["operations"])


@router.get("/health", operation_id="health")
def health(runtime: RuntimeDep) -> JSONResponse:
    try:
        engine: dict[str, Any] = runtime.engine.health()
    except Exception as exc:  # an unreachable engine is a state to report, not a crash
        engine = {"engine": runtime.engine.name, "status": "unreachable", "error": str(exc)}
    backlog = outbox.backlog(runtime.store)
    backlog["last_error"] = runtime.indexer.last_error or backlog["last_error"]
    ok = engine.get("status") == "ok"
    body = {"status": "ok" if ok else "degraded", "version": __version__,
            "store": {"status": "ok", **runtime.store.count_courses(), "schema_version": runtime.store.schema_version},
            "engine": engine, "outbox": backlog}
    return JSONResponse(body, status_code=200 if ok else 503)
