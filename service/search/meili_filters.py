"""Meilisearch filter and sort expressions, built from user input only through escaping.

Every value goes through :func:`quote`: a double-quoted string in which backslashes and double quotes
are escaped, the form Meilisearch's filter parser (``crates/filter-parser``) reads back to exactly the
original value. Inside quotes the keywords ``AND``/``OR``/``NOT``/``TO``/``IN`` and parentheses are
plain text, so a hostile value cannot close the string or add a condition. Values that cannot be
meant (control characters, more than :data:`MAX_VALUE_CHARS` characters, non-finite numbers) are
refused with :class:`~service.errors.InvalidInput` instead of being escaped.

Attribute names are ours, never the user's; they are checked against the parser's word rule anyway.
``tests/meili_filter_grammar.py`` re-implements the documented grammar and parses every expression
this module can produce.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence

from service.errors import InvalidInput
from service.i18n import N_
from service.search.base import SearchRequest
from service.search.documents import date_number

MAX_VALUE_CHARS = 200
MAX_IN_VALUES = 50
RESERVED_WORDS = frozenset({"AND", "OR", "IN", "NOT", "TO", "EXISTS", "IS", "NULL", "EMPTY", "CONTAINS",
                            "STARTS", "WITH", "_geo", "_geoRadius", "_geoBoundingBox", "_geoPoint",
                            "_geoDistance"})
_ATTRIBUTE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
LAST_DAY = 99_991_230  # the embedded engine's upper bound for open date ranges


def attribute(name: str) -> str:
    if not _ATTRIBUTE.fullmatch(name) or name in RESERVED_WORDS:
        raise ValueError(f"{name!r} is not a filterable attribute name")  # a programming error
    return name


def quote(value: str) -> str:
    """``value`` as a double-quoted filter string that reads back as exactly ``value``."""
    if len(value) > MAX_VALUE_CHARS:
        raise InvalidInput(template=N_("a filter value is longer than %(n)s characters"), params={"n": MAX_VALUE_CHARS})
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in value):
        raise InvalidInput(template=N_("a filter value contains control characters"))
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def number(value: float) -> str:
    if isinstance(value, bool) or not math.isfinite(value):
        raise InvalidInput(f"{value!r} is not a finite number")
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def equals(name: str, value: str) -> str:
    return f"{attribute(name)} = {quote(value)}"


def one_of(name: str, values: Sequence[str]) -> str:
    distinct = list(dict.fromkeys(values))
    if not distinct:
        raise ValueError(f"one_of({name!r}) needs at least one value")
    if len(distinct) > MAX_IN_VALUES:
        raise InvalidInput(template=N_("at most %(n)s values may be given for %(name)s"),
                           params={"n": MAX_IN_VALUES, "name": name})
    return f"{attribute(name)} IN [{', '.join(quote(v) for v in distinct)}]"


def between(name: str, low: float, high: float) -> str:
    return f"{attribute(name)} {number(low)} TO {number(high)}"


def at_least(name: str, low: float) -> str:
    return f"{attribute(name)} >= {number(low)}"


def geo_radius(lat: float, lon: float, meters: float) -> str:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not meters > 0:
        raise InvalidInput(f"no geo radius around ({lat}, {lon}) with {meters} m")
    return f"_geoRadius({lat:.6f}, {lon:.6f}, {number(round(meters, 1))})"


def all_of(conditions: Iterable[str]) -> str | None:
    """``AND`` of the conditions, each in parentheses so none can re-associate with its neighbours."""
    parts = [f"({c})" for c in conditions]
    return " AND ".join(parts) if parts else None


# Sorts ------------------------------------------------------------------------------------------
def ascending(name: str) -> str:
    return f"{attribute(name)}:asc"


def nearest_first(lat: float, lon: float) -> str:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidInput(f"({lat}, {lon}) is not a coordinate")
    return f"_geoPoint({lat:.6f}, {lon:.6f}):asc"


# The request -----------------------------------------------------------------------------------
def flag(value: bool) -> str:
    return "yes" if value else "no"


def request_filter(request: SearchRequest, *, with_types: bool = True) -> str | None:
    """The filter for ``request``: the same selection as the embedded engine's ``_filters``.

    ``with_types=False`` leaves out the course-type condition: facet counts show every type.
    """
    conditions: list[str] = []
    if with_types and request.course_types:
        conditions.append(one_of("course_type", request.course_types))
    if request.geo is not None:
        conditions.append(geo_radius(request.geo.lat, request.geo.lon, request.geo.radius_km * 1000))
    if request.start_from or request.start_to:
        conditions.append(between("start", date_number(request.start_from) or 0,
                                  date_number(request.start_to) or LAST_DAY))
    if request.free_seats:
        conditions.append(at_least("free_seats", 1))
    if request.childcare is not None:
        conditions.append(equals("childcare", flag(request.childcare)))
    if request.barrier_free is not None:
        conditions.append(equals("barrier_free", flag(request.barrier_free)))
    if request.schedule:
        conditions.append(one_of("schedule", request.schedule))
    return all_of(conditions)
