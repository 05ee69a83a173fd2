"""Judged queries: the TSV format of a development set and how one hit is graded against it.

One query per line, tab-separated; ``#`` starts a comment line; a header line starting with
``query`` is skipped::

    query <TAB> lang <TAB> expected <TAB> filters <TAB> tags

- ``lang``: the language of the person typing (the per-language tables group by it).
- ``expected``: what the person meant, space- or comma-separated: course ids (``source:id``,
  grade 2), course types (``type:<course_type>``, grade 1) and conditions a course of such a
  type must also meet (``schedule:evening``, ``childcare:true``, ``level:A1``, ``city:Berlin``; several
  values of one condition are alternatives). A listed id counts whatever its type.
- ``filters`` (optional): what the person set in the search form, as a URL query string
  (``plz=86150&radius_km=25&childcare=true``): they are passed to the search, and a course outside
  them is never relevant.
- ``tags`` (optional, comma-separated): ``typo``, ``translit``, ``plural`` ... for reading the
  results; ``ambiguous`` marks text whose language cannot be told from the text alone (German
  words, Latin transliterations): such queries are left out of the detection accuracy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from service import geo
from service.courses import CEFR_LEVELS, Course, CourseType, Schedule
from service.errors import InvalidInput

ID_GRADE = 2
TYPE_GRADE = 1
CONDITIONS = ("schedule", "childcare", "level", "city")
AMBIGUOUS = "ambiguous"
FILTER_KEYS = frozenset({"plz", "radius_km", "childcare", "barrier_free", "free_seats", "schedule",
                         "course_type", "start_from", "start_to"})
_LIST_FILTERS = frozenset({"schedule", "course_type"})
_BOOL_FILTERS = frozenset({"childcare", "barrier_free", "free_seats"})
_TYPES = frozenset(t.value for t in CourseType)
_SCHEDULES = frozenset(s.value for s in Schedule)
#: The radius the search uses for a postal code without one (``service.search.service``).
DEFAULT_RADIUS_KM = 10.0


@dataclass(frozen=True, slots=True)
class Judgement:
    """What a person meant: these courses (grade 2) or any course of these types (grade 1)."""

    ids: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    conditions: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def grade(self, course: Course) -> int:
        if course.id in self.ids:
            return ID_GRADE
        if str(course.course_type) in self.types and self._meets_conditions(course):
            return TYPE_GRADE
        return 0

    def _meets_conditions(self, course: Course) -> bool:
        for name, wanted in self.conditions.items():
            if name == "schedule" and not wanted & {str(s) for s in course.schedule}:
                return False
            if name == "childcare" and str(bool(course.childcare)).lower() not in wanted:
                return False
            if name == "level" and (course.level or "") not in wanted:
                return False
            if name == "city" and (course.city or "").casefold() not in wanted:
                return False
        return True


@dataclass(frozen=True, slots=True)
class Filters:
    """The search-form filters of a query (the search's own parameter names); :meth:`admits` judges
    a course by them, independently of the engine."""

    plz: str | None = None
    radius_km: float | None = None
    childcare: bool | None = None
    barrier_free: bool | None = None
    free_seats: bool = False
    schedule: tuple[str, ...] = ()
    course_types: tuple[str, ...] = ()
    start_from: date | None = None
    start_to: date | None = None

    def admits(self, course: Course, postal_codes: Mapping[str, float] | None = None) -> bool:
        """``postal_codes``: the codes inside the radius (see :meth:`postal_codes`), when a PLZ is set."""
        if self.course_types and str(course.course_type) not in self.course_types:
            return False
        if self.schedule and not set(self.schedule) & {str(s) for s in course.schedule}:
            return False
        if self.childcare is not None and course.childcare is not self.childcare:
            return False
        if self.barrier_free is not None and course.barrier_free is not self.barrier_free:
            return False
        if self.free_seats and not course.free_seats:
            return False
        start = course.start_date
        if (self.start_from or self.start_to) and start is None:
            return False
        if start and ((self.start_from and start < self.start_from) or (self.start_to and start > self.start_to)):
            return False
        return postal_codes is None or course.postal_code in postal_codes

    def postal_codes(self) -> dict[str, float] | None:
        if self.plz is None:
            return None
        lat, lon = geo.center_of(self.plz)
        return geo.postal_codes_within(lat, lon, self.radius_km or DEFAULT_RADIUS_KM)


@dataclass(frozen=True, slots=True)
class EvalQuery:
    line: int
    query: str
    lang: str
    expected: Judgement
    filters: Filters = field(default_factory=Filters)
    tags: frozenset[str] = frozenset()

    @property
    def words(self) -> int:
        return len(self.query.split())

    @property
    def detectable(self) -> bool:
        return AMBIGUOUS not in self.tags


def parse_expected(text: str) -> Judgement:
    ids: set[str] = set()
    types: set[str] = set()
    conditions: dict[str, set[str]] = {}
    for token in (t for t in re.split(r"[\s,]+", text.strip()) if t):
        prefix, sep, value = token.partition(":")
        if not sep or not value:
            raise ValueError(f"expected item {token!r} is neither source:id nor type:<course_type>")
        if prefix == "type":
            if value not in _TYPES:
                raise ValueError(f"unknown course type {value!r}")
            types.add(value)
        elif prefix in CONDITIONS:
            conditions.setdefault(prefix, set()).add(_condition_value(prefix, value))
        else:
            ids.add(token)
    if conditions and not types:
        raise ValueError("conditions (schedule:, childcare:, level:, city:) need a type:")
    if not ids and not types:
        raise ValueError("expected names no course id and no course type")
    return Judgement(frozenset(ids), frozenset(types), {k: frozenset(v) for k, v in conditions.items()})


def _condition_value(name: str, value: str) -> str:
    if name == "schedule" and value not in _SCHEDULES:
        raise ValueError(f"unknown schedule {value!r}")
    if name == "childcare" and value not in ("true", "false"):
        raise ValueError("childcare: is true or false")
    if name == "city":
        return value.replace("_", " ").casefold()
    if name == "level":
        value = value.upper()
        if value not in CEFR_LEVELS:
            raise ValueError(f"unknown level {value!r}")
    return value


def parse_filters(text: str) -> Filters:
    values: dict[str, Any] = {}
    for key, raw in parse_qsl(text.strip(), keep_blank_values=False, strict_parsing=bool(text.strip())):
        if key not in FILTER_KEYS:
            raise ValueError(f"unknown filter {key!r}; known: {', '.join(sorted(FILTER_KEYS))}")
        name = "course_types" if key == "course_type" else key
        values[name] = _filter_value(key, raw, values.get(name))
    if "radius_km" in values and "plz" not in values:
        raise ValueError("radius_km needs plz")
    return Filters(**values)


def _filter_value(key: str, raw: str, previous: object) -> object:
    if key in _LIST_FILTERS:
        known = _TYPES if key == "course_type" else _SCHEDULES
        if raw not in known:
            raise ValueError(f"unknown {key} {raw!r}")
        return (*previous, raw) if isinstance(previous, tuple) else (raw,)
    if key in _BOOL_FILTERS:
        if raw not in ("true", "false"):
            raise ValueError(f"{key} is true or false")
        return raw == "true"
    if key == "radius_km":
        return float(raw)
    if key in ("start_from", "start_to"):
        return date.fromisoformat(raw)
    if not re.fullmatch(r"\d{5}", raw):
        raise ValueError("plz is a five-digit postal code")
    return raw


def parse_lines(lines: Iterable[str], *, name: str = "<queries>") -> list[EvalQuery]:
    queries: list[EvalQuery] = []
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#") or line.startswith("query\t"):
            continue
        cells = line.split("\t")
        if len(cells) < 3:
            raise InvalidInput(f"{name}:{number}: a line needs query, lang and expected (tab-separated)")
        cells += [""] * (5 - len(cells))
        query, lang, expected, filters, tags = (cell.strip() for cell in cells[:5])
        if not query or not lang:
            raise InvalidInput(f"{name}:{number}: query and lang must not be empty")
        try:
            queries.append(EvalQuery(number, query, lang.lower(), parse_expected(expected),
                                     parse_filters(filters),
                                     frozenset(t.strip() for t in tags.split(",") if t.strip())))
        except ValueError as exc:
            raise InvalidInput(f"{name}:{number}: {exc}") from exc
    return queries


def load_queries(path: Path) -> list[EvalQuery]:
    """The judged queries of a TSV file (see the module docstring); a bad line names its number."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read {path}: {exc}") from exc
    queries = parse_lines(text.splitlines(), name=path.name)
    if not queries:
        raise InvalidInput(f"{path} holds no query")
    return queries
