"""Argos Translate behind the :class:`~service.translate.base.Translator` seam.

The only module that imports argostranslate and ctranslate2 (sentencepiece is reached through
argostranslate's tokenizer). Nothing is imported until a translator is first used, so importing
this module is cheap.

Packages are installed and listed with argostranslate's own package functions. Translation does
not go through ``argostranslate.translate``: that path splits sentences with MiniSBD, which
downloads a model on first use. Segments arrive here already split (``translate/segment.py``);
each is tokenised with the package's own tokenizer and decoded by its ``ctranslate2.Translator``
with exactly argostranslate 1.11's decoding options (:data:`DECODING`), many segments per
``translate_batch`` call, so the output equals ``argostranslate``'s for the same sentence.

argostranslate keeps its configuration in module globals read from the environment at import.
:func:`_argos_package` imports it with the environment pointed at our own folders (so the import
writes nothing under the user's home) and re-points those globals at the calling translator's
folders before every package operation.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.translate.base import (
    InvalidModelPackage,
    ModelIndexUnreachable,
    ModelInfo,
    NoTranslationModel,
    Pair,
    TranslationFailed,
    route,
    version_string,
)

log = logging.getLogger(__name__)

OFFLINE_HINT = "install from a file: kursfinder models install PATH"

# What argostranslate 1.11's apply_packaged_translation passes to translate_batch for
# ITranslation.translate (num_hypotheses=1, beam_size=max(1, ARGOS_BEAM_SIZE=4)).
# max_decoding_length is CTranslate2's default (256), as argostranslate does not set it.
DECODING: dict[str, Any] = {
    "beam_size": 4,
    "num_hypotheses": 1,
    "length_penalty": 0.2,
    "replace_unknowns": True,
}

# Guards argostranslate's module globals. Lock order: a translator's own lock, then this one;
# never take a translator's lock while holding this.
_ARGOS_LOCK = threading.RLock()
_DEFAULT_INDEX: dict[str, str] = {}


@dataclass(slots=True)
class _LoadedModel:
    info: ModelInfo
    package: Any  # argostranslate.package.Package: tokenizer and target prefix
    translator: Any  # ctranslate2.Translator


class ArgosTranslator:
    """Translates with the Argos packages installed in ``packages_dir``.

    ``state_dir`` holds argostranslate's own files (package index, downloads, its config and
    cache folders); by default ``<packages_dir>-state`` next to it. ``index_url`` overrides the
    package index (a folder URL holding ``index.json``).
    """

    def __init__(
        self,
        packages_dir: Path,
        device: str = "cpu",
        inter_threads: int = 1,
        intra_threads: int = 0,
        batch_size: int = 32,
        compute_type: str = "auto",
        state_dir: Path | None = None,
        index_url: str | None = None,
    ) -> None:
        self.packages_dir = Path(packages_dir)
        self.state_dir = state_dir or self.packages_dir.with_name(self.packages_dir.name + "-state")
        self.device = device
        self.inter_threads = inter_threads
        self.intra_threads = intra_threads
        self.batch_size = batch_size
        self.compute_type = compute_type
        self.index_url = index_url
        self.packages_dir.mkdir(parents=True, exist_ok=True)
        self._installed: dict[Pair, ModelInfo] | None = None
        self._loaded: dict[Pair, _LoadedModel] = {}
        self._lock = threading.Lock()

    # ---- the Translator protocol ---------------------------------------------------------------

    def translate_batch(self, segments: Sequence[str], source: str, target: str) -> list[str]:
        texts = list(segments)
        for hop in self._route(source, target):
            texts = self._translate_hop(texts, self._model(hop))
        return texts

    def available_pairs(self) -> set[Pair]:
        return set(self._installed_by_pair())

    def can_translate(self, source: str, target: str) -> bool:
        return route(self.available_pairs(), source, target) is not None

    def model_version(self, source: str, target: str) -> str:
        installed = self._installed_by_pair()
        return version_string([installed[hop].label for hop in self._route(source, target)])

    # ---- package management ----------------------------------------------------------------------

    def installed_packages(self) -> list[ModelInfo]:
        return sorted(self._installed_by_pair().values(), key=lambda m: m.pair)

    def refresh(self) -> None:
        """Forget what is installed and loaded, e.g. after another process installed a package."""
        with self._lock:
            self._installed = None
            self._loaded.clear()

    def install_from_path(self, path: Path) -> list[ModelInfo]:
        """Install one ``.argosmodel`` file, or every ``.argosmodel`` in a folder."""
        path = Path(path)
        files = sorted(path.glob("*.argosmodel")) if path.is_dir() else [path]
        if not files:
            raise InvalidModelPackage(f"no .argosmodel files in {path}")
        for file in files:
            _check_package_file(file)
        with self._argos(everything=True) as package:
            for file in files:
                log.info("installing Argos package %s into %s", file, self.packages_dir)
                package.install_from_path(file)
        self.refresh()
        installed = self._installed_by_pair()
        return [installed[pair] for pair in (_pair_in_file(file) for file in files) if pair in installed]

    def install_from_index(self, codes: Sequence[str], source: str = "de") -> list[ModelInfo]:
        """Download and install what translating ``source`` into each of ``codes`` needs: a direct
        package where the index has one, otherwise ``source->en`` and ``en->code``."""
        have = self.available_pairs()
        with self._argos() as package:
            available = self._fresh_index(package)
            by_pair = {(p.from_code, p.to_code): p for p in available if p.type == "translate"}
            needed: list[Pair] = []
            for code in codes:
                hops = route(by_pair, source, code)
                if hops is None:
                    raise NoTranslationModel(source, code)
                needed += [hop for hop in hops if hop not in needed and hop not in have]
            files = []
            for pair in needed:
                try:
                    files.append(Path(by_pair[pair].download()))
                except Exception as error:
                    raise ModelIndexUnreachable(
                        f"cannot download the Argos package {pair[0]}->{pair[1]}; {OFFLINE_HINT}"
                    ) from error
        installed = [info for file in files for info in self.install_from_path(file)]
        for file in files:
            file.unlink(missing_ok=True)
        return installed

    # ---- internals -------------------------------------------------------------------------------

    @contextmanager
    def _argos(self, everything: bool = False) -> Iterator[Any]:
        with _ARGOS_LOCK:
            yield _argos_package(self.packages_dir, self.state_dir, self.index_url, everything)

    def _fresh_index(self, package: Any) -> list[Any]:
        index_file = Path(package.settings.local_package_index)
        before = index_file.stat().st_mtime_ns if index_file.exists() else None
        package.update_package_index()  # logs and returns on any error
        if not index_file.exists() or index_file.stat().st_mtime_ns == before:
            raise ModelIndexUnreachable(f"cannot reach the Argos package index; {OFFLINE_HINT}")
        return list(package.get_available_packages())

    def _installed_by_pair(self) -> dict[Pair, ModelInfo]:
        with self._lock:
            if self._installed is None:
                self._installed = {info.pair: info for info in self._scan()}
            return self._installed

    def _scan(self) -> list[ModelInfo]:
        with self._argos() as package:
            try:
                packages = package.get_installed_packages([self.packages_dir])
            except FileNotFoundError as error:
                raise InvalidModelPackage(
                    f"a folder in {self.packages_dir} is not an Argos package: {error}"
                ) from error
        return [
            ModelInfo(p.from_code, p.to_code, p.package_version, Path(p.package_path))
            for p in packages
            if p.type == "translate"
        ]

    def _route(self, source: str, target: str) -> list[Pair]:
        hops = route(self.available_pairs(), source, target)
        if hops is None:
            raise NoTranslationModel(source, target)
        return hops

    def _model(self, pair: Pair) -> _LoadedModel:
        info = self._installed_by_pair()[pair]
        with self._lock:
            loaded = self._loaded.get(pair)
            if loaded is None:
                loaded = self._load(info)
                self._loaded[pair] = loaded
            return loaded

    def _load(self, info: ModelInfo) -> _LoadedModel:
        import ctranslate2

        with self._argos() as package:
            pkg = package.Package(info.path)
        translator = ctranslate2.Translator(
            str(info.path / "model"),
            device=self.device,
            inter_threads=self.inter_threads,
            intra_threads=self.intra_threads,
            compute_type=self.compute_type,
        )
        log.info("loaded Argos model %s (%s, %s)", info.label, self.device, self.compute_type)
        return _LoadedModel(info, pkg, translator)

    def _translate_hop(self, texts: list[str], model: _LoadedModel) -> list[str]:
        """Translate line by line (as argostranslate does), each distinct line once, batched by length."""
        lines_of = [text.split("\n") for text in texts]
        distinct = sorted({line for lines in lines_of for line in lines if line.strip()})
        tokens = {line: model.package.tokenizer.encode(line) for line in distinct}
        order = sorted(distinct, key=lambda line: len(tokens[line]))
        batch = [tokens[line] for line in order]
        if not batch:
            return texts
        prefix = [[model.package.target_prefix]] * len(batch) if model.package.target_prefix else None
        try:
            results = model.translator.translate_batch(
                batch, target_prefix=prefix, max_batch_size=self.batch_size, batch_type="examples", **DECODING
            )
        except RuntimeError as error:
            raise TranslationFailed(
                f"{model.info.label} failed on a batch of {len(batch)}: {error}",
                details={"model": model.info.label},
            ) from error
        done = {line: _decoded(model.package, r.hypotheses[0]) for line, r in zip(order, results, strict=True)}
        return ["\n".join(done.get(line, line) for line in lines) for lines in lines_of]


def _decoded(pkg: Any, tokens: list[str]) -> str:
    """argostranslate 1.11's post-processing of one hypothesis (apply_packaged_translation)."""
    value = str(pkg.tokenizer.decode(tokens))
    if pkg.target_prefix and value.startswith(pkg.target_prefix):
        value = value[len(pkg.target_prefix) :]
    return value[1:] if value.startswith(" ") else value


