"""Turn stored deals and cached assessments into what the pages show. Reads only."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from displace.web.deals.assessing import gap_counts
from displace.web.deals.models import OPEN_STAGES, Deal, Stage

__all__ = ["AssessmentView", "assessment_view", "flags_of"]

FLAG_LABELS = {
    "proposal-without-gap": _("proposal without a stated gap"),
    "stalled": _("stalled"),
    "no-decision-maker": _("no decision-maker"),
    "confidence-gap": _("confidence far above the evidence"),
}


def flags_of(deal: Deal) -> list[tuple[str, str]]:
    """The pipeline's warnings for a deal, from its columns only (no query)."""
    flags: list[str] = []
    if deal.stage not in OPEN_STAGES:
        return []
    if deal.stage == Stage.PROPOSAL and not deal.has_stated_gap:
        flags.append("proposal-without-gap")
    stalled_after = timedelta(days=settings.STALLED_DAYS)
    if deal.last_activity and timezone.now() - deal.last_activity > stalled_after:
        flags.append("stalled")
    if not deal.decision_maker:
        flags.append("no-decision-maker")
    if (deal.rep_confidence is not None and deal.win_probability is not None
            and deal.rep_confidence - deal.win_probability >= 0.3):
        flags.append("confidence-gap")
    return [(f, str(FLAG_LABELS[f])) for f in flags]


@dataclass(frozen=True)
class AssessmentView:
    """The cached assessment (`displace.assessment/1`) flattened to texts a template lists."""

    error: str
    interval: tuple[float, float] | None
    reasons: list[str]
    probability_reasons: list[str]
    confidence: str
    risks: list[str]
    next_questions: list[dict[str, str]]
    counter_summary: str
    counter_items: list[dict[str, str]]
    advantage_left: list[str]
    offer_items: list[dict[str, str]]
    gaps: list[dict[str, str]]
    # The core's count of distinct gaps (assessing.gap_counts; None: not counted yet), and the
    # ones the prospect stated in a call that no gap of the deal holds yet.
    stated_gaps: int | None = None
    assumed_gaps: int | None = None
    heard_gaps: list[dict[str, str]] = field(default_factory=list)


def assessment_view(data: Mapping[str, Any]) -> AssessmentView:
    """Read the core's `Assessment.to_dict()`; missing parts read as empty."""
    interval = data.get("interval")
    counter = data.get("counter_move") or {}
    counts = gap_counts(data)
    return AssessmentView(
        error=str(data.get("error", "")),
        interval=_interval(interval),
        reasons=[str(r) for r in data.get("verdict_reasons", [])],
        probability_reasons=[str(r.get("text", "")) for r in data.get("probability_reasons", [])],
        confidence=str((data.get("confidence_gap") or {}).get("text", "")),
        risks=[str(r.get("text", "")) for r in data.get("risks", [])],
        next_questions=[
            {"ask": str(q.get("ask", "")), "service": str(q.get("service", "")),
             "why": " ".join(str(w) for w in q.get("why", []))}
            for q in data.get("next_questions", [])
        ],
        counter_summary=str(counter.get("summary", "")),
        counter_items=[_item(i) for i in counter.get("items", [])],
        advantage_left=[str(a) for a in counter.get("advantage_left", [])],
        offer_items=[_item(i) for i in data.get("offer_items", [])],
        gaps=[_item(g) for g in data.get("gaps", [])],
        stated_gaps=counts[0] if counts else None,
        assumed_gaps=counts[1] if counts else None,
        heard_gaps=_heard_gaps(data.get("gaps", [])),
    )


def _heard_gaps(gaps: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Gaps the prospect stated in a conversation, one per group the deal's gaps do not hold:
    with the deal's stated gaps, as many as the count says."""
    held = {g.get("group") for g in gaps
            if g.get("source") == "deal" and g.get("status") != "assumed"}
    heard: dict[str, dict[str, str]] = {}
    for g in gaps:
        group = str(g.get("group") or "")
        if (g.get("source") != "conversation" or g.get("status") == "assumed" or not group
                or group in held or group in heard):
            continue
        evidence = g.get("evidence") or {}
        heard[group] = {"quote": str(evidence.get("quote") or g.get("summary", "")),
                        "stated_by": str(evidence.get("stated_by", "")),
                        "conversation": str(evidence.get("conversation", ""))}
    return list(heard.values())


def _interval(value: object) -> tuple[float, float] | None:
    if isinstance(value, list | tuple) and len(value) == 2:
        return float(value[0]), float(value[1])
    return None


def _item(value: Mapping[str, Any]) -> dict[str, str]:
    days = value.get("days")
    return {
        "text": str(value.get("text") or value.get("summary") or value.get("id", "")),
        "verdict": str(value.get("classification") or value.get("status") or ""),
        "reason": str(value.get("reason") or ""),
        "days": "" if days is None else str(days),
        "matched": "yes" if value.get("matched") else "",
    }
