"""Batch: rows in = rows out, bad rows reported not dropped, CSV in Windows-1258, kill -9 then resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pakn.service.batch import run_batch

REPO = Path(__file__).resolve().parents[2]


def corpus_texts(limit: int) -> list[str]:
    rows = [json.loads(line) for line in (REPO / "corpus" / "test.jsonl").read_text("utf-8").splitlines()]
    return [r["text"] for r in rows][:limit]


@pytest.fixture()
def model_env(trained_model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("PAKN_MODEL_DIR", str(trained_model_dir))
    return {**os.environ, "PAKN_MODEL_DIR": str(trained_model_dir)}


def test_one_bad_row_in_ten_comes_out_as_an_error_row(tmp_path: Path, model_env: dict[str, str]) -> None:
    source, output = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    lines = []
    for k, text in enumerate(corpus_texts(50)):
        lines.append("{broken json" if k % 10 == 3 else json.dumps({"id": f"p{k}", "text": text}, ensure_ascii=False))
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = run_batch(source, output, workers=1)
    rows = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
    assert summary.rows_in == summary.rows_out == len(rows) == 50
    assert [r["error"]["code"] for r in rows if r["error"] and r["error"]["code"] == "BAD_FILE"] == ["BAD_FILE"] * 5
    assert rows[0]["id"] == "p0" and rows[3]["id"] == "row-4" and rows[3]["id_generated"]
    assert not (tmp_path / "out.jsonl.partial").exists()


def test_csv_in_windows_1258(tmp_path: Path, model_env: dict[str, str]) -> None:
    source, output = tmp_path / "in.csv", tmp_path / "out.jsonl"
    text = "id,text,received_at\nB1,\"Đề nghị cấp lại giấy khai sinh cho con tôi\",2025-10-01\nB2,,\n"
    from tests.classifier.test_text_cases import to_cp1258

    source.write_bytes(to_cp1258(text))
    summary = run_batch(source, output, workers=1)
    rows = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
    assert summary.rows_out == 2 and rows[0]["id"] == "B1" and rows[0]["kind"]
    assert rows[1]["error"]["code"] == "EMPTY_TEXT"


def test_killed_run_resumes_to_the_same_output(tmp_path: Path, model_env: dict[str, str]) -> None:
    source = tmp_path / "in.jsonl"
    texts = corpus_texts(200) * 5
    source.write_text("\n".join(json.dumps({"id": f"p{k}", "text": t}, ensure_ascii=False)
                                for k, t in enumerate(texts)) + "\n", encoding="utf-8")
    reference = tmp_path / "reference.jsonl"
    run_batch(source, reference, workers=1, today=None)
    output = tmp_path / "out.jsonl"
    command = [sys.executable, "-c", "from pakn.service.cli import main; main()", "batch", str(source),
               "-o", str(output), "--workers", "1", "--quiet"]
    process = subprocess.Popen(command, env=model_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    state = tmp_path / "out.jsonl.state.json"
    deadline = time.time() + 120
    while time.time() < deadline and not (state.exists() and json.loads(state.read_text())["rows"] >= 200):
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not output.exists() and (tmp_path / "out.jsonl.partial").exists()
    resumed = subprocess.run(command + ["--resume"], env=model_env, capture_output=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr.decode()
    assert output.read_text("utf-8").splitlines() == reference.read_text("utf-8").splitlines()


def test_xlsx_with_a_merged_title_and_every_output_format(tmp_path: Path, model_env: dict[str, str]) -> None:
    import pyarrow.parquet as pq
    from openpyxl import Workbook, load_workbook

    source = tmp_path / "backlog.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH ĐƠN TỒN ĐỌNG QUÝ III"])
    sheet.merge_cells("A1:C1")
    sheet.append(["id", "text", "province"])
    sheet.append(["X1", "Đề nghị cấp lại giấy khai sinh cho con tôi", "Huế"])
    sheet.append(["X2", "Trường thu quá nhiều khoản đầu năm, đề nghị xem xét", None])
    sheet.append(["X3", None, None])
    book.save(source)
    outputs = {}
    for suffix in (".jsonl", ".csv", ".xlsx", ".parquet"):
        target = tmp_path / f"out{suffix}"
        summary = run_batch(source, target, workers=1)
        assert summary.rows_in == summary.rows_out == 3
        outputs[suffix] = target
    jsonl = [json.loads(line) for line in outputs[".jsonl"].read_text("utf-8").splitlines()]
    assert [r["id"] for r in jsonl] == ["X1", "X2", "X3"] and jsonl[2]["error"]["code"] == "BAD_REQUEST"
    assert outputs[".csv"].read_text("utf-8-sig").splitlines()[0].startswith("id,id_generated,kind")
    xlsx = list(load_workbook(outputs[".xlsx"]).active.iter_rows(values_only=True))
    assert xlsx[1][0] == "X1" and len(xlsx) == 4
    parquet = pq.read_table(outputs[".parquet"]).to_pylist()
    assert [r["id"] for r in parquet] == ["X1", "X2", "X3"]


def test_parquet_input_and_a_one_megabyte_row(tmp_path: Path, model_env: dict[str, str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": ["big", "ok"], "text": ["đơn " * 250_000, "Đề nghị sửa đường liên thôn"]}), source)
    output = tmp_path / "out.jsonl"
    summary = run_batch(source, output, workers=1)
    rows = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
    assert summary.rows_out == 2
    assert rows[0]["error"]["code"] == "TEXT_TOO_LONG" and rows[1]["kind"]


def test_csv_with_a_one_megabyte_cell_is_a_row_error_not_a_crash(tmp_path: Path, model_env: dict[str, str]) -> None:
    source, output = tmp_path / "in.csv", tmp_path / "out.jsonl"
    source.write_text("id,text\nbig,\"" + "đơn " * 250_000 + "\"\nok,Đề nghị sửa đường liên thôn\n", encoding="utf-8")
    summary = run_batch(source, output, workers=1)
    rows = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
    assert summary.rows_in == summary.rows_out == 2
    assert rows[0]["error"]["code"] == "TEXT_TOO_LONG" and rows[1]["kind"]


@pytest.mark.parametrize("content, message", [
    (b"id,text\nA1,ok\nA2," + b"x" * 300 + b"\n", "hỏng ngay sau dòng 2"),  # a field over the (lowered) limit
    (b"id,text\nA1,\x81\x8d\x90\n", "bảng mã"),
    (b"id,noi_dung\nA1,abc\n", "không có cột"),
])
def test_a_broken_csv_is_refused_with_a_vietnamese_message(tmp_path: Path, content: bytes, message: str,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            model_env: dict[str, str]) -> None:
    from pakn.service import formats
    from pakn.service.errors import BadFile

    monkeypatch.setattr(formats, "CSV_FIELD_LIMIT", 200)

    source = tmp_path / "in.csv"
    source.write_bytes(content)
    with pytest.raises(BadFile) as caught:
        run_batch(source, tmp_path / "out.jsonl", workers=1)
    assert message in caught.value.message
    if "dòng 2" not in message:  # refused before the first row: nothing was written
        assert not (tmp_path / "out.jsonl.partial").exists()
