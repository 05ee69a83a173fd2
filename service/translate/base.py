"""The seam between Kursfinder and machine-translation engines.

The rest of the code sees a :class:`Translator`: a few methods that translate already-split
segments, one call per batch (like httpx's transport seam). ``translate/argos.py`` puts Argos
Translate behind it; :class:`FunctionTranslator` puts a plain function behind it for tests.

Language codes here are Argos model codes (``de``, ``en``, ``ar``, ``fa``, ``uk``, ...). Where no
direct model exists, translation pivots through English (``de -> en -> ar``); :func:`route`
decides that in one place for every implementation.

Errors raised by translators, and where they sit in ``service/errors.py``'s tree::

    KursfinderError
    ├── NotFound
    │   └── NoTranslationModel     no installed model, direct or via English, for a pair
    ├── InvalidInput
    │   └── InvalidModelPackage    a file or folder that holds no .argosmodel package
    └── Unavailable
        ├── ModelIndexUnreachable  the Argos package index cannot be downloaded (offline)
        └── TranslationFailed      the engine failed on a batch (e.g. input too long for the model)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from service.errors import InvalidInput, NotFound, Unavailable

PIVOT_LANGUAGE = "en"
IDENTITY_VERSION = "identity"

Pair = tuple[str, str]


class NoTranslationModel(NotFound):
    code = "no_translation_model"

    def __init__(self, source: str, target: str) -> None:
        super().__init__(
            f"no translation model installed for {source}->{target} (directly or via English)",
            details={"source": source, "target": target},
        )


class InvalidModelPackage(InvalidInput):
    code = "invalid_model_package"


class ModelIndexUnreachable(Unavailable):
    code = "model_index_unreachable"


class TranslationFailed(Unavailable):
    code = "translation_failed"


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """One installed model package."""

    source: str
    target: str
    version: str
    path: Path

    @property
    def pair(self) -> Pair:
        return (self.source, self.target)

    @property
    def label(self) -> str:
        """``de_en-0.1``: the package as it appears in a model version string."""
        return f"{self.source}_{self.target}-{self.version}"


class Translator(Protocol):
    """Translates segments (sentences, titles) that the caller has already split."""

    def translate_batch(self, segments: Sequence[str], source: str, target: str) -> list[str]:
        """One translation per segment, in order. Raises :class:`NoTranslationModel`."""
        ...

    def available_pairs(self) -> set[Pair]:
        """The direct model pairs installed."""
        ...

    def can_translate(self, source: str, target: str) -> bool:
        """True if a direct model or an English pivot covers ``source -> target``."""
        ...

    def model_version(self, source: str, target: str) -> str:
        """Names the models used, e.g. ``de_en-0.1+en_ar-0.1``; part of the translation-memory key."""
        ...


def route(pairs: Iterable[Pair], source: str, target: str) -> list[Pair] | None:
    """The model hops that translate ``source -> target``: [] for the same language, one direct
    hop, or two hops through English; None if the installed pairs cannot do it."""
    installed = set(pairs)
    if source == target:
        return []
    if (source, target) in installed:
        return [(source, target)]
    hops = [(source, PIVOT_LANGUAGE), (PIVOT_LANGUAGE, target)]
    if PIVOT_LANGUAGE not in (source, target) and all(hop in installed for hop in hops):
        return hops
    return None


def version_string(labels: Sequence[str]) -> str:
    return "+".join(labels) if labels else IDENTITY_VERSION


class FunctionTranslator:
    """A :class:`Translator` backed by a plain function ``(segment, source, target) -> str``.

    ``pairs`` are the direct pairs it pretends to have installed (None: every pair is direct);
    pivots go through English like the real engine, calling ``fn`` once per hop. Every call to
    :meth:`translate_batch` is recorded in ``calls`` so tests can check batching.
    """

    def __init__(
        self, fn: Callable[[str, str, str], str], pairs: Iterable[Pair] | None = None, version: str = "test"
    ) -> None:
        self.fn = fn
        self.pairs = None if pairs is None else set(pairs)
        self.version = version
        self.calls: list[tuple[list[str], str, str]] = []

    def _route(self, source: str, target: str) -> list[Pair] | None:
        if self.pairs is None:
            return [] if source == target else [(source, target)]
        return route(self.pairs, source, target)

    def translate_batch(self, segments: Sequence[str], source: str, target: str) -> list[str]:
        hops = self._route(source, target)
        if hops is None:
            raise NoTranslationModel(source, target)
        self.calls.append((list(segments), source, target))
        texts = list(segments)
        for hop_source, hop_target in hops:
            texts = [self.fn(text, hop_source, hop_target) for text in texts]
        return texts

    def available_pairs(self) -> set[Pair]:
        """The pairs given; empty when built without pairs (every pair is then direct)."""
        return set(self.pairs or ())

    def can_translate(self, source: str, target: str) -> bool:
        return self._route(source, target) is not None

    def model_version(self, source: str, target: str) -> str:
        hops = self._route(source, target)
        if hops is None:
            raise NoTranslationModel(source, target)
        return version_string([f"{s}_{t}-{self.version}" for s, t in hops])
