"""Which language a short query (1-4 words, typed on a phone) is in.

Evidence, strongest first, restricted to the ``allowed`` languages:

1. an explicit language always wins;
2. the script: Greek, Ethiopic and friends name the language; Arabic and Cyrillic narrow it to a few,
   and letters only some of them use decide (Pashto ټ ښ ګ, Sorani ڵ ێ ە, Persian پ چ ژ گ and the
   Persian keyboard's ی ک, Arabic ة ى and ي ك, Ukrainian і ї є ґ, Russian ы э ё);
3. words: the caller's glossary, a small built-in vocabulary of course searches per language, and
   German compounds or German words spelled by ear ("doitsch", "integrazionskurs");
4. langdetect's character n-gram model, restricted to the candidates, computed exactly (not sampled
   at random as langdetect does, so deterministic), and weighted by how much text there is: on one
   short word it is little better than a guess.

Each piece of evidence adds to a language's score; the confidence is the winner's share of all
evidence, damped when there is little of it. Dari and Persian are one written language: "fa" is
chosen unless only "prs" is allowed or the query uses words that are Dari (کورس, صنف, اطفال).
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from service.search.analysis import analyze_word, normalize, words
from service.search.language_vocabulary import LETTERS, PRIOR, SCRIPT_LANGUAGES, VOCABULARY

log = logging.getLogger(__name__)

GlossaryLookup = Callable[[str], set[str]]
ALIASES = {"pes": "fa", "fa-ir": "fa", "fa-af": "prs", "ku": "kmr", "ku-latn": "kmr", "ku-arab": "ckb"}
_DARI_WORDS = "کورس صنف اطفال مفت لسان پوهنتون لیسه"  # Afghan usage; Iranian Persian says دوره, کلاس
_NGRAM_WEIGHT = 2.0  # langdetect's weight on a query of 12 letters or more


@dataclass(frozen=True, slots=True)
class DetectedLanguage:
    lang: str  # BCP-47 code, one of the allowed languages (or the explicit one)
    confidence: float  # 0..1
    method: str  # "explicit" | "script" | "glossary" | "langdetect" | "default"


class _Evidence:
    """Scores per candidate language, kept per source so the answer can say what decided it."""

    def __init__(self, candidates: Sequence[str]) -> None:
        self.scores: dict[str, dict[str, float]] = {lang: {} for lang in candidates}

    def add(self, langs: Sequence[str] | set[str], source: str, weight: float) -> None:
        """Evidence shared by several languages counts less for each, but more than an even split:
        a word that is Turkish or Kurmanji still says it is not Spanish."""
        hits = [lang for lang in langs if lang in self.scores]
        for lang in hits:
            self.scores[lang][source] = self.scores[lang].get(source, 0.0) + weight / math.sqrt(len(hits))

    def total(self, lang: str) -> float:
        return sum(self.scores[lang].values())

    def decide(self) -> tuple[str, float, str] | None:
        ranked = sorted(self.scores, key=lambda lang: (-self.total(lang), _prior(lang)))
        best = ranked[0] if ranked else None
        if best is None or self.total(best) <= 0:
            return None
        top, everything = self.total(best), sum(self.total(lang) for lang in ranked)
        confidence = (top / everything) * (1 - math.exp(-top / 1.5))
        method = max(self.scores[best].items(), key=lambda item: item[1])[0]
        return best, round(confidence, 3), method


def _prior(lang: str) -> int:
    return PRIOR.index(lang) if lang in PRIOR else len(PRIOR)


def _canonical(code: str) -> str:
    code = code.strip().lower().replace("_", "-")
    return ALIASES.get(code, code)


def detect_query_language(q: str, allowed: Sequence[str], *, explicit: str | None = None,
                          glossary_lookup: GlossaryLookup | None = None,
                          default: str = "de") -> DetectedLanguage:
    """The language of query ``q``, one of ``allowed`` (BCP 47; Integreat aliases such as pes accepted).

    ``glossary_lookup`` is called with each word as typed (lower case) and with the whole query; it
    returns the languages in which that is a glossary term.
    """
    if explicit:
        return DetectedLanguage(_canonical(explicit), 1.0, "explicit")
    candidates = list(dict.fromkeys(_canonical(code) for code in allowed))
    script = _dominant_script(q)
    if script is None or not candidates or sum(_script_of(ch) == script for ch in q) < 2:  # "B1", "A2"
        return _fallback(default, candidates)
    in_script = [lang for lang in candidates if SCRIPT_LANGUAGES.get(lang, "latin") == script]
    if not in_script:
        return _fallback(default, candidates)
    if len(in_script) == 1:  # a Latin query may be in a language nobody allowed: less sure
        return DetectedLanguage(in_script[0], 0.6 if script == "latin" else 0.9, "script")
    evidence = _Evidence(["fa" if lang == "prs" else lang for lang in in_script])
    _letters(q, evidence)
    _vocabulary(q, evidence, glossary_lookup)
    if script == "latin":
        _german_by_ear(q, evidence)
    _ngrams(q, evidence, tuple(evidence.scores))
    lang, confidence, method = evidence.decide() or (min(evidence.scores, key=_prior), 0.3, "script")
    if lang == "fa":
        return _persian_or_dari(q, in_script, confidence, method)
    return DetectedLanguage(lang, confidence, method)


def _fallback(default: str, candidates: Sequence[str]) -> DetectedLanguage:
    lang = default if default in candidates or not candidates else candidates[0]
    return DetectedLanguage(lang, 0.1, "default")


def _persian_or_dari(q: str, in_script: Sequence[str], confidence: float, method: str) -> DetectedLanguage:
    if "fa" not in in_script:
        return DetectedLanguage("prs", round(confidence * 0.8, 3), method)
    if "prs" not in in_script:
        return DetectedLanguage("fa", confidence, method)
    if _dari_words().intersection(normalize(q).split()):
        return DetectedLanguage("prs", round(confidence * 0.8, 3), "glossary")
    return DetectedLanguage("fa", round(confidence * 0.7, 3), method)


@cache
def _dari_words() -> frozenset[str]:
    return frozenset(normalize(_DARI_WORDS).split())


def _script_of(ch: str) -> str | None:
    cp = ord(ch)
    if not ch.isalpha():
        return None
    if cp < 0x0250 or 0x1E00 <= cp < 0x1F00:
        return "latin"
    for script, ranges in _SCRIPT_RANGES.items():
        if any(start <= cp < end for start, end in ranges):
            return script
    return "other"


_SCRIPT_RANGES: dict[str, tuple[tuple[int, int], ...]] = {
    "arabic": ((0x0600, 0x0780), (0x08A0, 0x0900), (0xFB50, 0xFE00), (0xFE70, 0xFF00)),
    "cyrillic": ((0x0400, 0x0530),),
    "greek": ((0x0370, 0x0400), (0x1F00, 0x2000)),
    "ethiopic": ((0x1200, 0x13A0), (0x2D80, 0x2DE0), (0xAB00, 0xAB30)),
    "hebrew": ((0x0590, 0x0600),),
    "armenian": ((0x0530, 0x0590),),
    "georgian": ((0x10A0, 0x1100),),
    "devanagari": ((0x0900, 0x0980),),
    "bengali": ((0x0980, 0x0A00),),
    "thai": ((0x0E00, 0x0E80),),
    "hangul": ((0xAC00, 0xD7B0), (0x1100, 0x1200)),
    "kana": ((0x3040, 0x3100),),
    "han": ((0x4E00, 0xA000), (0x3400, 0x4DC0)),
}


def _dominant_script(q: str) -> str | None:
    """The script with most letters; any other script beats Latin from 2 letters on, because Latin
    words inside an Arabic or Cyrillic query are course names and levels ("B1", "VHS")."""
    counts: dict[str, int] = {}
    for ch in q:
        if (script := _script_of(ch)) is not None:
            counts[script] = counts.get(script, 0) + 1
    if "han" in counts and "kana" in counts:
        counts["kana"] += counts.pop("han")  # Japanese mixes kana and kanji
    others = {s: n for s, n in counts.items() if s != "latin" and n >= 2}
    if others:
        return max(others, key=lambda s: others[s])
    return "latin" if counts.get("latin") else (max(counts, key=lambda s: counts[s]) if counts else None)


def _letters(q: str, evidence: _Evidence) -> None:
    for ch in set(q.lower()) | set(q):
        if ch in LETTERS:
            langs, weight = LETTERS[ch]
            evidence.add(langs, "script", weight)


@cache
def _vocabulary_index() -> dict[str, tuple[tuple[str, ...], float]]:
    index: dict[str, list[str]] = {}
    weights: dict[str, float] = {}
    for lang, weight, text in VOCABULARY:
        for word in normalize(text).split():
            if lang not in index.setdefault(word, []):
                index[word].append(lang)
            weights[word] = min(weights.get(word, weight), weight)
    return {word: (tuple(langs), weights[word]) for word, langs in index.items()}


def _vocabulary(q: str, evidence: _Evidence, glossary_lookup: GlossaryLookup | None) -> None:
    index = _vocabulary_index()
    for word in normalize(q).split():
        if word in index:
            langs, weight = index[word]
            evidence.add(langs, "glossary", weight)
    if glossary_lookup is None:
        return
    typed = [w.lower() for w in words(q)]
    for phrase in [*typed, " ".join(typed)] if len(typed) > 1 else typed:
        try:
            found = glossary_lookup(phrase)
        except Exception:  # the glossary helps; a failing lookup must not fail the search
            log.exception("glossary lookup failed for %r", phrase)
            continue
        if found:
            evidence.add({_canonical(lang) for lang in found}, "glossary", 3.0)


def _german_by_ear(q: str, evidence: _Evidence) -> None:
    """German compounds of the course lexicon and German words spelled by ear are German evidence,
    unless the word is another language's own ("entegrasyon" sounds like Integration, and is Turkish)."""
    index = _vocabulary_index()
    for word in words(q):
        if set(index.get(normalize(word), ((), 0.0))[0]) - {"de"}:
            continue
        analysis = analyze_word(word, "de")
        if analysis is not None and (analysis.transliterated or len(analysis.parts) > 1):
            evidence.add(["de"], "glossary", 3.0)


