"""The Meilisearch index: its document fields and its settings, generated from code for our languages.

``index_config/*.json`` is this module's output for the default languages (``scripts/gen_index_config``
writes it, a test keeps it current), so operators can read and diff the settings Kursfinder applies.
Settings are applied idempotently by ``meili.py``: :func:`settings_diff` names only what differs.

Document fields (one document per course)::

    key                       primary key: a digest of ``id`` (Meilisearch ids allow [A-Za-z0-9_-] only)
    id, source                the course id (``vhs-berlin:531327``) and its source
    title_<lang>              title                      } searchable, in this rank order,
    type_<lang>               course-type label (+ level) } German first within each kind
    terms_<lang>              the course's glossary terms }
    body_<lang>               subtitle, description, keywords
    analysed                  our own analysis (``analysis.index_tokens``) of the German text and of the
                              glossary terms: stems, compound parts and the German words that queries
                              spelled by ear or in another script are transliterated to. Translations
                              are left to Meilisearch's tokenizer: analysing them too doubled the
                              documents (measured: 9 kB more per course with 20 languages).
    course_type, schedule, childcare, barrier_free, mode, source, postal_code     filters (equality)
    start, free_seats         numbers (comparison filters; ``start`` also sorts) - absent when unknown
    _geo                      {lat, lng} of the course's PLZ centroid, for _geoRadius / _geoPoint
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from service import geo
from service.courses import COURSE_TYPE_LABELS_DE
from service.search.analysis import index_tokens
from service.search.documents import SearchDocument, place_tokens

PRIMARY_KEY = "key"
TEXT_KINDS = ("title", "type", "terms", "body")  # searchable rank order
ANALYSED = "analysed"
EQUALITY_FILTERS = ("course_type", "schedule", "childcare", "barrier_free", "mode", "source", "postal_code")
COMPARISON_FILTERS = ("start", "free_seats")
FACETS = ("course_type",)
SORTABLE = ("start", "_geo")
UNKNOWN = "unknown"

#: ``sort`` first: an explicit sort (start date, distance) orders every match, as the embedded engine
#: does; without a sort parameter the rule is a no-op and the text rules decide.
RANKING_RULES = ("sort", "words", "typo", "proximity", "attribute", "exactness")

#: Lists whose order means rank; every other list setting is a set.
ORDERED_SETTINGS = ("searchableAttributes", "rankingRules")

#: Offset + limit of the deepest page the API serves (``MAX_OFFSET`` + ``MAX_LIMIT`` in search/service.py)
#: plus the re-ranking window; Meilisearch returns and counts at most this many hits per query.
MAX_TOTAL_HITS = 20_000

#: Public language code -> Meilisearch locale (ISO 639-3, the list in Meilisearch's
#: ``localizedAttributes`` reference). Languages Meilisearch has no locale for (Pashto, Kurmanji,
#: Sorani, Tigrinya, Somali, Albanian) get no rule and are auto-detected. Dari is written and
#: tokenized like Persian, so it shares Persian's ``pes``.
LOCALES: dict[str, str] = {
    "de": "deu", "en": "eng", "ar": "ara", "fa": "pes", "prs": "pes", "uk": "ukr", "ru": "rus",
    "tr": "tur", "fr": "fra", "es": "spa", "ro": "ron", "pl": "pol", "bg": "bul", "it": "ita",
    "el": "ell", "ur": "urd", "hi": "hin", "vi": "vie", "pt": "por", "nl": "nld", "hr": "hrv",
    "sr": "srp", "mk": "mkd", "hy": "hye", "ka": "kat", "am": "amh", "he": "heb", "az": "aze",
    "uz": "uzb", "tk": "tuk", "bn": "ben", "ta": "tam", "zh": "cmn", "ja": "jpn", "ko": "kor",
}  # fmt: skip

#: Stop words per language. One list serves the whole index, so only words that are not content
#: words in another language we serve are listed (no "die", "war", "also").
STOP_WORDS: dict[str, tuple[str, ...]] = {
    "de": ("der", "das", "dem", "den", "des", "ein", "eine", "einen", "einem", "einer", "und", "oder",
           "für", "mit", "im", "am", "vom", "zum", "zur", "auf", "bei", "nach", "von", "zu"),
    "en": ("the", "and", "for", "with", "of", "to", "at", "by", "from"),
}

def text_field(kind: str, lang: str) -> str:
    return f"{kind}_{lang}"


def ordered_languages(languages: Iterable[str]) -> tuple[str, ...]:
    """German (the source language) first, then the others in their configured order, no repeats."""
    return tuple(dict.fromkeys(["de", *languages]))


def searchable_attributes(languages: Sequence[str]) -> list[str]:
    langs = ordered_languages(languages)
    return [*(text_field(kind, lang) for kind in TEXT_KINDS for lang in langs), ANALYSED]


def document(doc: SearchDocument, languages: Sequence[str]) -> dict[str, Any]:
    """One course as a Meilisearch document (see the module docstring for the fields)."""
    langs = ordered_languages(languages)
    fields: dict[str, Any] = {
        PRIMARY_KEY: document_key(doc.id), "id": doc.id, "source": doc.source, "course_type": doc.course_type,
        "level": doc.level, "postal_code": doc.postal_code, "city": doc.city, "mode": doc.mode,
        "schedule": doc.schedule or [UNKNOWN], "childcare": _flag(doc.childcare),
        "barrier_free": _flag(doc.barrier_free),
    }
    for name, value in (("start", doc.start), ("end", doc.end), ("free_seats", doc.free_seats)):
        if value is not None:
            fields[name] = value
    point = _point(doc)
    if point is not None:
        fields["_geo"] = {"lat": point[0], "lng": point[1]}
    analysed: list[str] = []
    for lang, text in doc.texts.items():
        if lang == "de":  # see ANALYSED: German is where Meilisearch's own analysis falls short
            analysed += index_tokens(f"{text.heading}\n{text.body}", lang)
        if lang not in langs:
            continue
        for kind, content in (("title", text.title), ("type", text.type_label), ("body", text.body)):
            if content:
                fields[text_field(kind, lang)] = content
    for lang, terms in doc.terms.items():
        analysed += [token for term in terms for token in index_tokens(term, lang)]
        if lang in langs and terms:
            fields[text_field("terms", lang)] = list(terms)
    analysed += place_tokens(doc.city)  # a city typed in other letters (meili_query's place variant)
    fields[ANALYSED] = " ".join(dict.fromkeys(analysed))
    return fields


def document_key(course_id: str) -> str:
    """A Meilisearch document id for ``course_id`` (which may hold ``:`` and any character)."""
    return hashlib.blake2b(course_id.encode(), digest_size=20).hexdigest()


def _flag(value: bool | None) -> str:
    return UNKNOWN if value is None else ("yes" if value else "no")


def _point(doc: SearchDocument) -> tuple[float, float] | None:
    """The PLZ centroid (what the embedded engine measures distances with), else the course's own point."""
    area = geo.lookup(doc.postal_code) if doc.postal_code else None
    if area is not None:
        return area.lat, area.lon
    if doc.lat is not None and doc.lon is not None:
        return doc.lat, doc.lon
    return None


