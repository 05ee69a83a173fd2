"""The approved term in the form the model gave its own wording (policy.py places it).

The model translated a term alone ("integration class") and inflected it in the sentence
("integration classes", "інтеграційного класу", "entegrasyon sınıfına"). :func:`inflected_span`
finds that inflected wording; :func:`inflect_like` gives the approved term the same inflection,
word by word from the end, and keeps a form only if it still reads as the approved word.

Which forms are "the same word" is the search analysis's judgement (its stems: German, English,
Russian/Ukrainian, the Arabic article, Persian plurals), plus, for the translated languages whose
endings search leaves alone, light ending tables used here only: Spanish, Portuguese, French,
Italian, Romanian, Polish, Bulgarian, Greek, Albanian, and Turkish with vowel harmony. Other
languages: no inflection is recognised, and an inflected wording is reported as a missing term.
"""

from __future__ import annotations

import os
from functools import lru_cache

from service.glossary.matching import Word, split_words, word_key
from service.search.analysis import normalize

_MIN_STEM = 3  # letters an ending must leave of a word

# Turkish endings a noun phrase's head takes in running text (case, plural, possessive).
_TR_ENDINGS_RAW = (
    "lar", "ler", "ları", "leri", "ların", "lerin", "lara", "lere", "larda", "lerde", "lardan", "lerden",
    "nın", "nin", "nun", "nün", "ın", "in", "un", "ün",
    "na", "ne", "ya", "ye", "a", "e",
    "nı", "ni", "nu", "nü", "yı", "yi", "yu", "yü", "ı", "i", "u", "ü",
    "nda", "nde", "da", "de", "ta", "te", "ndan", "nden", "dan", "den", "tan", "ten",
    "yla", "yle", "la", "le", "sı", "si", "su", "sü",
)
# Languages whose noun phrases begin with their head ("curso de integración", "دورة الاندماج"): an
# approved term and the model's wording are paired word by word from the start, others from the end.
_HEAD_INITIAL = frozenset({"es", "pt", "fr", "it", "ro", "sq", "ar", "fa", "prs", "ps", "ckb", "kmr", "so"})
_TR_BACK, _TR_FRONT = set("aıou"), set("eiöü")
_TR_VOWELS = _TR_BACK | _TR_FRONT
_TR_VOICELESS = set("çfhkpsşt")


def _turkish_endings() -> tuple[tuple[str, str], ...]:
    """(ending as the search analysis folds it, what the stem before it must end in): a buffer letter
    (n, y, s) follows a vowel, an ending that starts with a vowel follows a consonant."""
    found = {}
    for raw in _TR_ENDINGS_RAW:
        folded = normalize(raw)
        needs = "vowel" if raw[0] in "nys" else "consonant" if raw[0] in _TR_VOWELS else "any"
        found[folded] = needs
    return tuple(sorted(found.items(), key=lambda item: len(item[0]), reverse=True))


_TR_ENDINGS = _turkish_endings()


def _strippable(key: str, ending: str, needs: str) -> bool:
    stem = key[:-len(ending)]
    if not key.endswith(ending) or len(stem) < _MIN_STEM:
        return False
    return needs == "any" or (stem[-1] in "aeiou") == (needs == "vowel")


# Endings of noun phrases (plural, case, suffixed article) in the translated languages whose endings
# the search analysis leaves alone. One is stripped, the longest that leaves 3 letters; a word and its
# approved replacement must share the resulting key, so a form is only derived within one inflection
# class (lekcja -> lekcji says nothing about "kurs": the term is placed as written and reported).
_ENDINGS_RAW = {
    "es": ("os", "as", "es", "s", "o", "a", "e"),
    "pt": ("ões", "ães", "ão", "os", "as", "es", "s", "o", "a", "e"),
    "fr": ("aux", "al", "es", "s", "x", "e"),
    "it": ("io", "i", "e", "o", "a"),
    "ro": ("urilor", "ilor", "elor", "uri", "ului", "lui", "ul", "ii", "le", "ele", "i", "e", "a"),
    "pl": ("ami", "ach", "owi", "ego", "emu", "ymi", "imi", "ych", "ich", "ym", "im", "om", "ów", "em", "ej", "ie",
           "y", "i", "u", "a", "ę", "ą", "o", "e"),
    "bg": ("овете", "ове", "ите", "ът", "ят", "та", "то", "те", "и", "а", "я"),
    "el": ("ματα", "ματος", "ων", "ες", "ας", "ος", "ου", "οι", "α", "ο", "η", "ης", "ε"),
    "sq": ("eve", "ve", "it", "in", "et", "at", "i", "e", "a", "t"),
}


def _folded_endings(raw: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({folded for e in raw if (folded := normalize(e))}, key=len, reverse=True))


_ENDINGS = {lang: _folded_endings(raw) for lang, raw in _ENDINGS_RAW.items()}


@lru_cache(maxsize=50_000)
def inflection_key(word: str, lang: str) -> str:
    """What identifies a word across its inflected forms ("" for a stop word)."""
    key = word_key(word, lang)
    if lang in _ENDINGS and key:  # the longest ending: curs|o, curs|os, clas|e, clas|es
        strip = next((e for e in _ENDINGS[lang] if key.endswith(e) and len(key) - len(e) >= _MIN_STEM), "")
        return key[:len(key) - len(strip)]
    if lang != "tr" or not key:
        return key
    for _ in range(3):  # kurs|u|na, sınıf|lar|ı
        ending = next((e for e, needs in _TR_ENDINGS if _strippable(key, e, needs)), None)
        if ending is None:
            break
        key = key[:-len(ending)]
    return key


