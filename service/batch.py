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

import csv
import io
import itertools
import json
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from .core import Context, Pipeline
from .errors import BadFile, BadRequest, PaknError

CHUNK = 200
OUTPUT_FIELDS = ("id", "id_generated", "kind", "sector", "issues", "confidence", "needs_review", "agency",
                 "procedure", "acknowledge_by", "deadline", "province", "error")


@dataclass
class InputRow:
    index: int
    id: str | None
    text: Any
    received_at: str | None = None
    province: str | None = None
    error: str | None = None  # a row that could not even be read


# --- readers ------------------------------------------------------------------------

def read_jsonl(path: Path, text_column: str, id_column: str) -> Iterator[InputRow]:
    with path.open("rb") as handle:
        for index, raw in enumerate(handle):
            if not raw.strip():
                continue
            try:
                row = json.loads(raw.decode("utf-8-sig"))
                if not isinstance(row, dict):
                    raise ValueError("not an object")
            except (ValueError, UnicodeDecodeError) as exc:
                yield InputRow(index, None, None, error=f"line {index + 1} is not a JSON object: {exc}")
                continue
            yield _row(index, row, text_column, id_column)


def _decode_csv(path: Path) -> str:
    data = path.read_bytes()
    for codec in ("utf-8-sig", "cp1258"):  # Windows exports of Vietnamese offices use 1258
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise BadFile(f"{path}: neither UTF-8 nor Windows-1258", message=f"Không đọc được bảng mã của tệp {path}.")


def read_csv(path: Path, text_column: str, id_column: str) -> Iterator[InputRow]:
    # streaming would need an incremental decoder per codec; CSV exports are read whole
    reader = csv.DictReader(io.StringIO(_decode_csv(path), newline=""))
    if reader.fieldnames is None or text_column not in reader.fieldnames:
        raise BadFile(f"{path}: no column {text_column!r}; columns: {reader.fieldnames}",
                      message=f"Tệp {path} không có cột “{text_column}”.")
    for index, row in enumerate(reader):
        yield _row(index, row, text_column, id_column)


def read_xlsx(path: Path, text_column: str, id_column: str) -> Iterator[InputRow]:
    """First sheet; the header is the first row naming the text column (title rows and
    merged cells above it are skipped)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise BadFile(f"{path}: {exc}", message=f"Tệp Excel {path} hỏng hoặc không đọc được.") from None
    sheet = book.worksheets[0]
    header: list[str] | None = None
    index = 0
    for values in sheet.iter_rows(values_only=True):
        cells = ["" if v is None else str(v).strip() for v in values]
        if header is None:
            if text_column in cells:
                header = cells
            continue
        if not any(cells):
            continue
        yield _row(index, dict(zip(header, values, strict=False)), text_column, id_column)
        index += 1
    book.close()
    if header is None:
        raise BadFile(f"{path}: no header row with {text_column!r}", message=f"Tệp {path} không có cột “{text_column}”.")


def read_parquet(path: Path, text_column: str, id_column: str) -> Iterator[InputRow]:
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(path)
    except Exception as exc:
        raise BadFile(f"{path}: {exc}", message=f"Tệp Parquet {path} hỏng hoặc không đọc được.") from None
    if text_column not in table.schema_arrow.names:
        raise BadFile(f"{path}: no column {text_column!r}", message=f"Tệp {path} không có cột “{text_column}”.")
    index = 0
    for batch in table.iter_batches(batch_size=CHUNK):
        for row in batch.to_pylist():
            yield _row(index, row, text_column, id_column)
            index += 1


def estimate_rows(path: Path) -> int | None:
    """Rows the input holds (for the progress bar's ETA), cheaply; None when unknown."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            with path.open("rb") as handle:
                return sum(1 for line in handle if line.strip())
        if suffix == ".parquet":
            import pyarrow.parquet as pq

            return int(pq.ParquetFile(path).metadata.num_rows)
    except OSError:
        return None
    return None


READERS = {".jsonl": read_jsonl, ".csv": read_csv, ".xlsx": read_xlsx, ".parquet": read_parquet}
WRITERS = (".jsonl", ".csv", ".xlsx", ".parquet")


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """A result row for tabular formats: lists and objects as JSON text."""
    return {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v) for k, v in row.items()}


