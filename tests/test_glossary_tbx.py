from __future__ import annotations

import pytest

from service.errors import InvalidInput
from service.glossary.model import ConceptKind, GlossaryConcept, Status, TermEntry
from service.glossary.tbx import export_tbx, parse_tbx

CONCEPT = GlossaryConcept("integration_course", ConceptKind.COURSE_FAMILY, {
    "de": TermEntry.create("de", "Integrationskurs", ["Integrationskurse"]),
    "en": TermEntry.create("en", "integration course", ["integration courses"], ["merger course"],
                           "Not a school class.", "approved"),
    "ar": TermEntry.create("ar", "دورة اندماج", ["دورة الاندماج"]),
}, "The BAMF course.")


def test_round_trip_keeps_variants_forbidden_terms_status_and_notes() -> None:
    data = export_tbx([CONCEPT])
    assert b"deprecatedTerm-admn-sts" in data and b"admittedTerm-admn-sts" in data
    assert b'<termNote type="termType">variant</termNote>' in data
    assert parse_tbx(data) == [CONCEPT]
    assert export_tbx(parse_tbx(data)) == data


WEBLATE = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>Weblate</p></sourceDesc></fileDesc>
</martifHeader><text><body>
<termEntry id="childcare"><langSet xml:lang="en"><tig><term>childcare</term></tig></langSet>
<langSet xml:lang="uk"><tig><term>догляд за дітьми</term></tig><tig><term>нагляд за дітьми</term></tig>
<tig><term>дитсадок</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
</langSet></termEntry></body></text></martif>"""


def test_a_plain_weblate_file_reads_as_drafts() -> None:
    [concept] = parse_tbx(WEBLATE.encode())
    uk = concept.terms["uk"]
    assert concept.kind is ConceptKind.GENERAL
    assert (uk.preferred, uk.variants, uk.forbidden, uk.status) == (
        "догляд за дітьми", ("нагляд за дітьми",), ("дитсадок",), Status.DRAFT)


@pytest.mark.parametrize(("data", "message"), [
    (b"<martif><text><body><termEntry", "well-formed"),
    (b"<html/>", "not a TBX"),
    (b'<!DOCTYPE m [<!ENTITY a "x">]><martif/>', "entities"),
    (b"<martif><text><body></body></text></martif>", "no termEntry"),
    (b'<martif><text><body><termEntry id="bad id"><langSet xml:lang="en"><tig><term>a</term></tig></langSet>'
     b"</termEntry></body></text></martif>", "problem"),
])
def test_malformed_files_are_rejected_with_a_reason(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_tbx(data)


def test_every_problem_is_listed() -> None:
    body = ('<termEntry id="a"><langSet xml:lang="en"><tig><term></term></tig></langSet></termEntry>'
            '<termEntry id="b"><langSet xml:lang="en"><tig><term>x</term>'
            '<termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet></termEntry>'
            '<termEntry id="c"><langSet><tig><term>x</term></tig></langSet></termEntry>')
    with pytest.raises(InvalidInput) as caught:
        parse_tbx(f"<martif><text><body>{body}</body></text></martif>".encode())
    details = caught.value.details
    assert isinstance(details, list) and len(details) == 3
    assert "empty" in details[0] and "no allowed term" in details[1] and "xml:lang" in details[2]
