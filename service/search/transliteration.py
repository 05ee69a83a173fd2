"""German course vocabulary as non-German speakers type it: the data behind ``analysis.py``.

People who learned German by ear write what they hear: "doitsch", "sprakhkurs", "integrazionskurs",
"дойч", "شپراخ‌کورس". This module holds

- ``DOMAIN_WORDS``: the German words of the course domain (folded: ä -> ae, ß -> ss). They are the
  lexicon the compound splitter cuts words into, and the targets transliterations map to.
- ``COMPOUND_HEADS``: heads that split off even after an unknown modifier ("Nähkurs" -> näh + kurs).
- ``KEY_WORDS``: the words a phonetic skeleton may map a misspelling to.
- ``LATIN_VARIANTS``: spellings the phonetic skeleton below cannot reach (short or odd ones).
- ``SCRIPT_VARIANTS``: German words written in Arabic or Cyrillic letters. Keys are written the way
  people type them; ``analysis.py`` folds them (yeh/kaf forms, alef forms) before looking up.
- ``latin_skeleton``: a coarse phonetic key under which the usual Latin spellings of a German word
  coincide (sch/sh/ch/kh/h, z/ts/c/s, v/w/f, ei/ai/ay, eu/oi/oy, e/i, o/u, doubled letters).

Only German course words are here. Native words ("курс", "دورة", "almanca") are the glossary's job:
mapping them would merge words that mean different things in their own language.
"""

from __future__ import annotations

import re

# Nouns and modifiers of course titles and descriptions. Single letters of compounds are left out on
# purpose: every entry can become a compound part, so short common words would cut unrelated words.
DOMAIN_WORDS: tuple[str, ...] = tuple("""
kurs sprache sprach deutsch integration alphabetisierung alpha beruf test pruefung frau eltern
jugend jugendliche intensiv foerder orientierung einbuergerung kind kinder
betreuung abend vormittag nachmittag wochenende woche tag online praesenz vorbereitung lern lerner
lernende zweitschrift anfaenger fortgeschrittene konversation grammatik aussprache schreib lese
alltag arbeit bewerbung pflege medizin beratung migration sommer ferien abschluss zertifikat
niveau modul hilfe haus aufgabe volk hoch schule unterricht lehr lehrer gruppe mutter vater
familie senior ausbildung einstieg basis grund auffrischung spezial teilzeit vollzeit zeit zusatz
kompakt samstag sonntag training seminar workshop kita garten krippe erst allgemein zentrum
gefluechtete fluechtling zuwanderer leben gesellschaft kultur politik recht geschichte dtz telc
vhs bamf jobcenter job fach mathe computer einstufung start info treff cafe
""".split())

# Heads that may follow a modifier the lexicon does not know ("Nähkurs"), with the endings the head
# takes as a noun. The endings matter: "beliebtesten" ends in "test" + "en", a superlative, not a test.
COMPOUND_HEADS: dict[str, tuple[str, ...]] = {
    "kurs": ("", "e", "en", "es"), "test": ("", "s"), "pruefung": ("", "en"), "betreuung": ("",),
    "unterricht": ("", "s", "es"), "training": ("", "s"), "seminar": ("", "e", "en", "s"),
    "workshop": ("", "s"), "schule": ("", "n"), "gruppe": ("", "n"), "beratung": ("", "en"),
    "zertifikat": ("", "e", "en", "s", "es"), "modul": ("", "e", "en", "s"),
}

# The words whose Latin misspellings the skeleton brings home, as a whole word or as the modifier of a
# compound ("doitschkurs"). Kept to the domain's key words: a skeleton is coarse, and matched against
# every short lexicon word it would turn "wären" into "ferien".
KEY_WORDS: tuple[str, ...] = (
    "deutsch", "deutschkurs", "sprach", "sprache", "sprachkurs", "integration", "integrationskurs",
    "pruefung", "einbuergerung", "einbuergerungstest", "berufssprachkurs", "alphabetisierung",
    "alphabetisierungskurs", "kinderbetreuung", "betreuung", "volkshochschule", "orientierung",
    "orientierungskurs", "jugendintegrationskurs", "frauenintegrationskurs", "elternintegrationskurs",
)