def convert_output(jsonl: Path, target: Path) -> None:
    """Write the finished JSONL results in the target's format, streaming."""
    with jsonl.open(encoding="utf-8") as handle:
        _write_rows((json.loads(line) for line in handle), target)


def _write_rows(rows: Iterator[dict[str, Any]], target: Path) -> None:
    suffix = target.suffix.lower()
    if suffix == ".csv":
        with target.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=OUTPUT_FIELDS)
            writer.writeheader()
            for row in rows:
                writer.writerow(_flat(row))
    elif suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("ket_qua")
        sheet.append(list(OUTPUT_FIELDS))
        for row in rows:
            flat = _flat(row)
            sheet.append([flat.get(k) for k in OUTPUT_FIELDS])
        book.save(target)
    elif suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema([(k, pa.bool_() if k in ("id_generated", "needs_review") else pa.string())
                            for k in OUTPUT_FIELDS])
        with pq.ParquetWriter(target, schema) as writer:
            for chunk in _chunks(rows, 2000):  # type: ignore[arg-type]
                flats = [_flat(r) for r in chunk]
                columns = {k: [f.get(k) if k in ("id_generated", "needs_review") or f.get(k) is None
                               else str(f.get(k)) for f in flats] for k in OUTPUT_FIELDS}
                writer.write_table(pa.table(columns, schema=schema))


def _row(index: int, row: dict[str, Any], text_column: str, id_column: str) -> InputRow:
    ident = row.get(id_column)
    return InputRow(index, None if ident in (None, "") else str(ident), row.get(text_column),
                    row.get("received_at") or None, row.get("province") or None)


# --- one chunk, in a worker ---------------------------------------------------------

_pipeline: Pipeline | None = None


def _init_worker() -> None:
    global _pipeline
    _pipeline = Pipeline.load()


def triage_row(pipeline: Pipeline, row: InputRow) -> dict[str, Any]:
    out: dict[str, Any] = {"id": row.id or f"row-{row.index + 1}", "id_generated": row.id is None}
    try:
        if row.error:
            raise BadFile(row.error, message="Dòng không đọc được (không phải JSON).")
        if not isinstance(row.text, str):  # an empty string is the text layer's EMPTY_TEXT
            raise BadRequest("missing text", message="Dòng thiếu nội dung đơn (cột text trống hoặc không có).")
        received = date.fromisoformat(row.received_at) if row.received_at else None
        result = pipeline.triage(row.text, Context(received=received, province=row.province, petition_id=row.id))
    except PaknError as exc:
        return {**out, **{k: None for k in OUTPUT_FIELDS if k not in out}, "error": {"code": exc.code, "message": exc.message}}
    except ValueError as exc:
        error = BadRequest(str(exc), message="Ngày nhận đơn (received_at) phải có dạng YYYY-MM-DD.")
        return {**out, **{k: None for k in OUTPUT_FIELDS if k not in out},
                "error": {"code": error.code, "message": error.message}}
    c, d = result.classification, result.decision
    return {**out, "kind": c.kind, "sector": c.sector, "issues": list(c.issues),
            "confidence": {"kind": c.confidence["kind"], "sector": c.confidence["sector"]},
            "needs_review": c.needs_review or d.needs_review,
            "agency": d.agency.name if d.agency else None, "procedure": d.procedure.id,
            "acknowledge_by": d.acknowledge_by.isoformat() if d.acknowledge_by else None,
            "deadline": d.deadline.isoformat() if d.deadline else None, "province": d.province, "error": None}


def _run_chunk(rows: list[InputRow]) -> list[dict[str, Any]]:
    assert _pipeline is not None
    return [triage_row(_pipeline, row) for row in rows]


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


def _chunks(rows: Iterator[InputRow], size: int) -> Iterator[list[InputRow]]:
    chunk: list[InputRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


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
    with partial.open("r+b" if done_bytes else "wb") as handle:
        handle.truncate(done_bytes)
        handle.seek(done_bytes)
        rows = itertools.islice(reader(source, text_column, id_column), done_rows, None)  # resume point
        today = today or date.today()
        context = get_context("fork")
        pool = context.Pool(workers, initializer=_init_worker) if workers > 1 else None
        if pool is None:
            _init_worker()
        try:
            results = pool.imap(_run_chunk, _chunks(rows, CHUNK)) if pool else map(_run_chunk, _chunks(rows, CHUNK))
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
