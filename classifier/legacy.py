"""Legacy Vietnamese encodings still found in government mail, turned into Unicode.

Each decoder takes the text as it reached us (legacy bytes already read as Latin-1 /
Windows-1252 characters, which is what pasting from an old document gives) and returns
the Unicode text with, for every output character, the index of the input character it
came from. The character tables are the published TCVN 5712:1993 (ABC, "TCVN3") and
VNI-Windows layouts and the VIQR convention (RFC 1456).
"""

from __future__ import annotations

import re
import unicodedata

from .aligned import Aligned, AlignedBuilder

# TCVN3 (ABC): one byte per lower-case letter; upper case only for the seven letters
# with a shape mark (the toned capitals lived in a separate font).
_TCVN3_PAIRS = (
    "¸á µà ¶ả ·ã ¹ạ ¨ă ¾ắ »ằ ¼ẳ ½ẵ Æặ ©â Êấ Çầ Èẩ Éẫ Ëậ ®đ "
    "Ðé Ìè Îẻ Ïẽ Ñẹ ªê Õế Òề Óể Ôễ Öệ Ýí ×ì Øỉ Üĩ Þị "
    "ãó ßò áỏ âõ äọ «ô èố åồ æổ çỗ éộ ¬ơ íớ êờ ëở ìỡ îợ "
    "óú ïù ñủ òũ ôụ \xadư øứ õừ öử ÷ữ ùự ýý úỳ ûỷ üỹ þỵ "
    "¡Ă §Đ £Ê ¢Â ¤Ô ¥Ơ ¦Ư"
)
TCVN3_TABLE: dict[str, str] = {pair[0]: pair[1] for pair in _TCVN3_PAIRS.split(" ")}

# VNI-Windows: a base letter followed by a mark character.
_TONE = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_SINGLE = {
    "ô": "ơ", "ö": "ư", "ñ": "đ", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
    "Ô": "Ơ", "Ö": "Ư", "Ñ": "Đ", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Î": "Ỵ",
}
_VOWELS = set("aeiouyAEIOUYơưƠƯ")


def _mark_lookup(table: dict[str, str], ch: str) -> str | None:
    if ch in table:
        return table[ch]
    low = ch.lower()
    return table[low] if low in table else None


def decode_tcvn3(text: str) -> Aligned:
    return Aligned.identity("".join(TCVN3_TABLE.get(ch, ch) for ch in text))


def decode_vni(text: str) -> Aligned:
    builder = AlignedBuilder()
    i = 0
    while i < len(text):
        base = _VNI_SINGLE.get(text[i], text[i])
        nxt = text[i + 1] if i + 1 < len(text) else ""
        marks: str | None = None
        if base in _VOWELS and nxt:
            if base.lower() in "aeo" and (tone := _mark_lookup(_CIRCUMFLEX, nxt)) is not None:
                marks = "\u0302" + tone
            elif base.lower() == "a" and (tone := _mark_lookup(_BREVE, nxt)) is not None:
                marks = "\u0306" + tone
            elif (tone := _mark_lookup(_TONE, nxt)) is not None:
                marks = tone
        if marks is None:
            builder.add(base, i)
            i += 1
        else:
            builder.add(unicodedata.normalize("NFC", base + marks), i)
            i += 2
    return builder.build()


_VIQR_SHAPE = {"^": "\u0302", "(": "\u0306", "+": "\u031b"}
_VIQR_TONE = {"'": "\u0301", "`": "\u0300", "?": "\u0309", "~": "\u0303", ".": "\u0323"}
_VIQR_SHAPED = {"^": "aeoAEO", "(": "aA", "+": "ouOU"}
_VIQR_VOWEL = re.compile(r"[aeiouyAEIOUY]")


def decode_viqr(text: str) -> Aligned:
    builder = AlignedBuilder()
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in "^(+'`?~.\\":
            builder.add(text[i + 1], i + 1)  # escaped: a literal mark character
            i += 2
            continue
        if ch in "dD" and i + 1 < n and text[i + 1] in "dD":
            builder.add("Đ" if ch == "D" else "đ", i, i + 2)
            i += 2
            continue
        if not _VIQR_VOWEL.match(ch):
            builder.add(ch, i)
            i += 1
            continue
        j, marks = i + 1, ""
        if j < n and text[j] in _VIQR_SHAPE and ch in _VIQR_SHAPED[text[j]]:
            marks += _VIQR_SHAPE[text[j]]
            j += 1
        if j < n and text[j] in _VIQR_TONE and _is_tone_here(text, j):
            marks += _VIQR_TONE[text[j]]
            j += 1
        builder.add(unicodedata.normalize("NFC", ch + marks), i, j)
        i = j
    return builder.build()


def _is_tone_here(text: str, j: int) -> bool:
    """A VIQR tone sign inside a word, or at a word's end in mid-sentence.

    "?" and "." also end sentences: at the end of a word they count as tones only when a
    lower-case word follows (a sentence would go on with a capital).
    """
    after = text[j + 1] if j + 1 < len(text) else ""
    if after.isalpha():
        return True
    if text[j] not in "?.":
        return after == "" or not after.isalnum()
    return after == " " and j + 2 < len(text) and text[j + 2].islower()


# Windows-1252 as browsers apply it: the five unassigned bytes map to C1 controls.
def _sloppy_cp1252_byte(ch: str) -> int | None:
    code = ord(ch)
    if code < 0x80 or code in (0x81, 0x8D, 0x8F, 0x90, 0x9D) or 0xA0 <= code <= 0xFF:
        return code
    try:
        return ch.encode("cp1252")[0]
    except UnicodeEncodeError:
        return None


def decode_mojibake(text: str) -> Aligned | None:
    """Undo UTF-8 bytes that were read as Windows-1252 ("Viá»‡t" → "Việt").

    Each run of non-ASCII characters is turned back into bytes and decoded one UTF-8
    sequence at a time; a byte that starts no valid sequence (mail software often drops
    the 0x81/0x8D/0x8F/0x90/0x9D bytes) keeps its character. None when nothing changed.
    """
    builder = AlignedBuilder()
    changed = False
    for match in re.finditer(r"[^\x00-\x7f]+|[\x00-\x7f]+", text):
        run, start = match.group(0), match.start()
        raw = [_sloppy_cp1252_byte(ch) for ch in run]
        if run[0] < "\x80" or None in raw:
            builder.add(run, start, start + len(run))  # ASCII, or not from Windows-1252
            continue
        changed |= _add_decoded(builder, run, start, bytes(b for b in raw if b is not None))
    return builder.build() if changed else None


def _add_decoded(builder: AlignedBuilder, run: str, start: int, data: bytes) -> bool:
    """Decode `data` (one byte per character of `run`); True if any sequence decoded."""
    decoded_any = False
    pos = 0
    while pos < len(data):
        lead = data[pos]
        size = 2 if 0xC2 <= lead < 0xE0 else 3 if 0xE0 <= lead < 0xF0 else 4 if 0xF0 <= lead < 0xF5 else 0
        if size:
            try:
                builder.add(data[pos : pos + size].decode("utf-8"), start + pos, start + pos + size)
                decoded_any = True
                pos += size
                continue
            except UnicodeDecodeError:
                pass
        builder.add(run[pos], start + pos)
        pos += 1
    return decoded_any
