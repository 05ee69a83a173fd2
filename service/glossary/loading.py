"""Writing many concepts at once: the seed on first start, ``seed``, and file imports.

All of a load is one transaction: a file that fails validation was rejected before this point, and
a failure in the middle rolls everything back. Afterwards the term -> courses index is recomputed
and the courses of every changed concept are queued for re-indexing (and re-translation).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from service.glossary.model import GlossaryConcept
from service.glossary.seed import load_seed
from service.glossary.service import GlossaryService
from service.glossary.usage import rebuild_usage

log = logging.getLogger(__name__)


@dataclass(slots=True)
class LoadReport:
    concepts_added: int = 0
    concepts_updated: int = 0
    entries_added: int = 0
    entries_updated: int = 0
    entries_unchanged: int = 0
    courses_queued: int = 0
    changed_keys: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"concepts_added": self.concepts_added, "concepts_updated": self.concepts_updated,
                "entries_added": self.entries_added, "entries_updated": self.entries_updated,
                "entries_unchanged": self.entries_unchanged, "courses_queued": self.courses_queued}

    def summary(self) -> str:
        return (f"{self.concepts_added} concepts added, {self.concepts_updated} updated; "
                f"{self.entries_added} terms added, {self.entries_updated} updated, "
                f"{self.entries_unchanged} unchanged; {self.courses_queued} courses queued")


def load_concepts(service: GlossaryService, concepts: Sequence[GlossaryConcept], *, who: str, action: str,
                  overwrite: bool) -> LoadReport:
    """Write ``concepts``; ``overwrite``: replace existing entries (import) or only add (seed)."""
    repo = service.repository
    current = service.glossary()
    report = LoadReport()
    changed_langs: dict[str, set[str]] = {}
    with repo.store.transaction() as conn:
        for concept in concepts:
            known = current.get(concept.key)
            if known is None:
                report.concepts_added += 1
            elif overwrite and (known.kind, known.note) != (concept.kind, concept.note):
                report.concepts_updated += 1
            if known is None or (overwrite and (known.kind, known.note) != (concept.kind, concept.note)):
                repo.put_concept(conn, concept.key, concept.kind, concept.note)
            for lang, entry in concept.terms.items():
                old = known.entry(lang) if known else None
                if old == entry or (old is not None and not overwrite):
                    report.entries_unchanged += 1
                    continue
                repo.put_entry(conn, concept.key, entry, who)
                repo.audit(conn, who=who, action=action, key=concept.key, lang=lang,
                           old=old.as_dict() if old else None, new=entry.as_dict())
                changed_langs.setdefault(concept.key, set()).add(lang)
                if old is None:
                    report.entries_added += 1
                else:
                    report.entries_updated += 1
        if changed_langs or report.concepts_added:
            repo.bump(conn)
    report.changed_keys = sorted(changed_langs)
    if changed_langs:
        german = [key for key, langs in changed_langs.items() if "de" in langs]
        before = {key: service.repository.courses_using(key) for key in german}
        if german:
            rebuild_usage(service.repository)
        courses: set[str] = set()
        for key in report.changed_keys:
            langs = sorted(changed_langs[key] - {"de"})
            courses.update(service.propagate(key, langs, also=before.get(key, ())).course_ids)
        report.courses_queued = len(courses)
        service.notify()
    log.info("glossary %s: %s", action, report.summary())
    return report


def seed(service: GlossaryService, *, who: str = "system:seed") -> LoadReport:
    """Add the shipped seed's concepts and terms that the store does not have (never overwrites)."""
    return load_concepts(service, load_seed(), who=who, action="seed", overwrite=False)


def seed_if_empty(service: GlossaryService) -> LoadReport | None:
    if not service.repository.is_empty():
        return None
    return seed(service)
