"""Finding glossary terms in text, with the search analysis (so matching agrees with search).

A term matches a run of words whose analysed keys (stems, from :func:`service.search.analysis.analyze_word`)
equal the term's keys in order, so "Integrationskurse" matches "Integrationskurs" and "رعاية الأطفال"
matches "رعاية أطفال". In German a one-word term also matches as the head of a compound
("Abend-Integrationskurs", "Frauenintegrationskurs" -> *integration course*), for concept detection
only: replacing part of a word would break it. The longest match wins; matches never overlap.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from service.glossary.model import SOURCE_LANGUAGE, ConceptKind, Glossary
from service.search.analysis import analyze_word, words

MIN_COMPOUND_HEAD = 6  # shorter heads ("kurs") would make every compound a match


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    start: int
    end: int
    key: str  # "" for a stop word


@dataclass(frozen=True, slots=True)
class TermMatch:
    concept_key: str
    term: str  # the glossary term that matched
    role: str  # preferred | variant | forbidden
    start: int
    end: int
    whole_words: bool  # False: the term is the head of a longer (compound) word


@dataclass(frozen=True, slots=True)
class _Pattern:
    keys: tuple[str, ...]
    concept_key: str
    term: str
    role: str


@lru_cache(maxsize=100_000)
def word_key(word: str, lang: str | None) -> str:
    analysis = analyze_word(word, lang)
    if analysis is None or analysis.stop:
        return ""
    return analysis.stem or analysis.surface


def split_words(text: str, lang: str | None) -> list[Word]:
    """The words of ``text`` with their character offsets and analysed keys."""
    found: list[Word] = []
    position = 0
    for word in words(text):
        start = text.find(word, position)
        if start < 0:  # an invisible character was dropped inside the word: no offsets for it
            continue
        position = start + len(word)
        found.append(Word(word, start, position, word_key(word, lang)))
    return found


def term_keys(term: str, lang: str | None) -> tuple[str, ...]:
    return tuple(k for k in (w.key for w in split_words(term, lang)) if k)


class TermMatcher:
    """Matches the terms of one language (``roles``: which kinds of term count) in text."""

    def __init__(self, glossary: Glossary, lang: str,
                 roles: Iterable[str] = ("preferred", "variant")) -> None:
        self.lang = lang
        wanted = set(roles)
        self._by_first: dict[str, list[_Pattern]] = {}
        self._heads: dict[str, _Pattern] = {}
        for concept in glossary:
            entry = concept.entry(lang)
            if entry is None:
                continue
            kinds = [(entry.preferred, "preferred"), *((v, "variant") for v in entry.variants),
                     *((f, "forbidden") for f in entry.forbidden)]
            for term, role in kinds:
                keys = term_keys(term, lang)
                if role not in wanted or not keys:
                    continue
                pattern = _Pattern(keys, concept.key, term, role)
                self._by_first.setdefault(keys[0], []).append(pattern)
                if len(keys) == 1 and len(keys[0]) >= MIN_COMPOUND_HEAD:
                    self._heads.setdefault(keys[0], pattern)
        # Longest first; on a tie the specific concept (a course type) before a family of them
        # ("Deutschkurs" is the German course, also a word for language courses in general).
        families = {c.key for c in glossary if c.kind is ConceptKind.COURSE_FAMILY}
        for patterns in self._by_first.values():
            patterns.sort(key=lambda p: (-len(p.keys), p.concept_key in families))

    def find(self, text: str, *, compounds: bool = False) -> list[TermMatch]:
        return list(self._iter(split_words(text, self.lang), compounds))

    def _iter(self, found: list[Word], compounds: bool) -> Iterator[TermMatch]:
        content = [w for w in found if w.key]
        i = 0
        while i < len(content):
            match = self._at(content, i)
            if match is not None:
                pattern, length = match
                yield TermMatch(pattern.concept_key, pattern.term, pattern.role, content[i].start,
                                content[i + length - 1].end, True)
                i += length
                continue
            if compounds and self.lang == SOURCE_LANGUAGE:
                head = self._compound_head(content[i].key)
                if head is not None:
                    yield TermMatch(head.concept_key, head.term, head.role, content[i].start,
                                    content[i].end, False)
            i += 1

    def _at(self, content: list[Word], i: int) -> tuple[_Pattern, int] | None:
        for pattern in self._by_first.get(content[i].key, ()):
            n = len(pattern.keys)
            if tuple(w.key for w in content[i:i + n]) == pattern.keys:
                return pattern, n
        return None

    def _compound_head(self, key: str) -> _Pattern | None:
        for size in range(len(key) - 3, MIN_COMPOUND_HEAD - 1, -1):
            head = self._heads.get(key[-size:])
            if head is not None:
                return head
        return None

    def concepts_in(self, text: str) -> set[str]:
        return {m.concept_key for m in self.find(text, compounds=True)}
