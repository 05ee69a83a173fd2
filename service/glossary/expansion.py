"""What search asks the glossary: query expansions and the languages a word is a term in.

Expansion: a query word that is (part of) a glossary term — in any language, as a variant,
colloquial form, transliteration or plural — gets the concept's other terms as lower-scored
alternatives: its German terms and its preferred term in every language. The engine scores every
word of an alternative as a match for the query word, so only *distinctive* single words are
offered ("Integrationskurs", "інтеграційний"), never words many concepts share ("курс", "level"),
which would let any course match.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from service.glossary.matching import term_keys, word_key
from service.glossary.model import Glossary, GlossaryConcept
from service.search.analysis import normalize, query_terms, words
from service.search.base import Expansion

MAX_SHARED = 1  # a phrase's word is offered only if no other concept uses it ("курс", "lernen" are not)
MAX_ALTERNATIVES = 40
EXPANSION_CACHE = 4096  # queries whose expansions a snapshot remembers
MIN_PART_LENGTH = 4  # shorter words of a phrase ("nach", "am") say nothing on their own


@dataclass(frozen=True, slots=True)
class _Term:
    keys: tuple[str, ...]
    concept_key: str


class GlossaryExpander:
    """Built from one glossary snapshot; cheap to call per query."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self._terms: dict[str, list[_Term]] = {}  # first key -> terms starting with it
        self._concepts_of_key: dict[str, set[str]] = {}
        self._languages: dict[str, set[str]] = {}  # folded word or whole term -> languages
        self._written_in: dict[str, set[str]] = {}  # word or whole term as written -> languages
        for concept in glossary:
            for lang, entry in concept.terms.items():
                for term in entry.terms:
                    self._add(concept.key, lang, term)
        self._alternatives = {c.key: self._alternatives_of(c) for c in glossary}
        self._expand_cached = lru_cache(maxsize=EXPANSION_CACHE)(self._expand)

    def _add(self, concept_key: str, lang: str, term: str) -> None:
        keys = term_keys(term, lang)
        if keys:
            self._terms.setdefault(keys[0], []).append(_Term(keys, concept_key))
            for key in keys:
                self._concepts_of_key.setdefault(key, set()).add(concept_key)
        for text in (term, *words(term)):
            self._languages.setdefault(normalize(text), set()).add(lang)
            self._written_in.setdefault(text, set()).add(lang)

    def _distinctive(self, word: str, lang: str) -> bool:
        key = word_key(word, lang)
        return bool(key) and len(self._concepts_of_key.get(key, ())) <= MAX_SHARED and not key.isdigit()

    def _alternatives_of(self, concept: GlossaryConcept) -> tuple[str, ...]:
        """Whole one-word terms of every language ("Integrationskurs", "اینتگراسیون", "abends"), then
        the distinctive words of the German terms and of every language's preferred term."""
        whole = [term for entry in concept.terms.values() for term in entry.terms if len(words(term)) == 1]
        candidates = [(lang, entry.preferred) for lang, entry in concept.terms.items()]
        parts = [w for lang, term in candidates if len(words(term)) > 1
                 for w in words(term) if len(w) >= MIN_PART_LENGTH and self._distinctive(w, lang)]
        return tuple(dict.fromkeys([*whole, *parts]))[:MAX_ALTERNATIVES]

    def expand(self, q: str, lang: str | None) -> tuple[Expansion, ...]:
        """Remembered per query (the snapshot never changes; people type the same words again)."""
        return self._expand_cached(q, lang)

    def _expand(self, q: str, lang: str | None) -> tuple[Expansion, ...]:
        terms = query_terms(q, lang, prefix_last=False)
        keys = [t.stem or t.surface for t in terms]
        found: dict[str, list[str]] = {}
        i = 0
        while i < len(keys):
            match = self._match_at(keys, i)
            if match is None:
                i += 1
                continue
            term, length = match
            for term_word in terms[i:i + length]:
                found.setdefault(term_word.surface, []).extend(self._alternatives[term.concept_key])
            i += length
        expansions = []
        for surface, alternatives in found.items():
            kept = tuple(a for a in dict.fromkeys(alternatives) if normalize(a) != surface)
            if kept:
                kept = kept[:MAX_ALTERNATIVES]
                expansions.append(Expansion(word=surface, alternatives=kept, languages=tuple(
                    frozenset(self._written_in.get(a, ())) for a in kept)))
        return tuple(expansions)

    def _match_at(self, keys: Sequence[str], i: int) -> tuple[_Term, int] | None:
        best: tuple[_Term, int] | None = None
        for term in self._terms.get(keys[i], ()):
            n = len(term.keys)
            if tuple(keys[i:i + n]) == term.keys and (best is None or n > best[1]):
                best = (term, n)
        return best

    def languages(self, word: str) -> set[str]:
        """Languages in which ``word`` (or a whole query) is, or is part of, a glossary term."""
        return set(self._languages.get(normalize(word), ()))

    def vocabulary(self) -> Iterable[str]:
        return self._languages.keys()


class LiveExpander:
    """The search hooks (``expander``, ``glossary_languages``) over the store's current glossary,
    rebuilt when the glossary version changes."""

    def __init__(self, snapshot: Callable[[], Glossary]) -> None:
        self._snapshot = snapshot
        self._built: GlossaryExpander | None = None

    def current(self) -> GlossaryExpander:
        glossary = self._snapshot()
        built = self._built
        if built is None or built.glossary is not glossary:
            built = GlossaryExpander(glossary)
            self._built = built
        return built

    def expand(self, q: str, lang: str | None) -> Sequence[Expansion]:
        return self.current().expand(q, lang)

    def languages(self, word: str) -> set[str]:
        return self.current().languages(word)
