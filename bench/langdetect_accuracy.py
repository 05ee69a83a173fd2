"""Query language detection on short course queries: plain langdetect vs Kursfinder's detector.

    .venv/bin/python bench/langdetect_accuracy.py [tests/data/langdetect_short_queries.tsv]

Both see the same allowed languages (every label in the file). Plain langdetect is restricted to
the allowed languages it has profiles for and seeded; the languages it has no profile for (ps, ckb,
kmr, ti, prs) count as misses for it. Prints overall and per-language accuracy, the confusions of
the combined detector, and its accuracy per confidence band (is the confidence honest?).
"""

from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from service.search.language import detect_query_language, langdetect_probabilities  # noqa: E402

DEFAULT_SET = REPO / "tests" / "data" / "langdetect_short_queries.tsv"


def load(path: Path) -> list[tuple[str, str]]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    return [(query, lang) for query, lang in rows]


def plain_langdetect(query: str, allowed: list[str]) -> str:
    found = langdetect_probabilities(query, allowed)
    return max(found, key=lambda lang: found[lang]) if found else "?"


def main() -> None:
    rows = load(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SET)
    allowed = sorted({lang for _, lang in rows})
    hits: dict[str, Counter[str]] = defaultdict(Counter)
    confusions: Counter[tuple[str, str, str]] = Counter()
    bands: dict[str, Counter[bool]] = defaultdict(Counter)
    started = time.perf_counter()
    for query, lang in rows:
        detected = detect_query_language(query, allowed)
        hits[lang]["combined"] += detected.lang == lang
        hits[lang]["langdetect"] += plain_langdetect(query, allowed) == lang
        hits[lang]["n"] += 1
        band = f"{min(int(detected.confidence * 5), 4) / 5:.1f}"
        bands[band][detected.lang == lang] += 1
        if detected.lang != lang:
            confusions[(query, lang, detected.lang)] += 1
    elapsed = time.perf_counter() - started
    total = len(rows)
    print(f"{total} queries, {len(allowed)} languages, {elapsed / total * 1000:.1f} ms per query (both)")
    print(f"{'lang':6} {'n':>4} {'langdetect':>11} {'combined':>9}")
    for lang in allowed:
        h = hits[lang]
        print(f"{lang:6} {h['n']:>4} {h['langdetect'] / h['n']:>11.2f} {h['combined'] / h['n']:>9.2f}")
    plain = sum(h["langdetect"] for h in hits.values()) / total
    combined = sum(h["combined"] for h in hits.values()) / total
    print(f"{'all':6} {total:>4} {plain:>11.3f} {combined:>9.3f}")
    print("\nconfidence band -> accuracy (n)")
    for band in sorted(bands):
        right, n = bands[band][True], sum(bands[band].values())
        print(f"  >= {band}: {right / n:.2f} ({n})")
    if confusions:
        print("\nmisses of the combined detector (query, expected, detected):")
        for (query, lang, got), _ in confusions.most_common():
            print(f"  {query!r} {lang} -> {got}")


if __name__ == "__main__":
    main()
