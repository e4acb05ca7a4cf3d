"""Routing speed, memory over a long run, and the cost of a decision next to classifying.

    python -m benchmarks.bench_policies [--decisions 200000]

Prints one JSON line: decisions/s (single thread), resident memory sampled every 50,000
decisions (it must stay flat: one engine, a fresh state id per decision, always deleted),
and, when a model is trained, the time of `decide` relative to `classify` for the same
petitions, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from pakn.policies.engine import PolicyEngine

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    from tests.policies.test_engine import random_input  # the same input generator as the tests

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--decisions", type=int, default=200_000)
    args = parser.parse_args()
    engine = PolicyEngine()
    rng = random.Random(1)
    inputs = [random_input(rng) for _ in range(5000)]
    memory = [(0, round(rss_mib(), 1))]
    start = time.perf_counter()
    for k in range(1, args.decisions + 1):
        engine.decide(inputs[k % len(inputs)])
        if k % 50_000 == 0:
            memory.append((k, round(rss_mib(), 1)))
    elapsed = time.perf_counter() - start
    report = {
        "decisions": args.decisions,
        "decisions_per_s": round(args.decisions / elapsed),
        "rss_mib_by_decisions": memory,
        "rss_growth_mib": round(memory[-1][1] - memory[1][1], 1) if len(memory) > 2 else None,
    }
    report.update(_relative_to_classify(engine))
    print(json.dumps(report))


def _relative_to_classify(engine: PolicyEngine) -> dict[str, object]:
    from pakn.classifier.predict import Classifier
    from pakn.service.core import Context, Pipeline
    from pakn.service.errors import PaknError
    from pakn.service.settings import get_settings

    try:
        classifier = Classifier.load(get_settings().model_dir)
    except PaknError as exc:
        return {"relative_to_classify": f"skipped: {exc.code}"}
    texts = [json.loads(line)["text"] for line in (CORPUS / "test.jsonl").read_text("utf-8").splitlines()][:500]
    pipeline = Pipeline(classifier, engine)
    results = []
    start = time.perf_counter()
    for text in texts:
        try:
            results.append(classifier.classify(text))
        except PaknError:
            continue
    classify_s = time.perf_counter() - start
    start = time.perf_counter()
    for result in results:
        pipeline.route(result, Context())
    route_s = time.perf_counter() - start
    return {"petitions": len(results), "classify_ms": round(1000 * classify_s / len(results), 3),
            "route_ms": round(1000 * route_s / len(results), 3),
            "route_over_classify": round(route_s / classify_s, 4)}


if __name__ == "__main__":
    main()
