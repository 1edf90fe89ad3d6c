"""Writes for follow-ups: add one, mark it done."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from displace.web.bounds import checked_text
from displace.web.deals import actions as deal_actions
from displace.web.deals.models import Deal
from displace.web.followups.models import FollowUp

__all__ = ["add_follow_up", "complete_follow_up"]


def add_follow_up(
    deal: Deal, title: str, due: date, *, by: User,
    assignee: User | None = None,
) -> FollowUp:
    """A dated next step on the deal, for the deal's owner unless someone else is named."""
    clean = checked_text(title, "follow_up.title", _("next step"))
    with transaction.atomic():
        follow_up = FollowUp.objects.create(
            deal=deal, title=clean, due=due, assignee=assignee or deal.owner, created_by=by
        )
        deal_actions.touch(deal)
    return follow_up


def complete_follow_up(follow_up: FollowUp, *, by: User) -> FollowUp:
    """Mark a follow-up done, now, by `by`."""
    follow_up.done, follow_up.done_at, follow_up.done_by = True, timezone.now(), by
    follow_up.save(update_fields=["done", "done_at", "done_by"])
    return follow_up
