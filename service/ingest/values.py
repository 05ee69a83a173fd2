"""Reading single values the way German course files write them.

Every parser turns "01.09.2025", "ja", "1.234,50 €" or "<br />"-laden text into typed values
here, so all formats accept the same spellings. A value that cannot be read raises ValueError
whose message is the plain-words reason a parser puts into its RowError.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime

_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_YES = frozenset({"ja", "j", "x", "yes", "y", "true", "1"})
_NO = frozenset({"nein", "n", "no", "false", "0"})
_UNKNOWN = frozenset({"", "-", "?", "k.a.", "k. a.", "unbekannt", "null"})
_FREE = frozenset({"kostenlos", "kostenfrei", "gratis", "entgeltfrei", "frei"})
_PRICE = re.compile(r"(?:€|eur)?\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:[.,](\d{1,2}))?\s*(?:€|eur|euro)?", re.I)
_TAG = re.compile(r"<[^>]{0,2000}>")
# A line-ending tag already followed by a line break is one break, not two.
_BREAK = re.compile(r"<\s*(?:br|/p|/li|/div)\s*/?\s*>[ \t]*\n?", re.I)


def parse_date(text: str) -> date:
    """TT.MM.JJJJ (also T.M.JJJJ) or ISO JJJJ-MM-TT; a time after the date is ignored."""
    value = text.strip()
    match = _GERMAN_DATE.fullmatch(value.split(" ", 1)[0])
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = _ISO_DATE.fullmatch(re.split(r"[T ]", value, maxsplit=1)[0])
        if not match:
            raise ValueError("is not a date: write TT.MM.JJJJ, e.g. 01.09.2025")
        year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"is not a day in the calendar (month {month}, day {day})") from None


def parse_datetime(text: str) -> datetime:
    """A date as :func:`parse_date` reads it, optionally followed by HH:MM[:SS]."""
    value = text.strip()
    day = parse_date(value)
    rest = re.split(r"[T ]", value, maxsplit=1)
    time_match = _TIME.match(rest[1].strip()) if len(rest) > 1 else None
    if time_match is None:
        return datetime(day.year, day.month, day.day)
    hour, minute, second = (int(part or 0) for part in time_match.groups())
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError("has an impossible time of day")
    return datetime(day.year, day.month, day.day, hour, minute, second)


def parse_count(text: str | int | None) -> int | None:
    """A whole number of zero or more; empty means unknown (None)."""
    if text is None or isinstance(text, int):
        return _non_negative(text)
    value = text.strip()
    if value.casefold() in _UNKNOWN:
        return None
    if value.casefold() == "keine":
        return 0
    if not re.fullmatch(r"[+-]?\d+", value):
        raise ValueError("is not a whole number")
    return _non_negative(int(value))


def _non_negative(number: int | None) -> int | None:
    if number is not None and number < 0:
        raise ValueError("must not be negative")
    return number


def parse_yes_no(text: str | bool | None) -> bool | None:
    """Ja/Nein (also j/n, x for yes, true/false); empty means unknown (None)."""
    if text is None or isinstance(text, bool):
        return text
    value = text.strip().casefold()
    if value in _YES:
        return True
    if value in _NO:
        return False
    if value in _UNKNOWN:
        return None
    raise ValueError("must be Ja or Nein (or empty if unknown)")


def parse_price(text: str | float | None) -> float | None:
    """Euros as "65.00", "65,00 €", "1.234,50" or "kostenlos" (0); empty means unknown."""
    if text is None or isinstance(text, int | float):
        if text is not None and text < 0:
            raise ValueError("must not be negative")
        return None if text is None else float(text)
    value = text.strip()
    if value.casefold() in _UNKNOWN:
        return None
    if value.casefold() in _FREE:
        return 0.0
    match = _PRICE.fullmatch(value)
    if not match:
        raise ValueError("is not an amount in euros, e.g. 195,00")
    euros, cents = match.groups()
    return float(f"{euros.replace('.', '')}.{cents or 0}")


def collapse_spaces(text: str | None) -> str | None:
    """One line with single spaces, or None when nothing is left."""
    if text is None:
        return None
    value = " ".join(str(text).split())
    return value or None


def clean_text(text: str | None) -> str | None:
    """Running text with Unix line breaks, HTML tags removed, at most one blank line in a row."""
    if text is None:
        return None
    value = str(text).replace("\r\n", "\n").replace("\r", "\n")
    if "<" in value:
        value = _TAG.sub("", _BREAK.sub("\n", value))
    if "&" in value:
        value = html.unescape(value)
    lines = [" ".join(line.split()) for line in value.split("\n")]
    value = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return value or None


def normalize_plz(text: str | int | None) -> str | None:
    """Five digits, restoring the leading zero spreadsheets drop ("1067" -> "01067")."""
    if text is None:
        return None
    value = str(text).strip()
    if re.fullmatch(r"\d{4}", value):
        return "0" + value
    return value or None


def normalize_url(text: str | None) -> str | None:
    """An http(s) URL; "www.example.org/x" gets https:// put in front."""
    value = (text or "").strip()
    if not value:
        return None
    if value.lower().startswith("www."):
        return "https://" + value
    if not re.match(r"https?://\S+$", value, re.I):
        raise ValueError("is not a web address: it must start with https:// or http://")
    return value
