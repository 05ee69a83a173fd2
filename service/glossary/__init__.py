"""The glossary: concepts, terms per language, enforcement in translation, expansion in search.

``synonym_groups(languages)`` serves ``index_config`` generation (``search/meili_settings.py``),
which runs without a store: it reads the shipped seed glossary.
"""

from __future__ import annotations

from collections.abc import Sequence


def synonym_groups(languages: Sequence[str]) -> list[list[str]]:
    """The seed glossary's synonym groups (one per concept) for ``languages`` and German."""
    from service.glossary.model import Glossary
    from service.glossary.seed import load_seed
    from service.glossary.synonyms import synonym_groups_of

    return synonym_groups_of(Glossary(load_seed()), languages)
