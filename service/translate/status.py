"""How far translation is, per language: for ``GET /languages``, ``GET /jobs`` and ``kursfinder stats``.

Everything is read from the store (jobs and records), so the CLI's progress bar, the API and a
second worker process all see the same numbers.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from service.errors import KursfinderError
from service.store import Store
from service.translate import jobs
from service.translate.base import Translator
from service.translate.languages import SOURCE_LANGUAGE, Language
from service.translate.records import TranslationRecords


@dataclass(frozen=True, slots=True)
class LanguageStatus:
    code: str
    name: str
    english_name: str
    rtl: bool
    glossary_only: bool  # Argos has no model for it: glossary texts, English then German for the rest
    machine_translatable: bool  # a model (direct or via English) is installed here
    model_version: str | None
    coverage: float  # share of the active courses' fields with a current translation
    fields: dict[str, int]  # current, outdated, needs_review, machine, glossary, human, total

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(slots=True)
class JobsSummary:
    pending: int
    running: int
    done: int
    failed: int
    cancelled: int
    rate_per_minute: float
    last_error: str | None
    languages: dict[str, dict[str, object]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def model_of(translator: Translator, lang: Language) -> str | None:
    """The model version that translates German into ``lang`` here, or None."""
    if lang.argos is None:
        return None
    try:
        if not translator.can_translate(SOURCE_LANGUAGE, lang.argos):
            return None
        return translator.model_version(SOURCE_LANGUAGE, lang.argos)
    except KursfinderError:  # e.g. a broken package folder: reported as not translatable
        return None


def language_status(records: TranslationRecords, translator: Translator,
                    targets: Sequence[Language]) -> list[LanguageStatus]:
    total = records.source_field_count()
    counts = records.counts()
    found = []
    for lang in targets:
        fields = dict(counts.get(lang.code, dict.fromkeys(
            ("current", "outdated", "needs_review", "machine", "glossary", "human"), 0)))
        fields["total"] = total
        version = model_of(translator, lang)
        found.append(LanguageStatus(
            code=lang.code, name=lang.name, english_name=lang.english_name, rtl=lang.rtl,
            glossary_only=lang.glossary_only, machine_translatable=version is not None, model_version=version,
            coverage=round(fields["current"] / total, 4) if total else 0.0, fields=fields))
    return found


def jobs_summary(store: Store, translator: Translator, targets: Sequence[Language],
                 *, now: float | None = None) -> JobsSummary:
    now = time.time() if now is None else now
    stats = jobs.stats(store, [lang.code for lang in targets], now=now)
    summary = JobsSummary(
        pending=stats.total("pending"), running=stats.total("running"), done=stats.total("done"),
        failed=stats.total("failed"), cancelled=stats.total("cancelled"), rate_per_minute=stats.rate_per_minute,
        last_error=stats.last_error)
    for lang in targets:
        counts = stats.languages[lang.code]
        workable = lang.glossary_only or model_of(translator, lang) is not None
        summary.languages[lang.code] = {
            "pending": counts.pending, "running": counts.running, "done": counts.done, "failed": counts.failed,
            "done_last_5_min": counts.done_recently, "waiting_for_model": not workable and counts.pending > 0}
    return summary
