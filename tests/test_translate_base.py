import pytest

from service.errors import NotFound
from service.translate.base import FunctionTranslator, NoTranslationModel, Translator, route

INSTALLED = {("de", "en"), ("en", "ar"), ("en", "uk"), ("de", "fr")}


def tag(segment: str, source: str, target: str) -> str:
    return f"[{source}>{target}]{segment}"


@pytest.mark.parametrize(
    "source, target, hops",
    [
        ("de", "de", []),
        ("de", "en", [("de", "en")]),
        ("de", "fr", [("de", "fr")]),
        ("de", "ar", [("de", "en"), ("en", "ar")]),
        ("de", "tr", None),
        ("ar", "de", None),
        ("en", "fr", None),
    ],
)
def test_route_goes_direct_or_through_english(source: str, target: str, hops: list[tuple[str, str]] | None) -> None:
    assert route(INSTALLED, source, target) == hops


def test_function_translator_is_a_translator() -> None:
    translator: Translator = FunctionTranslator(tag, INSTALLED)
    assert translator.translate_batch(["Kurs", "Abendkurs"], "de", "en") == [
        "[de>en]Kurs",
        "[de>en]Abendkurs",
    ]


def test_pivot_applies_the_function_once_per_hop() -> None:
    translator = FunctionTranslator(tag, INSTALLED, version="0.1")
    assert translator.translate_batch(["Kurs"], "de", "ar") == ["[en>ar][de>en]Kurs"]
    assert translator.model_version("de", "ar") == "de_en-0.1+en_ar-0.1"
    assert translator.model_version("de", "en") == "de_en-0.1"
    assert translator.model_version("de", "de") == "identity"
    assert translator.translate_batch(["Kurs"], "de", "de") == ["Kurs"]


def test_pairs_and_coverage() -> None:
    translator = FunctionTranslator(tag, INSTALLED)
    assert translator.available_pairs() == INSTALLED
    assert translator.can_translate("de", "uk")
    assert not translator.can_translate("de", "tr")


def test_missing_pair_raises_a_not_found_error() -> None:
    translator = FunctionTranslator(tag, INSTALLED)
    with pytest.raises(NoTranslationModel) as raised:
        translator.translate_batch(["Kurs"], "de", "tr")
    assert isinstance(raised.value, NotFound)
    assert raised.value.details == {"source": "de", "target": "tr"}
    with pytest.raises(NoTranslationModel):
        translator.model_version("de", "tr")


def test_without_pairs_every_pair_is_direct_and_calls_are_recorded() -> None:
    translator = FunctionTranslator(lambda s, src, tgt: s[::-1])
    assert translator.can_translate("xx", "yy")
    assert translator.translate_batch(["abc", "de"], "de", "ar") == ["cba", "ed"]
    assert translator.model_version("de", "ar") == "de_ar-test"
    assert translator.calls == [(["abc", "de"], "de", "ar")]
