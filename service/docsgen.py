"""Docs that cannot drift: the settings table and the CLI reference, generated from the code.

``scripts/gen_docs`` writes them; ``tests/test_docsgen.py`` fails when they are out of date.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from service.config import Settings

DOCS = Path(__file__).resolve().parent.parent / "docs"


def settings_markdown() -> str:
    lines = ["# Settings", "",
             "Generated from `service/config.py` by `scripts/gen_docs`; do not edit by hand.",
             "Every setting is an environment variable `KURSFINDER_<NAME>`; lists are comma-separated.", "",
             "| variable | default | meaning |", "| --- | --- | --- |"]
    for name, field in Settings.model_fields.items():
        default = field.get_default(call_default_factory=True)
        if isinstance(default, list):
            default = ",".join(str(item) for item in default) or "(empty)"
        shown = "(none)" if default is None else str(default)
        lines.append(f"| `KURSFINDER_{name.upper()}` | `{shown}` | {field.description or ''} |")
    return "\n".join(lines) + "\n"


def subcommands(command: Any) -> dict[str, Any]:
    """A command group's visible subcommands (typer vendors click, so duck typing, not isinstance)."""
    if not hasattr(command, "list_commands"):
        return {}
    ctx = command.context_class(command)
    found = {name: command.get_command(ctx, name) for name in command.list_commands(ctx)}
    return {name: sub for name, sub in found.items() if sub is not None and not sub.hidden}


def _command_markdown(command: Any, path: str, lines: list[str]) -> None:
    ctx = command.context_class(command, info_name=path)
    lines += [f"## `{path}`", "", "```text", command.get_help(ctx).replace("\r", ""), "```", ""]
    for name, sub in subcommands(command).items():
        _command_markdown(sub, f"{path} {name}", lines)


def cli_markdown(app: typer.Typer) -> str:
    lines = ["# Command line reference", "", "Generated from `service/cli.py` by `scripts/gen_docs`; "
             "do not edit by hand.", ""]
    _command_markdown(typer.main.get_command(app), "kursfinder", lines)
    return "\n".join(lines)


def expected_docs() -> dict[Path, str]:
    from service.cli import app

    return {DOCS / "SETTINGS.md": settings_markdown(), DOCS / "CLI.md": cli_markdown(app)}
