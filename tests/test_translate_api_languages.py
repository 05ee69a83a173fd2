"""GET /languages (api/routes/languages.py)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from service.api.app import create_app
from service.config import DEFAULT_TARGET_LANGUAGES
from tests.conftest import make_course
from tests.translate_helpers import counting_translator, courses_result, runtime_with


def test_every_configured_language_with_translatability_and_coverage(tmp_path: Path) -> None:
    translator = counting_translator(pairs=[("de", "en"), ("en", "ar")])
    runtime = runtime_with(tmp_path, translator, languages=DEFAULT_TARGET_LANGUAGES)
    runtime.catalog.apply(courses_result([make_course("1", "Kurs", description="Text."),
                                          make_course("2", "Kurs zwei")]), full=True)
    runtime.translation.worker().run()
    with TestClient(create_app(runtime.settings, runtime=runtime, background=False)) as client:
        body = client.get("/languages").json()
    assert body["source"] == "de"
    by_code = {lang["code"]: lang for lang in body["languages"]}
    assert list(by_code) == list(DEFAULT_TARGET_LANGUAGES)
    assert {c for c, lang in by_code.items() if lang["machine_translatable"]} == {"en", "ar"}
    assert {c for c, lang in by_code.items() if lang["glossary_only"]} == {"ps", "prs", "kmr", "ckb", "ti", "so"}
    assert by_code["ar"]["model_version"] == "de_en-test+en_ar-test" and by_code["ar"]["coverage"] == 1.0
    assert by_code["uk"]["coverage"] == 0.0 and by_code["uk"]["fields"]["total"] == 3
    assert by_code["ckb"]["name"] == "کوردیی ناوەندی" and by_code["ckb"]["rtl"]
