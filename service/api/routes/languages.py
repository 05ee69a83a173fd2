"""GET /languages: the configured languages, what this installation can translate, and coverage."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from service.api.deps import RuntimeDep
from service.translate.languages import SOURCE_LANGUAGE

router = APIRouter(tags=["translation"])


class LanguageOut(BaseModel):
    code: str = Field(description="BCP 47 code")
    name: str = Field(description="the language's name in its own script")
    english_name: str
    rtl: bool
    glossary_only: bool = Field(description="no Argos model exists: glossary texts, running text in en, then de")
    machine_translatable: bool = Field(description="a model (direct or via English) is installed here")
    model_version: str | None = None
    coverage: float = Field(description="share of the active courses' fields with a current translation")
    fields: dict[str, int] = Field(description="current, outdated, needs_review, machine, glossary, human, total")


class LanguagesOut(BaseModel):
    source: str
    languages: list[LanguageOut]


@router.get("/languages", operation_id="list_languages", response_model=LanguagesOut)
def list_languages(runtime: RuntimeDep) -> dict[str, Any]:
    return {"source": SOURCE_LANGUAGE,
            "languages": [status.as_dict() for status in runtime.translation.languages()]}
