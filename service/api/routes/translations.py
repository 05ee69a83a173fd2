"""A course's translations: the localized view (public) and review by translators.

- ``GET  /courses/{id}/localized``                       fields in the reader's language, with fallbacks
- ``GET  /courses/{id}/translations``                    every field x language with origin and state
- ``PUT  /courses/{id}/translations/{lang}/{field}``     a translator's own text (origin human)
- ``POST /courses/{id}/translations/{lang}/{field}/accept``  end a review: keep the machine or human text
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from service.api.deps import RuntimeDep, TranslatorDep
from service.i18n import negotiate
from service.translate.records import TranslationRecord

router = APIRouter(tags=["translation"])

FieldName = Literal["title", "subtitle", "description"]


class TranslationOut(BaseModel):
    field: str
    lang: str
    text: str
    origin: str = Field(description="machine | glossary | human")
    state: str = Field(description="current | outdated | needs_review")
    source_text: str = Field(description="the German text this translates")
    model_version: str | None = None
    terms_ok: bool = Field(description="glossary terms were enforced without problems")
    problems: list[str]
    machine_text: str | None = Field(None, description="in review: the fresh machine translation of the new source")
    updated_at: str


class CourseTranslationsOut(BaseModel):
    course_id: str
    source: dict[str, str] = Field(description="the present German text per field")
    translations: list[TranslationOut]


class CorrectionIn(BaseModel):
    text: str = Field(min_length=1, max_length=20_000)


class DecisionIn(BaseModel):
    keep: Literal["machine", "human"] = "machine"


class LocalizedFieldOut(BaseModel):
    text: str
    lang: str = Field(description="the language the text is really in (after the fallback chain)")
    origin: str = Field(description="source | machine | human | glossary")
    machine_translated: bool
    rtl: bool


class LocalizedCourseOut(BaseModel):
    id: str
    lang: str = Field(description="the language asked for")
    fields: dict[str, LocalizedFieldOut]
    machine_translated: bool


def _out(record: TranslationRecord) -> dict[str, Any]:
    return {"field": record.field, "lang": record.lang, "text": record.text, "origin": str(record.origin),
            "state": str(record.state), "source_text": record.source_text, "model_version": record.model_version,
            "terms_ok": record.terms_ok, "problems": record.problems, "machine_text": record.machine_text,
            "updated_at": record.updated_at}


@router.get("/courses/{course_id}/localized", operation_id="get_localized_course", response_model=LocalizedCourseOut)
def get_localized_course(course_id: str, runtime: RuntimeDep, request: Request,
                         lang: Annotated[str | None, Query(description="else Accept-Language")] = None
                         ) -> dict[str, Any]:
    wanted = negotiate(lang, request.headers.get("accept-language"), runtime.settings.all_languages())
    course, fields = runtime.translation.localized(course_id, wanted)
    shown = {f.name: {"text": f.shown.text, "lang": f.shown.lang, "origin": f.shown.origin,
                      "machine_translated": f.shown.machine_translated, "rtl": f.rtl} for f in fields}
    return {"id": course.id, "lang": wanted, "fields": shown,
            "machine_translated": any(f.shown.machine_translated for f in fields)}


@router.get("/courses/{course_id}/translations", operation_id="list_course_translations",
            response_model=CourseTranslationsOut)
def list_course_translations(course_id: str, runtime: RuntimeDep, _: TranslatorDep) -> dict[str, Any]:
    course, records = runtime.translation.course_translations(course_id)
    return {"course_id": course.id, "source": course.translatable_fields(),
            "translations": [_out(record) for record in records]}


@router.put("/courses/{course_id}/translations/{lang}/{field}", operation_id="correct_translation",
            response_model=TranslationOut)
def correct_translation(course_id: str, lang: str, field: FieldName, body: CorrectionIn, runtime: RuntimeDep,
                        _: TranslatorDep) -> dict[str, Any]:
    """Store a translator's text; machine translation never overwrites it."""
    return _out(runtime.translation.correct(course_id, field, lang, body.text))


@router.post("/courses/{course_id}/translations/{lang}/{field}/accept", operation_id="decide_translation",
             response_model=TranslationOut)
def decide_translation(course_id: str, lang: str, field: FieldName, body: DecisionIn, runtime: RuntimeDep,
                       _: TranslatorDep) -> dict[str, Any]:
    """End a review after the source changed: keep the fresh machine text, or the human one."""
    return _out(runtime.translation.decide(course_id, field, lang, body.keep))
