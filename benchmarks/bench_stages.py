"""Where a batch row's time goes: milliseconds per row of each stage of `triage_rows`.

    python -m benchmarks.bench_stages [--limit N]

Runs each stage alone over the same test-split texts in this one process and prints one
JSON line: underthesea tokenisation (the floor the user's tokenizer sets), then the text
layer, token alignment, features, the model, facts, routing, and the whole batch path.
The shares are what `bench_batch`'s (b)/(a) ratio is made of. Needs a trained model.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from typing import Any

from pakn.classifier import normalize
from pakn.classifier.facts import read_facts
from pakn.classifier.features import make_doc
from pakn.classifier.tokenize import tokenize, tokenize_spans, warm_up
from pakn.service.batch import triage_rows
from pakn.service.core import Context, Pipeline
from pakn.service.formats import CHUNK, InputRow

from .texts import accepted_test_texts


def per_row_ms(work: Callable[[], Any], rows: int) -> float:
    start = time.perf_counter()
    work()
    return round(1000 * (time.perf_counter() - start) / rows, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=1000)
    args = parser.parse_args()
    texts = accepted_test_texts(args.limit)
    pipeline = Pipeline.load()
    warm_up()
    n = len(texts)
    normalized = [normalize(t) for t in texts]
    docs = [make_doc(nt) for nt in normalized]
    classified = pipeline.classifier.classify_many(normalized, explain=False)
    rows = [InputRow(index=k, id=f"r{k}", text=t) for k, t in enumerate(texts)]
    report = {
        "rows": n,
        "tokenize": per_row_ms(lambda: [tokenize(nt.text) for nt in normalized], n),
        "normalize": per_row_ms(lambda: [normalize(t) for t in texts], n),
        "tokenize_with_spans": per_row_ms(lambda: [tokenize_spans(nt.text) for nt in normalized], n),
        "features_doc": per_row_ms(lambda: [make_doc(nt) for nt in normalized], n),
        "vectorize": per_row_ms(lambda: pipeline.classifier.model.vectorize(docs), n),
        "model_predict_no_evidence": per_row_ms(lambda: pipeline.classifier.model.predict(docs, explain=False), n),
        "model_predict_with_evidence": per_row_ms(lambda: pipeline.classifier.model.predict(docs), n),
        "facts": per_row_ms(lambda: [read_facts(nt) for nt in normalized], n),
        "route": per_row_ms(lambda: [pipeline.route(c, Context()) for c in classified], n),
        "batch_triage_rows": per_row_ms(
            lambda: [triage_rows(pipeline, rows[k : k + CHUNK]) for k in range(0, n, CHUNK)], n),
    }
    report["batch_over_tokenize"] = round(report["tokenize"] / report["batch_triage_rows"], 3)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
