"""Abbreviations and teencode, expanded from `data/abbreviations.tsv` (data, not code).

An entry applies to a whole word, in any letter case, in one of three contexts: `any`,
`after_number` (the unit in "5 tr", "500k") or `not_after_number` ("k" alone is
"không", after a number it is "nghìn").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .aligned import Aligned, AlignedBuilder

CONTEXTS = ("any", "after_number", "not_after_number")


@dataclass(frozen=True, slots=True)
class Abbreviation:
    short: str
    expansion: str
    context: str
    example: str


def load_abbreviations() -> tuple[Abbreviation, ...]:
    text = resources.files("pakn.classifier").joinpath("data/abbreviations.tsv").read_text("utf-8")
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4 or fields[2] not in CONTEXTS:
            raise ValueError(f"abbreviations.tsv:{number}: expected 4 tab-separated fields "
                             f"with a context in {CONTEXTS}; got {line!r}")
        entries.append(Abbreviation(*fields))
    return tuple(entries)


@lru_cache(maxsize=1)
def _table() -> tuple[re.Pattern[str], dict[str, dict[str, str]]]:
    by_short: dict[str, dict[str, str]] = {}
    for entry in load_abbreviations():
        by_short.setdefault(entry.short.lower(), {})[entry.context] = entry.expansion
    alternatives = "|".join(re.escape(s) for s in sorted(by_short, key=len, reverse=True))
    # after a space, ordinary punctuation or a digit ("500k"); not glued to a word char on the right
    pattern = re.compile(rf"(?<![^\s\d(\[{{\"'“‘,.;:!?/\-])(?:{alternatives})(?!\w)", re.IGNORECASE)
    return pattern, by_short


def _after_number(text: str, start: int) -> bool:
    k = start - 1
    while k >= 0 and text[k] == " ":
        k -= 1
    return k >= 0 and text[k].isdigit()


def expand_abbreviations(text: str) -> Aligned:
    pattern, by_short = _table()
    out = AlignedBuilder()
    pos = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        glued = start > 0 and text[start - 1].isdigit()
        options = by_short[match.group(0).lower()]
        if _after_number(text, start):
            expansion = options.get("after_number") or (None if glued else options.get("any"))
        else:
            expansion = options.get("not_after_number") or options.get("any")
        if expansion is None:
            continue
        short = match.group(0)
        if short[0].isupper() and (len(short) == 1 or short[1:].islower()):
            expansion = expansion[0].upper() + expansion[1:]  # "Cb" at a sentence start
        for k in range(pos, start):
            out.add(text[k], k)
        out.add((" " if glued else "") + expansion, start, end)
        pos = end
    if pos == 0:
        return Aligned.identity(text)
    for k in range(pos, len(text)):
        out.add(text[k], k)
    return out.build()
