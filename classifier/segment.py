"""Exact, cached decoding of underthesea's word-segmentation CRF.

underthesea's `word_tokenize` spends four fifths of its time building 43 feature strings
per syllable (about 2,900 Python strings for a 67-word petition) for the CRF to hash.
Every feature reads a window of one, two or three neighbouring syllables, so what it adds
to a syllable's score is a property of that window. This module asks the CRF once for
each window it has not met before, keeps the answer, and runs the two-label Viterbi
search itself. Syllables and syllable pairs recur so much that after a few thousand
petitions nearly all are known; half the triples of a new petition are new. A new window
of two or three syllables of plain characters has its few feature strings spelt here, as
underthesea's featurizer spells them (tested string for string); other new windows are
featurised by that featurizer, restricted to their window length, over the whole text or,
when they are few, over just those windows.

The model, its features, its regex tokenizer and its normalisation are underthesea's; only
the order of work changes. A decision closer than `TIE` to a tie (where summing the same
weights in another order could flip it) is left to underthesea itself, so the output is
`word_tokenize`'s, token for token (tested on the corpus and on random strings).
"""

from __future__ import annotations

import math
import re
import string
import threading
import unicodedata
from collections.abc import Callable, Collection, Sequence
from typing import Any

import numpy as np

LABELS = ("B-W", "I-W")  # begins a word / continues it
TIE = 1e-9  # score gaps below this are re-decided by underthesea
FORCE = 200.0  # how far a forcing feature outweighs the other label (a window weighs < 20)
CACHE_LIMIT = 150_000  # windows per generation of a window length's cache (about 20 MB)
_TEMPLATE = re.compile(r"T\[(-?\d+)(?:,(-?\d+))?\]")
_FILLER = "x"  # pads a featurised text; no feature of the text's own windows reads it
_MARKS = set("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")  # tones, circumflex, breve, horn
# Characters whose case the featurizer (Rust) and Python agree on, whatever their Unicode
# versions: printable ASCII and the Vietnamese letters.
_PLAIN = frozenset(
    set(string.printable) - set("\t\n\r\x0b\x0c")
    | {"đ", "Đ"}
    | {chr(c) for c in range(0xC0, 0x1F00)
       if (d := unicodedata.normalize("NFD", chr(c)))[0] in string.ascii_letters and len(d) > 1
       and set(d[1:]) <= _MARKS}
)


