"""kursfinder models / worker / stats with the tiny real packages, in process (typer's runner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app
from tests.translate_helpers import ARGOS_FIXTURES, TODAY

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"KURSFINDER_DATA_DIR": str(tmp_path / "data"), "KURSFINDER_TARGET_LANGUAGES": "en,ar,ps"}


def test_install_models_translate_with_a_progress_bar_and_report_coverage(env: dict[str, str], tmp_path: Path) -> None:
    from service.demo import generate_courses_csv

    installed = runner.invoke(app, ["models", "install", str(ARGOS_FIXTURES / "translate-de_en-0_1.argosmodel"),
                                    str(ARGOS_FIXTURES / "translate-en_ar-0_1.argosmodel")], env=env)
    assert installed.exit_code == 0, installed.output
    assert "installed de_en-0.1" in installed.stdout and "installed en_ar-0.1" in installed.stdout
    listed = runner.invoke(app, ["models", "list"], env=env)
    assert "de->en" in listed.stdout and "en->ar" in listed.stdout and "glossary only" in listed.stdout

    demo = tmp_path / "demo.csv"
    demo.write_text(generate_courses_csv(8, seed=3, today=TODAY), encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(demo), "--source", "demo"], env=env).exit_code == 0
    worked = runner.invoke(app, ["worker", "--until-idle", "--batch", "5"], env=env)
    assert worked.exit_code == 0, worked.output
    assert "24 translations done, 0 failed" in worked.stdout
    assert "translating" in worked.stderr  # the progress bar

    stats = json.loads(runner.invoke(app, ["stats", "--json"], env=env).stdout)
    languages = {lang["code"]: lang for lang in stats["languages"]}
    assert languages["en"]["coverage"] == languages["ar"]["coverage"] == 1.0
    assert languages["ps"]["glossary_only"] and not languages["ps"]["machine_translatable"]
    assert stats["translation_jobs"]["done"] == 24 and stats["translation_jobs"]["pending"] == 0
    assert stats["index"]["outbox"]["pending"] == 0  # translations were indexed as they finished
    table = runner.invoke(app, ["stats"], env=env).stdout
    assert "100%" in table and "translation jobs: 24 done, 0 pending" in table


def test_a_language_without_any_argos_model_cannot_be_installed(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["models", "install", "prs"], env=env)
    assert result.exit_code == 1 and "glossary-only" in result.output and "Traceback" not in result.output


def test_a_file_that_is_no_model_is_a_clear_error(env: dict[str, str], tmp_path: Path) -> None:
    bogus = tmp_path / "model.argosmodel"
    bogus.write_bytes(b"not a zip")
    result = runner.invoke(app, ["models", "install", str(bogus)], env=env)
    assert result.exit_code == 1 and "not an Argos package" in result.output
