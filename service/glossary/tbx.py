"""TBX (ISO 30042) in the TBX-Basic dialect Weblate and memoQ exchange: ``martif`` with
``termEntry`` / ``langSet`` / ``tig``.

How Kursfinder's model maps onto it:

- a concept is a ``termEntry`` (``id`` = concept key) with ``descrip type="subjectField"`` = kind
  and ``note`` = the concept note;
- a language is a ``langSet``; its status is ``admin type="elementWorkingStatus"``
  (``workingElement`` = draft, ``consolidatedElement`` = approved), its note a ``note``;
- each term is a ``tig``; ``termNote type="administrativeStatus"`` says which: ``preferredTerm-admn-sts``
  (the preferred term), ``admittedTerm-admn-sts`` (an accepted variant; ``termType`` = ``variant``),
  ``deprecatedTerm-admn-sts`` (a forbidden translation).

Files from other tools may lack our extensions: a ``langSet`` without a preferred term takes its
first admitted term; without a working status it is a draft. XML is parsed with entity expansion
refused (no DTD fetching, no billion laughs).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from service.errors import InvalidInput
from service.glossary.model import ConceptKind, GlossaryConcept, Status, TermEntry, validate_key
from service.i18n import N_

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
STATUS_OF = {"workingElement": Status.DRAFT, "consolidatedElement": Status.APPROVED,
             "starterElement": Status.DRAFT, "importedElement": Status.DRAFT, "archiveElement": Status.DRAFT}
WORKING = {Status.DRAFT: "workingElement", Status.APPROVED: "consolidatedElement"}
MAX_ERRORS = 50


def export_tbx(concepts: Sequence[GlossaryConcept]) -> bytes:
    root = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: "de"})
    header = ET.SubElement(ET.SubElement(root, "martifHeader"), "fileDesc")
    ET.SubElement(ET.SubElement(header, "sourceDesc"), "p").text = "Kursfinder glossary"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for concept in sorted(concepts, key=lambda c: c.key):
        entry_el = ET.SubElement(body, "termEntry", {"id": concept.key})
        ET.SubElement(entry_el, "descrip", {"type": "subjectField"}).text = str(concept.kind)
        if concept.note:
            ET.SubElement(entry_el, "note").text = concept.note
        for _, entry in sorted(concept.terms.items()):
            entry_el.append(_lang_set(entry))
    ET.indent(root)
    body_bytes: bytes = ET.tostring(root, encoding="unicode").encode("utf-8")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body_bytes + b"\n"


def _lang_set(entry: TermEntry) -> ET.Element:
    lang_set = ET.Element("langSet", {XML_LANG: entry.lang})
    ET.SubElement(lang_set, "admin", {"type": "elementWorkingStatus"}).text = WORKING[entry.status]
    if entry.note:
        ET.SubElement(lang_set, "note").text = entry.note
    terms = [(entry.preferred, PREFERRED, "fullForm"), *((v, ADMITTED, "variant") for v in entry.variants),
             *((f, DEPRECATED, None) for f in entry.forbidden)]
    for text, status, term_type in terms:
        tig = ET.SubElement(lang_set, "tig")
        ET.SubElement(tig, "term").text = text
        ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = status
        if term_type:
            ET.SubElement(tig, "termNote", {"type": "termType"}).text = term_type
    return lang_set


def parse_tbx(data: bytes) -> list[GlossaryConcept]:
    """Every concept of a TBX file, or :class:`InvalidInput` listing what is wrong (nothing is half-read)."""
    if b"<!ENTITY" in data:
        raise InvalidInput(template=N_("the TBX file declares XML entities; they are not accepted"))
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InvalidInput(template=N_("the file is not well-formed XML: %(error)s"),
                           params={"error": str(exc)}) from exc
    if _local(root.tag) not in ("martif", "tbx"):
        raise InvalidInput(template=N_("not a TBX file: the root element is <%(root)s>, expected <martif>"),
                           params={"root": _local(root.tag)})
    errors: list[str] = []
    concepts: list[GlossaryConcept] = []
    seen: set[str] = set()
    for number, element in enumerate(_all(root, "termEntry", "conceptEntry"), start=1):
        try:
            concept = _concept(element, number)
        except InvalidInput as exc:
            errors.append(exc.message)
            continue
        if concept.key in seen:
            errors.append(f"entry {number}: the id {concept.key!r} appears twice")
        seen.add(concept.key)
        concepts.append(concept)
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise InvalidInput(template=N_("the TBX file has %(n)s problem(s); nothing was imported"),
                           params={"n": len(errors)}, details=errors)
    if not concepts:
        raise InvalidInput(template=N_("the TBX file holds no termEntry"))
    return concepts


def _concept(element: ET.Element, number: int) -> GlossaryConcept:
    raw_key = element.get("id") or ""
    where = f"entry {number} ({raw_key or 'no id'})"
    try:
        key = validate_key(raw_key)
    except InvalidInput as exc:
        raise InvalidInput(f"{where}: {exc.message}") from exc
    kind_text = _child_text(element, "descrip", "subjectField") or ConceptKind.GENERAL.value
    try:
        kind = ConceptKind(kind_text)
    except ValueError:
        kind = ConceptKind.GENERAL  # another tool's subject field: keep the terms, not its taxonomy
    terms: dict[str, TermEntry] = {}
    for lang_set in _all(element, "langSet", "langSec"):
        lang = (lang_set.get(XML_LANG) or "").strip().lower()
        if not lang:
            raise InvalidInput(f"{where}: a langSet has no xml:lang")
        if lang in terms:
            raise InvalidInput(f"{where}: language {lang!r} appears twice")
        try:
            terms[lang] = _entry(lang_set, lang)
        except InvalidInput as exc:
            raise InvalidInput(f"{where}, {lang}: {exc.message}") from exc
    if not terms:
        raise InvalidInput(f"{where}: no langSet")
    return GlossaryConcept(key, kind, terms, _direct_note(element))


def _entry(lang_set: ET.Element, lang: str) -> TermEntry:
    preferred: list[str] = []
    admitted: list[str] = []
    forbidden: list[str] = []
    for tig in _all(lang_set, "tig", "termSec", "ntig"):
        term = next((el.text or "" for el in tig.iter() if _local(el.tag) == "term"), "").strip()
        if not term:
            raise InvalidInput("a term is empty")
        status = _child_text(tig, "termNote", "administrativeStatus", deep=True) or ADMITTED
        {PREFERRED: preferred, DEPRECATED: forbidden}.get(status, admitted).append(term)
    if len(preferred) > 1:
        raise InvalidInput(f"more than one preferred term: {', '.join(preferred)}")
    allowed = preferred + admitted
    if not allowed:
        raise InvalidInput("no allowed term (only deprecated ones)")
    working = _child_text(lang_set, "admin", "elementWorkingStatus") or "workingElement"
    if working not in STATUS_OF:
        raise InvalidInput(f"unknown elementWorkingStatus {working!r}")
    return TermEntry.create(lang, allowed[0], allowed[1:], forbidden, _direct_note(lang_set), STATUS_OF[working])


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _all(element: ET.Element, *names: str) -> list[ET.Element]:
    return [el for el in element.iter() if _local(el.tag) in names and el is not element]


def _child_text(element: ET.Element, tag: str, kind: str, *, deep: bool = False) -> str | None:
    children = element.iter() if deep else iter(element)
    for child in children:
        if _local(child.tag) == tag and child.get("type") == kind:
            return (child.text or "").strip()
    return None


def _direct_note(element: ET.Element) -> str:
    return "\n".join((child.text or "").strip() for child in element if _local(child.tag) == "note").strip()
