"""Glossary actions as translators and admins take them (API, UI and CLI all call these).

Every change is one transaction: the new entry, its audit record, the glossary version bump, and
the follow-up work for exactly the courses that use the concept (index outbox entries and, through
the ``retranslate`` hook of the translation stage, translation jobs). Listeners (the suggest index)
are told after the commit.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from service.errors import Conflict, InvalidInput, NotFound
from service.glossary.model import (
    SOURCE_LANGUAGE,
    AuditEntry,
    ConceptKind,
    Glossary,
    GlossaryConcept,
    Status,
    TermEntry,
    validate_key,
)
from service.glossary.repository import GlossaryRepository
from service.glossary.usage import rebuild_usage
from service.i18n import N_
from service.search import outbox

log = logging.getLogger(__name__)

# (conn, course ids, languages) -> translation jobs queued; provided by the translation stage.
Retranslate = Callable[[sqlite3.Connection, Sequence[str], Sequence[str]], int]
ChangeHook = Callable[[Glossary], None]


@dataclass(slots=True)
class ChangeReport:
    """What a change set in motion: the courses to re-index and the translation jobs queued."""

    concept_key: str
    lang: str | None
    courses: int = 0
    translation_jobs: int = 0
    course_ids: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"concept_key": self.concept_key, "lang": self.lang, "courses": self.courses,
                "translation_jobs": self.translation_jobs}


@dataclass(frozen=True, slots=True)
class ConceptRow:
    concept: GlossaryConcept
    courses: int


class GlossaryService:
    def __init__(self, repository: GlossaryRepository, languages: Sequence[str],
                 retranslate: Retranslate | None = None) -> None:
        self.repository = repository
        self.languages = list(dict.fromkeys([SOURCE_LANGUAGE, *languages]))
        self.retranslate = retranslate
        self.listeners: list[ChangeHook] = []

    @property
    def store(self) -> object:
        return self.repository.store

    def glossary(self) -> Glossary:
        return self.repository.snapshot()

    # Reading ------------------------------------------------------------------------------------
    def concept(self, key: str) -> GlossaryConcept:
        found = self.glossary().get(key)
        if found is None:
            raise NotFound(template=N_("no glossary concept %(key)s"), params={"key": repr(key)})
        return found

    def list_concepts(self, *, lang: str | None = None, status: str | None = None, missing: bool = False,
                      q: str = "", kind: str | None = None) -> list[ConceptRow]:
        """Concepts filtered by language and status; ``missing``: those without a term in ``lang``."""
        if status is not None and status not in ("draft", "approved"):
            raise InvalidInput(template=N_("status must be draft or approved"))
        if missing and not lang:
            raise InvalidInput(template=N_("missing=true needs a language (lang)"))
        needle = q.strip().casefold()
        counts = self.repository.usage_counts()
        rows = []
        for concept in self.glossary():
            if kind and str(concept.kind) != kind:
                continue
            if not _status_matches(concept, lang, status, missing):
                continue
            if needle and not _mentions(concept, needle):
                continue
            rows.append(ConceptRow(concept, counts.get(concept.key, 0)))
        return rows

    def courses_using(self, key: str, limit: int = 200) -> list[str]:
        self.concept(key)
        return self.repository.courses_using(key, limit=limit)

    def audit_log(self, *, key: str | None = None, lang: str | None = None, limit: int = 100,
                  before: int | None = None) -> list[AuditEntry]:
        return self.repository.audit_log(key=key, lang=lang, limit=min(max(limit, 1), 1000), before=before)

    # Changing -----------------------------------------------------------------------------------
    def create_concept(self, key: str, kind: str, note: str, who: str) -> GlossaryConcept:
        key = validate_key(key)
        try:
            concept_kind = ConceptKind(kind)
        except ValueError as exc:
            raise InvalidInput(template=N_("kind must be one of %(kinds)s"),
                               params={"kinds": ", ".join(k.value for k in ConceptKind)}) from exc
        if self.glossary().get(key) is not None:
            raise Conflict(template=N_("the concept %(key)s exists already"), params={"key": repr(key)})
        with self.repository.store.transaction() as conn:
            self.repository.put_concept(conn, key, concept_kind, note.strip())
            self.repository.audit(conn, who=who, action="create", key=key, lang=None, old=None,
                                  new={"kind": kind, "note": note.strip()})
            self.repository.bump(conn)
        self._changed()
        return self.concept(key)

    def put_entry(self, key: str, lang: str, *, preferred: str, variants: Iterable[str] = (),
                  forbidden: Iterable[str] = (), note: str = "", status: str | None = None,
                  keep_old_as_variant: bool = False, who: str) -> ChangeReport:
        """Create or replace a concept's terms in ``lang``. An edit makes an approved entry a draft
        again unless ``status`` says otherwise; ``keep_old_as_variant`` keeps the previous preferred
        term findable as a variant."""
        concept = self.concept(key)
        old = concept.entry(lang)
        kept = list(variants)
        renamed = old is not None and old.preferred.casefold() != preferred.strip().casefold()
        if keep_old_as_variant and old is not None and renamed:
            kept.append(old.preferred)
        entry = TermEntry.create(lang, preferred, kept, forbidden, note, status or Status.DRAFT)
        if old == entry:
            return ChangeReport(key, lang)
        return self._write(concept, entry, old, "update" if old else "create", who)

    def approve(self, key: str, lang: str, who: str) -> ChangeReport:
        concept = self.concept(key)
        old = concept.entry(lang)
        if old is None:
            raise NotFound(template=N_("%(key)s has no term in %(lang)s to approve"),
                           params={"key": repr(key), "lang": repr(lang)})
        if old.approved:
            return ChangeReport(key, lang)
        return self._write(concept, old.with_status(Status.APPROVED), old, "approve", who)

    def delete_entry(self, key: str, lang: str, who: str) -> ChangeReport:
        concept = self.concept(key)
        old = concept.entry(lang)
        if old is None:
            raise NotFound(template=N_("%(key)s has no term in %(lang)s"),
                           params={"key": repr(key), "lang": repr(lang)})
        if lang == SOURCE_LANGUAGE:
            raise Conflict(template=N_("the German term of a concept cannot be removed; edit it instead"))
        return self._write(concept, None, old, "delete", who)

    def _write(self, concept: GlossaryConcept, entry: TermEntry | None, old: TermEntry | None, action: str,
               who: str) -> ChangeReport:
        lang = entry.lang if entry else old.lang if old else SOURCE_LANGUAGE
        with self.repository.store.transaction() as conn:
            if entry is None:
                self.repository.delete_entry(conn, concept.key, lang)
            else:
                self.repository.put_entry(conn, concept.key, entry, who)
            self.repository.audit(conn, who=who, action=action, key=concept.key, lang=lang,
                                  old=old.as_dict() if old else None, new=entry.as_dict() if entry else None)
            self.repository.bump(conn)
        report = self.propagate(concept.key, [lang])
        self._changed()
        return report

    def propagate(self, key: str, langs: Sequence[str], *, also: Iterable[str] = ()) -> ChangeReport:
        """Queue re-indexing (and re-translation) of only the courses that use ``key``.

        A German change can change which courses use the concept, so the index is recomputed first
        and the courses that used it before or after are touched.
        """
        before = set(self.repository.courses_using(key)) | set(also)
        if SOURCE_LANGUAGE in langs:
            rebuild_usage(self.repository)
        affected = sorted(before | set(self.repository.courses_using(key)))
        targets = [lang for lang in langs if lang != SOURCE_LANGUAGE] or [
            lang for lang in self.languages if lang != SOURCE_LANGUAGE]
        report = ChangeReport(key, langs[0] if len(langs) == 1 else None, len(affected), 0, affected)
        if not affected:
            return report
        with self.repository.store.transaction() as conn:
            outbox.enqueue(conn, affected, "upsert")
            if self.retranslate is not None and affected:
                report.translation_jobs = self.retranslate(conn, affected, targets)
        log.info("glossary %s (%s): %d courses to re-index, %d translation jobs", key, ",".join(langs),
                 report.courses, report.translation_jobs)
        return report

    def _changed(self) -> None:
        glossary = self.glossary()
        for listener in self.listeners:
            try:
                listener(glossary)
            except Exception:  # a listener (suggest index) must not undo a committed change
                log.exception("glossary change listener failed")

    def notify(self) -> None:
        """Tell listeners the glossary changed (after a seed or import written elsewhere)."""
        self._changed()


def _status_matches(concept: GlossaryConcept, lang: str | None, status: str | None, missing: bool) -> bool:
    if lang:
        entry = concept.entry(lang)
        if missing:
            return entry is None
        return status is None or (entry is not None and str(entry.status) == status)
    return status is None or any(str(e.status) == status for e in concept.terms.values())


def _mentions(concept: GlossaryConcept, needle: str) -> bool:
    if needle in concept.key.casefold():
        return True
    return any(needle in term.casefold() for entry in concept.terms.values() for term in entry.terms)
