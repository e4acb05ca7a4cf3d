"""The error model: one table, unique stable codes, one JSON shape, documented."""

import re
from pathlib import Path

import pytest

from pakn.service import errors
from pakn.service.errors import ERROR_TABLE, InputError, PaknError, error_classes

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_code_has_one_class_and_one_row() -> None:
    classes = error_classes()
    codes = [c.code for c in classes]
    assert len(codes) == len(set(codes))
    assert set(codes) == set(ERROR_TABLE)


@pytest.mark.parametrize("cls", error_classes(), ids=lambda c: c.code)
def test_error_carries_code_message_status_and_exit(cls: type[PaknError]) -> None:
    exc = cls("english detail for logs")
    assert exc.code == cls.code
    assert exc.message and not exc.message.isascii()  # Vietnamese, with diacritics
    assert 400 <= exc.http_status < 600
    assert exc.exit_code >= 2
    assert exc.to_dict() == {"error": {"code": cls.code, "message": exc.message, "detail": "english detail for logs"}}


def test_input_errors_are_value_errors_and_client_errors() -> None:
    for cls in error_classes():
        if issubclass(cls, InputError):
            assert issubclass(cls, ValueError)
            assert 400 <= cls().http_status < 500


def test_message_can_be_made_specific() -> None:
    exc = errors.BadFile("x.csv: line 3", message="Tệp x.csv hỏng ở dòng 3.")
    assert exc.message == "Tệp x.csv hỏng ở dòng 3."
    assert exc.code == "BAD_FILE"


def test_readme_documents_every_error_code() -> None:
    readme = README.read_text(encoding="utf-8")
    for code, row in ERROR_TABLE.items():
        line = re.search(rf"^\|\s*`{code}`\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|", readme, re.MULTILINE)
        assert line, f"README's error table lacks {code}"
        assert (int(line.group(1)), int(line.group(2))) == (row.http_status, row.exit_code), code
