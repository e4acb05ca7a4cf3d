"""pakn's decoding of underthesea's segmentation CRF returns `word_tokenize`'s words."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from underthesea import word_tokenize

from pakn.classifier import segment, tokenize
from pakn.classifier.segment import CachedSegmenter

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SYLLABLES = ["cán", "bộ", "xã", "đòi", "tiền", "hồ", "sơ", "Ủy", "ban", "nhân", "dân", "can",
             "bo", "dia", "chinh", "ko", "dc", "5tr", "UBND", "TP.HCM", "12/3/2025", "Nguyễn",
             "Văn", "A", "NĐ-CP", "...", ",", ".", "(", ")", "!", "?", "-", "=))", "đi", "học"]


@pytest.fixture(scope="module")
def segmenter() -> CachedSegmenter:
    made = tokenize._segmenter()
    assert isinstance(made, CachedSegmenter), "underthesea's internals changed: decoding falls back"
    return made


def _fresh(**changes: object) -> CachedSegmenter:
    """A segmenter over the same underthesea model, with empty caches."""
    made = tokenize.new_segmenter()
    for name, value in changes.items():
        setattr(made, name, value)
    return made


def test_words_equal_word_tokenize_on_the_dev_and_test_splits(segmenter: CachedSegmenter) -> None:
    texts = [json.loads(line)["text"] for name in ("dev", "test")
             for line in (CORPUS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
    differing = [text[:60] for text in texts if segmenter(text) != word_tokenize(text)]
    assert differing == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.lists(st.sampled_from(SYLLABLES), max_size=40).map(" ".join),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=120),
))
def test_words_equal_word_tokenize_on_any_text(segmenter: CachedSegmenter, text: str) -> None:
    assert segmenter(text) == word_tokenize(text)


def test_each_syllable_gap_equals_the_crf_scores_of_its_features(
        segmenter: CachedSegmenter) -> None:
    import underthesea.pipeline.word_tokenize as segmentation

    featurizer = segmentation.word_tokenize_model.featurizer
    syllables = segmenter._split("Cán bộ địa chính xã Tân Hòa hẹn lên hẹn xuống, đòi 5 triệu.")
    gaps = segmenter._gaps(syllables)
    for position, features in enumerate(featurizer.process([[[s] for s in syllables]])[0]):
        # the exact scores, each label forced in turn
        expected = segmenter._forced_score(features, 0) - segmenter._forced_score(features, 1)
        assert gaps[position] == pytest.approx(expected, abs=1e-11)


def test_spelt_features_equal_the_featurizer_s_on_the_dev_and_test_splits(
        segmenter: CachedSegmenter) -> None:
    """A window of two or three plain syllables gets the very strings the featurizer gives."""
    texts = [json.loads(line)["text"] for name in ("dev", "test")
             for line in (CORPUS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
    compared, differing = 0, []
    for text in texts[::3]:
        syllables = segmenter._split(text)
        padded = ["x", "x", *syllables, "x", "x"]
        for length in (2, 3):
            rows = segmenter._featurizers[length].process([[[s] for s in padded]])[0]
            for start in range(len(syllables) - length + 1):
                window = tuple(syllables[start:start + length])
                spelt = segmenter.spelt(length, window)
                if spelt is None:
                    continue
                expected = [[rows[start + 2 - a][i] for i in pick]
                            for a, pick in zip(segmenter._offsets[length], segmenter._picks[length])]
                compared += 1
                if spelt != expected:
                    differing.append((window, spelt, expected))
    assert compared > 50_000 and differing == []


def test_windows_with_other_characters_are_left_to_the_featurizer(segmenter: CachedSegmenter) -> None:
    assert segmenter.spelt(2, ("cán", "bộ")) is not None
    for odd in (("ƛ", "bộ"), ("ªm", "x"), ("Straße", "A"), ("ΣΑ", "b")):
        assert segmenter.spelt(2, odd) is None


def test_a_near_tie_is_left_to_word_tokenize(segmenter: CachedSegmenter, monkeypatch) -> None:
    monkeypatch.setattr(segment, "TIE", 1e9)  # every decision counts as a tie
    calls = []
    made = _fresh(_fallback=lambda text: calls.append(text) or word_tokenize(text))
    text = "Cán bộ xã hẹn lên hẹn xuống"
    assert made(text) == word_tokenize(text)
    assert calls == [text]


def test_the_cache_is_bounded_and_forgetting_changes_nothing(
        segmenter: CachedSegmenter, monkeypatch) -> None:
    monkeypatch.setattr(segment, "CACHE_LIMIT", 5)
    made = _fresh()
    texts = ["Cán bộ địa chính đòi tiền mới ký hồ sơ", "can bo dia chinh doi tien",
             "Ủy ban nhân dân xã chưa trả lời đơn của tôi sau ba tháng"]
    for text in texts * 2:
        assert made(text) == word_tokenize(text)
    assert all(len(table.ids) <= 5 + 20 for table in made._tables.values())


def test_template_names_give_their_window() -> None:
    assert segment._span("T[0]") == (0, 1)
    assert segment._span("T[-2,-1].lower") == (-2, 2)
    assert segment._span("T[-1,1].is_in_dict") == (-1, 3)
    with pytest.raises(ValueError):
        segment._span("W[0]")
