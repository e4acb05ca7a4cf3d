"""Character-level cleanup steps of the text layer; each returns an `Aligned` text.

* `clean_characters`: NFC (decomposed marks composed), zero-width and control characters
  dropped, full-width forms and Cyrillic/Greek look-alikes inside Latin words mapped to
  Latin, odd spaces made plain.
* `strip_html`: tags and comments removed (block tags become line breaks), entities
  decoded — what a petition pasted from an e-mail or a portal brings along.
* `tidy_spacing`: runs of spaces, blank lines and repeated punctuation collapsed.
"""

from __future__ import annotations

import html
import re
import unicodedata

from .aligned import Aligned, AlignedBuilder

_DROP = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u200e", "\u200f"}
_SPACES = {"\t", "\u00a0", "\u2007", "\u202f", "\u3000"} | {chr(c) for c in range(0x2000, 0x200B)}
_LINE_BREAKS = {"\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85"}

# Letters that look Latin but are not; mapped only inside words that also hold Latin
# letters, so a Russian or Greek text stays what it is.
_LOOKALIKES = dict(
    zip(
        "аеорсхуіјԁһѕАВЕКМНОРСТХУІЈЅοαΑΒΕΗΙΚΜΝΟΡΤΥΧνρ",
        "aeopcxyijdhsABEKMHOPCTXYIJSoaABEHIKMNOPTYXvp",
        strict=True,
    )
)
_LOOKALIKE_CHARS = re.compile("[" + "".join(_LOOKALIKES) + "]")
_WORD = re.compile(r"[^\W\d_]+")


def _is_combining(ch: str) -> bool:
    return unicodedata.combining(ch) != 0


_COMBINING_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_FULLWIDTH = re.compile("[\uff01-\uff5e]")


def _already_clean(text: str) -> bool:
    return (
        text.replace("\n", "").isprintable()  # no control, format, odd space or unassigned
        and unicodedata.is_normalized("NFC", text)
        and not _COMBINING_MARKS.search(text)
        and not _FULLWIDTH.search(text)
        and not _LOOKALIKE_CHARS.search(text)
    )


def clean_characters(text: str) -> Aligned | None:
    """The cleaned text, or None when there is nothing to clean."""
    if _already_clean(text):
        return None
    out = AlignedBuilder()
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and _is_combining(text[j]):  # a base letter and its marks
            j += 1
        cluster = text[i:j]
        first = cluster[0]
        if first in _DROP:
            i += 1
            continue
        if first in _LINE_BREAKS:
            if first == "\r" and j < n and text[j] == "\n":
                i += 1  # \r\n → \n: keep the \n that follows
                continue
            out.add("\n", i)
            i += 1
            continue
        if first in _SPACES:
            out.add(" ", i)
            i += 1
            continue
        if unicodedata.category(first) in ("Cc", "Cf", "Co", "Cs", "Cn") and first != "\n":
            i = j  # control, format, private-use, surrogate, unassigned: drop with marks
            continue
        if len(cluster) > 1 and _is_combining(first):
            i = j  # marks with no base letter
            continue
        composed = unicodedata.normalize("NFC", cluster)
        if "\uff01" <= first <= "\uff5e":  # full-width ASCII
            composed = unicodedata.normalize("NFKC", composed)
        out.add(composed, i, j)
        i = j
    return _fix_lookalikes(out.build())


def _is_latin(ch: str) -> bool:
    return "a" <= ch.lower() <= "z" or unicodedata.name(ch, "").startswith("LATIN")


def _fix_lookalikes(aligned: Aligned) -> Aligned:
    text = aligned.text
    if not _LOOKALIKE_CHARS.search(text):
        return aligned
    chars = list(text)
    for match in _WORD.finditer(text):
        word = match.group(0)
        if any(_is_latin(c) for c in word) and any(c in _LOOKALIKES for c in word):
            for k, c in enumerate(word):
                chars[match.start() + k] = _LOOKALIKES.get(c, c)
    return Aligned("".join(chars), aligned.starts, aligned.ends)


_BLOCK_TAGS = "p|br|div|li|ul|ol|tr|table|h[1-6]|blockquote|pre|section|article|header|footer|hr"
_INLINE_TAGS = (
    "span|b|i|u|s|strong|em|a|font|td|th|tbody|thead|img|html|head|body|meta|link|title|"
    r"o:p|sup|sub|small|big|center|label|code|mark|del|ins|abbr|cite|q|wbr|nobr"
)
_TAG = re.compile(
    rf"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>"
    rf"|<\s*/?\s*(?:({_BLOCK_TAGS})|(?:{_INLINE_TAGS}))\b[^<>]*>"
    rf"|&(?:#\d{{1,7}}|#[xX][0-9a-fA-F]{{1,6}}|[a-zA-Z][a-zA-Z0-9]{{1,31}});",
    re.IGNORECASE | re.DOTALL,
)


def strip_html(text: str) -> Aligned | None:
    """Remove tags, decode entities; None when no tag or entity is present."""
    if "<" not in text and "&" not in text:
        return None
    out = AlignedBuilder()
    pos = 0
    after_block = False  # the last line break came from a paragraph-like tag
    for match in _TAG.finditer(text):
        if match.start() > pos:
            after_block = False
        out.copy(text, pos, match.start())
        token = match.group(0)
        if token.startswith("&"):
            decoded = html.unescape(token)
            if decoded != token:
                out.add(decoded, match.start(), match.end())
            else:
                out.add(token, match.start(), match.end())
        elif match.group(2):
            # one break between paragraphs ("</p><p>", "</p><br>"); each further <br> adds one
            is_br = match.group(2).lower() == "br"
            if out.last_char() != "\n" or (is_br and not after_block):
                out.add("\n", match.start(), match.end())
            after_block = after_block or not is_br
        pos = match.end()
    if pos == 0:
        return None
    out.copy(text, pos, len(text))
    return out.build()


_PUNCT_RUNS = "!?,;:"


_UNTIDY = re.compile(r"  |^[ \n]|[ \n]$| \n|\n |\n\n\n|([!?,;:])\1|\.\.\.\.")


def tidy_spacing(text: str) -> Aligned | None:
    """Single spaces, at most one blank line, no space at line ends, no repeated !?,;:."""
    if not _UNTIDY.search(text):
        return None
    out = AlignedBuilder()
    trailing_newlines = 0
    dots = 0
    for i, ch in enumerate(text):
        prev = out.last_char()
        if ch == " ":
            if prev not in ("", " ", "\n"):
                out.add(" ", i)
            continue
        if ch == "\n":
            if prev == " ":
                out.pop()
                prev = out.last_char()
            if prev and trailing_newlines < 2:
                out.add("\n", i)
                trailing_newlines += 1
            continue
        trailing_newlines = 0
        if ch in _PUNCT_RUNS and prev == ch:
            continue
        if ch == ".":
            dots = dots + 1 if prev == "." else 1
            if dots > 3:
                continue
        out.add(ch, i)
    while out.last_char() in (" ", "\n") and out.last_char():
        out.pop()
    return out.build()
