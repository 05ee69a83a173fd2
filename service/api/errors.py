"""One error body for every 4xx/5xx: ``{"error": {"code", "message", "details"}}``.

:data:`STATUS` is the one table from domain exceptions (``service/errors.py``) to HTTP statuses.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from service import errors

log = logging.getLogger(__name__)

STATUS: dict[type[errors.KursfinderError], int] = {
    errors.NotFound: 404,
    errors.InvalidInput: 422,
    errors.Conflict: 409,
    errors.Forbidden: 403,
    errors.AuthError: 401,
    errors.Unavailable: 503,
}


def status_for(exc: errors.KursfinderError) -> int:
    for kind in type(exc).__mro__:
        if kind in STATUS:
            return STATUS[kind]  # type: ignore[index]
    return 500


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details}}


async def _domain(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, errors.KursfinderError)
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, errors.AuthError) else None
    return JSONResponse(error_body(exc.code, exc.message, exc.details), status_code=status_for(exc),
                        headers=headers)


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [{"field": ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "body")),
                "reason": e.get("msg", "")} for e in exc.errors()]
    fields = ", ".join(d["field"] for d in details)
    return JSONResponse(error_body("invalid_input", f"invalid value for {fields}", details), status_code=422)


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    return JSONResponse(error_body(code, str(exc.detail)), status_code=exc.status_code,
                        headers=getattr(exc, "headers", None))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return JSONResponse(error_body("internal_error", "Something went wrong on our side; it has been logged."),
                        status_code=500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(errors.KursfinderError, _domain)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
