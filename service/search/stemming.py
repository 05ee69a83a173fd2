"""Light stemmers for the languages course seekers type: German, English, Russian/Ukrainian, and the
Arabic article / Persian plural. All take a folded word (``analysis._fold``: lower case, ä -> ae).

Light on purpose: a stem is indexed next to the word, so a wrong merge costs precision in every
query, while a missed merge is still caught by the typo tolerance. Each rule is here because a
course word needs it (Kurse/Kursen/Kurses, Frauen, Kinder, Prüfungen, курсы/курсів, الدورة).
"""

from __future__ import annotations

# Plurals no suffix rule reaches (umlaut and -er plurals), keyed by what the suffix rules leave.
_GERMAN_EXCEPTIONS = {
    "kinder": "kind", "maenner": "mann", "muetter": "mutter", "vaeter": "vater", "toechter": "tochter",
    "soehn": "sohn", "plaetz": "platz", "staedt": "stadt", "woerter": "wort", "buecher": "buch",
    "laender": "land", "haeuser": "haus", "gaert": "garten", "saetz": "satz", "raeum": "raum",
    "naecht": "nacht", "eltern": "eltern", "bilder": "bild", "lieder": "lied",
}
# Adjective stems: only after these do -er/-em end an inflection ("deutscher", "intensivem") rather
# than a noun ("Lehrer", "Mutter", "Computer").
_GERMAN_ADJECTIVES = ("sch", "ig", "lich", "iv", "al", "ell", "bar", "los", "ein")


def _strip_german(word: str) -> str:
    n = len(word)
    if word.endswith("innen") and n >= 8:
        return word[:-3]  # Teilnehmerinnen -> teilnehmerin
    if word.endswith(("ern", "eln", "ers", "els")) and n >= 6:
        return word[:-1]  # Kindern -> kinder, Lehrers -> lehrer
    if word.endswith(("er", "em")) and n >= 6 and word[:-2].endswith(_GERMAN_ADJECTIVES):
        return word[:-2]
    if word.endswith(("en", "es")) and n >= 5:
        return word[:-2]
    if word.endswith("e") and n >= 4:
        return word[:-1]
    if word.endswith("s") and n >= 4 and word[-2] in "bdfgmptaoy":
        return word[:-1]  # Tests, Kitas, Abends; not Kurs, Haus, Preis
    return word


def stem_german(word: str) -> str:
    if word in _GERMAN_EXCEPTIONS:
        return _GERMAN_EXCEPTIONS[word]
    if len(word) < 4 or not word.isalpha():
        return word
    stem = _strip_german(word)
    return _GERMAN_EXCEPTIONS.get(stem, stem)


def stem_english(word: str) -> str:
    """Plural -s only (Harman's S-stemmer, plus -sses/-xes/-ches/-shes): classes -> class."""
    if len(word) < 4 or not word.isalpha():
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith("s") and not word.endswith(("us", "ss", "is")):
        return word[:-1]
    return word


# Noun and adjective endings of Russian and Ukrainian, longest first; one is removed if 3 letters stay.
_SLAVIC_ENDINGS = tuple(sorted(set("""
ами ями ого его ому ему ими ыми іми ої ою ею ій ий ый ой ая яя ое ее ие ые их ых ую юю ах ях ам ям
ом ем ім им ым ов ев ів їв ей а я ы и і у ю е о ї є ь й""".split()), key=len, reverse=True))


def stem_slavic(word: str) -> str:
    """курс/курсы/курсу/курсів -> курс; мова/мови/мовою -> мов. No suffix derivation."""
    if len(word) < 4 or not word.isalpha():
        return word
    for ending in _SLAVIC_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
            break
    return word[:-1] if word.endswith("ь") and len(word) > 3 else word


# After folding (ى/ی -> ي, ة -> ه). The article is cut only if 2 letters (3 after a proclitic) stay.
_ARABIC_ARTICLES = (("وال", 3), ("بال", 3), ("فال", 3), ("كال", 3), ("لل", 3), ("ال", 2))
# Words that only look like they start with و + ال: والد (father), والدين (parents), الله.
_ARABIC_KEEP = frozenset({"والد", "والده", "والدين", "والدان", "والدي", "الله"})
_PERSIAN_PLURALS = ("هايي", "هاي", "ها")


def stem_arabic(word: str, mode: str) -> str:
    """``mode`` "ar": strip the article (الدوره -> دوره); "fa": strip the plural ها (كلاسها -> كلاس)."""
    if mode == "ar" and word not in _ARABIC_KEEP:
        for article, rest in _ARABIC_ARTICLES:
            if word.startswith(article) and len(word) - len(article) >= rest:
                return word[len(article):]
    elif mode == "fa":
        for plural in _PERSIAN_PLURALS:
            if word.endswith(plural) and len(word) - len(plural) >= 3:
                return word[: -len(plural)]
    return word
