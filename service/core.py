"""The one pipeline every door uses: text layer → classifier → policies.

    pipeline = Pipeline.load()
    result = pipeline.triage("Cán bộ xã đòi 5 triệu ...", Context(province="Nghệ An"))
    result.classification.kind, result.decision.agency, result.decision.deadline
"""

from __future__ import annotations

import gc
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pakn.classifier.predict import Classification, Classifier
from pakn.classifier.tokenize import warm_up
from pakn.policies.decision import Decision, RoutingInput
from pakn.policies.engine import PolicyEngine
from pakn.policies.places import province_from_mentions, resolve_province

from .errors import BadRequest, PaknError
from .settings import Settings, get_settings


@dataclass(frozen=True, slots=True)
class Context:
    """What the form or the caller knows besides the text."""

    received: date | None = None  # default: today
    province: str | None = None  # any spelling, old or new; default: read from the text
    channel: str = "other"
    confidential: bool = False
    petition_id: str | None = None
    repeat_count: int = 0
    accused_head: bool = False
    previously_disciplined: bool = False


@dataclass(frozen=True, slots=True)
class TriageResult:
    classification: Classification
    decision: Decision
    province_source: str  # "context" | "text" | "context (tỉnh cũ)" | "text (tỉnh cũ)" | "unknown"
    model_version: str
    policy_version: str
    petition_id: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


class Pipeline:
    def __init__(self, classifier: Classifier, engine: PolicyEngine) -> None:
        self.classifier = classifier
        self.engine = engine
        self._warm = threading.Event()

    @classmethod
    def load(cls, settings: Settings | None = None, policy_dir: Path | None = None) -> Pipeline:
        """Load the verified model and the checked policy tables, and warm the tokenizer."""
        settings = settings or get_settings()
        from pakn.policies.tables import load_policies

        pipeline = cls(Classifier.load(settings.model_dir, settings.max_text_chars),
                       PolicyEngine(load_policies(policy_dir)))
        pipeline.warm_up()
        return pipeline

    def warm_up(self) -> None:
        """Load the tokenizer and build the model's lookups now, then freeze what is loaded.

        `gc.freeze()`: the model's vocabularies are dicts of millions of entries that live as
        long as the process. Left to the cyclic collector, every full collection walks them
        all (0.15-0.2 s measured, every few hundred petitions in a batch); frozen, it skips them.
        """
        warm_up()
        self.classifier.model.prepare()
        gc.freeze()
        self._warm.set()

    def triage(self, text: str | bytes, context: Context | None = None) -> TriageResult:
        context = context or Context()
        classification = self.classifier.classify(text)
        return self.route(classification, context)

    def triage_many(self, items: list[tuple[str | bytes, Context]],
                    explain: bool = True) -> list[TriageResult | PaknError]:
        """Many petitions at once (features and models run on the whole list): a result or
        the error that refused it, per item, in order. `explain=False` skips evidence."""
        from pakn.classifier.normalize import normalize

        normalized: list[Any] = []
        for raw, _ in items:
            try:
                normalized.append(normalize(raw, max_chars=self.classifier.max_chars))
            except PaknError as exc:
                normalized.append(exc)
        valid = [nt for nt in normalized if not isinstance(nt, PaknError)]
        classified = iter(self.classifier.classify_many(valid, explain)) if valid else iter(())
        results: list[TriageResult | PaknError] = []
        for (_, context), nt in zip(items, normalized, strict=True):
            if isinstance(nt, PaknError):
                results.append(nt)
                continue
            try:
                results.append(self.route(next(classified), context))
            except PaknError as exc:
                results.append(exc)
        return results

    def route(self, classification: Classification, context: Context) -> TriageResult:
        province, source = self._province(classification, context)
        notes = []
        if source.endswith("(tỉnh cũ)"):
            notes.append(f"Địa danh cũ được chuyển sang tỉnh/thành phố hiện hành: {province}.")
        routing = RoutingInput(
            kind=classification.kind, sector=classification.sector, issues=classification.issues,
            received=context.received or date.today(), province=province, channel=context.channel,
            confidential=context.confidential or classification.facts.confidential,
            amount_vnd=classification.facts.amount_vnd, repeat_count=context.repeat_count,
            accused_head=context.accused_head, previously_disciplined=context.previously_disciplined,
        )
        decision = self.engine.decide(routing)
        return TriageResult(classification, decision, source, self.classifier.version, self.engine.version,
                            context.petition_id, tuple(notes))

    @staticmethod
    def _province(classification: Classification, context: Context) -> tuple[str | None, str]:
        if context.province:
            found, mapped = resolve_province(context.province)
            if found is None:
                raise BadRequest(f"unknown province {context.province!r}",
                                 message=f"Không nhận ra tỉnh/thành phố “{context.province}”.")
            return found, "context (tỉnh cũ)" if mapped else "context"
        found, mapped = province_from_mentions((p.unit, p.name) for p in classification.facts.places)
        if found is None:
            return None, "unknown"
        return found, "text (tỉnh cũ)" if mapped else "text"
