"""Corpus tools: row validation, near-duplicates, stable stratified splits, augmentation."""

import json
from pathlib import Path

import pytest

from pakn.classifier import normalize
from pakn.classifier.augment import augment, choose_augmentations, to_tcvn3, to_vni
from pakn.classifier.corpus import Petition, load_split, row_problems
from pakn.classifier.corpus_build import build_corpus
from pakn.classifier.corpus_check import check_corpus, shortcut_tokens
from pakn.classifier.neardup import jaccard, near_duplicate_pairs, shingles
from pakn.classifier.splits import assign_splits

GOOD = {"id": "t-1", "text": "Cán bộ xã đòi tiền mới ký giấy", "kind": "denunciation", "sector": "land",
        "issues": ["bribery"], "register": "message", "diacritics": "full", "source": "original"}


def petition(pid: str, text: str, kind: str = "request", sector: str = "land", register: str = "formal") -> Petition:
    return Petition(pid, text, kind, sector, (), register, "full", "original")


def test_valid_row_has_no_problems() -> None:
    assert row_problems(GOOD) == []


@pytest.mark.parametrize(
    "change, expected",
    [
        ({"kind": "complain"}, "kind 'complain' is not a kind id"),
        ({"issues": ["bribe"]}, "issue 'bribe' is not a issue id"),
        ({"text": "Ca\u0301n bo\u0323"}, "not in Unicode NFC"),
        ({"source": "augmented:rot13:t-0"}, "must be 'original' or 'augmented"),
        ({"amount_vnd": "5tr"}, "amount_vnd must be a positive integer"),
        ({"province": "Bình Dương"}, "province 'Bình Dương' is not a province id"),
        ({"colour": "red"}, "unknown field 'colour'"),
        ({"kind": "not_petition"}, "not_petition row has sector 'other'"),
    ],
)
def test_row_problems_say_what_is_wrong(change: dict, expected: str) -> None:
    assert any(expected in p for p in row_problems({**GOOD, **change}))


def test_load_split_reports_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "train.jsonl"
    path.write_text(json.dumps(GOOD, ensure_ascii=False) + "\n{not json\n", encoding="utf-8")
    rows, problems = load_split(path)
    assert [r.id for r in rows] == ["t-1"]
    assert problems and problems[0].startswith("train.jsonl:2  not JSON")


def test_near_duplicates_are_found_on_the_folded_text() -> None:
    texts = [
        "Cán bộ địa chính xã đòi tiền mới ký hồ sơ cấp sổ đỏ cho gia đình tôi",
        "can bo dia chinh xa doi tien moi ky ho so cap so do cho gia dinh toi",
        "Trường học thu quá nhiều khoản đầu năm, phụ huynh không biết hỏi ai",
    ]
    assert jaccard(shingles(texts[0]), shingles(texts[1])) == 1.0
    assert [(i, j) for i, j, _ in near_duplicate_pairs(texts)] == [(0, 1)]


def test_splits_keep_near_duplicates_together_and_are_stable() -> None:
    originals = [petition(f"p-{k:03d}", f"đơn số {k} về việc {'abcdefghij'[k % 10] * (k % 7 + 3)} thôn {k}")
                 for k in range(200)]
    originals.append(petition("p-dup", originals[5].text + "."))
    first = assign_splits(originals, {})
    assert first == assign_splits(list(reversed(originals)), {})
    assert first["p-dup"] == first["p-005"]
    shares = {s: sum(v == s for v in first.values()) / len(first) for s in ("train", "dev", "test")}
    assert abs(shares["train"] - 0.70) < 0.05 and abs(shares["test"] - 0.15) < 0.05
    # adding petitions never moves those already placed
    more = originals + [petition("q-001", "một đơn mới hoàn toàn khác về giao thông")]
    assert {k: v for k, v in assign_splits(more, first).items() if k in first} == first


@pytest.mark.parametrize("encode", [to_tcvn3, to_vni])
def test_legacy_augmentation_round_trips_through_the_text_layer(encode) -> None:  # type: ignore[no-untyped-def]
    text = "Đơn khiếu nại về việc cán bộ địa chính xã Hải Thọ chậm cấp giấy chứng nhận quyền sử dụng đất"
    assert normalize(encode(text)).text == text


def test_augmented_copies_are_marked_and_deterministic() -> None:
    parent = Petition("x-1", "Cán bộ phường hạch sách, đòi thêm giấy tờ không có trong quy định",
                      "denunciation", "justice", ("harassment", "excess_paperwork"), "informal", "full", "original")
    copy = augment(parent, "strip_diacritics")
    assert copy.text == "Can bo phuong hach sach, doi them giay to khong co trong quy dinh"
    assert (copy.source, copy.parent_id, copy.diacritics) == ("augmented:strip_diacritics:x-1", "x-1", "none")
    assert copy.issues == parent.issues and copy.kind == parent.kind
    many = [Petition(f"x-{k}", parent.text, "request", "land", (), "formal", "full", "original") for k in range(300)]
    assert choose_augmentations(many) == choose_augmentations(many)
    assert 0.25 < len(choose_augmentations(many)) / 300 < 0.45


