"""The course: Kursfinder's one domain record, and its controlled vocabularies.

A course comes from a source (a NAvI export, the Berlin VHS feed, the JSON API) and is identified
as ``<source>:<source's own id>``. Everything a person filters or reads is a field here; the store
keeps it as JSON, search indexes are built from it.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SOURCE_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,39}$"


class CourseType(StrEnum):
    """BAMF course types plus the other courses migrants look for.

    The values are stable public identifiers (API, filters, glossary concepts); labels live in
    :data:`COURSE_TYPE_LABELS_DE` and, per language, in the glossary.
    """

    INTEGRATION_GENERAL = "integration_general"  # Allgemeiner Integrationskurs
    INTEGRATION_LITERACY = "integration_literacy"  # Integrationskurs mit Alphabetisierung
    INTEGRATION_YOUTH = "integration_youth"  # Jugendintegrationskurs
    INTEGRATION_PARENTS = "integration_parents"  # Eltern- bzw. Frauenintegrationskurs
    INTEGRATION_SECOND_SCRIPT = "integration_second_script"  # Zweitschriftlernende
    INTEGRATION_INTENSIVE = "integration_intensive"  # Intensivkurs
    INTEGRATION_REMEDIAL = "integration_remedial"  # Förderkurs
    ORIENTATION_COURSE = "orientation_course"  # Orientierungskurs (part of the integration course)
    JOB_GERMAN = "job_german"  # Berufssprachkurs (DeuFöV)
    INITIAL_ORIENTATION = "initial_orientation"  # Erstorientierungskurs
    GERMAN_COURSE = "german_course"  # Deutschkurs by CEFR level
    LITERACY = "literacy"  # Alphabetisierungskurs outside the integration course
    TEST_PREPARATION = "test_preparation"  # Einbürgerungstest / LiD / DTZ / telc preparation
    OTHER = "other"


COURSE_TYPE_LABELS_DE: dict[CourseType, str] = {
    CourseType.INTEGRATION_GENERAL: "Allgemeiner Integrationskurs",
    CourseType.INTEGRATION_LITERACY: "Integrationskurs mit Alphabetisierung",
    CourseType.INTEGRATION_YOUTH: "Jugendintegrationskurs",
    CourseType.INTEGRATION_PARENTS: "Eltern- und Frauenintegrationskurs",
    CourseType.INTEGRATION_SECOND_SCRIPT: "Integrationskurs für Zweitschriftlernende",
    CourseType.INTEGRATION_INTENSIVE: "Intensivkurs (Integrationskurs)",
    CourseType.INTEGRATION_REMEDIAL: "Förderkurs (Integrationskurs)",
    CourseType.ORIENTATION_COURSE: "Orientierungskurs",
    CourseType.JOB_GERMAN: "Berufssprachkurs",
    CourseType.INITIAL_ORIENTATION: "Erstorientierungskurs",
    CourseType.GERMAN_COURSE: "Deutschkurs",
    CourseType.LITERACY: "Alphabetisierungskurs",
    CourseType.TEST_PREPARATION: "Prüfungsvorbereitung (Einbürgerungstest, DTZ)",
    CourseType.OTHER: "Sonstiger Kurs",
}

CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")


class Schedule(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    WEEKEND = "weekend"


class Mode(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


Text = Annotated[str, Field(max_length=20_000)]


class Course(BaseModel):
    """One course as Kursfinder keeps it (the API's course schema)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    # Filled in from source and source_id when left out (in the check after validation: a check before
    # it would make pydantic parse stored JSON through Python dicts, twice as slow on every search hit).
    id: str = Field(default="", description="`<source>:<source_id>`, e.g. `vhs-berlin:531327`; "
                                             "filled in when left out")
    source: str = Field(pattern=SOURCE_PATTERN)
    source_id: str = Field(min_length=1, max_length=200)
    course_type: CourseType = CourseType.OTHER
    level: str | None = Field(default=None, description="CEFR level A1..C2 where known")
    title: str = Field(min_length=1, max_length=500)
    subtitle: str | None = Field(default=None, max_length=2_000)
    description: Text | None = None
    provider: str | None = Field(default=None, max_length=300)
    target_group: str | None = Field(default=None, max_length=1_000)
    keywords: list[str] = Field(default_factory=list)
    street: str | None = Field(default=None, max_length=300)
    postal_code: str | None = Field(default=None, pattern=r"^\d{5}$")
    city: str | None = Field(default=None, max_length=200)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    start_date: date | None = None
    end_date: date | None = None
    schedule: list[Schedule] = Field(default_factory=list)
    mode: Mode = Mode.IN_PERSON
    sessions: int | None = Field(default=None, ge=0)
    free_seats: int | None = Field(default=None, ge=0, description="null when the source does not say")
    max_participants: int | None = Field(default=None, ge=0)
    childcare: bool | None = None
    barrier_free: bool | None = None
    price: float | None = Field(default=None, ge=0)
    price_note: str | None = Field(default=None, max_length=500)
    url: str | None = Field(default=None, max_length=2_000, description="the source's own detail page")
    updated_at: datetime | None = Field(default=None, description="when the source last changed it")

    @field_validator("level")
    @classmethod
    def _cefr(cls, value: str | None) -> str | None:
        if value is None:
            return None
        level = value.strip().upper()
        if level not in CEFR_LEVELS:
            raise ValueError(f"level must be one of {', '.join(CEFR_LEVELS)}")
        return level

    @field_validator("keywords")
    @classmethod
    def _keywords(cls, value: list[str]) -> list[str]:
        seen: dict[str, None] = {}
        for keyword in value:
            keyword = keyword.strip()
            if keyword:
                seen.setdefault(keyword, None)
        return list(seen)

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("url must start with http:// or https://")
        return value or None

    @model_validator(mode="after")
    def _consistent(self) -> Course:
        if not self.id:
            self.id = f"{self.source}:{self.source_id}"
        if self.id != f"{self.source}:{self.source_id}":
            raise ValueError(f"id must be '{self.source}:{self.source_id}'")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        return self

    def content_hash(self) -> str:
        """A digest of everything but ``updated_at``: equal digests mean nothing to re-do."""
        # pydantic writes fields in their declared order and the model holds no mappings, so the JSON
        # is canonical as it is (5x cheaper than dumping to Python and sorting: 100k courses per import)
        return hashlib.sha256(self.model_dump_json(exclude={"updated_at"}).encode()).hexdigest()[:32]

    def translatable_fields(self) -> dict[str, str]:
        """The running-text fields machine translation works on (field name -> German text)."""
        fields = {"title": self.title, "subtitle": self.subtitle, "description": self.description}
        return {name: text for name, text in fields.items() if text}


def make_course_id(source: str, source_id: str) -> str:
    return f"{source}:{source_id}"
