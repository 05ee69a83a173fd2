"""Generated docs must match the code: a new setting or command without docs fails here."""

from __future__ import annotations

import pytest

from service.docsgen import expected_docs


@pytest.fixture(autouse=True)
def _fixed_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")


def test_settings_and_cli_docs_are_current() -> None:
    for path, text in expected_docs().items():
        assert path.exists(), f"{path.name} is missing: run scripts/gen_docs"
        assert path.read_text() == text, f"{path.name} is out of date: run scripts/gen_docs"


def test_every_setting_is_described() -> None:
    from service.config import Settings

    undocumented = [name for name, field in Settings.model_fields.items() if not field.description]
    assert not undocumented, f"settings without a description: {undocumented}"


def test_every_command_has_help() -> None:
    import typer

    from service.cli import app
    from service.docsgen import subcommands

    def walk(command: object, path: str) -> list[str]:
        missing = [] if (getattr(command, "help", None) or "").strip() else [path]
        for name, sub in subcommands(command).items():
            missing += walk(sub, f"{path} {name}")
        return missing

    root = typer.main.get_command(app)
    assert len(subcommands(root)) >= 5
    assert walk(root, "kursfinder") == []
