"""Translating many texts into one language with one model call: split, protect, dedup, remember.

The steps, for a batch of fields of many courses:

1. split every text into sentence segments (``segment.py``, no model, no network);
2. let the glossary protect its terms (``terms.py``) and normalize: the memory key;
3. keep each distinct key once and look them all up in the memory;
4. send only the misses to the translator, in **one** ``translate_batch`` call, with each glossary
   term the model sees as it is (no placeholder) on its own: its rendering tells step 5 which words
   of the output stand for the term;
5. restore the approved terms in every segment and join each text back into its layout.

Course data repeats itself across records (module descriptions, "Kinderbetreuung vorhanden"),
so step 3 is where most of the work disappears; step 4 gives the engine full batches.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from service.errors import KursfinderError
from service.translate.base import Translator
from service.translate.memory import TranslationMemory
from service.translate.segment import Segment, join_segments, normalize_segment, split_segments
from service.translate.terms import EnforcedText, ProtectedSegment, TermPolicy

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class _Planned:
    segments: list[Segment]
    protected: list[ProtectedSegment | None]  # None: nothing to translate (whitespace, a date)
    keys: list[str]


@dataclass(slots=True)
class BatchOutcome(Generic[K]):
    texts: dict[K, EnforcedText]
    segments: int  # translatable segments in the batch
    distinct: int  # after dedup
    translated: int  # sent to the model (memory misses, glossary terms alone included)
    fresh: dict[str, str] = field(default_factory=dict)  # new memory entries: key -> translation


@dataclass(frozen=True, slots=True)
class BatchTarget:
    """Where a batch goes: the public code (memory, glossary) and the model code (translator)."""

    source: str
    target: str
    model_target: str
    model_version: str


def translate_texts(texts: Mapping[K, str], to: BatchTarget, translator: Translator,
                    memory: TranslationMemory, terms: TermPolicy) -> BatchOutcome[K]:
    plans = {key: _plan(text, to, terms) for key, text in texts.items()}
    wanted = list(dict.fromkeys(k for plan in plans.values() for k, p in zip(plan.keys, plan.protected,
                                                                              strict=True) if p is not None))
    segment_count = len(wanted)
    # Terms the model sees as they are: translated on their own too (remembered like any segment).
    wanted = list(dict.fromkeys([*wanted, *(normalize_segment(t.source) for plan in plans.values()
                                            for p in plan.protected if p is not None
                                            for t in p.terms if t.placeholder == t.source)]))
    known = memory.lookup(wanted, to.source, to.target, to.model_version)
    misses = [key for key in wanted if key not in known]
    fresh: dict[str, str] = {}
    if misses:
        output = translator.translate_batch(misses, to.source, to.model_target)
        if len(output) != len(misses):
            raise TranslationMismatch(f"the translator returned {len(output)} texts for {len(misses)} segments")
        fresh = dict(zip(misses, output, strict=True))
        known.update(fresh)
    done = {key: _assemble(plan, known, terms) for key, plan in plans.items()}
    segments = sum(1 for plan in plans.values() for p in plan.protected if p is not None)
    return BatchOutcome(done, segments, segment_count, len(misses), fresh)


class TranslationMismatch(KursfinderError):
    code = "translation_mismatch"


def _plan(text: str, to: BatchTarget, terms: TermPolicy) -> _Planned:
    segments = split_segments(text)
    protected: list[ProtectedSegment | None] = []
    keys: list[str] = []
    for segment in segments:
        key = normalize_segment(segment.text)
        if not key:
            protected.append(None)
            keys.append("")
            continue
        shielded = terms.protect(key, to.source, to.target)
        protected.append(shielded)
        keys.append(normalize_segment(shielded.text))
    return _Planned(segments, protected, keys)


def _assemble(plan: _Planned, known: Mapping[str, str], terms: TermPolicy) -> EnforcedText:
    parts: list[str] = []
    ok = True
    problems: list[str] = []
    for key, shielded in zip(plan.keys, plan.protected, strict=True):
        if shielded is None:
            parts.append("")
            continue
        renderings = {t.source: known[k] for t in shielded.terms
                      if t.placeholder == t.source and (k := normalize_segment(t.source)) in known}
        enforced = terms.restore(known[key], shielded, renderings)
        parts.append(enforced.text)
        ok = ok and enforced.ok
        problems.extend(p for p in enforced.problems if p not in problems)
    return EnforcedText(join_segments(plan.segments, parts), ok, problems)