def _content(text: str, lang: str) -> list[tuple[Word, str]]:
    return [(w, k) for w in split_words(text, lang) if (k := inflection_key(w.text, lang))]


def inflected_span(text: str, rendering: str, lang: str, *,
                   min_chars: int = 3) -> tuple[tuple[int, int], list[tuple[str, str]]] | None:
    """Where ``rendering`` stands in ``text`` inflected: a run of words with the same keys. Returns
    the span and the (rendering word, word in the text) pairs, in order."""
    wanted = _content(rendering, lang)
    if not wanted or sum(len(w.text) for w, _ in wanted) < min_chars:
        return None
    content = _content(text, lang)
    keys = [k for _, k in wanted]
    for i in range(len(content) - len(keys) + 1):
        run = content[i:i + len(keys)]
        if [k for _, k in run] == keys:
            pairs = [(r.text, t.text) for (r, _), (t, _) in zip(wanted, run, strict=True)]
            return (run[0][0].start, run[-1][0].end), pairs
    return None


def inflect_like(term: str, forms: list[tuple[str, str]], lang: str) -> str | None:
    """``term`` inflected as the model inflected its own wording: ``forms`` pairs each word of that
    wording with the form the output has. Words are paired from the head of the phrase (the start in
    Romance languages, Albanian and Arabic script, else the end), which carries the inflection; each
    approved word takes the same change of prefix and ending, and is kept only if it still reads as
    the approved word ("course" + "es" -> "coursees" fails, "courses" holds).
    None when a word that changed cannot be changed alike."""
    words = [w for w, _ in _content(term, lang)]
    if not words:
        return None
    if lang in _HEAD_INITIAL:  # "curso de integración": the head noun first
        pairs = list(zip(words, forms, strict=False))
    else:
        pairs = list(zip(reversed(words), reversed(forms), strict=False))
    out = term
    for word, (base, form) in sorted(pairs, key=lambda pair: -pair[0].start):  # rightmost first: offsets hold
        if base.casefold() == form.casefold():
            continue
        changed = _inflect_word(word.text, base, form, lang)
        if changed is None:
            return None
        out = out[:word.start] + changed + out[word.end:]
    return out


def _inflect_word(word: str, base: str, form: str, lang: str) -> str | None:
    lower_base, lower_form = base.casefold(), form.casefold()
    candidates: list[str] = []
    at = lower_form.find(lower_base)
    if at >= 0:  # an article or ending added around the word (الـ, -s, -а, -na)
        prefix, suffix = form[:at], form[at + len(base):]
        if lang == "tr":
            harmonized = _turkish_suffix(word, suffix)
            if harmonized is None:
                return None
            suffix = harmonized
        # never a doubled last letter (cours + s): such a word keeps its form, and that is not derivable here
        candidates += [prefix + word + suffix[cut:] for cut in range(len(suffix) + 1)
                       if not suffix[cut:] or suffix[cut:][0].casefold() != word[-1:].casefold()]
    else:  # an ending changed: курс|ы -> курс|ов; class -> classes handled above
        common = len(os.path.commonprefix([lower_base, lower_form]))
        old_end, new_end = lower_base[common:], form[common:]
        if word.casefold().endswith(old_end) and lang != "tr":
            stem = word[:len(word) - len(old_end)]
            candidates += [stem + new_end[cut:] for cut in range(len(new_end) + 1)]
    key = inflection_key(word, lang)
    for candidate in candidates:
        if candidate.casefold() != word.casefold() and inflection_key(candidate, lang) == key:
            return candidate
    return None


def _turkish_suffix(word: str, suffix: str) -> str | None:
    """``suffix`` as it attaches to ``word``: vowels in harmony with the word's last vowel (a/e;
    ı/i/u/ü), d/t after a voiceless consonant, and no buffer n/y/s after a consonant. None where a
    buffer letter would be needed that the suffix does not show (a vowel ending after a vowel)."""
    if not suffix:
        return suffix
    last = word[-1].casefold()
    ends_in_vowel = last in _TR_VOWELS
    if not ends_in_vowel and suffix[0] in "nys" and len(suffix) > 1 and suffix[1] in _TR_VOWELS:
        suffix = suffix[1:]  # sınıfı|na -> kurs|a
    elif ends_in_vowel and suffix[0] in _TR_VOWELS:
        return None  # kurs|a -> kursu|?a: the buffer (y or n) depends on the case
    if suffix[0] in "dt":
        suffix = ("t" if last in _TR_VOICELESS else "d") + suffix[1:]
    vowel = next((ch for ch in reversed(word.casefold()) if ch in _TR_VOWELS), "a")
    out = []
    for ch in suffix:
        if ch in "ae":
            ch = "a" if vowel in _TR_BACK else "e"
        elif ch in "ıiuü":
            ch = {"a": "ı", "ı": "ı", "e": "i", "i": "i", "o": "u", "u": "u", "ö": "ü", "ü": "ü"}[vowel]
        if ch in _TR_VOWELS:
            vowel = ch
        out.append(ch)
    return "".join(out)
