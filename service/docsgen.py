"""Docs that cannot drift: the settings table and the CLI reference, generated from the code.

``scripts/gen_docs`` writes them; ``tests/test_docsgen.py`` fails when they are out of date.
"""

from __future__ import annotations

from pathlib import Path

import click
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


def _command_markdown(command: click.Command, path: str, lines: list[str]) -> None:
    ctx = click.Context(command, info_name=path)
    lines += [f"## `{path}`", "", "```text", command.get_help(ctx).replace("\r", ""), "```", ""]
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                _command_markdown(sub, f"{path} {name}", lines)


def cli_markdown(app: typer.Typer) -> str:
    lines = ["# Command line reference", "", "Generated from `service/cli.py` by `scripts/gen_docs`; "
             "do not edit by hand.", ""]
    _command_markdown(typer.main.get_command(app), "kursfinder", lines)
    return "\n".join(lines)


def expected_docs() -> dict[Path, str]:
    from service.cli import app

    return {DOCS / "SETTINGS.md": settings_markdown(), DOCS / "CLI.md": cli_markdown(app)}
