"""The term-policy seam's pass-through default (the glossary's policy is tested with the glossary)."""

from __future__ import annotations

from service.translate.terms import EnforcedText, NoTerms, ProtectedSegment, TermPolicy
from tests.conftest import make_course


def test_no_terms_passes_everything_through() -> None:
    policy: TermPolicy = NoTerms()
    protected = policy.protect("Der Integrationskurs beginnt.", "de", "en")
    assert protected == ProtectedSegment("Der Integrationskurs beginnt.", "Der Integrationskurs beginnt.")
    assert policy.restore("The integration course starts.", protected) == EnforcedText("The integration course starts.")
    course = make_course("1", "Kurs")
    assert policy.glossary_only(course, "prs") == {} and policy.course_terms(course) == {}
    assert policy.type_label("integration_general", "en") is None

