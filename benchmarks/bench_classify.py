"""Classifier speed and size: petitions/s vs tokenisation alone, load time, memory.

    python -m benchmarks.bench_classify [--limit N]

Prints one JSON line. Loops run in this one process on the same test-split texts, so the
ratio `classify_over_tokenize` holds on a noisy shared machine. Tokenisation alone is
underthesea's `word_tokenize` (the user's tokenizer); the classifier segments with pakn's
decoding of the same model, which meets these texts here for the first time (its window
cache starts empty). Needs a trained model (`pakn train`).
"""

from __future__ import annotations

import argparse
import json
import resource
import time

from underthesea import word_tokenize

from pakn.classifier import normalize
from pakn.classifier.predict import Classifier
from pakn.classifier.tokenize import warm_up
from pakn.service.settings import get_settings

from .texts import accepted_test_texts


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=1000)
    args = parser.parse_args()
    texts = accepted_test_texts(args.limit)
    warm_up()
    before = rss_mib()
    start = time.perf_counter()
    classifier = Classifier.load(get_settings().model_dir)
    load_s = time.perf_counter() - start
    after_load = rss_mib()
    classifier.classify(texts[0])

    start = time.perf_counter()
    for text in texts:
        word_tokenize(normalize(text).text)
    tokenize_s = time.perf_counter() - start
    start = time.perf_counter()
    for text in texts:
        classifier.classify(text)
    classify_s = time.perf_counter() - start
    print(json.dumps({
        "texts": len(texts),
        "model_version": classifier.version,
        "model_load_s": round(load_s, 3),
        "model_rss_mib": round(after_load - before, 1),
        "peak_rss_mib": round(rss_mib(), 1),
        "tokenize_per_s": round(len(texts) / tokenize_s, 1),
        "classify_per_s": round(len(texts) / classify_s, 1),
        "classify_over_tokenize": round(tokenize_s / classify_s, 3),
    }))


if __name__ == "__main__":
    main()