def _check_package_file(file: Path) -> None:
    if not file.is_file() or not zipfile.is_zipfile(file):
        raise InvalidModelPackage(f"{file} is not an Argos package (.argosmodel zip archive)")
    if _pair_in_file(file) is None:
        raise InvalidModelPackage(f"{file} has no <from>_<to>/metadata.json")


def _pair_in_file(file: Path) -> Pair | None:
    with zipfile.ZipFile(file) as archive:
        for name in archive.namelist():
            folder, _, rest = name.partition("/")
            if rest == "metadata.json" and folder.count("_") == 1:
                source, target = folder.split("_")
                return (source, target)
    return None


def _argos_package(packages_dir: Path, state_dir: Path, index_url: str | None, everything: bool = False) -> Any:
    """``argostranslate.package``, configured for these folders (see the module docstring).

    ``everything`` also imports ``argostranslate.translate`` (which ``install_from_path`` does
    to clear its language cache): it pulls in stanza and onnxruntime, which write under ``HOME``
    on import, so ``HOME`` points into ``state_dir`` while it loads.
    """
    overrides = {
        "ARGOS_PACKAGES_DIR": str(packages_dir),
        "XDG_DATA_HOME": str(state_dir / "data"),
        "XDG_CONFIG_HOME": str(state_dir / "config"),
        "XDG_CACHE_HOME": str(state_dir / "cache"),
    }
    if "argostranslate.settings" not in sys.modules:
        with _environment(overrides):
            import argostranslate.package  # noqa: F401
    if everything and "argostranslate.translate" not in sys.modules:
        with _environment(overrides | {"HOME": str(state_dir / "home")}):
            import argostranslate.translate  # noqa: F401
    import argostranslate.package as package
    import argostranslate.settings as settings

    downloads = state_dir / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    _DEFAULT_INDEX.setdefault("url", settings.remote_package_index)
    settings.package_data_dir = packages_dir
    settings.package_dirs = [packages_dir]
    settings.local_package_index = state_dir / "index.json"
    settings.downloads_dir = downloads
    settings.remote_package_index = (
        _DEFAULT_INDEX["url"] if index_url is None else index_url.rstrip("/") + "/index.json"
    )
    return package


@contextmanager
def _environment(overrides: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in overrides}
    os.environ.update(overrides)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
