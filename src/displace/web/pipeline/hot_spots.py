"""The manager view's coaching hot-spots: the risks that recur in each rep's latest calls."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Count

from displace.web import permissions
from displace.web.charts.pipeline import RepWeeks
from displace.web.conversations.models import AnalysisState, Finding
from displace.web.figures.stored import Figure
from displace.web.permissions import AnyUser
from displace.web.pipeline.team_charts import hot_spot_weeks, weekly_hot_spots

__all__ = ["HOT_SPOTS", "HOT_SPOT_CONVERSATIONS", "HOT_SPOT_SECONDS", "HotSpots",
           "count_hot_spots", "hot_spots_of"]

# Coaching hot-spots read the team's latest conversations: recent habits are what to coach, and
# counting every finding ever made grows without bound (seconds at 100,000 conversations).
HOT_SPOT_CONVERSATIONS = 2_000
# ... and are counted again once that old: habits do not change by the minute, and counting
# them is most of the manager view's time.
HOT_SPOT_SECONDS = 60


@dataclass(frozen=True)
class HotSpots:
    """Each rep's five most frequent risks in the team's latest calls, and per week."""

    top: list[tuple[str, list[tuple[str, int]]]]
    weekly: list[RepWeeks]


def hot_spots_of(user_id: int) -> HotSpots:
    """The hot-spots person `user_id` sees (none once they are gone): the stored figure."""
    return count_hot_spots(permissions.person(user_id))


# Kept for every server process; counted again in the background once a minute old.
HOT_SPOTS = Figure(hot_spots_of, fresh_seconds=HOT_SPOT_SECONDS)


def count_hot_spots(user: AnyUser) -> HotSpots:
    """Each rep's five most frequent risks in the team's latest conversations, and per week.

    The calls come from the team's index on conversations, each put in its week by the
    database, with their deal's owner; their risks are counted from the findings' index and put
    together here (joining each finding to its conversation and deal would read those rows,
    whose transcripts and documents come before the columns wanted: SQLite then walks their
    overflow pages, per finding)."""
    newest = permissions.visible_conversations(user).order_by("-id")
    weeks, week = hot_spot_weeks()
    rows = list(newest.annotate(week=week).values_list(
        "id", "deal_id", "deal__owner_id", "week", "analysis_state")[:HOT_SPOT_CONVERSATIONS])
    calls = {pk: (deal_id, n, state == AnalysisState.DONE)
             for pk, deal_id, _, n, state in rows}
    owner_of = {deal_id: owner for _, deal_id, owner, _, _ in rows}
    # The same calls again as a subquery: cheaper than sending two thousand ids back.
    counts = [row for row in Finding.objects.filter(
        conversation_id__in=newest.values("id")[:HOT_SPOT_CONVERSATIONS], polarity="risk")
        .values_list("conversation_id", "behaviour").annotate(n=Count("id")).order_by()
        if row[0] in calls]  # a call stored in between is left to the next count
    names = dict(User.objects.filter(pk__in=set(owner_of.values()))
                 .values_list("id", "username"))
    by_rep: dict[str, Counter[str]] = defaultdict(Counter)
    for conversation_id, behaviour, n in counts:
        by_rep[names[owner_of[calls[conversation_id][0]]]][behaviour] += n
    top = [(rep, sorted(risks.items(), key=lambda item: (-item[1], item[0]))[:5])
           for rep, risks in sorted(by_rep.items())]
    rep_of_deal = {deal_id: names[owner_id] for deal_id, owner_id in owner_of.items()}
    return HotSpots(top, weekly_hot_spots(weeks, calls, counts, rep_of_deal))
