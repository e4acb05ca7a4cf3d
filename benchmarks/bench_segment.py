"""pakn's segmentation vs underthesea's `word_tokenize` on the same texts, in one run.

    python -m benchmarks.bench_segment

Both return the same words; pakn's remembers the weight of each syllable window it has
met (`classifier/segment.py`), so its speed depends on how much of a text it has met:
- cold: an empty cache, on the test split's originals;
- fresh: a cache filled by the train split's originals (off the clock), on the test split's
  originals, texts it never saw: the steady state of a backlog of new petitions;
- repeated: the same test texts once more (a backlog full of near-copies).
The two tokenizers take turns chunk by chunk, so the machine's drift is shared. Prints one
JSON line: ms per text of each, and word_tokenize's time over pakn's (the speed-up).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from underthesea import word_tokenize

from pakn.classifier import normalize
from pakn.classifier.tokenize import new_segmenter

from .texts import accepted_texts

CHUNK = 100


def originals(split: str) -> list[str]:
    """The split's original texts as the text layer hands them to segmentation."""
    return [normalize(text).text for text in accepted_texts(split, originals_only=True)]


def in_turns(texts: list[str], tokenizers: dict[str, Callable[[str], list[str]]]) -> dict[str, float]:
    """ms per text of each tokenizer, taking turns chunk by chunk."""
    totals = dict.fromkeys(tokenizers, 0.0)
    for k in range(0, len(texts), CHUNK):
        chunk = texts[k : k + CHUNK]
        for name, tokenize in tokenizers.items():
            began = time.perf_counter()
            for text in chunk:
                tokenize(text)
            totals[name] += time.perf_counter() - began
    return {name: 1000 * seconds / len(texts) for name, seconds in totals.items()}


def main() -> None:
    train, test = originals("train"), originals("test")
    word_tokenize("khởi động")
    report: dict[str, float] = {"test_texts": len(test), "train_texts": len(train)}
    cold = in_turns(test, {"word_tokenize": word_tokenize, "pakn": new_segmenter()})
    segmenter = new_segmenter()
    for text in train:
        segmenter(text)
    fresh = in_turns(test, {"word_tokenize": word_tokenize, "pakn": segmenter})
    repeated = in_turns(test, {"word_tokenize": word_tokenize, "pakn": segmenter})
    for phase, figures in (("cold", cold), ("fresh", fresh), ("repeated", repeated)):
        report[f"{phase}_word_tokenize_ms"] = round(figures["word_tokenize"], 3)
        report[f"{phase}_pakn_ms"] = round(figures["pakn"], 3)
        report[f"{phase}_speedup"] = round(figures["word_tokenize"] / figures["pakn"], 2)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
