"""Text analysis every search engine shares: the same code at index and at query time.

A word goes through three steps, chosen by its own script (a query may mix scripts):

1. **Folding**, the same for every language, because a course is indexed in its field's language
   but queried in whatever language the person typed: NFKC, case folding, ä/ö/ü/ß -> ae/oe/ue/ss,
   accents stripped (Latin, Greek), ё -> е (Ukrainian і ї є ґ and й kept), Arabic-script letter
   variants unified (alef, yeh, kaf, taa marbuta, hamza seats, harakat, tatweel), ZWNJ removed,
   Arabic-Indic and Persian digits -> ASCII.
2. **Transliteration**: German course words written by ear ("doitsch", "шпрахкурс") become the
   German word (``transliteration.py``); the typed form is indexed too.
3. **Stemming and compounds**, chosen by ``lang``: German (light, domain-tested) with compound
   splitting for Latin words unless ``lang`` is another Latin-script language; English plural
   stripping for ``en``; Russian/Ukrainian endings for Cyrillic; the Arabic article as the stem of
   Arabic-script words; Persian plural ``ها`` for ``fa``/``prs``. Other languages are only folded.

The per-word work is cached, so indexing repeated vocabulary costs a dictionary lookup per word.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from service.search import transliteration as tl
from service.search.stemming import stem_arabic, stem_english, stem_german, stem_slavic

__all__ = ["QueryTerm", "WordAnalysis", "analyze_word", "edit_distance", "highlight", "index_tokens",
           "normalize", "query_terms", "words"]


@dataclass(frozen=True, slots=True)
class QueryTerm:
    surface: str  # normalized full word (case/diacritics/script folded), e.g. "sprachkurse"
    stem: str  # its stem, e.g. "sprachkurs"
    parts: tuple[str, ...]  # compound parts (stems) when the word is a known compound; () otherwise
    is_prefix: bool  # last word of a query that did not end with a space (search-as-you-type)
    fuzzy_distance: int  # allowed typos: 0 below 5 letters, 1 from 5, 2 from 9; 0 with digits


@dataclass(frozen=True, slots=True)
class WordAnalysis:
    surface: str  # folded word, or the German word it transliterates
    stem: str
    parts: tuple[str, ...]
    tokens: tuple[str, ...]  # what the index holds for the word: surface, stem, parts, typed form
    stop: bool
    transliterated: bool  # surface is a German word the person spelled by ear or in another script


# Combining marks of the scripts we serve, plus ZWNJ/ZWJ and the soft hyphen: part of a word.
_IN_WORD = ("\u00ad\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
            "\u08d3-\u08ff\u0900-\u0dff\u135d-\u135f\u1ab0-\u1aff\u1dc0-\u1dff\u200c\u200d\u20d0-\u20ff"
            "\ufe20-\ufe2f")
_APOSTROPHES = "'\u2019\u02bc\u2018`\u00b4"
_JOINERS = re.escape("-\u2010\u2011" + _APOSTROPHES)
_TOKEN_RE = re.compile(rf"[\w{_IN_WORD}]+(?:[{_JOINERS}][\w{_IN_WORD}]+)*")
_SEGMENT_RE = re.compile(rf"[{_JOINERS}_]+")
_INVISIBLE = {0x00AD: None, 0x200C: None, 0x200D: None}
_NO_APOSTROPHES = dict.fromkeys(map(ord, _APOSTROPHES))

# Marks folding removes: accents, harakat, Hebrew points, Ethiopic gemination. Not Indic vowel signs.
_DROPPED_MARKS = ((0x0300, 0x0370), (0x0483, 0x048A), (0x0591, 0x05C8), (0x0610, 0x061B), (0x064B, 0x0660),
                  (0x0670, 0x0671), (0x06D6, 0x06EE), (0x08D3, 0x0900), (0x135D, 0x1360), (0x1AB0, 0x1B00),
                  (0x1DC0, 0x1E00), (0x20D0, 0x2100), (0xFE20, 0xFE30))
_LETTER_FOLDS = {
    "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d",
    "ð": "d", "þ": "th", "ı": "i", "ə": "e", "ħ": "h", "ё": "е",
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا", "ى": "ي", "ی": "ي", "ئ": "ي", "ؤ": "و",
    "ة": "ه", "ۀ": "ه", "ک": "ك", "ـ": "", "\u200b": "", "\u200c": "", "\u200d": "", "\u200e": "",
    "\u200f": "", "\u00ad": "", "\ufeff": "",
}


@cache
def _fold_table() -> dict[int, str | None]:
    """Built on first use, not at import: it walks the Latin and Greek blocks through NFD."""
    table: dict[int, str | None] = {}
    for start, end in ((0x00C0, 0x0250), (0x0370, 0x0400), (0x1E00, 0x2000)):
        for cp in range(start, end):
            base = "".join(c for c in unicodedata.normalize("NFD", chr(cp)) if not unicodedata.combining(c))
            if base and base != chr(cp):
                table[cp] = base
    for start, end in _DROPPED_MARKS:
        table.update(dict.fromkeys(range(start, end)))
    for digits in ("٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹"):
        table.update({ord(d): str(i) for i, d in enumerate(digits)})
    table.update({ord(k): v or None for k, v in _LETTER_FOLDS.items()})
    return table


def _fold(word: str) -> str:
    if word.isascii():
        return word.lower()
    return unicodedata.normalize("NFKC", word).casefold().translate(_fold_table())


def script_of(word: str) -> str:
    """latin, arabic, cyrillic, other (letters of another script) or digits: the first letter decides."""
    for ch in word:
        cp = ord(ch)
        if cp < 0x0250 or 0x1E00 <= cp < 0x1F00:
            if ch.isalpha():
                return "latin"
        elif 0x0600 <= cp < 0x0780 or 0x08A0 <= cp < 0x0900 or 0xFB50 <= cp < 0xFE00 or 0xFE70 <= cp < 0xFF00:
            return "arabic"
        elif 0x0400 <= cp < 0x0530:
            return "cyrillic"
        elif ch.isalpha():
            return "other"
    return "digits"


# Small on purpose: only words that carry no meaning in a 1-4 word course query. Per script, the union
# of the languages, so a word is dropped at index and query time whatever language was detected.
_STOP_WORDS = """
der die das den dem des ein eine einer einen einem eines und oder fuer mit in im am an auf aus bei
von vom zu zum zur ist sind ich wir sie the a an and or for in with of to on at by from
innen ve ile icin bir le la les de des du et pour avec en un une au aux el los las del y para con il lo
di e per una w z i dla na do si cu pentru dhe me ne te iyo ee ku bi ji li bo
في من مع على الى عن او ثم هذا هذه التي الذي و در با براي از به كه را اين ان يا تا د په له سره ته لە بۆ
в на с и для по к у о от из за до з і й та від
""".split()


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(_fold(w) for w in _STOP_WORDS)


@lru_cache(maxsize=128)
def _profile(lang: str | None) -> tuple[str, str, str]:
    """How to stem (Latin, Cyrillic, Arabic-script) words for ``lang``; a cache key of few values."""
    code = (lang or "").lower().replace("_", "-").split("-")[0]
    latin = "en" if code == "en" else "none" if code in _LATIN_NON_GERMAN else "de"
    cyrillic = "none" if code in ("bg", "mk", "sr", "kk", "ky", "tg", "mn") else "slav"
    arabic = "fa" if code in ("fa", "prs", "pes") else "none" if code in _NO_ARTICLE else "ar"
    return latin, cyrillic, arabic


_NO_ARTICLE = frozenset({"ps", "ckb", "ur", "ku", "sd", "ug"})  # Arabic script, no Arabic article
# Latin-script languages whose words get no German stemming (German words in a Turkish field are rare;
# Turkish words stemmed as German would be mangled). Latin words in other fields are mostly German.
_LATIN_NON_GERMAN = frozenset(
    "tr fr es it pt ro pl sq so kmr ku nl sv da no nb fi hu cs sk sl hr bs sr az uz tk lt lv et ca gl "
    "eu vi id ms sw ha yo om ln tl".split())


@dataclass(frozen=True, slots=True)
class _Lexicon:
    forms: dict[str, str]  # a form a compound part can take -> the part (a German stem)
    heads: tuple[tuple[str, str], ...]  # (ending, head stem) that splits off after an unknown modifier
    longest: int
    variants: dict[str, str]  # folded misspelling or other-script form -> German word
    skeletons: dict[str, str]  # latin_skeleton(word) -> word, for words of 5 letters or more
    suffixes: dict[str, str]  # a form a transliterated compound may end in -> its German word
    suffix_lengths: tuple[int, ...]  # longest first


@cache
def _lexicon() -> _Lexicon:
    forms: dict[str, str] = {}
    for word in tl.DOMAIN_WORDS:
        forms.setdefault(stem_german(word), stem_german(word))
        forms.setdefault(word, stem_german(word))
    typed = {**tl.SCRIPT_VARIANTS, **tl.LATIN_VARIANTS}
    variants = {_fold(_SEGMENT_RE.sub("", k)): v for k, v in typed.items()}
    skeletons: dict[str, str] = {}
    for word in tl.KEY_WORDS:
        skeletons.setdefault(tl.latin_skeleton(word), word)
    ends = {**{w: w for w in tl.DOMAIN_WORDS if len(w) >= 4}, **tl.LATIN_VARIANTS}
    heads = [(h + e, stem_german(h)) for h, endings in tl.COMPOUND_HEADS.items() for e in endings]
    return _Lexicon(forms, _longest_first(heads), max(map(len, forms)), variants, skeletons, ends,
                    tuple(sorted({len(e) for e in ends}, reverse=True)))


def _longest_first(pairs: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


_LINKS = ("", "s", "es", "n", "en", "e")
_ABSTRACT_ENDINGS = ("ung", "ion", "heit", "keit", "schaft", "taet", "tum", "ling", "ment")


def _split(word: str) -> tuple[str, ...]:
    """Finest cut of ``word`` into lexicon parts joined by linking morphemes; () if none."""
    lex, n = _lexicon(), len(word)
    if n < 6 or not any(word[n - k:] in lex.forms for k in range(3, min(n, lex.longest) + 1)):
        return ()  # cheap exit: most words do not end in a lexicon part
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[n] = ()
    for i in range(n - 3, -1, -1):
        for j in range(i + 3, min(n, i + lex.longest) + 1):
            part = lex.forms.get(word[i:j])
            if part is None:
                continue
            for link in _LINKS if j < n else ("",):
                rest = best[j + len(link)] if word.startswith(link, j) else None
                if rest is None or (j < n and not rest):
                    continue
                option = (part, *rest)
                if best[i] is None or len(option) > len(best[i] or ()):
                    best[i] = option
    found = best[0] or ()
    return found if len(found) > 1 else ()


def _drop_link(modifier: str) -> str:
    forms = _lexicon().forms
    for link in _LINKS[1:]:
        base = modifier[: -len(link)]
        if modifier.endswith(link) and (base in forms or (link == "s" and base.endswith(_ABSTRACT_ENDINGS))):
            return forms.get(base, base)
    return forms.get(modifier, modifier)


def _split_after_unknown(word: str) -> tuple[str, ...]:
    """"Nähkurs" -> ("naeh", "kurs"): a known head after a modifier of 4+ letters we do not know."""
    for ending, head in _lexicon().heads:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            modifier = _drop_link(word[: -len(ending)])
            return (*(_split(modifier) or (modifier,)), head)
    return ()


def _transliterated_latin(word: str, stem: str) -> str | None:
    """The German word ``word`` is a spelling by ear of, if it is one of the key words or a compound
    of one with a lexicon word ("doitschkurs" -> "deutschkurs"); ``None`` otherwise."""
    lex = _lexicon()
    if word in lex.variants:
        return lex.variants[word]
    if len(word) < 5 or not (word.isascii() and word.isalpha()):
        return None  # short words have too many neighbours that sound alike ("kurz", "doch")
    for candidate in {word, stem}:
        if (hit := lex.skeletons.get(tl.latin_skeleton(candidate))) and hit != candidate:
            return hit
    for size in lex.suffix_lengths:
        if (german := lex.suffixes.get(word[-size:])) is None or len(word) - size < 4:
            continue
        for link in _LINKS:
            modifier = word[: len(word) - size - len(link)]
            if word.endswith(link, 0, len(word) - size) and (known := _sounds_like_modifier(modifier)):
                return f"{known}{link}{german}"
    return None


def _sounds_like_modifier(modifier: str) -> str | None:
    lex = _lexicon()
    if modifier in lex.forms:
        return modifier
    return lex.skeletons.get(tl.latin_skeleton(modifier)) if len(modifier) >= 5 else None


def _make(surface: str, stem: str, parts: tuple[str, ...] = (), typed: str = "") -> WordAnalysis:
    tokens = tuple(dict.fromkeys(t for t in (surface, stem, *parts, *_tails(stem, parts), typed) if t))
    return WordAnalysis(surface, stem, parts, tokens, surface in _stop_words(), bool(typed))


def _tails(stem: str, parts: tuple[str, ...]) -> list[str]:
    """The shorter compounds inside a long one: "jugendintegrationskurs" also holds
    "integrationskurs", so a search for the shorter compound finds it as a whole word."""
    tails: list[str] = []
    position = 0
    for index, part in enumerate(parts[:-2]):
        position = stem.find(parts[index + 1], position + len(part))
        if position <= 0:
            break
        tails.append(stem[position:])
    return tails


def _german(word: str, *, transliterate: bool = True) -> WordAnalysis:
    stem = stem_german(word)
    forms = _lexicon().forms
    if word in forms or stem in forms:
        return _make(word, stem)
    if parts := _split(stem) or _split(word):
        return _make(word, stem, parts)
    if transliterate and (german := _transliterated_latin(word, stem)) and german != word:
        found = _german(german, transliterate=False)
        return _make(found.surface, found.stem, found.parts, word)
    return _make(word, stem, _split_after_unknown(word))


def _analyze_folded(word: str, script: str, profile: tuple[str, str, str]) -> WordAnalysis:
    latin, cyrillic, arabic = profile
    if script == "latin":
        if latin == "de":
            return _german(word)
        return _make(word, stem_english(word) if latin == "en" else word)
    stem = word
    if script == "cyrillic" and cyrillic == "slav":
        stem = stem_slavic(word)
    elif script == "arabic":
        stem = stem_arabic(word, arabic)
    variants = _lexicon().variants
    if script in ("cyrillic", "arabic") and (german := variants.get(word) or variants.get(stem)):
        found = _german(german, transliterate=False)
        return _make(found.surface, found.stem, found.parts, word)
    return _make(word, stem)


@lru_cache(maxsize=200_000)
def _analyze(raw: str, profile: tuple[str, str, str]) -> WordAnalysis | None:
    script = script_of(raw)
    if script == "cyrillic":  # Ukrainian apostrophes belong to the word (сім'я): no parts
        raw = raw.translate(_NO_APOSTROPHES)
    segments = [s for s in map(_fold, _SEGMENT_RE.split(raw)) if s]
    if len(segments) < 2:
        return _analyze_folded(segments[0], script, profile) if segments else None
    joined = _analyze_folded("".join(segments), script, profile)
    if joined.transliterated:
        return joined
    parts: list[str] = []
    for i, segment in enumerate(segments):
        last = i == len(segments) - 1
        one = _analyze_folded(segment if last or script != "latin" else _drop_link(segment),
                              script_of(segment), profile)
        parts.extend(p for p in one.parts or (one.stem,) if len(p) > 1)
    found = _make(joined.surface, joined.stem, tuple(dict.fromkeys(parts)))
    return WordAnalysis(found.surface, found.stem, found.parts, found.tokens, False, False)


def analyze_word(word: str, lang: str | None = None) -> WordAnalysis | None:
    """The analysis of one word (as :func:`words` returns it); ``None`` if nothing is left of it."""
    return _analyze(word, _profile(lang))


def words(text: str) -> list[str]:
    """The words of ``text`` as typed, in order: runs of letters, digits and combining marks.

    A hyphen or apostrophe between two words keeps them one word ("Sprach-Kurs", "l'école"); the
    analysis indexes the joined word ("sprachkurs") and the pieces as parts. ZWNJ inside a Persian
    word is removed, never a split. Any other punctuation splits.
    """
    return [w for w in (m.group().translate(_INVISIBLE) for m in _TOKEN_RE.finditer(text)) if w]


def normalize(text: str, lang: str | None = None) -> str:
    """Folded words joined by single spaces: no stems, no stop words, no transliteration.

    ``lang`` is accepted for symmetry with the other functions; folding is the same for every
    language on purpose (a document and a query in different languages must fold alike).
    """
    return " ".join(w for w in ("".join(map(_fold, _SEGMENT_RE.split(m.group())))
                                for m in _TOKEN_RE.finditer(text)) if w)


def index_tokens(text: str, lang: str | None = None) -> list[str]:
    """For each word: its surface, stem (if different) and compound parts; stop words dropped."""
    profile = _profile(lang)
    found: list[str] = []
    for match in _TOKEN_RE.finditer(text):
        analysis = _analyze(match.group(), profile)
        if analysis is not None and not analysis.stop:
            found.extend(analysis.tokens)
    return found


def _fuzzy_distance(surface: str) -> int:
    if any(ch.isdigit() for ch in surface):
        return 0
    return 2 if len(surface) >= 9 else 1 if len(surface) >= 5 else 0


def query_terms(text: str, lang: str | None = None, *, prefix_last: bool = True) -> list[QueryTerm]:
    """One term per query word, in order, duplicates and stop words dropped.

    A stop word is kept when it is all the query has, and when it is the word being typed (it may
    be the start of a longer word: "in" -> "integrationskurs").
    """
    profile = _profile(lang)
    found: list[tuple[WordAnalysis, bool]] = []
    for match in _TOKEN_RE.finditer(text):
        if (analysis := _analyze(match.group(), profile)) is not None:
            found.append((analysis, prefix_last and match.end() == len(text)))
    kept = [(a, p) for a, p in found if p or not a.stop] or found
    terms = [QueryTerm(a.surface, a.stem, a.parts, p, _fuzzy_distance(a.surface)) for a, p in kept]
    return list(dict.fromkeys(terms))


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance with adjacent transpositions, capped at ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return min(row[-1], limit + 1)


def _matches(word: WordAnalysis, term: QueryTerm) -> bool:
    tokens = word.tokens
    if term.surface in tokens or term.stem in tokens or word.stem in term.parts:
        return True
    wanted = {term.surface, term.stem}
    if term.is_prefix and any(t.startswith(term.surface) for t in tokens):
        return True
    d = term.fuzzy_distance
    return d > 0 and any(edit_distance(t[: len(w) + d] if term.is_prefix else t, w, d) <= d
                         for t in tokens for w in wanted)


def highlight(text: str, terms: Sequence[QueryTerm], pre: str = "<mark>", post: str = "</mark>") -> str:
    """``text`` HTML-escaped, with each word that matches a query term wrapped in ``pre``/``post``."""
    profile = _profile(None)
    out: list[str] = []
    done = 0
    for match in _TOKEN_RE.finditer(text):
        word = _analyze(match.group(), profile)
        if word is None or not any(_matches(word, term) for term in terms):
            continue
        out += [html.escape(text[done:match.start()]), pre, html.escape(match.group()), post]
        done = match.end()
    out.append(html.escape(text[done:]))
    return "".join(out)
