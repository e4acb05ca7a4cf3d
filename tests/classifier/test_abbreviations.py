"""Every abbreviation of the data file expands in its own example sentence."""

import pytest

from pakn.classifier import normalize
from pakn.classifier.abbreviations import CONTEXTS, load_abbreviations

ENTRIES = load_abbreviations()


def test_there_are_at_least_150_entries() -> None:
    assert len(ENTRIES) >= 150
    assert all(e.context in CONTEXTS for e in ENTRIES)
    assert len({(e.short.lower(), e.context) for e in ENTRIES}) == len(ENTRIES)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: f"{e.short}-{e.context}")
def test_example_expands(entry) -> None:  # type: ignore[no-untyped-def]
    text = normalize(entry.example).text.lower()
    assert entry.expansion.lower() in text, f"{entry.example!r} → {text!r}"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("đòi 500k", "đòi 500 nghìn"),
        ("k có ai", "không có ai"),
        ("mất 2 tr", "mất 2 triệu"),
        ("Nguyễn Văn A sn 1960", "Nguyễn Văn A sinh năm 1960"),
        ("I am ok, thanks ad", "I am ok, thanks ad"),  # not Vietnamese: left alone
    ],
)
def test_context_decides(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected
