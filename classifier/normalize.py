"""The text layer's one entry point: raw input in, a normalised text out.

    >>> nt = normalize("Cán bộ xã đòi 5tr mới ký, ko có biên nhận")
    >>> nt.text
    'Cán bộ xã đòi 5 triệu mới ký, không có biên nhận'
    >>> nt.source_span(0, 6)        # "Cán bộ" in what the user pasted
    (0, 6)

Steps, in order: guards (size, binary, broken decoding) → characters (NFC, zero-width,
controls, look-alikes) → HTML → legacy encodings (TCVN3, VNI, VIQR, UTF-8 read as
Windows-1252) → spacing and punctuation → one tone-placement convention → abbreviations
and teencode. The steps repeat until the text no longer changes (clean text settles in
one extra round), which makes `normalize` idempotent even for adversarial input.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from pakn.service.errors import BadEncoding, BinaryInput, EmptyText, TextTooLong

from .abbreviations import expand_abbreviations, is_abbreviation
from .aligned import Aligned
from .cleanup import clean_characters, strip_html, tidy_spacing
from .legacy import TCVN3_TABLE, decode_mojibake, decode_tcvn3, decode_viqr, decode_vni
from .vietnamese import fold, is_syllable, place_tones, vietnamese_score

DEFAULT_MAX_CHARS = 20_000
VIETNAMESE_BELOW = 0.5  # under this score a text is flagged as not Vietnamese
_MAX_ROUNDS = 4
_SETTLING_STEPS = {"tones", "abbreviations"}
_ALNUM = re.compile(r"[^\W_]")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # below " ", except tab, LF, CR
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A petition text ready for features, tied back to what the user gave."""

    original: str  # the input as a string (bytes decoded with `encoding`)
    text: str  # normalised: NFC, cleaned, legacy-decoded, abbreviations expanded
    folded: str  # `text` without diacritics, lower case, same length
    alignment: Aligned  # per character of `text`, its span in `original`
    encoding: str  # unicode | utf-8 | utf-16 | cp1258 | latin-1 | tcvn3 | vni | viqr | mojibake
    vietnamese_score: float
    steps: tuple[str, ...]  # what changed the text, e.g. ("html", "legacy:tcvn3")

    @property
    def is_vietnamese(self) -> bool:
        return self.vietnamese_score >= VIETNAMESE_BELOW

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Span of `original` that text[start:end] stands for."""
        return self.alignment.source_span(start, end)


def normalize(raw: str | bytes, *, max_chars: int = DEFAULT_MAX_CHARS) -> NormalizedText:
    """Normalise one petition; raises only `InputError` subclasses for bad input."""
    if isinstance(raw, bytes):
        original, encoding = decode_bytes(raw, max_chars=max_chars)
    else:
        original, encoding = raw, "unicode"
    _guard(original, max_chars)
    aligned = Aligned.identity(original)
    steps: list[str] = []
    for _ in range(_MAX_ROUNDS):
        after, round_steps = _one_round(aligned.text)
        if after is None:
            break
        aligned = aligned.then(after)
        steps.extend(s for s in round_steps if s not in steps)
        if set(round_steps) <= _SETTLING_STEPS:
            break  # these steps create nothing an earlier step would change
    text = aligned.text
    if not _ALNUM.search(text):
        raise EmptyText(f"no letter or digit in {len(original)} input characters")
    return NormalizedText(
        original=original,
        text=text,
        folded=fold(text),
        alignment=aligned,
        encoding=_encoding_name(encoding, steps),
        vietnamese_score=vietnamese_score(text),
        steps=tuple(steps),
    )


def _encoding_name(encoding: str, steps: list[str]) -> str:
    legacy = [s.split(":", 1)[1] for s in steps if s.startswith("legacy:")]
    return legacy[0] if legacy and encoding in ("unicode", "utf-8", "latin-1") else encoding


def _guard(text: str, max_chars: int) -> None:
    if len(text) > max_chars:
        raise TextTooLong(f"{len(text)} characters; the limit is {max_chars}", limit=max_chars)
    if "\x00" in text:
        raise BinaryInput("NUL character in the text")
    controls = len(_CONTROLS.findall(text))
    if controls >= 3 and controls > 0.05 * len(text):
        raise BinaryInput(f"{controls} control characters in {len(text)}")
    if _SURROGATE.search(text):
        raise BadEncoding("lone UTF-16 surrogate: the text was decoded wrongly upstream")
    broken = text.count("\ufffd")
    if broken >= 3 and broken > 0.01 * len(text):
        raise BadEncoding(f"{broken} replacement characters (U+FFFD): the text was decoded wrongly")
    if not text.strip():
        raise EmptyText("only whitespace")


Step = Callable[[str], tuple["Aligned | None", str]]


def _named(name: str, step: Callable[[str], Aligned | None]) -> Step:
    return lambda text: (step(text), name)


def _tones(text: str) -> Aligned | None:
    placed = place_tones(text)
    return None if placed == text else Aligned.identity(placed)


_ROUND: tuple[Step, ...] = (
    _named("html", strip_html),
    lambda text: _decode_legacy(text),
    _named("characters", clean_characters),
    _named("spacing", tidy_spacing),
    _named("tones", _tones),
    _named("abbreviations", lambda text: _expand_if_vietnamese(text)),
)


def _one_round(text: str) -> tuple[Aligned | None, list[str]]:
    """All steps once; None when no step changed anything."""
    aligned: Aligned | None = None
    done: list[str] = []
    for step in _ROUND:
        after, name = step(text if aligned is None else aligned.text)
        if after is not None and after.text != (text if aligned is None else aligned.text):
            aligned = after if aligned is None else aligned.then(after)
            done.append(name)
    return aligned, done


# Words that only other languages use; Vietnamese written without accents has none.
_FOREIGN_WORDS = frozenset(
    """i am is are the of and for you my we it this that with please hello have has was what
    how will your from would like about want need thank les des est je vous une und der die das""".split()
)


def _expand_if_vietnamese(text: str) -> Aligned | None:
    # teencode keys ("ad", "thanks") are ordinary words in other languages
    if not _VIETNAMESE_ONLY.search(text) and _reads_foreign(text):
        return None
    return expand_abbreviations(text)


def _reads_foreign(text: str) -> bool:
    """Words of another language: known ones, or many that are neither Vietnamese
    syllables nor abbreviations of our table ("great", "service", "office")."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if not words:
        return False
    known = sum(1 for w in words if w in _FOREIGN_WORDS)
    strange = sum(1 for w in words if not is_syllable(w) and not is_abbreviation(w))
    return known >= max(1, 0.2 * len(words)) or strange >= 0.4 * len(words)


