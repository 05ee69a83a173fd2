"""Pytest plugin for everything Meilisearch: the real server when there is one, a fake one for errors.

- ``meili_server``: ``(url, key)`` of a real Meilisearch from ``KURSFINDER_MEILI_URL`` /
  ``KURSFINDER_MEILI_KEY``, or a skip that says why. When it is not set, the terminal summary says
  so in one line, so a green run never hides that the Meilisearch engine suite did not run.
- ``fake_meili``: a stand-in HTTP server on 127.0.0.1 that speaks the parts of Meilisearch's API
  our engine calls (indexes, settings, documents, the task API, swaps) and fails on request: HTTP
  502s, failed or never-finishing tasks. It stores documents but does not search (``/multi-search``
  answers what a test scripts), so it tests our handling of the API and its errors, not relevance.
"""

from __future__ import annotations

import itertools
import json
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

MEILI_URL_ENV = "KURSFINDER_MEILI_URL"
MEILI_KEY_ENV = "KURSFINDER_MEILI_KEY"
SKIP_REASON = (f"Meilisearch engine suite not run: {MEILI_URL_ENV} is not set "
               "(no Meilisearch server on this machine)")


def meili_url() -> str | None:
    return os.environ.get(MEILI_URL_ENV) or None


@pytest.fixture(scope="session")
def meili_server() -> tuple[str, str | None]:
    url = meili_url()
    if url is None:
        pytest.skip(SKIP_REASON)
    return url, os.environ.get(MEILI_KEY_ENV) or None


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    if meili_url() is None:
        terminalreporter.write_line(f"NOTE: {SKIP_REASON}.", yellow=True, bold=True)


# The fake server ---------------------------------------------------------------------------------
Answer = tuple[int, Any]


