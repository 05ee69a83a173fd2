"""Which server process runs the background work.

``kursfinder serve`` may run several processes over one data folder (``web_workers``). Each answers
requests, but only one may index and translate: two indexers would fight over tantivy's single
writer, and two translation workers would each load every model. The process that holds an
exclusive lock on ``<data_dir>/background.lock`` starts the threads; the others try again every few
seconds, so when that process dies (the lock dies with it) another one takes the work over.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Protocol

log = logging.getLogger(__name__)

RETRY_S = 2.0


class Stoppable(Protocol):
    def start(self) -> None: ...

    def stop(self) -> None: ...


class BackgroundLeader:
    """Starts ``make_threads()``'s threads in the one process that holds the lock."""

    def __init__(self, data_dir: Path, make_threads: Callable[[], Sequence[Stoppable]], *,
                 retry_s: float = RETRY_S) -> None:
        self.path = data_dir / "background.lock"
        self._make_threads = make_threads
        self._retry_s = retry_s
        self._stop = threading.Event()
        self._file: IO[str] | None = None
        self._threads: Sequence[Stoppable] = ()
        self._watcher: threading.Thread | None = None

    @property
    def leading(self) -> bool:
        return self._file is not None

    def start(self) -> None:
        """Lead now if the lock is free; else watch for it in a thread."""
        if self._try_lead():
            return
        self._watcher = threading.Thread(target=self._watch, name="kursfinder-background-leader", daemon=True)
        self._watcher.start()

    def _watch(self) -> None:
        while not self._stop.wait(self._retry_s):
            if self._try_lead():
                return

    def _try_lead(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._file = handle
        self._threads = self._make_threads()
        for thread in self._threads:
            thread.start()
        log.info("this server process (pid %d) runs the indexer and the translation worker", os.getpid())
        return True

    def stop(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=10)
        for thread in self._threads:
            thread.stop()
        self._threads = ()
        if self._file is not None:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None
