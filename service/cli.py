"""The `pakn` command line: one door onto the same core as the API and the desk page.

A `PaknError` is printed as "[CODE] Vietnamese message" on stderr and exits with the
code of the error table; never a traceback. Data commands (corpus, policies, keys) live in
`cli_data.py`.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from .cli_common import FileOpt, JsonOpt, TextArg, err, out, print_json, read_input
from .cli_data import corpus_app, keys_app, policies_app
from .errors import BadRequest, CorpusInvalid, PaknError
from .settings import get_settings

app = typer.Typer(
    name="pakn",
    help="pakn — phân loại và định tuyến đơn phản ánh, kiến nghị, khiếu nại, tố cáo.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(corpus_app, name="corpus")
app.add_typer(policies_app, name="policies")
app.add_typer(keys_app, name="keys")


@app.command()
def normalize(text: TextArg = None, file: FileOpt = None, as_json: JsonOpt = False) -> None:
    """Chuẩn hóa văn bản đơn và đọc các dữ kiện (số tiền, ngày, thời hạn, địa danh)."""
    from pakn.classifier import normalize as run_normalize
    from pakn.classifier.facts import read_facts

    nt = run_normalize(read_input(text, file), max_chars=get_settings().max_text_chars)
    facts = read_facts(nt)
    if as_json:
        print_json(
            {
                "text": nt.text,
                "folded": nt.folded,
                "encoding": nt.encoding,
                "vietnamese_score": nt.vietnamese_score,
                "is_vietnamese": nt.is_vietnamese,
                "steps": nt.steps,
                "amount_vnd": facts.amount_vnd,
                "money": [m.amount_vnd for m in facts.money],
                "dates": [d.value for d in facts.dates],
                "durations": [{"amount": d.amount, "unit": d.unit, "days": d.days} for d in facts.durations],
                "places": [f"{p.unit} {p.name}" for p in facts.places],
                "confidential": facts.confidential,
            }
        )
        return
    out.print(nt.text)
    err.print(f"bảng mã: {nt.encoding} · tiếng Việt: {nt.vietnamese_score:.2f} · bước: {', '.join(nt.steps) or '—'}")


def load_classifier():  # type: ignore[no-untyped-def]
    from pakn.classifier.predict import Classifier

    settings = get_settings()
    return Classifier.load(settings.model_dir, settings.max_text_chars)


@app.command()
def classify(text: TextArg = None, file: FileOpt = None, as_json: JsonOpt = False) -> None:
    """Phân loại một đơn: loại đơn, lĩnh vực, vấn đề."""
    from .render import classification_json, print_classification

    classifier = load_classifier()
    result = classifier.classify(read_input(text, file))
    if as_json:
        print_json(classification_json(result, classifier.version))
    else:
        print_classification(result, out)


@app.command()
def triage(
    text: TextArg = None,
    received: Annotated[str | None, typer.Option(help="Ngày nhận đơn YYYY-MM-DD.")] = None,
    province: Annotated[str | None, typer.Option(help="Tỉnh/thành phố.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Phân loại và định tuyến: cơ quan xử lý, thủ tục, thời hạn, lộ trình xử lý."""
    from datetime import date

    from .core import Context, Pipeline
    from .render import print_triage, triage_json

    try:
        day = date.fromisoformat(received) if received else None
    except ValueError:
        raise BadRequest(f"--received {received!r} is not YYYY-MM-DD",
                         message="Ngày nhận đơn phải có dạng YYYY-MM-DD.") from None
    pipeline = Pipeline.load()
    result = pipeline.triage(read_input(text, None), Context(received=day, province=province))
    if as_json:
        print_json(triage_json(result))
    else:
        print_triage(result, out)


