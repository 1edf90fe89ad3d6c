"""The bridge to the core's deal assessment: the web layer stores its result, never redoes it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from displace.core.deal.dealfile import deal_from_dict
from displace.core.errors import DisplaceError
from displace.core.model import Report, Role

if TYPE_CHECKING:
    from displace.web.deals.models import Deal

__all__ = ["AssessmentResult", "assess", "gap_counts", "in_language", "reports_for"]

LANGUAGES = ("en", "vi")


@dataclass(frozen=True)
class AssessmentResult:
    """What the deal row caches: the two numbers the pipeline sorts on, and the rest as JSON."""

    win_probability: float | None
    ready: bool | None
    data: dict[str, Any]


def assess(deal: Deal, *, seed: int = 0) -> AssessmentResult:
    """Run the core assessment of the deal with the reports of its stored conversations."""
    from displace.core.deal.assess import assess_deal
    from displace.web.forecast.weights import team_weights
    from displace.web.library.actions import library_dirs

    core_deal = deal_from_dict(deal.core, source=f"deal {deal.pk}")
    reports = reports_for(deal)
    # The team's accepted refit of the weights, if any; its version goes into the assessment.
    multipliers, version = team_weights(deal.team_id)
    # The reasons are words: keep them in both languages, so each reader sees their own.
    # The numbers are the same in both (same inputs, same seed).
    library = library_dirs()  # admins' edits to catalogues and playbooks
    by_language = {
        lang: assess_deal(core_deal, reports=reports, seed=seed, lang=lang, library=library,
                          multipliers=multipliers, weights_version=version)
        for lang in LANGUAGES
    }
    main = by_language.get(deal.language, by_language["en"])
    data = main.to_dict()
    data["translations"] = {
        lang: a.to_dict() for lang, a in by_language.items() if a is not main
    }
    return AssessmentResult(
        win_probability=float(main.win_probability),
        ready=bool(main.ready),
        data=data,
    )


def gap_counts(data: Mapping[str, Any]) -> tuple[int, int] | None:
    """The gaps the prospect stated and those only the rep assumes, as the core counted them
    for the cached assessment (`core.deal.gaps.gap_counts`, the count "why this probability"
    gives): the one count the deal page and the pipeline show too. None without it (no
    assessment, or one cached before it was counted)."""
    counts = data.get("gap_counts")
    if not isinstance(counts, Mapping):
        return None
    return int(counts.get("stated", 0)), int(counts.get("assumed", 0))


def in_language(data: dict[str, Any], lang: str) -> dict[str, Any]:
    """The cached assessment with its reasons in `lang` when it was stored in that language."""
    translated = data.get("translations", {}).get(lang[:2])
    return cast("dict[str, Any]", translated) if translated else data


def reports_for(deal: Deal) -> list[Report]:
    """The coach's reports for the deal's conversations, re-read with the roles people set."""
    from displace.core.coach import analyze
    from displace.core.transcript import read_conversation
    from displace.web.examples.actions import team_examples
    from displace.web.library.actions import team_rule_packs

    reports = []
    team_packs = team_rule_packs()  # the team's own phrases, as for every analysis
    examples = team_examples(deal.team_id)  # and its confirmed examples
    fields = ("source_text", "speakers", "title", "input_format")
    for conversation in deal.conversations.all().only(*fields):
        try:
            parsed = read_conversation(
                conversation.source_text.encode("utf-8"),
                input_format=conversation.input_format or None,
                role_hints=cast("dict[str, Role]", conversation.speakers), name=conversation.title,
            )
            reports.append(analyze(parsed, lang=deal.language, extra_rule_packs=team_packs,
                                   examples=examples))
        except DisplaceError:
            # A conversation stored earlier that the current coach cannot read adds nothing.
            continue
    return reports
