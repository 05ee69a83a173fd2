"""End to end on a real uvicorn over loopback: upload files, wait for indexing, search."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from tests.conftest import ADMIN_KEY, VHS_SAMPLE
from tests.e2e import running_server

BROKEN_CSV = (
    "Kurs-ID;Kursart;Kurstitel;Beschreibung;Träger;Straße;PLZ;Ort;Kursbeginn;Kursende;Unterrichtszeiten;"
    "Freie Plätze;Kinderbetreuung;Barrierefrei;Link\n"
    "K1;Allgemeiner Integrationskurs;Integrationskurs Augsburg;Deutsch lernen;VHS Augsburg;Hauptstr. 1;"
    "86150;Augsburg;01.12.2026;30.06.2027;Mo-Fr 08:30-12:45;5;Ja;Nein;https://example.org/k1\n"
    "K2;Allgemeiner Integrationskurs;Integrationskurs kaputt;;VHS;Str. 2;86150;Augsburg;31.02.2026;;;x;Ja;Nein;\n"
    "K3;Berufssprachkurs;Berufssprachkurs B1;;IB;Str. 3;99999;Nirgendwo;01.12.2026;;;3;Nein;Ja;\n"
    "K4;Allgemeiner Integrationskurs;Integrationskurs Friedberg;;AWO;Str. 4;86316;Friedberg;05.01.2027;;;"
    "0;Nein;Nein;https://example.org/k4\n"
)


def _wait_indexed(base: str, expected: int) -> dict:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        health = httpx.get(f"{base}/health").json()
        if health["outbox"]["pending"] == 0 and health["engine"]["documents"] >= expected:
            return health
        time.sleep(0.2)
    raise AssertionError(f"not indexed in time: {health}")


def test_upload_search_and_radius_on_a_real_server(tmp_path: Path) -> None:
    env = {"KURSFINDER_ADMIN_KEY": ADMIN_KEY, "KURSFINDER_WORKER_IN_SERVE": "false"}
    headers = {"Authorization": f"Bearer {ADMIN_KEY}"}
    with running_server(tmp_path / "data", env=env) as base:
        report = httpx.post(f"{base}/ingest", headers=headers, timeout=60,
                            files={"file": ("navi.csv", BROKEN_CSV.encode("utf-8-sig"), "text/csv")}).json()
        assert report["new"] == 2 and report["rejected"] == 2
        assert {(e["row"], e["field"]) for e in report["errors"]} >= {(3, "Kursbeginn"), (4, "PLZ")}
        with VHS_SAMPLE.open("rb") as fh:
            vhs = httpx.post(f"{base}/ingest", headers=headers, timeout=60,
                             files={"file": ("kurse.json", fh, "application/json")}).json()
        assert vhs["new"] == 120
        _wait_indexed(base, 122)
        hits = httpx.get(f"{base}/search", params={"q": "Integrationskurs", "plz": "86150",
                                                     "radius_km": 15}).json()["hits"]
        assert [h["id"] for h in hits][:2] and {h["id"] for h in hits} == {"navi:K1", "navi:K4"}
        assert all(h["distance_km"] <= 15 for h in hits)
        berlin = httpx.get(f"{base}/search", params={"q": "Deutsch", "plz": "10115", "radius_km": 5}).json()
        assert all(h["city"] == "Berlin" for h in berlin["hits"])


def test_several_server_processes_share_one_index_and_one_of_them_indexes(tmp_path: Path) -> None:
    """`serve` with two processes: both answer, exactly one runs the indexer, and a course uploaded
    through one is found through the other (each follows the other's commits)."""
    env = {"KURSFINDER_ADMIN_KEY": ADMIN_KEY, "KURSFINDER_WORKER_IN_SERVE": "false", "KURSFINDER_WEB_WORKERS": "2"}
    headers = {"Authorization": f"Bearer {ADMIN_KEY}"}
    with running_server(tmp_path / "data", env=env) as base:
        processes: dict[int, bool] = {}
        deadline = time.monotonic() + 30
        while (len(processes) < 2 or sum(processes.values()) != 1) and time.monotonic() < deadline:
            with httpx.Client() as client:  # a new connection each time: the kernel spreads them
                process = client.get(f"{base}/health").json()["process"]
            processes[process["pid"]] = process["background"]
        assert len(processes) == 2, processes
        assert sum(processes.values()) == 1, f"exactly one process runs the background work: {processes}"
        leader = next(pid for pid, leads in processes.items() if leads)
        assert (tmp_path / "data" / "background.lock").read_text().strip() == str(leader)

        report = httpx.post(f"{base}/ingest", headers=headers, timeout=60,
                            files={"file": ("navi.csv", BROKEN_CSV.encode("utf-8-sig"), "text/csv")}).json()
        assert report["new"] == 2
        answered_by: dict[int, list[str]] = {}
        last_answer: dict[int, list[str]] = {}  # what each process said last (in the message if it fails)
        deadline = time.monotonic() + 30
        while len(answered_by) < 2 and time.monotonic() < deadline:
            with httpx.Client() as client:
                pid = client.get(f"{base}/health").json()["process"]["pid"]
                ids = [h["id"] for h in client.get(f"{base}/search", params={"q": "Integrationskurs"}).json()["hits"]]
            last_answer[pid] = ids
            if set(ids) == {"navi:K1", "navi:K4"}:
                answered_by[pid] = ids
            time.sleep(0.05)
        assert len(answered_by) == 2, f"both processes find the new courses: {answered_by}; last answers {last_answer}"
