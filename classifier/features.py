"""Features of a petition, and where in its text each feature comes from.

Three families, all on folded text so that "can bo dia chinh doi tien" and "cán bộ địa
chính đòi tiền" share them:

* `w:` underthesea words (multi-syllable words joined by "_"), unigrams and bigrams;
* `s:` syllables, unigrams and bigrams, with a negation scope: after "không", "chưa",
  "chẳng"... the next syllables (to punctuation, at most 4) are marked "~" — "không ai
  đòi tiền" gives "s:~doi", "s:~tien", not "s:doi", "s:tien";
* `c:` character 2–5-grams inside word boundaries.

`Doc` carries word spans, and finds syllable spans again on demand, so `explain` can map
a feature back to the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .normalize import NormalizedText
from .tokenize import tokenize_spans

NEGATORS = {"khong", "chua", "chang", "cha", "khoi", "dung", "chu"}
NEGATION_REACH = 4
SYLLABLE = re.compile(r"[a-z0-9]+")
_SYLLABLE_OR_CLAUSE_END = re.compile(r"[a-z0-9]+|[.,;:!?\n()]")
_ALNUM = re.compile(r"[^\W_]")  # what str.isalnum() accepts
_NEGATOR = re.compile("(?<![a-z0-9])(?:{})(?![a-z0-9])".format("|".join(sorted(NEGATORS))))


@dataclass(frozen=True, slots=True)
class Doc:
    """A normalised petition ready for the vectorizers (picklable, no text layer objects)."""

    folded: str
    words: tuple[tuple[str, int, int], ...]  # folded word ("can_bo"), start, end
    syllables: tuple[str, ...]  # folded syllables in text order, negation-marked ("~doi")

    def syllable_spans(self) -> list[tuple[str, int, int]]:
        """Each syllable with its span (for evidence): the n-th is the n-th `SYLLABLE` match."""
        return [(name, *m.span()) for name, m in zip(self.syllables, SYLLABLE.finditer(self.folded), strict=True)]


def make_doc(nt: NormalizedText) -> Doc:
    folded = nt.folded
    words = tuple(
        (folded[t.start : t.end].replace(" ", "_"), t.start, t.end)
        for t in tokenize_spans(nt.text)
        if t.text[:1].isalnum() or _ALNUM.search(t.text)
    )
    return Doc(folded, words, tuple(_syllables(folded)))


def _syllables(folded: str) -> tuple[str, ...]:
    if not _NEGATOR.search(folded):
        return tuple(SYLLABLE.findall(folded))
    out = []
    scope = 0
    for token in _SYLLABLE_OR_CLAUSE_END.findall(folded):
        if not token[0].isalnum():  # punctuation closes the negation scope
            scope = 0
        elif token in NEGATORS:
            out.append(token)
            scope = NEGATION_REACH
        elif scope > 0:
            out.append("~" + token)
            scope -= 1
        else:
            out.append(token)
    return tuple(out)


def _ngrams(items: tuple[tuple[str, int, int], ...], prefix: str) -> list[tuple[str, int, int]]:
    grams = [(f"{prefix}{a}", s, e) for a, s, e in items]
    grams += [(f"{prefix}{a} {b}", s, e2) for (a, s, _), (b, _, e2) in zip(items, items[1:], strict=False)]
    return grams


def word_features(doc: Doc) -> list[str]:
    return [g for g, _, _ in _ngrams(doc.words, "w:")]


def syllable_features(doc: Doc) -> list[str]:
    names = doc.syllables
    return [f"s:{a}" for a in names] + [f"s:{a} {b}" for a, b in zip(names, names[1:], strict=False)]


def char_features(doc: Doc) -> list[str]:
    grams: list[str] = []
    for syllable in SYLLABLE.findall(doc.folded):
        grams.extend(syllable_char_grams(syllable))
    return grams


@lru_cache(maxsize=100_000)
def syllable_char_grams(syllable: str) -> tuple[str, ...]:
    """Character 2–5-grams of one syllable padded with spaces (cached: a few thousand
    syllables make up nearly all Vietnamese text)."""
    padded = f" {syllable} "
    return tuple("c:" + padded[i : i + n] for n in range(2, 6) for i in range(len(padded) - n + 1))


class SpanIndex:
    """Where each word and syllable n-gram of one doc occurs, built once per doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._grams: dict[str, list[tuple[int, int]]] = {}
        self._syllables = tuple(doc.syllable_spans())
        for gram, start, end in _ngrams(doc.words, "w:") + _ngrams(self._syllables, "s:"):
            self._grams.setdefault(gram, []).append((start, end))
        self._padded: list[tuple[str, int, int]] | None = None  # " syllable ", start, end

    def spans(self, feature: str) -> list[tuple[int, int]]:
        """Spans of the folded (= normalised) text where `feature` occurs."""
        if feature[:2] in ("w:", "s:"):
            return self._grams.get(feature, [])
        if self._padded is None:  # found once per doc, on the first character feature asked
            self._padded = [(f" {self.doc.folded[start:end]} ", start, end) for _, start, end in self._syllables]
        gram = feature[2:]
        return [(start, end) for padded, start, end in self._padded if gram in padded]  # the gram sits in it

