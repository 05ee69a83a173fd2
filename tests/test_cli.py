"""The CLI in process (typer's runner) against a real data directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app
from tests.conftest import VHS_SAMPLE

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"KURSFINDER_DATA_DIR": str(tmp_path / "data"), "KURSFINDER_TARGET_LANGUAGES": "en,ar"}


def test_ingest_twice_then_stats(env: dict[str, str]) -> None:
    first = runner.invoke(app, ["ingest", str(VHS_SAMPLE), "--json"], env=env)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["new"] == 120
    again = runner.invoke(app, ["ingest", str(VHS_SAMPLE), "--json"], env=env)
    assert json.loads(again.stdout)["unchanged"] == 120
    stats = runner.invoke(app, ["stats", "--json"], env=env)
    data = json.loads(stats.stdout)
    assert data["courses"]["active"] == 120 and data["sources"] == {"vhs-berlin": 120}
    assert data["index"]["documents"] == 120 and data["index"]["outbox"]["pending"] == 0


def test_broken_csv_reports_each_rejected_row_and_keeps_the_good_ones(env: dict[str, str], tmp_path: Path) -> None:
    from tests.test_e2e_server import BROKEN_CSV

    path = tmp_path / "navi.csv"
    path.write_text(BROKEN_CSV, encoding="cp1252")
    result = runner.invoke(app, ["ingest", str(path)], env=env)
    assert result.exit_code == 0, result.output
    assert "2 new" in result.stdout and "2 rejected" in result.stdout
    assert "Kursbeginn" in result.stdout and "PLZ" in result.stdout


def test_unreadable_file_is_a_clear_error_not_a_traceback(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "kurse.pdf"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    result = runner.invoke(app, ["ingest", str(path)], env=env)
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "Error" in result.output


def test_reindex_rebuilds_from_the_store(env: dict[str, str]) -> None:
    runner.invoke(app, ["ingest", str(VHS_SAMPLE)], env=env)
    result = runner.invoke(app, ["reindex"], env=env)
    assert result.exit_code == 0, result.output
    assert "indexed 120 courses" in result.stdout


def test_bad_settings_are_reported(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["stats"], env={**env, "KURSFINDER_ADMIN_KEY": "changeme"})
    assert result.exit_code == 2 and "placeholder" in result.output


def test_demo_rebuilds_an_index_written_for_other_settings(env: dict[str, str]) -> None:
    """A returning demo user's index from an older release (or other target languages) is rebuilt by
    the demo itself instead of leaving search answering "run kursfinder reindex"."""
    from service.search.embedded import EmbeddedEngine

    EmbeddedEngine(Path(env["KURSFINDER_DATA_DIR"]) / "index", ["uk"])  # a layout the demo's settings do not read
    result = runner.invoke(app, ["demo", "--no-serve", "--courses", "30"], env=env)
    assert result.exit_code == 0, result.output
    assert "rebuilding it" in result.stdout
    stats = json.loads(runner.invoke(app, ["stats", "--json"], env=env).stdout)
    assert stats["index"]["documents"] == 150 and stats["index"]["outbox"]["pending"] == 0
