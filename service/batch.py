"""`pakn batch`: a backlog file in, one result row per input row out, nothing lost.

Streaming: rows are read and written in chunks, so memory stays flat. Workers: N
processes, each loading the verified pipeline once; chunks come back in input order.
Resumable: the results grow as JSONL in `OUTPUT.partial` and `OUTPUT.state.json` records,
after each chunk is flushed to disk, how many input rows and output bytes are final;
`--resume` cuts the partial file back to that point and goes on. Only a finished run turns
the partial file into OUTPUT (renamed, or converted to CSV / XLSX / Parquet), so a partial
file is never mistaken for a complete one. Formats: JSONL, CSV (UTF-8, BOM or
Windows-1258), XLSX (first sheet; title rows and merged cells above the header skipped),
Parquet.
"""

from __future__ import annotations

import itertools
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from .core import Context, Pipeline
from .errors import BadFile, BadRequest, PaknError
from .formats import CHUNK, OUTPUT_FIELDS, READERS, WRITERS, InputRow, chunks, convert_output

# --- one chunk, in a worker ---------------------------------------------------------

_pipeline: Pipeline | None = None


def _init_worker() -> None:
    global _pipeline
    _pipeline = Pipeline.load()


def _error_row(out: dict[str, Any], exc: PaknError) -> dict[str, Any]:
    return {**out, **{k: None for k in OUTPUT_FIELDS if k not in out}, "error": {"code": exc.code, "message": exc.message}}


def _context(row: InputRow) -> Context:
    """The row's context, or `BAD_REQUEST` for a text cell or date that cannot be used."""
    if row.error:
        raise BadFile(row.error, message="Dòng không đọc được (không phải JSON).")
    if not isinstance(row.text, str):  # an empty string is the text layer's EMPTY_TEXT
        raise BadRequest("missing text", message="Dòng thiếu nội dung đơn (cột text trống hoặc không có).")
    try:
        received = date.fromisoformat(str(row.received_at)[:10]) if row.received_at else None
    except ValueError:
        raise BadRequest(f"received_at {row.received_at!r}",
                         message="Ngày nhận đơn (received_at) phải có dạng YYYY-MM-DD.") from None
    return Context(received=received, province=row.province, petition_id=row.id)


def triage_rows(pipeline: Pipeline, rows: list[InputRow]) -> list[dict[str, Any]]:
    """One output row per input row, in order; the chunk is classified in one go."""
    heads = [{"id": row.id or f"row-{row.index + 1}", "id_generated": row.id is None} for row in rows]
    contexts: list[Context | PaknError] = []
    for row in rows:
        try:
            contexts.append(_context(row))
        except PaknError as exc:
            contexts.append(exc)
    todo = [(row.text, c) for row, c in zip(rows, contexts, strict=True) if isinstance(c, Context)]
    done = iter(pipeline.triage_many(todo, explain=False))  # batch rows carry no evidence
    out = []
    for head, context in zip(heads, contexts, strict=True):
        result = context if isinstance(context, PaknError) else next(done)
        if isinstance(result, PaknError):
            out.append(_error_row(head, result))
            continue
        c, d = result.classification, result.decision
        out.append({**head, "kind": c.kind, "sector": c.sector, "issues": list(c.issues),
                    "confidence": {"kind": c.confidence["kind"], "sector": c.confidence["sector"]},
                    "needs_review": c.needs_review or d.needs_review,
                    "agency": d.agency.name if d.agency else None, "procedure": d.procedure.id,
                    "acknowledge_by": d.acknowledge_by.isoformat() if d.acknowledge_by else None,
                    "deadline": d.deadline.isoformat() if d.deadline else None, "province": d.province,
                    "error": None})
    return out


def _run_chunk(rows: list[InputRow]) -> list[dict[str, Any]]:
    assert _pipeline is not None
    return triage_rows(_pipeline, rows)


# --- the run --------------------------------------------------------------------------

