"""GET /suggest: course-type and term completions in the query's language, for every keystroke.

An ``async`` handler on purpose: the lookup takes microseconds (an in-memory index and one meta row
read), less than the hop to the thread pool a sync handler would cost on every keystroke.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from service.api.deps import RuntimeDep
from service.errors import Unavailable
from service.i18n import N_, canonical

router = APIRouter(tags=["search"])


class SuggestionOut(BaseModel):
    text: str
    kind: str = Field(description="course_type | term")
    course_type: str | None = Field(None, description="the course type to filter by, for kind course_type")


class SuggestResponse(BaseModel):
    suggestions: list[SuggestionOut]


@router.get("/suggest", operation_id="suggest", response_model=SuggestResponse, response_model_exclude_none=True)
async def suggest(runtime: RuntimeDep,
            q: Annotated[str, Query(max_length=100, description="what the person has typed so far")] = "",
            lang: Annotated[str | None, Query(description="the query's language; all languages if absent")] = None,
            limit: Annotated[int, Query(ge=1, le=20)] = 8) -> SuggestResponse:
    if runtime.glossary is None:
        raise Unavailable(template=N_("suggestions need the glossary"))
    found = runtime.glossary.suggest.suggest(q, canonical(lang), limit)
    return SuggestResponse(suggestions=[SuggestionOut(text=s.text, kind=s.kind, course_type=s.course_type)
                                        for s in found])
