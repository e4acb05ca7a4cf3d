"""A fitted TF-IDF union's `transform`, recomputed for speed: the same matrix, less Python.

scikit-learn's `TfidfVectorizer.transform` looks every n-gram up one by one; for the
character family that is some 1,500 lookups per petition, most of them repeating across
petitions, because a few thousand syllables make up nearly all Vietnamese text. Here each
syllable's character n-grams are looked up once and kept as an index array, and the whole
chunk's counts, sublinear TF, IDF and L2 norms are computed on arrays in one go. The
word and syllable families ("w:a", "w:a b") are looked up by unigram and by pair of
unigrams, so no bigram string is built. `tests/classifier/test_vectorize.py` checks the
result equals scikit-learn's on the corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from .features import SYLLABLE, Doc, char_features, syllable_char_grams, syllable_features, word_features

SYLLABLE_CACHE = 200_000  # syllables whose n-gram indices are kept; cleared when full


class _Family:
    """One fitted TfidfVectorizer of the union, as arrays and a lookup."""

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        if not (vectorizer.sublinear_tf and vectorizer.use_idf and vectorizer.norm == "l2"):
            raise ValueError("only sublinear, IDF-weighted, L2-normalised TF-IDF is recomputed here")
        self.vocabulary: dict[str, int] = vectorizer.vocabulary_
        self.idf = vectorizer.idf_
        self.width = len(self.idf)
        self.analyzer: Callable[[Doc], list[str]] = vectorizer.analyzer
        self._syllables: dict[str, np.ndarray] = {}
        self.items = {word_features: "words", syllable_features: "syllables"}.get(self.analyzer)
        if self.items is None and self.analyzer is not char_features:
            raise ValueError(f"no fast transform for analyzer {self.analyzer!r}")
        self.unigrams: dict[str, int] = {}
        self.bigrams: dict[tuple[str, str], int] = {}
        for gram, column in self.vocabulary.items() if self.items is not None else ():
            parts = gram[2:].split(" ")  # "w:can_bo xa" → ["can_bo", "xa"]
            if len(parts) == 1:
                self.unigrams[parts[0]] = column
            else:
                self.bigrams[(parts[0], parts[1])] = column

    def indices(self, doc: Doc) -> np.ndarray:
        """Column of every in-vocabulary n-gram occurrence in `doc`, repeats kept."""
        if self.items is None:
            parts = [self._syllable_indices(s) for s in SYLLABLE.findall(doc.folded)]
            return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
        names = doc.syllables if self.items == "syllables" else [name for name, _, _ in doc.words]
        found = [*map(self.unigrams.get, names), *map(self.bigrams.get, zip(names, names[1:]))]
        return np.array([i for i in found if i is not None], dtype=np.int64)

    def _syllable_indices(self, syllable: str) -> np.ndarray:
        found = self._syllables.get(syllable)
        if found is None:
            if len(self._syllables) >= SYLLABLE_CACHE:
                self._syllables.clear()
            get = self.vocabulary.get
            found = np.array([i for g in syllable_char_grams(syllable) if (i := get(g)) is not None],
                             dtype=np.int64)
            self._syllables[syllable] = found
        return found

    def transform(self, docs: list[Doc]) -> sparse.csr_matrix:
        columns = [self.indices(doc) for doc in docs]
        rows = np.repeat(np.arange(len(docs)), [len(c) for c in columns])
        cols = np.concatenate(columns) if columns else np.empty(0, dtype=np.int64)
        counts = sparse.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(len(docs), self.width))
        counts.sum_duplicates()  # also sorts each row's columns, as scikit-learn does
        counts.data = (np.log(counts.data) + 1.0) * self.idf[counts.indices]
        lengths = np.diff(counts.indptr)
        norms = np.sqrt(np.bincount(np.repeat(np.arange(len(docs)), lengths), weights=counts.data**2,
                                    minlength=len(docs)))
        counts.data /= np.repeat(np.where(norms > 0, norms, 1.0), lengths)
        return counts


class FastUnion:
    """`FeatureUnion.transform` for the petition model's union of TF-IDF families."""

    def __init__(self, union: FeatureUnion) -> None:
        self.families = [_Family(vectorizer) for _, vectorizer in union.transformer_list]

    def transform(self, docs: Iterable[Doc]) -> sparse.csr_matrix:
        docs = list(docs)
        return sparse.hstack([family.transform(docs) for family in self.families], format="csr")
