"""Turns a :class:`SearchRequest` into tantivy queries (part of the embedded engine).

Ranking, per query word, as a disjunction-max so the best way a word matches counts once:
exact word (title > glossary terms > body) > stem > glossary expansion > compound part > prefix >
typo (title > anywhere). The query's language adds a small bonus through its ``l_<lang>`` field; it is never required.

Every way scores its constant weight, not BM25: with tf-idf a rare surface form ("Integrationskurse"
in one description) outranked the common stem in hundreds of titles, so how a word matched stopped
deciding the order. A word counts once, by its best way (no tie-breaker), so equal matches tie
exactly and the engine's nearest-start-date tie-break decides between them (measured with
``kursfinder eval``: docs/BENCHMARKS.md).
Filters are constant-score zero clauses: they select, they never rank. No provider field exists
in the index, so no provider can be favoured.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import tantivy

from service.search.analysis import QueryTerm, query_terms
from service.search.base import Expansion, SearchRequest
from service.search.documents import date_number, typed_place
from service.translate.languages import SOURCE_LANGUAGE

Occur = tantivy.Occur
Query = tantivy.Query

# (field, weight) for the ways a word can match; see the module docstring for the order.
EXACT = (("title", 4.0), ("terms", 3.0), ("body", 2.0))
STEM = (("title", 3.0), ("terms", 2.4), ("body", 1.5))
# Expansions not in ``terms``: a course that uses the concept holds every term of it there
# already (matched there by the exact way), so expansions elsewhere only cost time.
EXPANSION = (("title", 1.6),)
PART = 0.9
PREFIX = (("title", 1.2), ("terms", 1.0), ("body", 0.6))
# A typo: in a title, or anywhere (the ``words`` field, which counting reads too). Each fuzzy way walks
# the field's whole dictionary of 21 languages (0.2-1.6 ms); one over title, terms and body apart cost
# p99 9.1 ms on the all-languages benchmark, these two 8.6 ms (dev and held-out sets unchanged).
TYPO = (("title", 0.5), ("words", 0.25))
PLACE = (("body", 1.5),)  # a city written in Arabic or Cyrillic letters (the city is body text)
LANG_BONUS = 0.6
WHOLE_TERM = 1.5  # dev set 0.981/0.945 -> 0.988/0.972 (S@10/MRR); 1.0-3.0 measure the same
MAX_TERM_WORDS = 4
RARITY = 0.1  # any-word fallback only: how much a word's rarity counts (_rarity; dev set: docs/BENCHMARKS.md)


@dataclass(frozen=True, slots=True)
class Ranking:
    """The queries that score: every way of every word, each bonus, the filters."""

    query: Any
    fallback: Any | None = None  # any-word query, used when no course matches every word
    facet_fallback: Any | None = None  # its matches, for counting (see QueryPlan.facet_query)


@dataclass(frozen=True, slots=True)
class QueryPlan:
    # The scoring queries, built when first asked for: a page that the best tier gives (``top``) needs
    # none, and building every way of every word as a scored query is a third of a plan's time.
    ranking: Callable[[], Ranking]
    facet_query: Any  # the matches of ``query`` without the course-type filter (facet counts for every type)
    matched_by: str
    has_fallback: bool = False  # whether ``fallback`` is there
    # The highest score any course can reach (every word by its best way the index holds, every
    # bonus), None if unknown. Courses often share it by the thousand (see the engine's _best_tier).
    best: float | None = None
    filters: tuple[Any, ...] = ()  # the filters among ``query``'s clauses
    selected: int | None = None  # how many courses the filters let through, if known without counting
    # The courses that reach ``best`` (every word by a way of its best weight, every bonus, the
    # filters), unscored: a conjunction of a few lists, cheap to read (the engine's _best_tier).
    top: Any | None = None
    top_at_most: int | None = None  # how many courses ``top`` can hold at most, if known (its shortest list)

    @property
    def query(self) -> Any:
        return self.ranking().query

    @property
    def fallback(self) -> Any | None:
        return self.ranking().fallback

    @property
    def facet_fallback(self) -> Any | None:
        return self.ranking().facet_fallback


# How many courses hold a token in a field (deleted ones may still count until a merge);
# None = unknown (then every way is tried, and the best score is unknown).
DocFreq = Callable[[str, str], int]
TEXT_FIELDS = ("title", "terms", "body")
_ALL_TEXT = frozenset(TEXT_FIELDS)
# The index's words in a field that begin with a prefix, at most ``limit`` + 1 of them.
PrefixTerms = Callable[[str, str, int], list[str]]
# Whether every course holding a token in a field holds one of some tokens in ``words`` as well (the
# index's answer, for counting: see _Ways.match).
Covered = Callable[[str, str, tuple[str, ...]], bool]
MAX_PREFIX_TERMS = 64  # more words than this begin with a prefix: match it with the prefix automaton
# Up to this many longer words are separate term ways, which tantivy can skip through in a narrowed
# search; a term set reads all its matches into a bitset first (all-languages bench p50 2.97 -> 2.82 ms).
SEPARATE_PREFIX_TERMS = 8
MIN_PREFIX_LOOKUP = 4  # shorter prefixes begin too many words to list
# A circle's postal codes that hold courses stand for it in the filters when at most LOCAL_CODES
# (local_area), and narrow every way when they hold at most LOCAL_SHARE of the courses (_local_scope);
# circles of more codes than LOCAL_CODES_LOOKED_UP are not even looked at.
LOCAL_CODES = 32
LOCAL_SHARE = 0.04
LOCAL_CODES_LOOKED_UP = 500


def build_plan(request: SearchRequest, schema: Any, languages: Sequence[str],
               doc_freq: DocFreq | None = None, prefix_terms: PrefixTerms | None = None,
               doc_count: int = 0, area: Area | None = None, covered: Covered | None = None) -> QueryPlan:
    """``area``: the postal codes of the circle that hold courses, when few (``local_area``)."""
    area_query = _area_query(schema, area) if area is not None else None
    facet_filters = _filters(request, schema, area_query)  # the facet counts count every type
    filters = facet_filters + ([Query.const_score_query(Query.term_set_query(schema, "course_type",
                                                                             list(request.course_types)), 0.0)]
                               if request.course_types else [])
    terms = query_terms(request.q, request.lang) if request.q.strip() else []
    if not terms:
        browse = Ranking(_select(Query.all_query(), filters))
        return QueryPlan(lambda: browse, _select(Query.all_query(), facet_filters), "filters")
    expansions = {e.word: e for e in request.expansions}
    scope = _local_scope(area, area_query, doc_count)
    words = [_word_clause(schema, term, expansions.get(term.surface), request.lang, doc_freq, prefix_terms, covered)
             for term in terms]
    # Counting reads one list of a word fast beside the filters; a union of lists reads everything
    # unless the local area narrows it. The any-word count is a union of the words: each narrowed.
    matches = [scope(word.match) if word.match_is_union else word.match for word in words]
    bonus = _language_bonus(schema, terms, request.lang, languages, doc_freq) + _whole_terms(schema, terms, doc_freq)
    tops = [word.best for word in words]
    best = None if doc_freq is None or None in tops else sum(t or 0.0 for t in tops) + sum(w for w, _, _ in bonus)
    top = None if best is None else Query.boolean_query(
        [(Occur.Must, word.top) for word in words] + [(Occur.Must, q) for _, q, _ in bonus]
        + [(Occur.Must, f) for f in filters])
    sizes = [size for size in [*(word.top_at_most for word in words), *(size for *_, size in bonus)]
             if size is not None]
    top_at_most = min(sizes) if sizes and top is not None else None
    # Facets count matches, they do not rank: the bonus clauses (which select nothing) stay out.
    every_match = matches[0] if len(matches) == 1 else Query.boolean_query([(Occur.Must, m) for m in matches])

    @cache
    def ranking() -> Ranking:
        clauses = [word.clause(scope) for word in words]
        bonuses = [(Occur.Should, _way(query, weight, scope)) for weight, query, _ in bonus]
        every = Query.boolean_query([(Occur.Must, clause) for clause in clauses] + bonuses
                                    + [(Occur.Must, f) for f in filters])
        if len(clauses) == 1:
            return Ranking(every)
        # No course has every word: the rarer a word, the more matching it counts ("intensive German
        # course": the intensive courses before the many German courses that lack "intensive").
        rarity = [_rarity(term, doc_freq, doc_count) for term in terms]
        anyword = Query.boolean_query([(Occur.Should, Query.boost_query(clause, boost))
                                       for clause, boost in zip(clauses, rarity, strict=True)] + bonuses)
        any_match = Query.boolean_query([(Occur.Should, scope(word.match)) for word in words])
        return Ranking(every, _select(anyword, filters), _select(any_match, facet_filters))

    selected = area.courses if area is not None and len(filters) == 1 else None  # the circle is the only filter
    return QueryPlan(ranking, _select(every_match, facet_filters), "all", len(words) > 1,
                     best, tuple(filters), selected, top, top_at_most)


def _rarity(term: QueryTerm, doc_freq: DocFreq | None, doc_count: int) -> float:
    """1 for a word nearly every course holds, up to about 1.7 for one a single course holds
    (an inverse document frequency, in the any-word fallback only)."""
    if doc_freq is None or doc_count <= 0:
        return 1.0
    holding = doc_freq("words", term.stem or term.surface)  # title, terms and body together
    return 1.0 + RARITY * math.log((doc_count + 1) / (min(holding, doc_count) + 1))


def _select(text_query: Any, filters: list[Any]) -> Any:
    if not filters:
        return text_query
    return Query.boolean_query([(Occur.Must, text_query)] + [(Occur.Must, f) for f in filters])


def _way(query: Any, weight: float, scope: Scope) -> Any:
    return Query.const_score_query(scope(query), weight)


# A word's way (or a bonus) as the plan reads it: itself, or only among the courses of a small area.
Scope = Callable[[Any], Any]


def _unscoped(query: Any) -> Any:
    return query


@dataclass(frozen=True, slots=True)
class Area:
    """The postal codes of a circle that hold courses, when they are few (``local_area``)."""

    codes: tuple[str, ...]
    courses: int  # how many courses they hold (deleted ones may count until a merge)


def local_area(request: SearchRequest, doc_freq: DocFreq) -> Area | None:
    """The circle's postal codes that hold courses, if at most LOCAL_CODES; else None. Few codes stand
    for the circle in the filters as a union of their short lists (a term set over every code of a
    circle builds a bitset per query); few courses also narrow every way (``build_plan``)."""
    geo = request.geo
    if geo is None or len(geo.postal_codes) > LOCAL_CODES_LOOKED_UP:
        return None
    counts = {code: doc_freq("plz", code) for code in sorted(geo.postal_codes)}
    codes = tuple(code for code, count in counts.items() if count > 0)
    if not codes or len(codes) > LOCAL_CODES:
        return None
    return Area(codes, sum(counts.values()))


def _area_query(schema: Any, area: Area) -> Any:
    """The courses of a small area: the union of its few postal codes' lists (no bitset to build)."""
    codes = area.codes
    return (Query.term_query(schema, "plz", codes[0]) if len(codes) == 1 else
            Query.boolean_query([(Occur.Should, Query.term_query(schema, "plz", code)) for code in codes]))


