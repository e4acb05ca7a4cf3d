"""The HTTP door: portal API (`/v1/...`), metrics, and the triage desk page (`/`).

`create_app()` takes its dependencies; the real pipeline (verified model, checked policy
tables, warmed tokenizer) is loaded once, in the lifespan, never at import time.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from pydantic import ValidationError
from slowapi import Limiter
from slowapi.errors import RateLimitExceeded
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pakn.classifier.taxonomy import ISSUES, KINDS, SECTORS, TAXONOMY_VERSION

from .core import Pipeline
from .errors import BadRequest, BatchTooLarge, PaknError, PayloadTooLarge, RateLimited, Unauthorized
from .keys import KeyStore
from .schemas import (
    MAX_BATCH, BatchIn, BatchItemOut, BatchOut, ErrorBody, ErrorOut, HealthOut, LabelOut, TaxonomyOut,
    TriageIn, TriageOut,
)
from .settings import Settings, get_settings

log = logging.getLogger("pakn.api")
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (401, 413, 415, 422, 429, 503)
}


def is_loopback(host: str | None) -> bool:
    if host in ("testclient", "localhost"):
        return True
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class BodyLimit:
    """Refuses request bodies over `limit` bytes, by header or while streaming."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _send_error(send, PayloadTooLarge(f"Content-Length {int(declared)} > {self.limit}"))
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise PayloadTooLarge(f"body over {self.limit} bytes")
            return message

        await self.app(scope, counted, send)


async def _send_error(send: Send, exc: PaknError) -> None:
    body = json.dumps(exc.to_dict(), ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": exc.http_status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("pakn_requests_total", "HTTP requests", ["path", "status"], registry=self.registry)
        self.latency = Histogram("pakn_request_seconds", "Request latency", ["path"], registry=self.registry,
                                 buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))
        self.labels = Counter("pakn_labels_total", "Labels assigned", ["head", "label"], registry=self.registry)
        self.triaged = Counter("pakn_triaged_total", "Petitions triaged", registry=self.registry)
        self.review = Counter("pakn_needs_review_total", "Petitions flagged for review", registry=self.registry)

    def count(self, out: TriageOut) -> None:
        c = out.classification
        self.triaged.inc()
        self.review.inc(1 if c.needs_review or out.routing.needs_review else 0)
        self.labels.labels("kind", c.kind).inc()
        self.labels.labels("sector", c.sector).inc()
        for issue in c.issues:
            self.labels.labels("issue", issue.id).inc()


