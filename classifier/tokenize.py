"""Word segmentation with underthesea, behind one seam.

The rest of pakn never imports underthesea. The model ships inside the package; this
module forbids hub downloads, loads it once under a lock (concurrent first calls were
seen to fail) and aligns each token back to its span in the text it was given.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import NamedTuple

from .vietnamese import fold

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing may be downloaded at run time

_lock = threading.Lock()
_word_tokenize: Callable[..., list[str]] | None = None


class Token(NamedTuple):  # a tuple: made for every word of every petition, cheaply
    text: str  # as underthesea returns it (syllables joined by spaces)
    start: int
    end: int


def _segmenter() -> Callable[..., list[str]]:
    global _word_tokenize
    if _word_tokenize is None:
        with _lock:
            if _word_tokenize is None:
                from underthesea import word_tokenize

                word_tokenize("khởi động")  # first call loads the model
                _word_tokenize = word_tokenize
    return _word_tokenize


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
