"""Facts about the Vietnamese script: folding, syllable shape, tone placement, a score.

All functions are pure and keep one output character per input character, so the
offset map of the text layer survives them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TONE_MARKS = {"\u0301", "\u0300", "\u0309", "\u0303", "\u0323"}  # sắc huyền hỏi ngã nặng
SHAPE_MARKS = {"\u0302", "\u0306", "\u031b"}  # circumflex, breve, horn

_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
_NUCLEUS = (
    r"(?:uye|uya|uyu|uoi|uou|oai|oay|oeo|uay|uai|ieu|yeu|"
    r"ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ya|ye|"
    r"a|e|i|o|u|y)"
)
_CODA = r"(?:ch|ng|nh|c|m|n|p|t)?"
_SYLLABLE = re.compile(f"^{_ONSET}{_NUCLEUS}{_CODA}$")
_WORD = re.compile(r"[^\W\d_]+")

# Frequent words of petitions, folded: their share tells Vietnamese without accents
# from English or Indonesian, whose short words can also look like syllables.
_FUNCTION_WORDS = frozenset(
    """khong toi cua va la co duoc cho nguoi xa can bo ong ba em anh chi da dang se nay do
    thi ma nhung tai ve voi cac nhieu mot hai nam ngay thang de nghi don xin giai quyet
    phuong huyen tinh dan gia dinh chung con nha dat tien lam viec ho so roi van chua
    ai gi nao sao hoi biet bit ko dc di den len lai nua moi cung bao nhieu vay oi nhe nha
    luon qua bi ban minh bac chu co thay ngay gio sang chieu toi hom mai kia xong phai
    muon can neu vi nen tu tren duoi trong ngoai sau truoc giup ho tro cam on""".split()
)


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    """One character without diacritics, lower-cased (đ → d); always one character."""
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    low = base.lower()
    return low if len(low) == 1 else base


class _FoldTable(dict[int, str]):
    """str.translate table filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Diacritics-free lower-case form of `text`, same length (feature and search key)."""
    return text.translate(_FOLD_TABLE)


def _tone_of(ch: str) -> str:
    return next((m for m in unicodedata.normalize("NFD", ch) if m in TONE_MARKS), "")


def _without_tone(ch: str) -> str:
    kept = "".join(m for m in unicodedata.normalize("NFD", ch) if m not in TONE_MARKS)
    return unicodedata.normalize("NFC", kept)


def _with_tone(ch: str, tone: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", ch) + tone)


# An open syllable ending in oa / oe / uy, matched on the folded text (q excluded: in
# "quý" the u belongs to the consonant qu and the tone stays on y).
_OPEN_PAIR = re.compile(r"(?<!q)(?:oa|oe|uy)(?![^\W\d_])")


def place_tones(text: str) -> str:
    """Fold the two tone-placement conventions onto one: hoà → hòa, thuỷ → thủy, khoẻ → khỏe.

    Only open syllables ending in oa/oe/uy differ between the conventions (with a final
    consonant both put the tone on the second vowel). The modern placement, used by the
    taxonomy ("Thanh Hóa", "thủy lợi"), wins.
    """
    out = list(text)
    for match in _OPEN_PAIR.finditer(fold(text)):
        i = match.start()
        first, second = text[i], text[i + 1]
        tone = _tone_of(second)
        if tone and not _tone_of(first):
            moved, bare = _with_tone(first, tone), _without_tone(second)
            if len(moved) == 1 and len(bare) == 1:  # "Ö" has no toned precomposed form
                out[i], out[i + 1] = moved, bare
    return "".join(out)


@lru_cache(maxsize=65536)
def is_syllable(word: str) -> bool:
    """True when `word` has the shape of one Vietnamese syllable (at most one tone mark)."""
    folded = fold(word)
    if not _SYLLABLE.match(folded):
        return False
    tones = sum(1 for m in unicodedata.normalize("NFD", word) if m in TONE_MARKS)
    return tones <= 1


@lru_cache(maxsize=65536)
def has_vietnamese_marks(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word)
    return "đ" in word.lower() or any(m in TONE_MARKS or m in SHAPE_MARKS for m in decomposed)


_DISTINCT_ONSET = re.compile(r"^(?:ngh|ng|nh|tr|kh|gi|qu)")
_DISTINCT_NUCLEUS = re.compile(r"(?:uye|uya|uoi|uou|oai|oay|ieu|yeu|ie|ye|uo|ua|oa|oe|uy|ai|ao|au|ay|eo|eu|ia|iu|oi|ui|uu)")


def _distinctly_vietnamese(folded_word: str) -> bool:
    return bool(_DISTINCT_ONSET.match(folded_word) or _DISTINCT_NUCLEUS.search(folded_word))


def vietnamese_score(text: str) -> float:
    """Share, between 0 and 1, of words that look like Vietnamese syllables.

    A syllable with accents counts fully; one without accents counts if its onset or
    vowel cluster is distinctly Vietnamese ("nguoi", "chuyen"), and a plain one ("to",
    "ban") only in proportion to the other evidence, so English does not pass.
    """
    words = _WORD.findall(text)
    if not words:
        return 0.0
    common, marked, strong, weak = map(sum, zip(*map(_word_evidence, words), strict=True))
    trust = min(1.0, (marked + strong + common) / max(1.0, 0.25 * len(words)))
    return round((marked + strong + weak * trust) / len(words), 4)


@lru_cache(maxsize=100_000)
def _word_evidence(word: str) -> tuple[int, int, int, int]:
    """Counts this word adds: (function word, marked, strong, weak) — at most one of the
    last three is 1 (how Vietnamese the word looks; none of them: not a syllable)."""
    folded = fold(word)
    common = int(folded in _FUNCTION_WORDS)
    if not is_syllable(word):
        return common, 0, 0, 0
    if has_vietnamese_marks(word):
        return common, 1, 0, 0
    return (common, 0, 1, 0) if _distinctly_vietnamese(folded) else (common, 0, 0, 1)
