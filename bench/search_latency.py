"""All-languages search latency: a 100,000-course store with every default language indexed, searched
in process with a few thousand mixed multilingual queries (with and without filters).

    .venv/bin/python bench/search_latency.py --courses 100000 --queries 3000

The foundation benchmark (``bench/ingest_search.py``) measures a German-only index; this one measures
what the issue asks to stay within the same targets: the index with all 20 target languages.

Documents are built by the runtime's own document builder (the translation stage's: glossary terms
and course-type labels in every language, as served). No real MT model exists on this machine, so
the running text a model would add (title, subtitle, description per language) is filled by a
deterministic stand-in that rewrites each German word letter by letter into the target language's
script (Arabic, Cyrillic, Greek, Ge'ez; a Latin alphabet shifted per language for the Latin-script
ones), so a translation shares no word and no word beginning with the German text. Each language
thus adds its own vocabulary and a full-length text to every document, as real translations do; the
text is not meaningful, so this measures speed only (quality is ``kursfinder eval``'s job). Queries are the development
set's (``tests/data/dev_queries.tsv``, all languages, typos and transliterations), run without an
explicit language, so query-language detection is part of every measured call.

Prints a Markdown list to paste into docs/BENCHMARKS.md ("Search quality") with the command and date.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from service.config import DEFAULT_TARGET_LANGUAGES, Settings  # noqa: E402
from service.courses import COURSE_TYPE_LABELS_DE, Course  # noqa: E402
from service.demo import generate_courses_csv  # noqa: E402
from service.evaluation.queries import load_queries  # noqa: E402
from service.ingest import parse_file  # noqa: E402
from service.runtime import build_runtime  # noqa: E402
from service.search.documents import LangText, SearchDocument  # noqa: E402
from service.search.indexer import tie_break_order  # noqa: E402
from service.search.service import SearchParams  # noqa: E402

sys.path.insert(0, str(REPO / "bench"))
from ingest_search import machine_speed, percentile  # noqa: E402

TODAY = date(2026, 11, 22)
DEV_SET = REPO / "tests" / "data" / "dev_queries.tsv"
PLZ = ["86150", "10115", "80331", "20095", "50667", "04109", "01067", "70173", "90402", "28195"]
TYPES = ["integration_general", "german_course", "job_german", "integration_literacy", "test_preparation"]

_LATIN = "abcdefghijklmnopqrstuvwxyzäöüß"
_SCRIPTS = {
    "latin": _LATIN,
    "arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "cyrillic": "абвгдежзийклмнопрстуфхцчшщыэюя",
    "greek": "αβγδεζηθικλμνξοπρστυφχψωάέήίόύ",
    "geez": "ሀለሐመሠረሰሸቀበተቸኀነኘአከኸወዐዘዠየደጀገጠጨጰጸ",
}
_SCRIPT_OF = {"ar": "arabic", "fa": "arabic", "prs": "arabic", "ps": "arabic", "ckb": "arabic",
              "uk": "cyrillic", "ru": "cyrillic", "bg": "cyrillic", "el": "greek", "ti": "geez"}
# Latin-script target languages, in the order that gives each its own letter shift.
_LATIN_LANGUAGES = ("en", "tr", "kmr", "so", "fr", "es", "ro", "pl", "sq", "it")


def pseudo_translator(lang: str) -> dict[int, str]:
    """A letter map German -> ``lang``'s script, shifted per language so each has its own words.

    Latin-script languages get a shifted Latin alphabet too ("sprachkurs" -> "tqsbdilvst" for one of
    them). An earlier stand-in gave them the German words with an ending ("sprachkursi"), which no
    translation produces and which made every German query's prefix way (search-as-you-type: longer
    words beginning with the last word) match five such words in 40,000 courses each."""
    if lang == "de":
        return {}
    name = _SCRIPT_OF.get(lang, "latin")
    script = _SCRIPTS[name]
    if name == "latin":
        shift = 1 + (_LATIN_LANGUAGES.index(lang) if lang in _LATIN_LANGUAGES else len(_LATIN_LANGUAGES))
    else:
        shift = sum(map(ord, lang)) % len(script)
    return {ord(c): script[(i + shift) % len(script)] for i, c in enumerate(_LATIN)}


class PseudoTranslations:
    """Deterministic stand-in translations (see the module docstring), cached per text."""

    def __init__(self, languages: Sequence[str]) -> None:
        self.languages = [lang for lang in languages if lang != "de"]
        self.tables = {lang: pseudo_translator(lang) for lang in self.languages}
        self._cache: dict[tuple[str, str], str] = {}

    def text(self, german: str, lang: str) -> str:
        key = (german, lang)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = german.lower().translate(self.tables[lang])
        return found

    def fill(self, course: Course, document: SearchDocument) -> SearchDocument:
        """``document`` with stand-in running text where a language has none (labels, terms kept)."""
        fields = course.translatable_fields()
        for lang in self.languages:
            have = document.texts.get(lang, LangText())
            if have.title and have.description:
                continue
            document.texts[lang] = replace(
                have, title=have.title or self.text(fields.get("title", ""), lang),
                subtitle=have.subtitle or self.text(fields.get("subtitle", ""), lang),
                description=have.description or self.text(fields.get("description", ""), lang),
                type_label=have.type_label or self.text(COURSE_TYPE_LABELS_DE[course.course_type], lang))
        return document


def mixed_queries(n: int, seed: int = 11) -> list[SearchParams]:
    """Dev-set queries (every language) with filters on about half, and some filter-only browsing."""
    rng = random.Random(seed)
    texts = [q.query for q in load_queries(DEV_SET)]
    queries = []
    for _ in range(n):
        params = SearchParams(q="" if rng.random() < 0.1 else rng.choice(texts), today=TODAY, limit=20)
        if not params.q or rng.random() < 0.5:
            params.plz, params.radius_km = rng.choice(PLZ), rng.choice([5.0, 10.0, 25.0, 50.0])
            if rng.random() < 0.3:
                params.course_types = [rng.choice(TYPES)]
            if rng.random() < 0.2:
                params.childcare = True
            if rng.random() < 0.2:
                params.free_seats = True
        queries.append(params)
    return queries


def bench_settings(data_dir: Path) -> Settings:
    # result cache off: every query computed (the dev-set queries repeat; a hit would measure nothing)
    return Settings(data_dir=data_dir, target_languages=list(DEFAULT_TARGET_LANGUAGES), search_cache_size=0)


def build(data_dir: Path, courses: int) -> tuple[Settings, dict[str, float]]:
    settings = bench_settings(data_dir)
    runtime = build_runtime(settings)
    t0 = time.perf_counter()
    parsed = parse_file(generate_courses_csv(courses, seed=42, today=TODAY).encode(), filename="bench.csv",
                        source="bench")
    runtime.catalog.apply(parsed, full=True)
    t1 = time.perf_counter()
    translations = PseudoTranslations(runtime.search.languages)

    def documents() -> Iterator[SearchDocument]:
        chunk: list[Course] = []
        for course in tie_break_order(runtime.store, TODAY):
            chunk.append(course)
            if len(chunk) == 1000:
                yield from (translations.fill(c, d) for c, d in zip(chunk, runtime.indexer.build(chunk), strict=True))
                chunk = []
        yield from (translations.fill(c, d) for c, d in zip(chunk, runtime.indexer.build(chunk), strict=True))

    count = runtime.engine.rebuild(documents())
    t2 = time.perf_counter()
    with runtime.store.transaction() as conn:  # the rebuild covered the catalog's outbox entries
        conn.execute("DELETE FROM outbox")
    assert count == courses, (count, courses)
    size = sum(f.stat().st_size for f in (data_dir / "index").rglob("*") if f.is_file())
    runtime.close()
    return settings, {"store_s": t1 - t0, "index_all_languages_s": t2 - t1, "index_mb": size / 2**20}


def measure(settings: Settings, queries: list[SearchParams]) -> dict[str, list[tuple[float, float]]]:
    """(wall ms, CPU ms) per query and group. CPU time is this process's own, all threads (facets are
    counted on a second thread while the ranking runs): on a machine shared with other work, wall time
    includes waiting for a core, CPU time does not."""
    runtime = build_runtime(settings)
    for params in queries[:200]:  # warm caches and the OS page cache
        runtime.search.search(params)
    groups: dict[str, list[tuple[float, float]]] = {"all": [], "text": [], "text + filters": [], "filters only": []}
    for params in queries:
        t0, c0 = time.perf_counter(), time.process_time()
        runtime.search.search(params)
        ms = ((time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000)
        filtered = bool(params.plz or params.course_types or params.childcare or params.free_seats)
        group = "filters only" if not params.q else ("text + filters" if filtered else "text")
        groups["all"].append(ms)
        groups[group].append(ms)
    narrowed = runtime.engine.health().get("narrowed")
    if narrowed:  # the embedded engine's best-tier search: how often it ran, how often it gave the page
        print(f"- best-tier search (soonest first): {narrowed}")
    runtime.close()
    return groups


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--courses", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=3000)
    parser.add_argument("--keep", type=Path, help="build the data here and keep it; measure it again if it exists")
    args = parser.parse_args()
    data_dir = args.keep or Path(tempfile.mkdtemp(prefix="kf-bench-langs-"))
    print(f"## machine: fixed loop {machine_speed():.2f} s (lower is faster)")
    try:
        if args.keep and (data_dir / "index").exists():
            settings, built = bench_settings(data_dir), dict[str, float]()
        else:
            settings, built = build(data_dir, args.courses)
        print(f"## all-languages search ({args.courses} courses, {len(settings.all_languages())} languages "
              f"indexed, {os.cpu_count()} cores)")
        for key, value in built.items():
            print(f"- {key}: {value:.1f}")
        groups = measure(settings, mixed_queries(args.queries))
        print(f"load average {os.getloadavg()}")
        print("| queries | n | p50 ms | p99 ms | mean ms | CPU p50 ms | CPU p99 ms |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name, rows in groups.items():
            if rows:
                wall, cpu = [w for w, _ in rows], [c for _, c in rows]
                print(f"| {name} | {len(rows)} | {percentile(wall, 50):.2f} | {percentile(wall, 99):.2f} "
                      f"| {statistics.fmean(wall):.2f} | {percentile(cpu, 50):.2f} | {percentile(cpu, 99):.2f} |")
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
