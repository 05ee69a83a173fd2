from __future__ import annotations

from pathlib import Path

import pytest

from service.errors import InvalidInput
from service.glossary.exchange import ExchangeFormat, detect_format, export, import_file
from tests.glossary_helpers import glossary_store


@pytest.mark.parametrize("fmt", list(ExchangeFormat))
def test_an_export_reimports_into_an_empty_store_identically(tmp_path: Path, fmt: ExchangeFormat) -> None:
    _, full = glossary_store(tmp_path / "a")
    full.service.put_entry("evening", "uk", preferred="увечері", variants=["вечором"], forbidden=["вечеря"],
                           note="after 17:00", who="t")
    full.service.approve("evening", "uk", "t")
    data = export(full.service, fmt)
    _, empty = glossary_store(tmp_path / "b", seed=False)
    assert len(empty.repository.snapshot()) == 0
    report = import_file(empty.service, data, fmt=fmt, who="admin:t")
    assert report.concepts_added == len(full.repository.snapshot())
    assert list(empty.repository.snapshot()) == list(full.repository.snapshot())
    assert export(empty.service, fmt) == data


def test_a_malformed_file_changes_nothing(tmp_path: Path) -> None:
    _, parts = glossary_store(tmp_path)
    before = parts.repository.version()
    good = export(parts.service, ExchangeFormat.CSV).decode()
    broken = good.replace(",uk,draft,", ",uk,finished,", 1).replace("\nevening,", "\nbad key,", 1)
    changed = broken.replace("ввечері", "увечері")
    with pytest.raises(InvalidInput) as caught:
        import_file(parts.service, changed.encode(), who="admin:t")
    assert len(caught.value.details or []) >= 2  # every problem, not just the first
    assert parts.repository.version() == before
    entry = parts.service.concept("evening").entry("uk")
    assert entry is not None and entry.preferred == "ввечері"


def test_format_detection() -> None:
    assert detect_format(b"x", "g.TBX") is ExchangeFormat.TBX
    assert detect_format(b"x", "g.csv") is ExchangeFormat.CSV
    assert detect_format(b"\xef\xbb\xbf <?xml") is ExchangeFormat.TBX
    assert detect_format(b"concept,lang") is ExchangeFormat.CSV
