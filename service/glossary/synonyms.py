"""Meilisearch synonyms generated from the glossary (``index_config/`` and the engine settings).

Every allowed term of a concept, in every language, is a synonym of every other: Meilisearch then
finds a German course for "دورة اندماج" without any translation. Forbidden translations are left
out. Meilisearch matches synonyms on its own tokenised words, so terms are lower-cased.
"""

from __future__ import annotations

from collections.abc import Sequence

from service.glossary.model import SOURCE_LANGUAGE, Glossary

MAX_GROUP = 200  # Meilisearch expands every synonym of a hit word; keep groups bounded


def synonym_groups_of(glossary: Glossary, languages: Sequence[str] | None = None) -> list[list[str]]:
    """One group per concept: its allowed terms in German and in ``languages`` (all if None)."""
    wanted = None if languages is None else {SOURCE_LANGUAGE, *languages}
    groups = []
    for concept in glossary:
        terms = [term.lower() for lang, entry in sorted(concept.terms.items())
                 if wanted is None or lang in wanted for term in entry.terms]
        group = list(dict.fromkeys(terms))[:MAX_GROUP]
        if len(group) > 1:
            groups.append(group)
    return groups


def meilisearch_synonyms(glossary: Glossary, languages: Sequence[str] | None = None) -> dict[str, list[str]]:
    """Meilisearch's ``synonyms`` setting: each term -> the other terms of its concepts."""
    table: dict[str, list[str]] = {}
    for group in synonym_groups_of(glossary, languages):
        for term in group:
            table.setdefault(term, []).extend(other for other in group if other != term)
    return {term: list(dict.fromkeys(others)) for term, others in sorted(table.items())}
