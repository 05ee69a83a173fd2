"""An offline reader of Meilisearch's filter and sort syntax, to check what ``meili_filters`` writes.

It follows the grammar documented at the top of Meilisearch's ``crates/filter-parser/src/lib.rs``
(and its ``value.rs``/``condition.rs``), including the details that decide whether an escaped value
reads back unchanged:

::

    filter      = expression EOF
    expression  = or
    or          = and ("OR" WS+ and)*
    and         = not ("AND" WS+ not)*
    not         = ("NOT" WS+ not) | primary
    primary     = (WS* "(" WS* expression WS* ")" WS*) | geoRadius | geoBoundingBox | in | not_in
                | condition | is_null | is_not_null | is_empty | is_not_empty | exists | not_exists | to
    in          = value "IN" WS* "[" value_list "]"          not_in = value "NOT" WS* "IN" ...
    condition   = value ("=" | "!=" | ">" | ">=" | "<" | "<=") value
    to          = value value "TO" WS+ value
    value       = WS* ( word | singleQuoted | doubleQuoted) WS*
    word        = (alphanumeric | _ | - | .)+   but not a reserved keyword
    quoted      = a backslash escapes the next character; then \\<quote> -> <quote>, then the
                  ``unescaper`` crate's sequences (\\\\, \\n, \\t, \\u{..} ...); anything else is an error
    geoRadius   = "_geoRadius(" float "," float "," float ")"

Sorts follow ``milli/src/asc_desc.rs``: ``<attribute>:asc|desc`` or ``_geoPoint(lat, lng):asc|desc``.

``parse_filter`` returns a small tree (tuples) so tests can compare what Meilisearch would read with
what was meant; invalid input raises :class:`FilterSyntaxError`.
"""

from __future__ import annotations

import re
from typing import Any

KEYWORDS = frozenset({"AND", "OR", "IN", "NOT", "TO", "EXISTS", "IS", "NULL", "EMPTY", "CONTAINS",
                      "STARTS", "WITH", "_geoRadius", "_geoBoundingBox"})
SORT_RESERVED = frozenset({"_geo", "_geoDistance", "_geoPoint", "_geoRadius", "_geoBoundingBox"})
GEO_FUNCTIONS = ("_geoRadius(", "_geoBoundingBox(", "_geo(", "_geoDistance(")
FLOAT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
MAX_DEPTH = 200
Node = tuple[Any, ...]


class FilterSyntaxError(ValueError):
    pass


class _Backtrack(Exception):
    """A recoverable mismatch (nom's ``Error``): the caller tries its next alternative."""


def _is_value_char(char: str) -> bool:
    return char.isalnum() or char in "_-."


