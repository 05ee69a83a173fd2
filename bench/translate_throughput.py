"""Translation throughput: our batched Argos path against argostranslate's own translate call.

Input is the real Berlin VHS sample (data/vhs-berlin/kurse-sample.json): title, subtitle and
description texts, split into segments by ``service/translate/segment.py``. Both sides use the
same package, device, threads and decoding options; argostranslate's MiniSBD sentencizer is
replaced (here only) so it never downloads anything:

- ``argostranslate per segment``: ``translation.translate(segment)`` once per distinct segment,
  with a sentencizer that keeps the segment whole (what a service calling it per segment gets);
- ``argostranslate per text``: ``translation.translate(text)`` once per field, with our splitter
  as its sentencizer (argostranslate then batches the sentences of one paragraph);
- ``batched, distinct``: one ``ArgosTranslator.translate_batch`` over the distinct segments;
- ``batched, all``: the same over every segment occurrence (duplicates are translated once).

    .venv/bin/python bench/translate_throughput.py
    .venv/bin/python bench/translate_throughput.py --package path/to/translate-de_en-1_9.argosmodel

Prints a Markdown table (paste it into docs/BENCHMARKS.md with the command and the date).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from service.translate.argos import ArgosTranslator  # noqa: E402
from service.translate.segment import normalize_segment, split_segments  # noqa: E402

SAMPLE = REPO / "data" / "vhs-berlin" / "kurse-sample.json"
PACKAGE = REPO / "tests" / "fixtures" / "argos" / "translate-de_en-0_1.argosmodel"


class WholeSegment:
    def split_sentences(self, text: str) -> list[str]:
        return [text]


class OurSplitter:
    def split_sentences(self, text: str) -> list[str]:
        return [s.text for s in split_segments(text) if s.text]


def course_texts(path: Path) -> list[str]:
    records = json.loads(path.read_text(encoding="utf-8"))["veranstaltungen"]["veranstaltung"]
    texts = [r.get("name") for r in records] + [r.get("untertitel") for r in records]
    texts += [t.get("text") for r in records for t in r.get("text") or []]
    return [t for t in texts if t and t.strip()]


def timed(run: Callable[[], object], repeat: int) -> float:
    """The best of ``repeat`` runs: the machine may be shared, and noise only ever adds time."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def argos_translation(packages_dir: Path, source: str, target: str, intra_threads: int) -> Any:
    import argostranslate.settings
    import argostranslate.translate

    argostranslate.settings.package_dirs = [packages_dir]
    argostranslate.settings.intra_threads = intra_threads
    argostranslate.translate.get_installed_languages.cache_clear()
    return argostranslate.translate.get_translation_from_codes(source, target)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", type=Path, default=PACKAGE, help="the .argosmodel to benchmark")
    parser.add_argument("--data", type=Path, default=SAMPLE)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=3, help="runs per path; the fastest counts")
    parser.add_argument("--intra-threads", type=int, default=0, help="CTranslate2 intra_threads (0: default)")
    args = parser.parse_args(argv)

    texts = course_texts(args.data)
    segments = [s.text for text in texts for s in split_segments(text) if s.text]
    distinct = list(dict.fromkeys(segments))
    normalized = {normalize_segment(s) for s in segments}

    with tempfile.TemporaryDirectory() as tmp:
        translator = ArgosTranslator(
            Path(tmp) / "packages", batch_size=args.batch_size, intra_threads=args.intra_threads
        )
        [model] = translator.install_from_path(args.package)
        source, target = model.pair
        translation = argos_translation(translator.packages_dir, source, target, args.intra_threads)
        underlying = translation.underlying

        translator.translate_batch(distinct[:4], source, target)  # load the model before timing
        batched_distinct = timed(lambda: translator.translate_batch(distinct, source, target), args.repeat)
        batched_all = timed(lambda: translator.translate_batch(segments, source, target), args.repeat)

        underlying.sentencizer = WholeSegment()
        translation.translate(distinct[0])
        per_segment = timed(lambda: [translation.translate(s) for s in distinct], args.repeat)
        underlying.sentencizer = OurSplitter()
        per_text = timed(lambda: [translation.translate(t) for t in texts], args.repeat)

    size = args.package.stat().st_size / 1e6
    print(
        f"Model: {model.label} ({args.package.name}, {size:.1f} MB), CPU, compute_type auto, "
        f"batch size {args.batch_size}, {os.cpu_count()} cores"
    )
    print(
        f"Input: {args.data.relative_to(REPO) if args.data.is_relative_to(REPO) else args.data}: "
        f"{len(texts)} texts, {len(segments)} segments, {len(distinct)} distinct "
        f"({len(normalized)} after normalize_segment): duplicates are "
        f"{100 * (1 - len(distinct) / len(segments)):.1f}% of segments\n"
    )
    print("| path | segments | seconds | segments/s | vs argostranslate per segment |")
    print("|---|---:|---:|---:|---:|")
    baseline = len(distinct) / per_segment
    for name, count, seconds in [
        ("argostranslate per segment", len(distinct), per_segment),
        ("argostranslate per text (our splitter)", len(segments), per_text),
        ("batched, distinct segments", len(distinct), batched_distinct),
        ("batched, all segments (dedup)", len(segments), batched_all),
    ]:
        rate = count / seconds
        print(f"| {name} | {count} | {seconds:.2f} | {rate:.1f} | {rate / baseline:.1f}x |")


if __name__ == "__main__":
    main()
