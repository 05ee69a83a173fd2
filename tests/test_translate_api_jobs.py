"""GET /jobs (api/routes/jobs.py)."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from service.api.app import create_app
from tests.conftest import make_course
from tests.translate_helpers import counting_translator, courses_result, runtime_with


def test_jobs_count_per_language_and_flag_languages_waiting_for_a_model(tmp_path: Path) -> None:
    runtime = runtime_with(tmp_path, counting_translator(pairs=[("de", "en")]), languages=["en", "uk", "ti"])
    runtime.catalog.apply(courses_result([make_course(str(i), f"Kurs {i}") for i in range(3)]), full=True)
    with TestClient(create_app(runtime.settings, runtime=runtime, background=False)) as client:
        assert client.get("/jobs").json()["pending"] == 9
        runtime.translation.worker().run()
        body = client.get("/jobs").json()
    assert (body["done"], body["pending"], body["running"], body["failed"], body["cancelled"]) == (6, 3, 0, 0, 0)
    assert body["languages"]["uk"] == {"pending": 3, "running": 0, "done": 0, "failed": 0, "done_last_5_min": 0,
                                       "waiting_for_model": True}
    assert body["languages"]["en"]["done"] == body["languages"]["en"]["done_last_5_min"] == 3
    assert body["languages"]["ti"]["done"] == 3  # glossary-only: no model needed
    assert body["rate_per_minute"] > 0 and body["last_error"] is None


def test_the_worker_runs_inside_serve_and_jobs_show_it_finish(tmp_path: Path) -> None:
    runtime = runtime_with(tmp_path, counting_translator(), languages=["en"])
    runtime.catalog.apply(courses_result([make_course("1", "Kurs")]), full=True)
    with TestClient(create_app(runtime.settings, runtime=runtime, background=True)) as client:
        deadline = time.monotonic() + 10
        while client.get("/jobs").json()["done"] < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert client.get("/jobs").json()["done"] == 1
