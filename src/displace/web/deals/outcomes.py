"""How a deal ends, as data: the team's reasons, a closing's values checked field by field, the
closing row, and the snapshot of both forecasts taken whenever a deal enters a stage.

Nothing here writes; `deals.actions` stores what these build (close_deal, reopen_deal and every
stage change).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from displace.core.errors import DisplaceError
from displace.core.limits import limit
from displace.core.outcomes import (
    COUNTER_MOVES,
    COUNTERED,
    LOST_TO,
    NOT_RECORDED,
    OUTCOMES,
    ReasonList,
    ReasonsError,
    parse_reasons,
    shipped_reasons,
)
from displace.web.deals.models import (
    Closing,
    Countered,
    CounterMove,
    Deal,
    LostTo,
    OutcomeReasons,
    Stage,
    StageSnapshot,
)
from displace.web.formatting import format_count

__all__ = [
    "TEAM_LIST",
    "ClosingError",
    "ClosingValues",
    "check_closing",
    "closing_row",
    "evidence_forecast",
    "not_recorded",
    "reason_lists",
    "reasons_of",
    "snapshot_of",
]

# How a team's saved list is named in the messages about it.
TEAM_LIST = "(the team's reasons)"


class ClosingError(DisplaceError):
    """A closing or reopening that cannot be stored. `errors` maps each field (outcome,
    reason, note, countered, counter_move, lost_to, stage) to what is wrong with it, in the
    active language; the message names them all."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(" ".join(f"{field}: {text}" for field, text in self.errors.items()))


@dataclass(frozen=True)
class ClosingValues:
    """A closing as checked: the outcome, the reason (code and words) and the loss's details."""

    outcome: str
    reason: str
    reason_en: str
    reason_vi: str
    note: str = ""
    countered: str = ""
    counter_move: str = ""
    lost_to: str = ""

    def recorded(self) -> dict[str, Any]:
        """The closing as the deal's history keeps it (JSON; empty fields left out)."""
        kept = {"stage": self.outcome, "reason": self.reason,
                "reason_label": {"en": self.reason_en, "vi": self.reason_vi},
                "note": self.note, "countered": self.countered,
                "counter_move": self.counter_move, "lost_to": self.lost_to}
        return {key: value for key, value in kept.items() if value}


def not_recorded(outcome: str) -> ClosingValues:
    """The closing of a deal whose stage was set to an outcome without a reason."""
    reason = shipped_reasons().find(outcome, NOT_RECORDED)
    assert reason is not None  # not-recorded belongs to every outcome
    return ClosingValues(outcome, NOT_RECORDED, reason.en, reason.vi,
                         countered=Countered.UNKNOWN if outcome == Stage.LOST else "")


def reasons_of(team_id: int | None) -> ReasonList:
    """The team's reasons for closing deals (its admin's list), else the shipped ones."""
    if team_id is None:
        return shipped_reasons()
    content = (OutcomeReasons.objects.filter(team_id=team_id)
               .values_list("content", flat=True).first())
    return _parsed(content)


def reason_lists(team_ids: Iterable[int | None]) -> dict[int | None, ReasonList]:
    """The reasons of each team in `team_ids`, in one query."""
    wanted = {team_id for team_id in team_ids if team_id is not None}
    saved = dict(OutcomeReasons.objects.filter(team_id__in=wanted)
                 .values_list("team_id", "content")) if wanted else {}
    found: dict[int | None, ReasonList] = {None: shipped_reasons()}
    for team_id in wanted:
        found[team_id] = _parsed(saved.get(team_id))
    return found


def _parsed(content: str | None) -> ReasonList:
    if content is None:
        return shipped_reasons()
    try:
        return parse_reasons(content, source=TEAM_LIST)
    except ReasonsError:
        # Every saved list was checked when saved; one a newer version no longer reads must
        # not stop deals from closing: the shipped list stands in until an admin saves again.
        return shipped_reasons()


