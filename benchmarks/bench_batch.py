"""Batch throughput and memory: tokenizer-only vs `pakn batch --workers 1` vs `--workers 2`.

    python -m benchmarks.bench_batch [--rows 20000] [--big 200000]

Rows are made by repeating the corpus with small perturbations (case, punctuation, a
number changed). In one run: (a) an underthesea-only loop over the same texts, (b) the
batch with one worker, (c) with two; rows/s of each and the ratios (b)/(a) and (c)/(b);
peak RSS of the batch process at `--rows` and at `--big` rows (it should be flat).
Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def make_rows(path: Path, count: int) -> list[str]:
    texts = [json.loads(line)["text"] for name in ("train", "dev", "test")
             for line in (CORPUS / f"{name}.jsonl").read_text("utf-8").splitlines()]
    rng = random.Random(5)
    written = []
    with path.open("w", encoding="utf-8") as handle:
        for k in range(count):
            text = texts[k % len(texts)]
            choice = rng.random()
            if choice < 0.2:
                text = text.upper()
            elif choice < 0.4:
                text = text.replace(".", "!", 1)
            elif choice < 0.5:
                text = f"{text} ({rng.randint(1, 99)})"
            handle.write(json.dumps({"id": f"b{k}", "text": text}, ensure_ascii=False) + "\n")
            if len(written) < 5000:
                written.append(text)
    return written


def batch_run(source: Path, workers: int) -> tuple[float, float]:
    """(seconds, peak RSS MiB of the batch process and its workers)."""
    output = source.with_suffix(f".out{workers}.jsonl")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from pakn.service.cli import main; main()", "batch", str(source),
                    "-o", str(output), "--workers", str(workers), "--quiet"], check=True, capture_output=True)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    output.unlink(missing_ok=True)
    return elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--big", type=int, default=0, help="also measure peak RSS at this many rows")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/pakn-bench"))
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    source = args.dir / "rows.jsonl"
    sample = make_rows(source, args.rows)

    from pakn.classifier import normalize
    from pakn.classifier.tokenize import tokenize, warm_up

    from pakn.service.errors import PaknError

    warm_up()
    start = time.perf_counter()
    for k in range(args.rows):
        try:  # the batch also meets texts the text layer refuses ("...", "ok")
            tokenize(normalize(sample[k % len(sample)]).text)
        except PaknError:
            pass
    tokenize_s = time.perf_counter() - start
    one_s, one_rss = batch_run(source, 1)
    two_s, two_rss = batch_run(source, 2)
    report = {
        "rows": args.rows,
        "tokenize_rows_per_s": round(args.rows / tokenize_s, 1),
        "batch_1_rows_per_s": round(args.rows / one_s, 1),
        "batch_2_rows_per_s": round(args.rows / two_s, 1),
        "batch1_over_tokenize": round(tokenize_s / one_s, 3),
        "batch2_over_batch1": round(one_s / two_s, 3),
        "peak_rss_mib_at_rows": round(max(one_rss, two_rss), 1),
    }
    if args.big:
        big = args.dir / "big.jsonl"
        make_rows(big, args.big)
        _, big_rss = batch_run(big, 2)
        report["peak_rss_mib_at_big"] = round(big_rss, 1)
        report["big_rows"] = args.big
    print(json.dumps(report))


if __name__ == "__main__":
    main()
