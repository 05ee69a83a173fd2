"""The translator UI under ``/translator/``: server-rendered pages, no build step, no JavaScript needed.

Sign-in stores the translator key in an HttpOnly, SameSite=Strict cookie (``kursfinder_key``, which
``api/auth.py`` reads like a header). Every POST form carries a CSRF token derived from that key
(HMAC), so another site cannot post with the translator's cookie; the sign-in form uses a
double-submit token cookie. Pages render in the UI language (``?ui=`` or ``Accept-Language``);
every term field gets ``dir`` and ``lang`` of its own language, so Arabic or Dari terms edit
right-to-left inside an English page.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from service.api.auth import Role, authorize, presented_key, role_of
from service.api.deps import RuntimeDep
from service.api.routes.glossary import actor, glossary_service
from service.errors import AuthError, KursfinderError
from service.glossary.problems import enforcement_problems
from service.i18n import N_, catalogs, negotiate, text_direction
from service.runtime import Runtime
from service.web.templating import templates

router = APIRouter(prefix="/translator", tags=["translator UI"], include_in_schema=False)

COOKIE = "kursfinder_key"
LOGIN_TOKEN_COOKIE = "kursfinder_login_csrf"
COOKIE_MAX_AGE = 12 * 3600


def csrf_token(key: str) -> str:
    return hmac.new(key.encode(), b"kursfinder-translator-csrf", hashlib.sha256).hexdigest()[:32]


def _ui_lang(request: Request) -> str:
    return negotiate(request.query_params.get("ui"), request.headers.get("accept-language"),
                     templates().languages(), fallback="en")


def _signed_in(request: Request, runtime: Runtime) -> tuple[str, Role] | None:
    key = presented_key(request)
    role = role_of(runtime.settings, key)
    return (key, role) if key and role else None


def _page(request: Request, runtime: Runtime, name: str, status_code: int = 200, **context: Any) -> Response:
    session = _signed_in(request, runtime)
    if session is None:
        return RedirectResponse(f"/translator/login?{urlencode({'next': request.url.path})}", status_code=303)
    key, role = session
    return templates().response(f"translator/{name}", _ui_lang(request), status_code=status_code,
                                headers={"Cache-Control": "no-store"}, csrf=csrf_token(key), role=str(role),
                                dir_of=text_direction, languages=runtime.settings.all_languages(), **context)


def _check_form(request: Request, runtime: Runtime, token: str) -> str:
    """The actor for the audit log, once the key and the form's CSRF token are right."""
    key = presented_key(request)
    role = authorize(runtime.settings, key, Role.TRANSLATOR)
    if not key or not hmac.compare_digest(token, csrf_token(key)):
        raise AuthError(template=N_("the form expired or came from another site; reload the page and try again"))
    return actor(request, role)


def _back(path: str, **params: str) -> RedirectResponse:
    query = urlencode({k: v for k, v in params.items() if v})
    return RedirectResponse(path + (f"?{query}" if query else ""), status_code=303)


