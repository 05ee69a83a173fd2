from __future__ import annotations

from pathlib import Path

from service.courses import CourseType
from service.glossary.loading import load_concepts, seed, seed_if_empty
from service.glossary.model import ConceptKind, GlossaryConcept, TermEntry
from service.search import outbox
from tests.conftest import make_course
from tests.glossary_helpers import catalog_for, glossary_store, result_of


def test_first_start_loads_the_seed_once_and_seed_never_overwrites_edits(tmp_path: Path) -> None:
    _, parts = glossary_store(tmp_path)
    assert len(parts.repository.snapshot()) >= 40
    assert seed_if_empty(parts.service) is None
    parts.service.put_entry("evening", "uk", preferred="увечері", who="t")
    report = seed(parts.service)
    assert report.entries_added == 0 and report.entries_updated == 0
    entry = parts.service.concept("evening").entry("uk")
    assert entry is not None and entry.preferred == "увечері"


def test_seed_fills_in_what_was_removed(tmp_path: Path) -> None:
    _, parts = glossary_store(tmp_path)
    parts.service.delete_entry("evening", "ti", "t")
    assert seed(parts.service).entries_added == 1


def test_an_import_replaces_entries_and_queues_the_courses_that_use_them(tmp_path: Path) -> None:
    store, parts = glossary_store(tmp_path, seed=False)
    catalog_for(store, parts).apply(result_of([make_course("1", "Kurs", course_type=CourseType.LITERACY)]),
                                    full=True)
    batch = outbox.take(store)
    assert batch is not None
    outbox.ack(store, batch)
    concept = GlossaryConcept("literacy", ConceptKind.COURSE_TYPE, {
        "de": TermEntry.create("de", "Alphabetisierungskurs"), "en": TermEntry.create("en", "literacy course")})
    report = load_concepts(parts.service, [concept], who="admin:x", action="import", overwrite=True)
    assert (report.concepts_added, report.entries_added, report.courses_queued) == (1, 2, 1)
    again = load_concepts(parts.service, [concept], who="admin:x", action="import", overwrite=True)
    assert again.entries_unchanged == 2 and again.courses_queued == 0
    assert parts.service.audit_log(key="literacy")[0].action == "import"
