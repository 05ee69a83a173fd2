"""Where glossary enforcement failed: machine translations whose terms could not be placed or that
had a forbidden translation removed, for translators to review.

Reads the translation stage's ``translations`` table (``terms_ok``/``problems`` are written there by
the worker from :class:`~service.translate.terms.EnforcedText`); read-only, so the stages stay
one-way. A human correction of the field clears it from this list.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from service.store import Store


@dataclass(frozen=True, slots=True)
class EnforcementProblem:
    course_id: str
    field: str
    lang: str
    text: str
    problems: tuple[str, ...]
    updated_at: str

    def as_dict(self) -> dict[str, object]:
        return {"course_id": self.course_id, "field": self.field, "lang": self.lang, "text": self.text,
                "problems": list(self.problems), "updated_at": self.updated_at}


def enforcement_problems(store: Store, *, lang: str | None = None, limit: int = 200) -> list[EnforcementProblem]:
    sql = ("SELECT course_id, field, lang, text, problems, updated_at FROM translations "
           "WHERE terms_ok = 0 AND origin = 'machine'" + (" AND lang = ?" if lang else "") +
           " ORDER BY updated_at DESC, course_id LIMIT ?")
    args: tuple[object, ...] = (lang, limit) if lang else (limit,)
    try:
        rows = store.reader().execute(sql, args).fetchall()
    except sqlite3.OperationalError:  # no translation stage in this store (yet): nothing failed
        return []
    return [EnforcementProblem(row["course_id"], row["field"], row["lang"], row["text"],
                               tuple(json.loads(row["problems"] or "[]")), row["updated_at"]) for row in rows]
