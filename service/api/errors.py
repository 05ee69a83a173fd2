"""One error body for every 4xx/5xx: ``{"error": {"code", "message", "details"}}``.

:data:`STATUS` is the one table from domain exceptions (``service/errors.py``) to HTTP statuses.
``message`` is in the caller's language (``?lang=``, then ``Accept-Language``, else English) where
the error carries a gettext template; ``Content-Language`` says which language it is in.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from service import errors
from service.i18n import N_, L10n, catalogs, negotiate

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
            return STATUS[kind]
    return 500


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details}}


HTTP_MESSAGES = {404: N_("Not found"), 405: N_("Method not allowed")}


def request_l10n(request: Request) -> L10n:
    """The caller's locale for an error message: ``?lang=``, ``Accept-Language``, else English."""
    found = catalogs()
    lang = negotiate(request.query_params.get("lang"), request.headers.get("accept-language"),
                     found.languages(), fallback="en")
    return found.l10n(lang)


def _respond(l10n: L10n, body: dict[str, Any], status: int,
             headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers={**(headers or {}), "Content-Language": l10n.lang})


async def _domain(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, errors.KursfinderError)
    l10n = request_l10n(request)
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, errors.AuthError) else None
    body = error_body(exc.code, exc.localized(l10n.gettext), exc.details)
    return _respond(l10n, body, status_for(exc), headers)


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = [{"field": ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "body")),
                "reason": e.get("msg", "")} for e in exc.errors()]
    l10n = request_l10n(request)
    message = l10n.gettext("invalid value for %(fields)s", fields=", ".join(d["field"] for d in details))
    return _respond(l10n, error_body("invalid_input", message, details), 422)


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    l10n = request_l10n(request)
    message = str(exc.detail)
    template = HTTP_MESSAGES.get(exc.status_code)
    if template and message in ("Not Found", "Method Not Allowed"):  # Starlette's English default
        message = l10n.gettext(template)
    return _respond(l10n, error_body(code, message), exc.status_code, getattr(exc, "headers", None))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    l10n = request_l10n(request)
    message = l10n.gettext("Something went wrong on our side; it has been logged.")
    return _respond(l10n, error_body("internal_error", message), 500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(errors.KursfinderError, _domain)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
