"""The text layer: hand-picked behaviours and properties that hold for any input."""

import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pakn.classifier import normalize
from pakn.classifier.legacy import TCVN3_TABLE
from pakn.service.errors import BadEncoding, BinaryInput, EmptyText, PaknError, TextTooLong


def test_abbreviation_expansion_keeps_offsets_to_the_original() -> None:
    nt = normalize("Cb xã đòi 5tr, ko có biên nhận")
    assert nt.text == "Cán bộ xã đòi 5 triệu, không có biên nhận"
    start = nt.text.index("triệu")
    assert nt.original[slice(*nt.source_span(start, start + 5))] == "tr"
    start = nt.text.index("không")
    assert nt.original[slice(*nt.source_span(start, start + 5))] == "ko"


def test_html_offsets_point_into_the_pasted_markup() -> None:
    raw = "<p>Kính gửi&nbsp;<b>UBND xã</b></p><p>Cán bộ &quot;hạch sách&quot;</p>"
    nt = normalize(raw)
    assert nt.text == 'Kính gửi ủy ban nhân dân xã\nCán bộ "hạch sách"'
    start = nt.text.index("hạch")
    assert nt.original[slice(*nt.source_span(start, start + 9))] == "hạch sách"


def test_decomposed_marks_and_tone_placement_fold_to_one_form() -> None:
    decomposed = unicodedata.normalize("NFD", "Hoà Bình, thuỷ lợi, khoẻ")
    assert normalize(decomposed).text == "Hòa Bình, thủy lợi, khỏe"
    assert normalize("quý ông") .text == "quý ông"


def test_folded_form_drops_diacritics_and_keeps_length() -> None:
    nt = normalize("Cán bộ địa chính ĐÒI TIỀN")
    assert nt.folded == "can bo dia chinh doi tien"
    assert len(nt.folded) == len(nt.text)
    assert normalize("can bo dia chinh doi tien").folded == nt.folded


def test_invisible_and_lookalike_characters() -> None:
    assert normalize("Cá\u200bn bộ\u00a0\u00a0xã").text == "Cán bộ xã"
    assert normalize("\u0421án bộ").text == "Cán bộ"  # Cyrillic С inside a Latin word
    assert normalize("Привет").text == "Привет"  # a Russian word stays Russian


@pytest.mark.parametrize(
    "raw, error",
    [
        ("", EmptyText),
        ("  \n\t ", EmptyText),
        ("\u200b\u200b", EmptyText),
        ("...!!!", EmptyText),
        ("abc\x00def", BinaryInput),
        ("Vi\ufffd\ufffdt Nam \ufffd", BadEncoding),
        ("a" * 20_001, TextTooLong),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BinaryInput),
        (b"\xc3\x28\xa0\xa1 \xff\xfe", BadEncoding),
    ],
)
def test_guards(raw: str | bytes, error: type[PaknError]) -> None:
    with pytest.raises(error):
        normalize(raw)


def test_limit_is_configurable() -> None:
    with pytest.raises(TextTooLong):
        normalize("đơn " * 30, max_chars=100)


def test_non_vietnamese_text_is_flagged_not_rejected() -> None:
    english = normalize("Hello, I would like to ask about my visa application status")
    assert not english.is_vietnamese
    assert normalize("toi muon hoi ve viec cap so do cho nha toi").is_vietnamese
    assert normalize("Tôi muốn hỏi về việc cấp sổ đỏ").is_vietnamese


# Inputs built from the pieces that make the text layer work hard.
_PIECES = st.sampled_from(
    ["cán bộ", "xã", " ", "\n", "!!", "...", "ko", "5tr", "500k", "UBND", "<p>", "</b>", "&amp;", "&#7879;",
     "hoà", "thuỷ", "Vie^.t", "dd", "Coäng", "aù", "ñ", "\u0301", "\u200b", "\u00a0", "Ã", "á»‡", "\u0421",
     "2.000.000đ", "ngày 3/4/2025", "hơn 40 ngày", "giữ bí mật", "xã Hải Thọ", "\t", "\r\n"]
    + list(TCVN3_TABLE)
)
vietnamese_ish = st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=30).map("".join)
anything = st.one_of(st.text(max_size=300), vietnamese_ish)


def _normalized_or_none(raw: str):  # type: ignore[no-untyped-def]
    try:
        return normalize(raw)
    except PaknError:
        return None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(anything)
@example("Céng hoµ x· héi chñ nghÜa ViÖt Nam")
@example("aaù aaù")
@example("&amp;lt;b&amp;gt;")
def test_normalize_is_idempotent_nfc_and_aligned(raw: str) -> None:
    nt = _normalized_or_none(raw)
    if nt is None:
        return
    assert normalize(nt.text).text == nt.text
    assert unicodedata.is_normalized("NFC", nt.text)
    assert len(nt.folded) == len(nt.text)
    n = len(nt.original)
    for start, end in zip(nt.alignment.starts, nt.alignment.ends, strict=True):
        assert 0 <= start < end <= n


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_bytes_never_raise_anything_but_pakn_errors(raw: bytes) -> None:
    _normalized_or_none(raw)  # any other exception fails the test