def _ngrams(q: str, evidence: _Evidence, candidates: tuple[str, ...]) -> None:
    letters = sum(ch.isalpha() for ch in q)
    weight = _NGRAM_WEIGHT * min(1.0, letters / 12)
    for lang, probability in langdetect_probabilities(q.lower(), candidates).items():
        evidence.add([lang], "langdetect", weight * probability)


def langdetect_probabilities(text: str, candidates: Sequence[str]) -> dict[str, float]:
    """langdetect's probabilities for ``text`` among ``candidates`` (those it has profiles for)."""
    factory = _factory(tuple(sorted(set(candidates) & _profiles())))
    if factory is None:
        return {}
    detector = factory.create()
    detector.append(text)
    return _exact_probabilities(detector)


def _exact_probabilities(detector: Any) -> dict[str, float]:
    """langdetect's model, computed instead of sampled: each n-gram of the text counted once (its
    naive-Bayes product in log space), where ``get_probabilities`` draws n-grams at random, with
    repeats, seven times over until one language passes 0.99999. A query of a few words has a few
    dozen n-grams, so the exact product is cheap, and deterministic by itself (people type a new
    query at every keystroke; bench/langdetect_accuracy.py: same accuracy, see docs/BENCHMARKS.md).
    Same threshold as langdetect: probabilities above 0.1. No n-gram langdetect knows: {}."""
    detector.cleaning_text()
    grams = detector._extract_ngrams()
    if not grams:
        return {}
    table = detector.word_lang_prob_map
    smoothing = detector.alpha / detector.BASE_FREQ
    logs = [0.0] * len(detector.langlist)
    for gram in grams:
        logs = [total + math.log(smoothing + p) for total, p in zip(logs, table[gram], strict=True)]
    top = max(logs)
    weights = [math.exp(value - top) for value in logs]
    norm = sum(weights)
    return {lang: w / norm for lang, w in zip(detector.langlist, weights, strict=True) if w / norm > 0.1}


@cache
def _profile_dir() -> Path:
    import langdetect

    return Path(langdetect.__file__).parent / "profiles"


@cache
def _profiles() -> frozenset[str]:
    return frozenset(path.name for path in _profile_dir().iterdir())


@lru_cache(maxsize=32)
def _factory(langs: tuple[str, ...]) -> Any:
    """A detector factory holding only ``langs``: built on first use for that set, then reused."""
    if len(langs) < 2:
        return None
    from langdetect.detector_factory import DetectorFactory
    from langdetect.utils.lang_profile import LangProfile

    factory = DetectorFactory()
    for index, lang in enumerate(langs):
        data = json.loads((_profile_dir() / lang).read_text(encoding="utf-8"))
        factory.add_profile(LangProfile(**data), index, len(langs))
    return factory
