"""`pakn corpus …`, `pakn policies …` and `pakn keys …`: the data behind the model and the rules."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .cli_common import JsonOpt, err, out, print_json
from .errors import BadRequest, CorpusInvalid, PolicyInvalid
from .settings import get_settings

corpus_app = typer.Typer(help="Kho dữ liệu huấn luyện (corpus/).", no_args_is_help=True)
policies_app = typer.Typer(help="Bảng chính sách định tuyến (policies/).", no_args_is_help=True)
keys_app = typer.Typer(help="Khóa truy cập API cho các cổng thông tin.", no_args_is_help=True)


def _key_store():  # type: ignore[no-untyped-def]
    from .keys import KeyStore

    return KeyStore(get_settings().data_dir / "keys.sqlite3")


@keys_app.command("create")
def keys_create(name: Annotated[str, typer.Option("--name", help="Tên cổng thông tin dùng khóa.")]) -> None:
    """Tạo khóa mới; khóa chỉ hiện một lần, hệ thống chỉ lưu mã băm."""
    key = _key_store().create(name)
    err.print(f"Khóa cho “{name}” (chỉ hiện một lần, hãy lưu lại):")
    out.print(key)


@keys_app.command("revoke")
def keys_revoke(name: Annotated[str, typer.Argument(help="Tên khóa cần thu hồi.")]) -> None:
    """Thu hồi một khóa."""
    if not _key_store().revoke(name):
        raise BadRequest(f"no active key named {name!r}", message=f"Không có khóa đang dùng tên “{name}”.")
    out.print(f"Đã thu hồi khóa “{name}”.")


@keys_app.command("list")
def keys_list() -> None:
    """Liệt kê các khóa (không hiện khóa)."""
    for info in _key_store().list():
        state = f"thu hồi {info.revoked_at}" if info.revoked_at else "đang dùng"
        out.print(f"{info.name}\ttạo {info.created_at}\t{state}")


@corpus_app.command("check")
def corpus_check(
    directory: Annotated[Path | None, typer.Option("--dir", help="Thư mục corpus.")] = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="Chỉ in bảng số lượng (Markdown).")] = False,
) -> None:
    """Kiểm tra kho dữ liệu: lược đồ, nhãn, độ phủ, trùng lặp, phân chia, từ "lộ nhãn"."""
    from pakn.classifier.corpus_check import check_corpus, markdown_counts

    from .reports import print_corpus_report

    if markdown:
        out.print(markdown_counts(directory or get_settings().corpus_dir), markup=False, highlight=False)
        return
    report = check_corpus(directory or get_settings().corpus_dir)
    print_corpus_report(report, out)
    if not report.ok:
        raise CorpusInvalid(f"{len(report.violations)} violation(s); first: {report.violations[0]}")


@corpus_app.command("build")
def corpus_build(
    drafts: Annotated[list[Path], typer.Argument(help="Tệp JSONL bản thảo của người viết.")],
    directory: Annotated[Path | None, typer.Option("--dir", help="Thư mục corpus.")] = None,
) -> None:
    """Gộp bản thảo vào các tập train/dev/test cố định và sinh bản tăng cường."""
    from pakn.classifier.corpus_build import build_corpus

    counts = build_corpus(directory or get_settings().corpus_dir, drafts)
    out.print(" · ".join(f"{split}: {count} dòng" for split, count in counts.items()))


@corpus_app.command("relabel")
def corpus_relabel(
    reviews: Annotated[list[Path], typer.Argument(help="Tệp nhãn của một lượt rà soát (id, issues, rules, note).")],
    directory: Annotated[Path | None, typer.Option("--dir", help="Thư mục corpus.")] = None,
) -> None:
    """Áp nhãn vấn đề của một lượt rà soát vào kho dữ liệu (bản gốc và các bản tăng cường của nó)."""
    from pakn.classifier.corpus_relabel import apply_issue_labels

    counts = apply_issue_labels(directory or get_settings().corpus_dir, reviews)
    out.print(" · ".join(f"{key}: {value}" for key, value in sorted(counts.items())) or "Không có thay đổi.")


@corpus_app.command("agreement")
def corpus_agreement(
    labels: Annotated[list[Path], typer.Argument(help="Tệp nhãn của lượt gán nhãn độc lập thứ hai.")],
    as_json: JsonOpt = False,
) -> None:
    """Độ đồng thuận giữa nhãn của kho dữ liệu và lượt gán nhãn độc lập thứ hai."""
    from pakn.classifier.agreement import agreement, read_labels
    from pakn.classifier.corpus import load_corpus

    splits, _ = load_corpus(get_settings().corpus_dir)
    corpus = {p.id: p for rows in splits.values() for p in rows}
    result = agreement(corpus, read_labels(labels))
    if as_json:
        print_json(result)
        return
    out.print(f"{result['rows']} đơn · loại đơn: {result['kind']} · lĩnh vực: {result['sector']} · "
              f"vấn đề: khớp hoàn toàn {result['issues']['exact_set']}, Jaccard {result['issues']['mean_jaccard']}")


@policies_app.command("check")
def policies_check(
    directory: Annotated[Path | None, typer.Option("--dir", help="Thư mục bảng chính sách.")] = None,
    vocabulary: Annotated[bool, typer.Option("--vocabulary", help="In các điều kiện được dùng trong `when`.")] = False,
) -> None:
    """Kiểm tra các bảng chính sách (lược đồ, tham chiếu, căn cứ chưa chắc chắn)."""
    from pakn.policies.tables import load_policies
    from pakn.policies.vocabulary import CONDITIONS

    if vocabulary:
        for condition in CONDITIONS.values():
            out.print(f"{condition.name:24} {condition.help}")
        return
    from pakn.policies.lint import lint

    policies = load_policies(directory)
    problems = lint(policies)
    rows = policies.routing + policies.escalation + [r for a, b in policies.provinces.values() for r in a + b]
    clocks = [c for p in policies.procedures.values() for c in p.clocks]
    uncertain = [r for r in [*rows, *policies.agencies.values(), *clocks] if r.confidence == "U"]
    out.print(f"Bảng chính sách hợp lệ (phiên bản {policies.version}): {len(policies.agencies)} cơ quan, "
              f"{len(policies.procedures)} thủ tục, {len(policies.routing)} dòng định tuyến, "
              f"{len(policies.escalation)} dòng xử lý vi phạm, {len(policies.provinces)} bộ quy định của tỉnh.")
    out.print(f"Dòng dựa trên căn cứ chưa chắc chắn (U) — quyết định dùng chúng luôn cần xem lại: {len(uncertain)}")
    for row in uncertain:
        out.print(f"  {row.table or 'procedures.yaml'}:{row.line}  {row.id}", highlight=False)
    out.print(f"Kiểm tra chồng chéo, khoảng trống, dòng không thể áp dụng, chuỗi ngày hiệu lực, "
              f"độ phủ ca mẫu: {len(problems)} lỗi.")
    for problem in problems:
        out.print(f"  ✗ {problem}", highlight=False)
    if problems:
        raise PolicyInvalid(f"{len(problems)} lint problem(s); first: {problems[0]}",
                            message=f"Bảng chính sách có {len(problems)} lỗi kiểm tra.")
