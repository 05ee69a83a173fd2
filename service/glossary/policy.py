"""``GlossaryTermPolicy``: the glossary behind the translation stage's ``TermPolicy`` seam.

Why the model sees the German term, not an opaque placeholder: the Argos models we measured turn
placeholders ("⟦1⟧", "[1]", "XT1X") and inserted target terms into unrelated words, so the
protected segment keeps its text and enforcement happens after translation, on the output:

- an approved target term (or one of its accepted variants, in any inflection the search analysis
  folds together) already in the output: enforced;
- the German term left untranslated, the model's own rendering of the term (it translated the term
  alone in the same batch: ``renderings``), or a forbidden translation: replaced by the approved
  term (a forbidden one is reported, so a reviewer sees the model's habit);
- that rendering inflected (same analysed stems: "integration classes", "інтеграційного класу"):
  replaced by the approved term inflected alike (:func:`inflect_like`), or, where that form cannot
  be derived safely, by the term as written, reported for a grammar check;
- otherwise the term could not be placed: ``ok`` is False and the problem names it.

Forbidden translations of every concept are removed from every output, protected or not.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field

from service.courses import Course
from service.glossary.facts import glossary_only_fields, preferred_term
from service.glossary.inflection import inflect_like, inflected_span
from service.glossary.matching import TermMatch, TermMatcher
from service.glossary.model import SOURCE_LANGUAGE, Glossary
from service.glossary.repository import GlossaryRepository
from service.glossary.usage import ConceptFinder, finder_for
from service.translate.terms import EnforcedText, ProtectedSegment, ProtectedTerm

TARGET_MEMORY = 50_000


@dataclass(slots=True)
class _Compiled:
    """Matchers built once per glossary snapshot (and target language, on first use)."""

    glossary: Glossary
    finder: ConceptFinder
    targets: dict[str, TermMatcher]
    course_terms: dict[tuple[str, ...], dict[str, list[str]]] = field(default_factory=dict)


class GlossaryTermPolicy:
    def __init__(self, repository: GlossaryRepository) -> None:
        self.repository = repository
        self._lock = threading.Lock()
        self._compiled: _Compiled | None = None
        self._pinned = ""
        # restore() is not told the target language: remember it per protected segment.
        self._targets: OrderedDict[tuple[str, tuple[ProtectedTerm, ...]], str] = OrderedDict()

    @property
    def version(self) -> str:
        """Changes with every glossary change (the TermPolicy protocol's ``version``)."""
        return self._pinned or f"glossary-{self.repository.version()}"

    @version.setter
    def version(self, value: str) -> None:  # the protocol declares a settable attribute
        self._pinned = value

    def _current(self) -> _Compiled:
        glossary = self.repository.snapshot()
        compiled = self._compiled
        if compiled is None or compiled.glossary is not glossary:
            compiled = _Compiled(glossary, finder_for(glossary), {})
            self._compiled = compiled
        return compiled

    def _target(self, compiled: _Compiled, lang: str) -> TermMatcher:
        matcher = compiled.targets.get(lang)
        if matcher is None:
            with self._lock:
                matcher = TermMatcher(compiled.glossary, lang, roles=("preferred", "variant", "forbidden"))
                compiled.targets[lang] = matcher
        return matcher

    # Translation --------------------------------------------------------------------------------
    def protect(self, segment: str, source: str, target: str) -> ProtectedSegment:
        if source != SOURCE_LANGUAGE or target == SOURCE_LANGUAGE:
            return ProtectedSegment(segment, segment)
        compiled = self._current()
        terms = []
        for match in compiled.finder.matcher.find(segment):
            entry = compiled.glossary.concepts[match.concept_key].entry(target)
            if entry is not None and entry.approved:
                found = segment[match.start:match.end]
                terms.append(ProtectedTerm(placeholder=found, source=found, target=entry.preferred))
        protected = ProtectedSegment(segment, segment, tuple(terms))
        with self._lock:
            self._targets[(segment, protected.terms)] = target
            self._targets.move_to_end((segment, protected.terms))
            while len(self._targets) > TARGET_MEMORY:
                self._targets.popitem(last=False)
        return protected

    def restore(self, translated: str, protected: ProtectedSegment,
                renderings: Mapping[str, str] | None = None) -> EnforcedText:
        with self._lock:
            lang = self._targets.get((protected.original, protected.terms))
        if lang is None:
            return EnforcedText(translated)  # not protected by this policy: nothing to enforce
        return self.enforce(translated, protected, lang, renderings)

    def enforce(self, translated: str, protected: ProtectedSegment, target: str,
                renderings: Mapping[str, str] | None = None) -> EnforcedText:
        """:meth:`restore` with the target language named."""
        compiled = self._current()
        problems: list[str] = []
        text = self._replace_forbidden(compiled, target, translated, problems)
        for term in protected.terms:
            text = self._place(compiled, target, text, term, (renderings or {}).get(term.source), problems)
        return EnforcedText(text, not problems, problems)

    def _replace_forbidden(self, compiled: _Compiled, lang: str, text: str, problems: list[str]) -> str:
        matches = [m for m in self._target(compiled, lang).find(text) if m.role == "forbidden"]
        for match in reversed(matches):
            concept = compiled.glossary.concepts[match.concept_key]
            replacement = preferred_term(concept, lang) or ""
            found = text[match.start:match.end]
            problems.append(f"forbidden translation {found!r} replaced by {replacement!r} ({concept.label})")
            text = text[:match.start] + _same_case(found, replacement) + text[match.end:]
        return text

    def _place(self, compiled: _Compiled, lang: str, text: str, term: ProtectedTerm, rendering: str | None,
               problems: list[str]) -> str:
        concept = self._concept_of(compiled, term)
        if concept is None:
            return text
        present: list[TermMatch] = [m for m in self._target(compiled, lang).find(text)
                                    if m.concept_key == concept and m.role != "forbidden"]
        if present:
            return text
        start = text.casefold().find(term.source.casefold())
        if start >= 0:  # the model left the German term as it was
            found = text[start:start + len(term.source)]
            return text[:start] + _same_case(found, term.target) + text[start + len(term.source):]
        span = _phrase_span(text, rendering) if rendering else None
        if span is not None:  # the model's own wording for the term (as it translates the term alone)
            found = text[span[0]:span[1]]
            return text[:span[0]] + _same_case(found, term.target) + text[span[1]:]
        inflected = inflected_span(text, rendering, lang) if rendering else None
        if inflected is not None:  # that wording, inflected ("integration classes"): the term, inflected alike
            (start, end), forms = inflected
            placed = inflect_like(term.target, forms, lang)
            if placed is None:
                placed = term.target
                problems.append(f"approved term {term.target!r} placed for {text[start:end]!r} uninflected: "
                                f"check the grammar")
            return text[:start] + _same_case(text[start:end], placed) + text[end:]
        problems.append(f"approved term {term.target!r} for {term.source!r} is missing from the translation")
        return text

    def _concept_of(self, compiled: _Compiled, term: ProtectedTerm) -> str | None:
        for match in compiled.finder.matcher.find(term.source):
            return match.concept_key
        return None

    # Glossary-only languages and search -----------------------------------------------------------
    def glossary_only(self, course: Course, target: str) -> dict[str, str]:
        compiled = self._current()
        return glossary_only_fields(compiled.glossary, compiled.finder.concepts(course), course, target)

    def type_label(self, course_type: str, lang: str) -> str | None:
        concept = self._current().glossary.get(course_type)
        return None if concept is None else preferred_term(concept, lang)

    def course_terms(self, course: Course) -> dict[str, list[str]]:
        compiled = self._current()
        keys = tuple(compiled.finder.concepts(course))
        cached = compiled.course_terms.get(keys)
        if cached is None:  # courses share a few concept sets: build each set's terms once
            terms: dict[str, list[str]] = {}
            for key in keys:
                for lang, entry in compiled.glossary.concepts[key].terms.items():
                    terms.setdefault(lang, []).extend(entry.terms)
            cached = {lang: list(dict.fromkeys(values)) for lang, values in terms.items()}
            compiled.course_terms[keys] = cached
        return cached


def _phrase_span(text: str, rendering: str) -> tuple[int, int] | None:
    """Where ``rendering`` (without its edge punctuation) stands in ``text`` as whole words, any case.
    Renderings under three letters are not looked for: they would match inside unrelated words."""
    phrase = rendering.strip(_EDGE_PUNCTUATION)
    if len(phrase) < 3:
        return None
    found = re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE)
    return found.span() if found else None


_EDGE_PUNCTUATION = " \t\n.,;:!?\"'()[]«»„“”‚‘’-–—"


def _same_case(found: str, replacement: str) -> str:
    """Keep a capital at the start ("Merger course ..." -> "Integration course ...")."""
    if found[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement
