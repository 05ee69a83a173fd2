"""GET /jobs: translation progress (done, pending, failed, rate), overall and per language."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from service.api.deps import RuntimeDep

router = APIRouter(tags=["translation"])


class LanguageJobsOut(BaseModel):
    pending: int
    running: int
    done: int
    failed: int
    done_last_5_min: int
    waiting_for_model: bool = Field(description="jobs wait because no model for this language is installed")


class JobsOut(BaseModel):
    pending: int
    running: int
    done: int
    failed: int
    cancelled: int
    rate_per_minute: float = Field(description="jobs (course x language) finished per minute, recently")
    last_error: str | None = None
    languages: dict[str, LanguageJobsOut]


@router.get("/jobs", operation_id="translation_jobs", response_model=JobsOut)
def translation_jobs(runtime: RuntimeDep) -> dict[str, Any]:
    """The translation queue: one job per course and target language."""
    return runtime.translation.jobs().as_dict()
