"""Back-dating the demo story: the one place that writes around the actions.

The actions stamp what they store with the moment they run; the story happened over months.
Once every action has run, `backdate_story` moves those stamps to the story's dates, and
nothing else: when each deal was created, entered each stage (its snapshot and its history
entry), closed, got its comments and next steps, and held its calls; and when it last moved.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

from django.db.models import QuerySet

from displace.web.conversations.models import Conversation
from displace.web.deals.models import Closing, Comment, Deal, EvidenceChange, StageSnapshot
from displace.web.demo.plan import PlannedDeal
from displace.web.followups.models import FollowUp

__all__ = ["StoredDeal", "backdate_story"]

# How many rows each UPDATE of a bulk update sets.
BATCH = 200

# A deal as stored, with what the actions made of its plan: its comments, next steps and
# calls, in the order the plan lists them.
StoredDeal = tuple[PlannedDeal, Deal, list[Comment], list[FollowUp], list[Conversation]]

Row = TypeVar("Row", StageSnapshot, EvidenceChange)


def backdate_story(stored: Sequence[StoredDeal]) -> None:
    """Date every row the actions wrote for the story's deals as the story has it."""
    deal_ids = [deal.pk for _plan, deal, *_rest in stored]
    snapshots = _by_deal(StageSnapshot.objects.filter(deal_id__in=deal_ids))
    changes = _by_deal(EvidenceChange.objects.filter(deal_id__in=deal_ids))
    closings = {c.deal_id: c for c in Closing.objects.filter(deal_id__in=deal_ids)}
    dated_snapshots: list[StageSnapshot] = []
    dated_changes: list[EvidenceChange] = []
    comments: list[Comment] = []
    follow_ups: list[FollowUp] = []
    calls: list[Conversation] = []
    for plan, deal, its_comments, its_follow_ups, its_calls in stored:
        entered = [at for _stage, at in plan.path] + ([plan.closes_at] if plan.closes_at else [])
        dated_snapshots += _dated(plan, snapshots.get(deal.pk, []), entered)
        dated_changes += _dated(plan, changes.get(deal.pk, []), entered)
        for comment, planned in zip(its_comments, plan.comments, strict=True):
            comment.created_at = planned.at
        for follow_up, step in zip(its_follow_ups, plan.follow_ups, strict=True):
            follow_up.created_at, follow_up.done_at = step.added, step.done
        for conversation, call in zip(its_calls, plan.calls, strict=True):
            conversation.created_at = call.at
        comments += its_comments
        follow_ups += its_follow_ups
        calls += its_calls
        if plan.closes_at is not None:
            closings[deal.pk].closed_at = plan.closes_at
        deal.created_at, deal.closed_at = plan.path[0][1], plan.closes_at
        deal.last_activity = _last_activity(plan)
    StageSnapshot.objects.bulk_update(dated_snapshots, ["at"], batch_size=BATCH)
    EvidenceChange.objects.bulk_update(dated_changes, ["at"], batch_size=BATCH)
    Comment.objects.bulk_update(comments, ["created_at"], batch_size=BATCH)
    FollowUp.objects.bulk_update(follow_ups, ["created_at", "done_at"], batch_size=BATCH)
    Conversation.objects.bulk_update(calls, ["created_at"], batch_size=BATCH)
    Closing.objects.bulk_update(list(closings.values()), ["closed_at"], batch_size=BATCH)
    Deal.objects.bulk_update([deal for _plan, deal, *_rest in stored],
                             ["created_at", "closed_at", "last_activity"], batch_size=BATCH)


def _by_deal(rows: QuerySet[Row]) -> dict[int, list[Row]]:
    """The rows of each deal in the order they were written."""
    found: dict[int, list[Row]] = {}
    for row in rows.order_by("deal_id", "id").only("id", "deal_id", "at"):
        found.setdefault(row.deal_id, []).append(row)
    return found


def _dated(plan: PlannedDeal, rows: list[Row], entered: list[datetime]) -> list[Row]:
    """Each stage entered wrote one snapshot and one history entry, in order: each gets the
    moment the story entered that stage."""
    if len(rows) != len(entered):
        raise RuntimeError(f"demo deal {plan.key}: {len(rows)} rows for {len(entered)} "
                           "stages entered")
    for row, at in zip(rows, entered, strict=True):
        row.at = at
    return rows


def _last_activity(plan: PlannedDeal) -> datetime:
    """When the deal last moved: a stage, its closing, a comment, a next step or a call."""
    moments = [at for _stage, at in plan.path]
    moments += [plan.closes_at] if plan.closes_at else []
    moments += [c.at for c in plan.comments] + [c.at for c in plan.calls]
    moments += [f.added for f in plan.follow_ups] + [f.done for f in plan.follow_ups if f.done]
    return max(moments)
