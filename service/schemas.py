"""The API's request and response shapes (pydantic, so OpenAPI documents them)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from pakn.classifier.predict import Classification
from pakn.classifier.taxonomy import ISSUES, KINDS, SECTORS
from pakn.policies.decision import Decision

from .core import Context, TriageResult

Channel = Literal["in_person", "post", "hotline", "email", "national_portal", "provincial_portal", "other"]
MAX_BATCH = 100


class TriageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="Nội dung đơn như người dân gửi.")
    id: str | None = Field(default=None, max_length=200, description="Mã đơn của hệ thống gửi (tùy chọn).")
    received_at: date | None = Field(default=None, description="Ngày nhận đơn; mặc định hôm nay.")
    province: str | None = Field(default=None, max_length=100, description="Tỉnh/thành phố (tên cũ hay mới).")
    channel: Channel = "other"
    confidential: bool = Field(default=False, description="Người gửi đề nghị giữ bí mật danh tính.")

    def context(self) -> Context:
        return Context(received=self.received_at, province=self.province, channel=self.channel,
                       confidential=self.confidential, petition_id=self.id)


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[dict[str, Any]] = Field(description=f"Tối đa {MAX_BATCH} đơn, mỗi đơn như POST /v1/triage.")


class EvidenceOut(BaseModel):
    head: str
    label: str
    start: int
    end: int
    text: str


class IssueOut(BaseModel):
    id: str
    name: str
    probability: float


class FactsOut(BaseModel):
    amount_vnd: int | None
    dates: list[date]
    longest_wait_days: float | None
    places: list[str]
    confidential: bool


class ClassificationOut(BaseModel):
    kind: str
    kind_name: str
    sector: str
    sector_name: str
    issues: list[IssueOut]
    confidence: dict[str, Any]
    needs_review: bool
    review_reasons: list[str]
    not_petition_reason: str | None
    evidence: list[EvidenceOut]
    facts: FactsOut
    encoding: str
    vietnamese_score: float

    @classmethod
    def of(cls, c: Classification) -> ClassificationOut:
        return cls(
            kind=c.kind, kind_name=KINDS[c.kind], sector=c.sector, sector_name=SECTORS[c.sector],
            issues=[IssueOut(id=i, name=ISSUES[i], probability=c.confidence["issues"].get(i, 0.0)) for i in c.issues],
            confidence=c.confidence, needs_review=c.needs_review, review_reasons=list(c.review_reasons),
            not_petition_reason=c.not_petition_reason,
            evidence=[EvidenceOut(head=e.head, label=e.label, start=e.start, end=e.end, text=e.text) for e in c.evidence],
            facts=FactsOut(amount_vnd=c.facts.amount_vnd, dates=[d.value for d in c.facts.dates if d.value],
                           longest_wait_days=c.facts.longest_wait_days,
                           places=[f"{p.unit} {p.name}" for p in c.facts.places], confidential=c.facts.confidential),
            encoding=c.normalized.encoding, vietnamese_score=c.normalized.vietnamese_score,
        )


class RoutingOut(Decision):
    province_source: str
    notes: list[str]


class TriageOut(BaseModel):
    id: str | None
    classification: ClassificationOut
    routing: RoutingOut
    model_version: str
    policy_version: str

    @classmethod
    def of(cls, r: TriageResult) -> TriageOut:
        return cls(
            id=r.petition_id, classification=ClassificationOut.of(r.classification),
            routing=RoutingOut(**r.decision.model_dump(), province_source=r.province_source, notes=list(r.notes)),
            model_version=r.model_version, policy_version=r.policy_version,
        )


class ErrorBody(BaseModel):
    code: str
    message: str
    detail: str = ""


class ErrorOut(BaseModel):
    error: ErrorBody


class BatchItemOut(BaseModel):
    index: int
    id: str | None
    result: TriageOut | None = None
    error: ErrorBody | None = None


class BatchOut(BaseModel):
    results: list[BatchItemOut]
    ok: int
    failed: int


class LabelOut(BaseModel):
    id: str
    name: str


class TaxonomyOut(BaseModel):
    version: str
    kinds: list[LabelOut]
    sectors: list[LabelOut]
    issues: list[LabelOut]


class HealthOut(BaseModel):
    status: Literal["ok"]
    model_version: str
    policy_version: str
    taxonomy_version: str
