"""The petition model: one vectorizer, three heads (kind, sector, issues), explanations.

`PetitionModel.predict` returns, per head, probabilities and the evidence that pushed
the chosen labels: spans of the normalised text (mapped to the user's text by the
caller through the text layer's alignment).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

from .features import Doc, SpanIndex, char_features, syllable_features, word_features
from .taxonomy import ISSUES
from .vectorize import FastUnion

EVIDENCE_PER_LABEL = 4


def build_vectorizer(families: tuple[str, ...] = ("w", "s", "c")) -> FeatureUnion:
    """TF-IDF over word (w), syllable (s) and character (c) n-grams of the folded text."""
    def tfidf(analyzer, min_df: int) -> TfidfVectorizer:  # type: ignore[no-untyped-def]
        return TfidfVectorizer(analyzer=analyzer, min_df=min_df, sublinear_tf=True, lowercase=False)

    parts = {"w": tfidf(word_features, 2), "s": tfidf(syllable_features, 2), "c": tfidf(char_features, 3)}
    return FeatureUnion([(name, parts[name]) for name in families])


def build_classifier(C: float, seed: int = 0) -> LogisticRegression:
    return LogisticRegression(C=C, max_iter=3000, class_weight="balanced", random_state=seed)


def _proba(clf: LogisticRegression, X: sparse.csr_matrix) -> np.ndarray:
    """`clf.predict_proba(X)` without scikit-learn's per-call validation (same numbers)."""
    scores = X @ clf.coef_.T + clf.intercept_
    if clf.coef_.shape[0] == 1:  # binary: the positive class's sigmoid
        positive = 1.0 / (1.0 + np.exp(-scores[:, 0]))
        return np.column_stack([1.0 - positive, positive])
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


@dataclass(frozen=True, slots=True)
class HeadResult:
    labels: tuple[str, ...]  # the chosen label(s)
    probabilities: dict[str, float]
    evidence: dict[str, tuple[tuple[int, int], ...]]  # label → spans in the normalised text


@dataclass
class PetitionModel:
    """Fitted parts; built by `train.fit_model`, persisted by `artifacts`."""

    vectorizer: FeatureUnion
    kind: LogisticRegression
    sector: LogisticRegression
    issues: dict[str, LogisticRegression]
    issue_thresholds: dict[str, float]
    review_below: dict[str, float] = field(default_factory=dict)  # head → confidence threshold
    feature_names: np.ndarray = field(default_factory=lambda: np.array([]))
    _fast: FastUnion | None = field(default=None, init=False, repr=False, compare=False)

    def prepare(self) -> FastUnion:
        """The fast transform's lookups, built on first use (about a second)."""
        if self._fast is None:
            for head in (self.kind, self.sector, *self.issues.values()):
                # `X @ coef.T` reads a Fortran-ordered coef in place; a C-ordered one is
                # copied on every call (14 MB for the stacked sector head)
                head.coef_ = np.asfortranarray(head.coef_)
            self._fast = FastUnion(self.vectorizer)
        return self._fast

    def vectorize(self, docs: list[Doc]) -> sparse.csr_matrix:
        """The union's TF-IDF matrix, computed by `FastUnion` (same numbers, less Python)."""
        return self.prepare().transform(docs)

    def predict(self, docs: list[Doc], explain: bool = True) -> list[tuple[HeadResult, HeadResult, HeadResult]]:
        """Labels and probabilities per head; evidence spans only when `explain` (a batch
        that writes no evidence skips that work)."""
        X = self.vectorize(docs)
        kind_p, sector_p = _proba(self.kind, X).tolist(), _proba(self.sector, X).tolist()
        issue_labels = [label for label in ISSUES if label in self.issues]
        issue_p = np.column_stack([_proba(self.issues[label], X)[:, 1] for label in issue_labels]).tolist()
        thresholds = [self.issue_thresholds.get(label, 0.5) for label in issue_labels]
        results = []
        for row, doc in enumerate(docs):
            x, index = (X.getrow(row), SpanIndex(doc)) if explain else (None, None)
            kind = self._single(self.kind, kind_p[row], x, index)
            sector = self._single(self.sector, sector_p[row], x, index)
            probs = {label: round(p, 4) for label, p in zip(issue_labels, issue_p[row], strict=True)}
            chosen = tuple(label for label, t in zip(issue_labels, thresholds, strict=True) if probs[label] >= t)
            evidence = {} if x is None or index is None else {
                label: self._evidence(self.issues[label].coef_[0], x, index) for label in chosen}
            results.append((kind, sector, HeadResult(chosen, probs, evidence)))
        return results

    def _single(self, clf: LogisticRegression, proba: list[float], x: sparse.csr_matrix | None,
                index: SpanIndex | None) -> HeadResult:
        best = max(range(len(proba)), key=proba.__getitem__)  # the first of equal maxima, as np.argmax
        label = str(clf.classes_[best])
        probs = {str(c): round(p, 4) for c, p in zip(clf.classes_, proba, strict=True)}
        if x is None or index is None:
            return HeadResult((label,), probs, {})
        coef = clf.coef_[best] if clf.coef_.shape[0] > 1 else clf.coef_[0]
        return HeadResult((label,), probs, {label: self._evidence(coef, x, index)})

    def _evidence(self, coef: np.ndarray, x: sparse.csr_matrix, index: SpanIndex) -> tuple[tuple[int, int], ...]:
        """Spans of the features that pushed this label most (coefficient × value)."""
        contributions = coef[x.indices] * x.data
        order = np.argsort(-contributions)
        spans: list[tuple[int, int]] = []
        for k in order[: EVIDENCE_PER_LABEL * 4]:
            if contributions[k] <= 0 or len(spans) >= EVIDENCE_PER_LABEL:
                break
            for span in index.spans(str(self.feature_names[x.indices[k]])):
                if not any(s < span[1] and span[0] < e for s, e in spans):
                    spans.append(span)
                    break
        return tuple(sorted(spans))
