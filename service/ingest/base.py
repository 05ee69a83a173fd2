"""What every source parser returns: the courses it could read and one error per rejected row."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from service.courses import Course


class SourceFormat(StrEnum):
    NAVI_CSV = "navi-csv"
    VHS_BERLIN = "vhs-berlin"
    KURSFINDER_JSON = "kursfinder-json"


@dataclass(frozen=True, slots=True)
class RowError:
    """A rejected row: where it is (1-based data row or record number), which field, and why."""

    row: int
    field: str
    reason: str
    value: str | None = None

    def __str__(self) -> str:
        shown = f" (value: {self.value!r})" if self.value is not None else ""
        return f"row {self.row}: {self.field}: {self.reason}{shown}"


@dataclass(slots=True)
class ParsedRow:
    """One row's outcome: a course, or the errors that kept it out."""

    row: int
    course: Course | None = None
    errors: list[RowError] = field(default_factory=list)


@dataclass(slots=True)
class ParseResult:
    """Everything a parser read from one file. ``source`` names whose courses these are."""

    source: str
    format: SourceFormat
    courses: list[Course] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rows_read: int = 0
    warnings: list[str] = field(default_factory=list)

    def add(self, parsed: ParsedRow) -> None:
        self.rows_read += 1
        if parsed.course is not None and not parsed.errors:
            self.courses.append(parsed.course)
        else:
            self.errors.extend(parsed.errors)

    def __iter__(self) -> Iterator[Course]:
        return iter(self.courses)
