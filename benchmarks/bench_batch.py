"""Batch throughput and memory: tokenizer-only vs `pakn batch --workers 1` vs `--workers 2`.

    python -m benchmarks.bench_batch [--rows 20000] [--big 200000]

Rows are made by repeating the corpus with small perturbations (case, punctuation, a
number changed). In one run: (a) an underthesea-only loop over the same texts (normalised
beforehand, outside the clock: tokenisation alone), (b) the batch with one worker, (c)
with two; rows/s of each and the ratios (b)/(a) and (c)/(b); the peak RSS of the whole
batch (main process and workers summed, sampled from /proc) at `--rows` and at `--big`
rows, both with two workers (it should be flat). Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
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


def tree_rss_mib(pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(stat[1]), []).append(int(entry.name))
            rss[int(entry.name)] = int(stat[21])  # pages
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo += children.get(current, [])
    return total * os.sysconf("SC_PAGE_SIZE") / 2**20


def batch_run(source: Path, workers: int) -> tuple[float, float]:
    """(seconds, peak RSS MiB of the batch process and its workers together)."""
    output = source.with_suffix(f".out{workers}.jsonl")
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", "from pakn.service.cli import main; main()", "batch",
                                str(source), "-o", str(output), "--workers", str(workers), "--quiet"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, tree_rss_mib(process.pid))
        time.sleep(0.25)
    elapsed = time.perf_counter() - start
    if process.returncode:
        raise SystemExit(f"pakn batch failed: {process.stderr.read().decode() if process.stderr else ''}")
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
    normalized = []
    for text in sample:
        try:  # the batch also meets texts the text layer refuses ("...", "ok"): nothing to tokenize
            normalized.append(normalize(text).text)
        except PaknError:
            normalized.append("")
    start = time.perf_counter()
    for k in range(args.rows):
        tokenize(normalized[k % len(normalized)])
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
        "peak_rss_mib_workers1": round(one_rss, 1),
        "peak_rss_mib_workers2": round(two_rss, 1),
    }
    if args.big:
        big = args.dir / "big.jsonl"
        make_rows(big, args.big)
        _, big_rss = batch_run(big, 2)
        report["big_rows"] = args.big
        report["peak_rss_mib_workers2_big"] = round(big_rss, 1)
        report["big_over_rows_rss"] = round(big_rss / two_rss, 3)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
