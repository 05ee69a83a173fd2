"""``kursfinder glossary seed | import PATH | export PATH``: the glossary from the command line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from service.config import Settings
from service.errors import KursfinderError
from service.glossary.exchange import ExchangeFormat, export, import_file
from service.glossary.loading import LoadReport, seed
from service.glossary.service import GlossaryService

glossary_app = typer.Typer(help="The glossary: load the seed, import and export TBX or CSV.", no_args_is_help=True,
                           rich_markup_mode=None)
console = Console(stderr=True)
out = Console()
WHO = "admin:cli"


@contextmanager
def _service() -> Iterator[GlossaryService]:
    from service.runtime import build_runtime

    try:
        runtime = build_runtime(Settings())
    except ValueError as exc:
        console.print(f"[red]Settings error:[/red] {exc}")
        raise typer.Exit(2) from exc
    try:
        assert runtime.glossary is not None
        yield runtime.glossary.service
        runtime.indexer.drain()
    except KursfinderError as exc:
        console.print(f"[red]Error:[/red] {exc.message}")
        for detail in exc.details if isinstance(exc.details, list) else []:
            console.print(f"  {detail}")
        raise typer.Exit(1) from exc
    finally:
        runtime.close()


def _print(report: LoadReport) -> None:
    out.print(report.summary())


@glossary_app.command("seed")
def seed_command() -> None:
    """Add the shipped seed glossary's concepts and terms that are missing (never overwrites edits)."""
    with _service() as service:
        _print(seed(service, who=WHO))


@glossary_app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a .tbx or .csv file")],
    format: Annotated[ExchangeFormat | None, typer.Option("--format", "-f", help="detected when omitted")] = None,
) -> None:
    """Import TBX or CSV: the entries it names replace the stored ones; a malformed file changes nothing."""
    with _service() as service:
        _print(import_file(service, path.read_bytes(), fmt=format, filename=path.name, who=WHO))


@glossary_app.command("export")
def export_command(
    path: Annotated[Path, typer.Argument(dir_okay=False, help="where to write the file")],
    format: Annotated[ExchangeFormat, typer.Option("--format", "-f", help="tbx or csv")] = ExchangeFormat.TBX,
) -> None:
    """Export every concept, term, variant, forbidden term, note and status as TBX or CSV."""
    with _service() as service:
        data = export(service, format)
        path.write_bytes(data)
        count = len(service.glossary())
    out.print(f"wrote {count} concepts to {path} ({format})")


@glossary_app.command("list")
def list_command(lang: Annotated[str | None, typer.Option(help="show this language's terms")] = None) -> None:
    """Concepts with their German term, a language's term and its status, and how many courses use them."""
    with _service() as service:
        rows = service.list_concepts(lang=lang)
    table = Table("concept", "German", *([lang, "status"] if lang else []), "courses")
    for row in rows:
        entry = row.concept.entry(lang) if lang else None
        extra = [entry.preferred if entry else "-", str(entry.status) if entry else "missing"] if lang else []
        table.add_row(row.concept.key, row.concept.label, *extra, str(row.courses))
    out.print(table)
