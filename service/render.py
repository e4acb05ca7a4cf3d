"""How results look at the command line: JSON shapes and Vietnamese tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from pakn.classifier.predict import Classification
from pakn.classifier.taxonomy import ISSUES, KINDS, SECTORS

from .errors import BadFile


def classification_json(c: Classification, model_version: str) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "sector": c.sector,
        "issues": list(c.issues),
        "confidence": c.confidence,
        "needs_review": c.needs_review,
        "review_reasons": list(c.review_reasons),
        "not_petition_reason": c.not_petition_reason,
        "evidence": [{"head": e.head, "label": e.label, "start": e.start, "end": e.end, "text": e.text}
                     for e in c.evidence],
        "facts": {
            "amount_vnd": c.facts.amount_vnd,
            "dates": [d.value.isoformat() for d in c.facts.dates if d.value],
            "longest_wait_days": c.facts.longest_wait_days,
            "places": [f"{p.unit} {p.name}" for p in c.facts.places],
            "confidential": c.facts.confidential,
        },
        "text": {"encoding": c.normalized.encoding, "vietnamese_score": c.normalized.vietnamese_score},
        "model_version": model_version,
    }


def print_classification(c: Classification, console: Console) -> None:
    table = Table(show_header=False)
    table.add_row("Loại đơn", f"{KINDS[c.kind]} ({c.confidence['kind']:.0%})")
    table.add_row("Lĩnh vực", f"{SECTORS[c.sector]} ({c.confidence['sector']:.0%})")
    issues = ", ".join(f"{ISSUES[i]} ({c.confidence['issues'][i]:.0%})" for i in c.issues) or "—"
    table.add_row("Vấn đề", issues)
    table.add_row("Cần xem lại", "có" if c.needs_review else "không")
    if c.not_petition_reason:
        table.add_row("Lý do", c.not_petition_reason)
    evidence = "; ".join(f"“{e.text}” → {e.label}" for e in c.evidence[:8])
    table.add_row("Căn cứ", evidence or "—")
    console.print(table)


def read_jsonl_rows(path: Path) -> list[dict[str, Any]]:
    """Rows of a JSONL file, each with a `text` string, or `BAD_FILE` naming the line."""
    from pakn.classifier.corpus import read_rows

    rows = []
    try:
        for number, row, error in read_rows(path):
            if row is None:
                raise BadFile(f"{path}:{number}: {error}", message=f"Dòng {number} của {path} không phải JSON.")
            if not isinstance(row.get("text"), str):
                raise BadFile(f"{path}:{number}: no 'text' string", message=f"Dòng {number} của {path} thiếu trường text.")
            rows.append(row)
    except (OSError, UnicodeDecodeError) as exc:
        raise BadFile(f"{path}: {exc}", message=f"Không đọc được tệp {path}.") from None
    return rows


def print_metrics(report: dict[str, Any], summary: dict[str, Any], console: Console) -> None:
    table = Table(title="Mô hình so với đường cơ sở từ khóa")
    for column in ("tập con", "số dòng", "", "kind macro-F1", "sector acc.", "sector macro-F1",
                   "issues micro-F1", "issues macro-F1"):
        table.add_column(column, justify="right" if column not in ("tập con", "") else "left")
    for subset, row in summary.items():
        for who in ("model", "baseline"):
            f = row[who]
            table.add_row(subset if who == "model" else "", str(row["rows"]) if who == "model" else "",
                          "mô hình" if who == "model" else "từ khóa",
                          *(f"{f[k]:.3f}" if f[k] is not None else "—" for k in
                            ("kind_macro_f1", "sector_accuracy", "sector_macro_f1", "issues_micro_f1", "issues_macro_f1")))
    console.print(table)
    if "all" in report and report["all"]["model"]["kind"]:
        kind = report["all"]["model"]["kind"]
        confusion = Table(title="Ma trận nhầm lẫn loại đơn (dòng: nhãn đúng, cột: dự đoán)")
        confusion.add_column("")
        for label in kind["labels"]:
            confusion.add_column(label[:8], justify="right")
        for label, counts in zip(kind["labels"], kind["confusion"], strict=True):
            confusion.add_row(label, *map(str, counts))
        console.print(confusion)
    per_label = report.get("all", {}).get("model", {}).get("issues", {}).get("per_label", {})
    if per_label:
        issues = Table(title="Vấn đề: độ chính xác / độ phủ / F1 theo nhãn (mô hình)")
        for column in ("nhãn", "P", "R", "F1", "số mẫu"):
            issues.add_column(column)
        for label, f in per_label.items():
            issues.add_row(label, f"{f['precision']:.3f}", f"{f['recall']:.3f}", f"{f['f1']:.3f}", str(f["support"]))
        console.print(issues)


def triage_json(result: Any) -> dict[str, Any]:
    """`{"classification": {...}, "routing": {...}}`, the contract shape of architecture.md."""
    decision = result.decision
    return {
        "petition_id": result.petition_id,
        "classification": classification_json(result.classification, result.model_version),
        "routing": {**decision.model_dump(mode="json"), "province_source": result.province_source,
                    "notes": list(result.notes)},
        "model_version": result.model_version,
        "policy_version": result.policy_version,
    }


def print_triage(result: Any, console: Console) -> None:
    print_classification(result.classification, console)
    print_decision(result.decision, result.province_source, console)


def print_decision(d: Any, province_source: str | None, console: Console) -> None:
    table = Table(show_header=False, title="Định tuyến")
    table.add_row("Cơ quan giải quyết", d.agency.name if d.agency else "—")
    if d.co_handlers:
        table.add_row("Phối hợp", "; ".join(a.name for a in d.co_handlers))
    table.add_row("Thủ tục", d.procedure.name + (f" — {d.procedure.reason}" if d.procedure.reason else ""))
    source = f" ({province_source})" if province_source else ""
    table.add_row("Tỉnh/thành phố", f"{d.province or 'chưa xác định'}{source}")
    for clock in d.clocks:
        due = clock.due.strftime("%d/%m/%Y") if clock.due else "theo thời hạn công bố của thủ tục"
        table.add_row(f"Hạn {clock.id}", f"{due} — {clock.what} ({clock.legal_basis})")
    for k, step in enumerate(d.escalation, start=1):
        table.add_row(f"Bước {k} [{step.severity}]", f"{step.trigger}: {step.who} — {step.action} ({step.legal_basis})")
    table.add_row("Giữ bí mật người gửi", "có" if d.confidential else "không")
    table.add_row("Cần xem lại", "có: " + "; ".join(d.review_notes) if d.needs_review else "không")
    console.print(table)
    trace = Table(title="Các quy tắc đã áp dụng (theo thứ tự)")
    for column in ("#", "bảng", "dòng", "căn cứ", "độ tin cậy"):
        trace.add_column(column)
    for fired in d.trace:
        trace.add_row(str(fired.order), fired.table, fired.row, fired.legal_basis, fired.confidence)
    console.print(trace)
