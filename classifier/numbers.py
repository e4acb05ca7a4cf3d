"""Numbers as Vietnamese petitions write them: "2.000.000", "2,5", "năm trăm nghìn"."""

from __future__ import annotations

import re

DIGIT_WORDS = {
    "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "sau": 6,
    "bay": 7, "tam": 8, "chin": 9, "linh": 0, "le": 0,
}
TENS_WORD = "muoi"  # mười / mươi
HUNDRED_WORD = "tram"
BIG_WORDS = {"nghin": 1_000, "ngan": 1_000, "trieu": 1_000_000, "ty": 1_000_000_000, "ti": 1_000_000_000}
NUMBER_WORDS = set(DIGIT_WORDS) | {TENS_WORD, HUNDRED_WORD, "mot", "ruoi"} | set(BIG_WORDS)

NUMERAL = r"\d+(?:[.,]\d+)*"
_NUMERAL = re.compile(rf"^{NUMERAL}$")


def parse_numeral(text: str) -> float | None:
    """"2.000.000" → 2000000; "2,5" → 2.5; "1.500" → 1500 (groups of three are thousands)."""
    if not _NUMERAL.match(text):
        return None
    parts = re.split(r"[.,]", text)
    if len(parts) == 1:
        return float(parts[0])
    if all(len(p) == 3 for p in parts[1:]):
        return float("".join(parts))
    if len(parts) == 2:
        return float(f"{parts[0]}.{parts[1]}")
    return None  # "1.2.3": not a number


def parse_number_words(words: list[str]) -> int | None:
    """Folded words → value: ["hai", "tram", "nam", "muoi", "nghin"] → 250000.

    Returns None unless every word is a number word and the result is positive.
    """
    if not words or any(w not in NUMBER_WORDS for w in words):
        return None
    total, group, last_digit, last_big = 0, 0, None, 0
    for word in words:
        if word in DIGIT_WORDS:
            value = 1 if word == "mot" else DIGIT_WORDS[word]
            group += value
            last_digit = value
        elif word == TENS_WORD:
            group += (last_digit * 9) if last_digit else 10  # "hai mươi" = 2 + 2×9
            last_digit = None
        elif word == HUNDRED_WORD:
            group += (last_digit * 99) if last_digit else 100
            last_digit = None
        elif word == "ruoi":
            return None
        else:
            last_big = BIG_WORDS[word]
            total += (group or 1) * last_big
            group, last_digit = 0, None
    if group and last_big and len(words) >= 2 and words[-2] in BIG_WORDS and group < 10:
        return total + group * last_big // 10  # "một triệu hai" = 1,200,000
    total += group
    return total or None
