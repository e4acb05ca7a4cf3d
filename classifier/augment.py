"""Augmented copies of original petitions, made by code and marked as such.

Each method imitates a way real input degrades: no accents, teencode, a legacy
encoding (TCVN3, VNI), typing slips, all capitals. Copies are deterministic (seeded by
the parent's id) and carry `source: augmented:<method>:<parent id>`.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from dataclasses import replace

from .corpus import AUGMENT_METHODS, Petition
from .legacy import TCVN3_TABLE

AUGMENTED_SHARE = 0.35  # of originals that get one augmented copy


def _rng(key: str) -> random.Random:
    return random.Random(int(hashlib.sha256(key.encode()).hexdigest()[:16], 16))


def strip_diacritics(text: str) -> str:
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("d" if ch == "đ" else "D")
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base if base.isascii() or not ch.isalpha() else ch)
    return "".join(out)


_TEENCODE = {
    "không": ["ko", "k", "hok", "kg"], "được": ["dc", "đc", "dk"], "gì": ["j", "gi"],
    "vậy": ["z", "v"], "biết": ["bít", "bik"], "quá": ["wá", "qá"], "người": ["ng"],
    "rồi": ["r", "roài"], "với": ["vs", "vx"], "cán bộ": ["cb"], "hồ sơ": ["hs"],
    "ủy ban nhân dân": ["ubnd", "UBND"], "bao nhiêu": ["bn"], "thời gian": ["tg"],
    "giải quyết": ["gq"], "mọi người": ["mn"], "trước": ["trc"], "triệu": ["tr", "củ"],
}
_TEEN_PATTERN = re.compile("|".join(sorted(map(re.escape, _TEENCODE), key=len, reverse=True)), re.IGNORECASE)


def teencode(text: str, rng: random.Random) -> str:
    swapped = _TEEN_PATTERN.sub(lambda m: rng.choice(_TEENCODE[m.group(0).lower()]), text.lower())
    # messages drop most accents, but not all
    return "".join(strip_diacritics(w) if rng.random() < 0.7 else w for w in re.split(r"(\s+)", swapped))


_TO_TCVN3 = {uni: legacy for legacy, uni in TCVN3_TABLE.items()}


def to_tcvn3(text: str) -> str:
    """TCVN3 as pasted from an old document; toned capitals (absent from ABC) lowered."""
    out = []
    for ch in text:
        if ch in _TO_TCVN3:
            out.append(_TO_TCVN3[ch])
        elif ch.lower() in _TO_TCVN3 and not ch.isascii():
            out.append(_TO_TCVN3[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


_VNI_TONE = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_CIRC = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
_VNI_I = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def to_vni(text: str) -> str:
    """VNI-Windows as pasted: a base letter followed by its mark character(s)."""
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("ñ" if ch == "đ" else "Ñ")
            continue
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        if not marks or not base.isascii():
            out.append(ch)
            continue
        tone = next((m for m in marks if m in _VNI_TONE), "")
        upper = base.isupper()
        if "\u031b" in marks:  # horn: ơ ư are single characters in VNI
            letter = {"o": "ô", "u": "ö"}[base.lower()]
            out.append((letter.upper() if upper else letter) + _case(_VNI_TONE.get(tone, ""), upper))
        elif "\u0302" in marks:
            out.append(base + _case(_VNI_CIRC[tone], upper))
        elif "\u0306" in marks:
            out.append(base + _case(_VNI_BREVE[tone], upper))
        elif base.lower() == "i" and tone:
            out.append(_case(_VNI_I[tone], upper))
        elif base.lower() == "y" and tone == "\u0323":
            out.append("Î" if upper else "î")
        else:
            out.append(base + _case(_VNI_TONE.get(tone, ""), upper))
    return "".join(out)


def _case(mark: str, upper: bool) -> str:
    return mark.upper() if upper else mark


def typos(text: str, rng: random.Random) -> str:
    """Slips of a hurried typist: a few words lose accents, letters swap or double."""
    pieces = re.split(r"(\s+)", text)
    for k, piece in enumerate(pieces):
        if not piece.strip() or rng.random() > 0.12:
            continue
        choice = rng.random()
        if choice < 0.5:
            pieces[k] = strip_diacritics(piece)
        elif choice < 0.75 and len(piece) > 3:
            i = rng.randrange(len(piece) - 1)
            pieces[k] = piece[:i] + piece[i + 1] + piece[i] + piece[i + 2 :]
        elif len(piece) > 2:
            i = rng.randrange(len(piece))
            pieces[k] = piece[:i] + piece[i] + piece[i:]
    return "".join(pieces)


def augment(petition: Petition, method: str) -> Petition:
    rng = _rng(f"{method}:{petition.id}")
    diacritics = petition.diacritics
    if method == "strip_diacritics":
        text, diacritics = strip_diacritics(petition.text), "none"
    elif method == "teencode":
        text, diacritics = teencode(petition.text, rng), "partial"
    elif method == "tcvn3":
        text = to_tcvn3(petition.text)
    elif method == "vni":
        text = to_vni(petition.text)
    elif method == "typos":
        text = typos(petition.text, rng)
        diacritics = "partial" if diacritics == "full" else diacritics
    elif method == "upper":
        text = petition.text.upper()
    else:
        raise ValueError(f"unknown augmentation {method!r}; expected one of {', '.join(AUGMENT_METHODS)}")
    return replace(
        petition, id=f"{petition.id}~{method}", text=unicodedata.normalize("NFC", text),
        diacritics=diacritics, source=f"augmented:{method}:{petition.id}",
    )


def choose_augmentations(originals: list[Petition]) -> list[Petition]:
    """One copy for a fixed share of originals, the method picked by the parent's id."""
    copies = []
    for petition in originals:
        rng = _rng(f"pick:{petition.id}")
        if rng.random() >= AUGMENTED_SHARE:
            continue
        methods = [m for m in AUGMENT_METHODS if not (m == "strip_diacritics" and petition.diacritics == "none")]
        copies.append(augment(petition, rng.choice(methods)))
    return copies
