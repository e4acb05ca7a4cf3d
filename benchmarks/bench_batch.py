"""Batch throughput and memory: tokenizer-only vs `pakn batch --workers 1` vs `--workers 2`.

    python -m benchmarks.bench_batch [--rows 20000] [--big 200000]

Rows are made by repeating the corpus with small perturbations (case, punctuation, a
number changed). In one run: (a) underthesea's `word_tokenize` in a loop over the same rows
(normalised beforehand, outside the clock: tokenisation alone, the user's tokenizer),
(a') pakn's decoding of the same model (`classifier/segment.py`: the same words, with
windows cached, which repeated rows favour), (b) the batch with one worker, (c) with two;
rows/s of each and the ratios (b)/(a), (b)/(a') and (c)/(b); the peak RSS of the whole
batch (main process and workers summed, sampled from /proc) at `--rows` and at `--big`
rows, both with two workers (it should be flat). Prints one JSON line.

The four take turns on the machine, about a second each, until both batches end: the
batches are paused (SIGSTOP to their process group) while another one runs, and each is
timed only while it runs. This machine's speed was seen to change by 1.7x from one
ten-second stretch to the next (a shared host): measured one after the other, (a), (b)
and (c) would be measured on different machines; taking turns, they share the drift.
Running them side by side instead would make them compete for the two cores.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def make_rows(path: Path, count: int) -> None:
    texts = [json.loads(line)["text"] for name in ("train", "dev", "test")
             for line in (CORPUS / f"{name}.jsonl").read_text("utf-8").splitlines()]
    rng = random.Random(5)
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


def tokenize_turns(source: Path, turns: Connection, segmenter: str) -> None:
    """(a) or (a'): normalise the rows (off the clock), then on each turn received tokenise
    them (cycling) for that many seconds; answer each turn with (rows tokenised, seconds)."""
    from pakn.classifier import normalize
    from pakn.classifier.tokenize import tokenize, warm_up
    from pakn.service.errors import PaknError

    warm_up()
    if segmenter == "underthesea":
        from underthesea import word_tokenize as tokenize  # noqa: F811 - the user's own tokenizer
    texts = []
    for line in source.read_text("utf-8").splitlines():
        try:  # the batch also meets texts the text layer refuses ("...", "ok"): nothing to tokenize
            texts.append(normalize(json.loads(line)["text"]).text)
        except PaknError:
            texts.append("")
    turns.send("ready")
    done = 0
    while (seconds := turns.recv()) is not None:
        began, count = time.perf_counter(), 0
        while time.perf_counter() - began < seconds:
            tokenize(texts[done % len(texts)])
            done += 1
            count += 1
        turns.send((count, time.perf_counter() - began))


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


class Tokenizer:
    """(a) or (a') in its own process, run in turns: rows tokenised and seconds spent."""

    def __init__(self, context: Any, source: Path, segmenter: str) -> None:
        self.turns, child = context.Pipe()
        self.process = context.Process(target=tokenize_turns, args=(source, child, segmenter))
        self.process.start()
        assert self.turns.recv() == "ready"
        self.rows, self.seconds = 0, 0.0

    def turn(self, seconds: float) -> None:
        self.turns.send(seconds)
        rows, spent = self.turns.recv()
        self.rows, self.seconds = self.rows + rows, self.seconds + spent

    def stop(self) -> None:
        self.turns.send(None)
        self.process.join()

    @property
    def rate(self) -> float:
        return self.rows / self.seconds


class Batch:
    """One `pakn batch` process (and its workers), run in turns: timed only while running."""

    def __init__(self, source: Path, workers: int) -> None:
        self.output = source.with_suffix(f".out{workers}.jsonl")
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from pakn.service.cli import main; main()", "batch", str(source),
             "-o", str(self.output), "--workers", str(workers), "--quiet"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        os.killpg(self.process.pid, signal.SIGSTOP)
        self.seconds = 0.0
        self.peak_rss = 0.0

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def turn(self, seconds: float) -> None:
        """Let it run for `seconds` (or until it ends), sampling its memory, then pause it."""
        began = time.perf_counter()
        os.killpg(self.process.pid, signal.SIGCONT)
        while self.process.poll() is None and (left := seconds - (time.perf_counter() - began)) > 0:
            self.peak_rss = max(self.peak_rss, tree_rss_mib(self.process.pid))
            time.sleep(min(0.2, left))
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGSTOP)
        self.seconds += time.perf_counter() - began

    def finish(self) -> None:
        if self.process.returncode:
            raise SystemExit(f"pakn batch failed: {self.process.stderr.read().decode() if self.process.stderr else ''}")
        self.output.unlink(missing_ok=True)


def alone(source: Path, workers: int) -> float:
    """Peak RSS MiB of one batch run on its own."""
    batch = Batch(source, workers)
    while batch.running:
        batch.turn(60)
    batch.finish()
    return batch.peak_rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--big", type=int, default=0, help="also measure peak RSS at this many rows")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/pakn-bench"))
    parser.add_argument("--turn", type=float, default=1.0, help="seconds per turn")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    source = args.dir / "rows.jsonl"
    make_rows(source, args.rows)

    context = multiprocessing.get_context("spawn")
    tokenizers = {segmenter: Tokenizer(context, source, segmenter) for segmenter in ("underthesea", "pakn")}
    one, two = Batch(source, 1), Batch(source, 2)
    while one.running or two.running:
        for tokenizer in tokenizers.values():
            tokenizer.turn(args.turn)
        for batch in (one, two):
            if batch.running:
                batch.turn(args.turn)
    for tokenizer in tokenizers.values():
        tokenizer.stop()
    tokenize_rate = tokenizers["underthesea"].rate
    pakn_tokenize_rate = tokenizers["pakn"].rate
    one.finish()
    two.finish()
    one_s, one_rss, two_s, two_rss = one.seconds, one.peak_rss, two.seconds, two.peak_rss
    report = {
        "rows": args.rows,
        "tokenize_rows_per_s": round(tokenize_rate, 1),
        "pakn_tokenize_rows_per_s": round(pakn_tokenize_rate, 1),
        "batch_1_rows_per_s": round(args.rows / one_s, 1),
        "batch_2_rows_per_s": round(args.rows / two_s, 1),
        "batch1_over_tokenize": round((args.rows / one_s) / tokenize_rate, 3),
        "batch1_over_pakn_tokenize": round((args.rows / one_s) / pakn_tokenize_rate, 3),
        "batch2_over_batch1": round(one_s / two_s, 3),
        "peak_rss_mib_workers1": round(one_rss, 1),
        "peak_rss_mib_workers2": round(two_rss, 1),
    }
    if args.big:
        big = args.dir / "big.jsonl"
        make_rows(big, args.big)
        big_rss = alone(big, 2)
        report["big_rows"] = args.big
        report["peak_rss_mib_workers2_big"] = round(big_rss, 1)
        report["big_over_rows_rss"] = round(big_rss / two_rss, 3)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
