"""The ``kursfinder`` command line. Settings come from ``KURSFINDER_*`` environment variables.

``docs/CLI.md`` is generated from this app (``scripts/gen_docs``); a test keeps it current.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from service.config import EngineName, Settings
from service.errors import KursfinderError
from service.glossary.commands import glossary_app
from service.ingest.base import SourceFormat
from service.runtime import Runtime, build_runtime
from service.translate.status import LanguageStatus

app = typer.Typer(help="Kursfinder: multilingual course search.", no_args_is_help=True, rich_markup_mode=None,
                  pretty_exceptions_enable=False, add_completion=False)
console = Console(stderr=True)
out = Console()

REPO_DATA = Path(__file__).resolve().parent.parent / "data"


def _settings() -> Settings:
    try:
        return Settings()
    except ValueError as exc:
        console.print(f"[red]Settings error:[/red] {exc}")
        raise typer.Exit(2) from exc


@contextmanager
def _runtime(settings: Settings | None = None) -> Iterator[Runtime]:
    try:
        runtime = build_runtime(settings or _settings())
    except KursfinderError as exc:  # e.g. KURSFINDER_ENGINE=meilisearch without KURSFINDER_MEILI_URL
        console.print(f"[red]Error:[/red] {exc.message}")
        raise typer.Exit(2) from exc
    try:
        yield runtime
    except KursfinderError as exc:
        console.print(f"[red]Error:[/red] {exc.message}")
        raise typer.Exit(1) from exc
    finally:
        runtime.close()


@contextmanager
def progress_bar(label: str, total: int | None) -> Iterator[Progress]:
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=console, transient=False, disable=not console.is_terminal and total == 0) as bar:
        bar.add_task(label, total=total)
        yield bar


def _index_pending(runtime: Runtime) -> int:
    pending = int(runtime.store.reader().execute("SELECT COUNT(*) FROM outbox").fetchone()[0])
    if not pending:
        return 0
    with progress_bar("indexing", pending) as bar:
        done = runtime.indexer.drain(batch=2000, progress=lambda n: bar.advance(bar.task_ids[0], n))
    if done < pending:
        console.print(f"[yellow]{pending - done} index updates are queued[/yellow] "
                      f"({runtime.indexer.last_error or 'a rebuild or the server is indexing'}); "
                      "the running server or the next command will apply them.")
    return done


@app.command()
def ingest(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="file to import")],
    format: Annotated[SourceFormat | None, typer.Option("--format", "-f", help="detected when omitted")] = None,
    source: Annotated[str | None, typer.Option(help="source name for NAvI CSV (default: navi)")] = None,
    full: Annotated[bool, typer.Option(help="the file lists all of the source's courses: retire the rest")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
) -> None:
    """Import a NAvI CSV, a Berlin VHS feed or Kursfinder JSON; print what changed and every rejected row."""
    from service.ingest import parse_file

    with _runtime() as runtime:
        report = runtime.catalog.apply(parse_file(path.read_bytes(), format=format, filename=path.name,
                                                  source=source), full=full, filename=path.name)
        _index_pending(runtime)
    if as_json:
        out.print_json(json.dumps(report.as_dict(), ensure_ascii=False, default=str))
        return
    out.print(f"[bold]{path.name}[/bold] ({report.format}) -> {report.summary()}")
    for warning in report.warnings:
        out.print(f"[yellow]warning:[/yellow] {warning}")
    if report.errors:
        table = Table("row", "field", "reason", "value", title=f"{report.rejected} rejected rows")
        for error in report.errors:
            table.add_row(str(error.row), error.field, error.reason, error.value or "")
        out.print(table)


@app.command()
def reindex(
    engine: Annotated[EngineName | None, typer.Option(
        help="rebuild this engine's index (default: KURSFINDER_ENGINE)")] = None,
) -> None:
    """Rebuild the search index from the store (into a fresh index, swapped in when complete)."""
    settings = _settings()
    if engine is not None:
        settings = settings.model_copy(update={"engine": engine})
    with _runtime(settings) as runtime:
        count = _rebuild(runtime)
    out.print(f"indexed {count} courses")


def _rebuild(runtime: Runtime) -> int:
    total = runtime.store.count_courses()["active"]
    with progress_bar(f"reindex ({runtime.engine.name})", total) as bar:
        return runtime.indexer.rebuild(progress=lambda n: bar.advance(bar.task_ids[0], n))


@app.command()
def stats(as_json: Annotated[bool, typer.Option("--json", help="machine-readable output")] = False) -> None:
    """Courses per source and course type, and the state of the index."""
    from service.search import outbox

    with _runtime() as runtime:
        data = {"courses": runtime.store.count_courses(), **runtime.store.course_stats(),
                "index": {**runtime.engine.health(), "outbox": outbox.backlog(runtime.store)}}
        statuses = runtime.translation.languages()
        data["languages"] = [status.as_dict() for status in statuses]
        jobs = runtime.translation.jobs()
        data["translation_jobs"] = jobs.as_dict()
    if as_json:
        out.print_json(json.dumps(data, default=str))
        return
    out.print(f"courses: {data['courses']}")
    for title in ("sources", "course_types"):
        table = Table(title.replace("_", " "), "active courses")
        for name, count in data[title].items():  # type: ignore[attr-defined]
            table.add_row(name, str(count))
        out.print(table)
    out.print(f"index: {data['index']}")
    out.print(_languages_table(statuses))
    out.print(f"translation jobs: {jobs.done} done, {jobs.pending} pending, {jobs.failed} failed, "
              f"{jobs.rate_per_minute}/min")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
) -> None:
    """Serve the API (and index / translate in the background)."""
    settings = _settings()
    out.print(f"Kursfinder on http://{host}:{port}  (API docs: http://{host}:{port}/docs)")
    _serve(settings, host, port)


def _serve(settings: Settings, host: str, port: int) -> None:
    """One process, or several over the same index (``web_workers``): each answers requests, one of
    them also indexes and translates (api/background.py)."""
    import uvicorn

    from service.api.app import create_app

    processes = settings.server_processes()
    if processes == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
        return
    # The processes build their settings from the environment: hand them these (e.g. demo mode).
    os.environ.update({"KURSFINDER_DATA_DIR": str(settings.data_dir), "KURSFINDER_DEMO": str(settings.demo).lower()})
    out.print(f"{processes} server processes")
    uvicorn.run("service.api.app:app_from_environment", factory=True, workers=processes, host=host, port=port,
                log_level="info")


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    courses: Annotated[int, typer.Option(help="generated BAMF-style courses")] = 2500,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="load the data, do not serve")] = False,
) -> None:
    """Load the bundled demo data (real Berlin VHS sample + generated courses) and serve it."""
    from service.demo import generate_courses_csv
    from service.ingest import parse_file

    settings = _settings()
    if not settings.demo:
        settings = settings.model_copy(update={"demo": True})
    with _runtime(settings) as runtime:
        vhs = REPO_DATA / "vhs-berlin" / "kurse-sample.json"
        files = [("vhs-berlin/kurse-sample.json", vhs.read_bytes(), None),
                 ("demo-navi.csv", generate_courses_csv(courses, seed=42, today=date.today()).encode(), "demo")]
        for name, data, source in files:
            report = runtime.catalog.apply(parse_file(data, filename=name, source=source), full=True, filename=name)
            out.print(f"{name}: {report.summary()}")
        if runtime.engine.health().get("status") == "needs_reindex":
            # The demo's own index, written by another release or other settings: the demo owns its
            # data, so it rebuilds instead of asking for `kursfinder reindex`.
            out.print("the demo's search index was written for other settings or by an older release: rebuilding it")
            _rebuild(runtime)
        else:
            _index_pending(runtime)
    if no_serve:
        return
    out.print(f"\nOpen http://{host}:{port}/search?q=Integrationskurs  and  http://{host}:{port}/docs\n"
              f"Demo admin key: demo-admin-key (never use demo mode in production)")
    _serve(settings, host, port)


@app.command("eval")
def evaluate(
    queries: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="judged queries (TSV)")],
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
    worst: Annotated[int, typer.Option(help="how many of the worst queries to list")] = 15,
    german_only: Annotated[bool, typer.Option("--german-only", help="measure a German-only index")] = False,
    baseline: Annotated[bool, typer.Option("--baseline", help="also measure the German-only index")] = False,
    pass_lang: Annotated[bool, typer.Option("--pass-lang", help="pass the judged language")] = False,
    demo: Annotated[bool, typer.Option("--demo", help="measure a fresh demo catalog")] = False,
    today: Annotated[str | None, typer.Option(help="reference day YYYY-MM-DD (demo: 2026-11-22)")] = None,
) -> None:
    """Measure search quality: Success@10, MRR@10, nDCG@10 overall and per language, and detection."""
    from service.evaluation import report as tables
    from service.evaluation.queries import load_queries
    from service.evaluation.setups import evaluate as run_eval

    try:
        judged = load_queries(queries)
        day = date.fromisoformat(today) if today else None
        result, base = run_eval(_settings(), judged, demo=demo, today=day, german_only=german_only,
                                baseline=baseline, pass_lang=pass_lang)
    except KursfinderError as exc:
        console.print(f"[red]Error:[/red] {exc.message}")
        raise typer.Exit(1) from exc
    if as_json:
        data = {**result.as_dict(worst), "baseline": base.as_dict(worst) if base else None}
        out.print_json(json.dumps(data, ensure_ascii=False))
        return
    for table in (tables.scores_table(result, base), tables.detection_table(result),
                  tables.worst_table(result, worst)):
        if table is not None:
            out.print(table)


models_app = typer.Typer(help="Argos translation models: install and list.", no_args_is_help=True,
                         rich_markup_mode=None)
app.add_typer(models_app, name="models")
app.add_typer(glossary_app, name="glossary")


@app.command()
def worker(
    until_idle: Annotated[bool, typer.Option("--until-idle", help="stop when no job is left")] = False,
    batch: Annotated[int, typer.Option(min=1, max=500, help="courses per batch (one model call)")] = 25,
) -> None:
    """Translate queued courses into the target languages, indexing them as they finish."""
    from service.translate.worker import BatchReport

    with _runtime() as runtime:
        translation_worker = runtime.translation.worker(jobs_per_batch=batch)
        translation_worker.queue_missing()
        done = 0
        with progress_bar("translating", translation_worker.pending()) as bar:
            task = bar.task_ids[0]

            def advance(report: BatchReport) -> None:
                nonlocal done
                done += report.jobs + report.failed
                bar.update(task, completed=done, total=done + translation_worker.pending(),
                           description=f"translating ({report.lang})")
                runtime.indexer.drain()

            try:
                totals = translation_worker.run(until_idle=until_idle, progress=advance)
            except KeyboardInterrupt:
                console.print("stopped; the jobs in hand went back to the queue")
                raise typer.Exit(130) from None
        _index_pending(runtime)
        summary = runtime.translation.jobs()
    out.print(f"{totals.jobs} translations done, {totals.failed} failed; {totals.segments} segments, "
              f"{totals.translated} sent to the model in {totals.model_calls} calls. "
              f"Queue: {summary.pending} pending, {summary.failed} failed.")


@models_app.command("install")
def models_install(
    what: Annotated[list[str], typer.Argument(help="an .argosmodel file or folder, or language codes "
                                                   "(downloads German->code, via English where needed)")],
) -> None:
    """Install Argos models from a file or folder (offline) or from Argos's package index."""
    from service.translate.argos import ArgosTranslator
    from service.translate.languages import language

    settings = _settings()
    translator = ArgosTranslator(settings.models_dir, batch_size=settings.translate_batch_size)
    try:
        paths = [Path(item) for item in what if Path(item).exists()]
        codes = [item for item in what if not Path(item).exists()]
        installed = [info for path in paths for info in translator.install_from_path(path)]
        argos = [_argos_code_or_exit(language(code).argos, code) for code in codes]
        installed += translator.install_from_index([code for code in argos if code != "de"]) if argos else []
    except KursfinderError as exc:
        console.print(f"[red]Error:[/red] {exc.message}")
        raise typer.Exit(1) from exc
    for info in installed:
        out.print(f"installed {info.label} ({info.source} -> {info.target}) in {info.path}")
    if not installed:
        out.print("nothing new to install")


def _argos_code_or_exit(argos: str | None, code: str) -> str:
    if argos is None:
        console.print(f"[red]Error:[/red] Argos has no model for {code!r}: it gets glossary-only translations")
        raise typer.Exit(1)
    return argos


@models_app.command("list")
def models_list() -> None:
    """Installed models, and which target languages they make machine-translatable."""
    with _runtime() as runtime:
        installed = sorted(runtime.translation.translator.available_pairs())
        statuses = runtime.translation.languages()
    out.print(f"models in {runtime.settings.models_dir}: " + (", ".join(f"{s}->{t}" for s, t in installed)
                                                               or "none (kursfinder models install PATH)"))
    out.print(_languages_table(statuses))


def _languages_table(statuses: list[LanguageStatus]) -> Table:
    table = Table("code", "name", "machine-translatable", "model", "coverage", "review", title="languages")
    for status in statuses:
        mode = "glossary only" if status.glossary_only else ("yes" if status.machine_translatable else "no model")
        table.add_row(status.code, status.name, mode, status.model_version or "-", f"{status.coverage:.0%}",
                      str(status.fields["needs_review"]))
    return table


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    app()


if __name__ == "__main__":
    main()
