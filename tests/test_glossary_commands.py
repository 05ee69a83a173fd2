"""``kursfinder glossary`` in process (typer's runner) against a real data directory."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from service.cli import app

runner = CliRunner()


def _env(path: Path) -> dict[str, str]:
    return {"KURSFINDER_DATA_DIR": str(path), "KURSFINDER_TARGET_LANGUAGES": "en,uk,ar"}


def test_export_import_and_seed(tmp_path: Path) -> None:
    exported = tmp_path / "glossary.tbx"
    result = runner.invoke(app, ["glossary", "export", str(exported)], env=_env(tmp_path / "a"))
    assert result.exit_code == 0, result.output
    assert "42 concepts" in result.output and exported.read_bytes().startswith(b"<?xml")
    csv_file = tmp_path / "glossary.csv"
    result = runner.invoke(app, ["glossary", "export", str(csv_file), "--format", "csv"], env=_env(tmp_path / "a"))
    assert result.exit_code == 0 and csv_file.read_text(encoding="utf-8").startswith("concept,kind")
    edited = csv_file.read_text(encoding="utf-8").replace(",uk,draft,ввечері,", ",uk,approved,увечері,", 1)
    csv_file.write_text(edited, encoding="utf-8")
    result = runner.invoke(app, ["glossary", "import", str(csv_file)], env=_env(tmp_path / "a"))
    assert result.exit_code == 0 and "1 updated" in result.output, result.output
    listed = runner.invoke(app, ["glossary", "list", "--lang", "uk"], env=_env(tmp_path / "a"))
    assert "увечері" in listed.output and "approved" in listed.output
    seeded = runner.invoke(app, ["glossary", "seed"], env=_env(tmp_path / "a"))
    assert seeded.exit_code == 0 and "0 terms added" in seeded.output


def test_a_malformed_file_is_reported_line_by_line_and_changes_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.csv"
    broken.write_text("concept,lang,preferred,status\nevening,uk,x,final\nbad key,uk,y,draft\n", encoding="utf-8")
    result = runner.invoke(app, ["glossary", "import", str(broken)], env=_env(tmp_path / "a"))
    assert result.exit_code == 1
    assert "nothing was imported" in result.output and "line 2" in result.output and "line 3" in result.output
    listed = runner.invoke(app, ["glossary", "list", "--lang", "uk"], env=_env(tmp_path / "a"))
    assert "ввечері" in listed.output