def _local_scope(area: Area | None, within: Any, doc_count: int) -> Scope:
    """Every way narrowed to a small area's courses, when they are at most LOCAL_SHARE of the index:
    tantivy reads a union of a word's ways in windows of 4,096 courses, all of them, so a filter letting
    1 % of the courses through saved nothing; each way narrowed to the area's few short lists skips the
    rest (measured: docs/BENCHMARKS.md). For a larger share, narrowing every way costs more than it saves."""
    if area is None or area.courses > LOCAL_SHARE * doc_count:
        return _unscoped

    def local(query: Any) -> Any:
        return Query.boolean_query([(Occur.Must, query), (Occur.Must, within)])
    return local


class _Ways:
    """One word's ways to match, the best weight among those the index can satisfy, and the same ways
    unscored (``match``)."""

    def __init__(self, schema: Any, doc_freq: DocFreq | None, covered: Covered | None = None) -> None:
        self.schema = schema
        self.doc_freq = doc_freq
        self.covered = covered
        self.best = 0.0
        self.automaton_best = 0.0
        self.words: set[str] = set()  # tokens of the ``words`` field whose courses match (see match)
        self.others: list[Any] = []  # what counting reads beside ``words`` and ``elsewhere`` (see add)
        self.elsewhere: list[tuple[str, str, Any]] = []  # (field, token, term query) of a way in some fields only
        # each way unscored and unscoped, with its weight and how many courses hold it (None: not known)
        self.weighed: list[tuple[Any, float, int | None]] = []

    def add(self, query: Any, weight: float, *, automaton: bool = False, match: Any = None,
            size: int | None = None) -> None:
        """``automaton``: a fuzzy or prefix way, of which the index may or may not hold a match.
        ``match``: what counting reads for this way; None when counting finds its courses another way
        (``words``, ``elsewhere``, or another way's match: a typo in titles through the typo anywhere)."""
        self.weighed.append((query, weight, size))
        if match is not None:
            self.others.append(match)
        if automaton:
            self.automaton_best = max(self.automaton_best, weight)
        else:
            self.best = max(self.best, weight)

    @property
    def known_best(self) -> float | None:
        """The best weight a course can get, if known: an automaton way above every other leaves it open."""
        return None if self.automaton_best > self.best else self.best

    def terms(self, fields: Sequence[tuple[str, float]], value: str) -> None:
        """A term per field; a field that does not hold it is left out (it could match nothing)."""
        everywhere = {name for name, _ in fields} == _ALL_TEXT
        for name, weight in fields:
            size = None if self.doc_freq is None else self.doc_freq(name, value)
            if size is None or size > 0:
                query = Query.term_query(self.schema, name, value)
                self.add(query, weight, size=size)
                if everywhere:
                    self.words.add(value)
                else:
                    self.elsewhere.append((name, value, query))

    def match(self) -> tuple[Any, bool]:
        """The courses the word matches in any way, for counting, and whether that is a union of several
        lists. A way over all three text fields is one list of ``words`` (which holds each course's
        title, terms and body tokens) instead of a union of three; a way in some fields only (a
        glossary expansion in titles) is left out where the index says its courses hold one of those
        ``words`` tokens anyway (``covered``): an expansion's courses mostly hold the query word among
        their glossary terms. Counting then reads one list per word where it read several (the facet
        counts walk every match of a query)."""
        words = sorted(self.words)
        found = ([Query.term_query(self.schema, "words", token) for token in words]
                 if len(words) <= SEPARATE_PREFIX_TERMS else [Query.term_set_query(self.schema, "words", words)])
        found += [query for field, token, query in self.elsewhere
                  if not (words and self.covered is not None and self.covered(field, token, tuple(words)))]
        found += self.others
        if not found:
            return Query.empty_query(), False
        return (found[0], False) if len(found) == 1 else (Query.boolean_query([(Occur.Should, q) for q in found]), True)

    def top(self) -> tuple[Any | None, int | None]:
        """The courses the word gives its best weight (``known_best``), unscored, and how many they are
        at most; None if not known."""
        best = self.known_best
        if best is None:
            return None, None
        found = [(query, size) for query, weight, size in self.weighed if weight == best]
        sizes = [size for _, size in found]
        at_most = None if None in sizes else sum(size or 0 for size in sizes)
        if len(found) == 1:
            return found[0][0], at_most
        return Query.boolean_query([(Occur.Should, q) for q, _ in found]), at_most


