"""Scores of the model and of the keyword baseline on labelled rows, side by side.

Rows are scored as far as they carry labels; rows the text layer refuses (empty,
binary...) count as `not_petition`, which is what the service answers for them.
Subsets: all rows, originals, originals with / without diacritics, the `hard:` slice, and
`originals_diacritics_stripped`: the originals written with diacritics, stripped of them by
code and scored again. Originals written without diacritics are mostly informal messages
and hotline notes, harder in kind than the formal letters that dominate the other subset;
the stripped copies measure the effect of the missing marks alone, on the same texts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

from pakn.service.errors import InputError

from .augment import strip_diacritics
from .baseline import baseline_predict
from .normalize import normalize
from .predict import Classification, Classifier
from .taxonomy import ISSUES, KINDS, SECTORS


@dataclass(frozen=True, slots=True)
class Scored:
    row: dict[str, Any]
    kind: str
    sector: str
    issues: tuple[str, ...]
    baseline: tuple[str, str, tuple[str, ...]]
    result: Classification | None  # None when the text layer refused the text
    error: InputError | None


SUBSETS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "all": lambda r: True,
    "originals": lambda r: r.get("source", "original") == "original",
    "originals_diacritics": lambda r: r.get("source", "original") == "original" and r.get("diacritics") != "none",
    "originals_no_diacritics": lambda r: r.get("source", "original") == "original" and r.get("diacritics") == "none",
    "hard": lambda r: r.get("source", "original") == "original" and bool(r.get("hard")),
    "augmented": lambda r: str(r.get("source", "")).startswith("augmented:"),
}


def score_rows(classifier: Classifier, rows: Iterable[dict[str, Any]], batch: int = 64) -> list[Scored]:
    rows = list(rows)
    scored: list[Scored] = []
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        normalized, errors = [], []
        for row in chunk:
            try:
                normalized.append(normalize(row["text"], max_chars=classifier.max_chars))
                errors.append(None)
            except InputError as exc:
                errors.append(exc)
        results = iter(classifier.classify_many(normalized))
        for row, error in zip(chunk, errors, strict=True):
            base = baseline_predict(row["text"])
            if error is not None:
                scored.append(Scored(row, "not_petition", "other", (), base, None, error))
                continue
            r = next(results)
            scored.append(Scored(row, r.kind, r.sector, r.issues, base, r, None))
    return scored


def _head_metrics(gold: list[Any], pred: list[Any], head: str) -> dict[str, Any]:
    if not gold:
        return {}
    if head == "issues":
        labels = list(ISSUES)
        y_true = [[label in g for label in labels] for g in gold]
        y_pred = [[label in p for label in labels] for p in pred]
        p, r, f, support = precision_recall_fscore_support(y_true, y_pred, zero_division=0.0)
        return {
            "micro_f1": round(float(f1_score(y_true, y_pred, average="micro", zero_division=0.0)), 4),
            "macro_f1": round(float(f1_score(y_true, y_pred, average="macro", zero_division=0.0)), 4),
            "per_label": {label: {"precision": round(float(p[k]), 4), "recall": round(float(r[k]), 4),
                                  "f1": round(float(f[k]), 4), "support": int(support[k])}
                          for k, label in enumerate(labels)},
        }
    labels = list(KINDS if head == "kind" else SECTORS)
    return {
        "accuracy": round(float(accuracy_score(gold, pred)), 4),
        "macro_f1": round(float(f1_score(gold, pred, labels=sorted(set(gold)), average="macro", zero_division=0.0)), 4),
        "labels": labels,
        "confusion": confusion_matrix(gold, pred, labels=labels).tolist(),
    }


def metrics(scored: list[Scored]) -> dict[str, Any]:
    """Per subset, per head, model and baseline figures."""
    report: dict[str, Any] = {}
    for subset, keep in SUBSETS.items():
        chosen = [s for s in scored if keep(s.row)]
        if not chosen:
            continue
        entry: dict[str, Any] = {"rows": len(chosen)}
        for who in ("model", "baseline"):
            heads = {}
            for k, head in enumerate(("kind", "sector", "issues")):
                pairs = [(s.row[head], getattr(s, head) if who == "model" else s.baseline[k])
                         for s in chosen if head in s.row]
                gold = [tuple(g) if head == "issues" else g for g, _ in pairs]
                heads[head] = _head_metrics(gold, [p for _, p in pairs], head)
            entry[who] = heads
        review = [s.result.needs_review for s in chosen if s.result is not None]
        entry["needs_review_rate"] = round(sum(review) / len(review), 4) if review else None
        report[subset] = entry
    return report


def evaluate_rows(classifier: Classifier, rows: list[dict[str, Any]]) -> tuple[list[Scored], dict[str, Any]]:
    """The scored rows and the metrics report, with the stripped-copies subset added."""
    scored = score_rows(classifier, rows)
    report = metrics(scored)
    stripped = [{**r, "text": strip_diacritics(r["text"]), "diacritics": "none"} for r in rows
                if r.get("source", "original") == "original" and r.get("diacritics") != "none"]
    if stripped:
        report["originals_diacritics_stripped"] = metrics(score_rows(classifier, stripped))["all"]
    return scored, report


def prediction_row(s: Scored) -> dict[str, Any]:
    """One output row in the batch format of the architecture contract."""
    row: dict[str, Any] = {"id": s.row.get("id"), "kind": s.kind, "sector": s.sector, "issues": list(s.issues)}
    if s.result is None:
        assert s.error is not None
        row.update(confidence=None, needs_review=True, evidence=[],
                   error={"code": s.error.code, "message": s.error.message})
        return row
    r = s.result
    row.update(
        confidence=r.confidence, needs_review=r.needs_review,
        evidence=[{"head": e.head, "label": e.label, "start": e.start, "end": e.end, "text": e.text}
                  for e in r.evidence],
        error=None,
    )
    return row
