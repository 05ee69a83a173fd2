"""The glossary's tables in the store, and the only code that reads or writes them.

Every write records an audit entry in the same transaction and bumps ``glossary.version`` in the
store's meta table, so every process (API, worker, CLI) can tell cheaply that its cached
:class:`~service.glossary.model.Glossary` snapshot is stale.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Mapping, Sequence

from service.glossary.model import AuditEntry, ConceptKind, Glossary, GlossaryConcept, Status, TermEntry
from service.store import Store, now_iso

VERSION_KEY = "glossary.version"

MIGRATIONS: list[str] = [
    # 1: concepts, their terms per language, the audit log, the term -> courses index
    """
    CREATE TABLE glossary_concepts (
        key TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE glossary_terms (
        concept_key TEXT NOT NULL REFERENCES glossary_concepts(key) ON DELETE CASCADE,
        lang TEXT NOT NULL,
        preferred TEXT NOT NULL,
        variants TEXT NOT NULL DEFAULT '[]',
        forbidden TEXT NOT NULL DEFAULT '[]',
        note TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK (status IN ('draft', 'approved')),
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (concept_key, lang)
    );
    CREATE INDEX glossary_terms_lang ON glossary_terms(lang, status);
    CREATE TABLE glossary_audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        who TEXT NOT NULL,
        action TEXT NOT NULL,
        concept_key TEXT NOT NULL,
        lang TEXT,
        old TEXT,
        new TEXT
    );
    CREATE INDEX glossary_audit_concept ON glossary_audit(concept_key, id);
    CREATE TABLE glossary_usage (
        concept_key TEXT NOT NULL,
        course_id TEXT NOT NULL,
        PRIMARY KEY (concept_key, course_id)
    ) WITHOUT ROWID;
    CREATE INDEX glossary_usage_course ON glossary_usage(course_id);
    """,
]


class GlossaryRepository:
    """Reads and writes the glossary tables; keeps one snapshot cached until the version changes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        store.migrate("glossary", MIGRATIONS)
        self._lock = threading.Lock()
        self._cached: Glossary | None = None

    # Snapshot -----------------------------------------------------------------------------------
    def version(self) -> str:
        return self.store.get_meta(VERSION_KEY) or "0"

    def snapshot(self) -> Glossary:
        """The current glossary (cached; reloaded when another writer changed it)."""
        version = self.version()
        cached = self._cached
        if cached is not None and cached.version == version:
            return cached
        with self._lock:
            if self._cached is None or self._cached.version != version:
                self._cached = Glossary(self._load(), version)
            return self._cached

    def _load(self) -> list[GlossaryConcept]:
        conn = self.store.reader()
        terms: dict[str, dict[str, TermEntry]] = {}
        for row in conn.execute("SELECT * FROM glossary_terms ORDER BY concept_key, lang"):
            terms.setdefault(row["concept_key"], {})[row["lang"]] = _entry(row)
        return [GlossaryConcept(row["key"], ConceptKind(row["kind"]), terms.get(row["key"], {}), row["note"])
                for row in conn.execute("SELECT key, kind, note FROM glossary_concepts ORDER BY key")]

    def is_empty(self) -> bool:
        return self.store.reader().execute("SELECT 1 FROM glossary_concepts LIMIT 1").fetchone() is None

    # Writes (inside a caller's transaction) -------------------------------------------------------
    def bump(self, conn: sqlite3.Connection) -> None:
        self.store.set_meta(conn, VERSION_KEY, uuid.uuid4().hex[:12])

    def put_concept(self, conn: sqlite3.Connection, key: str, kind: ConceptKind, note: str) -> None:
        stamp = now_iso()
        conn.execute(
            "INSERT INTO glossary_concepts(key, kind, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET kind = excluded.kind, note = excluded.note, "
            "updated_at = excluded.updated_at", (key, str(kind), note, stamp, stamp))

    def put_entry(self, conn: sqlite3.Connection, key: str, entry: TermEntry, who: str) -> None:
        conn.execute(
            "INSERT INTO glossary_terms(concept_key, lang, preferred, variants, forbidden, note, status, "
            "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(concept_key, lang) DO UPDATE SET preferred = excluded.preferred, "
            "variants = excluded.variants, forbidden = excluded.forbidden, note = excluded.note, "
            "status = excluded.status, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            (key, entry.lang, entry.preferred, _json(entry.variants), _json(entry.forbidden), entry.note,
             str(entry.status), now_iso(), who))

    def delete_entry(self, conn: sqlite3.Connection, key: str, lang: str) -> None:
        conn.execute("DELETE FROM glossary_terms WHERE concept_key = ? AND lang = ?", (key, lang))

    def delete_concept(self, conn: sqlite3.Connection, key: str) -> None:
        conn.execute("DELETE FROM glossary_concepts WHERE key = ?", (key,))
        conn.execute("DELETE FROM glossary_usage WHERE concept_key = ?", (key,))

    def audit(self, conn: sqlite3.Connection, *, who: str, action: str, key: str, lang: str | None,
              old: dict[str, object] | None, new: dict[str, object] | None) -> None:
        conn.execute("INSERT INTO glossary_audit(at, who, action, concept_key, lang, old, new) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (now_iso(), who, action, key, lang, _json_or_none(old), _json_or_none(new)))

    # Audit log ----------------------------------------------------------------------------------
    def audit_log(self, *, key: str | None = None, lang: str | None = None, limit: int = 100,
                  before: int | None = None) -> list[AuditEntry]:
        where, args = ["1 = 1"], []
        for column, value in (("concept_key", key), ("lang", lang)):
            if value:
                where.append(f"{column} = ?")
                args.append(value)
        if before:
            where.append("id < ?")
            args.append(str(before))
        rows = self.store.reader().execute(
            f"SELECT * FROM glossary_audit WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT ?",
            (*args, limit))
        return [AuditEntry(row["id"], row["at"], row["who"], row["action"], row["concept_key"], row["lang"],
                           _loads(row["old"]), _loads(row["new"])) for row in rows]

    # Term -> courses index ----------------------------------------------------------------------
    def set_usage(self, conn: sqlite3.Connection, usage: Mapping[str, Iterable[str]]) -> None:
        """Replace the concepts of each course in ``usage`` (course id -> concept keys)."""
        ids = list(usage)
        conn.executemany("DELETE FROM glossary_usage WHERE course_id = ?", ((cid,) for cid in ids))
        conn.executemany("INSERT OR IGNORE INTO glossary_usage(concept_key, course_id) VALUES (?, ?)",
                         ((key, cid) for cid, keys in usage.items() for key in keys))

    def drop_usage(self, conn: sqlite3.Connection, course_ids: Sequence[str]) -> None:
        conn.executemany("DELETE FROM glossary_usage WHERE course_id = ?", ((cid,) for cid in course_ids))

    def courses_using(self, key: str, *, limit: int | None = None) -> list[str]:
        sql = "SELECT course_id FROM glossary_usage WHERE concept_key = ? ORDER BY course_id"
        args: tuple[object, ...] = (key,)
        if limit is not None:
            sql += " LIMIT ?"
            args = (key, limit)
        return [row[0] for row in self.store.reader().execute(sql, args)]

    def usage_counts(self) -> dict[str, int]:
        rows = self.store.reader().execute(
            "SELECT concept_key, COUNT(*) FROM glossary_usage GROUP BY concept_key")
        return {row[0]: int(row[1]) for row in rows}

    def concepts_of(self, course_id: str) -> list[str]:
        rows = self.store.reader().execute(
            "SELECT concept_key FROM glossary_usage WHERE course_id = ? ORDER BY concept_key", (course_id,))
        return [row[0] for row in rows]


def _entry(row: sqlite3.Row) -> TermEntry:
    return TermEntry(row["lang"], row["preferred"], tuple(json.loads(row["variants"])),
                     tuple(json.loads(row["forbidden"])), row["note"], Status(row["status"]))


def _json(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _json_or_none(value: dict[str, object] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _loads(value: str | None) -> dict[str, object] | None:
    return None if value is None else dict(json.loads(value))
