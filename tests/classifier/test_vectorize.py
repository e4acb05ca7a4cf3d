"""The fast TF-IDF transform gives scikit-learn's matrix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pakn.classifier import normalize
from pakn.classifier.corpus import load_split
from pakn.classifier.features import Doc, make_doc
from pakn.classifier.model import build_vectorizer
from pakn.classifier.vectorize import FastUnion

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture(scope="module")
def docs() -> list[Doc]:
    rows, _ = load_split(CORPUS / "dev.jsonl")
    rows = rows[:400]
    return [make_doc(normalize(row.text)) for row in rows]


def test_fast_transform_equals_scikit_learn(docs: list[Doc]) -> None:
    union = build_vectorizer().fit(docs[:300])
    unseen = docs[300:] + [make_doc(normalize("Xin chào")), make_doc(normalize("zzq xqj 123"))]
    expected = union.transform(unseen).toarray()
    got = FastUnion(union).transform(unseen)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got.toarray(), expected, rtol=1e-12, atol=1e-15)


def test_a_chunk_gives_the_rows_of_single_docs(docs: list[Doc]) -> None:
    fast = FastUnion(build_vectorizer().fit(docs))
    whole = fast.transform(docs[:20]).toarray()
    one_by_one = np.vstack([fast.transform([d]).toarray() for d in docs[:20]])
    np.testing.assert_array_equal(whole, one_by_one)
