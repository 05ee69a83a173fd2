"""The embeddable widget: its script, its UI strings per language, and the example page.

``/widget.js`` has a fixed address (municipalities paste it once), so it is cached for an hour and
revalidated cheaply with its ETag rather than cached forever under a versioned name.
"""

from __future__ import annotations

import json

from fastapi import APIRouter, Request, Response

from service.api.deps import RuntimeDep
from service.i18n import catalogs, negotiate
from service.web.labels import glossary_type_label
from service.web.widget import Asset, asset, example_page, widget_messages, widget_script

router = APIRouter(tags=["widget"])

MAX_AGE_S = 3600


def cached(request: Request, found: Asset, *, vary: str | None = None) -> Response:
    """``found`` with caching headers, or 304 when the client already has this version."""
    headers = {"ETag": found.etag, "Cache-Control": f"public, max-age={MAX_AGE_S}"}
    if vary:
        headers["Vary"] = vary
    presented = {tag.strip() for tag in request.headers.get("if-none-match", "").split(",")}
    if found.etag in presented or "*" in presented:
        return Response(status_code=304, headers=headers)
    return Response(found.body, media_type=found.media_type, headers=headers)


@router.get("/widget.js", operation_id="widget_script", response_class=Response,
            responses={200: {"content": {"text/javascript": {}}}})
def widget_js(request: Request) -> Response:
    """The `<kursfinder-search>` web component: embed it with one script tag."""
    return cached(request, widget_script())


@router.get("/widget/messages/{lang}.json", operation_id="widget_messages")
def messages(lang: str, request: Request, runtime: RuntimeDep) -> Response:
    """The widget's UI strings in ``lang`` (``auto``: by ``Accept-Language``) from the gettext catalogs."""
    chosen = negotiate(lang, request.headers.get("accept-language"), runtime.settings.all_languages())
    strings = widget_messages(catalogs(), chosen, glossary_type_label(runtime))
    body = json.dumps(strings, ensure_ascii=False, sort_keys=True).encode()
    return cached(request, asset(body, "application/json"), vary="Accept-Language")


@router.get("/examples/embed.html", operation_id="widget_example", response_class=Response)
def example(request: Request) -> Response:
    """An example page embedding the widget (as a municipality's page would)."""
    return cached(request, example_page(str(request.base_url)))
