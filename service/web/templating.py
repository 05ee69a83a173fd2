"""Jinja2 templates that speak the reader's language: one shared environment, a locale per render.

Templates live under ``service/web/templates/`` (``pages/`` for course pages, ``translator/`` for
the translator UI) and get, in every render:

- ``_("Text")`` / ``gettext("Hello %(name)s", name=x)``: the message in the render's language;
  with autoescape on, the result is ``Markup`` and ``params`` are escaped.
- ``ngettext("%(num)s term", "%(num)s terms", n)``: plural form by the language's CLDR rule;
  ``num`` is ``n`` formatted for the locale. ``{% trans %}…{% pluralize %}…{% endtrans %}`` works too.
- ``format_date(d, "long")``, ``format_number(x)``, ``format_currency(x, "EUR")``,
  ``language_name(code)`` (in its own script), and ``lang``, ``dir``, ``l10n`` (:class:`~service.i18n.L10n`).

The translations are read from the render's context, never installed on the environment, so one
environment serves requests in many languages at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup
from starlette.responses import HTMLResponse

from service.i18n import Catalogs, L10n, catalogs

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def _l10n(context: Context) -> L10n:
    found = context.get("l10n")
    if not isinstance(found, L10n):
        raise RuntimeError("render templates through Templates.render(), which sets the locale")
    return found


def _escaped(context: Context, text: str, params: Mapping[str, object]) -> str:
    if context.eval_ctx.autoescape:
        return Markup(text) % params if params else Markup(text)
    return text % params if params else text


@pass_context
def _gettext(context: Context, message: str, **params: object) -> str:
    return _escaped(context, _l10n(context).translations.gettext(message), params)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int, **params: object) -> str:
    l10n = _l10n(context)
    text = l10n.translations.ngettext(singular, plural, n)
    return _escaped(context, text, {"num": l10n.format_number(n), **params})


@pass_context
def _format_date(context: Context, value: Any, format: str = "long") -> str:
    return _l10n(context).format_date(value, format)


@pass_context
def _format_number(context: Context, value: float) -> str:
    return _l10n(context).format_number(value)


@pass_context
def _format_currency(context: Context, value: float, currency: str = "EUR") -> str:
    return _l10n(context).format_currency(value, currency)


@pass_context
def _language_name(context: Context, code: str) -> str:
    return _l10n(context).language_name(code)


def make_environment(directory: Path = TEMPLATES_DIR) -> Environment:
    env = Environment(loader=FileSystemLoader(directory), autoescape=select_autoescape(["html", "xml"]),
                      extensions=["jinja2.ext.i18n"], undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    # newstyle: {% trans %} passes its variables to our gettext as keywords, which escapes them
    # and formats ``num`` for the locale (Jinja's own wrappers would format a second time).
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.globals.update(_=_gettext, gettext=_gettext, ngettext=_ngettext, format_date=_format_date,
                       format_number=_format_number, format_currency=_format_currency,
                       language_name=_language_name)
    return env


class Templates:
    """Renders templates in a language. ``Templates()`` uses the repository's catalogs and templates."""

    def __init__(self, i18n: Catalogs | None = None, directory: Path = TEMPLATES_DIR) -> None:
        self.catalogs = i18n or catalogs()
        self.env = make_environment(directory)

    def languages(self) -> list[str]:
        return self.catalogs.languages()

    def render(self, name: str, lang: str, **context: Any) -> str:
        l10n = self.catalogs.l10n(lang)
        return self.env.get_template(name).render(lang=lang, dir=l10n.dir, l10n=l10n, **context)

    def response(self, name: str, lang: str, status_code: int = 200,
                 headers: Mapping[str, str] | None = None, **context: Any) -> HTMLResponse:
        body = self.render(name, lang, **context)
        all_headers = {"Content-Language": lang, **(headers or {})}
        return HTMLResponse(body, status_code=status_code, headers=all_headers)


@cache
def templates() -> Templates:
    """The process's templates (shared; Jinja caches compiled templates)."""
    return Templates()
