"""``/suggest`` latency in process: every keystroke of the seed glossary's terms, in every language.

    .venv/bin/python bench/suggest_latency.py [--keystrokes 20000]

Two numbers: the suggest index alone (``SuggestIndex.suggest``: what the route calls), and the whole
``GET /suggest`` through the ASGI app in process (FastAPI routing, validation, the glossary version
check against the store, JSON). Keystrokes are
the prefixes of every term of the shipped seed glossary (21 languages, several scripts) as a person
types them, one in ten with a letter swapped (a typo: the slower path), with and without ``lang``.
Prints a Markdown block for docs/BENCHMARKS.md ("Suggest").
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from service.config import DEFAULT_TARGET_LANGUAGES  # noqa: E402
from service.glossary.model import Glossary  # noqa: E402
from service.glossary.seed import load_seed  # noqa: E402
from service.search.suggest import SuggestIndex  # noqa: E402


def keystrokes(glossary: Glossary, count: int, seed: int = 7) -> list[tuple[str, str | None]]:
    rng = random.Random(seed)
    typed: list[tuple[str, str | None]] = []
    for concept in glossary:
        for lang, entry in concept.terms.items():
            for term in entry.terms:
                for end in range(1, len(term) + 1):
                    prefix = term[:end]
                    if rng.random() < 0.1 and end > 4:
                        i = rng.randrange(1, end - 1)
                        prefix = prefix[:i] + prefix[i + 1] + prefix[i] + prefix[i + 2:]
                    typed.append((prefix, lang if rng.random() < 0.8 else None))
    rng.shuffle(typed)
    return typed[:count]


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"p50": pick(0.5), "p95": pick(0.95), "p99": pick(0.99), "max": ordered[-1],
            "mean": statistics.fmean(ordered)}


def time_index(index: SuggestIndex, typed: list[tuple[str, str | None]]) -> dict[str, float]:
    samples = []
    for q, lang in typed:
        started = time.perf_counter()
        index.suggest(q, lang)
        samples.append((time.perf_counter() - started) * 1000)
    return percentiles(samples)


def time_route(typed: list[tuple[str, str | None]]) -> dict[str, float]:
    """The whole request through the ASGI app on one event loop (httpx's ASGI transport: no sockets,
    no thread hop per request, so the number is the app's own, not a test client's)."""
    import asyncio

    import httpx

    from service.api.app import create_app
    from service.config import Settings
    from service.runtime import build_runtime

    async def run(app: object) -> list[float]:
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        samples = []
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            await client.get("/suggest", params={"q": "warm up"})
            for q, lang in typed:
                params = {"q": q, **({"lang": lang} if lang else {})}
                started = time.perf_counter()
                response = await client.get("/suggest", params=params)
                samples.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.text
        return samples

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        runtime = build_runtime(settings)
        try:
            return percentiles(asyncio.run(run(create_app(settings, runtime=runtime, background=False))))
        finally:
            runtime.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keystrokes", type=int, default=20_000)
    args = parser.parse_args()
    glossary = Glossary(load_seed())
    index = SuggestIndex(lambda: glossary, DEFAULT_TARGET_LANGUAGES)
    started = time.perf_counter()
    index.rebuild(glossary)
    build_ms = (time.perf_counter() - started) * 1000
    typed = keystrokes(glossary, args.keystrokes)
    index.suggest("warm up", "de")
    direct = time_index(index, typed)
    route = time_route(typed[: max(1, args.keystrokes // 4)])
    terms = sum(len(e.terms) for c in glossary for e in c.terms.values())

    def row(name: str, p: dict[str, float], n: int) -> str:
        return (f"| {name} | {n:,} | {p['p50']:.3f} | {p['p95']:.3f} | **{p['p99']:.3f}** | {p['max']:.2f} |")

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Measured {date.today().isoformat()} ({os.cpu_count()} CPUs, load average {load}) with "
          f"`.venv/bin/python bench/suggest_latency.py --keystrokes {args.keystrokes}`: the seed glossary "
          f"({len(glossary)} concepts, {terms:,} terms in {len(glossary.languages())} languages), "
          f"index built in {build_ms:.0f} ms.\n")
    print("| what (in process) | keystrokes | p50 ms | p95 ms | p99 ms | max ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    print(row("`SuggestIndex.suggest`", direct, len(typed)))
    print(row("`GET /suggest` (whole ASGI request)", route, max(1, args.keystrokes // 4)))


if __name__ == "__main__":
    main()
