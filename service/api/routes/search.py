"""GET /search: full-text search with filters, facets and pagination."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from service.api.deps import RuntimeDep
from service.api.schemas import DetectedLanguageOut, SearchHit, SearchResponse
from service.search.base import SortOrder
from service.search.service import SearchParams

router = APIRouter(tags=["search"])


@router.get("/search", operation_id="search_courses", response_model=SearchResponse)
def search_courses(
    runtime: RuntimeDep,
    request: Request,
    q: Annotated[str, Query(max_length=200, description="words in any language; may be empty")] = "",
    lang: Annotated[str | None, Query(description="language to show hits in (and of the query)")] = None,
    course_type: Annotated[list[str], Query(description="one or more course types")] = [],  # noqa: B006
    plz: Annotated[str | None, Query(pattern=r"^\d{5}$", description="German postal code")] = None,
    radius_km: Annotated[float | None, Query(gt=0, le=500)] = None,
    start_from: date | None = None,
    start_to: date | None = None,
    free_seats: bool = False,
    childcare: bool | None = None,
    barrier_free: bool | None = None,
    schedule: Annotated[list[str], Query()] = [],  # noqa: B006
    sort: SortOrder | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> Response:
    params = SearchParams(q=q, lang=lang, accept_language=request.headers.get("accept-language"),
                          course_types=course_type, plz=plz, radius_km=radius_km, start_from=start_from,
                          start_to=start_to, free_seats=free_seats, childcare=childcare,
                          barrier_free=barrier_free, schedule=schedule, sort=sort, limit=limit, offset=offset)
    outcome = runtime.search.search(params)
    hits = [SearchHit(**runtime.search.render_hit(outcome, outcome.courses[h.id], h.score, h.distance_km))
            for h in outcome.result.hits if h.id in outcome.courses]
    detected = outcome.detected
    body = SearchResponse(
        hits=hits, total=outcome.result.total, offset=offset, limit=limit, facets=outcome.result.facets,
        matched_by=outcome.result.matched_by, lang=outcome.display_lang,
        query_language=DetectedLanguageOut(lang=detected.lang, confidence=detected.confidence,
                                           method=detected.method) if detected else None,
    )
    # Built and checked as a SearchResponse above (the schema in /openapi.json); serialized once here
    # instead of FastAPI dumping, re-validating and serializing it again (the hottest route).
    return Response(body.model_dump_json(), media_type="application/json",
                    headers={"Content-Language": outcome.display_lang, "Vary": "Accept-Language"})
