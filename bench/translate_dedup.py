"""Translation work saved by segment dedup and the translation memory, through the real pipeline.

For each data set: ingest into a fresh store, run the worker until the queue is empty, and count
what reached the model (segments and ``translate_batch`` calls) against every segment occurrence
in the courses' title, subtitle and description. Then re-ingest the same file (target: 0 model
calls) and change one course's description (only its changed segments go to the model).

Data sets: the real Berlin VHS sample (data/vhs-berlin/kurse-sample.json) and the generated demo
data (service/demo.py, seed 42). The model is the tiny real de->en package from
tests/fixtures/argos unless ``--package`` names another; the counts do not depend on the model
(every target language sees the same German segments), the seconds do.

    .venv/bin/python bench/translate_dedup.py
    .venv/bin/python bench/translate_dedup.py --demo-courses 10000 --package path/to/translate-de_en.argosmodel

Prints a Markdown table (docs/BENCHMARKS.md, section "Translation").
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from service.config import Settings  # noqa: E402
from service.demo import generate_courses_csv  # noqa: E402
from service.ingest import parse_file  # noqa: E402
from service.ingest.base import ParseResult  # noqa: E402
from service.runtime import build_runtime  # noqa: E402
from service.translate.argos import ArgosTranslator  # noqa: E402
from service.translate.segment import normalize_segment, split_segments  # noqa: E402
from service.translate.terms import NoTerms  # noqa: E402

SAMPLE = REPO / "data" / "vhs-berlin" / "kurse-sample.json"
PACKAGE = REPO / "tests" / "fixtures" / "argos" / "translate-de_en-0_1.argosmodel"
TODAY = date(2026, 11, 22)


class Counting:
    """Wraps a translator and counts what reaches the model."""

    def __init__(self, inner: ArgosTranslator) -> None:
        self.inner = inner
        self.calls = 0
        self.segments = 0

    def translate_batch(self, segments: Sequence[str], source: str, target: str) -> list[str]:
        self.calls += 1
        self.segments += len(segments)
        return self.inner.translate_batch(segments, source, target)

    def available_pairs(self) -> set[tuple[str, str]]:
        return self.inner.available_pairs()

    def can_translate(self, source: str, target: str) -> bool:
        return self.inner.can_translate(source, target)

    def model_version(self, source: str, target: str) -> str:
        return self.inner.model_version(source, target)


@dataclass
class Row:
    name: str
    courses: int
    occurrences: int
    distinct_segments: int
    distinct_texts: int
    sent: int
    calls: int
    seconds: float
    again_calls: int
    again_jobs: int
    changed_sent: int
    changed_segments: int


def occurrences(parsed: ParseResult) -> tuple[int, int, int]:
    """Translatable segment occurrences, distinct segments, and distinct field texts (what dedup of
    whole texts would leave)."""
    count = 0
    texts: set[str] = set()
    segments: set[str] = set()
    for course in parsed.courses:
        for text in course.translatable_fields().values():
            texts.add(text)
            found = [normalize_segment(s.text) for s in split_segments(text) if s.text.strip()]
            count += len(found)
            segments.update(found)
    return count, len(segments), len(texts)


def measure(name: str, parse: ParseResult, reparse: ParseResult, packages: Path, work: Path) -> Row:
    counting = Counting(ArgosTranslator(packages))
    settings = Settings(data_dir=work / name, target_languages=["en"])
    runtime = build_runtime(settings, translator=counting)
    runtime.translation.use_terms(NoTerms())  # the glossary changes what is sent; measured without it
    runtime.catalog.apply(parse, full=True)
    started = time.perf_counter()
    runtime.translation.worker().run()
    seconds = time.perf_counter() - started
    first = (counting.calls, counting.segments)

    report = runtime.catalog.apply(reparse, full=True)
    queued_again = runtime.translation.jobs().pending
    runtime.translation.worker().run()
    again_calls = counting.calls - first[0]
    assert report.unchanged == len(reparse.courses)

    course = max(reparse.courses, key=lambda c: len(c.description or ""))
    extra = "\nNeu: Der Kurs findet online statt."
    changed = course.model_copy(update={"description": (course.description or "") + extra})
    before = counting.segments
    runtime.catalog.upsert_one(changed)
    runtime.translation.worker().run()
    changed_segments = sum(1 for s in split_segments(changed.description or "") if s.text.strip())
    runtime.close()
    total, distinct_segments, distinct_texts = occurrences(parse)
    return Row(name, len(parse.courses), total, distinct_segments, distinct_texts, first[1], first[0], seconds,
               again_calls, queued_again, counting.segments - before, changed_segments)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--demo-courses", type=int, default=2500)
    parser.add_argument("--package", type=Path, default=PACKAGE, help="a de->en .argosmodel")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        translator = ArgosTranslator(work / "packages")
        [model] = translator.install_from_path(args.package)
        demo = generate_courses_csv(args.demo_courses, seed=42, today=TODAY).encode()
        rows = [
            measure("VHS Berlin sample", parse_file(SAMPLE.read_bytes(), filename=SAMPLE.name),
                    parse_file(SAMPLE.read_bytes(), filename=SAMPLE.name), work / "packages", work),
            measure(f"demo data ({args.demo_courses})", parse_file(demo, filename="demo.csv", source="demo"),
                    parse_file(demo, filename="demo.csv", source="demo"), work / "packages", work),
        ]
    print(f"model: {model.label} ({args.package.name}), target en, 25 courses per batch\n")
    print("| data | courses | segment occurrences | distinct segments | distinct field texts | "
          "segments sent to the model | saved by dedup | model calls | worker time | "
          "unchanged re-ingest: model calls / jobs | one description changed: segments sent / in the field |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        saved = 1 - row.sent / row.occurrences if row.occurrences else 0.0
        print(f"| {row.name} | {row.courses} | {row.occurrences} | {row.distinct_segments} | {row.distinct_texts} | "
              f"{row.sent} | "
              f"**{saved:.1%}** | {row.calls} | {row.seconds:.1f} s | **{row.again_calls}** / {row.again_jobs} | "
              f"{row.changed_sent} / {row.changed_segments} |")


if __name__ == "__main__":
    main()
