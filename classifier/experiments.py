"""Model selection on the dev split: the alternatives we tried, scored the same way.

`pakn train --experiments` fits each candidate on train and prints its dev figures (the
test split is never read). The README's model section quotes this table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.naive_bayes import ComplementNB
from sklearn.svm import LinearSVC

from .heads import fit_issue, fit_multiclass
from .model import build_classifier, build_vectorizer
from .taxonomy import ISSUES
from .train import ISSUE_THRESHOLD_GRID, Labelled

Factory = Callable[[], Any]


class NBWeighted:
    """`heads.fit_multiclass` / `heads.fit_issue` (logistic regression on NB-weighted
    features) as an estimator."""

    def __init__(self, C: float, fit: Callable[..., LogisticRegression]) -> None:
        self.C, self.fit_head = C, fit

    def fit(self, X: Any, y: Any) -> NBWeighted:
        self.clf_ = self.fit_head(self.C, X, list(y))
        return self

    def predict(self, X: Any) -> np.ndarray:
        return self.clf_.predict(X)

    def predict_proba(self, X: Any) -> np.ndarray:
        return self.clf_.predict_proba(X)


@dataclass(frozen=True)
class Candidate:
    families: tuple[str, ...]
    estimator: Factory  # for every head, unless one below is given
    classes: Factory | None = None  # kind and sector
    issue: Factory | None = None


CANDIDATES: dict[str, Candidate] = {
    "logreg C=4, words+syllables+chars": Candidate(("w", "s", "c"), lambda: build_classifier(4)),
    "logreg C=4; issues on NB-weighted features": Candidate(
        ("w", "s", "c"), lambda: build_classifier(4), issue=lambda: NBWeighted(4, fit_issue)),
    "logreg C=4; every head on NB-weighted features (chosen)": Candidate(
        ("w", "s", "c"), lambda: build_classifier(4), classes=lambda: NBWeighted(4, fit_multiclass),
        issue=lambda: NBWeighted(4, fit_issue)),
    "logreg C=4, characters only": Candidate(("c",), lambda: build_classifier(4)),
    "logreg C=4, words+syllables only": Candidate(("w", "s"), lambda: build_classifier(4)),
    "linear SVM C=0.5 + sigmoid calibration, all features": Candidate(
        ("w", "s", "c"), lambda: CalibratedClassifierCV(LinearSVC(C=0.5, class_weight="balanced"), cv=3)),
    "complement naive Bayes, all features": Candidate(("w", "s", "c"), lambda: ComplementNB(alpha=0.3)),
}


def run_experiments(train: list[Labelled], dev: list[Labelled]) -> list[dict[str, Any]]:
    rows = []
    for name, candidate in CANDIDATES.items():
        vectorizer = build_vectorizer(candidate.families).fit([x.doc for x in train])
        X_train = vectorizer.transform([x.doc for x in train])
        X_dev = vectorizer.transform([x.doc for x in dev])
        classes = candidate.classes or candidate.estimator
        kind = classes().fit(X_train, [x.petition.kind for x in train]).predict(X_dev)
        sector = classes().fit(X_train, [x.petition.sector for x in train]).predict(X_dev)
        gold_issues = np.array([[label in x.petition.issues for label in ISSUES] for x in dev])
        at_half, at_best = np.zeros_like(gold_issues), np.zeros_like(gold_issues)
        for k, label in enumerate(ISSUES):
            y = [label in x.petition.issues for x in train]
            proba = (candidate.issue or candidate.estimator)().fit(X_train, y).predict_proba(X_dev)[:, 1]
            at_half[:, k] = proba >= 0.5
            best = max(ISSUE_THRESHOLD_GRID, key=lambda t: f1_score(gold_issues[:, k], proba >= t, zero_division=0.0))
            at_best[:, k] = proba >= best
        rows.append({
            "model": name,
            "features": int(X_train.shape[1]),
            "kind_macro_f1": round(float(f1_score([x.petition.kind for x in dev], kind, average="macro")), 4),
            "sector_accuracy": round(float(accuracy_score([x.petition.sector for x in dev], sector)), 4),
            "issues_micro_f1_at_0.5": _micro(gold_issues, at_half),
            "issues_micro_f1_each_threshold_tuned": _micro(gold_issues, at_best),
        })
    return rows


def _micro(gold: np.ndarray, predicted: np.ndarray) -> float:
    return round(float(f1_score(gold, predicted, average="micro", zero_division=0.0)), 4)
