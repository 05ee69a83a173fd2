"""The glossary API: what translators do in the UI, as JSON (translator or admin key).

- ``GET    /glossary/concepts``                          list, filtered by lang, status, missing terms
- ``POST   /glossary/concepts``                          a new concept
- ``GET    /glossary/concepts/{key}``                    one concept with every language
- ``PUT    /glossary/concepts/{key}/terms/{lang}``       edit a language's terms (re-translates and
                                                         re-indexes only the courses that use it)
- ``POST   /glossary/concepts/{key}/terms/{lang}/approve``
- ``DELETE /glossary/concepts/{key}/terms/{lang}``
- ``GET    /glossary/concepts/{key}/courses``            the courses that use the concept
- ``GET    /glossary/audit``                             every change: who, when, old -> new
- ``GET    /glossary/problems``                          machine translations where enforcement failed
- ``GET    /glossary/export?format=tbx|csv``             ``POST /glossary/import`` (admin)
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from service.api.auth import presented_key
from service.api.deps import AdminDep, RuntimeDep, TranslatorDep
from service.errors import InvalidInput, Unavailable
from service.glossary.exchange import MAX_IMPORT_BYTES, MEDIA_TYPES, ExchangeFormat, export, import_file
from service.glossary.problems import enforcement_problems
from service.glossary.service import GlossaryService
from service.i18n import N_
from service.runtime import Runtime

router = APIRouter(prefix="/glossary", tags=["glossary"])


class TermEntryIn(BaseModel):
    preferred: str = Field(min_length=1, max_length=200)
    variants: list[str] = Field(default_factory=list, max_length=100)
    forbidden: list[str] = Field(default_factory=list, max_length=100)
    note: str = Field("", max_length=2000)
    status: str | None = Field(None, description="draft | approved; an edit without it is a draft")
    keep_old_as_variant: bool = Field(False, description="keep the previous preferred term as a variant")


class ConceptIn(BaseModel):
    key: str = Field(min_length=1, max_length=80)
    kind: str = "general"
    note: str = Field("", max_length=2000)


class ChangeOut(BaseModel):
    concept_key: str
    lang: str | None
    courses: int = Field(description="courses queued for re-indexing")
    translation_jobs: int = Field(description="translation jobs queued (see GET /jobs)")


def glossary_service(runtime: Runtime) -> GlossaryService:
    if runtime.glossary is None:
        raise Unavailable(template=N_("the glossary is not configured on this server"))
    return runtime.glossary.service


def actor(request: Request, role: str) -> str:
    """Who did it, for the audit log: the role and a fingerprint of the key (never the key)."""
    key = presented_key(request) or ""
    return f"{role}:{hashlib.sha256(key.encode()).hexdigest()[:8]}"


def concept_out(runtime: Runtime, key: str) -> dict[str, Any]:
    concept = glossary_service(runtime).concept(key)
    return {**concept.as_dict(), "courses": len(glossary_service(runtime).repository.courses_using(key))}


@router.get("/concepts", operation_id="list_glossary_concepts")
def list_concepts(runtime: RuntimeDep, _: TranslatorDep, lang: str | None = None,
                  status: str | None = None, missing: bool = False, q: str = "",
                  kind: str | None = None) -> dict[str, Any]:
    rows = glossary_service(runtime).list_concepts(lang=lang, status=status, missing=missing, q=q, kind=kind)
    return {"concepts": [{**row.concept.as_dict(), "courses": row.courses} for row in rows], "total": len(rows)}


@router.post("/concepts", operation_id="create_glossary_concept", status_code=201)
def create_concept(body: ConceptIn, runtime: RuntimeDep, role: TranslatorDep, request: Request) -> dict[str, Any]:
    glossary_service(runtime).create_concept(body.key, body.kind, body.note, actor(request, role))
    return concept_out(runtime, body.key)


@router.get("/concepts/{key}", operation_id="get_glossary_concept")
def get_concept(key: str, runtime: RuntimeDep, _: TranslatorDep) -> dict[str, Any]:
    return concept_out(runtime, key)


@router.put("/concepts/{key}/terms/{lang}", operation_id="put_glossary_terms", response_model=ChangeOut)
def put_terms(key: str, lang: str, body: TermEntryIn, runtime: RuntimeDep, role: TranslatorDep,
              request: Request) -> dict[str, Any]:
    report = glossary_service(runtime).put_entry(
        key, lang, preferred=body.preferred, variants=body.variants, forbidden=body.forbidden, note=body.note,
        status=body.status, keep_old_as_variant=body.keep_old_as_variant, who=actor(request, role))
    return report.as_dict()


@router.post("/concepts/{key}/terms/{lang}/approve", operation_id="approve_glossary_terms",
             response_model=ChangeOut)
def approve_terms(key: str, lang: str, runtime: RuntimeDep, role: TranslatorDep, request: Request) -> dict[str, Any]:
    return glossary_service(runtime).approve(key, lang, actor(request, role)).as_dict()


@router.delete("/concepts/{key}/terms/{lang}", operation_id="delete_glossary_terms", response_model=ChangeOut)
def delete_terms(key: str, lang: str, runtime: RuntimeDep, role: TranslatorDep, request: Request) -> dict[str, Any]:
    return glossary_service(runtime).delete_entry(key, lang, actor(request, role)).as_dict()


@router.get("/concepts/{key}/courses", operation_id="list_glossary_concept_courses")
def concept_courses(key: str, runtime: RuntimeDep, _: TranslatorDep,
                    limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> dict[str, Any]:
    ids = glossary_service(runtime).courses_using(key, limit)
    courses = runtime.store.get_courses(ids)
    return {"concept_key": key, "courses": [{"id": cid, "title": courses[cid].title,
                                             "course_type": str(courses[cid].course_type)}
                                            for cid in ids if cid in courses]}


@router.get("/audit", operation_id="glossary_audit_log")
def audit_log(runtime: RuntimeDep, _: TranslatorDep, key: str | None = None, lang: str | None = None,
              limit: Annotated[int, Query(ge=1, le=1000)] = 100, before: int | None = None) -> dict[str, Any]:
    entries = glossary_service(runtime).audit_log(key=key, lang=lang, limit=limit, before=before)
    return {"entries": [entry.as_dict() for entry in entries]}


@router.get("/problems", operation_id="glossary_enforcement_problems")
def problems(runtime: RuntimeDep, _: TranslatorDep, lang: str | None = None,
             limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> dict[str, Any]:
    """Machine translations where glossary enforcement failed (a term missing, a forbidden one removed)."""
    return {"problems": [p.as_dict() for p in enforcement_problems(runtime.store, lang=lang, limit=limit)]}


@router.get("/export", operation_id="export_glossary")
def export_glossary(runtime: RuntimeDep, _: TranslatorDep, format: ExchangeFormat = ExchangeFormat.TBX) -> Response:
    body = export(glossary_service(runtime), format)
    return Response(body, media_type=MEDIA_TYPES[format],
                    headers={"Content-Disposition": f'attachment; filename="kursfinder-glossary.{format}"'})


@router.post("/import", operation_id="import_glossary")
async def import_glossary(runtime: RuntimeDep, role: AdminDep, request: Request,
                          file: Annotated[UploadFile, File(description="TBX (TBX-Basic) or CSV")],
                          format: Annotated[ExchangeFormat | None, Form()] = None) -> dict[str, Any]:
    data = await file.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise InvalidInput(template=N_("the file is larger than %(mb)s MB"),
                           params={"mb": MAX_IMPORT_BYTES // 1_048_576})
    report = import_file(glossary_service(runtime), data, fmt=format, filename=file.filename,
                         who=actor(request, role))
    return report.as_dict()