# Sign-in ------------------------------------------------------------------------------------------
@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/translator/concepts", error: str = "") -> Response:
    token = secrets.token_urlsafe(24)
    response = templates().response("translator/login.html", _ui_lang(request), csrf=token, next=_safe(next),
                                    error=error, headers={"Cache-Control": "no-store"})
    response.set_cookie(LOGIN_TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/translator")
    return response


@router.post("/login")
def login(request: Request, runtime: RuntimeDep, key: Annotated[str, Form()], csrf: Annotated[str, Form()],
          next: Annotated[str, Form()] = "/translator/concepts") -> Response:
    expected = request.cookies.get(LOGIN_TOKEN_COOKIE, "")
    if not expected or not hmac.compare_digest(csrf, expected) or role_of(runtime.settings, key.strip()) is None:
        return _back("/translator/login", next=_safe(next), error="1")
    response = _back(_safe(next))
    response.set_cookie(COOKIE, key.strip(), max_age=COOKIE_MAX_AGE, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")
    response.delete_cookie(LOGIN_TOKEN_COOKIE, path="/translator")
    return response


@router.post("/logout")
def logout(request: Request, runtime: RuntimeDep, csrf: Annotated[str, Form()]) -> Response:
    _check_form(request, runtime, csrf)
    response = _back("/translator/login")
    response.delete_cookie(COOKIE, path="/")
    return response


def _safe(target: str) -> str:
    """Only our own pages after sign-in (no open redirect)."""
    return target if target.startswith("/translator/") and "//" not in target else "/translator/concepts"


# Concepts ---------------------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def home() -> Response:
    return _back("/translator/concepts")


@router.get("/concepts", response_class=HTMLResponse)
def concepts(request: Request, runtime: RuntimeDep, lang: str = "", status: str = "", missing: bool = False,
             q: str = "") -> Response:
    if _signed_in(request, runtime) is None:
        return _page(request, runtime, "concepts.html")
    rows = glossary_service(runtime).list_concepts(lang=lang or None, status=status or None,
                                                   missing=missing and bool(lang), q=q)
    return _page(request, runtime, "concepts.html", rows=rows, term_lang=lang, status=status, missing=missing, q=q)


@router.get("/concepts/{key}", response_class=HTMLResponse)
def concept(request: Request, runtime: RuntimeDep, key: str, lang: str = "", saved: str = "") -> Response:
    if _signed_in(request, runtime) is None:
        return _page(request, runtime, "concept.html")
    service = glossary_service(runtime)
    found = service.concept(key)
    ids = service.courses_using(key, 50)
    return _page(request, runtime, "concept.html", concept=found, edit_lang=lang, saved=saved,
                 courses=runtime.store.get_courses(ids), course_ids=ids, total_courses=len(service.courses_using(key)),
                 audit=service.audit_log(key=key, limit=20))


@router.post("/concepts/{key}/terms/{lang}")
def save_terms(request: Request, runtime: RuntimeDep, key: str, lang: str, csrf: Annotated[str, Form()],
               preferred: Annotated[str, Form()], variants: Annotated[str, Form()] = "",
               forbidden: Annotated[str, Form()] = "", note: Annotated[str, Form()] = "",
               keep_old: Annotated[bool, Form()] = False) -> Response:
    who = _check_form(request, runtime, csrf)
    try:
        glossary_service(runtime).put_entry(key, lang, preferred=preferred, variants=_lines(variants),
                                            forbidden=_lines(forbidden), note=note, keep_old_as_variant=keep_old,
                                            who=who)
    except KursfinderError as exc:
        if isinstance(exc, AuthError):
            raise
        return error_page(request, runtime, exc)
    return _back(f"/translator/concepts/{key}", lang=lang, saved="edited")


@router.post("/concepts/{key}/terms/{lang}/approve")
def approve(request: Request, runtime: RuntimeDep, key: str, lang: str, csrf: Annotated[str, Form()]) -> Response:
    glossary_service(runtime).approve(key, lang, _check_form(request, runtime, csrf))
    return _back(f"/translator/concepts/{key}", lang=lang, saved="approved")


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.replace("|", "\n").splitlines() if line.strip()]


# Machine translations of a course -------------------------------------------------------------------
@router.get("/courses/{course_id}", response_class=HTMLResponse)
def course(request: Request, runtime: RuntimeDep, course_id: str, lang: str = "", saved: str = "") -> Response:
    if _signed_in(request, runtime) is None:
        return _page(request, runtime, "course.html")
    found, records = runtime.translation.course_translations(course_id)
    shown = [r for r in records if not lang or r.lang == lang]
    return _page(request, runtime, "course.html", course=found, records=shown, term_lang=lang, saved=saved,
                 concepts=glossary_service(runtime).repository.concepts_of(course_id))


@router.post("/courses/{course_id}/translations/{lang}/{field}")
def correct(request: Request, runtime: RuntimeDep, course_id: str, lang: str, field: str,
            csrf: Annotated[str, Form()], text: Annotated[str, Form()]) -> Response:
    _check_form(request, runtime, csrf)
    runtime.translation.correct(course_id, field, lang, text)
    return _back(f"/translator/courses/{course_id}", lang=lang, saved=field)


@router.post("/courses/{course_id}/translations/{lang}/{field}/accept")
def accept(request: Request, runtime: RuntimeDep, course_id: str, lang: str, field: str,
           csrf: Annotated[str, Form()], keep: Annotated[str, Form()] = "machine") -> Response:
    _check_form(request, runtime, csrf)
    runtime.translation.decide(course_id, field, lang, keep)
    return _back(f"/translator/courses/{course_id}", lang=lang, saved=field)


# Audit log ----------------------------------------------------------------------------------------
@router.get("/audit", response_class=HTMLResponse)
def audit(request: Request, runtime: RuntimeDep, key: str = "", lang: str = "") -> Response:
    if _signed_in(request, runtime) is None:
        return _page(request, runtime, "audit.html")
    entries = glossary_service(runtime).audit_log(key=key or None, lang=lang or None, limit=200)
    return _page(request, runtime, "audit.html", entries=entries, key=key, term_lang=lang)


@router.get("/problems", response_class=HTMLResponse)
def problems(request: Request, runtime: RuntimeDep, lang: str = "") -> Response:
    if _signed_in(request, runtime) is None:
        return _page(request, runtime, "problems.html")
    found = enforcement_problems(runtime.store, lang=lang or None)
    return _page(request, runtime, "problems.html", problems=found, term_lang=lang)


def error_page(request: Request, runtime: Runtime, exc: KursfinderError) -> Response:
    """A domain error on a translator page (e.g. an empty term) as a page, not JSON."""
    message = exc.localized(catalogs().l10n(_ui_lang(request)).gettext)  # in the page's language
    return _page(request, runtime, "error.html", status_code=422, message=message, details=exc.details)
