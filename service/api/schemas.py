"""Response models of the HTTP API (the OpenAPI schema clients are generated from)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field


class FieldOrigin(BaseModel):
    lang: str = Field(description="the language the shown text is really in")
    origin: str = Field(description="source | machine | human | glossary")


class SearchHit(BaseModel):
    id: str
    source_id: str
    source: str
    title: str
    title_highlighted: str | None = Field(None, description="HTML-escaped title with <mark> around matches")
    subtitle: str | None = None
    subtitle_highlighted: str | None = None
    course_type: str
    level: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    city: str | None = None
    postal_code: str | None = None
    distance_km: float | None = None
    free_seats: int | None = None
    childcare: bool | None = None
    barrier_free: bool | None = None
    schedule: list[str] = []
    provider: str | None = None
    url: str | None = Field(None, description="the source's own detail page")
    score: float
    lang: str
    fields: dict[str, FieldOrigin] = Field(default_factory=dict, description="per field: language and origin")
    machine_translated: bool = False


class DetectedLanguageOut(BaseModel):
    lang: str
    confidence: float
    method: str


class SearchResponse(BaseModel):
    hits: list[SearchHit]
    total: int
    offset: int
    limit: int
    facets: dict[str, dict[str, int]]
    matched_by: str = Field(description="all (every word), any (fallback: no course had every word), filters")
    query_language: DetectedLanguageOut | None = None
    lang: str = Field(description="the language hits are shown in")


class IngestErrorOut(BaseModel):
    row: int
    field: str
    reason: str
    value: str | None = None


class IngestReportOut(BaseModel):
    source: str
    format: str
    filename: str | None = None
    rows_read: int
    new: int
    updated: int
    unchanged: int
    retired: int
    rejected: int
    errors: list[IngestErrorOut]
    warnings: list[str]
    run_id: int | None = None


class HealthOut(BaseModel):
    status: str
    version: str
    store: dict[str, Any]
    engine: dict[str, Any]
    outbox: dict[str, Any]