@dataclass(frozen=True, slots=True)
class _Word:
    ways: tuple[tuple[Any, float], ...]  # each way unscored, with its weight
    match: Any  # the same courses, unscored and cheaper to read: counts (_Ways.match)
    match_is_union: bool  # of several lists (a local area then helps counting too)
    best: float | None  # the best score it can give a course (None: not known, see _Ways.known_best)
    top: Any | None = None  # the courses it gives ``best`` (``_Ways.top``)
    top_at_most: int | None = None  # how many they are at most (None: not known)

    def clause(self, scope: Scope) -> Any:
        """The disjunction-max of the word's ways, each scoring its weight: ranks (none: matches nothing)."""
        if not self.ways:
            return Query.empty_query()
        return Query.disjunction_max_query([_way(query, weight, scope) for query, weight in self.ways], 0.0)


def _word_clause(schema: Any, term: QueryTerm, expansion: Expansion | None, lang: str | None,
                 doc_freq: DocFreq | None = None, prefix_terms: PrefixTerms | None = None,
                 covered: Covered | None = None) -> _Word:
    """The word's ways to match, scored and unscored, and the best score it can give a course."""
    # A word the index holds as typed (or as its stem) needs no typo or compound-part ways: those
    # would only add lower-ranked noise, and on a common word they cost most of the query's time.
    found = doc_freq is not None and any(doc_freq("words", token) > 0 for token in {term.surface, term.stem} if token)
    ways = _Ways(schema, doc_freq, covered)
    ways.terms(EXACT, term.surface)
    if term.stem and term.stem != term.surface:
        ways.terms(STEM, term.stem)
    alternatives = {key for alternative, alt_lang in _expansion_words(expansion, lang)
                    for key in _word_keys(alternative, alt_lang or lang)} - {term.surface, term.stem}
    for alternative in sorted(alternatives):
        ways.terms(EXPANSION, alternative)
    if len(term.parts) > 1 and not found:
        parts = [Query.disjunction_max_query([Query.term_query(schema, name, part) for name, _ in EXACT])
                 for part in term.parts]
        ways.add(Query.boolean_query([(Occur.Must, p) for p in parts]), PART,
                 match=Query.boolean_query([(Occur.Must, Query.term_query(schema, "words", part))
                                            for part in term.parts]))
    if term.is_prefix:
        _prefix_ways(ways, term, prefix_terms, lang)
    if not found and (place := typed_place(term)):
        ways.terms(PLACE, place)  # "برلين", "берлин": the course's city, "Berlin"
    if term.fuzzy_distance > 0 and not found:
        def typo(name: str) -> Any:
            return Query.fuzzy_term_query(schema, name, term.stem or term.surface, term.fuzzy_distance, True,
                                          term.is_prefix)
        for name, weight in TYPO:
            query = typo(name)
            ways.add(query, weight, automaton=True, match=query if name == "words" else None)
    if not ways.weighed:  # the index holds the word in no way: a clause that matches nothing
        return _Word((), Query.empty_query(), False, 0.0, Query.empty_query(), 0)
    match, match_is_union = ways.match()
    return _Word(tuple((query, weight) for query, weight, _ in ways.weighed), match, match_is_union, ways.known_best,
                 *ways.top())


