"""Tracked translations: per course, field and language, the text and how it came to be.

A translation has an origin (``machine``, ``glossary``, ``human``) and a state:

- ``current``       translates the course's present source text;
- ``outdated``      the source changed; a job is queued and will replace it;
- ``needs_review``  a human translation whose source changed. Machine translation never overwrites a
                    human text: the fresh machine text is kept beside it (``machine_text``) until a
                    person keeps one of the two or writes a new one.

``source_hash`` is the digest of the German field text the translation was made from; comparing it
with the course's present text is how a change is noticed. ``terms_ok``/``problems`` report glossary
enforcement of the machine text (the shown one, or ``machine_text`` of a row in review).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from service.courses import Course
from service.errors import Conflict, InvalidInput, NotFound
from service.i18n import N_
from service.search import outbox
from service.store import Store, now_iso

COMPONENT = "translations"
SCRIPTS: list[str] = [
    """
    CREATE TABLE translations (
        course_id TEXT NOT NULL,
        field TEXT NOT NULL,
        lang TEXT NOT NULL,
        text TEXT NOT NULL,
        origin TEXT NOT NULL CHECK (origin IN ('machine', 'glossary', 'human')),
        state TEXT NOT NULL CHECK (state IN ('current', 'outdated', 'needs_review')),
        source_hash TEXT NOT NULL,
        source_text TEXT NOT NULL,
        model_version TEXT,
        terms_version TEXT,
        terms_ok INTEGER NOT NULL DEFAULT 1,
        problems TEXT NOT NULL DEFAULT '[]',
        machine_text TEXT,
        machine_source_hash TEXT,
        machine_model_version TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (course_id, field, lang)
    );
    CREATE INDEX translations_lang ON translations(lang, state);
    """,
]

MAX_TEXT_CHARS = 20_000


class Origin(StrEnum):
    MACHINE = "machine"
    GLOSSARY = "glossary"
    HUMAN = "human"


class State(StrEnum):
    CURRENT = "current"
    OUTDATED = "outdated"
    NEEDS_REVIEW = "needs_review"


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def source_fields(course: Course) -> dict[str, str]:
    """The German fields that get translated, as the tracked records see them."""
    return course.translatable_fields()


@dataclass(frozen=True, slots=True)
class TranslationRecord:
    course_id: str
    field: str
    lang: str
    text: str
    origin: Origin
    state: State
    source_hash: str
    source_text: str
    model_version: str | None
    terms_version: str | None
    terms_ok: bool
    problems: list[str]
    machine_text: str | None
    machine_source_hash: str | None
    created_at: str
    updated_at: str

    def shown(self) -> ShownText | None:
        """What a reader gets: the current text, or the fresh machine text of a row in review."""
        if self.state is State.CURRENT:
            return ShownText(self.text, self.origin, self.source_hash)
        if self.state is State.NEEDS_REVIEW and self.machine_text is not None:
            return ShownText(self.machine_text, Origin.MACHINE, self.machine_source_hash or "")
        return None


@dataclass(frozen=True, slots=True)
class ShownText:
    text: str
    origin: Origin
    source_hash: str  # of the German text it translates


@dataclass(frozen=True, slots=True)
class NewText:
    """A translation the worker produced for one field (machine or glossary)."""

    text: str
    origin: Origin
    source_hash: str
    source_text: str
    model_version: str | None = None
    terms_version: str | None = None
    terms_ok: bool = True
    problems: list[str] = field(default_factory=list)


def _record(row: sqlite3.Row) -> TranslationRecord:
    return TranslationRecord(
        course_id=row["course_id"], field=row["field"], lang=row["lang"], text=row["text"],
        origin=Origin(row["origin"]), state=State(row["state"]), source_hash=row["source_hash"],
        source_text=row["source_text"], model_version=row["model_version"],
        terms_version=row["terms_version"], terms_ok=bool(row["terms_ok"]),
        problems=list(json.loads(row["problems"])), machine_text=row["machine_text"],
        machine_source_hash=row["machine_source_hash"], created_at=row["created_at"],
        updated_at=row["updated_at"])


RecordKey = tuple[str, str]  # (field, lang)


class TranslationRecords:
    def __init__(self, store: Store) -> None:
        self.store = store
        store.migrate(COMPONENT, SCRIPTS)

    # Reading ------------------------------------------------------------------------------------
    def for_courses(self, course_ids: Sequence[str], conn: sqlite3.Connection | None = None,
                    lang: str | None = None) -> dict[str, dict[RecordKey, TranslationRecord]]:
        """Every record of ``course_ids`` (optionally one language), one query per 500 ids."""
        conn = conn or self.store.reader()
        found: dict[str, dict[RecordKey, TranslationRecord]] = {cid: {} for cid in course_ids}
        ids = list(found)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            where = "AND +lang = ?" if lang else ""  # "+": look up by course id, not by the lang index
            params: list[str] = [*chunk, lang] if lang else chunk
            for row in conn.execute(f"SELECT * FROM translations WHERE course_id IN ({marks}) {where}", params):
                record = _record(row)
                found[record.course_id][(record.field, record.lang)] = record
        return found

    def get(self, course_id: str, field_name: str, lang: str) -> TranslationRecord | None:
        row = self.store.reader().execute(
            "SELECT * FROM translations WHERE course_id = ? AND field = ? AND lang = ?",
            (course_id, field_name, lang)).fetchone()
        return None if row is None else _record(row)

    def shown_texts(self, course_ids: Sequence[str]) -> dict[str, dict[str, dict[str, str]]]:
        """course -> lang -> field -> the text a reader gets (what the search index holds)."""
        texts: dict[str, dict[str, dict[str, str]]] = {}
        for course_id, records in self.for_courses(course_ids).items():
            for record in records.values():
                shown = record.shown()
                if shown is not None:
                    texts.setdefault(course_id, {}).setdefault(record.lang, {})[record.field] = shown.text
        return texts

    # Source changes (inside the ingest transaction) ---------------------------------------------
    def mark_changed(self, conn: sqlite3.Connection, course: Course,
                     existing: Mapping[RecordKey, TranslationRecord]) -> set[str]:
        """Flag the records whose source text changed; returns the languages with work to do
        (a changed or removed field). Human texts go to review, the others become outdated."""
        hashes = {name: source_hash(text) for name, text in source_fields(course).items()}
        stale: list[tuple[str, str, str, str, str]] = []
        langs: set[str] = set()
        stamp = now_iso()
        for (field_name, lang), record in existing.items():
            if hashes.get(field_name) == record.source_hash:
                continue
            langs.add(lang)
            if record.state is State.CURRENT:
                state = State.NEEDS_REVIEW if record.origin is Origin.HUMAN else State.OUTDATED
                stale.append((state, stamp, course.id, field_name, lang))
        conn.executemany(
            "UPDATE translations SET state = ?, updated_at = ? WHERE course_id = ? AND field = ? AND lang = ?",
            stale)
        return langs

    # Worker output ------------------------------------------------------------------------------
    def write(self, conn: sqlite3.Connection, lang: str, outputs: Mapping[str, Mapping[str, NewText]],
              keep_fields: Mapping[str, Iterable[str]]) -> None:
        """Store a batch's output (course -> field -> text) for one language; never overwrites a
        human text. Records of fields a course no longer has (not in ``keep_fields``) are removed."""
        existing = self.for_courses(list(outputs), conn, lang)
        stamp = now_iso()
        for course_id, texts in outputs.items():
            keep = set(keep_fields[course_id])
            gone = [(course_id, f, lang) for (f, _) in existing[course_id] if f not in keep]
            conn.executemany("DELETE FROM translations WHERE course_id = ? AND field = ? AND lang = ?", gone)
            fresh = []
            for field_name, new in texts.items():
                record = existing[course_id].get((field_name, lang))
                if record is not None and record.origin is Origin.HUMAN:
                    self._beside_human(conn, record, new, stamp)
                    continue
                fresh.append((course_id, field_name, lang, new.text, new.origin, new.source_hash, new.source_text,
                              new.model_version, new.terms_version, int(new.terms_ok),
                              json.dumps(new.problems, ensure_ascii=False), stamp, stamp))
            conn.executemany(
                """INSERT INTO translations(course_id, field, lang, text, origin, state, source_hash,
                       source_text, model_version, terms_version, terms_ok, problems, created_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, 'current', ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(course_id, field, lang) DO UPDATE SET text = excluded.text,
                       origin = excluded.origin, state = 'current', source_hash = excluded.source_hash,
                       source_text = excluded.source_text, model_version = excluded.model_version,
                       terms_version = excluded.terms_version, terms_ok = excluded.terms_ok,
                       problems = excluded.problems, machine_text = NULL, machine_source_hash = NULL,
                       machine_model_version = NULL, updated_at = excluded.updated_at""", fresh)

    def _beside_human(self, conn: sqlite3.Connection, record: TranslationRecord, new: NewText, stamp: str) -> None:
        if record.source_hash == new.source_hash:  # the source is back to what the person translated
            conn.execute("UPDATE translations SET state = 'current', machine_text = NULL, machine_source_hash = "
                         "NULL, machine_model_version = NULL, updated_at = ? WHERE course_id = ? AND field = ? "
                         "AND lang = ?", (stamp, record.course_id, record.field, record.lang))
            return
        conn.execute(
            "UPDATE translations SET state = 'needs_review', machine_text = ?, machine_source_hash = ?, "
            "machine_model_version = ?, terms_version = ?, terms_ok = ?, problems = ?, updated_at = ? "
            "WHERE course_id = ? AND field = ? AND lang = ?",
            (new.text, new.source_hash, new.model_version, new.terms_version, int(new.terms_ok),
             json.dumps(new.problems, ensure_ascii=False), stamp, record.course_id, record.field, record.lang))

    # Review by a person -------------------------------------------------------------------------
    def correct(self, course: Course, field_name: str, lang: str, text: str) -> TranslationRecord:
        """A translator's own text for the course's present source: stored as human and current."""
        source = _source_of(course, field_name)
        text = text.strip()
        if not text:
            raise InvalidInput(template=N_("the translation is empty"))
        if len(text) > MAX_TEXT_CHARS:
            raise InvalidInput(template=N_("the translation is longer than %(n)s characters"),
                               params={"n": MAX_TEXT_CHARS})
        stamp = now_iso()
        with self.store.transaction() as conn:
            conn.execute(
                """INSERT INTO translations(course_id, field, lang, text, origin, state, source_hash,
                       source_text, created_at, updated_at) VALUES (?, ?, ?, ?, 'human', 'current', ?, ?, ?, ?)
                   ON CONFLICT(course_id, field, lang) DO UPDATE SET text = excluded.text, origin = 'human',
                       state = 'current', source_hash = excluded.source_hash, source_text = excluded.source_text,
                       model_version = NULL, terms_ok = 1, problems = '[]', machine_text = NULL,
                       machine_source_hash = NULL, machine_model_version = NULL, updated_at = excluded.updated_at""",
                (course.id, field_name, lang, text, source_hash(source), source, stamp, stamp))
            outbox.enqueue(conn, [course.id], "upsert")
        return self._require(course.id, field_name, lang)

    def decide(self, course: Course, field_name: str, lang: str, keep: str) -> TranslationRecord:
        """End a review: ``keep="machine"`` takes the fresh machine text, ``"human"`` confirms the
        person's text for the new source."""
        source = _source_of(course, field_name)
        record = self._require(course.id, field_name, lang)
        if record.state is not State.NEEDS_REVIEW:
            raise Conflict(template=N_("the %(lang)s %(field)s of %(course)s is not waiting for review"),
                           params={"lang": lang, "field": field_name, "course": course.id})
        stamp = now_iso()
        with self.store.transaction() as conn:
            if keep == "machine":
                if record.machine_text is None:
                    raise Conflict(template=N_(
                        "the fresh machine translation is not there yet; the worker has it queued"))
                conn.execute(
                    "UPDATE translations SET text = machine_text, origin = 'machine', state = 'current', "
                    "source_hash = machine_source_hash, source_text = ?, model_version = machine_model_version, "
                    "machine_text = NULL, machine_source_hash = NULL, machine_model_version = NULL, "
                    "updated_at = ? WHERE course_id = ? AND field = ? AND lang = ?",
                    (source, stamp, course.id, field_name, lang))
            elif keep == "human":
                conn.execute(
                    "UPDATE translations SET state = 'current', source_hash = ?, source_text = ?, terms_ok = 1, "
                    "problems = '[]', machine_text = NULL, machine_source_hash = NULL, "
                    "machine_model_version = NULL, updated_at = ? WHERE course_id = ? AND field = ? AND lang = ?",
                    (source_hash(source), source, stamp, course.id, field_name, lang))
            else:
                raise InvalidInput(template=N_("keep must be 'machine' or 'human'"))
            outbox.enqueue(conn, [course.id], "upsert")
        return self._require(course.id, field_name, lang)

    def _require(self, course_id: str, field_name: str, lang: str) -> TranslationRecord:
        record = self.get(course_id, field_name, lang)
        if record is None:
            raise NotFound(template=N_("no %(lang)s translation of %(field)s for %(course)s"),
                           params={"lang": lang, "field": field_name, "course": course_id})
        return record

    # Statistics ---------------------------------------------------------------------------------
    def counts(self) -> dict[str, dict[str, int]]:
        """lang -> {current, outdated, needs_review, machine, glossary, human} over active courses."""
        rows = self.store.reader().execute(
            "SELECT t.lang, t.state, t.origin, COUNT(*) FROM translations t JOIN courses c ON c.id = t.course_id "
            "WHERE c.active = 1 GROUP BY t.lang, t.state, t.origin")
        counts: dict[str, dict[str, int]] = {}
        for lang, state, origin, n in rows:
            entry = counts.setdefault(lang, dict.fromkeys(
                ("current", "outdated", "needs_review", "machine", "glossary", "human"), 0))
            entry[state] += n
            if state == State.CURRENT:
                entry[origin] += n
        return counts

    def source_field_count(self) -> int:
        """How many (active course, translatable field) pairs exist: the 100 % of coverage."""
        row = self.store.reader().execute(
            "SELECT COALESCE(SUM((COALESCE(json_extract(data, '$.title'), '') != '') + "
            "(COALESCE(json_extract(data, '$.subtitle'), '') != '') + "
            "(COALESCE(json_extract(data, '$.description'), '') != '')), 0) FROM courses WHERE active = 1"
        ).fetchone()
        return int(row[0])


def _source_of(course: Course, field_name: str) -> str:
    fields = source_fields(course)
    if field_name not in fields:
        raise InvalidInput(template=N_("%(course)s has no translatable field %(field)s; it has: %(fields)s"),
                           params={"course": course.id, "field": repr(field_name), "fields": ", ".join(fields)})
    return fields[field_name]
