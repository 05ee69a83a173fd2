"""The production engine: Meilisearch through its official client. The only module importing meilisearch.

Everything Meilisearch does to an index is an asynchronous *task*; this engine waits for the task of
every write and raises when it fails, so the indexer acks outbox entries only for writes Meilisearch
really applied (``service/search/outbox.py`` keeps the rest and retries them with backoff)::

    EngineUnavailable            Meilisearch cannot be reached, refuses a request, or a task timed out
    └── EngineTaskFailed         a task finished as failed/canceled (its error message is kept)

Settings (``meili_settings.py``) are applied idempotently: on start and after every glossary change
(:meth:`MeilisearchEngine.follow_glossary`, wired in ``service/runtime.py``), before the first write
if Meilisearch was down then, and into every fresh index. A rebuild writes a new index
``<uid>_rebuild_<timestamp>`` with full settings, then swaps it with the live one in one task and
deletes the old data, so search never sees a half-built index.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

import meilisearch
from meilisearch.errors import MeilisearchApiError, MeilisearchCommunicationError, MeilisearchError

from service.config import Settings
from service.errors import EngineUnavailable, InvalidInput
from service.search import meili_query as mq
from service.search import meili_settings as ms
from service.search.base import EngineResult, PageHook, Progress, SearchRequest
from service.search.documents import SearchDocument

if TYPE_CHECKING:
    from service.glossary.model import Glossary

log = logging.getLogger(__name__)

SynonymGroups = Callable[[Sequence[str]], Iterable[Sequence[str]]]


class GlossarySource(Protocol):
    """What the engine needs of ``service.glossary.service.GlossaryService``."""

    listeners: list[Callable[[Glossary], None]]

    def glossary(self) -> Glossary: ...


CHUNK = 500  # documents per add request; a course with 20 languages is ~10-40 kB of JSON
SETTINGS_CHECK_S = 300.0  # health compares the index settings at most this often (synonyms are MBs)


class EngineTaskFailed(EngineUnavailable):
    code = "engine_task_failed"


class MeilisearchEngine:
    name = "meilisearch"
    keeps_order = False  # it ranks by its own sort; a rewrite would only resend every document

    def __init__(self, url: str, api_key: str | None, index_uid: str, languages: Sequence[str], *,
                 synonym_groups: SynonymGroups = ms.glossary_synonym_groups, http_timeout_s: int = 10,
                 task_timeout_s: float = 120.0, rebuild_task_timeout_s: float = 3600.0) -> None:
        self.url = url.rstrip("/")
        self.index_uid = index_uid
        self.languages = ms.ordered_languages(languages)
        self.synonym_groups = synonym_groups
        self.task_timeout_s = task_timeout_s
        self.rebuild_task_timeout_s = rebuild_task_timeout_s
        self._client = meilisearch.Client(self.url, api_key, timeout=http_timeout_s)
        self._prepared = False
        self._settings_lock = threading.Lock()
        self._outdated: tuple[float, list[str]] | None = None  # (checked at, settings that differ)

    @classmethod
    def from_settings(cls, settings: Settings) -> MeilisearchEngine:
        """The engine for ``settings``; nothing is sent yet (see :meth:`refresh_settings`)."""
        if not settings.meili_url:
            raise InvalidInput("KURSFINDER_ENGINE=meilisearch needs KURSFINDER_MEILI_URL "
                               "(e.g. http://meilisearch:7700) and KURSFINDER_MEILI_KEY")
        key = settings.meili_key.get_secret_value() if settings.meili_key else None
        return cls(settings.meili_url, key, settings.meili_index, settings.target_languages)

    def follow_glossary(self, source: GlossarySource) -> None:
        """Synonyms from the live glossary, applied now (start-up) and after every glossary change."""
        from service.glossary.synonyms import synonym_groups_of

        self.synonym_groups = lambda languages: synonym_groups_of(source.glossary(), languages)
        # After a change, in the background: the settings task may queue behind a large import, and
        # a translator approving a term should not wait for that.
        source.listeners.append(lambda _glossary: threading.Thread(
            target=self.refresh_settings, name="meilisearch-settings", daemon=True).start())
        self.refresh_settings()

    def refresh_settings(self) -> None:
        """Bring index and settings up to date now; if Meilisearch is not ready, the next write retries.

        Start-up must not fail because Meilisearch is down: search answers 503 and index updates wait
        in the outbox until it is back.
        """
        try:
            with self._settings_lock:
                self.prepare()
        except EngineUnavailable as exc:
            self._prepared = False
            log.warning("Meilisearch settings not applied (%s); index updates stay queued until they are",
                        exc.message)

    # Calls and tasks ----------------------------------------------------------------------------
    @contextmanager
    def _call(self, what: str) -> Iterator[None]:
        """Any client failure as a domain error that names what we were doing."""
        try:
            yield
        except MeilisearchApiError as exc:
            raise EngineUnavailable(f"Meilisearch refused to {what} (HTTP {exc.status_code}"
                                    f"{', ' + str(exc.code) if exc.code else ''}): {exc.message}") from exc
        except MeilisearchCommunicationError as exc:
            raise EngineUnavailable(
                f"Meilisearch at {self.url} is unreachable ({what}): {exc.message}") from exc
        except MeilisearchError as exc:  # timeouts
            raise EngineUnavailable(f"Meilisearch did not answer in time ({what}): {exc.message}") from exc
        except ValueError as exc:  # a body that is not the JSON the client expects (a proxy's error page)
            raise EngineUnavailable(f"Meilisearch gave an unreadable answer ({what}): {exc}") from exc

    def _http(self, method: str, path: str, body: Any = None) -> Any:
        with self._call(f"{method.upper()} /{path}"):
            http = self._client.http
            if method == "get":
                return http.get(path)
            if method == "delete":
                return http.delete(path)
            return getattr(http, method)(path, body)

    def _task_uid(self, answer: Any) -> int:
        try:
            return int(answer["taskUid"])
        except (KeyError, TypeError, ValueError) as exc:
            raise EngineUnavailable(f"Meilisearch answered without a task id: {answer!r:.200}") from exc

    def _wait(self, task_uids: Sequence[int], what: str, timeout_s: float | None = None) -> None:
        """Wait for every task; raise for the first that did not succeed."""
        deadline = time.monotonic() + (timeout_s or self.task_timeout_s)
        for uid in task_uids:
            delay = 0.02
            while True:
                task = self._http("get", f"tasks/{uid}")
                status = task.get("status")
                if status == "succeeded":
                    break
                if status in ("failed", "canceled"):
                    error = task.get("error") or {}
                    raise EngineTaskFailed(
                        f"Meilisearch task {uid} ({task.get('type', what)}) {status}: "
                        f"{error.get('code', 'unknown')}: {error.get('message', 'no message')}",
                        details={"task": uid, "status": status, "error": error})
                if time.monotonic() > deadline:
                    raise EngineUnavailable(f"Meilisearch task {uid} ({what}) is still {status} after "
                                            f"{timeout_s or self.task_timeout_s:g} s; it will be retried")
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    # Index and settings -------------------------------------------------------------------------
    def wanted_settings(self) -> dict[str, Any]:
        return ms.build_settings(self.languages, ms.synonyms(self.synonym_groups(self.languages)))

    def _index_exists(self, uid: str) -> bool:
        try:
            self._http("get", f"indexes/{uid}")
        except EngineUnavailable as exc:
            cause = exc.__cause__
            if isinstance(cause, MeilisearchApiError) and (cause.code == "index_not_found"
                                                           or cause.status_code == 404):
                return False
            raise
        return True

    def _create_index(self, uid: str, timeout_s: float | None = None) -> None:
        answer = self._http("post", "indexes", {"uid": uid, "primaryKey": ms.PRIMARY_KEY})
        self._wait([self._task_uid(answer)], f"create index {uid}", timeout_s)

    def apply_settings(self, uid: str | None = None, timeout_s: float | None = None) -> list[str]:
        """PATCH only the settings that differ from :meth:`wanted_settings`; returns their names."""
        uid = uid or self.index_uid
        wanted = self.wanted_settings()
        current = self._http("get", f"indexes/{uid}/settings")
        changed = ms.settings_diff(current, wanted)
        if changed:
            log.info("Meilisearch index %s: updating settings %s", uid, ", ".join(sorted(changed)))
            answer = self._http("patch", f"indexes/{uid}/settings", changed)
            self._wait([self._task_uid(answer)], f"update settings of {uid}", timeout_s)
        if uid == self.index_uid:
            self._outdated = (time.monotonic(), [])
        return sorted(changed)

    def outdated_settings(self, *, max_age_s: float = SETTINGS_CHECK_S) -> list[str]:
        """The live index's settings that differ from the wanted ones (re-checked after ``max_age_s``)."""
        if self._outdated is None or time.monotonic() - self._outdated[0] > max_age_s:
            current = self._http("get", f"indexes/{self.index_uid}/settings")
            self._outdated = (time.monotonic(), sorted(ms.settings_diff(current, self.wanted_settings())))
        return self._outdated[1]

    def prepare(self) -> None:
        """Create the live index if it is missing and bring its settings up to date (idempotent)."""
        if not self._index_exists(self.index_uid):
            self._create_index(self.index_uid)
        self.apply_settings()
        self._prepared = True

    def _ensure_prepared(self) -> None:
        if not self._prepared:
            self.prepare()

    # Writing ------------------------------------------------------------------------------------
    def _add(self, uid: str, documents: Sequence[SearchDocument]) -> list[int]:
        tasks = []
        for start in range(0, len(documents), CHUNK):
            body = [ms.document(doc, self.languages) for doc in documents[start:start + CHUNK]]
            answer = self._http("post", f"indexes/{uid}/documents?primaryKey={ms.PRIMARY_KEY}", body)
            tasks.append(self._task_uid(answer))
        return tasks

    def upsert(self, documents: Sequence[SearchDocument]) -> None:
        if not documents:
            return
        self._ensure_prepared()
        self._wait(self._add(self.index_uid, documents), f"index {len(documents)} courses")

    def delete(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        self._ensure_prepared()
        answer = self._http("post", f"indexes/{self.index_uid}/documents/delete-batch",
                            [ms.document_key(course_id) for course_id in ids])
        self._wait([self._task_uid(answer)], f"delete {len(ids)} courses")

    def rebuild(self, documents: Iterable[SearchDocument], progress: Progress | None = None) -> int:
        fresh = f"{self.index_uid}_rebuild_{time.time_ns()}"
        timeout = self.rebuild_task_timeout_s
        self._drop_stale_rebuilds()
        self._create_index(fresh, timeout)
        count = 0
        try:
            self.apply_settings(fresh, timeout)
            pending: list[SearchDocument] = []
            for doc in documents:
                pending.append(doc)
                if len(pending) >= CHUNK:
                    count += self._rebuild_chunk(fresh, pending, progress)
                    pending = []
            count += self._rebuild_chunk(fresh, pending, progress)
            if not self._index_exists(self.index_uid):
                self._create_index(self.index_uid, timeout)
            answer = self._http("post", "swap-indexes", [{"indexes": [self.index_uid, fresh]}])
            self._wait([self._task_uid(answer)], f"swap {fresh} in", timeout)
        except BaseException:
            self._delete_index(fresh)
            raise
        self._prepared = True
        self._delete_index(fresh)  # after the swap it holds the old documents
        return count

    def _rebuild_chunk(self, uid: str, docs: Sequence[SearchDocument], progress: Progress | None) -> int:
        if docs:
            self._wait(self._add(uid, docs), f"rebuild {uid}", self.rebuild_task_timeout_s)
            if progress:
                progress(len(docs))
        return len(docs)

    def _delete_index(self, uid: str) -> None:
        try:
            answer = self._http("delete", f"indexes/{uid}")
            self._wait([self._task_uid(answer)], f"delete index {uid}")
        except EngineUnavailable as exc:  # leftover data, not a wrong index: say so, do not fail
            log.warning("could not delete Meilisearch index %s: %s", uid, exc.message)

    def _drop_stale_rebuilds(self) -> None:
        """A rebuild that crashed leaves its index behind; only one rebuild runs at a time."""
        answer = self._http("get", "indexes?limit=1000")
        prefix = f"{self.index_uid}_rebuild_"
        for index in answer.get("results", []) if isinstance(answer, Mapping) else []:
            if str(index.get("uid", "")).startswith(prefix):
                self._delete_index(str(index["uid"]))

    # Reading ------------------------------------------------------------------------------------
    def search(self, request: SearchRequest, on_page: PageHook | None = None) -> EngineResult:
        """``on_page`` is not called: one request brings the page and its counts together."""
        plan = mq.plan(request, self.index_uid, self.languages)
        page = self._run(plan, plan.variants)
        matched_by = "all" if request.q.strip() else "filters"
        if page.total == 0 and plan.fallback:
            page, matched_by = self._run(plan, plan.fallback), "any"
        return mq.result(request, page, page.facets, matched_by)

    def _run(self, plan: mq.QueryPlan, variants: Sequence[mq.Variant]) -> mq.Page:
        if len(variants) == 1:
            answer = self._http("post", "multi-search", {"queries": mq.single_request(plan, variants[0])})
            return mq.read_single(plan, answer["results"])
        page = mq.read_federated(plan, self._federated(*mq.federated_request(plan, variants)))
        if plan.separate_facets:
            facets_only = self._federated(*mq.federated_request(plan, variants, facets_only=True))
            page.facets = mq.read_federated(plan, facets_only).facets
        return page

    def _federated(self, queries: list[dict[str, Any]], federation: dict[str, Any]) -> Any:
        return self._http("post", "multi-search", {"queries": queries, "federation": federation})

    def count(self) -> int:
        stats = self._http("get", f"indexes/{self.index_uid}/stats")
        return int(stats.get("numberOfDocuments", 0))

    def health(self) -> dict[str, object]:
        """Reachable? Version, documents, pending and failed tasks, and whether settings are current."""
        report: dict[str, object] = {"engine": self.name, "url": self.url, "index": self.index_uid}
        try:
            report["version"] = self._http("get", "version").get("pkgVersion")
            report.update(self._task_counts())
            if not self._index_exists(self.index_uid):
                return {**report, "status": "degraded", "error": f"index {self.index_uid} does not exist: "
                        "run `kursfinder reindex --engine meilisearch`"}
            stats = self._http("get", f"indexes/{self.index_uid}/stats")
            report["documents"] = stats.get("numberOfDocuments")
            report["is_indexing"] = stats.get("isIndexing")
            everything = self._http("get", "stats")  # disk use of all indexes (docs/PRODUCTION.md, sizing)
            report["database_size_bytes"] = everything.get("databaseSize")
            report["used_database_size_bytes"] = everything.get("usedDatabaseSize")
            outdated = self.outdated_settings()
        except EngineUnavailable as exc:
            return {**report, "status": "unreachable", "error": exc.message}
        report["settings"] = {"current": not outdated, "outdated": outdated}
        return {**report, "status": "ok" if not outdated else "degraded"}

    def _task_counts(self) -> dict[str, object]:
        tasks = f"tasks?indexUids={self.index_uid}&limit=1&statuses="
        found: dict[str, object] = {
            "pending_tasks": int(self._http("get", tasks + "enqueued,processing").get("total", 0))}
        failed = self._http("get", tasks + "failed")
        found["failed_tasks"] = int(failed.get("total", 0))
        if failed.get("results"):
            last = failed["results"][0]
            found["last_failed_task"] = {"uid": last.get("uid"), "type": last.get("type"),
                                         "finished_at": last.get("finishedAt"), "error": last.get("error")}
        return found

    def drop(self) -> None:
        """Delete the live index and its documents (test indexes, decommissioning)."""
        self._delete_index(self.index_uid)
        self._prepared = False
        self._outdated = None

    def close(self) -> None:
        """Nothing to release: the client opens a connection per request."""
