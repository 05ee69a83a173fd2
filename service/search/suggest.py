"""Autocomplete (``GET /suggest``): course types and glossary terms as a person types.

An in-memory prefix index over the folded forms of every glossary term (the same folding as search,
so "интеграц", "Интеграц" and "ИНТЕГРАЦ" agree, and Persian ی/ي or ک/ك do too). Every word start
of a term is a key, so "інтегр" finds "курс інтеграції". Keys are kept sorted per language and
looked up by bisection: microseconds per keystroke. When nothing starts with the typed text, the
last word is allowed one typo. Rebuilt when the glossary changes.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from service.glossary.model import ConceptKind, Glossary
from service.search.analysis import edit_distance, normalize

ALL = "*"
MAX_LIMIT = 20
MIN_TYPO_LENGTH = 4
MAX_TYPO_CANDIDATES = 6
NOT_SUGGESTED = frozenset({"other"})  # "other course" completes nothing a person looks for


@dataclass(frozen=True, slots=True)
class Suggestion:
    text: str
    kind: str  # course_type | term
    course_type: str | None
    lang: str
    concept_key: str

    def as_dict(self) -> dict[str, object]:
        found: dict[str, object] = {"text": self.text, "kind": self.kind}
        if self.course_type:
            found["course_type"] = self.course_type
        return found


@dataclass(frozen=True, slots=True)
class _Entry:
    suggestion: Suggestion
    preferred: bool
    course_kind: bool  # a course type or a family of them ("integration course"): listed first


class _LangIndex:
    def __init__(self) -> None:
        self.entries: list[_Entry] = []
        self.keys: list[tuple[str, int, int]] = []  # (folded suffix, entry, 0 if at the term's start)
        self.words: set[str] = set()
        self.by_start: dict[str, list[str]] = {}  # first letter -> words (typos rarely hit the first one)

    def add(self, entry: _Entry) -> None:
        folded = normalize(entry.suggestion.text)
        if not folded:
            return
        number = len(self.entries)
        self.entries.append(entry)
        position = 0
        for word in folded.split(" "):
            self.keys.append((folded[position:], number, 0 if position == 0 else 1))
            self.words.add(word)
            position += len(word) + 1

    def finish(self) -> None:
        self.keys.sort()
        for word in sorted(self.words):
            self.by_start.setdefault(word[:1], []).append(word)

    def lookup(self, prefix: str) -> list[tuple[int, _Entry]]:
        found = []
        start = bisect_left(self.keys, (prefix,))
        for key, number, inner in self.keys[start:]:
            if not key.startswith(prefix):
                break
            found.append((inner, self.entries[number]))
        return found


class SuggestIndex:
    def __init__(self, snapshot: Callable[[], Glossary], languages: Sequence[str]) -> None:
        self._snapshot = snapshot
        self.languages = list(dict.fromkeys(["de", *languages]))
        self._lock = threading.Lock()
        self._glossary: Glossary | None = None
        self._indexes: dict[str, _LangIndex] = {}

    def rebuild(self, glossary: Glossary) -> None:
        indexes: dict[str, _LangIndex] = {ALL: _LangIndex()}
        for concept in glossary:
            if concept.key in NOT_SUGGESTED:
                continue
            kind = "course_type" if concept.course_type else "term"
            broad = concept.course_type is not None or concept.kind is ConceptKind.COURSE_FAMILY
            for lang, entry in concept.terms.items():
                if lang not in self.languages:
                    continue
                for term in entry.terms:
                    item = _Entry(Suggestion(term, kind, concept.course_type, lang, concept.key),
                                  term == entry.preferred, broad)
                    indexes.setdefault(lang, _LangIndex()).add(item)
                    indexes[ALL].add(item)
        for index in indexes.values():
            index.finish()
        with self._lock:
            self._indexes, self._glossary = indexes, glossary

    def _current(self) -> dict[str, _LangIndex]:
        glossary = self._snapshot()
        if glossary is not self._glossary:
            self.rebuild(glossary)
        return self._indexes

    def suggest(self, q: str, lang: str | None = None, limit: int = 8) -> list[Suggestion]:
        prefix = normalize(q) + (" " if q[-1:].isspace() and q.strip() else "")
        if not prefix.strip():
            return []
        indexes = self._current()
        chosen = [indexes[lang]] if lang in indexes else [indexes[ALL]]
        if lang and lang != "de" and "de" in indexes:
            chosen.append(indexes["de"])  # German words typed in any language ("Integrationskurs")
        limit = max(1, min(limit, MAX_LIMIT))
        found = self._ranked(chosen, prefix) or self._ranked(chosen, *self._typo_prefixes(chosen[0], prefix))
        if not found:
            found = self._after_earlier_words(q, chosen)
        return found[:limit]

    def _after_earlier_words(self, q: str, chosen: Sequence[_LangIndex]) -> list[Suggestion]:
        """"курс інтеграції в" -> "курс інтеграції вечором": complete the words after a finished term,
        keeping what was typed before them."""
        typed = q.split()
        for start in range(1, len(typed)):
            tail = " ".join(typed[start:]) + (" " if q[-1:].isspace() else "")
            found = self._ranked(chosen, normalize(tail) + (" " if tail.endswith(" ") else ""))
            if found:
                head = " ".join(typed[:start])
                return [replace(s, text=f"{head} {s.text}") for s in found]
        return []

    def _ranked(self, chosen: Sequence[_LangIndex], *prefixes: str) -> list[Suggestion]:
        scored: dict[str, tuple[tuple[int, int, int, int, int], Suggestion]] = {}
        for rank, index in enumerate(chosen):
            for prefix in prefixes:
                for inner, entry in index.lookup(prefix):
                    s = entry.suggestion
                    score = (rank, 0 if entry.course_kind else 1, inner, 0 if entry.preferred else 1,
                             len(s.text))
                    if s.concept_key not in scored or score < scored[s.concept_key][0]:
                        scored[s.concept_key] = (score, s)
        return [s for _, s in sorted(scored.values(), key=lambda item: (item[0], item[1].text))]

    def _typo_prefixes(self, index: _LangIndex, prefix: str) -> list[str]:
        head, _, last = prefix.rpartition(" ")
        if len(last) < MIN_TYPO_LENGTH:
            return []
        fixed = []
        for word in index.by_start.get(last[:1], ()):
            # the typed part may hold a missing or an extra letter: compare word starts of three lengths
            for size in (len(last), len(last) + 1, len(last) - 1):
                if len(word) >= size and edit_distance(word[:size], last, 1) <= 1:
                    fixed.append(f"{head} {word[:size]}".strip())
                    break
            if len(fixed) >= MAX_TYPO_CANDIDATES:
                break
        return fixed
