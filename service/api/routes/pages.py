"""Public, server-rendered course pages in every language, and the sitemap that lists them."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse, RedirectResponse

from service.api.deps import RuntimeDep
from service.web.course_page import build_course_page
from service.web.sitemap import sitemap
from service.web.templating import templates

router = APIRouter(tags=["pages"])

XML = "application/xml"


@router.get("/{lang}/kurse/{course_id:path}", operation_id="course_page", response_class=Response,
            responses={200: {"content": {"text/html": {}}}, 404: {}, 410: {}})
def course_page(lang: str, course_id: str, request: Request, runtime: RuntimeDep) -> Response:
    """A course's public page in ``lang``, with JSON-LD and hreflang alternates."""
    view = build_course_page(runtime, lang, course_id, request.headers.get("accept-language"))
    if view.redirect:
        return RedirectResponse(view.redirect, status_code=view.status)
    return templates().response(view.template, view.lang, view.status, view.headers, **view.context)


@router.get("/sitemap.xml", operation_id="sitemap", response_class=Response)
def sitemap_xml(runtime: RuntimeDep) -> Response:
    """Every active course page in every language (a sitemap index when it needs several files)."""
    settings = runtime.settings
    body = sitemap(runtime.store, settings.public_base_url, settings.all_languages())
    return Response(body, media_type=XML)


@router.get("/sitemaps/{part}.xml", operation_id="sitemap_part", response_class=Response)
def sitemap_part(part: int, runtime: RuntimeDep) -> Response:
    settings = runtime.settings
    body = sitemap(runtime.store, settings.public_base_url, settings.all_languages(), part)
    return Response(body, media_type=XML)


@router.get("/robots.txt", operation_id="robots", response_class=PlainTextResponse)
def robots(runtime: RuntimeDep) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {runtime.settings.public_base_url.rstrip('/')}/sitemap.xml\n"
