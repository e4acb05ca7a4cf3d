"""Backlog file formats: read JSONL, CSV, XLSX, Parquet rows; write results in the same four.

Readers yield `InputRow`s one at a time, memory flat whatever the file's size (CSV: UTF-8,
UTF-8 with BOM or Windows-1258, the codec found by one streaming pass before reading);
writers take the finished JSONL results and stream them out.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import BadFile

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


def chunks(rows: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := list(itertools.islice(rows, size)):
        yield chunk


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


def _csv_codec(path: Path) -> str:
    """The codec that decodes the whole file: UTF-8 (BOM or not), else Windows-1258, the
    code page of Vietnamese Windows exports. Checked block by block, never held whole."""
    for codec in ("utf-8-sig", "cp1258"):
        decoder = codecs.getincrementaldecoder(codec)()
        try:
            with path.open("rb") as handle:
                while block := handle.read(1 << 20):
                    decoder.decode(block)
                decoder.decode(b"", final=True)
            return codec
        except UnicodeDecodeError:
            continue
    raise BadFile(f"{path}: neither UTF-8 nor Windows-1258", message=f"Không đọc được bảng mã của tệp {path}.")


CSV_FIELD_LIMIT = 64 * 1024 * 1024  # a long text is the text layer's TEXT_TOO_LONG, not a CSV error


def read_csv(path: Path, text_column: str, id_column: str) -> Iterator[InputRow]:
    csv.field_size_limit(CSV_FIELD_LIMIT)
    with path.open(encoding=_csv_codec(path), newline="") as handle:
        reader = csv.DictReader(handle)
        try:
            if reader.fieldnames is None or text_column not in reader.fieldnames:
                raise BadFile(f"{path}: no column {text_column!r}; columns: {reader.fieldnames}",
                              message=f"Tệp {path} không có cột “{text_column}”.")
            for index, row in enumerate(reader):
                yield _row(index, row, text_column, id_column)
        except csv.Error as exc:
            raise BadFile(f"{path}: after line {reader.line_num}: {exc}",
                          message=f"Tệp CSV {path} hỏng ngay sau dòng {reader.line_num}: không đọc tiếp được.") from None


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
            for chunk in chunks(rows, 2000):
                flats = [_flat(r) for r in chunk]
                columns = {k: [f.get(k) if k in ("id_generated", "needs_review") or f.get(k) is None
                               else str(f.get(k)) for f in flats] for k in OUTPUT_FIELDS}
                writer.write_table(pa.table(columns, schema=schema))


def _row(index: int, row: dict[str, Any], text_column: str, id_column: str) -> InputRow:
    ident = row.get(id_column)
    return InputRow(index, None if ident in (None, "") else str(ident), row.get(text_column),
                    row.get("received_at") or None, row.get("province") or None)