LATIN_VARIANTS: dict[str, str] = {
    "kors": "kurs", "kours": "kurs", "kuurs": "kurs", "kurss": "kurs", "korse": "kurse",
    "doyc": "deutsch", "doic": "deutsch", "dojc": "deutsch", "doytc": "deutsch", "doitc": "deutsch",
    "sprakurs": "sprachkurs", "shprakurs": "sprachkurs", "sprakkurs": "sprachkurs",
    "telk": "telc", "fauhaes": "vhs",
}

# German words in Arabic script (Arabic, Persian, Dari, Pashto keyboards) and in Cyrillic.
SCRIPT_VARIANTS: dict[str, str] = {
    # deutsch / Deutschkurs
    "دويتش": "deutsch", "دوتش": "deutsch", "دويش": "deutsch", "دويتشه": "deutsch", "دویچ": "deutsch",
    "دوچ": "deutsch", "دویتش": "deutsch", "دویتچ": "deutsch", "دويتشكورس": "deutschkurs",
    "دویچکورس": "deutschkurs", "دوچکورس": "deutschkurs",
    "дойч": "deutsch", "дойтч": "deutsch", "дойтш": "deutsch", "дойчкурс": "deutschkurs",
    "дойчкурсы": "deutschkurse",
    # Sprachkurs
    "شپراخ": "sprach", "اشپراخ": "sprach", "شبراخ": "sprach", "اشبراخ": "sprach",
    "شپراخکورس": "sprachkurs", "اشپراخکورس": "sprachkurs", "شبراخكورس": "sprachkurs",
    "اشبراخكورس": "sprachkurs", "شپراخ‌کورس": "sprachkurs",
    "шпрах": "sprach", "шпрахкурс": "sprachkurs", "шпрахкурсы": "sprachkurse",
    # Integration / Integrationskurs
    "اینتگراسیون": "integration", "انتگراسیون": "integration", "اینتیگراسیون": "integration",
    "انتغراسيون": "integration", "إنتغراسيون": "integration", "انتجراسيون": "integration",
    "انتيجراسيون": "integration", "انتيغراسيون": "integration", "اينتغراسيون": "integration",
    "اینتگراسیونس": "integrations", "اینتگراسیونسکورس": "integrationskurs",
    "انتگراسیونسکورس": "integrationskurs", "انتغراسيونسكورس": "integrationskurs",
    "انتيغراسيونسكورس": "integrationskurs", "اینتگراسیون‌کورس": "integrationskurs",
    "интеграцион": "integration", "интеграционс": "integrations", "интеграционскурс": "integrationskurs",
    "интеграционкурс": "integrationskurs", "интеграцьонскурс": "integrationskurs",
    "інтеграціонскурс": "integrationskurs", "інтеграціонс": "integrations",
    "интегратионскурс": "integrationskurs",
    # Prüfung, Einbürgerungstest, Berufssprachkurs, Alphabetisierung, Orientierungskurs
    "پروفونگ": "pruefung", "بروفونغ": "pruefung", "прюфунг": "pruefung", "прюфунга": "pruefung",
    "آینبورگرونگستست": "einbuergerungstest", "اینبورگرونگستست": "einbuergerungstest",
    "اينبورغرونغستست": "einbuergerungstest", "айнбюргерунгстест": "einbuergerungstest",
    "эйнбюргерунгстест": "einbuergerungstest", "айнбюргерунг": "einbuergerung",
    "اینبورگرونگ": "einbuergerung",
    "بروفسشپراخکورس": "berufssprachkurs", "беруфсшпрахкурс": "berufssprachkurs",
    "беруфсшпрахкурсы": "berufssprachkurse", "беруфшпрахкурс": "berufssprachkurs",
    "آلفابتیزیرونگ": "alphabetisierung", "الفابتيزيرونغ": "alphabetisierung",
    "альфабетизирунг": "alphabetisierung", "алфабетизирунг": "alphabetisierung",
    "ориентирунгскурс": "orientierungskurs", "орьентирунгскурс": "orientierungskurs",
    "اورینتیرونگزکورس": "orientierungskurs",
    # Institutions and certificates people know by their German names
    "فولکس‌هوخ‌شوله": "volkshochschule", "فولکسهوخشوله": "volkshochschule",
    "فولكسهوخشوله": "volkshochschule", "фольксхохшуле": "volkshochschule",
    "фольксхошуле": "volkshochschule", "فاو‌ها‌اس": "vhs", "вхс": "vhs", "фхс": "vhs",
    "کیتا": "kita", "كيتا": "kita", "кита": "kita", "بامف": "bamf", "бамф": "bamf",
    "تلک": "telc", "تلك": "telc", "тельк": "telc", "телк": "telc", "дтц": "dtz",
    "جاب‌سنتر": "jobcenter", "جابسنتر": "jobcenter", "جوبسنتر": "jobcenter",
    "джобцентр": "jobcenter", "йобцентр": "jobcenter", "джобцентер": "jobcenter",
}

# Ordered rewrites; each works on the output of the one before. Placeholders (digits) keep a merged
# sound from being rewritten again by a later, more general rule.
_SKELETON_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement) for pattern, replacement in (
        (r"ph", "f"),
        (r"th", "t"),
        (r"dt", "t"),
        (r"^(?:sch|sh|s)(?=[pt])", "s"),  # German "sp"/"st" sound "shp"/"sht" at a word's start
        (r"tsch|tsh|tch|sch|sh|ch|kh|zh|h", "3"),
        (r"tion", "sion"),
        (r"c(?=[eiy])", "s"),
        (r"ck|c|q", "k"),
        (r"x", "ks"),
        (r"tz|ts|z|ss", "s"),
        (r"[vw]", "f"),
        (r"aeu|eu|oi|oy|oj|ew", "1"),
        (r"ei|ai|ay|aj|ey|ej", "2"),
        (r"ie", "i"),
        (r"ae", "e"),
        (r"oe", "o"),
        (r"ue|oo|ou|uu", "u"),
        (r"[yj]", "i"),
        (r"e", "i"),
        (r"o", "u"),
        (r"(.)\1+", r"\1"),
    )
)


def latin_skeleton(word: str) -> str:
    """A coarse phonetic key: two spellings of one German word usually get the same key.

    ``word`` must be folded already (lower case, ä -> ae, accents stripped). The key is only ever
    compared with keys of ``KEY_WORDS``, never used as an index token.
    """
    for pattern, replacement in _SKELETON_RULES:
        word = pattern.sub(replacement, word)
    return word


# Letters of other scripts as German ears would write them in Latin letters, for place names
# (``place_key``): "Берлин", "Берлін", "برلين" -> berlin / brlin. Russian and Ukrainian write German
# "H" as г ("Гамбург", but "-бург", "Лейпциг": g elsewhere), Arabic has no "p" and no "g" (پ in
# Persian; غ, ج, ك stand in).
_ROMAN = str.maketrans({
    **dict(zip("абвгдежзийклмнопрстуфхцчшщъыьэюяёіїєґ",
               ["a", "b", "w", "g", "d", "e", "sh", "s", "i", "j", "k", "l", "m", "n", "o", "p", "r", "s",
                "t", "u", "f", "ch", "z", "tsch", "sch", "schtsch", "", "y", "", "e", "ju", "ja", "jo", "i",
                "ji", "je", "g"], strict=True)),
    **dict(zip("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةىپچژگکی",
               ["a", "b", "t", "s", "g", "h", "ch", "d", "s", "r", "s", "s", "sch", "s", "d", "t", "s", "",
                "g", "f", "k", "k", "l", "m", "n", "h", "u", "i", "", "a", "a", "i", "u", "i", "h", "i", "p",
                "tsch", "sh", "g", "k", "i"], strict=True)),
})
_VOWELS = re.compile(r"[aeiou12]")
_NOT_LATIN = re.compile(r"[^a-z3]")


def place_key(word: str) -> str | None:
    """The consonants of a place name as they sound (``latin_skeleton`` without its vowels, b and p
    merged), whatever script it is written in: "Berlin", "берлин" and "برلين" all give "brln".
    Arabic letters write no short vowels, so only consonants can be compared. ``word`` is folded
    (lower case, accents stripped); None if fewer than three consonants are left (too short to tell
    places apart)."""
    if word.startswith("г"):
        word = "h" + word[1:]
    latin = _NOT_LATIN.sub("", word.translate(_ROMAN))
    key = _VOWELS.sub("", latin_skeleton(latin)).replace("p", "b")
    key = re.sub(r"(.)\1+", r"\1", key)
    return key if len(key) >= 3 else None
