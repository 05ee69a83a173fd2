from __future__ import annotations

from pathlib import Path

from service.store import Store
from service.translate.memory import TranslationMemory


def test_lookup_in_bulk_finds_only_the_same_languages_and_model(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.db")
    memory = TranslationMemory(store)
    pairs = {f"Satz {i}": f"Sentence {i}" for i in range(1000)}  # more than one query's worth
    with store.transaction() as conn:
        memory.remember(conn, pairs, "de", "en", "de_en-1")
    found = memory.lookup([*pairs, "unbekannt"], "de", "en", "de_en-1")
    assert found == pairs
    assert memory.lookup(pairs, "de", "en", "de_en-2") == {}  # a new model translates again
    assert memory.lookup(pairs, "de", "ar", "de_en-1") == {}
    assert memory.size() == {"en": 1000}


def test_a_second_writer_of_the_same_segment_keeps_the_first(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.db")
    memory = TranslationMemory(store)
    with store.transaction() as conn:
        memory.remember(conn, {"Kurs": "course"}, "de", "en", "v")
        memory.remember(conn, {"Kurs": "class"}, "de", "en", "v")
    assert memory.lookup(["Kurs"], "de", "en", "v") == {"Kurs": "course"}


def test_the_table_survives_reopening(tmp_path: Path) -> None:
    store = Store(tmp_path / "k.db")
    memory = TranslationMemory(store)
    with store.transaction() as conn:
        memory.remember(conn, {"Kurs": "course"}, "de", "en", "v")
    store.close()
    reopened = Store(tmp_path / "k.db")
    assert TranslationMemory(reopened).lookup(["Kurs"], "de", "en", "v") == {"Kurs": "course"}