def check_closing(outcome: str, *, reason: str, note: str = "", countered: str = "",
                  counter_move: str = "", lost_to: str = "",
                  reasons: ReasonList) -> ClosingValues:
    """The closing's values, checked; ClosingError names every field that is wrong."""
    errors: dict[str, str] = {}
    note = note.strip()
    if len(note) > limit("deal.long_text"):
        errors["note"] = _("at most %(limit)s characters, found %(found)s.") % {
            "limit": _count(limit("deal.long_text")), "found": _count(len(note))}
    if outcome not in OUTCOMES:
        errors["outcome"] = _("expected won, lost or no decision.")
        raise ClosingError(errors)
    found = reasons.find(outcome, reason.strip()) if reason.strip() else None
    if not reason.strip():
        errors["reason"] = _("choose the reason the deal closed as it did.")
    elif found is None:
        errors["reason"] = _("“%(code)s” is not a reason for a deal closed as %(outcome)s; "
                             "expected one of: %(codes)s.") % {
            "code": reason.strip(), "outcome": Stage(outcome).label,
            "codes": ", ".join([r.code for r in reasons.of(outcome)] + [NOT_RECORDED])}
    loss = _loss_details(outcome, countered.strip(), counter_move.strip(), lost_to.strip(),
                         errors)
    if errors or found is None:
        raise ClosingError(errors)
    return ClosingValues(outcome, found.code, found.en, found.vi, note, *loss)


def _loss_details(outcome: str, countered: str, counter_move: str, lost_to: str,
                  errors: dict[str, str]) -> tuple[str, str, str]:
    """Whether and how the incumbent countered, and who won: for a loss only."""
    given = {"countered": countered, "counter_move": counter_move, "lost_to": lost_to}
    if outcome != Stage.LOST:
        for field, value in given.items():
            if value:
                errors[field] = _("only for a lost deal.")
        return "", "", ""
    if counter_move and not countered:
        countered = Countered.YES  # a counter-move says the incumbent countered
    if countered not in ("", *COUNTERED):
        errors["countered"] = _("expected yes, no or unknown.")
    if counter_move not in ("", *COUNTER_MOVES):
        errors["counter_move"] = _("expected one of: %(codes)s.") % {
            "codes": ", ".join(CounterMove.values)}
    elif counter_move and countered in (Countered.NO, Countered.UNKNOWN):
        errors["counter_move"] = _("only when the incumbent countered.")
    if lost_to not in ("", *LOST_TO):
        errors["lost_to"] = _("expected one of: %(codes)s.") % {"codes": ", ".join(LostTo.values)}
    return countered or Countered.UNKNOWN, counter_move, lost_to


def _count(number: int) -> str:
    return format_count(number, get_language() or "en")


def closing_row(deal: Deal, values: ClosingValues, *, at: datetime,
                by: User | None) -> Closing:
    """The deal's closing as a row (not saved)."""
    return Closing(deal=deal, outcome=values.outcome, reason=values.reason, note=values.note,
                   countered=values.countered, counter_move=values.counter_move,
                   lost_to=values.lost_to, closed_at=at, closed_by=by)


def snapshot_of(deal: Deal, previous: str, at: datetime) -> StageSnapshot:
    """Both forecasts as they stand when `deal` enters its stage from `previous` ("" for a new
    deal): the evidence's probability does not depend on the stage, so the cached one is
    right."""
    return StageSnapshot(deal=deal, at=at, stage=deal.stage, previous_stage=previous,
                         rep_confidence=deal.rep_confidence,
                         **evidence_forecast(deal.win_probability, deal.assessment))


def evidence_forecast(win_probability: float | None, assessment: Any) -> dict[str, Any]:
    """A snapshot's evidence columns from a deal's cached assessment: its probability, the
    weights version behind it (0: the shipped weights) and its terms."""
    found = assessment if isinstance(assessment, dict) else {}
    version = found.get("weights_version", 0)
    terms = found.get("terms", {})
    return {"win_probability": win_probability,
            "weights_version": version if isinstance(version, int) and version >= 0 else 0,
            "terms": terms if isinstance(terms, dict) else {}}
