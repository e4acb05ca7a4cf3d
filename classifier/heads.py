"""How the heads are fitted: logistic regression on NB-weighted features.

Each feature is scaled by its naive-Bayes log-count ratio for the class before fitting (the
NBSVM idea of Wang & Manning 2012), which lets the L2 penalty spare the features that
separate the classes. Such a head ranks well, but its probabilities crowd near 0, so it is
calibrated on scores of held-out folds: Platt scaling for an issue, one softmax temperature
for kind and for sector (one regression per class against the rest, the scores stacked
into a multinomial head). Scaling and calibration are folded into the coefficients, so
every fitted head is a plain `LogisticRegression` over the TF-IDF matrix: prediction,
evidence and artifacts do not know how it was fitted.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import sparse
from scipy.optimize import minimize_scalar
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from .model import build_classifier

NB_ALPHA = 1.0  # smoothing of the log-count ratios (0.5 and 2 scored the same on dev)
CALIBRATION_FOLDS = 3


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
    """(a, b) such that sigmoid(a·score + b) is calibrated, from scores of held-out folds."""
    scores = _held_out_scores(lambda X_fit, y_fit: _nb_logreg(C, X_fit, y_fit), X, labels)
    if scores is None:
        return 1.0, 0.0  # too few examples of a class to hold any out: left as fitted
    sigmoid = LogisticRegression(C=1e4).fit(scores.reshape(-1, 1), labels)
    return float(sigmoid.coef_[0, 0]), float(sigmoid.intercept_[0])


def fit_multiclass(C: float, X: sparse.csr_matrix, y: list[str], calibrate: bool = True) -> LogisticRegression:
    """The kind or sector head: one NB-weighted regression per class against the rest,
    stacked into a multinomial head whose softmax temperature is fitted on held-out folds
    (`calibrate`; the temperature changes no prediction, only the probabilities)."""
    labels = np.asarray(y)
    classes = np.unique(labels)
    head = _stack([_nb_logreg(C, X, labels == k) for k in classes], classes)
    if not calibrate:
        return head
    held_out = _held_out_scores(
        lambda X_fit, y_fit: _stack([_nb_logreg(C, X_fit, y_fit == k) for k in classes], classes), X, labels)
    if held_out is None:
        return head  # too few examples of a class to hold any out: left as fitted
    truth = np.searchsorted(classes, labels)

    def loss(log_t: float) -> float:
        scores = held_out * np.exp(log_t)
        scores -= scores.max(axis=1, keepdims=True)
        return float(-(scores[np.arange(len(truth)), truth] - np.log(np.exp(scores).sum(axis=1))).mean())

    temperature = float(np.exp(minimize_scalar(loss, bounds=(-5.0, 5.0), method="bounded").x))
    head.coef_, head.intercept_ = head.coef_ * temperature, head.intercept_ * temperature
    return head


def _held_out_scores(fit: Callable[[sparse.csr_matrix, np.ndarray], LogisticRegression],
                     X: sparse.csr_matrix, labels: np.ndarray) -> np.ndarray | None:
    """Each row's decision score from a head fitted without its fold (the NB ratios too, so
    no fold sees its own labels). Stratified folds, as many as the rarest class allows (at
    most `CALIBRATION_FOLDS`) so that every fitting part has every class; None below two."""
    splits = min(CALIBRATION_FOLDS, int(np.unique(labels, return_counts=True)[1].min()))
    if splits < 2:
        return None
    scores: np.ndarray | None = None
    for fit_rows, rows in StratifiedKFold(splits, shuffle=True, random_state=0).split(np.zeros(len(labels)), labels):
        fold_scores = fit(X[fit_rows], labels[fit_rows]).decision_function(X[rows])
        if scores is None:
            scores = np.zeros((len(labels), *fold_scores.shape[1:]))
        scores[rows] = fold_scores
    return scores


def _stack(heads: list[LogisticRegression], classes: np.ndarray) -> LogisticRegression:
    """One multinomial logistic regression whose class scores are the given binary heads' scores."""
    stacked = build_classifier(1.0)
    stacked.coef_ = np.vstack([h.coef_ for h in heads])
    stacked.intercept_ = np.concatenate([h.intercept_ for h in heads])
    stacked.classes_ = classes
    stacked.n_features_in_ = heads[0].n_features_in_
    return stacked
