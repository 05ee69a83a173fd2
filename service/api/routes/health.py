"""GET /health: the store, the engine and the index backlog, for operators and load balancers.

503 ("degraded") when the engine is not ok, when index updates are failing (outbox entries with
failed attempts: search shows stale results until they succeed) or when the oldest queued update
waits longer than :data:`STALE_BACKLOG_S` (the indexer is not keeping up or not running).
"""

from __future__ import annotations

import os
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from service import __version__
from service.api.deps import RuntimeDep
from service.runtime import Runtime
from service.search import outbox

router = APIRouter(tags=["operations"])

STALE_BACKLOG_S = 900.0


@router.get("/health", operation_id="health")
def health(runtime: RuntimeDep, request: Request) -> JSONResponse:
    body = health_report(runtime)
    # Which server process answered, and whether it is the one that indexes and translates
    # (``serve`` may run several: api/background.py).
    leader = getattr(request.app.state, "background", None)
    body["process"] = {"pid": os.getpid(), "background": bool(leader and leader.leading)}
    return JSONResponse(body, status_code=200 if body["status"] == "ok" else 503)


def health_report(runtime: Runtime) -> dict[str, Any]:
    try:
        engine: dict[str, Any] = runtime.engine.health()
    except Exception as exc:  # an unreachable engine is a state to report, not a crash
        engine = {"engine": runtime.engine.name, "status": "unreachable", "error": str(exc)}
    backlog: dict[str, Any] = outbox.backlog(runtime.store)
    backlog["last_error"] = runtime.indexer.last_error or backlog["last_error"]
    problems = [] if engine.get("status") == "ok" else [f"search engine {engine.get('status')}"]
    if int(backlog["max_attempts"]) > 0:
        problems.append(f"index updates failing ({backlog['pending']} queued): {backlog['last_error']}")
    elif float(backlog["oldest_age_s"]) > STALE_BACKLOG_S:
        problems.append(f"{backlog['pending']} index updates waiting for {backlog['oldest_age_s']:.0f} s")
    store = {"status": "ok", **runtime.store.count_courses(), "schema_version": runtime.store.schema_version}
    return {"status": "degraded" if problems else "ok", "problems": problems, "version": __version__,
            "store": store, "engine": engine, "outbox": backlog}
