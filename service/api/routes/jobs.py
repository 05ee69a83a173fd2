"""GET /jobs: translation progress (done, pending, failed, rate), overall and per language, and the
search index's backlog (updates written to the store and not yet searchable)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from service.api.deps import RuntimeDep
from service.search import outbox

router = APIRouter(tags=["translation"])


class LanguageJobsOut(BaseModel):
    pending: int
    running: int
    done: int
    failed: int
    done_last_5_min: int
    waiting_for_model: bool = Field(description="jobs wait because no model for this language is installed")


class IndexJobsOut(BaseModel):
    pending: int = Field(description="course updates and retirements not yet in the search index")
    oldest_age_s: float = Field(description="seconds the oldest of them has waited")
    max_attempts: int = Field(description="failed attempts of the most-retried one (0: none failing)")
    last_error: str | None = None


class JobsOut(BaseModel):
    pending: int
    running: int
    done: int
    failed: int
    cancelled: int
    rate_per_minute: float = Field(description="jobs (course x language) finished per minute, recently")
    last_error: str | None = None
    languages: dict[str, LanguageJobsOut]
    index: IndexJobsOut = Field(description="the search index's backlog (after ingest, translation and "
                                            "glossary changes)")


@router.get("/jobs", operation_id="translation_jobs", response_model=JobsOut)
def translation_jobs(runtime: RuntimeDep) -> dict[str, Any]:
    """The translation queue (one job per course and target language) and the index's backlog."""
    return {**runtime.translation.jobs().as_dict(), "index": outbox.backlog(runtime.store)}
