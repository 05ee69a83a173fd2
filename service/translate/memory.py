"""The translation memory: every segment the model translated, so it is never translated twice.

Keyed by (normalized source segment, source language, target language, model version). The source
segment is the one the model saw: glossary terms already replaced by placeholders (see
``terms.py``), whitespace normalized by :func:`~service.translate.segment.normalize_segment`. A new
model version is a new key, so installing a better model re-translates; everything else is a hit.
Course data repeats itself (module descriptions, boilerplate), which is where the memory pays off.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping

from service.store import Store, now_iso

COMPONENT = "translation_memory"
SCRIPTS: list[str] = [
    """
    CREATE TABLE translation_memory (
        source_text TEXT NOT NULL,
        source_lang TEXT NOT NULL,
        target_lang TEXT NOT NULL,
        model_version TEXT NOT NULL,
        target_text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (source_lang, target_lang, model_version, source_text)
    ) WITHOUT ROWID;
    """,
]

_CHUNK = 400  # stays below SQLite's bound-parameter limit with the three fixed parameters


class TranslationMemory:
    def __init__(self, store: Store) -> None:
        self.store = store
        store.migrate(COMPONENT, SCRIPTS)

    def lookup(self, segments: Iterable[str], source: str, target: str, model_version: str,
               conn: sqlite3.Connection | None = None) -> dict[str, str]:
        """The remembered translations of ``segments`` (already normalized), one query per 400."""
        wanted = list(dict.fromkeys(segments))
        conn = conn or self.store.reader()
        found: dict[str, str] = {}
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start:start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = conn.execute(
                "SELECT source_text, target_text FROM translation_memory WHERE source_lang = ? AND "
                f"target_lang = ? AND model_version = ? AND source_text IN ({marks})",
                (source, target, model_version, *chunk))
            found.update((str(row[0]), str(row[1])) for row in rows)
        return found

    def remember(self, conn: sqlite3.Connection, pairs: Mapping[str, str], source: str, target: str,
                 model_version: str) -> None:
        """Store new translations inside the caller's transaction (a second writer of the same
        segment wrote the same model's output, so a conflict keeps the first)."""
        stamp = now_iso()
        conn.executemany(
            "INSERT INTO translation_memory(source_text, source_lang, target_lang, model_version, "
            "target_text, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            ((text, source, target, model_version, translated, stamp) for text, translated in pairs.items()))

    def size(self) -> dict[str, int]:
        """Remembered segments per target language."""
        rows = self.store.reader().execute(
            "SELECT target_lang, COUNT(*) FROM translation_memory GROUP BY target_lang ORDER BY target_lang")
        return {str(row[0]): int(row[1]) for row in rows}