def _expansion_words(expansion: Expansion | None, lang: str | None) -> tuple[tuple[str, str | None], ...]:
    """The alternatives worth a title lookup: terms in German (the course's own text, where concept
    detection may have missed the concept) or in the query's language. A course whose title holds an
    alternative of a third language has it from a translation or a type label, both made from a
    concept the course was found to use, so it holds every term of that concept, the query word too,
    in ``terms`` already (measured: dev set unchanged, all-languages p50 -30 % without them)."""
    if expansion is None:
        return ()
    if not lang:
        return tuple((a, None) for a in expansion.alternatives)
    return expansion.in_languages([SOURCE_LANGUAGE, lang])


@lru_cache(maxsize=50_000)
def _word_keys(text: str, lang: str | None) -> tuple[str, ...]:
    """Each word's stem (or the word), as ``lang``'s analysis gives it (expansions, prefix forms)."""
    return tuple(t.stem or t.surface for t in query_terms(text, lang, prefix_last=False))


def _prefix_ways(ways: _Ways, term: QueryTerm, prefix_terms: PrefixTerms | None, lang: str | None) -> None:
    """The last word as the beginning of longer words (search-as-you-type). Where the index holds few
    such words, match exactly those that the exact and stem ways do not already match: not the word
    itself, and not its inflected forms ("sprachkurse" for "Sprachkurs"), whose documents hold their
    stem as a token too and so match by the exact or stem way already, with more weight. A complete
    word then costs no second pass over its postings (a broad word: 4.1 -> 2.4 ms at 100k courses).
    A form is judged by the query language's stemmer; a text in another language that stems it
    otherwise keeps only its own tokens, a rare loss of a low-weight prefix match."""
    for name, weight in PREFIX:
        if prefix_terms is None or len(term.surface) < MIN_PREFIX_LOOKUP or \
                len(longer := prefix_terms(name, term.surface, MAX_PREFIX_TERMS)) > MAX_PREFIX_TERMS:
            automaton = Query.fuzzy_term_query(ways.schema, name, term.surface, 0, True, True)
            ways.add(automaton, weight, automaton=True, match=automaton)
            continue
        own = {term.surface, term.stem}
        extra = sorted(word for word in set(longer) - own if _stem(word, lang) not in own)
        if len(extra) <= SEPARATE_PREFIX_TERMS:
            for word in extra:
                ways.add(Query.term_query(ways.schema, name, word), weight)
        else:
            ways.add(Query.term_set_query(ways.schema, name, extra), weight)
        # A course holding a listed word in another field is matched there too: by that field's list
        # (the same words minus the same forms) or its automaton. So ``words`` can stand for them all.
        ways.words.update(extra)


