"""The seam between translation and the glossary: how approved terms get into machine output.

The glossary implements :class:`TermPolicy`; the translation worker calls it around the model:

1. :meth:`TermPolicy.protect` marks the glossary terms in a German segment, either by placeholders
   the model passes through unchanged or, where the model mangles placeholders, by leaving the term
   as it is (``placeholder == source``); the worker translates — and remembers — the protected text;
2. :meth:`TermPolicy.restore` puts the approved target terms in place of the placeholders, or of the
   model's own rendering of each term (the worker translates a term the model saw as it was on its
   own, in the same batch: ``renderings``), and checks that no forbidden translation is left; the
   result says whether enforcement succeeded;
3. :meth:`TermPolicy.glossary_only` writes the fields it can for a language without a model.

Why the memory needs no policy version: it is keyed by the *protected* segment, so adding a source
term changes the key (a real re-translation), while a changed target term only changes
:meth:`restore`, which runs again on every job. ``version`` is logged and stored on each
translation so a reviewer sees which glossary state enforced it.

:class:`NoTerms` is the pass-through default until a glossary is configured.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from service.courses import Course


@dataclass(frozen=True, slots=True)
class ProtectedTerm:
    placeholder: str  # what the model sees, e.g. "⟦1⟧"; the source itself when the model sees the term
    source: str  # the German term as it stood in the segment
    target: str  # the approved term in the target language


@dataclass(frozen=True, slots=True)
class ProtectedSegment:
    """A segment with its glossary terms replaced by placeholders (``text`` is what gets translated)."""

    text: str
    original: str
    terms: tuple[ProtectedTerm, ...] = ()


@dataclass(frozen=True, slots=True)
class EnforcedText:
    """Machine output with the approved terms in. ``ok`` is False when a term could not be placed
    or a forbidden translation had to be removed; ``problems`` says which, for the reviewer."""

    text: str
    ok: bool = True
    problems: list[str] = field(default_factory=list)


class TermPolicy(Protocol):
    version: str  # changes when approved terms change

    def protect(self, segment: str, source: str, target: str) -> ProtectedSegment: ...

    def restore(self, translated: str, protected: ProtectedSegment,
                renderings: Mapping[str, str] | None = None) -> EnforcedText:
        """``renderings``: term source -> the model's translation of that term alone, for the terms
        the model saw as they were (``placeholder == source``)."""
        ...

    def glossary_only(self, course: Course, target: str) -> dict[str, str]:
        """field -> text for a language without a model (e.g. title: "<type> · <level> · <schedule>")."""
        ...

    def type_label(self, course_type: str, lang: str) -> str | None: ...

    def course_terms(self, course: Course) -> dict[str, list[str]]:
        """lang -> the course's glossary terms, for the search document."""
        ...


class NoTerms:
    """No glossary: segments pass through untouched and glossary-only languages get nothing."""

    version = "none"

    def protect(self, segment: str, source: str, target: str) -> ProtectedSegment:
        return ProtectedSegment(segment, segment)

    def restore(self, translated: str, protected: ProtectedSegment,
                renderings: Mapping[str, str] | None = None) -> EnforcedText:
        return EnforcedText(translated)

    def glossary_only(self, course: Course, target: str) -> dict[str, str]:
        return {}

    def type_label(self, course_type: str, lang: str) -> str | None:
        return None

    def course_terms(self, course: Course) -> dict[str, list[str]]:
        return {}
