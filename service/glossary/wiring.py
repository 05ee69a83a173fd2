"""Builds the glossary's parts for the composition root (``service/runtime.py``).

One call gives the repository, the term policy for translation, the actions service, the search
hooks and the suggest index, all reading the same store; the usage listener goes to the catalog.
The shipped seed is loaded on first start (an empty glossary), so a fresh clone searches well.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from service.courses import Course
from service.glossary.expansion import LiveExpander
from service.glossary.loading import seed_if_empty
from service.glossary.policy import GlossaryTermPolicy
from service.glossary.repository import GlossaryRepository
from service.glossary.service import GlossaryService
from service.glossary.usage import UsageListener
from service.search.documents import SearchDocument, build_document
from service.search.indexer import DocumentBuilder
from service.search.suggest import SuggestIndex
from service.store import Store


@dataclass
class GlossaryParts:
    repository: GlossaryRepository
    policy: GlossaryTermPolicy
    service: GlossaryService
    expander: LiveExpander
    usage: UsageListener
    suggest: SuggestIndex


def build_glossary(store: Store, languages: Sequence[str], *, seed: bool = True) -> GlossaryParts:
    repository = GlossaryRepository(store)
    service = GlossaryService(repository, languages)
    if seed:
        seed_if_empty(service)
    suggest = SuggestIndex(repository.snapshot, languages)
    return GlossaryParts(repository, GlossaryTermPolicy(repository), service, LiveExpander(repository.snapshot),
                         UsageListener(repository), suggest)


def term_documents(policy: GlossaryTermPolicy, languages: Sequence[str]) -> DocumentBuilder:
    """A document builder with each course's glossary terms and course-type labels (no translations:
    the translation stage's builder adds those and uses the same policy)."""
    wanted = list(languages)

    def build(courses: Sequence[Course]) -> list[SearchDocument]:
        documents = []
        for course in courses:
            labels = {lang: label for lang in wanted
                      if (label := policy.type_label(course.course_type.value, lang))}
            documents.append(build_document(course, terms=policy.course_terms(course), type_labels=labels))
        return documents

    return build