def whole_term_key(terms: Sequence[QueryTerm]) -> str:
    """A glossary term (or a run of query words) as one token of the ``term_exact`` field."""
    return "_".join(t.stem or t.surface for t in terms)


# A bonus (a should-clause: it ranks, it never selects): the weight it adds, the courses it adds it to
# (unscored, unscoped) and how many they are (None: not known).
Bonus = tuple[float, Any, int | None]


def _whole_terms(schema: Any, terms: Sequence[QueryTerm], doc_freq: DocFreq | None = None) -> list[Bonus]:
    """Consecutive query words that are a whole glossary term of a course ("orientation course",
    not the words inside "initial orientation course") add WHOLE_TERM. One word too: a German
    compound's parts are tokens of ``terms`` ("Erstorientierungskurs" holds "orientierungskurs"), so
    without it "Orientierungskurs" ranked initial orientation courses first (measured: dev set de
    MRR 1.000 -> 0.978 when it was left out for one word)."""
    grams = {whole_term_key(terms[i:j]) for i in range(len(terms))
             for j in range(i + 1, min(len(terms), i + MAX_TERM_WORDS) + 1)}
    return _bonuses(schema, "term_exact", sorted(grams), WHOLE_TERM, doc_freq)


def _bonuses(schema: Any, field: str, tokens: Sequence[str], weight: float, doc_freq: DocFreq | None) -> list[Bonus]:
    """Should-clauses adding ``weight`` for each token a course holds in ``field`` (tokens the index
    does not hold are left out: they could add nothing)."""
    found = []
    for token in tokens:
        size = None if doc_freq is None else doc_freq(field, token)
        if size is None or size > 0:
            query = Query.term_query(schema, field, token)
            found.append((weight, query, size))
    return found


