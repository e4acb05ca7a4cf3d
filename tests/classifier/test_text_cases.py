"""Table-driven text-layer cases (data/text_cases.jsonl): real-looking input → expected output.

Each case may feed bytes ("bytes": cp1258 | tcvn3 | vni: the Unicode `input` is encoded
so first) and may expect the normalised text, substrings, the detected encoding, facts,
the Vietnamese flag, or an error code.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from pakn.classifier import normalize
from pakn.classifier.augment import to_tcvn3, to_vni
from pakn.classifier.facts import read_facts
from pakn.service.errors import PaknError

CASES = [json.loads(line) for line in (Path(__file__).parent / "data" / "text_cases.jsonl")
         .read_text(encoding="utf-8").splitlines() if line.strip()]
TONES = "\u0301\u0300\u0309\u0303\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 keeps tone marks as combining characters after the base letter."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tone = "".join(m for m in parts if m in TONES)
            base = unicodedata.normalize("NFC", "".join(m for m in parts if m not in TONES))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return out


def build_input(case: dict[str, Any]) -> str | bytes:
    raw = case["input"]
    if isinstance(raw, dict):
        raw = raw["repeat"] * raw["times"]
    encoding = case.get("bytes")
    if encoding == "cp1258":
        return to_cp1258(raw)
    if encoding == "tcvn3":
        return to_tcvn3(raw).encode("latin-1")
    if encoding == "vni":
        return to_vni(raw).encode("cp1252")
    return raw


def test_there_are_at_least_200_cases() -> None:
    assert len(CASES) >= 200
    assert len({c["id"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["id"])
def test_case(case: dict[str, Any]) -> None:
    expect = case["expect"]
    raw = build_input(case)
    if "error" in expect:
        with pytest.raises(PaknError) as caught:
            normalize(raw)
        assert caught.value.code == expect["error"]
        return
    nt = normalize(raw)
    facts = read_facts(nt)
    if "text" in expect:
        assert nt.text == expect["text"]
    for part in expect.get("contains", []):
        assert part in nt.text
    for part in expect.get("not_contains", []):
        assert part not in nt.text
    if "encoding" in expect:
        assert nt.encoding == expect["encoding"]
    if "is_vietnamese" in expect:
        assert nt.is_vietnamese == expect["is_vietnamese"]
    if "amount_vnd" in expect:
        assert facts.amount_vnd == expect["amount_vnd"]
    if "money" in expect:
        assert [m.amount_vnd for m in facts.money] == expect["money"]
    if "dates" in expect:
        assert [d.value.isoformat() for d in facts.dates if d.value] == expect["dates"]
    if "durations_days" in expect:
        assert [d.days for d in facts.durations] == pytest.approx(expect["durations_days"])
    if "confidential" in expect:
        assert facts.confidential == expect["confidential"]
    if "places" in expect:
        assert [f"{p.unit} {p.name}" for p in facts.places] == expect["places"]
