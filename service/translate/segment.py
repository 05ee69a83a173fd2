"""Kursfinder's own sentence splitter for German course text: no model, no network.

A text becomes a list of :class:`Segment`; each holds one sentence (what the translation model
sees) and the text around it that is kept as it is: spaces, line breaks (LF or CRLF), bullet
markers. ``join_segments(split_segments(t)) == t`` for every ``t``, and with translations in
place of the sentences it rebuilds the layout of the original.

Rules, tuned for course records rather than prose:

- a line break always ends a segment (argostranslate also translates line by line);
- ``.``, ``!``, ``?``, ``…`` end a sentence when whitespace and a non-lowercase character follow;
- ``.`` does not end a sentence after an abbreviation (``z.B.``, ``ca.``, ``Nr.``, ``Mo.-Fr.``...),
  a single letter (``z. B.``), an ordinal (``3. Stock``, ``am 1. Unterrichtstag``) or a day and
  month (``bis 15.03.``); it does after ``usw.``/``etc.`` and after full dates (``01.02.2026.``);
- a piece without a letter (a date, a price, a dash) is kept, not translated;
- a sentence longer than ``max_chars`` is cut at ``;``, then ``,``/``:``, then dashes, then spaces,
  so no segment overflows the model's input.

When unsure, the splitter does not split: a segment that holds two sentences still translates
well, a sentence cut in two does not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

MAX_SEGMENT_CHARS = 400

# Case-sensitive, as they are written; a capitalised form at a sentence start also matches.
ABBREVIATIONS = frozenset(
    """
    z.B. z.b. d.h. u.a. o.a. o.ä. u.ä. u.U. v.a. i.d.R. z.T. z.Zt. s.o. s.u. u.v.m. ca. bzw. inkl. incl.
    exkl. zzgl. ggf. evtl. vgl. bzgl. bspw. usw. etc. usf. max. min. mind. gem. lt. sog. ggü. abzgl.
    Nr. Std. Min. Sek. Tel. Fax. Str. Dr. Prof. Hr. Hrn. Fr. Frl. Mo. Di. Mi. Do. Sa. So. St. Jh. Jhd.
    Jan. Feb. Febr. Mär. Apr. Jun. Jul. Aug. Sep. Sept. Okt. Nov. Dez. Abs. Bd. Kap. Abt. Ref.
    S. Tsd. Mio. Mrd. MwSt. Mwst. Ust. e.V. gGmbH. geb. Hrsg. Aufl. Anm. Kl. Verf. Zi. Wo. Mon. Erw.
    Ermäß. ermäß. Pers. Teiln. TN. Ggf. Evtl. Vgl. Bzw. Inkl. Ca. Max. Min. Mind. Zzgl.
    """.split()
)
# These are mostly written at the end of a sentence.
SENTENCE_FINAL_ABBREVIATIONS = frozenset({"usw.", "etc.", "usf.", "u.v.m."})

_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")
_BULLET = re.compile(r"^[ \t\u00a0]*(?:[•·▪►✓➢◦∙*]+[ \t\u00a0]*|[-–—+>][ \t\u00a0]+|\(?[0-9a-zA-Z]{1,2}\)[ \t\u00a0]+)")
_CANDIDATE = re.compile(r"([.!?…]+[\"'”“»«’)\]]*)(\s+)(?=\S)")
_DAY_MONTH = re.compile(r"^\d{1,2}\.\d{1,2}$")
_ORDINAL = re.compile(r"^\d{1,2}$")
_CUTS = (
    re.compile(r"(;)(\s+)"),
    re.compile(r"([,:])(\s+)"),
    re.compile(r"(\s[–—-])(\s+)"),
    re.compile(r"()(\s+)"),
)


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence and the kept text around it: ``lead`` before it, ``tail`` after the last one."""

    lead: str
    text: str
    tail: str = ""


def split_segments(text: str, max_chars: int = MAX_SEGMENT_CHARS) -> list[Segment]:
    """Split running text into sentence segments that rebuild it exactly (see :func:`join_segments`)."""
    segments: list[Segment] = []
    pending = ""
    for index, part in enumerate(_LINE_BREAK.split(text)):
        if index % 2:  # a captured line break
            pending += part
            continue
        bullet = _BULLET.match(part)
        lead_end = bullet.end() if bullet else 0
        rest = part[lead_end:]
        unindented = rest.lstrip()
        core = unindented.rstrip()
        pending += part[: len(part) - len(unindented)]
        for sentence, separator in _sentences(core):
            for piece, gap in _capped(sentence, max_chars):
                if any(char.isalpha() for char in piece):
                    segments.append(Segment(pending, piece))
                    pending = gap
                else:  # dates, prices, dashes: nothing to translate, kept as they are
                    pending += piece + gap
            pending += separator
        pending += unindented[len(core) :]
    if segments:
        segments[-1] = replace(segments[-1], tail=pending)
    elif pending:
        segments.append(Segment(pending, ""))
    return segments


def join_segments(segments: Sequence[Segment], translations: Sequence[str] | None = None) -> str:
    """Rebuild the text; with ``translations`` (one per segment, in order) in place of the sentences."""
    if translations is None:
        return "".join(s.lead + s.text + s.tail for s in segments)
    if len(translations) != len(segments):
        raise ValueError(f"{len(translations)} translations for {len(segments)} segments")
    return "".join(s.lead + (t if s.text else s.text) + s.tail for s, t in zip(segments, translations, strict=True))


def normalize_segment(segment: str) -> str:
    """The translation-memory form of a segment: NFC, whitespace runs collapsed to one space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", segment).split())


def _sentences(line: str) -> list[tuple[str, str]]:
    """(sentence, whitespace after it) pairs for one line without a line break or outer whitespace."""
    if not line:
        return []
    out: list[tuple[str, str]] = []
    start = 0
    for match in _CANDIDATE.finditer(line):
        if _is_boundary(line, start, match):
            out.append((line[start : match.end(1)], match.group(2)))
            start = match.end()
    out.append((line[start:], ""))
    return out


def _is_boundary(line: str, start: int, match: re.Match[str]) -> bool:
    following = line[match.end()]
    if following.islower():
        return False
    punctuation = match.group(1)
    if punctuation[0] != "." or punctuation.startswith(".."):
        return True
    words = line[start : match.start(1)].split()
    if not words:
        return False
    word = words[-1].lstrip("([{\"'„“‚»«")
    token = word + "."
    last_part = re.split(r"[-/–]", word)[-1] + "."
    if token in SENTENCE_FINAL_ABBREVIATIONS:
        return True
    if _is_abbreviation(token) or _is_abbreviation(last_part):
        return False
    if len(word) == 1 and word.isalpha():
        return False
    return not (_ORDINAL.match(word) or _DAY_MONTH.match(word))


def _is_abbreviation(token: str) -> bool:
    return token in ABBREVIATIONS or (token[:1].isupper() and token[:1].lower() + token[1:] in ABBREVIATIONS)


def _capped(sentence: str, max_chars: int) -> list[tuple[str, str]]:
    """Cut a sentence longer than ``max_chars`` into (piece, whitespace after it) pairs."""
    if len(sentence) <= max_chars:
        return [(sentence, "")]
    for pattern in _CUTS:
        cuts = [m for m in pattern.finditer(sentence) if max_chars // 4 <= m.end(1) <= max_chars]
        if cuts:
            cut = cuts[-1]
            head = sentence[: cut.end(1)]
            return [(head, cut.group(2)), *_capped(sentence[cut.end() :], max_chars)]
    return [(sentence[:max_chars], ""), *_capped(sentence[max_chars:], max_chars)]