def _stem(word: str, lang: str | None) -> str:
    keys = _word_keys(word, lang)
    return keys[0] if len(keys) == 1 else word


def _language_bonus(schema: Any, terms: Sequence[QueryTerm], lang: str | None,
                    languages: Sequence[str], doc_freq: DocFreq | None = None) -> list[Bonus]:
    """A text in the query's language outranks a translation's words elsewhere. Not for the source
    language (German): every course's own text is in it, so the bonus would only re-read the word's
    postings."""
    if not lang or lang not in languages or lang == SOURCE_LANGUAGE:
        return []
    # The stem only: a text holding the word as typed holds its stem too (analysis indexes both), and
    # the exact form is already preferred by the word's own ways. (Surface and stem both cost a list
    # of up to every course per word for a bonus counted twice. All-languages benchmark: the top 10 of
    # 1,000 text queries identical, their p50 4.04 -> 3.73 ms; the whole mix 3.35 -> 3.32 ms.)
    words = {t.stem or t.surface for t in terms}
    return _bonuses(schema, f"l_{lang}", sorted(words), LANG_BONUS, doc_freq)


def _filters(request: SearchRequest, schema: Any, area_query: Any = None) -> list[Any]:
    """Every filter but the course types. ``area_query``: the circle's postal codes that hold courses
    (the same courses, from short lists), standing for the circle."""
    found: list[Any] = []
    if area_query is not None:
        found.append(area_query)
    elif request.geo is not None:
        codes = list(request.geo.postal_codes) or ["-none-"]
        found.append(Query.term_set_query(schema, "plz", codes))
    if request.start_from or request.start_to:
        found.append(Query.range_query(schema, "start", tantivy.FieldType.Integer,
                                       date_number(request.start_from) or 0,
                                       date_number(request.start_to) or 99_991_230))
    if request.free_seats:
        found.append(Query.range_query(schema, "free_seats", tantivy.FieldType.Integer, 1, 1_000_000))
    if request.childcare is not None:
        found.append(Query.term_query(schema, "childcare", "yes" if request.childcare else "no"))
    if request.barrier_free is not None:
        found.append(Query.term_query(schema, "barrier_free", "yes" if request.barrier_free else "no"))
    if request.schedule:
        found.append(Query.term_set_query(schema, "schedule", list(request.schedule)))
    return [Query.const_score_query(f, 0.0) for f in found]