def test_shortcut_report_finds_a_giveaway_word() -> None:
    rows = [petition(f"a{k}", f"tôi khiếu nại quyết định số {k}", kind="complaint") for k in range(10)]
    rows += [petition(f"b{k}", f"đề nghị cấp giấy số {k}") for k in range(10)]
    found = shortcut_tokens(rows)
    assert ("khieu", 1.0, 1.0) in found["kind=complaint"]


def test_build_then_check_a_small_corpus(tmp_path: Path) -> None:
    draft = tmp_path / "draft.jsonl"
    rows = [{**GOOD, "id": f"t-{k}", "text": f"Đơn số {k}: cán bộ thôn {k} đòi {k} triệu mới ký giấy tờ đất"}
            for k in range(40)]
    draft.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    counts = build_corpus(tmp_path, [draft])
    assert sum(counts.values()) >= 40
    report = check_corpus(tmp_path)
    assert any("original petitions is 40" in v for v in report.violations)  # far below the minima
    assert not any("across splits" in v or "augmented row in" in v for v in report.violations)


def test_agreement_per_head_and_disagreements() -> None:
    from pakn.classifier.agreement import agreement

    corpus = {f"a{k}": Petition(f"a{k}", "t", "feedback" if k % 2 else "request", "land",
                                ("delay",) if k % 3 == 0 else (), "formal", "full", "original") for k in range(10)}
    second = {f"a{k}": {"id": f"a{k}", "kind": corpus[f"a{k}"].kind, "sector": "land",
                        "issues": list(corpus[f"a{k}"].issues)} for k in range(10)}
    second["a1"] = {**second["a1"], "kind": "complaint"}
    second["a3"] = {**second["a3"], "issues": []}
    result = agreement(corpus, second)
    assert result["rows"] == 10
    assert result["kind"]["agreement"] == 0.9 and result["sector"]["agreement"] == 1.0
    assert result["issues"]["exact_set"] == 0.9
    assert {d["id"] for d in result["disagreements"]} == {"a1", "a3"}


def _write_corpus(directory: Path, rows: dict[str, list[dict]]) -> None:
    for split in ("train", "dev", "test"):
        lines = [json.dumps(r, ensure_ascii=False) for r in rows.get(split, [])]
        (directory / f"{split}.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def test_relabel_changes_issues_of_originals_and_their_augmented_copies(tmp_path: Path) -> None:
    from pakn.classifier.corpus import load_corpus
    from pakn.classifier.corpus_relabel import apply_issue_labels

    copy = {**GOOD, "id": "t-1~strip", "text": "Can bo xa doi tien moi ky giay", "diacritics": "none",
            "source": "augmented:strip_diacritics:t-1"}
    other = {**GOOD, "id": "t-2", "text": "Cán bộ quát nạt người dân", "issues": ["conduct"]}
    _write_corpus(tmp_path, {"train": [GOOD, copy], "test": [other]})
    review = tmp_path / "review.jsonl"
    review.write_text(json.dumps({"id": "t-1", "issues": ["harassment", "bribery"], "rules": ["R11"], "note": ""})
                      + "\n" + json.dumps({"id": "t-2", "issues": ["conduct"], "rules": [], "note": ""}) + "\n")

    counts = apply_issue_labels(tmp_path, [review])

    splits, problems = load_corpus(tmp_path)
    assert problems == []
    assert {p.id: set(p.issues) for p in splits["train"]} == {"t-1": {"harassment", "bribery"},
                                                              "t-1~strip": {"harassment", "bribery"}}
    assert splits["test"][0].issues == ("conduct",)  # unchanged row kept as it was
    assert counts == {"rows changed": 2, "+harassment": 1}


@pytest.mark.parametrize("review, message", [
    ({"id": "t-1", "issues": ["bribe"]}, "unknown issue ids"),
    ({"id": "t-9", "issues": []}, "not originals of the corpus"),
])
def test_relabel_refuses_unknown_labels_and_ids(tmp_path: Path, review: dict, message: str) -> None:
    from pakn.classifier.corpus_relabel import apply_issue_labels
    from pakn.service.errors import CorpusInvalid

    _write_corpus(tmp_path, {"train": [GOOD]})
    path = tmp_path / "review.jsonl"
    path.write_text(json.dumps(review) + "\n")
    before = (tmp_path / "train.jsonl").read_text()
    with pytest.raises(CorpusInvalid, match=message):
        apply_issue_labels(tmp_path, [path])
    assert (tmp_path / "train.jsonl").read_text() == before
