"""Word segmentation with underthesea, behind one seam.

The rest of pakn never imports underthesea. The model ships inside the package; this
module forbids hub downloads, loads it once under a lock (concurrent first calls were
seen to fail) and aligns each token back to its span in the text it was given.

Segmentation is underthesea's model, regex tokenizer and normalisation, decoded by
`segment.CachedSegmenter`, which returns `word_tokenize`'s words 1.6 to 2.2 times faster
on text it has never met and about 5 times faster on text it has
(`benchmarks/bench_segment.py`).
Should underthesea's internals ever not be what that decoder expects, `word_tokenize`
itself is used.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from .segment import CachedSegmenter
from .vietnamese import fold

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing may be downloaded at run time

_lock = threading.Lock()
_word_tokenize: Callable[[str], list[str]] | None = None
_log = logging.getLogger(__name__)
SPELLINGS_KEPT = 100_000  # normalised spellings of syllables remembered by the splitter


class Token(NamedTuple):  # a tuple: made for every word of every petition, cheaply
    text: str  # as underthesea returns it (syllables joined by spaces)
    start: int
    end: int


def _segmenter() -> Callable[[str], list[str]]:
    global _word_tokenize
    if _word_tokenize is None:
        with _lock:
            if _word_tokenize is None:
                try:
                    _word_tokenize = new_segmenter()
                except (ImportError, AttributeError, OSError, ValueError) as error:
                    from underthesea import word_tokenize

                    _log.warning("segmentation falls back to word_tokenize: %s", error)
                    _word_tokenize = word_tokenize
    return _word_tokenize


def new_segmenter() -> CachedSegmenter:
    """A segmenter with empty caches over underthesea's CRF, feature templates, dictionary
    and regex tokenizer. Raises ImportError, AttributeError, OSError or ValueError when
    underthesea's internals are not what it expects."""
    import joblib
    import underthesea.pipeline.word_tokenize as segmentation
    from underthesea import word_tokenize
    from underthesea_core import CRFFeaturizer

    word_tokenize("khởi động")  # the first call loads the model
    model = segmentation.word_tokenize_model
    # the template names, in the featurizer's order: "T[-2]=a" -> "T[-2]"
    row = model.featurizer.process([[["a"], ["b"], ["c"], ["d"], ["e"]]])[0][2]
    templates = [feature.split("=", 1)[0] for feature in row]
    dictionary = joblib.load(Path(segmentation.__file__).parent / "models"
                             / "ws_crf_vlsp2013_20230727" / "dictionary.bin")
    return CachedSegmenter(model.estimator, templates,
                           lambda names: CRFFeaturizer(names, dictionary),
                           _regex_splitter(), word_tokenize, dictionary)


def _regex_splitter() -> Callable[[str], list[str]]:
    """underthesea's regex tokenizer as `word_tokenize` calls it, with each syllable's
    normalised spelling remembered instead of recomputed."""
    from underthesea.pipeline.text_normalize import token_normalize
    from underthesea.pipeline.text_normalize.character_normalize import (
        normalize_characters_in_text,
    )
    from underthesea.pipeline.word_tokenize.regex_tokenize import patterns

    finditer = patterns.finditer
    spellings: dict[str, str] = {}

    def split(text: str) -> list[str]:
        syllables = []
        for match in finditer(normalize_characters_in_text(text)):
            token = match.group()  # every alternative of the pattern is one named group
            spelling = spellings.get(token)
            if spelling is None:
                spelling = token_normalize(token)
                if len(spellings) < SPELLINGS_KEPT:
                    spellings[token] = spelling
            syllables.append(spelling)
        return syllables

    return split


def warm_up() -> None:
    """Load the segmentation model now rather than on the first request."""
    _segmenter()


def tokenize(text: str) -> list[str]:
    """Words of `text`; a multi-syllable word keeps its inner spaces ("cán bộ")."""
    if not text.strip():
        return []
    return list(_segmenter()(text))


def tokenize_spans(text: str) -> list[Token]:
    """Words with their [start, end) spans in `text`.

    underthesea may re-spell a token (tone placement, spacing); tokens are matched on
    their folded, space-free form, and a token that cannot be found is skipped.
    """
    folded: str | None = None  # `fold(text)` (same length), made only if a token was re-spelt
    tokens: list[Token] = []
    pos = 0
    find = text.find
    for word in tokenize(text):
        start = find(word, pos)
        if start >= 0 and (start == pos or text[pos:start].isspace()):  # the token as written
            span: tuple[int, int] | None = (start, start + len(word))
        else:
            while pos < len(text) and text[pos].isspace():
                pos += 1
            folded = folded or fold(text)
            folded_word = fold(word)
            span = (pos, pos + len(folded_word)) if folded.startswith(folded_word, pos) else (
                _find(folded, folded_word.replace(" ", ""), pos))
        if span is None:
            continue
        start, end = span
        tokens.append(Token(word, start, end))
        pos = end
    return tokens


def _find(folded: str, target: str, pos: int) -> tuple[int, int] | None:
    """Find `target` from `pos`, allowing spaces inside the match; skip leading spaces."""
    while pos < len(folded) and folded[pos].isspace():
        pos += 1
    start = folded.find(target[:1], pos) if target else -1
    if start < 0 or start - pos > 20:
        return None
    i, k = start, 0
    while i < len(folded) and k < len(target):
        if folded[i] == target[k]:
            k += 1
        elif not folded[i].isspace():
            return None
        i += 1
    return (start, i) if k == len(target) else None
