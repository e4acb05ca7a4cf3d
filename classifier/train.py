"""Training: choose each head's regularisation on dev, tune thresholds on dev, refit on
train + dev. The test split is never read here. How each head is fitted is `heads.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score

from pakn.service.errors import InputError

from .corpus import Petition
from .features import Doc, make_doc
from .heads import fit_issue, fit_multiclass
from .model import PetitionModel, build_vectorizer
from .normalize import normalize
from .taxonomy import ISSUES

C_GRID = (1.0, 4.0, 16.0, 64.0, 256.0)
THRESHOLD_GRID = tuple(round(t, 2) for t in np.arange(0.2, 0.81, 0.05))
ISSUE_THRESHOLD_GRID = tuple(round(t, 2) for t in np.arange(0.05, 0.81, 0.05))
REVIEW_TARGET_ACCURACY = 0.95
Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Labelled:
    doc: Doc
    petition: Petition


def prepare(petitions: list[Petition]) -> list[Labelled]:
    """Docs for the petitions the text layer accepts (the others never reach a model)."""
    prepared = []
    for p in petitions:
        try:
            prepared.append(Labelled(make_doc(normalize(p.text)), p))
        except InputError:
            continue
    return prepared


def fit_model(
    train: list[Labelled], dev: list[Labelled], progress: Progress = lambda _: None
) -> tuple[PetitionModel, dict[str, object]]:
    """Model refit on train + dev with settings chosen on dev; returns it and the dev report."""
    progress("vectorize")
    vectorizer = build_vectorizer().fit([x.doc for x in train])
    X_train, X_dev = vectorizer.transform([x.doc for x in train]), vectorizer.transform([x.doc for x in dev])
    choices: dict[str, object] = {}

    def pick_C(name: str, y_train: list[str], y_dev: list[str], score: Callable[..., float],
               fit: Callable[..., LogisticRegression]) -> float:
        scores = {}
        for C in C_GRID:
            progress(f"{name} C={C}")
            predicted = fit(C, X_train, y_train).predict(X_dev)
            scores[C] = round(float(score(y_dev, predicted)), 4)
        best = max(C_GRID, key=lambda c: (scores[c], -c))  # ties: the simpler (smaller C) model
        choices[name] = {"C": best, "dev_scores": scores}
        return best

    macro = lambda y, p: f1_score(y, p, average="macro")  # noqa: E731
    uncalibrated = lambda C, X, y: fit_multiclass(C, X, y, calibrate=False)  # noqa: E731 (same predictions)
    C_kind = pick_C("kind", [x.petition.kind for x in train], [x.petition.kind for x in dev], macro, uncalibrated)
    C_sector = pick_C("sector", [x.petition.sector for x in train], [x.petition.sector for x in dev],
                      accuracy_score, uncalibrated)

    issue_C: dict[str, float] = {}
    thresholds: dict[str, float] = {}
    for label in ISSUES:
        y_train = [label in x.petition.issues for x in train]
        y_dev = np.array([label in x.petition.issues for x in dev])
        best = (-1.0, 0.0, 0.5)
        for C in C_GRID:
            progress(f"issue {label} C={C}")
            proba = fit_issue(C, X_train, y_train).predict_proba(X_dev)[:, 1]
            for t in ISSUE_THRESHOLD_GRID:
                f1 = f1_score(y_dev, proba >= t, zero_division=0.0)
                if f1 > best[0] + 1e-9:
                    best = (float(f1), C, float(t))
        issue_C[label], thresholds[label] = best[1], best[2]
        choices[f"issue:{label}"] = {"C": best[1], "threshold": best[2], "dev_f1": round(best[0], 4)}

    # Review thresholds: the lowest confidence at which dev predictions are right 95 % of the time.
    review = {
        "kind": _review_threshold(fit_multiclass(C_kind, X_train, [x.petition.kind for x in train]),
                                  X_dev, [x.petition.kind for x in dev]),
        "sector": _review_threshold(fit_multiclass(C_sector, X_train, [x.petition.sector for x in train]),
                                    X_dev, [x.petition.sector for x in dev]),
    }
    choices["review_below"] = review

    progress("refit on train + dev")
    both = train + dev
    vectorizer = build_vectorizer().fit([x.doc for x in both])
    X = vectorizer.transform([x.doc for x in both])
    model = PetitionModel(
        vectorizer=vectorizer,
        kind=fit_multiclass(C_kind, X, [x.petition.kind for x in both]),
        sector=fit_multiclass(C_sector, X, [x.petition.sector for x in both]),
        issues={label: fit_issue(issue_C[label], X, [label in x.petition.issues for x in both])
                for label in ISSUES},
        issue_thresholds=thresholds,
        review_below=review,
        feature_names=np.concatenate([v.get_feature_names_out() for _, v in vectorizer.transformer_list]),
    )
    return model, choices


def _review_threshold(clf, X_dev, y_dev: list[str]) -> float:  # type: ignore[no-untyped-def]
    proba = clf.predict_proba(X_dev)
    confidence = proba.max(axis=1)
    right = clf.classes_[proba.argmax(axis=1)] == np.array(y_dev)
    for t in THRESHOLD_GRID:
        kept = confidence >= t
        if kept.sum() and right[kept].mean() >= REVIEW_TARGET_ACCURACY:
            return float(t)
    return float(THRESHOLD_GRID[-1])
