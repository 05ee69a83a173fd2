"""ArgosTranslator with the tiny real packages in tests/fixtures/argos (see the README there).

The tiny models get digits and rare words wrong, so these tests compare against argostranslate's
own output and check structure, never the quality of a translation.
"""

import functools
import http.server
import json
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.translate.argos import ArgosTranslator
from service.translate.base import (
    InvalidModelPackage,
    ModelIndexUnreachable,
    NoTranslationModel,
    TranslationFailed,
)

FIXTURES = Path(__file__).parent / "fixtures" / "argos"
DE_EN = FIXTURES / "translate-de_en-0_1.argosmodel"

GERMAN = [
    "Integrationskurs mit Kinderbetreuung",
    "Sprachkurs für Frauen am Vormittag",
    "Alphabetisierungskurs",
    "Jugendintegrationskurs am Nachmittag",
    "Orientierungskurs",
    "Elternkurs mit Kinderbetreuung",
    "Deutschkurs für Anfänger am Abend",
    "Teilzeitkurs am Wochenende",
    "Vollzeitkurs für Jugendliche",
    "Berufssprachkurs B2",
    "Kursbeginn: 01.02.2026",
    "Freie Plätze: 12",
    "Der Kurs beginnt am Montag.",
    "Die Anmeldung ist erforderlich.",
    "Der Kurs ist kostenlos.",
    "Bitte bringen Sie Ihren Aufenthaltstitel mit.",
    "Der allgemeine Integrationskurs umfasst 700 Unterrichtsstunden.",
    "Der Kurs endet mit dem Deutsch-Test für Zuwanderer.",
    "Im Orientierungskurs lernen Sie Politik, Geschichte und Kultur in Deutschland kennen.",
    "Für Teilnehmende, die die Stufe A1.1 besucht haben.",
    "Lehrbuch: Linie 1 Klett (genaue Angaben erhalten Sie am 1. Unterrichtstag)",
    "Kurszeiten: Mo.-Fr. 9.30 Uhr bis 12.45 Uhr.",
    "Der Kursort ist barrierefrei.",
    "Onlinekurs für Eltern",
    "Frauenkurs mit Kinderbetreuung am Vormittag",
    "Intensivkurs Deutsch A2",
    "Sie lernen Lesen und Schreiben in kleinen Gruppen.",
    "Kinderbetreuung ist während des Kurses möglich.",
    "Abendkurs für Berufstätige",
    "Wochenendkurs für Anfänger mit Kinderbetreuung",
]


class WholeSegment:
    """An argostranslate sentencizer that leaves each segment whole (in place of MiniSBD)."""

    def split_sentences(self, text: str) -> list[str]:
        return [text]


