"""Where a batch row's time goes: milliseconds per row of each stage of `triage_rows`.

    python -m benchmarks.bench_stages [--limit N]

Runs each stage alone over the same test-split texts in this one process and prints one
JSON line: underthesea's `word_tokenize` (the floor the user's tokenizer sets), then the
text layer, pakn's segmentation, token alignment, features, the model, facts, routing, and
the whole batch path. The shares are what `bench_batch`'s (b)/(a) ratio is made of. Needs
a trained model.

The stages take turns chunk by chunk (every stage on rows 0-199, then every stage on rows
200-399, ...): this shared machine's speed drifts within seconds, and turns spread that
drift evenly over the stages instead of charging it to whichever ran last. Tokenisation
and the whole batch path meet each chunk first, so the batch path meets its routing situations and syllable windows new; the
`route` stage, later, finds them in the engine's memo (routing warm), and pakn's
segmentation (`segment`, `tokenize_with_spans`) finds the chunk's windows known (the
decoding alone; the batch path paid for learning them).
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
from underthesea import word_tokenize

from pakn.classifier.tokenize import tokenize, tokenize_spans, warm_up
from pakn.service.batch import triage_rows
from pakn.service.core import Context, Pipeline
from pakn.service.formats import CHUNK, InputRow

from .texts import accepted_test_texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=1000)
    args = parser.parse_args()
    texts = accepted_test_texts(args.limit)
    pipeline = Pipeline.load()
    warm_up()
    model = pipeline.classifier.model
    totals: dict[str, float] = {}
    for k in range(0, len(texts), CHUNK):
        chunk = texts[k : k + CHUNK]
        rows = [InputRow(index=k + j, id=f"r{k + j}", text=t) for j, t in enumerate(chunk)]
        normalized = [normalize(t) for t in chunk]
        # The batch path meets each chunk first, as a batch would: its routing situations
        # and syllable windows are new to it. Then the inputs of the other stages are made.
        cold: dict[str, Callable[[], Any]] = {
            "tokenize": lambda: [word_tokenize(nt.text) for nt in normalized],
            "batch_triage_rows": lambda: triage_rows(pipeline, rows),
        }
        for name, work in cold.items():
            start = time.perf_counter()
            work()
            totals[name] = totals.get(name, 0.0) + time.perf_counter() - start
        docs = [make_doc(nt) for nt in normalized]
        classified = pipeline.classifier.classify_many(normalized, explain=False)
        stages: dict[str, Callable[[], Any]] = {
            "normalize": lambda: [normalize(t) for t in chunk],
            "segment": lambda: [tokenize(nt.text) for nt in normalized],
            "tokenize_with_spans": lambda: [tokenize_spans(nt.text) for nt in normalized],
            "features_doc": lambda: [make_doc(nt) for nt in normalized],
            "vectorize": lambda: model.vectorize(docs),
            "model_predict_no_evidence": lambda: model.predict(docs, explain=False),
            "model_predict_with_evidence": lambda: model.predict(docs),
            "facts": lambda: [read_facts(nt) for nt in normalized],
            "route": lambda: [pipeline.route(c, Context()) for c in classified],
        }
        for name, work in stages.items():
            start = time.perf_counter()
            work()
            totals[name] = totals.get(name, 0.0) + time.perf_counter() - start
    n = len(texts)
    report: dict[str, float] = {"rows": n, **{name: round(1000 * s / n, 3) for name, s in totals.items()}}
    report["batch_over_tokenize"] = round(report["tokenize"] / report["batch_triage_rows"], 3)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