# Letters a genuine Unicode Vietnamese text has; a legacy text has none of them.
_VIETNAMESE_ONLY = re.compile("[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")
_TCVN3_ONLY = set(TCVN3_TABLE) - set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_VNI_MARK = re.compile("[aeiouyAEIOUY][ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]|[ñÑöÖ]")
_VIQR_MARK = re.compile(r"[aeiouyAEIOUY][\^(+]?['`?~.](?=[a-zA-Z])|[aeoAEO]\^|[aA]\(|[ouOU]\+|\b[dD][dD]")
_MOJIBAKE_MARK = re.compile("[ÃÄÆÂáâ][\u0080-\u00bf\u2018-\u203a\u20ac\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc]")


def _decode_legacy(text: str) -> tuple[Aligned | None, str]:
    """Try each legacy decoder whose marks appear; keep one that clearly reads better."""
    unchanged = (None, "legacy")
    if _VIETNAMESE_ONLY.search(text):
        return unchanged  # already Unicode Vietnamese: never re-decode
    candidates: list[tuple[str, Aligned, int]] = []
    marks = len(_MOJIBAKE_MARK.findall(text))
    if marks >= 2 and (repaired := decode_mojibake(text)) is not None:
        candidates.append(("mojibake", repaired, marks))
    marks = sum(1 for ch in text if ch in _TCVN3_ONLY)
    if marks >= 2:
        candidates.append(("tcvn3", decode_tcvn3(text), marks))
    marks = len(_VNI_MARK.findall(text))
    if marks >= 2:
        candidates.append(("vni", decode_vni(text), marks))
    marks = len(_VIQR_MARK.findall(text))
    if marks >= 2:
        candidates.append(("viqr", decode_viqr(text), marks))
    base = vietnamese_score(text)
    best: tuple[float, str, Aligned] | None = None
    for name, decoded, marks in candidates:
        if not _VIETNAMESE_ONLY.search(decoded.text):
            continue
        score = vietnamese_score(decoded.text)
        # fragments of a legacy text ("Nha`", "to^i") can pass for syllables: with three or
        # more marks, reading no worse than before is enough
        gain = 0.0 if marks >= 3 else 0.15
        if score >= VIETNAMESE_BELOW and score >= base + gain and (best is None or score > best[0]):
            best = (score, name, decoded)
    if best is None:
        return unchanged
    return best[2], f"legacy:{best[1]}"


def decode_bytes(raw: bytes, *, max_chars: int = DEFAULT_MAX_CHARS) -> tuple[str, str]:
    """Bytes of a file or request body → (string, encoding name), or an `InputError`."""
    if len(raw) > 4 * max_chars:
        raise TextTooLong(f"{len(raw)} bytes; the limit is {max_chars} characters", limit=max_chars)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise BadEncoding(f"UTF-16 byte-order mark but invalid UTF-16: {exc}") from None
    if b"\x00" in raw:
        raise BinaryInput("NUL byte in the input")
    controls = sum(1 for b in raw if b < 0x20 and b not in (0x09, 0x0A, 0x0D))
    if controls >= 3 and controls > 0.05 * len(raw):
        raise BinaryInput(f"{controls} control bytes in {len(raw)}")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Not UTF-8: a Windows-1258 export, or TCVN3 / VNI bytes (read as Latin-1).
    options: list[tuple[float, str, str, str]] = []
    for codec in ("cp1258", "latin-1"):
        try:
            as_text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        decoded = None if codec == "cp1258" else _decode_legacy(as_text)[0]
        readable = unicodedata.normalize("NFC", as_text) if decoded is None else decoded.text
        options.append((vietnamese_score(readable), as_text, codec, readable))
    if options:
        score, as_text, codec, readable = max(options, key=lambda o: o[0])
        if score >= 0.6 and len(_VIETNAMESE_ONLY.findall(readable)) >= 2:  # stray bytes prove nothing
            return as_text, codec
    raise BadEncoding("bytes are not UTF-8 and read as no Vietnamese encoding (cp1258, TCVN3, VNI)")
