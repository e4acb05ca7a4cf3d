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
def _table() -> tuple[dict[str, dict[str, str]], re.Pattern[str] | None]:
    """Single-word entries by lower-case key, and one pattern for the multi-word ones."""
    by_short: dict[str, dict[str, str]] = {}
    for entry in load_abbreviations():
        by_short.setdefault(entry.short.lower(), {})[entry.context] = entry.expansion
    phrases = sorted((k for k in by_short if not _TOKEN.fullmatch(k)), key=len, reverse=True)
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(p)}(?!\w)" for p in phrases), re.I) if phrases else None
    return by_short, pattern


# a word, possibly joined by & or - ("tn&mt", "lđ-tb&xh"), possibly glued to a number ("5tr")
_TOKEN = re.compile(r"[^\W_]+(?:[&-][^\W_]+)*")
_LEADING_DIGITS = re.compile(r"\d+")
_GLUED_TO_NUMBER = re.compile(r"(?<![^\W_])\d+(?:[^\W\d_]|[&-][^\W_])")  # a token "5tr", "500k", "2-3"
_ALLOWED_BEFORE = set(" \t\n([{\"'“‘,.;:!?/-")


def _after_number(text: str, start: int) -> bool:
    k = start - 1
    while k >= 0 and text[k] == " ":
        k -= 1
    return k >= 0 and text[k].isdigit()


def _choose(options: dict[str, str], after_number: bool, glued: bool) -> str | None:
    if after_number:
        return options.get("after_number") or (None if glued else options.get("any"))
    return options.get("not_after_number") or options.get("any")


def _case_like(short: str, expansion: str) -> str:
    """"Cb" at a sentence start gives "Cán bộ"; "UBND" and "cb" keep the table's case."""
    if short[0].isupper() and (len(short) == 1 or short[1:] == short[1:].lower()):
        return expansion[0].upper() + expansion[1:]
    return expansion


def is_abbreviation(word: str) -> bool:
    return word.lower() in _table()[0]


def expand_abbreviations(text: str) -> Aligned | None:
    """Text with abbreviations expanded, or None when there were none."""
    by_short, phrases = _table()
    found: list[tuple[int, int, str]] = []
    words = set(map(str.lower, _TOKEN.findall(text)))
    candidates = not words.isdisjoint(by_short) or _GLUED_TO_NUMBER.search(text)
    for match in _TOKEN.finditer(text) if candidates else ():  # most texts: one pass in C, no loop
        token = match.group(0)
        glued = token[0].isdecimal() and (digits := _LEADING_DIGITS.match(token)) and digits.end() < len(token)
        if not glued and token.lower() not in by_short:
            continue  # most words: not in the table
        start, end = match.span()
        if start > 0 and text[start - 1] not in _ALLOWED_BEFORE:
            continue  # glued to an odd character: not a word of its own
        if glued:  # "500k", "5tr"
            options = by_short.get(token[digits.end() :].lower())
            expansion = _choose(options, True, True) if options else None
            if expansion:
                found.append((start + digits.end(), end, " " + expansion))
            continue
        options = by_short[token.lower()]
        expansion = _choose(options, _after_number(text, start), False)
        if expansion is None:
            continue
        found.append((start, end, _case_like(token, expansion)))
    if phrases is not None:
        for match in phrases.finditer(text):
            options = by_short[match.group(0).lower()]
            if expansion := _choose(options, _after_number(text, match.start()), False):
                found.append((match.start(), match.end(), _case_like(match.group(0), expansion)))
    if not found:
        return None
    out = AlignedBuilder()
    pos = 0
    for start, end, expansion in sorted(found):
        if start < pos:
            continue  # overlaps an earlier expansion
        out.copy(text, pos, start)
        out.add(expansion, start, end)
        pos = end
    out.copy(text, pos, len(text))
    return out.build()