@dataclass
class Summary:
    rows_in: int = 0
    rows_out: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    sectors: Counter[str] = field(default_factory=Counter)
    issues: Counter[str] = field(default_factory=Counter)
    agencies: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    needs_review: int = 0
    overdue_by_agency: Counter[str] = field(default_factory=Counter)

    def add(self, row: dict[str, Any], today: date) -> None:
        self.rows_out += 1
        if row["error"]:
            self.errors[row["error"]["code"]] += 1
            return
        self.kinds[row["kind"]] += 1
        self.sectors[row["sector"]] += 1
        self.issues.update(row["issues"])
        self.agencies[row["agency"] or "(không thụ lý)"] += 1
        self.needs_review += bool(row["needs_review"])
        if row["deadline"] and date.fromisoformat(row["deadline"]) < today:
            self.overdue_by_agency[row["agency"] or "?"] += 1

    def to_json(self) -> dict[str, Any]:
        return {k: (dict(v) if isinstance(v, Counter) else v) for k, v in self.__dict__.items()}


def run_batch(source: Path, output: Path, *, workers: int = 1, resume: bool = False,
              text_column: str = "text", id_column: str = "id", progress: Any = None,
              today: date | None = None) -> Summary:
    reader = READERS.get(source.suffix.lower())
    if reader is None or output.suffix.lower() not in WRITERS:
        raise BadFile(f"formats: input {', '.join(READERS)}; output {', '.join(WRITERS)}",
                      message="Định dạng tệp chưa hỗ trợ: dùng .jsonl, .csv, .xlsx hoặc .parquet.")
    if not source.exists():
        raise BadFile(f"{source} does not exist", message=f"Không có tệp {source}.")
    partial, state_path = output.with_name(output.name + ".partial"), output.with_name(output.name + ".state.json")
    done_rows, done_bytes, summary = 0, 0, Summary()
    if resume and state_path.exists():
        state = json.loads(state_path.read_text())
        done_rows, done_bytes, summary = state["rows"], state["bytes"], _summary_from(state["summary"])
    # read the first row before anything is written or loaded: a file that cannot be read
    # (codec, header, broken workbook) is refused at once, leaving no partial output behind
    rows = itertools.islice(reader(source, text_column, id_column), done_rows, None)  # resume point
    first = list(itertools.islice(rows, 1))
    rows = itertools.chain(first, rows)
    with partial.open("r+b" if done_bytes else "wb") as handle:
        handle.truncate(done_bytes)
        handle.seek(done_bytes)
        today = today or date.today()
        context = get_context("fork")
        pool = context.Pool(workers, initializer=_init_worker) if workers > 1 else None
        if pool is None:
            _init_worker()
        try:
            results = pool.imap(_run_chunk, chunks(rows, CHUNK)) if pool else map(_run_chunk, chunks(rows, CHUNK))
            for chunk in results:
                for row in chunk:
                    handle.write((json.dumps(row, ensure_ascii=False) + "\n").encode())
                    summary.add(row, today)
                handle.flush()
                os.fsync(handle.fileno())
                done_rows += len(chunk)
                summary.rows_in = done_rows
                _write_state(state_path, done_rows, handle.tell(), summary)
                if progress:
                    progress(done_rows)
        finally:
            if pool:
                pool.close()
                pool.join()
    summary.rows_in = done_rows
    if summary.rows_in != summary.rows_out:
        raise BadFile(f"rows in {summary.rows_in} != rows out {summary.rows_out}")
    if output.suffix.lower() == ".jsonl":
        partial.replace(output)
    else:  # results are always made durable as JSONL; other formats are written at the end
        tmp = output.with_name(output.name + ".tmp" + output.suffix)
        convert_output(partial, tmp)
        tmp.replace(output)
        partial.unlink()
    state_path.unlink(missing_ok=True)
    return summary


def _write_state(path: Path, rows: int, size: int, summary: Summary) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"rows": rows, "bytes": size, "summary": summary.to_json()}))
    os.replace(tmp, path)


def _summary_from(data: dict[str, Any]) -> Summary:
    summary = Summary()
    for key, value in data.items():
        setattr(summary, key, Counter(value) if isinstance(getattr(summary, key), Counter) else value)
    return summary
