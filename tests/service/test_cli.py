"""The command line: every contract command listed, clear errors, no tracebacks."""

import json
import subprocess
import sys

import pytest

from pakn.classifier.legacy import TCVN3_TABLE

CONTRACT = ["classify", "triage", "batch", "train", "evaluate", "serve", "corpus", "policies"]


def pakn(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-c", "from pakn.service.cli import main; main()", *args],
        input=stdin, capture_output=True, timeout=120,
    )


def test_help_lists_every_contract_command() -> None:
    result = pakn("--help")
    assert result.returncode == 0
    text = result.stdout.decode()
    for command in CONTRACT:
        assert command in text


def test_normalize_prints_json_facts() -> None:
    result = pakn("normalize", "Cb xã đòi 5tr mới ký, ko có biên nhận", "--json")
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    assert data["text"] == "Cán bộ xã đòi 5 triệu mới ký, không có biên nhận"
    assert data["amount_vnd"] == 5_000_000


def test_normalize_reads_legacy_bytes_from_stdin() -> None:
    to_tcvn3 = {uni: legacy for legacy, uni in TCVN3_TABLE.items()}
    raw = "".join(to_tcvn3.get(ch, ch) for ch in "Đơn khiếu nại về việc đo đạc đất").encode("latin-1")
    result = pakn("normalize", "--json", stdin=raw)
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    assert data["text"] == "Đơn khiếu nại về việc đo đạc đất"
    assert data["encoding"] == "tcvn3"


@pytest.mark.parametrize("stdin, code", [(b"   \n ", "EMPTY_TEXT"), (b"abc\x00def", "BINARY_INPUT")])
def test_bad_input_is_a_clear_error_without_traceback(stdin: bytes, code: str) -> None:
    result = pakn("normalize", stdin=stdin)
    err = result.stderr.decode()
    assert result.returncode == 2
    assert f"[{code}]" in err
    assert "Traceback" not in err


def test_missing_file_is_bad_file() -> None:
    result = pakn("normalize", "--file", "/nonexistent/don.txt")
    assert result.returncode == 2
    assert "[BAD_FILE]" in result.stderr.decode()


def test_policies_check_lists_uncertain_rows() -> None:
    result = pakn("policies", "check")
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode()
    assert "hợp lệ" in text and "(U)" in text and "routing.yaml:" in text


def test_policies_vocabulary() -> None:
    result = pakn("policies", "check", "--vocabulary")
    assert result.returncode == 0
    assert "issues_any" in result.stdout.decode()


def test_policies_check_runs_the_linter_and_passes() -> None:
    result = pakn("policies", "check")
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    assert "0 lỗi" in result.stdout.decode()


def test_serve_refuses_a_public_address_without_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    env = {**os.environ, "PAKN_DATA_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", "from pakn.service.cli import main; main()",
                             "serve", "--host", "0.0.0.0"], capture_output=True, timeout=60, env=env)
    assert result.returncode == 2
    assert "khóa truy cập" in result.stderr.decode()


def test_keys_create_and_revoke(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    env = {**os.environ, "PAKN_DATA_DIR": str(tmp_path)}
    run = lambda *a: subprocess.run([sys.executable, "-c", "from pakn.service.cli import main; main()", *a],  # noqa: E731
                                    capture_output=True, timeout=60, env=env)
    created = run("keys", "create", "--name", "cong-tinh")
    assert created.returncode == 0 and created.stdout.decode().strip().startswith("pakn_")
    assert run("keys", "revoke", "cong-tinh").returncode == 0
    again = run("keys", "revoke", "cong-tinh")
    assert again.returncode == 2 and "[BAD_REQUEST]" in again.stderr.decode()
