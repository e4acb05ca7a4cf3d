"""`pakn corpus check`: schema, ids, coverage minima, splits, near-duplicates, shortcuts.

Returns a `CorpusReport`: tables to print, and violations; any violation fails the check.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import SPLITS, Petition, load_corpus
from .neardup import THRESHOLD, near_duplicate_pairs
from .taxonomy import ISSUES, KINDS, SECTORS
from .vietnamese import fold

# Coverage minima over original petitions (issue 4 of the project).
MIN_ORIGINALS = 3000
MIN_PER_KIND = {"feedback": 400, "complaint": 400, "denunciation": 400, "request": 400, "not_petition": 250}
MIN_PER_SECTOR = 150  # each sector but `other`
MIN_PER_ISSUE = 150
MIN_MULTI_ISSUE = 500
MIN_NO_ISSUE = 800
MIN_FORMAL_SHARE = 0.30
MIN_CASUAL_SHARE = 0.40  # informal + message + hotline_note
MIN_PROVINCES = 20
MIN_HARD_SHARE = 0.15
MIN_NO_DIACRITICS_SHARE = 0.15
SPLIT_SHARES = {"train": 0.70, "dev": 0.15, "test": 0.15}
SPLIT_TOLERANCE = 0.03
# Shortcut tokens: presence alone predicts a label with this precision and coverage.
SHORTCUT_PRECISION = 0.95
SHORTCUT_COVERAGE = 0.30
MAX_SHORTCUTS_PER_LABEL = 3

_WORD = re.compile(r"[a-z0-9]+")


@dataclass
class CorpusReport:
    counts: list[tuple[str, int | float, int | float, bool]] = field(default_factory=list)  # what, got, minimum, ok
    splits: dict[str, Counter[str]] = field(default_factory=dict)
    shortcuts: dict[str, list[tuple[str, float, float]]] = field(default_factory=dict)
    near_duplicates_within: int = 0
    violations: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations

    def require(self, what: str, got: float, minimum: float) -> None:
        ok = got >= minimum
        self.counts.append((what, got, minimum, ok))
        if not ok:
            self.violations.append(f"coverage: {what} is {got}, below the minimum {minimum}")


def words(text: str) -> int:
    return len(text.split())


def check_corpus(directory: Path) -> CorpusReport:
    report = CorpusReport()
    splits, problems = load_corpus(directory)
    report.violations += problems
    rows = [(name, p) for name in SPLITS for p in splits[name]]
    _check_ids(rows, report)
    originals = [p for _, p in rows if p.is_original]
    _check_coverage(originals, report)
    _check_splits(splits, report)
    _check_near_duplicates(rows, report)
    report.shortcuts = shortcut_tokens(originals)
    for label, tokens in report.shortcuts.items():
        if len(tokens) > MAX_SHORTCUTS_PER_LABEL:
            listed = ", ".join(t for t, _, _ in tokens)
            report.violations.append(f"shortcuts: {label} is predicted alone by {len(tokens)} tokens ({listed})")
    return report


def _check_ids(rows: list[tuple[str, Petition]], report: CorpusReport) -> None:
    seen: dict[str, Petition] = {}
    split_of: dict[str, str] = {}
    for split, petition in rows:
        if petition.id in seen:
            report.violations.append(f"{petition.where}  id {petition.id!r} already used at {seen[petition.id].where}")
        seen[petition.id] = petition
        split_of[petition.id] = split
    for split, petition in rows:
        parent = petition.parent_id
        if parent is None:
            continue
        if parent not in seen or not seen[parent].is_original:
            report.violations.append(f"{petition.where}  parent {parent!r} is not an original petition")
        elif split_of[parent] != split:
            report.violations.append(
                f"{petition.where}  augmented row in {split}, its parent {parent!r} in {split_of[parent]}")


def _check_coverage(originals: list[Petition], report: CorpusReport) -> None:
    n = len(originals)
    report.require("original petitions", n, MIN_ORIGINALS)
    kinds = Counter(p.kind for p in originals)
    for kind, minimum in MIN_PER_KIND.items():
        report.require(f"kind {kind}", kinds[kind], minimum)
    sectors = Counter(p.sector for p in originals)
    for sector in SECTORS:
        if sector != "other":
            report.require(f"sector {sector}", sectors[sector], MIN_PER_SECTOR)
    issues = Counter(i for p in originals for i in p.issues)
    for issue in ISSUES:
        report.require(f"issue {issue}", issues[issue], MIN_PER_ISSUE)
    report.require("petitions with 2+ issues", sum(len(p.issues) >= 2 for p in originals), MIN_MULTI_ISSUE)
    report.require("petitions with no issue", sum(not p.issues for p in originals), MIN_NO_ISSUE)
    registers = Counter(p.register for p in originals)
    share = (lambda count: round(count / n, 3)) if n else (lambda count: 0.0)
    report.require("share formal", share(registers["formal"]), MIN_FORMAL_SHARE)
    casual = registers["informal"] + registers["message"] + registers["hotline_note"]
    report.require("share informal + message + hotline_note", share(casual), MIN_CASUAL_SHARE)
    report.require("distinct provinces", len({p.province for p in originals if p.province}), MIN_PROVINCES)
    report.require("share hard cases", share(sum(bool(p.hard) for p in originals)), MIN_HARD_SHARE)
    report.require("share written without diacritics",
                   share(sum(p.diacritics == "none" for p in originals)), MIN_NO_DIACRITICS_SHARE)
    lengths = sorted(words(p.text) for p in originals) or [0]
    report.require("texts of 5 words or fewer", sum(w <= 5 for w in lengths), 20)
    report.require("texts of 300 words or more", sum(w >= 300 for w in lengths), 10)
    longest = lengths[-1]
    report.counts.append(("longest text in words (≤ 600)", longest, 600, longest <= 600))
    if longest > 600:
        report.violations.append(f"coverage: the longest text has {longest} words, over 600")


def _check_splits(splits: dict[str, list[Petition]], report: CorpusReport) -> None:
    originals = {name: [p for p in rows if p.is_original] for name, rows in splits.items()}
    total = sum(len(rows) for rows in originals.values())
    for name, rows in originals.items():
        report.splits[name] = Counter(p.kind for p in rows)
        if total:
            share = len(rows) / total
            if abs(share - SPLIT_SHARES[name]) > SPLIT_TOLERANCE:
                report.violations.append(
                    f"splits: {name} holds {share:.1%} of originals; expected {SPLIT_SHARES[name]:.0%} ± 3 points")
    for kind in KINDS:
        kind_total = sum(report.splits[name][kind] for name in SPLITS)
        if kind_total >= 100:
            test_share = report.splits["test"][kind] / kind_total
            if abs(test_share - SPLIT_SHARES["test"]) > 0.05:
                report.violations.append(f"splits: test holds {test_share:.1%} of kind {kind}; not stratified")


def _check_near_duplicates(rows: list[tuple[str, Petition]], report: CorpusReport) -> None:
    # augmented copies are near-duplicates of their parents by design: check originals
    originals = [(split, p) for split, p in rows if p.is_original]
    pairs = near_duplicate_pairs([p.text for _, p in originals], THRESHOLD)
    for i, j, similarity in pairs:
        (split_i, a), (split_j, b) = originals[i], originals[j]
        if split_i != split_j:
            report.violations.append(
                f"near-duplicates across splits: {a.id} ({split_i}) and {b.id} ({split_j}), Jaccard {similarity}")
        else:
            report.near_duplicates_within += 1


def shortcut_tokens(originals: list[Petition]) -> dict[str, list[tuple[str, float, float]]]:
    """Per label, the folded words whose presence alone predicts it (precision, coverage)."""
    docs = [(set(_WORD.findall(fold(p.text))), p) for p in originals]
    token_df: Counter[str] = Counter(t for tokens, _ in docs for t in tokens)
    labels: dict[str, list[set[str]]] = {}
    for tokens, p in docs:
        for label in (f"kind={p.kind}", f"sector={p.sector}", *(f"issue={i}" for i in p.issues)):
            labels.setdefault(label, []).append(tokens)
    found: dict[str, list[tuple[str, float, float]]] = {}
    for label, token_sets in sorted(labels.items()):
        with_label: Counter[str] = Counter(t for tokens in token_sets for t in tokens)
        hits = []
        for token, count in with_label.items():
            coverage = count / len(token_sets)
            precision = count / token_df[token]
            if coverage >= SHORTCUT_COVERAGE and precision >= SHORTCUT_PRECISION:
                hits.append((token, round(precision, 3), round(coverage, 3)))
        if hits:
            found[label] = sorted(hits, key=lambda h: -h[2])
    return found


def markdown_counts(directory: Path) -> str:
    """Counts per label, register, diacritics and split, as Markdown tables (for DATACARD.md)."""
    splits, _ = load_corpus(directory)
    lines: list[str] = []

    def table(title: str, key) -> None:  # type: ignore[no-untyped-def]
        counts = {name: Counter() for name in SPLITS}
        for name in SPLITS:
            for p in splits[name]:
                if p.is_original:
                    for value in key(p):
                        counts[name][value] += 1
        values = sorted({v for c in counts.values() for v in c})
        lines.append(f"\n| {title} | train | dev | test | all |\n|---|---|---|---|---|")
        for value in values:
            row = [counts[name][value] for name in SPLITS]
            lines.append(f"| {value} | {' | '.join(map(str, row))} | {sum(row)} |")

    table("kind", lambda p: [p.kind])
    table("sector", lambda p: [p.sector])
    table("issue", lambda p: list(p.issues) or ["(none)"])
    table("register", lambda p: [p.register])
    table("diacritics", lambda p: [p.diacritics])
    table("hard", lambda p: ["hard" if p.hard else "ordinary"])
    augmented = Counter(p.source.split(":")[1] for name in SPLITS for p in splits[name] if not p.is_original)
    lines.append("\n| augmentation | rows |\n|---|---|")
    lines += [f"| {m} | {n} |" for m, n in sorted(augmented.items())]
    return "\n".join(lines)
