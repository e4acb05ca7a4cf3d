"""What every `pakn` command module shares: consoles, option types, input, JSON output."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from .errors import BadFile

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

TextArg = Annotated[str | None, typer.Argument(help="Nội dung đơn (bỏ trống: đọc từ stdin).")]
FileOpt = Annotated[Path | None, typer.Option("--file", "-f", help="Đọc nội dung đơn từ tệp.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")]


def read_input(text: str | None, file: Path | None) -> str | bytes:
    """TEXT, else the file's bytes, else stdin's bytes (encodings are the text layer's job)."""
    if text is not None:
        return text
    if file is not None:
        try:
            return file.read_bytes()
        except OSError as exc:
            raise BadFile(f"{file}: {exc.strerror}", message=f"Không đọc được tệp {file}.") from None
    return sys.stdin.buffer.read()


def print_json(value: Any) -> None:
    out.print_json(json.dumps(value, ensure_ascii=False, default=str))