@pytest.fixture(scope="module")
def fake_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """HOME and the XDG folders point at an empty folder that must stay empty."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        for name, value in [
            ("HOME", home),
            *((v, home / v) for v in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")),
        ]:
            patch.setenv(name, str(value))
        yield home
    assert list(home.iterdir()) == []


@pytest.fixture(scope="module")
def argos(fake_home: Path, tmp_path_factory: pytest.TempPathFactory) -> ArgosTranslator:
    translator = ArgosTranslator(tmp_path_factory.mktemp("argos") / "packages", batch_size=8)
    translator.install_from_path(FIXTURES)
    return translator


@pytest.fixture
def network_attempts(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every socket connection or name lookup fails, and is recorded."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> Any:
        attempts.append(args)
        raise OSError("network access during a test")

    for target, name in [
        (socket.socket, "connect"),
        (socket.socket, "connect_ex"),
        (socket, "getaddrinfo"),
        (socket, "create_connection"),
    ]:
        monkeypatch.setattr(target, name, refuse)
    return attempts


@pytest.fixture
def argostranslate_on(argos: ArgosTranslator, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """argostranslate.translate over the same packages, with MiniSBD replaced by WholeSegment."""
    import argostranslate.settings
    import argostranslate.translate

    monkeypatch.setattr(argostranslate.settings, "package_dirs", [argos.packages_dir])
    monkeypatch.setattr(argostranslate.translate, "installed_translates", [])
    argostranslate.translate.get_installed_languages.cache_clear()
    argostranslate.translate.get_installed_languages()
    for installed in argostranslate.translate.installed_translates:
        installed.cached_translation.underlying.sentencizer = WholeSegment()
    yield argostranslate.translate
    argostranslate.translate.get_installed_languages.cache_clear()


# ---- translation ---------------------------------------------------------------------------------


def test_batched_output_equals_argostranslate(
    argos: ArgosTranslator, argostranslate_on: Any, network_attempts: list[object]
) -> None:
    translation = argostranslate_on.get_translation_from_codes("de", "en")
    expected = [translation.translate(sentence) for sentence in GERMAN]
    assert argos.translate_batch(GERMAN, "de", "en") == expected
    assert len(set(expected)) > 10
    assert network_attempts == []


@pytest.mark.parametrize("target", ["ar", "uk", "fa"])
def test_english_pivot_equals_argostranslate(
    argos: ArgosTranslator, argostranslate_on: Any, network_attempts: list[object], target: str
) -> None:
    translation = argostranslate_on.get_translation_from_codes("de", target)
    expected = [translation.translate(sentence) for sentence in GERMAN[:12]]
    assert argos.translate_batch(GERMAN[:12], "de", target) == expected
    assert network_attempts == []


def test_pivot_translates_course_phrases(argos: ArgosTranslator) -> None:
    english, arabic = (
        argos.translate_batch(["Integrationskurs mit Kinderbetreuung"], "de", t)[0] for t in ("en", "ar")
    )
    assert english == "Integration course with childcare"
    assert arabic == argos.translate_batch([english], "en", "ar")[0]
    assert any("\u0600" <= char <= "\u06ff" for char in arabic)


class SpyTranslator:
    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls: list[tuple[list[list[str]], dict[str, Any]]] = []

    def translate_batch(self, batch: list[list[str]], **options: Any) -> Any:
        self.calls.append((batch, options))
        return self.inner.translate_batch(batch, **options)


def test_one_engine_call_per_batch_with_distinct_segments_sorted_by_length(
    argos: ArgosTranslator, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = argos._model(("de", "en"))
    spy = SpyTranslator(model.translator)
    monkeypatch.setattr(model, "translator", spy)
    segments = GERMAN * 4 + ["", "   "]
    result = argos.translate_batch(segments, "de", "en")
    assert len(spy.calls) == 1
    batch, options = spy.calls[0]
    assert len(batch) == len(set(GERMAN))
    assert [len(tokens) for tokens in batch] == sorted(len(tokens) for tokens in batch)
    assert options["max_batch_size"] == 8 and options["beam_size"] == 4 and options["length_penalty"] == 0.2
    assert result[: len(GERMAN)] * 4 == result[:-2]
    assert result[-2:] == ["", "   "]


def test_segments_with_line_breaks_translate_line_by_line(argos: ArgosTranslator) -> None:
    lines = argos.translate_batch(["Abendkurs", "Kinderbetreuung"], "de", "en")
    assert argos.translate_batch(["Abendkurs\nKinderbetreuung", "Abendkurs\n"], "de", "en") == [
        "\n".join(lines),
        lines[0] + "\n",
    ]


def test_same_language_is_identity(argos: ArgosTranslator) -> None:
    assert argos.translate_batch(["Kurs"], "de", "de") == ["Kurs"]
    assert argos.model_version("de", "de") == "identity"


def test_input_beyond_the_models_limits_raises_translation_failed(argos: ArgosTranslator) -> None:
    with pytest.raises(TranslationFailed, match="de_en-0.1"):
        argos.translate_batch(["Kurs " * 400], "de", "en")


# ---- pairs and versions ----------------------------------------------------------------------------


def test_pairs_pivots_and_versions(argos: ArgosTranslator) -> None:
    assert argos.available_pairs() == {("de", "en"), ("en", "ar"), ("en", "uk"), ("en", "fa")}
    assert argos.can_translate("de", "ar") and argos.can_translate("en", "uk")
    assert not argos.can_translate("de", "tr") and not argos.can_translate("ar", "de")
    assert argos.model_version("de", "en") == "de_en-0.1"
    assert argos.model_version("de", "ar") == "de_en-0.1+en_ar-0.1"
    with pytest.raises(NoTranslationModel):
        argos.translate_batch(["Kurs"], "de", "tr")


def test_installed_packages(argos: ArgosTranslator) -> None:
    installed = argos.installed_packages()
    assert [(m.source, m.target, m.version) for m in installed] == [
        ("de", "en", "0.1"),
        ("en", "ar", "0.1"),
        ("en", "fa", "0.1"),
        ("en", "uk", "0.1"),
    ]
    assert all(m.path.parent == argos.packages_dir and (m.path / "model" / "model.bin").exists() for m in installed)


# ---- installing ----------------------------------------------------------------------------------


def test_install_one_file(tmp_path: Path, fake_home: Path) -> None:
    translator = ArgosTranslator(tmp_path / "packages")
    assert translator.available_pairs() == set()
    [info] = translator.install_from_path(DE_EN)
    assert (info.pair, info.label, info.path) == (("de", "en"), "de_en-0.1", tmp_path / "packages" / "de_en")
    assert translator.translate_batch(["Abendkurs"], "de", "en") != ["Abendkurs"]


def test_install_rejects_what_is_not_a_package(tmp_path: Path) -> None:
    translator = ArgosTranslator(tmp_path / "packages")
    (tmp_path / "notes.argosmodel").write_text("not a zip")
    with pytest.raises(InvalidModelPackage, match="not an Argos package"):
        translator.install_from_path(tmp_path / "notes.argosmodel")
    with pytest.raises(InvalidModelPackage, match="no .argosmodel files"):
        translator.install_from_path(tmp_path / "packages")
    assert translator.available_pairs() == set()


def test_install_from_index_offline_says_how_to_install_from_a_file(
    tmp_path: Path, network_attempts: list[object]
) -> None:
    translator = ArgosTranslator(tmp_path / "packages")
    with pytest.raises(ModelIndexUnreachable, match="kursfinder models install PATH"):
        translator.install_from_index(["ar"])
    assert network_attempts  # it did try, and failed cleanly
    assert translator.available_pairs() == set()


@pytest.fixture
def package_index(tmp_path: Path) -> Iterator[str]:
    """A package index and its packages, served over loopback HTTP like the real one."""
    served = tmp_path / "served"
    served.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    url = f"http://127.0.0.1:{server.server_port}"
    index = []
    for file in FIXTURES.glob("*.argosmodel"):
        shutil.copy(file, served / file.name)
        source, target = file.name.split("-")[1].split("_")
        index.append(
            {
                "type": "translate",
                "from_code": source,
                "to_code": target,
                "from_name": source,
                "to_name": target,
                "package_version": "0.1",
                "argos_version": "1.11",
                "links": [f"{url}/{file.name}"],
            }
        )
    (served / "index.json").write_text(json.dumps(index))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield url
    server.shutdown()
    server.server_close()


def test_install_from_index_installs_direct_and_pivot_packages(tmp_path: Path, package_index: str) -> None:
    translator = ArgosTranslator(tmp_path / "packages", index_url=package_index)
    installed = translator.install_from_index(["ar", "uk"])
    assert {m.pair for m in installed} == {("de", "en"), ("en", "ar"), ("en", "uk")}
    assert translator.model_version("de", "uk") == "de_en-0.1+en_uk-0.1"
    assert translator.install_from_index(["ar"]) == []  # already there
    with pytest.raises(NoTranslationModel):
        translator.install_from_index(["tr"])


def test_importing_the_module_loads_no_engine() -> None:
    code = (
        "import sys, service.translate.argos; "
        "sys.exit(any(m in sys.modules for m in ('argostranslate', 'ctranslate2', 'sentencepiece')))"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parent.parent).returncode == 0
