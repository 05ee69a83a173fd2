"""Courses: read one (public), write one or many as JSON, upload a source file (admin)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile

from service.api.deps import AdminDep, RuntimeDep
from service.api.schemas import IngestReportOut
from service.courses import Course
from service.errors import InvalidInput, NotFound
from service.i18n import N_
from service.ingest import parse_file
from service.ingest.base import ParseResult, SourceFormat

router = APIRouter(tags=["courses"])

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


@router.get("/courses/{course_id}", operation_id="get_course", response_model=Course)
def get_course(course_id: str, runtime: RuntimeDep) -> Course:
    stored = runtime.store.get_course(course_id)
    if stored is None:
        raise NotFound(template=N_("no active course with id %(id)s"), params={"id": repr(course_id)})
    return stored.course


@router.post("/courses", operation_id="upsert_courses", response_model=IngestReportOut)
def upsert_courses(courses: list[Course], runtime: RuntimeDep, _: AdminDep) -> dict[str, Any]:
    """Create or update courses (never retires others: that is what a full file import does)."""
    if not courses:
        raise InvalidInput(template=N_("send a JSON array with at least one course"))
    result = ParseResult(source=courses[0].source if len({c.source for c in courses}) == 1 else "",
                         format=SourceFormat.KURSFINDER_JSON)
    for course in courses:
        result.rows_read += 1
        result.courses.append(course)
    return runtime.catalog.apply(result, full=False).as_dict()


@router.post("/ingest", operation_id="ingest_file", response_model=IngestReportOut)
async def ingest_file(
    runtime: RuntimeDep,
    _: AdminDep,
    file: Annotated[UploadFile, File(description="NAvI CSV, Berlin VHS JSON feed or Kursfinder JSON")],
    format: Annotated[SourceFormat | None, Form(description="detected from the content when not given")] = None,
    source: Annotated[str | None, Form(description="source name for NAvI CSV (default 'navi')")] = None,
    full: Annotated[bool, Form(description="the file lists all of the source's courses")] = True,
) -> dict[str, Any]:
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise InvalidInput(template=N_("the file is larger than %(mb)s MB; split it"),
                           params={"mb": MAX_UPLOAD_BYTES // 1_048_576})
    result = parse_file(data, format=format, filename=file.filename, source=source)
    return runtime.catalog.apply(result, full=full, filename=file.filename).as_dict()
