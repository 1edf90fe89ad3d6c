"""The bridge to the core's deal assessment: the web layer stores its result, never redoes it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from displace.core.deal.dealfile import deal_from_dict
from displace.core.errors import DisplaceError
from displace.core.model import Report, Role

if TYPE_CHECKING:
    from displace.web.deals.models import Deal

__all__ = ["AssessmentResult", "assess", "reports_for"]


@dataclass(frozen=True)
class AssessmentResult:
    """What the deal row caches: the two numbers the pipeline sorts on, and the rest as JSON."""

    win_probability: float | None
    ready: bool | None
    data: dict[str, Any]


def assess(deal: Deal, *, seed: int = 0) -> AssessmentResult:
    """Run the core assessment of the deal with the reports of its stored conversations."""
    from displace.core.deal.assess import assess_deal

    core_deal = deal_from_dict(deal.core, source=f"deal {deal.pk}")
    reports = reports_for(deal)
    assessment = assess_deal(core_deal, reports=reports, seed=seed, lang=deal.language)
    return AssessmentResult(
        win_probability=float(assessment.win_probability),
        ready=bool(assessment.ready),
        data=assessment.to_dict(),
    )


def reports_for(deal: Deal) -> list[Report]:
    """The coach's reports for the deal's conversations, re-read with the roles people set."""
    from displace.core.coach import analyze
    from displace.core.transcript import read_conversation

    reports = []
    fields = ("source_text", "speakers", "title", "input_format")
    for conversation in deal.conversations.all().only(*fields):
        try:
            parsed = read_conversation(
                conversation.source_text.encode("utf-8"),
                input_format=conversation.input_format or None,
                role_hints=cast("dict[str, Role]", conversation.speakers), name=conversation.title,
            )
            reports.append(analyze(parsed, lang=deal.language))
        except DisplaceError:
            # A conversation stored earlier that the current coach cannot read adds nothing.
            continue
    return reports