def create_app(
    pipeline: Pipeline | None = None,
    settings: Settings | None = None,
    keys: KeyStore | None = None,
    loader: Callable[[], Pipeline] | None = None,
) -> FastAPI:
    settings = settings or get_settings()
    keys = keys or KeyStore(settings.data_dir / "keys.sqlite3")
    metrics = Metrics()
    state: dict[str, Pipeline] = {}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        state["pipeline"] = pipeline or (loader or (lambda: Pipeline.load(settings)))()
        state["pipeline"].warm_up()
        yield

    def caller(request: Request) -> str:
        """The caller's key name, or "loopback" for the desk page on this machine."""
        name = keys.verify(_key_of(request))
        if name:
            return name
        if is_loopback(request.client.host if request.client else None) and not _key_of(request):
            return "loopback"
        raise Unauthorized("missing or invalid API key" if _key_of(request) else "missing API key")

    limiter = Limiter(key_func=lambda request: request.state.caller if hasattr(request.state, "caller")
                      else (request.client.host if request.client else "?"), default_limits=[settings.rate_limit])

    app = FastAPI(
        title="pakn — phân loại và định tuyến đơn thư",
        version="1",
        description="API cho cổng thông tin: phân loại đơn (loại đơn, lĩnh vực, vấn đề) và định tuyến "
                    "(cơ quan giải quyết, thủ tục, thời hạn, lộ trình xử lý) kèm căn cứ pháp lý.",
        lifespan=lifespan,
    )
    app.state.limiter = limiter

    def authorised(request: Request) -> str:
        name = caller(request)
        request.state.caller = name
        return name

    @app.exception_handler(PaknError)
    async def on_pakn_error(_: Request, exc: PaknError) -> JSONResponse:
        return JSONResponse(exc.to_dict(), status_code=exc.http_status)

    @app.exception_handler(RequestValidationError)
    async def on_validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())[:2000]
        error = BadRequest(detail, message="Yêu cầu không đúng định dạng: " + _vi_fields(exc.errors()))
        return JSONResponse(error.to_dict(), status_code=422)

    @app.exception_handler(RateLimitExceeded)
    async def on_rate(_: Request, exc: RateLimitExceeded) -> JSONResponse:
        error = RateLimited(str(exc.detail))
        return JSONResponse(error.to_dict(), status_code=429)

    @app.exception_handler(Exception)
    async def on_unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.error(json.dumps({"event": "internal_error", "type": type(exc).__name__}))
        body = {"error": {"code": "INTERNAL", "message": "Lỗi nội bộ của hệ thống; vui lòng thử lại.", "detail": ""}}
        return JSONResponse(body, status_code=500)

    @app.middleware("http")
    async def observe(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        start = time.perf_counter()
        response = await call_next(request)
        path = request.scope.get("route").path if request.scope.get("route") else "other"  # type: ignore[union-attr]
        elapsed = time.perf_counter() - start
        metrics.requests.labels(path, str(response.status_code)).inc()
        metrics.latency.labels(path).observe(elapsed)
        log.info(json.dumps({"event": "request", "path": path, "status": response.status_code,
                             "ms": round(elapsed * 1000, 1)}))
        return response

    def run_one(item: TriageIn) -> TriageOut:
        result = state["pipeline"].triage(item.text, item.context())
        out = TriageOut.of(result)
        metrics.count(out)
        # the petition's id, not its text: the text only when debugging is switched on, and
        # never for a petition whose sender asked for confidentiality (or any denunciation)
        entry = {"event": "triage", "id": item.id, "kind": out.classification.kind,
                 "sector": out.classification.sector, "needs_review": out.classification.needs_review,
                 "confidential": out.routing.confidential}
        if settings.log_text and not out.routing.confidential:
            entry["text"] = item.text
        log.info(json.dumps(entry, ensure_ascii=False))
        return out

    @app.post("/v1/triage", response_model=TriageOut, responses=ERRORS, tags=["triage"],
              summary="Phân loại và định tuyến một đơn")
    @limiter.limit(settings.rate_limit)
    def triage(request: Request, body: TriageIn, _: str = Depends(authorised)) -> TriageOut:
        return run_one(body)

    @app.post("/v1/triage/batch", response_model=BatchOut, responses=ERRORS, tags=["triage"],
              summary=f"Phân loại và định tuyến tối đa {MAX_BATCH} đơn; mỗi đơn được trả lời hoặc từ chối riêng")
    @limiter.limit(settings.rate_limit)
    def triage_batch(request: Request, body: BatchIn, _: str = Depends(authorised)) -> BatchOut:
        if len(body.items) > MAX_BATCH:
            raise BatchTooLarge(f"{len(body.items)} items; at most {MAX_BATCH}",
                                message=f"Mỗi lô tối đa {MAX_BATCH} đơn; lô này có {len(body.items)} đơn.")
        results = []
        for index, raw in enumerate(body.items):
            item_id = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
            try:
                results.append(BatchItemOut(index=index, id=item_id, result=run_one(TriageIn.model_validate(raw))))
            except ValidationError as exc:
                error = BadRequest(str(exc.errors()[0]["msg"]), message="Đơn không đúng định dạng: "
                                   + _vi_fields(exc.errors()))
                results.append(BatchItemOut(index=index, id=item_id, error=ErrorBody(**error.to_dict()["error"])))
            except PaknError as exc:
                results.append(BatchItemOut(index=index, id=item_id, error=ErrorBody(**exc.to_dict()["error"])))
        failed = sum(1 for r in results if r.error)
        return BatchOut(results=results, ok=len(results) - failed, failed=failed)

    @app.get("/v1/taxonomy", response_model=TaxonomyOut, tags=["info"], summary="Các nhãn và tên tiếng Việt")
    def taxonomy() -> TaxonomyOut:
        def labels(table: dict[str, str]) -> list[LabelOut]:
            return [LabelOut(id=k, name=v) for k, v in table.items()]
        return TaxonomyOut(version=TAXONOMY_VERSION, kinds=labels(KINDS), sectors=labels(SECTORS),
                           issues=labels(ISSUES))

    @app.get("/v1/provinces", response_model=list[str], tags=["info"], summary="34 tỉnh, thành phố hiện hành")
    def provinces() -> list[str]:
        from pakn.policies.places import provinces as known
        return known()

    @app.get("/v1/health", response_model=HealthOut, tags=["info"], summary="Phiên bản mô hình và bảng chính sách")
    def health() -> HealthOut:
        p = state["pipeline"]
        return HealthOut(status="ok", model_version=p.classifier.version, policy_version=p.engine.version,
                         taxonomy_version=TAXONOMY_VERSION)

    @app.get("/metrics", include_in_schema=False)
    def prometheus() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    static = resources.files("pakn.service").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/", include_in_schema=False)
    def desk() -> FileResponse:
        return FileResponse(str(static.joinpath("index.html")), media_type="text/html; charset=utf-8")

    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    return app


def _key_of(request: Request) -> str | None:
    header = request.headers.get("x-api-key")
    if header:
        return header.strip()
    auth = request.headers.get("authorization", "")
    return auth[7:].strip() if auth.lower().startswith("bearer ") else None


_FIELD_NAMES = {"text": "nội dung đơn", "received_at": "ngày nhận đơn", "province": "tỉnh/thành phố",
                "channel": "kênh tiếp nhận", "confidential": "giữ bí mật", "id": "mã đơn", "items": "danh sách đơn"}


def _vi_fields(errors: Any) -> str:
    fields = []
    for e in errors:
        loc = [str(p) for p in e.get("loc", ()) if p not in ("body",)]
        name = _FIELD_NAMES.get(loc[-1], loc[-1]) if loc else "nội dung yêu cầu"
        fields.append(name)
    return ", ".join(dict.fromkeys(fields)) or "nội dung yêu cầu"
