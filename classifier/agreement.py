"""Agreement between the corpus labels and a blind second labelling pass, per head."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from sklearn.metrics import cohen_kappa_score

from .corpus import Petition
from .taxonomy import ISSUES


def read_labels(paths: list[Path]) -> dict[str, dict[str, Any]]:
    labels: dict[str, dict[str, Any]] = {}
    for path in paths:
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                labels[row["id"]] = row
    return labels


def agreement(corpus: dict[str, Petition], second: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Per head: raw agreement and Cohen's kappa (kind, sector); issues: exact set match,
    mean Jaccard and per-label kappa. Also lists every disagreement."""
    ids = [i for i in second if i in corpus]
    first = [corpus[i] for i in ids]
    other = [second[i] for i in ids]

    def head(name: str) -> dict[str, float]:
        a = [getattr(p, name) for p in first]
        b = [o[name] for o in other]
        kappa = float(cohen_kappa_score(a, b)) if len(set(a + b)) > 1 else 1.0  # one label: all agree
        return {"agreement": round(sum(x == y for x, y in zip(a, b, strict=True)) / len(a), 3),
                "kappa": round(kappa, 3)}

    jaccard = []
    for p, o in zip(first, other, strict=True):
        x, y = set(p.issues), set(o["issues"])
        jaccard.append(1.0 if not x and not y else len(x & y) / len(x | y))
    per_label = {}
    for label in ISSUES:
        a = [label in p.issues for p in first]
        b = [label in o["issues"] for o in other]
        per_label[label] = round(float(cohen_kappa_score(a, b)), 3) if len(set(a + b)) > 1 else None
    disagreements = [
        {"id": p.id, "corpus": {"kind": p.kind, "sector": p.sector, "issues": sorted(p.issues)},
         "second": {"kind": o["kind"], "sector": o["sector"], "issues": sorted(o["issues"])},
         "note": o.get("note", "")}
        for p, o in zip(first, other, strict=True)
        if (p.kind, p.sector, sorted(p.issues)) != (o["kind"], o["sector"], sorted(o["issues"]))
    ]
    return {
        "rows": len(ids),
        "kind": head("kind"),
        "sector": head("sector"),
        "issues": {"exact_set": round(sum(j == 1.0 for j in jaccard) / len(jaccard), 3),
                   "mean_jaccard": round(sum(jaccard) / len(jaccard), 3), "kappa_per_label": per_label},
        "disagreement_heads": dict(Counter(
            h for d in disagreements for h in ("kind", "sector", "issues") if d["corpus"][h] != d["second"][h])),
        "disagreements": disagreements,
    }
