"""The engine against its oracle, under threads and processes, and across a reload."""

from __future__ import annotations

import concurrent.futures
import random
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pakn.classifier.taxonomy import ISSUES, KINDS, SECTORS
from pakn.policies.decision import RoutingInput
from pakn.policies.engine import PolicyEngine
from pakn.policies.places import provinces
from pakn.policies.tables import load_policies

from pakn.policies.oracle import fired_rows

GOLDEN = Path(__file__).resolve().parents[2] / "policies" / "golden"
POLICIES = load_policies()


@pytest.fixture(scope="module")
def engine() -> PolicyEngine:
    return PolicyEngine(POLICIES)


def random_input(rng: random.Random) -> RoutingInput:
    return RoutingInput(
        kind=rng.choice(list(KINDS)), sector=rng.choice(list(SECTORS)),
        issues=tuple(sorted(rng.sample(list(ISSUES), rng.randint(0, 3)))),
        received=date(2024, 1, 1) + timedelta(days=rng.randint(0, 1100)),
        province=rng.choice([None, *provinces()]),
        amount_vnd=rng.choice([None, 200_000, 1_999_999, 2_000_000, 15_000_000]),
        repeat_count=rng.randint(0, 4), accused_head=rng.random() < 0.2,
        previously_disciplined=rng.random() < 0.1, confidential=rng.random() < 0.2,
    )


def test_golden_cases_agree_with_the_oracle(engine: PolicyEngine) -> None:
    cases = [c for path in sorted(GOLDEN.glob("*.yaml")) for c in yaml.safe_load(path.read_text("utf-8"))]
    for case in cases:
        r = RoutingInput(**case["input"])
        assert [t.row for t in engine.decide(r).trace] == fired_rows(POLICIES, r), case["id"]


@settings(max_examples=300, deadline=None)
@given(st.randoms(use_true_random=False))
def test_random_inputs_agree_with_the_oracle(engine: PolicyEngine, rng: random.Random) -> None:
    r = random_input(rng)
    assert [t.row for t in engine.decide(r).trace] == fired_rows(POLICIES, r)


def _decide_many(seed: int, count: int) -> list[str]:
    engine = PolicyEngine()
    rng = random.Random(seed)
    return [engine.decide(random_input(rng)).model_dump_json() for _ in range(count)]


def test_eight_threads_give_the_sequential_results(engine: PolicyEngine) -> None:
    rng = random.Random(7)
    inputs = [random_input(rng) for _ in range(4000)]
    sequential = [engine.decide(r) for r in inputs]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(engine.decide, inputs))
    assert threaded == sequential


def test_several_processes_give_the_sequential_results() -> None:
    seeds = [11, 12, 13]
    sequential = [_decide_many(seed, 1500) for seed in seeds]
    with concurrent.futures.ProcessPoolExecutor(max_workers=3) as pool:
        parallel = list(pool.map(_decide_many, seeds, [1500] * 3))
    assert parallel == sequential


def test_reload_is_atomic_while_decisions_run(tmp_path: Path) -> None:
    import shutil

    from pakn.policies.tables import default_directory

    copy = tmp_path / "policies"
    shutil.copytree(default_directory(), copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    routing = copy / "routing.yaml"
    routing.write_text(routing.read_text("utf-8").replace("agency: so_y_te", "agency: ubnd_tinh"), "utf-8")
    new = load_policies(copy)
    engine = PolicyEngine(POLICIES)
    r = RoutingInput(kind="feedback", sector="health", received=date(2025, 9, 1))
    seen: list[tuple[str, str | None]] = []
    stop = threading.Event()

    def worker() -> None:
        while not stop.is_set():
            d = engine.decide(r)
            seen.append((d.policy_version, d.agency.id if d.agency else None))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    engine.reload(new)
    for _ in range(200):
        engine.decide(r)
    stop.set()
    for t in threads:
        t.join()
    assert {pair for pair in seen} <= {(POLICIES.version, "so_y_te"), (new.version, "ubnd_tinh")}
    assert engine.decide(r).agency.id == "ubnd_tinh"


def _around(constants: tuple[int, ...]) -> list[int]:
    return sorted({c + d for c in constants for d in (-1, 0, 1)})


def test_memo_cuts_are_the_tables_constants() -> None:
    compiled = PolicyEngine(POLICIES)._compiled
    assert set(compiled.cuts) == {"amount", "repeat", "received"}
    assert 2_000_000 in compiled.cuts["amount"] and 20250701 in compiled.cuts["received"]
    assert "health" in compiled.named["sector"] and True in compiled.named["confidential"]


def test_memoised_decisions_equal_fresh_ones_at_every_boundary() -> None:
    """Amounts, repeat counts and dates just below, at and above each constant the tables
    compare them with: the remembered rows are the rows durable-rules fires afresh."""
    memo, fresh = PolicyEngine(POLICIES), PolicyEngine(POLICIES, memo=False)
    cuts = memo._compiled.cuts
    days = [date(n // 10000, n // 100 % 100, n % 100) + timedelta(days=d)
            for n in cuts["received"] for d in (-1, 0, 1)]
    rng = random.Random(3)
    decisions = 0
    for _ in range(1500):
        r = random_input(rng).model_copy(update={
            "amount_vnd": rng.choice([None, *_around(cuts["amount"])]),
            "repeat_count": rng.choice(_around(cuts["repeat"])) if rng.random() < 0.5 else 0,
            "received": rng.choice(days)})
        assert memo.decide(r) == fresh.decide(r)
        assert [t.row for t in memo.decide(r).trace] == fired_rows(POLICIES, r)
        decisions += 2
    assert 0 < len(memo._compiled.memo) < decisions  # the memo was used, and hit
