"""Model selection on the dev split: the alternatives we tried, scored the same way.

`pakn train --experiments` fits each candidate on train and prints its dev figures (the
test split is never read). The README's model section quotes this table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.naive_bayes import ComplementNB
from sklearn.svm import LinearSVC

from .model import build_vectorizer
from .taxonomy import ISSUES
from .train import Labelled

Factory = Callable[[], Any]
CANDIDATES: dict[str, tuple[tuple[str, ...], Factory]] = {
    "logreg C=4, words+syllables+chars (chosen family)": (("w", "s", "c"),
                                                          lambda: LogisticRegression(C=4, max_iter=3000, class_weight="balanced")),
    "logreg C=4, characters only": (("c",), lambda: LogisticRegression(C=4, max_iter=3000, class_weight="balanced")),
    "logreg C=4, words+syllables only": (("w", "s"), lambda: LogisticRegression(C=4, max_iter=3000, class_weight="balanced")),
    "linear SVM C=0.5 + sigmoid calibration, all features": (
        ("w", "s", "c"), lambda: CalibratedClassifierCV(LinearSVC(C=0.5, class_weight="balanced"), cv=3)),
    "complement naive Bayes, all features": (("w", "s", "c"), lambda: ComplementNB(alpha=0.3)),
}


def run_experiments(train: list[Labelled], dev: list[Labelled]) -> list[dict[str, Any]]:
    rows = []
    for name, (families, factory) in CANDIDATES.items():
        vectorizer = build_vectorizer(families).fit([x.doc for x in train])
        X_train = vectorizer.transform([x.doc for x in train])
        X_dev = vectorizer.transform([x.doc for x in dev])
        kind = factory().fit(X_train, [x.petition.kind for x in train]).predict(X_dev)
        sector = factory().fit(X_train, [x.petition.sector for x in train]).predict(X_dev)
        gold_issues = np.array([[label in x.petition.issues for label in ISSUES] for x in dev])
        predicted = np.zeros_like(gold_issues)
        for k, label in enumerate(ISSUES):
            y = [label in x.petition.issues for x in train]
            predicted[:, k] = factory().fit(X_train, y).predict_proba(X_dev)[:, 1] >= 0.5
        rows.append({
            "model": name,
            "features": int(X_train.shape[1]),
            "kind_macro_f1": round(float(f1_score([x.petition.kind for x in dev], kind, average="macro")), 4),
            "sector_accuracy": round(float(accuracy_score([x.petition.sector for x in dev], sector)), 4),
            "issues_micro_f1_at_0.5": round(float(f1_score(gold_issues, predicted, average="micro", zero_division=0.0)), 4),
        })
    return rows
