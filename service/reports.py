"""Rich tables for reports the command line prints (Vietnamese headings)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from pakn.classifier.corpus_check import CorpusReport


def print_corpus_report(report: CorpusReport, console: Console) -> None:
    table = Table(title="Độ phủ của kho dữ liệu (bản gốc)")
    table.add_column("chỉ tiêu")
    table.add_column("thực tế", justify="right")
    table.add_column("tối thiểu", justify="right")
    table.add_column("", justify="center")
    for what, got, minimum, ok in report.counts:
        table.add_row(what, str(got), str(minimum), "✓" if ok else "✗")
    console.print(table)
    splits = Table(title="Phân chia train / dev / test (bản gốc, theo loại đơn)")
    splits.add_column("loại đơn")
    for name in report.splits:
        splits.add_column(name, justify="right")
    kinds = sorted({k for counts in report.splits.values() for k in counts})
    for kind in kinds:
        splits.add_row(kind, *(str(report.splits[name][kind]) for name in report.splits))
    splits.add_row("tổng", *(str(sum(report.splits[name].values())) for name in report.splits))
    console.print(splits)
    console.print(f"Cặp gần trùng (Jaccard ≥ 0,6) trong cùng một tập: {report.near_duplicates_within}")
    shortcuts = Table(title="Từ “lộ nhãn”: một từ tự nó đoán nhãn (độ chính xác ≥ 0,95, độ phủ ≥ 30%)")
    shortcuts.add_column("nhãn")
    shortcuts.add_column("từ (độ chính xác / độ phủ)")
    for label, tokens in report.shortcuts.items():
        shortcuts.add_row(label, ", ".join(f"{t} ({p:.2f}/{c:.2f})" for t, p, c in tokens))
    if report.shortcuts:
        console.print(shortcuts)
    else:
        console.print("Không có từ nào tự nó đoán được một nhãn.")
    for violation in report.violations[:50]:
        console.print(f"[red]✗[/red] {violation}", highlight=False)
    if len(report.violations) > 50:
        console.print(f"… và {len(report.violations) - 50} vi phạm khác")


def print_batch_summary(summary: Any, console: Console) -> None:
    """The end-of-batch report: counts by label and agency, review, overdue backlog, errors."""
    console.print(f"Dòng vào: {summary.rows_in} · dòng ra: {summary.rows_out} · lỗi: {sum(summary.errors.values())} "
                  f"· cần xem lại: {summary.needs_review} · đã quá hạn: {sum(summary.overdue_by_agency.values())}")
    for title, counts in (("Loại đơn", summary.kinds), ("Lĩnh vực", summary.sectors), ("Vấn đề", summary.issues),
                          ("Cơ quan giải quyết", summary.agencies), ("Đã quá hạn, theo cơ quan", summary.overdue_by_agency),
                          ("Lỗi, theo mã", summary.errors)):
        if not counts:
            continue
        table = Table(title=title)
        table.add_column("")
        table.add_column("số đơn", justify="right")
        for key, value in counts.most_common():
            table.add_row(str(key), str(value))
        console.print(table)
