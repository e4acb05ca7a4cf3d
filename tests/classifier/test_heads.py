"""Kind and issue heads: logistic regression on NB-weighted features, folded into plain coefficients."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from pakn.classifier.model import build_classifier
from pakn.classifier.heads import fit_issue, nb_ratio


def _data(seed: int = 0) -> tuple[sparse.csr_matrix, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = sparse.random(300, 40, density=0.2, random_state=seed, format="lil")
    y = rng.random(300) < 0.3
    X[np.where(y)[0], 0] = 1.0  # feature 0 goes with the positive class
    return X.tocsr(), y


def test_the_ratio_favours_features_of_the_positive_class() -> None:
    X, y = _data()
    r = nb_ratio(X, y)
    assert r[0] > 0.5 and r[0] == r.max()


def test_the_folded_head_predicts_from_plain_features_as_the_weighted_fit_does() -> None:
    X, y = _data(1)
    head = fit_issue(4.0, X, list(y), calibrate=False)
    scaled = X @ sparse.diags(nb_ratio(X, y))
    direct = build_classifier(4.0).fit(scaled, y)
    np.testing.assert_allclose(head.predict_proba(X), direct.predict_proba(scaled), rtol=1e-9, atol=1e-12)


def test_calibration_keeps_the_ranking_and_matches_the_base_rate() -> None:
    X, y = _data(2)
    raw, calibrated = fit_issue(4.0, X, list(y), calibrate=False), fit_issue(4.0, X, list(y))
    raw_scores, p = raw.decision_function(X), calibrated.predict_proba(X)[:, 1]
    assert np.array_equal(np.argsort(raw_scores, kind="stable"), np.argsort(p, kind="stable"))
    assert abs(p.mean() - y.mean()) < 0.05


def test_a_multiclass_head_stacks_one_weighted_head_per_class() -> None:
    from pakn.classifier.heads import fit_multiclass

    rng = np.random.default_rng(3)
    X = sparse.random(400, 30, density=0.2, random_state=3, format="lil")
    kinds = rng.choice(["complaint", "feedback", "request"], size=400)
    for k, kind in enumerate(["complaint", "feedback", "request"]):
        X[np.where(kinds == kind)[0], k] = 1.0  # feature k goes with kind k
    X = X.tocsr()
    head = fit_multiclass(4.0, X, list(kinds))
    proba = head.predict_proba(X)
    assert list(head.classes_) == ["complaint", "feedback", "request"]
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert (head.predict(X) == kinds).mean() > 0.95
    assert abs(proba.max(axis=1).mean() - (head.predict(X) == kinds).mean()) < 0.1  # confidence ≈ accuracy


def test_a_class_too_rare_to_hold_out_leaves_the_head_uncalibrated() -> None:
    X, _ = _data(4)
    y = np.zeros(300, dtype=bool)
    y[7] = True  # one positive: no fold could hold it out and still fit
    head, raw = fit_issue(4.0, X, list(y)), fit_issue(4.0, X, list(y), calibrate=False)
    np.testing.assert_array_equal(head.coef_, raw.coef_)