def filterable_attributes() -> list[Any]:
    """The granular form (Meilisearch >= 1.14): equality only where nothing compares, and ``_geo`` as a
    plain string, the form the reference requires for reserved fields."""
    return [
        {"attributePatterns": list(EQUALITY_FILTERS),
         "features": {"facetSearch": False, "filter": {"equality": True, "comparison": False}}},
        {"attributePatterns": list(COMPARISON_FILTERS),
         "features": {"facetSearch": False, "filter": {"equality": True, "comparison": True}}},
        "_geo",
    ]


def localized_attributes(languages: Sequence[str]) -> list[dict[str, list[str]]]:
    rules: dict[str, list[str]] = {}
    for lang in ordered_languages(languages):
        locale = LOCALES.get(lang)
        if locale is not None:
            rules.setdefault(locale, []).extend(text_field(kind, lang) for kind in TEXT_KINDS)
    return [{"attributePatterns": patterns, "locales": [locale]} for locale, patterns in rules.items()]


def stop_words(languages: Sequence[str]) -> list[str]:
    return sorted({word for lang in ordered_languages(languages) for word in STOP_WORDS.get(lang, ())})


def label_synonym_groups(languages: Sequence[str]) -> list[list[str]]:
    """Synonym groups derived from the German course-type labels alone.

    Only a fallback: :func:`glossary_synonym_groups` returns these when ``service.glossary`` has no
    ``synonym_groups``. It has one, so neither ``index_config/synonyms.json`` nor the engine uses these
    groups today; the glossary's concepts (``service/glossary/synonyms.py``) supply the synonyms.
    From the labels we only know spelled-out variants:
    "Eltern- und Frauenintegrationskurs" names "Elternintegrationskurs" and
    "Frauenintegrationskurs"; "Intensivkurs (Integrationskurs)" is also called "Intensivkurs".
    """
    labels = list(COURSE_TYPE_LABELS_DE.values())
    vocabulary = {word.lower() for label in labels for word in re.findall(r"\w+", label)}
    groups: list[list[str]] = []
    for label in labels:
        variants = _label_variants(label, vocabulary)
        if len(variants) > 1:
            groups.append(variants)
    return groups


def _label_variants(label: str, vocabulary: set[str]) -> list[str]:
    variants = [label]
    head, sep, _ = label.partition(" (")
    if sep:
        variants.append(head)
    words = label.split(" ")
    if len(words) == 3 and words[0].endswith("-") and words[1] in ("und", "bzw.", "oder"):
        # German elision: "Eltern- und Frauenintegrationskurs" shares the tail of its last word,
        # the longest suffix that is itself a word of another label ("Integrationskurs").
        tail = words[2]
        for cut in range(1, len(tail) - 2):
            if tail[cut:].lower() in vocabulary:
                variants += [words[0][:-1] + tail[cut:].lower(), tail]
                break
    return list(dict.fromkeys(variants))


