"""How long a glossary change takes to reach search, on the demo data.

    .venv/bin/python bench/glossary_propagation.py [--rounds 3]

Loads the demo catalog (the Berlin VHS sample + 2,500 generated courses, as ``kursfinder demo``) into
a fresh store with every default language and the seed glossary, serves the app in process with its
background threads (the indexer polls the outbox every 0.5 s, as in ``kursfinder serve``), then, per
round, a translator changes the Ukrainian term for *evening* through ``PUT /glossary/...`` keeping the
old term as a variant, and the clock runs until ``GET /search`` finds every course that uses the
concept by the new term, and by the old one. No MT model is installed: the Ukrainian side of the index
is the glossary's (re-translation jobs are queued and visible in ``GET /jobs``; with a model the worker
would re-translate the same courses in the background).

Prints a Markdown block for docs/BENCHMARKS.md ("Glossary propagation").
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from fastapi.testclient import TestClient  # noqa: E402

from service.api.app import create_app  # noqa: E402
from service.config import Settings  # noqa: E402
from service.evaluation.setups import load_demo_catalog  # noqa: E402
from service.runtime import build_runtime  # noqa: E402

KEY = "bench-translator-key-0123456789"
NEW_TERMS = ["вечірочком", "надвечір'ям", "звечора", "вечорами", "під вечір"]


def found_all(client: TestClient, q: str, expected: int) -> bool:
    body = client.get("/search", params={"q": q, "lang": "uk", "limit": 1}).json()
    return bool(body["matched_by"] == "all" and body["total"] >= expected)


def one_round(client: TestClient, new: str, timeout: float = 120.0) -> dict[str, float]:
    old = client.get("/glossary/concepts/evening", headers={"X-API-Key": KEY}).json()["terms"]["uk"]["preferred"]
    started = time.perf_counter()
    response = client.put("/glossary/concepts/evening/terms/uk", headers={"X-API-Key": KEY},
                          json={"preferred": new, "keep_old_as_variant": True})
    put_s = time.perf_counter() - started
    report = response.json()
    affected = int(report["courses"])
    while not found_all(client, new, affected):
        if time.perf_counter() - started > timeout:
            raise RuntimeError(f"{new!r} did not reach search in {timeout} s")
        time.sleep(0.02)
    new_s = time.perf_counter() - started
    assert found_all(client, old, affected), f"the old term {old!r} is no longer found"
    jobs = client.get("/jobs", headers={"X-API-Key": KEY}).json()
    return {"affected": affected, "put_s": put_s, "findable_s": new_s, "jobs": report["translation_jobs"],
            "pending_jobs": float(jobs.get("pending", 0)) if isinstance(jobs, dict) else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), translator_keys=[KEY], demo=False)
        runtime = build_runtime(settings)
        started = time.perf_counter()
        load_demo_catalog(runtime)
        load_s = time.perf_counter() - started
        courses = runtime.store.count_courses()["active"]
        with TestClient(create_app(settings, runtime=runtime, background=True)) as client:
            rounds = [one_round(client, NEW_TERMS[i % len(NEW_TERMS)]) for i in range(args.rounds)]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Measured {date.today().isoformat()} ({os.cpu_count()} CPUs, load average {load}) with "
          f"`.venv/bin/python bench/glossary_propagation.py --rounds {args.rounds}`: demo catalog of {courses:,} "
          f"courses, {len(settings.target_languages)} target languages, seed glossary; loading and indexing it "
          f"took {load_s:.0f} s.\n")
    print("| round | courses using *evening* | PUT answered | findable by the new term (and the old) | "
          "translation jobs queued |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for number, r in enumerate(rounds, start=1):
        print(f"| {number} | {r['affected']:,.0f} | {r['put_s'] * 1000:.0f} ms | {r['findable_s']:.2f} s | "
              f"{r['jobs']:,.0f} |")
    print(f"\nMedian: **{statistics.median(r['findable_s'] for r in rounds):.2f} s** from the edit to search.")


if __name__ == "__main__":
    main()
