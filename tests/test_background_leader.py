"""One server process of several runs the background work (api/background.py), on a real file lock."""

from __future__ import annotations

import os
import time
from functools import partial
from pathlib import Path

from service.api.background import BackgroundLeader


class Recorder:
    def __init__(self, name: str, events: list[str]) -> None:
        self.name, self.events = name, events

    def start(self) -> None:
        self.events.append(f"{self.name} started")

    def stop(self) -> None:
        self.events.append(f"{self.name} stopped")


def _wait(condition, timeout: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def _started(data_dir: Path, events: list[str], *names: str) -> list[BackgroundLeader]:
    """Leaders over one data folder (as in server processes), started in this order."""
    leaders = [BackgroundLeader(data_dir, partial(lambda name: [Recorder(name, events)], name), retry_s=0.05)
               for name in names]
    for leader in leaders:
        leader.start()
    return leaders


def test_one_leader_runs_the_threads_and_hands_over_when_it_stops(tmp_path: Path) -> None:
    events: list[str] = []
    first, second = _started(tmp_path, events, "first", "second")
    time.sleep(0.3)  # the second keeps trying, without success, while the first leads
    assert first.leading and not second.leading
    assert events == ["first started"]
    assert (tmp_path / "background.lock").read_text().strip() == str(os.getpid())

    first.stop()  # e.g. the process ends: the lock is free, the other process takes the work over
    assert _wait(lambda: second.leading)
    assert events == ["first started", "first stopped", "second started"]
    second.stop()
    assert events[-1] == "second stopped" and not second.leading


def test_a_follower_that_stops_starts_nothing(tmp_path: Path) -> None:
    events: list[str] = []
    leader, follower = _started(tmp_path, events, "leader", "follower")
    follower.stop()
    leader.stop()
    time.sleep(0.2)
    assert events == ["leader started", "leader stopped"]


def test_the_data_folder_is_created_when_missing(tmp_path: Path) -> None:
    events: list[str] = []
    leader = BackgroundLeader(tmp_path / "new" / "data", lambda: [Recorder("only", events)])
    leader.start()
    assert leader.leading and events == ["only started"]
    leader.stop()


def test_serve_runs_one_process_per_usable_core_at_most_four(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from service.config import Settings

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(16)))
    assert Settings().server_processes() == 4
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert Settings().server_processes() == 1
    assert Settings(web_workers=3).server_processes() == 3
