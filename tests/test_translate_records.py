from __future__ import annotations

from pathlib import Path

import pytest

from service.courses import Course
from service.errors import Conflict, InvalidInput, NotFound
from service.search import outbox
from service.store import Store, now_iso
from service.translate.records import NewText, Origin, State, TranslationRecord, TranslationRecords, source_hash
from tests.conftest import make_course


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "k.db")


@pytest.fixture
def records(store: Store) -> TranslationRecords:
    return TranslationRecords(store)


def machine(text: str, source: str) -> NewText:
    return NewText(text, Origin.MACHINE, source_hash(source), source, "de_en-1", "none")


def stored(store: Store, course: Course) -> Course:
    with store.transaction() as conn:
        store.write_courses(conn, [course], now_iso())
    return course


def found(records: TranslationRecords, course_id: str, field: str, lang: str) -> TranslationRecord:
    record = records.get(course_id, field, lang)
    assert record is not None
    return record


def write(store: Store, records: TranslationRecords, course: Course, lang: str, texts: dict[str, NewText]) -> None:
    with store.transaction() as conn:
        records.write(conn, lang, {course.id: texts}, {course.id: course.translatable_fields()})


def test_machine_output_is_stored_current_and_replaced_by_newer_output(store: Store,
                                                                       records: TranslationRecords) -> None:
    course = stored(store, make_course("1", "Deutschkurs", description="Am Abend."))
    write(store, records, course, "en", {"title": machine("German course", "Deutschkurs"),
                                         "description": machine("In the evening.", "Am Abend.")})
    record = records.get(course.id, "title", "en")
    assert record is not None and (record.text, record.origin, record.state) == ("German course", "machine", "current")
    write(store, records, course, "en", {"title": machine("German class", "Deutschkurs")})
    assert found(records, course.id, "title", "en").text == "German class"


def test_records_of_fields_the_course_no_longer_has_are_removed(store: Store, records: TranslationRecords) -> None:
    course = stored(store, make_course("1", "Kurs", subtitle="Für Frauen"))
    write(store, records, course, "en", {"title": machine("Course", "Kurs"),
                                         "subtitle": machine("For women", "Für Frauen")})
    shorter = stored(store, make_course("1", "Kurs"))
    write(store, records, shorter, "en", {"title": machine("Course", "Kurs")})
    assert records.get(course.id, "subtitle", "en") is None


def test_a_human_text_is_never_overwritten_and_waits_for_review_beside_the_fresh_machine_text(
        store: Store, records: TranslationRecords) -> None:
    course = stored(store, make_course("1", "Deutschkurs"))
    write(store, records, course, "en", {"title": machine("German course", "Deutschkurs")})
    records.correct(course, "title", "en", "German class for adults")
    write(store, records, course, "en", {"title": machine("German course", "Deutschkurs")})  # same source
    kept = records.get(course.id, "title", "en")
    assert kept is not None and (kept.text, kept.origin, kept.state) == ("German class for adults", "human", "current")

    changed = stored(store, make_course("1", "Deutschkurs am Abend"))
    with store.transaction() as conn:
        records.mark_changed(conn, changed, records.for_courses([course.id], conn)[course.id])
    assert found(records, course.id, "title", "en").state is State.NEEDS_REVIEW
    write(store, records, changed, "en", {"title": machine("German course in the evening", "Deutschkurs am Abend")})
    review = records.get(course.id, "title", "en")
    assert review is not None
    assert (review.text, review.origin, review.state) == ("German class for adults", "human", "needs_review")
    assert review.machine_text == "German course in the evening"
    shown = review.shown()
    assert shown is not None and (shown.text, shown.origin) == ("German course in the evening", "machine")


def test_a_review_ends_with_the_machine_text_or_the_human_one(store: Store, records: TranslationRecords) -> None:
    for keep, expected in (("machine", ("Evening course", "machine")), ("human", ("My title", "human"))):
        course = stored(store, make_course("1", "Kurs"))
        records.correct(course, "title", "en", "My title")
        changed = stored(store, make_course("1", "Abendkurs"))
        with store.transaction() as conn:
            records.mark_changed(conn, changed, records.for_courses([course.id], conn)[course.id])
        write(store, records, changed, "en", {"title": machine("Evening course", "Abendkurs")})
        decided = records.decide(changed, "title", "en", keep)
        assert (decided.text, decided.origin, decided.state) == (*expected, "current")
        assert decided.source_hash == source_hash("Abendkurs") and decided.machine_text is None
        with pytest.raises(Conflict):
            records.decide(changed, "title", "en", keep)


def test_review_needs_the_machine_text_to_be_there(store: Store, records: TranslationRecords) -> None:
    course = stored(store, make_course("1", "Kurs"))
    records.correct(course, "title", "en", "My title")
    changed = stored(store, make_course("1", "Abendkurs"))
    with store.transaction() as conn:
        records.mark_changed(conn, changed, records.for_courses([course.id], conn)[course.id])
    with pytest.raises(Conflict):
        records.decide(changed, "title", "en", "machine")
    assert records.decide(changed, "title", "en", "human").state is State.CURRENT


def test_corrections_are_validated_and_queue_reindexing(store: Store, records: TranslationRecords) -> None:
    course = stored(store, make_course("1", "Kurs"))
    with pytest.raises(InvalidInput):
        records.correct(course, "subtitle", "en", "no such field")
    with pytest.raises(InvalidInput):
        records.correct(course, "title", "en", "   ")
    with pytest.raises(NotFound):
        records.decide(course, "title", "en", "machine")
    before = outbox.backlog(store)["pending"]
    records.correct(course, "title", "en", "Course")
    assert outbox.backlog(store)["pending"] == int(str(before)) + 1


def test_mark_changed_reports_the_languages_with_work(store: Store, records: TranslationRecords) -> None:
    course = stored(store, make_course("1", "Kurs", description="Alt."))
    for lang in ("en", "ar"):
        write(store, records, course, lang, {"title": machine("t", "Kurs"), "description": machine("d", "Alt.")})
    changed = make_course("1", "Kurs", description="Neu.")
    with store.transaction() as conn:
        langs = records.mark_changed(conn, changed, records.for_courses([course.id], conn)[course.id])
    assert langs == {"en", "ar"}
    assert found(records, course.id, "description", "en").state is State.OUTDATED
    assert found(records, course.id, "title", "en").state is State.CURRENT


def test_counts_and_the_number_of_source_fields(store: Store, records: TranslationRecords) -> None:
    one = stored(store, make_course("1", "Kurs", description="Text."))
    stored(store, make_course("2", "Kurs zwei", subtitle="Untertitel", description="Mehr."))
    write(store, records, one, "en", {"title": machine("Course", "Kurs")})
    records.correct(one, "description", "en", "Text.")
    assert records.source_field_count() == 5
    counts = records.counts()["en"]
    assert (counts["current"], counts["machine"], counts["human"], counts["outdated"]) == (2, 1, 1, 0)