def _unescape(raw: str) -> str:
    """The ``unescaper`` crate: backslash sequences of Rust/JSON strings, an error on anything else."""
    out: list[str] = []
    i = 0
    simple = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "0": "\0", "\\": "\\", "/": "/",
              '"': '"', "'": "'"}
    while i < len(raw):
        char = raw[i]
        if char != "\\":
            out.append(char)
            i += 1
            continue
        if i + 1 >= len(raw):
            raise FilterSyntaxError("incomplete escape sequence at the end of a value")
        nxt = raw[i + 1]
        if nxt in simple:
            out.append(simple[nxt])
            i += 2
        elif nxt == "u" and raw[i + 2:i + 3] == "{":
            end = raw.find("}", i + 3)
            if end < 0:
                raise FilterSyntaxError("unterminated \\u{...}")
            out.append(chr(int(raw[i + 3:end], 16)))
            i = end + 1
        elif nxt == "u":
            out.append(chr(int(raw[i + 2:i + 6], 16)))
            i += 6
        elif nxt == "x":
            out.append(chr(int(raw[i + 2:i + 4], 16)))
            i += 4
        else:
            raise FilterSyntaxError(f"invalid escape sequence \\{nxt}")
    return "".join(out)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    # Lexing ---------------------------------------------------------------------------------
    def _ws(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def _ws1(self) -> None:
        start = self.pos
        self._ws()
        if self.pos == start:
            raise _Backtrack("expected whitespace")

    def _word(self) -> str:
        start = self.pos
        while self.pos < len(self.text) and _is_value_char(self.text[self.pos]):
            self.pos += 1
        if self.pos == start:
            raise _Backtrack("expected a word")
        return self.text[start:self.pos]

    def _word_exact(self, word: str) -> None:
        if self._word() != word:
            raise _Backtrack(f"expected {word}")

    def _tag(self, tag: str) -> None:
        if not self.text.startswith(tag, self.pos):
            raise _Backtrack(f"expected {tag!r}")
        self.pos += len(tag)

    def _float(self) -> float:
        self._ws()
        match = FLOAT.match(self.text, self.pos)
        if not match:
            raise FilterSyntaxError(f"expected a number at {self.pos}")
        self.pos = match.end()
        self._ws()
        return float(match.group())

    def _attempt(self, rule: Any, *args: Any) -> Any:
        """Run ``rule``; on a recoverable mismatch restore the position and re-raise it."""
        start = self.pos
        try:
            return rule(*args)
        except _Backtrack:
            self.pos = start
            raise

    # Values ---------------------------------------------------------------------------------
    def _quoted(self, quote: str) -> str:
        start = self.pos
        escaped = False
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == quote:
                raw = self.text[start:self.pos]
                self.pos += 1
                if escaped:
                    raw = raw.replace("\\" + quote, quote)
                return _unescape(raw)
            if char == "\\":
                if self.pos + 1 >= len(self.text):
                    raise FilterSyntaxError("a value ends in a lone backslash")
                escaped |= self.text[self.pos + 1] == quote
                self.pos += 2
                continue
            self.pos += 1
        raise FilterSyntaxError(f"missing closing {quote}")

    def _value(self) -> str:
        self._ws()
        rest = self.text[self.pos:]
        for reserved in ("_geoPoint", "_geoDistance"):
            if rest.startswith(reserved):
                raise FilterSyntaxError(f"{reserved} cannot be used in a filter")
        if re.match(r"_geo(Radius|BoundingBox)?(?![\w.-])", rest):
            raise FilterSyntaxError("a geo filter cannot be used as a value")
        if rest[:1] in ("'", '"'):
            self.pos += 1
            value = self._quoted(rest[0])
        else:
            word = self._word()
            if word in KEYWORDS:
                self.pos -= len(word)
                raise _Backtrack(f"{word} is a reserved keyword")
            value = _unescape(word)
        self._ws()
        return value

    # Grammar --------------------------------------------------------------------------------
    def parse(self) -> Node | None:
        if not self.text.strip():
            return None
        node = self._or(0)
        if self.pos != len(self.text):
            raise FilterSyntaxError(f"unexpected {self.text[self.pos:self.pos + 20]!r} at {self.pos}")
        return node

    def _keyword(self, word: str) -> bool:
        start = self.pos
        try:
            self._ws()
            self._word_exact(word)
            self._ws()
            return True
        except _Backtrack:
            self.pos = start
            return False

    def _chain(self, depth: int, word: str, kind: str, inner: Any) -> Node:
        if depth > MAX_DEPTH:
            raise FilterSyntaxError("filter nested too deeply")
        items = [inner(depth + 1)]
        while self._keyword(word):
            items.append(self._cut(inner, depth + 1))
        return items[0] if len(items) == 1 else (kind, tuple(items))

    def _or(self, depth: int) -> Node:
        return self._chain(depth, "OR", "or", self._and)

    def _and(self, depth: int) -> Node:
        return self._chain(depth, "AND", "and", self._not)

    def _not(self, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise FilterSyntaxError("filter nested too deeply")
        if self._keyword("NOT"):
            inner = self._cut(self._not, depth + 1)
            return inner[1] if inner[0] == "not" else ("not", inner)
        return self._primary(depth + 1)

    def _cut(self, rule: Any, *args: Any) -> Any:
        """After a keyword the rest must parse: a mismatch is no longer recoverable."""
        try:
            return rule(*args)
        except _Backtrack as exc:
            raise FilterSyntaxError(str(exc)) from exc

    def _primary(self, depth: int) -> Node:
        start = self.pos
        self._ws()
        if self.text.startswith("(", self.pos):
            self.pos += 1
            node = self._cut(self._or, depth + 1)
            self._ws()
            if not self.text.startswith(")", self.pos):
                raise FilterSyntaxError("missing closing )")
            self.pos += 1
            self._ws()
            return node
        self.pos = start
        for rule in (self._geo_radius, self._in, self._not_in, self._condition, self._is, self._exists,
                     self._not_exists, self._to):
            try:
                return self._attempt(rule)  # type: ignore[no-any-return]
            except _Backtrack:
                continue
        raise FilterSyntaxError(f"no condition at {self.pos}: {self.text[self.pos:self.pos + 30]!r}")

    def _geo_radius(self) -> Node:
        self._ws()
        self._word_exact("_geoRadius")
        args = self._float_args()
        if len(args) != 3:
            raise FilterSyntaxError("_geoRadius takes latitude, longitude and radius")
        return ("geo_radius", *args)

    def _float_args(self) -> list[float]:
        if not self.text.startswith("(", self.pos):
            raise FilterSyntaxError("expected (")
        self.pos += 1
        args = [self._float()]
        while self.text.startswith(",", self.pos):
            self.pos += 1
            args.append(self._float())
        if not self.text.startswith(")", self.pos):
            raise FilterSyntaxError("expected )")
        self.pos += 1
        return args

    def _in_body(self) -> list[str]:
        self._ws()
        self._word_exact("IN")
        self._ws()
        if not self.text.startswith("[", self.pos):
            raise FilterSyntaxError("expected [ after IN")
        self.pos += 1
        values: list[str] = []
        self._ws()
        if not self.text.startswith("]", self.pos):
            values.append(self._cut(self._value))
            while True:
                self._ws()
                if not self.text.startswith(",", self.pos):
                    break
                self.pos += 1
                self._ws()
                if self.text.startswith("]", self.pos):
                    break  # a trailing comma is allowed
                values.append(self._cut(self._value))
        self._ws()
        if not self.text.startswith("]", self.pos):
            raise FilterSyntaxError("expected ] to close IN")
        self.pos += 1
        self._ws()
        return values

    def _in(self) -> Node:
        name = self._value()
        return ("in", name, tuple(self._in_body()))

    def _not_in(self) -> Node:
        name = self._value()
        self._word_exact("NOT")
        return ("not", ("in", name, tuple(self._in_body())))

    def _condition(self) -> Node:
        name = self._value()
        for operator in ("<=", ">=", "!=", "<", ">", "="):
            if self.text.startswith(operator, self.pos):
                self.pos += len(operator)
                return ("cmp", name, operator, self._cut(self._value))
        raise _Backtrack("expected an operator")

    def _is(self) -> Node:
        name = self._value()
        self._tag("IS")
        self._ws1()
        negated = False
        if self.text.startswith("NOT", self.pos):
            self.pos += 3
            self._ws1()
            negated = True
        for what in ("NULL", "EMPTY"):
            if self.text.startswith(what, self.pos):
                self.pos += len(what)
                node: Node = ("is", name, what)
                return ("not", node) if negated else node
        raise _Backtrack("expected NULL or EMPTY")

    def _exists(self) -> Node:
        name = self._value()
        self._tag("EXISTS")
        return ("exists", name)

    def _not_exists(self) -> Node:
        name = self._value()
        self._tag("NOT")
        self._ws1()
        self._tag("EXISTS")
        return ("not", ("exists", name))

    def _to(self) -> Node:
        name = self._value()
        low = self._value()
        self._tag("TO")
        self._ws1()
        return ("to", name, low, self._cut(self._value))


def parse_filter(text: str) -> Node | None:
    """The tree Meilisearch would read from ``text``; :class:`FilterSyntaxError` if it would refuse it."""
    return _Parser(text).parse()


def parse_sort(text: str) -> tuple[str, str | tuple[float, float]]:
    """``(direction, attribute)`` or ``(direction, (lat, lng))`` as milli's ``AscDesc`` reads ``text``."""
    left, sep, direction = text.rpartition(":")
    if not sep or direction not in ("asc", "desc"):
        raise FilterSyntaxError(f"a sort must end in :asc or :desc: {text!r}")
    if left.startswith("_geoPoint(") and left.endswith(")"):
        lat_text, comma, lng_text = left[len("_geoPoint("):-1].partition(",")
        try:
            lat, lng = float(lat_text.strip()), float(lng_text.strip())
        except ValueError as exc:
            raise FilterSyntaxError(f"bad _geoPoint: {text!r}") from exc
        if not comma or not -90 <= lat <= 90 or not -180 <= lng <= 180:
            raise FilterSyntaxError(f"bad _geoPoint: {text!r}")
        return direction, (lat, lng)
    if left in SORT_RESERVED or left.startswith(GEO_FUNCTIONS):
        raise FilterSyntaxError(f"{left} is reserved")
    return direction, left