@dataclass
class FakeIndex:
    uid: str
    primary_key: str | None
    settings: dict[str, Any] = field(default_factory=dict)
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class FakeMeili:
    """State and failure switches of the stand-in server. Tasks run when they are enqueued."""

    url: str = ""
    indexes: dict[str, FakeIndex] = field(default_factory=dict)
    tasks: dict[int, dict[str, Any]] = field(default_factory=dict)
    requests: list[tuple[str, str, Any]] = field(default_factory=list)
    http_errors: deque[int] = field(default_factory=deque)  # statuses for the next requests
    # errors for the next tasks, in order; None lets that task run normally
    fail_tasks: deque[dict[str, str] | None] = field(default_factory=deque)
    stuck_tasks: bool = False  # tasks stay "processing" forever
    search: Callable[[dict[str, Any]], Any] = field(default=lambda body: _empty_search(body))
    _uids: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def calls(self, method: str, prefix: str = "") -> list[tuple[str, str, Any]]:
        return [r for r in self.requests if r[0] == method and r[1].startswith(prefix)]

    # Tasks ---------------------------------------------------------------------------------
    def enqueue(self, kind: str, index_uid: str | None, work: Callable[[], dict[str, str] | None]) -> Answer:
        uid = next(self._uids)
        task: dict[str, Any] = {"uid": uid, "indexUid": index_uid, "type": kind, "status": "processing",
                                "error": None, "details": {}, "enqueuedAt": "2026-11-22T10:00:00Z",
                                "startedAt": "2026-11-22T10:00:00Z", "finishedAt": None}
        if not self.stuck_tasks:
            error = (self.fail_tasks.popleft() if self.fail_tasks else None) or work()
            task.update(status="failed" if error else "succeeded", error=error,
                        finishedAt="2026-11-22T10:00:01Z")
        self.tasks[uid] = task
        return 202, {"taskUid": uid, "indexUid": index_uid, "status": "enqueued", "type": kind,
                     "enqueuedAt": task["enqueuedAt"]}

    # Routes --------------------------------------------------------------------------------
    def handle(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> Answer:
        parts = [p for p in path.split("/") if p]
        route = (method, *parts[:1], *(["*"] if len(parts) > 1 else []), *parts[2:])
        handler = {
            ("GET", "health"): lambda: (200, {"status": "available"}),
            ("GET", "version"): lambda: (200, {"pkgVersion": "1.41.0", "commitSha": "fake"}),
            ("GET", "stats"): lambda: (200, {"databaseSize": 4096 * (1 + len(self.indexes)),
                                            "usedDatabaseSize": 4096, "indexes": {}}),
            ("GET", "indexes"): lambda: (200, {"results": [{"uid": u} for u in self.indexes], "total":
                                              len(self.indexes), "offset": 0, "limit": 1000}),
            ("POST", "indexes"): lambda: self._create(body),
            ("GET", "indexes", "*"): lambda: self._get_index(parts[1]),
            ("DELETE", "indexes", "*"): lambda: self._delete_index(parts[1]),
            ("GET", "indexes", "*", "settings"): lambda: self._with_index(
                parts[1], lambda i: (200, i.settings)),
            ("PATCH", "indexes", "*", "settings"): lambda: self._patch_settings(parts[1], body),
            ("GET", "indexes", "*", "stats"): lambda: self._with_index(parts[1], lambda i: (200, {
                "numberOfDocuments": len(i.documents), "isIndexing": False, "fieldDistribution": {}})),
            ("POST", "indexes", "*", "documents"): lambda: self._add(parts[1], query, body),
            ("POST", "indexes", "*", "documents", "delete-batch"): lambda: self._delete_docs(parts[1], body),
            ("POST", "swap-indexes"): lambda: self._swap(body),
            ("GET", "tasks", "*"): lambda: self._task(int(parts[1])),
            ("GET", "tasks"): lambda: self._list_tasks(query),
            ("POST", "multi-search"): lambda: (200, self.search(body)),
        }.get(route)
        if handler is None:
            return 404, _error("not_found", f"fake Meilisearch has no route {method} {path}")
        return handler()

    def _create(self, body: dict[str, Any]) -> Answer:
        uid = body["uid"]

        def work() -> dict[str, str] | None:
            if uid in self.indexes:
                return _error("index_already_exists", f"Index `{uid}` already exists.")
            self.indexes[uid] = FakeIndex(uid, body.get("primaryKey"))
            return None

        return self.enqueue("indexCreation", uid, work)

    def _get_index(self, uid: str) -> Answer:
        return self._with_index(uid, lambda i: (200, {"uid": i.uid, "primaryKey": i.primary_key}))

    def _with_index(self, uid: str, then: Callable[[FakeIndex], Answer]) -> Answer:
        if uid not in self.indexes:
            return 404, _error("index_not_found", f"Index `{uid}` not found.")
        return then(self.indexes[uid])

    def _delete_index(self, uid: str) -> Answer:
        def work() -> dict[str, str] | None:
            if self.indexes.pop(uid, None) is None:
                return _error("index_not_found", f"Index `{uid}` not found.")
            return None

        return self.enqueue("indexDeletion", uid, work)

    def _patch_settings(self, uid: str, body: dict[str, Any]) -> Answer:
        return self.enqueue("settingsUpdate", uid, lambda: self._with_index_work(
            uid, lambda i: i.settings.update(body)))

    def _with_index_work(self, uid: str, work: Callable[[FakeIndex], object]) -> dict[str, str] | None:
        if uid not in self.indexes:
            return _error("index_not_found", f"Index `{uid}` not found.")
        work(self.indexes[uid])
        return None

    def _add(self, uid: str, query: dict[str, list[str]], body: list[dict[str, Any]]) -> Answer:
        def work() -> dict[str, str] | None:
            # Like Meilisearch: adding documents creates a missing index (without our settings).
            index = self.indexes.setdefault(uid, FakeIndex(uid, query.get("primaryKey", [None])[0]))
            key = index.primary_key or "id"
            for doc in body:
                value = doc.get(key)
                if not isinstance(value, str) or not value.replace("-", "").replace("_", "").isalnum():
                    return _error("invalid_document_id", f"Document identifier `{doc.get(key)}` is invalid.")
            index.documents.update({doc[key]: doc for doc in body})
            return None

        return self.enqueue("documentAdditionOrUpdate", uid, work)

    def _delete_docs(self, uid: str, body: list[str]) -> Answer:
        return self.enqueue("documentDeletion", uid, lambda: self._with_index_work(
            uid, lambda i: [i.documents.pop(key, None) for key in body]))

    def _swap(self, body: list[dict[str, list[str]]]) -> Answer:
        def work() -> dict[str, str] | None:
            for swap in body:
                a, b = swap["indexes"]
                if a not in self.indexes or b not in self.indexes:
                    return _error("index_not_found", f"Indexes `{a}`, `{b}` not found.")
                self.indexes[a], self.indexes[b] = self.indexes[b], self.indexes[a]
                self.indexes[a].uid, self.indexes[b].uid = a, b
            return None

        return self.enqueue("indexSwap", None, work)

    def _task(self, uid: int) -> Answer:
        if uid not in self.tasks:
            return 404, _error("task_not_found", f"Task `{uid}` not found.")
        return 200, self.tasks[uid]

    def _list_tasks(self, query: dict[str, list[str]]) -> Answer:
        statuses = set(",".join(query.get("statuses", [""])).split(",")) - {""}
        index_uids = set(",".join(query.get("indexUids", [""])).split(",")) - {""}
        found = [t for t in sorted(self.tasks.values(), key=lambda t: -t["uid"])
                 if (not statuses or t["status"] in statuses)
                 and (not index_uids or t["indexUid"] in index_uids)]
        limit = int(query.get("limit", ["20"])[0])
        return 200, {"results": found[:limit], "total": len(found), "limit": limit, "from": None,
                     "next": None}


def _error(code: str, message: str) -> dict[str, str]:
    return {"message": message, "code": code, "type": "invalid_request",
            "link": f"https://docs.meilisearch.com/errors#{code}"}


def _empty_search(body: dict[str, Any]) -> dict[str, Any]:
    if body.get("federation") is not None:
        return {"hits": [], "estimatedTotalHits": 0, "offset": 0, "limit": 20, "processingTimeMs": 0}
    return {"results": [{"indexUid": q["indexUid"], "hits": [], "totalHits": 0, "facetDistribution": {}}
                        for q in body["queries"]]}


def _handler_for(fake: FakeMeili) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
            return

        def _serve(self, method: str) -> None:
            split = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw.strip() else None
            with fake.lock:
                fake.requests.append((method, split.path.lstrip("/"), body))
                if fake.http_errors:
                    status = fake.http_errors.popleft()
                    payload = b"<html><body>502 Bad Gateway</body></html>"
                    self._send(status, payload, "text/html")
                    return
                status, answer = fake.handle(method, split.path, parse_qs(split.query), body)
            self._send(status, json.dumps(answer).encode(), "application/json")

        def _send(self, status: int, payload: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self._serve("GET")

        def do_POST(self) -> None:  # noqa: N802
            self._serve("POST")

        def do_PATCH(self) -> None:  # noqa: N802
            self._serve("PATCH")

        def do_DELETE(self) -> None:  # noqa: N802
            self._serve("DELETE")

    return Handler


@pytest.fixture
def fake_meili() -> Iterator[FakeMeili]:
    fake = FakeMeili()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(fake))
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02},
                              name="fake-meilisearch", daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
