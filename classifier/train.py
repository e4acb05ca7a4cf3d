"""Training: choose each head's regularisation on dev, tune thresholds on dev, refit on
train + dev. The test split is never read here.

Issue heads are logistic regressions on NB-weighted features (Wang & Manning 2012): each
feature is scaled by its naive-Bayes log-count ratio for that issue before fitting, which
lets the L2 penalty spare the features that separate the classes. Such a head ranks well
but its probabilities crowd near 0, so it is calibrated by Platt scaling on
cross-validated scores. Scaling and calibration are both folded into the coefficients: the
fitted head is a plain logistic regression over the TF-IDF matrix.

The kind head is built the same way, one NB-weighted regression per kind against the rest;
their five scores are stacked into one multinomial head (softmax over the scores) whose
one temperature is fitted on held-out folds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import minimize_scalar
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold

from pakn.service.errors import InputError

from .corpus import Petition
from .features import Doc, make_doc
from .model import PetitionModel, build_classifier, build_vectorizer
from .normalize import normalize
from .taxonomy import ISSUES

C_GRID = (1.0, 4.0, 16.0, 64.0, 256.0)
THRESHOLD_GRID = tuple(round(t, 2) for t in np.arange(0.2, 0.81, 0.05))
ISSUE_THRESHOLD_GRID = tuple(round(t, 2) for t in np.arange(0.05, 0.81, 0.05))
NB_ALPHA = 1.0  # smoothing of the log-count ratios (0.5 and 2 scored the same on dev)
CALIBRATION_FOLDS = 3
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
               fit: Callable[..., LogisticRegression] = lambda C, X, y: build_classifier(C).fit(X, y)) -> float:
        scores = {}
        for C in C_GRID:
            progress(f"{name} C={C}")
            predicted = fit(C, X_train, y_train).predict(X_dev)
            scores[C] = round(float(score(y_dev, predicted)), 4)
        best = max(C_GRID, key=lambda c: (scores[c], -c))  # ties: the simpler (smaller C) model
        choices[name] = {"C": best, "dev_scores": scores}
        return best

    macro = lambda y, p: f1_score(y, p, average="macro")  # noqa: E731
    C_kind = pick_C("kind", [x.petition.kind for x in train], [x.petition.kind for x in dev], macro,
                    lambda C, X, y: fit_kind(C, X, y, calibrate=False))
    C_sector = pick_C("sector", [x.petition.sector for x in train], [x.petition.sector for x in dev], accuracy_score)

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
        "kind": _review_threshold(fit_kind(C_kind, X_train, [x.petition.kind for x in train]),
                                  X_dev, [x.petition.kind for x in dev]),
        "sector": _review_threshold(build_classifier(C_sector).fit(X_train, [x.petition.sector for x in train]),
                                    X_dev, [x.petition.sector for x in dev]),
    }
    choices["review_below"] = review

    progress("refit on train + dev")
    both = train + dev
    vectorizer = build_vectorizer().fit([x.doc for x in both])
    X = vectorizer.transform([x.doc for x in both])
    model = PetitionModel(
        vectorizer=vectorizer,
        kind=fit_kind(C_kind, X, [x.petition.kind for x in both]),
        sector=build_classifier(C_sector).fit(X, [x.petition.sector for x in both]),
        issues={label: fit_issue(issue_C[label], X, [label in x.petition.issues for x in both])
                for label in ISSUES},
        issue_thresholds=thresholds,
        review_below=review,
        feature_names=np.concatenate([v.get_feature_names_out() for _, v in vectorizer.transformer_list]),
    )
    return model, choices


def nb_ratio(X: sparse.csr_matrix, y: np.ndarray, alpha: float = NB_ALPHA) -> np.ndarray:
    """Per feature, the log of how much more often it occurs in positive than in negative
    documents (smoothed by `alpha`)."""
    present = (X > 0).astype(np.float64)
    p = alpha + np.asarray(present[y].sum(axis=0)).ravel()
    q = alpha + np.asarray(present[~y].sum(axis=0)).ravel()
    return np.log((p / p.sum()) / (q / q.sum()))


def fit_issue(C: float, X: sparse.csr_matrix, y: list[bool], calibrate: bool = True) -> LogisticRegression:
    """One issue head: logistic regression on NB-weighted features, then (by default) Platt
    scaling fitted on scores of held-out folds; both folded into one plain head."""
    labels = np.asarray(y, dtype=bool)
    head = _nb_logreg(C, X, labels)
    if calibrate:
        a, b = _platt(C, X, labels)
        head.coef_, head.intercept_ = a * head.coef_, a * head.intercept_ + b
    return head


def _nb_logreg(C: float, X: sparse.csr_matrix, labels: np.ndarray) -> LogisticRegression:
    r = nb_ratio(X, labels)
    clf = build_classifier(C).fit(X @ sparse.diags(r), labels)
    clf.coef_ = clf.coef_ * r  # x·(r∘w) = (x∘r)·w: the head reads X as it is
    return clf


def _platt(C: float, X: sparse.csr_matrix, labels: np.ndarray) -> tuple[float, float]:
    """(a, b) such that sigmoid(a·score + b) is calibrated, from scores of held-out folds
    (the NB ratios recomputed without each fold, so no fold sees its own labels)."""
    scores = np.zeros(len(labels))
    folds = StratifiedKFold(CALIBRATION_FOLDS, shuffle=True, random_state=0)
    for fit_rows, held_out in folds.split(np.zeros(len(labels)), labels):
        scores[held_out] = _nb_logreg(C, X[fit_rows], labels[fit_rows]).decision_function(X[held_out])
    sigmoid = LogisticRegression(C=1e4).fit(scores.reshape(-1, 1), labels)
    return float(sigmoid.coef_[0, 0]), float(sigmoid.intercept_[0])


def fit_kind(C: float, X: sparse.csr_matrix, y: list[str], calibrate: bool = True) -> LogisticRegression:
    """The kind head: one NB-weighted regression per kind against the rest, stacked into a
    multinomial head whose softmax temperature is fitted on held-out folds (`calibrate`;
    the temperature changes no prediction, only the probabilities)."""
    labels = np.asarray(y)
    classes = np.unique(labels)
    head = _stack([_nb_logreg(C, X, labels == k) for k in classes], classes)
    if not calibrate:
        return head
    held_out = np.zeros((len(labels), len(classes)))
    folds = StratifiedKFold(CALIBRATION_FOLDS, shuffle=True, random_state=0)
    for fit_rows, rows in folds.split(np.zeros(len(labels)), labels):
        fold_head = _stack([_nb_logreg(C, X[fit_rows], labels[fit_rows] == k) for k in classes], classes)
        held_out[rows] = fold_head.decision_function(X[rows])
    truth = np.searchsorted(classes, labels)

    def loss(log_t: float) -> float:
        scores = held_out * np.exp(log_t)
        scores -= scores.max(axis=1, keepdims=True)
        return float(-(scores[np.arange(len(truth)), truth] - np.log(np.exp(scores).sum(axis=1))).mean())

    temperature = float(np.exp(minimize_scalar(loss, bounds=(-5.0, 5.0), method="bounded").x))
    head.coef_, head.intercept_ = head.coef_ * temperature, head.intercept_ * temperature
    return head


def _stack(heads: list[LogisticRegression], classes: np.ndarray) -> LogisticRegression:
    """One multinomial logistic regression whose class scores are the given binary heads' scores."""
    stacked = build_classifier(1.0)
    stacked.coef_ = np.vstack([h.coef_ for h in heads])
    stacked.intercept_ = np.concatenate([h.intercept_ for h in heads])
    stacked.classes_ = classes
    stacked.n_features_in_ = heads[0].n_features_in_
    return stacked


def _review_threshold(clf, X_dev, y_dev: list[str]) -> float:  # type: ignore[no-untyped-def]
    proba = clf.predict_proba(X_dev)
    confidence = proba.max(axis=1)
    right = clf.classes_[proba.argmax(axis=1)] == np.array(y_dev)
    for t in THRESHOLD_GRID:
        kept = confidence >= t
        if kept.sum() and right[kept].mean() >= REVIEW_TARGET_ACCURACY:
            return float(t)
    return float(THRESHOLD_GRID[-1])
