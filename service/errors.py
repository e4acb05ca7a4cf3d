"""pakn errors: one tree, stable codes, one mapping to every door.

* PaknError
  + InputError(ValueError)      → HTTP 4xx, exit 2
  |   EMPTY_TEXT, TEXT_TOO_LONG, BINARY_INPUT, BAD_ENCODING, BAD_FILE, BAD_REQUEST,
  |   BATCH_TOO_LARGE, PAYLOAD_TOO_LARGE
  + AccessError                 → HTTP 401/429, exit 2
  |   UNAUTHORIZED, RATE_LIMITED
  + NotBuilt(NotImplementedError) → HTTP 501, exit 2
  |   NOT_BUILT
  + PolicyError                 → HTTP 500, exit 3
  |   POLICY_INVALID
  + ModelError                  → HTTP 503, exit 4
  |   MODEL_MISSING, MODEL_TAMPERED, MODEL_INCOMPATIBLE
  + CorpusError                 → exit 5
      CORPUS_INVALID

Every error has a machine `code` that never changes meaning, a Vietnamese `message` for
the person in front of the screen, an English `detail` for logs, and the HTTP status
and CLI exit code of `ERROR_TABLE`, the one place where that mapping lives.
"""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple


class ErrorRow(NamedTuple):
    code: str
    http_status: int
    exit_code: int
    message: str


# The one table: code → HTTP status, CLI exit code, Vietnamese message.
ERROR_TABLE: dict[str, ErrorRow] = {
    row.code: row
    for row in (
        ErrorRow("EMPTY_TEXT", 422, 2, "Nội dung đơn trống: không có chữ nào để phân loại."),
        ErrorRow("TEXT_TOO_LONG", 413, 2, "Nội dung đơn quá dài so với giới hạn cho phép."),
        ErrorRow("BINARY_INPUT", 415, 2, "Dữ liệu gửi lên là tệp nhị phân, không phải văn bản."),
        ErrorRow("BAD_ENCODING", 422, 2, "Không đọc được bảng mã của văn bản (không phải Unicode, TCVN3, VNI hay VIQR)."),
        ErrorRow("BAD_FILE", 422, 2, "Tệp dữ liệu không đúng định dạng."),
        ErrorRow("BAD_REQUEST", 422, 2, "Yêu cầu không hợp lệ."),
        ErrorRow("BATCH_TOO_LARGE", 413, 2, "Lô đơn vượt quá số lượng cho phép trong một lần gửi."),
        ErrorRow("PAYLOAD_TOO_LARGE", 413, 2, "Dữ liệu gửi lên vượt quá dung lượng cho phép."),
        ErrorRow("UNAUTHORIZED", 401, 2, "Thiếu khóa truy cập hoặc khóa không hợp lệ."),
        ErrorRow("RATE_LIMITED", 429, 2, "Gửi quá nhiều yêu cầu; vui lòng thử lại sau."),
        ErrorRow("NOT_BUILT", 501, 2, "Chức năng này chưa có trong phiên bản hiện tại."),
        ErrorRow("POLICY_INVALID", 500, 3, "Bảng chính sách không hợp lệ."),
        ErrorRow("MODEL_MISSING", 503, 4, "Chưa có mô hình phân loại; hãy chạy `pakn train`."),
        ErrorRow("MODEL_TAMPERED", 503, 4, "Tệp mô hình không khớp mã băm trong manifest; từ chối nạp."),
        ErrorRow("MODEL_INCOMPATIBLE", 503, 4, "Mô hình được huấn luyện cho phiên bản phân loại khác; cần huấn luyện lại."),
        ErrorRow("CORPUS_INVALID", 500, 5, "Kho dữ liệu huấn luyện không đạt kiểm tra."),
    )
}


class PaknError(Exception):
    """Base of every error pakn raises on purpose."""

    code: ClassVar[str] = ""

    def __init__(self, detail: str = "", *, message: str | None = None, **context: Any) -> None:
        row = ERROR_TABLE[self.code]
        self.message: str = message or row.message
        self.detail: str = detail
        self.context: dict[str, Any] = context
        super().__init__(f"[{self.code}] {detail or self.message}")

    @property
    def http_status(self) -> int:
        return ERROR_TABLE[self.code].http_status

    @property
    def exit_code(self) -> int:
        return ERROR_TABLE[self.code].exit_code

    def to_dict(self) -> dict[str, Any]:
        """The JSON error shape every door uses: {"error": {code, message, detail}}."""
        return {"error": {"code": self.code, "message": self.message, "detail": self.detail}}


class InputError(PaknError, ValueError):
    """The input cannot be triaged as given."""


class EmptyText(InputError):
    code = "EMPTY_TEXT"


class TextTooLong(InputError):
    code = "TEXT_TOO_LONG"


class BinaryInput(InputError):
    code = "BINARY_INPUT"


class BadEncoding(InputError):
    code = "BAD_ENCODING"


class BadFile(InputError):
    code = "BAD_FILE"


class BadRequest(InputError):
    code = "BAD_REQUEST"


class BatchTooLarge(InputError):
    code = "BATCH_TOO_LARGE"


class PayloadTooLarge(InputError):
    code = "PAYLOAD_TOO_LARGE"


class AccessError(PaknError):
    """The caller may not use this door now."""


class Unauthorized(AccessError):
    code = "UNAUTHORIZED"


class RateLimited(AccessError):
    code = "RATE_LIMITED"


class NotBuilt(PaknError, NotImplementedError):
    """A command of the contract that this version does not provide yet."""

    code = "NOT_BUILT"


class PolicyError(PaknError):
    """A policy table failed its checks."""


class PolicyInvalid(PolicyError):
    code = "POLICY_INVALID"


class ModelError(PaknError):
    """The classifier's artifacts are missing or cannot be trusted."""


class ModelMissing(ModelError):
    code = "MODEL_MISSING"


class ModelTampered(ModelError):
    code = "MODEL_TAMPERED"


class ModelIncompatible(ModelError):
    code = "MODEL_INCOMPATIBLE"


class CorpusError(PaknError):
    """The labelled corpus failed its checks."""


class CorpusInvalid(CorpusError):
    code = "CORPUS_INVALID"


def error_classes() -> list[type[PaknError]]:
    """Every concrete error class (one per code)."""
    found: list[type[PaknError]] = []
    stack: list[type[PaknError]] = [PaknError]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.code:
            found.append(cls)
    return sorted(found, key=lambda c: c.code)