class CachedSegmenter:
    """`word_tokenize` over underthesea's CRF, with each window's weight cached.

    `tagger` is the `underthesea_core.CRFTagger` of underthesea's model, `templates` its
    feature template names in the featurizer's order (such as "T[-1,0].lower"),
    `featurizer(names)` makes that model's featurizer restricted to some templates, `split`
    is its regex tokenizer and `fallback` its `word_tokenize`. Given the featurizer's
    `dictionary`, the features of a window of two or three syllables of plain characters
    are spelt here, as the featurizer spells them (tested), which is faster than asking it.
    """

    def __init__(self, tagger: Any, templates: Sequence[str],
                 featurizer: Callable[[list[str]], Any],
                 split: Callable[[str], list[str]], fallback: Callable[[str], list[str]],
                 dictionary: Collection[str] | None = None) -> None:
        if tuple(tagger.labels()) != LABELS:
            raise ValueError(f"unexpected segmentation labels {tagger.labels()!r}")
        self._tagger = tagger
        self._lock = threading.Lock()  # the API segments from several threads; caches grow
        self._split = split
        self._fallback = fallback
        spans = [_span(name) for name in templates]  # "T[-2,0]" reads from a = -2, 3 syllables
        self.lengths = sorted({length for _, length in spans})
        self._reach = max(max(-a, a + length - 1) for a, length in spans)  # 2 here: T[-2] … T[2]
        self._featurizers = {}
        self._offsets = {}  # window length -> offsets a, in the order of the cached columns
        self._picks = {}  # window length -> per offset, the indexes of its features in a row
        self._widths = {}  # window length -> features per row of its featurizer
        for length in self.lengths:
            names = [name for name, span in zip(templates, spans) if span[1] == length]
            self._featurizers[length] = featurizer(names)
            self._offsets[length] = sorted({_span(name)[0] for name in names})
            self._picks[length] = [[i for i, name in enumerate(names) if _span(name)[0] == a]
                                   for a in self._offsets[length]]
            self._widths[length] = len(names)
        self._tables = {length: _WindowTable(len(self._offsets[length])) for length in self.lengths}
        self._dictionary = dictionary
        # window length -> per offset, (template name, attribute) of each feature read there
        self._spelling: dict[int, list[list[tuple[str, str]]]] = {}
        if dictionary is not None:
            for length in self.lengths:
                per_offset = [[(name, name.partition(".")[2]) for name, span in zip(templates, spans)
                               if span == (a, length)] for a in self._offsets[length]]
                if length > 1 and all(attr in _SPELT for names in per_offset for _, attr in names):
                    self._spelling[length] = per_offset
        self._forcing = self._forcing_features()
        self._edge = {span: (self._gap([f"{name}=BOS" for name, s in zip(templates, spans) if s == span]),
                             self._gap([f"{name}=EOS" for name, s in zip(templates, spans) if s == span]))
                      for span in sorted(set(spans))}
        self._transition = self._transitions()

    def __call__(self, text: str) -> list[str]:
        syllables = self._split(text)
        with self._lock:
            labels = self.decode(syllables)
        if labels is None:
            return self._fallback(text)
        words: list[str] = []
        for label, syllable in zip(labels, syllables):
            if label and words:  # I-W: continues the word before
                words[-1] = words[-1] + " " + syllable
            else:
                words.append(syllable)
        return words

    def decode(self, syllables: Sequence[str]) -> list[int] | None:
        """Label per syllable (0 = B-W, 1 = I-W), or None when a decision is a near tie.

        Only each syllable's gap, score(B-W) - score(I-W), is needed: a constant added to
        both labels of one syllable adds the same to every path."""
        n = len(syllables)
        if n == 0:
            return []
        gaps = self._gaps(syllables)
        (bb, bi), (ib, ii) = self._transition
        back: list[tuple[int, int]] = []
        prev_b, prev_i = gaps[0], 0.0
        for k in range(1, n):
            to_b_from_b, to_b_from_i = prev_b + bb, prev_i + ib
            to_i_from_b, to_i_from_i = prev_b + bi, prev_i + ii
            if abs(to_b_from_b - to_b_from_i) < TIE or abs(to_i_from_b - to_i_from_i) < TIE:
                return None
            from_for_b = 0 if to_b_from_b > to_b_from_i else 1
            from_for_i = 0 if to_i_from_b > to_i_from_i else 1
            back.append((from_for_b, from_for_i))
            prev_b = (to_b_from_i if from_for_b else to_b_from_b) + gaps[k]
            prev_i = to_i_from_i if from_for_i else to_i_from_b
        if abs(prev_b - prev_i) < TIE:
            return None
        label = 0 if prev_b > prev_i else 1
        labels = [label]
        for pointers in reversed(back):
            label = pointers[label]
            labels.append(label)
        labels.reverse()
        return labels

    def _gaps(self, syllables: Sequence[str]) -> list[float]:
        """score(B-W) - score(I-W) of every syllable: the summed gaps of the windows it reads."""
        n = len(syllables)
        gaps = np.zeros(n)
        for length in self.lengths:
            if n < length:
                continue
            windows = syllables if length == 1 else list(zip(*(syllables[k:] for k in range(length))))
            table = self._tables[length]
            if len(table.ids) >= CACHE_LIMIT:  # bounded memory: a new generation
                table = self._tables[length] = _WindowTable(len(self._offsets[length]), table)
            ids = [table.ids.get(window, -1) for window in windows]
            if -1 in ids:
                self._learn(length, syllables, windows, ids)
            weights = table.gaps[ids]  # (windows, offsets)
            for column, a in enumerate(self._offsets[length]):
                # the window starting at `start` is read, from offset a, by position start - a
                first, last = max(0, a), min(len(windows), n + a)
                if first < last:
                    gaps[first - a:last - a] += weights[first:last, column]
        edges = {*range(min(self._reach, n)), *range(max(0, n - self._reach), n)}
        for position in edges:  # those that read windows past the first or last syllable
            for (a, length), edge in self._edge.items():
                if position + a < 0:
                    gaps[position] += edge[0]
                elif position + a + length > n:
                    gaps[position] += edge[1]
        return gaps.tolist()

    def _learn(self, length: int, syllables: Sequence[str], windows: Sequence[Any],
               ids: list[int]) -> None:
        """Learn the windows whose id is -1 (filling in `ids`).

        A window of plain syllables has its features spelt here (`spelt`); for the others,
        underthesea's featurizer, restricted to this window length, runs over the text, or,
        when few windows are left, over just those windows, each set between fillers."""
        table = self._tables[length]
        unknown = []
        for start, i in enumerate(ids):
            if i < 0:
                i = table.recall(windows[start])
                if i < 0:
                    unknown.append(start)
                ids[start] = i
        if not unknown:
            return
        features = {start: self.spelt(length, windows[start]) for start in unknown}
        left = [start for start in unknown if features[start] is None]
        if left:
            features.update(self._featurise(length, syllables, windows, left))
        gap = self._gap
        for start in unknown:
            window = windows[start]
            known = table.ids.get(window)  # met earlier in this text
            if known is None:
                known = table.add(window, [gap(names) for names in features[start]])  # type: ignore[union-attr]
            ids[start] = known

    def _featurise(self, length: int, syllables: Sequence[str], windows: Sequence[Any],
                   starts: list[int]) -> dict[int, list[list[str]]]:
        """Per window start, per offset, the features underthesea's featurizer gives there."""
        if len(starts) * (length + 2) < len(syllables):
            sequence, where = [_FILLER, _FILLER], []
            for start in starts:
                where.append(len(sequence))
                sequence += [*(windows[start] if length > 1 else [windows[start]]), _FILLER, _FILLER]
        else:
            sequence = [_FILLER, _FILLER, *syllables, _FILLER, _FILLER]
            where = [start + 2 for start in starts]
        rows = self._featurizers[length].process([[[s] for s in sequence]])[0]
        if any(len(row) != self._widths[length] for row in rows):
            raise ValueError("the featurizer returned an unexpected number of features")
        picks = list(zip(self._offsets[length], self._picks[length]))
        # the position at - a reads the window from offset a
        return {start: [[rows[at - a][i] for i in pick] for a, pick in picks]
                for start, at in zip(starts, where)}

    def spelt(self, length: int, window: Sequence[str]) -> list[list[str]] | None:
        """Per offset, the features underthesea's featurizer gives this window there, or
        None when it holds a character outside `_PLAIN` (or its features cannot be spelt)."""
        spelling = self._spelling.get(length)
        if spelling is None:
            return None
        joined = " ".join(window)
        if not _PLAIN.issuperset(joined):
            return None
        lower = joined.lower()
        values = {
            "": joined,
            "lower": lower,
            "is_in_dict": str(lower in self._dictionary),  # type: ignore[operator]
            # the featurizer's "title": no syllable begins with a letter that has an upper case
            "istitle": str(all(w[:1].upper() == w[:1] for w in window)),
        }
        return [[f"{name}={values[attr]}" for name, attr in names] for names in spelling]

    def _gap(self, features: list[str]) -> float:
        """weight(B-W) - weight(I-W) summed over `features`.

        On one syllable the CRF's marginals are exp(score) normalised, so the log-odds is
        the gap itself (checked to agree to 1e-13 with differences of forced scores)."""
        p_b, p_i = self._tagger.marginals([features])[0]
        if p_b > 1e-200 and p_i > 1e-200:
            return math.log(p_b / p_i)
        # too lopsided for logarithms: force each label instead
        return self._forced_score(features, 0) - self._forced_score(features, 1)

    def _forced_score(self, features: list[str], label: int) -> float:
        """weight of `features` for `label`, exact: the score of a one-syllable sequence with
        a heavy feature forcing that label, less the heavy feature's own score."""
        heavy, alone = self._forcing[label]
        labels, score = self._tagger.tag_with_score([features + heavy])
        if labels[0] != LABELS[label]:
            raise ValueError("a feature set outweighed the forcing feature")
        return score - alone

    def _forcing_features(self) -> list[tuple[list[str], float]]:
        """Per label, a feature repeated until it outweighs any window (a repeated feature
        counts that many times), and the score it has alone."""
        leaning: dict[int, tuple[float, str]] = {}
        for name in ("T[0].istitle=True", "T[0].istitle=False", "T[-1]=BOS", "T[0]=.",
                     "T[-1,0].is_in_dict=True", "T[-1,0].is_in_dict=False", "T[0]=,"):
            p_b, p_i = self._tagger.marginals([[name]])[0]
            gap = math.log(p_b) - math.log(p_i)
            label = 0 if gap > 0 else 1
            if abs(gap) > leaning.get(label, (0.0, ""))[0]:
                leaning[label] = (abs(gap), name)
        if len(leaning) < 2 or min(gap for gap, _ in leaning.values()) < 0.01:
            raise ValueError("no feature leans clearly to each label")
        forcing = []
        for label in (0, 1):
            gap, name = leaning[label]
            heavy = [name] * (int(FORCE / gap) + 1)
            forcing.append((heavy, self._tagger.tag_with_score([heavy])[1]))
        return forcing

    def _transitions(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """Transition weights [from][to], read off two-syllable sequences forced label by label."""
        table = [[0.0, 0.0], [0.0, 0.0]]
        for first in (0, 1):
            for second in (0, 1):
                (heavy_1, alone_1), (heavy_2, alone_2) = self._forcing[first], self._forcing[second]
                labels, score = self._tagger.tag_with_score([heavy_1, heavy_2])
                if [LABELS.index(label) for label in labels] != [first, second]:
                    raise ValueError("could not force a label pair")
                table[first][second] = score - alone_1 - alone_2
        return (table[0][0], table[0][1]), (table[1][0], table[1][1])


_SPELT = {"", "lower", "is_in_dict", "istitle"}  # attributes `CachedSegmenter.spelt` knows


class _WindowTable:
    """Windows met so far, each with an id into a growing array of its gaps per offset.

    When a generation is full a new one starts, and the windows still in use are copied
    from the previous one as they are met again; the generation before is dropped."""

    def __init__(self, offsets: int, previous: _WindowTable | None = None) -> None:
        self.ids: dict[Any, int] = {}
        self.gaps = np.zeros((1024, offsets))
        self.previous = previous
        if previous is not None:
            previous.previous = None

    def add(self, window: Any, gaps: Any) -> int:
        index = len(self.ids)
        if index == len(self.gaps):
            self.gaps = np.concatenate([self.gaps, np.zeros_like(self.gaps)])
        self.gaps[index] = gaps
        self.ids[window] = index
        return index

    def recall(self, window: Any) -> int:
        """The window's id, copied from the previous generation if it is there; else -1."""
        known = self.ids.get(window, -1)
        if known < 0 and self.previous is not None:
            old = self.previous.ids.get(window, -1)
            if old >= 0:
                known = self.add(window, self.previous.gaps[old])
        return known


def _span(template: str) -> tuple[int, int]:
    """(first offset, window length) of a template name such as "T[-2,0].is_in_dict"."""
    match = _TEMPLATE.match(template)
    if match is None:
        raise ValueError(f"unknown feature template {template!r}")
    first = int(match.group(1))
    last = int(match.group(2)) if match.group(2) is not None else first
    return first, last - first + 1