@app.command()
def route(
    kind: Annotated[str, typer.Option(help="Loại đơn (id của taxonomy).")],
    sector: Annotated[str, typer.Option(help="Lĩnh vực (id của taxonomy).")],
    issues: Annotated[str, typer.Option(help="Các vấn đề, cách nhau bởi dấu phẩy.")] = "",
    received: Annotated[str | None, typer.Option(help="Ngày nhận đơn YYYY-MM-DD.")] = None,
    province: Annotated[str | None, typer.Option(help="Tỉnh/thành phố.")] = None,
    amount: Annotated[int | None, typer.Option(help="Số tiền nêu trong đơn (đồng).")] = None,
    repeat: Annotated[int, typer.Option(help="Số lần vi phạm trước đó của đơn vị.")] = 0,
    accused_head: Annotated[bool, typer.Option(help="Người bị phản ánh là người đứng đầu.")] = False,
    confidential: Annotated[bool, typer.Option(help="Người gửi đề nghị giữ bí mật.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Định tuyến theo nhãn cho sẵn (không phân loại văn bản)."""
    from datetime import date

    from pydantic import ValidationError

    from pakn.policies.decision import RoutingInput
    from pakn.policies.engine import PolicyEngine
    from pakn.policies.places import resolve_province

    from .render import print_decision

    found = None
    if province:
        found, _ = resolve_province(province)
        if found is None:
            raise BadRequest(f"unknown province {province!r}", message=f"Không nhận ra tỉnh/thành phố “{province}”.")
    try:
        routing = RoutingInput(
            kind=kind, sector=sector, issues=tuple(i.strip() for i in issues.split(",") if i.strip()),
            received=date.fromisoformat(received) if received else date.today(), province=found,
            amount_vnd=amount, repeat_count=repeat, accused_head=accused_head, confidential=confidential)
    except (ValueError, ValidationError) as exc:
        raise BadRequest(str(exc), message="Tham số định tuyến không hợp lệ.") from None
    from pakn.classifier.taxonomy import ISSUES, KINDS, SECTORS

    for value, allowed, what in ((kind, KINDS, "kind"), (sector, SECTORS, "sector"),
                                 *((i, ISSUES, "issue") for i in routing.issues)):
        if value not in allowed:
            raise BadRequest(f"{what} {value!r} is not one of {', '.join(allowed)}",
                             message=f"Nhãn {what} “{value}” không có trong bảng phân loại.")
    decision = PolicyEngine().decide(routing)
    if as_json:
        print_json(decision.model_dump(mode="json"))
    else:
        print_decision(decision, None, out)


@app.command()
def batch(
    input: Annotated[Path, typer.Argument(help="Tệp đầu vào (.jsonl, .csv).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Tệp kết quả (.jsonl).")],
    workers: Annotated[int, typer.Option(help="Số tiến trình (mặc định: số lõi CPU).")] = 0,
    resume: Annotated[bool, typer.Option(help="Tiếp tục lần chạy bị dừng.")] = False,
    text_column: Annotated[str, typer.Option(help="Tên cột nội dung đơn.")] = "text",
    id_column: Annotated[str, typer.Option(help="Tên cột mã đơn.")] = "id",
    summary: Annotated[Path | None, typer.Option(help="Ghi tổng hợp ra tệp JSON.")] = None,
    quiet: Annotated[bool, typer.Option(help="Không in tiến độ.")] = False,
) -> None:
    """Xử lý hàng loạt một tệp đơn tồn đọng: mỗi dòng vào có đúng một dòng ra."""
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .batch import run_batch
    from .formats import estimate_rows

    started = time.perf_counter()
    total = estimate_rows(input)
    bar = None
    if not quiet and err.is_terminal:
        bar = Progress(TextColumn("Đang xử lý"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("{task.fields[rate]} dòng/giây"), TimeRemainingColumn(), console=err)
        task = bar.add_task("batch", total=total, rate="…")
        bar.start()

    def report(done: int) -> None:
        rate = done / max(1e-9, time.perf_counter() - started)
        if bar is not None:
            bar.update(task, completed=done, rate=f"{rate:.0f}")
        elif not quiet:  # not a terminal: plain lines a log can keep
            print(f"{done}/{total or '?'} dòng · {rate:.0f} dòng/giây", file=sys.stderr, flush=True)

    try:
        result = run_batch(input, output, workers=workers or os.cpu_count() or 1, resume=resume,
                           text_column=text_column, id_column=id_column, progress=report)
    finally:
        if bar is not None:
            bar.stop()
    if summary is not None:
        summary.write_text(json.dumps(result.to_json(), ensure_ascii=False, indent=2), encoding="utf-8")
    from .reports import print_batch_summary

    print_batch_summary(result, out)


@app.command()
def train(
    experiments: Annotated[bool, typer.Option("--experiments", help="So sánh các mô hình thay thế trên tập dev.")] = False,
) -> None:
    """Huấn luyện mô hình từ corpus/ (train + dev; tập test chỉ dùng để báo cáo)."""
    from .training import train_and_save

    settings = get_settings()
    if experiments:
        from pakn.classifier.corpus import load_corpus
        from pakn.classifier.experiments import run_experiments
        from pakn.classifier.train import prepare

        splits, problems = load_corpus(settings.corpus_dir)
        if problems:
            raise CorpusInvalid(f"{len(problems)} problem(s); first: {problems[0]}")
        for row in run_experiments(prepare(splits["train"]), prepare(splits["dev"])):
            print_json(row)
        return
    directory = train_and_save(settings.corpus_dir, settings.model_dir, err)
    out.print(f"Đã lưu mô hình: {directory}")


@app.command()
def evaluate(
    data: Annotated[Path, typer.Option(help="Tệp JSONL (có hoặc không có nhãn).")],
    as_json: JsonOpt = False,
    predictions: Annotated[Path | None, typer.Option(help="Ghi một dòng dự đoán cho mỗi dòng vào.")] = None,
) -> None:
    """Đánh giá mô hình (và đường cơ sở từ khóa) trên một tệp dữ liệu."""
    from pakn.classifier.evaluate import evaluate_rows, prediction_row

    from .render import print_metrics, read_jsonl_rows
    from .training import summary

    classifier = load_classifier()
    scored, report = evaluate_rows(classifier, list(read_jsonl_rows(data)))
    if predictions is not None:
        with predictions.open("w", encoding="utf-8") as handle:
            for s in scored:
                handle.write(json.dumps(prediction_row(s), ensure_ascii=False) + "\n")
    if as_json:
        print_json({"model_version": classifier.version, "summary": summary(report), "metrics": report})
    else:
        print_metrics(report, summary(report), out)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Địa chỉ lắng nghe.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Cổng.")] = 8000,
) -> None:
    """Chạy API và trang tiếp nhận đơn (huấn luyện mô hình trước nếu chưa có)."""
    import logging

    import uvicorn

    from pakn.classifier.artifacts import latest_version

    from .api import create_app, is_loopback
    from .errors import ModelMissing
    from .keys import KeyStore

    settings = get_settings()
    keys = KeyStore(settings.data_dir / "keys.sqlite3")
    if not is_loopback(host) and keys.active_count() == 0:
        raise BadRequest(
            f"refusing to bind {host} without API keys",
            message=f"Không mở dịch vụ trên địa chỉ {host} khi chưa có khóa truy cập nào: "
                    "hãy tạo khóa bằng `pakn keys create --name TÊN` trước, hoặc chạy trên 127.0.0.1.")
    try:
        latest_version(settings.model_dir)
    except ModelMissing:
        from .training import train_and_save

        err.print("Chưa có mô hình: huấn luyện từ corpus/ (vài phút)…")
        train_and_save(settings.corpus_dir, settings.model_dir, err)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format='{"ts": "%(asctime)s", "level": "%(levelname)s", "log": %(message)s}')
    err.print(f"Trang tiếp nhận đơn: http://{host}:{port}/  ·  API: http://{host}:{port}/docs")
    uvicorn.run(create_app(settings=settings, keys=keys), host=host, port=port, log_level="warning")


def main() -> None:
    try:
        app(prog_name="pakn")
    except PaknError as exc:
        err.print(f"[{exc.code}] {exc.message}", markup=False)
        if exc.detail:
            err.print(f"  ({exc.detail})", markup=False, style="dim")
        raise SystemExit(exc.exit_code) from None
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except Exception as exc:  # a bug: say so briefly; PAKN_DEBUG=1 shows the traceback
        if os.environ.get("PAKN_DEBUG"):
            raise
        err.print(f"[INTERNAL] Lỗi nội bộ của pakn: {type(exc).__name__}: {exc}", markup=False)
        err.print("  (đặt PAKN_DEBUG=1 để xem chi tiết)", style="dim")
        raise SystemExit(1) from None
