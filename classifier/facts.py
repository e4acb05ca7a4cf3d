"""Typed facts read from a normalised petition: money, dates, durations, a request for
confidentiality, and place mentions (raw strings; `policies/` resolves them).

Patterns run on the folded text (same length as the normalised text), so "5 trieu" and
"5 triệu" are one case; every fact keeps its [start, end) span in the normalised text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .normalize import NormalizedText
from .numbers import BIG_WORDS, NUMBER_WORDS, NUMERAL, parse_number_words, parse_numeral


@dataclass(frozen=True, slots=True)
class Money:
    amount_vnd: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DateMention:
    value: date | None  # None when the day or month is impossible
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Duration:
    amount: float
    unit: str  # day | week | month | year | hour
    qualifier: str  # "", "hon" (more than), "gan" (almost), ...
    days: float
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PlaceMention:
    unit: str  # as written: "xã", "huyện", "TP", ...
    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Facts:
    money: tuple[Money, ...]
    dates: tuple[DateMention, ...]
    durations: tuple[Duration, ...]
    places: tuple[PlaceMention, ...]
    confidential: bool

    @property
    def amount_vnd(self) -> int | None:
        """The largest amount mentioned (what thresholds are compared with)."""
        return max((m.amount_vnd for m in self.money), default=None)

    @property
    def longest_wait_days(self) -> float | None:
        return max((d.days for d in self.durations), default=None)


# "tr" and "k" stay unexpanded only when glued to digits on both sides ("1tr2", "2k5")
_UNIT = r"(?:ty|ti|trieu|tram nghin|tram ngan|nghin|ngan|dong|vnd|tr|k|d)"
_MULTIPLIER = {"ty": 1e9, "ti": 1e9, "trieu": 1e6, "tram nghin": 1e5, "tram ngan": 1e5,
               "nghin": 1e3, "ngan": 1e3, "dong": 1, "vnd": 1, "tr": 1e6, "k": 1e3, "d": 1}
_MONEY = re.compile(
    rf"(?<![\w.,])(?P<num>{NUMERAL}) ?(?P<unit>{_UNIT})(?![a-z])"
    rf"(?: ?(?P<num2>\d{{1,3}}) ?(?P<unit2>{_UNIT})(?![a-z])| ?(?P<tail>\d{{1,3}}|ruoi)(?![\w.,]))?"
)


def _money(folded: str) -> list[Money]:
    found: list[Money] = []
    for m in _MONEY.finditer(folded):
        value = parse_numeral(m.group("num"))
        if value is None:
            continue
        unit = _MULTIPLIER[m.group("unit")]
        amount = value * unit
        if m.group("num2"):
            amount += float(m.group("num2")) * _MULTIPLIER[m.group("unit2")]
        elif tail := m.group("tail"):
            if unit < 1e5:  # "500 nghìn 2" is not a fraction
                continue
            amount += unit / 2 if tail == "ruoi" else float(tail) * unit / 10 ** len(tail)
        if amount >= 1000 or unit == 1:
            found.append(Money(int(round(amount)), m.start(), m.end()))
    found.extend(_money_in_words(folded, found))
    return sorted(found, key=lambda x: x.start)


def _money_in_words(folded: str, taken: list[Money]) -> list[Money]:
    """Runs of number words that end in a money unit: "năm trăm nghìn", "hai triệu rưỡi"."""
    found: list[Money] = []
    for m in _NUMBER_WORD_RUN.finditer(folded):
        run = m.group(0).split(" ")
        if run[0] in BIG_WORDS or not any(w in BIG_WORDS for w in run):
            continue
        half = run[-1] == "ruoi"
        value = parse_number_words(run[:-1] if half else run)
        if value:
            if half:
                value += next(BIG_WORDS[w] for w in reversed(run) if w in BIG_WORDS) // 2
            if not any(t.start <= m.start() < t.end for t in taken):
                found.append(Money(value, m.start(), m.end()))
    return found


# a maximal run of whole number words, one space apart
_NUMBER_WORD = "(?:{})(?![a-z])".format("|".join(sorted(NUMBER_WORDS, key=len, reverse=True)))
_NUMBER_WORD_RUN = re.compile(rf"(?<![a-z]){_NUMBER_WORD}(?: {_NUMBER_WORD})*")


_DATE_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\d/-])")
_DATE_WORDS = re.compile(r"ngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})")


def _dates(folded: str) -> list[DateMention]:
    found = []
    for pattern in (_DATE_NUMERIC, _DATE_WORDS):
        for m in pattern.finditer(folded):
            day, month, year = (int(g) for g in m.groups())
            year = year + 2000 if year < 100 else year
            try:
                value: date | None = date(year, month, day)
            except ValueError:
                value = None
            found.append(DateMention(value, m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


_DURATION_UNITS = {"ngay": ("day", 1), "tuan": ("week", 7), "thang": ("month", 30),
                   "nam": ("year", 365), "gio": ("hour", 1 / 24)}
_QUALIFIERS = r"(?:(?P<q>hon|gan|tren|khoang|ca|chung|toi|den|suot) )?"
_DURATION = re.compile(
    rf"(?<!\w){_QUALIFIERS}(?P<n>\d+(?:[.,]\d+)?|nua|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi|vai|may)"
    rf" (?P<unit>ngay|tuan|thang|nam|gio)(?P<half> ruoi)?(?!\w)(?! ?[/-]?\d)"
)
_SMALL_WORDS = {"nua": 0.5, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6,
                "bay": 7, "tam": 8, "chin": 9, "muoi": 10, "vai": 2, "may": 3}


def _durations(folded: str) -> list[Duration]:
    found = []
    for m in _DURATION.finditer(folded):
        raw = m.group("n")
        before = folded[max(0, m.start() - 5) : m.start()]
        if raw.isdigit() is False and raw not in _SMALL_WORDS:
            continue
        if before.endswith(("ngay ", "thang ")) and m.group("unit") in ("thang", "nam"):
            continue  # "ngày 5 tháng 3 năm 2024" is a date
        amount = _SMALL_WORDS.get(raw) or parse_numeral(raw) or 0.0
        if m.group("half"):
            amount += 0.5
        unit, days = _DURATION_UNITS[m.group("unit")]
        found.append(Duration(amount, unit, m.group("q") or "", amount * days, m.start(), m.end()))
    return found


_CONFIDENTIAL = re.compile(
    r"giu (?:bi mat|kin)|(?:giau|dau|an) (?:ten|danh tinh)|an danh|bao mat (?:thong tin|danh tinh|cho toi)"
    r"|khong (?:cong khai|tiet lo|neu) (?:ten|ho ten|danh tinh|thong tin)"
)
_NOT_NEEDED = re.compile(r"khong (?:can|phai|muon)(?: phai)? $")


def _confidential(folded: str) -> bool:
    for m in _CONFIDENTIAL.finditer(folded):
        if not _NOT_NEEDED.search(folded[max(0, m.start() - 18) : m.start()]):
            return True
    return False


# Unit words, folded; a numbered unit may be followed by a number ("quận 3", "thôn 5").
_NAMED_UNITS = r"tinh|thanh pho|tp\.?|huyen|thi xa|thi tran|xa|dac khu|o|tai|que"  # "ở/tại Bình Dương"
_NUMBERED_UNITS = r"quan|phuong|thon|ap|ban|xom|to dan pho|khu pho|khu dan cu|to|khom"
_UNIT_WORD = re.compile(rf"(?<!\w)(?:(?P<named>{_NAMED_UNITS})|(?P<numbered>{_NUMBERED_UNITS})) ")
_WORD_AT = re.compile(r"[^\W\d_]+")
_NUMBER = re.compile(r"\d{1,3}(?!\w)")


def _places(nt: NormalizedText) -> list[PlaceMention]:
    """Unit word (any case, with or without accents) + a capitalised name or a number."""
    found = []
    for m in _UNIT_WORD.finditer(nt.folded):
        end = _capitalised_run(nt.text, m.end())
        if end == m.end() and m.group("numbered") and (number := _NUMBER.match(nt.text, m.end())):
            end = number.end()
        if end > m.end():
            unit = nt.text[m.start() : m.end() - 1]
            found.append(PlaceMention(unit, nt.text[m.end() : end], m.start(), end))
    return found


def _capitalised_run(text: str, pos: int) -> int:
    """End of the run of capitalised words starting at `pos` ("Hải Thọ", "Bà Rịa-Vũng Tàu")."""
    end = pos
    while (word := _WORD_AT.match(text, pos)) and word.group(0)[0].isupper():
        end = word.end()
        if end < len(text) and text[end] in " -" and end + 1 < len(text) and text[end + 1].isupper():
            pos = end + 1
        else:
            break
    return end


def read_facts(nt: NormalizedText) -> Facts:
    """Every fact the text states, with spans in `nt.text` (map them with `nt.source_span`)."""
    return Facts(
        money=tuple(_money(nt.folded)),
        dates=tuple(_dates(nt.folded)),
        durations=tuple(_durations(nt.folded)),
        places=tuple(_places(nt)),
        confidential=_confidential(nt.folded),
    )
