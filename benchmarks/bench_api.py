"""API load from a second process on loopback, against in-process `triage()`.

    python -m benchmarks.bench_api [--seconds 30] [--port 8765]

Starts `pakn serve` in a subprocess (the trained model under PAKN_MODEL_DIR), then drives
`POST /v1/triage` with a bounded async httpx loop at 1, 8 and 32 concurrent clients for
`--seconds` each, on test-split petitions. Prints one JSON line: requests/s, p50/p95/p99
latency, errors per level, in-process `Pipeline.triage` throughput on the same texts, and
the ratio API / in-process measured in this one run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def petitions() -> list[str]:
    rows = [json.loads(line) for line in (CORPUS / "test.jsonl").read_text("utf-8").splitlines()]
    return [r["text"] for r in rows if r["source"] == "original" and r["text"].strip(" .!?")][:300]


async def drive(url: str, texts: list[str], clients: int, seconds: float) -> dict[str, object]:
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def client(k: int) -> None:
        nonlocal errors
        async with httpx.AsyncClient(timeout=60) as http:
            i = k
            while time.perf_counter() < stop:
                start = time.perf_counter()
                response = await http.post(url, json={"text": texts[i % len(texts)]})
                latencies.append(time.perf_counter() - start)
                errors += response.status_code >= 500 or response.status_code == 429
                i += clients

    began = time.perf_counter()
    await asyncio.gather(*(client(k) for k in range(clients)))
    elapsed = time.perf_counter() - began
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {"clients": clients, "requests": len(latencies), "requests_per_s": round(len(latencies) / elapsed, 1),
            "p50_ms": round(q[49] * 1000, 1), "p95_ms": round(q[94] * 1000, 1), "p99_ms": round(q[98] * 1000, 1),
            "errors": errors}


def in_process(texts: list[str], seconds: float) -> float:
    from pakn.service.core import Pipeline
    from pakn.service.errors import PaknError

    pipeline = Pipeline.load()
    count, stop, start = 0, time.perf_counter() + seconds, time.perf_counter()
    while time.perf_counter() < stop:
        try:
            pipeline.triage(texts[count % len(texts)])
        except PaknError:
            pass
        count += 1
    return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    texts = petitions()
    env = {**os.environ, "PAKN_RATE_LIMIT": "1000000/minute"}
    server = subprocess.Popen([sys.executable, "-c", "from pakn.service.cli import main; main()", "serve",
                               "--port", str(args.port)], env=env, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{args.port}"
        for _ in range(600):
            try:
                if httpx.get(base + "/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        levels = [asyncio.run(drive(base + "/v1/triage", texts, n, args.seconds)) for n in (1, 8, 32)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    local = in_process(texts, args.seconds)
    best = max(float(level["requests_per_s"]) for level in levels)  # type: ignore[arg-type]
    print(json.dumps({"levels": levels, "in_process_per_s": round(local, 1),
                      "api_best_over_in_process": round(best / local, 3)}))


if __name__ == "__main__":
    main()
