"""Text-layer throughput: normalisation vs underthesea tokenisation on the same texts.

    python -m benchmarks.bench_text [--limit N]

Prints one JSON line. Both loops run in this one process on the same petitions from
corpus/, so their ratio holds on a shared, noisy machine even when absolute figures move.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from pakn.classifier import normalize
from pakn.classifier.tokenize import tokenize, warm_up
from pakn.service.errors import PaknError

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def corpus_texts(limit: int) -> list[str]:
    texts: list[str] = []
    for path in sorted(CORPUS.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts[:limit]


def _accepted(text: str) -> bool:
    try:
        normalize(text)
    except PaknError:
        return False
    return True


def timed(fn, items) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for item in items:
        fn(item)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=2000)
    args = parser.parse_args()
    texts = corpus_texts(args.limit)
    if not texts:
        raise SystemExit("no corpus texts found under corpus/")
    texts = [t for t in texts if _accepted(t)]  # the text layer rejects e.g. "..." on purpose
    normalized = [normalize(t).text for t in texts]
    warm_up()
    chars = sum(len(t) for t in texts)
    norm_s = timed(normalize, texts)
    tok_s = timed(tokenize, normalized)
    print(json.dumps({
        "texts": len(texts),
        "chars": chars,
        "normalize_chars_per_s": round(chars / norm_s),
        "tokenize_chars_per_s": round(chars / tok_s),
        "normalize_texts_per_s": round(len(texts) / norm_s, 1),
        "tokenize_texts_per_s": round(len(texts) / tok_s, 1),
        "normalize_over_tokenize_speed": round(tok_s / norm_s, 2),
    }))


if __name__ == "__main__":
    main()