def glossary_synonym_groups(languages: Sequence[str]) -> list[list[str]]:
    """The seed glossary's synonym groups (``service.glossary.synonym_groups``): one group per concept,
    its allowed terms in German and ``languages``, lower-cased.

    ``index_config/synonyms.json`` is built from these, and they are the engine's synonyms until
    ``MeilisearchEngine.follow_glossary`` (called when the runtime is built) switches it to the live glossary in the
    store. The course-type labels' groups are only a fallback for a glossary without the function.
    """
    try:
        from service import glossary
    except ImportError:  # pragma: no cover - the package and its synonym_groups always exist
        return label_synonym_groups(languages)
    provider = getattr(glossary, "synonym_groups", None)
    if provider is None:
        return label_synonym_groups(languages)
    return [list(group) for group in provider(languages)]


def synonyms(groups: Iterable[Sequence[str]]) -> dict[str, list[str]]:
    """Meilisearch synonyms are one-way (word -> alternatives); a group makes every member mean all."""
    table: dict[str, set[str]] = {}
    for group in groups:
        members = [term.strip() for term in group if term.strip()]
        for term in members:
            table.setdefault(term, set()).update(m for m in members if m != term)
    return {term: sorted(others) for term, others in sorted(table.items()) if others}


def build_settings(languages: Sequence[str], synonym_table: Mapping[str, Sequence[str]] | None = None
                   ) -> dict[str, Any]:
    """The complete settings object (``PATCH /indexes/{uid}/settings`` body) for ``languages``."""
    return {
        "searchableAttributes": searchable_attributes(languages),
        "displayedAttributes": ["*"],
        "filterableAttributes": filterable_attributes(),
        "sortableAttributes": list(SORTABLE),
        "rankingRules": list(RANKING_RULES),
        "typoTolerance": {
            "enabled": True,
            "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9},
            "disableOnNumbers": True,  # postal codes, levels and years stay exact
            "disableOnWords": [],
            "disableOnAttributes": [],
        },
        "localizedAttributes": localized_attributes(languages),
        "stopWords": stop_words(languages),
        "synonyms": {term: list(alts) for term, alts in (synonym_table or {}).items()},
        "pagination": {"maxTotalHits": MAX_TOTAL_HITS},
        "faceting": {"maxValuesPerFacet": 100, "sortFacetValuesBy": {"*": "alpha"}},
    }


def settings_diff(current: Mapping[str, Any], wanted: Mapping[str, Any]) -> dict[str, Any]:
    """The settings whose current value differs from the wanted one (what a PATCH must send).

    Nested objects compare on the keys we set only, so fields a newer Meilisearch adds to
    ``typoTolerance`` or ``faceting`` do not cause a PATCH on every start. Lists compare in order
    only where order means rank (searchable attributes, ranking rules).
    """
    changed: dict[str, Any] = {}
    for name, value in wanted.items():
        if name == "synonyms":
            same = _synonym_table(current.get(name)) == _synonym_table(value)
        else:
            same = _same(current.get(name), value, ordered=name in ORDERED_SETTINGS)
        if not same:
            changed[name] = value
    return changed


def _synonym_table(value: Any) -> dict[str, list[str]]:
    return {str(k): sorted(v) for k, v in value.items()} if isinstance(value, dict) else {}


def _same(current: Any, wanted: Any, *, ordered: bool = True) -> bool:
    if isinstance(wanted, dict) and isinstance(current, dict):
        return all(_same(current.get(key), value) for key, value in wanted.items())
    if isinstance(wanted, list) and isinstance(current, list):
        if len(current) != len(wanted):
            return False
        if not ordered:
            key = _canonical
            return sorted(map(key, current)) == sorted(map(key, wanted))
        return all(_same(c, w) for c, w in zip(current, wanted, strict=True))
    return bool(current == wanted)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def index_config_files(languages: Sequence[str] | None = None) -> dict[str, str]:
    """``index_config/``'s files for ``languages`` (default: the default target languages).

    ``settings.json`` is the settings object without stop words and synonyms, which have their
    own files (``stop_words.json``, ``synonyms.json``) as Meilisearch's own settings routes take them.
    """
    from service.config import DEFAULT_TARGET_LANGUAGES

    langs = list(DEFAULT_TARGET_LANGUAGES if languages is None else languages)
    table = synonyms(glossary_synonym_groups(langs))
    settings = build_settings(langs, table)
    words = settings.pop("stopWords")
    settings.pop("synonyms")
    # One synonym entry per line: the file stays diffable (it is large: every term of a glossary
    # concept names all the others, in every language).
    lines = ",\n".join(f"  {json.dumps(term, ensure_ascii=False)}: {json.dumps(alts, ensure_ascii=False)}"
                        for term, alts in table.items())
    return {"settings.json": json.dumps(settings, ensure_ascii=False, indent=2) + "\n",
            "stop_words.json": json.dumps(words, ensure_ascii=False, indent=2) + "\n",
            "synonyms.json": "{\n" + lines + "\n}\n" if lines else "{}\n"}
