"""Classify petitions: text layer → features → model, with guards, review flags, evidence.

    classifier = Classifier.load(Path("models"))
    result = classifier.classify("Cán bộ địa chính xã đòi 5 triệu mới ký hồ sơ")
    result.kind, result.sector, result.issues, result.needs_review, result.evidence

Review rule: a petition needs review when the kind or sector confidence is below the
threshold tuned on dev for that head (the lowest confidence at which dev predictions
were right 95 % of the time), or when any issue's probability lies within
`ISSUE_REVIEW_BAND` of that issue's tuned threshold, or when the text is not Vietnamese.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .artifacts import load_model
from .facts import Facts, read_facts
from .features import make_doc
from .model import HeadResult, PetitionModel
from .normalize import DEFAULT_MAX_CHARS, NormalizedText, normalize

ISSUE_REVIEW_BAND = 0.1


@dataclass(frozen=True, slots=True)
class Evidence:
    head: str  # kind | sector | issues
    label: str
    start: int  # span in the text the user gave
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Classification:
    kind: str
    sector: str
    issues: tuple[str, ...]
    confidence: dict[str, Any]  # {"kind": p, "sector": p, "issues": {label: p}}
    needs_review: bool
    review_reasons: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    not_petition_reason: str | None
    facts: Facts
    normalized: NormalizedText


class Classifier:
    def __init__(self, model: PetitionModel, manifest: dict[str, Any], max_chars: int = DEFAULT_MAX_CHARS):
        self.model = model
        self.manifest = manifest
        self.max_chars = max_chars

    @classmethod
    def load(cls, model_dir: Path, max_chars: int = DEFAULT_MAX_CHARS) -> Classifier:
        model, manifest = load_model(model_dir)
        return cls(model, manifest, max_chars)

    @property
    def version(self) -> str:
        return str(self.manifest.get("version", "?"))

    def classify(self, raw: str | bytes) -> Classification:
        """One petition; raises `InputError` for input the text layer refuses."""
        return self.classify_normalized(normalize(raw, max_chars=self.max_chars))

    def classify_normalized(self, nt: NormalizedText) -> Classification:
        return self.classify_many([nt])[0]

    def classify_many(self, texts: list[NormalizedText], explain: bool = True) -> list[Classification]:
        """Many petitions in one pass of the model; `explain=False` leaves `evidence` empty."""
        results = self.model.predict([make_doc(nt) for nt in texts], explain)
        return [self._assemble(nt, *heads) for nt, heads in zip(texts, results, strict=True)]

    def _assemble(self, nt: NormalizedText, kind: HeadResult, sector: HeadResult, issues: HeadResult) -> Classification:
        facts = read_facts(nt)
        kind_p = kind.probabilities[kind.labels[0]]
        sector_p = sector.probabilities[sector.labels[0]]
        confidence = {"kind": kind_p, "sector": sector_p, "issues": dict(issues.probabilities)}
        reasons = []
        if kind_p < self.model.review_below.get("kind", 0.5):
            reasons.append("low_kind_confidence")
        if sector_p < self.model.review_below.get("sector", 0.5):
            reasons.append("low_sector_confidence")
        uncertain = [label for label, p in issues.probabilities.items()
                     if abs(p - self.model.issue_thresholds.get(label, 0.5)) < ISSUE_REVIEW_BAND]
        if uncertain:
            reasons.append("uncertain_issues:" + ",".join(uncertain))
        if not nt.is_vietnamese:
            return Classification(
                "not_petition", "other", (), confidence, True, ("not_vietnamese",), (),
                "Văn bản không phải tiếng Việt (hoặc không đọc được là tiếng Việt).", facts, nt)
        chosen_kind = kind.labels[0]
        if chosen_kind == "not_petition":
            return Classification(
                "not_petition", "other", (), confidence, bool(reasons), tuple(reasons),
                self._spans(nt, "kind", kind), "Nội dung không phải là đơn phản ánh, kiến nghị, khiếu nại, tố cáo.",
                facts, nt)
        evidence = self._spans(nt, "kind", kind) + self._spans(nt, "sector", sector) + self._spans(nt, "issues", issues)
        return Classification(chosen_kind, sector.labels[0], issues.labels, confidence, bool(reasons),
                              tuple(reasons), evidence, None, facts, nt)

    @staticmethod
    def _spans(nt: NormalizedText, head: str, result: HeadResult) -> tuple[Evidence, ...]:
        found = []
        for label, spans in result.evidence.items():
            for start, end in spans:
                a, b = nt.source_span(start, end)
                found.append(Evidence(head, label, a, b, nt.original[a:b]))
        return tuple(found)
