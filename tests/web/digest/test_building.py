"""What goes into a person's digest: overdue follow-ups, fallen evidence, deals without a next
step, and a manager's count of the team's overdue ones."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AbstractUser

from displace.web.deals.models import Deal
from displace.web.digest.building import FALL, build_digest
from displace.web.digest.models import DigestRecord
from displace.web.followups.actions import add_follow_up

TODAY = date(2026, 12, 1)


def test_an_overdue_follow_up_is_in_its_assignees_digest_and_a_future_one_is_not(
        people: dict[str, AbstractUser], make_deal: Callable[..., Deal]) -> None:
    deal = make_deal("alice")
    add_follow_up(deal, "Send the cash-flow review", TODAY - timedelta(days=2), by=people["alice"])
    add_follow_up(deal, "Call the CFO", TODAY + timedelta(days=3), by=people["alice"])
    digest = build_digest(people["alice"], TODAY)
    assert [f.title for f in digest.overdue] == ["Send the cash-flow review"]
    assert digest.overdue_count == 1
    assert build_digest(people["bob"], TODAY).overdue_count == 0


def test_a_follow_up_due_today_or_done_is_not_overdue(
        people: dict[str, AbstractUser], make_deal: Callable[..., Deal]) -> None:
    deal = make_deal("alice")
    add_follow_up(deal, "Due today", TODAY, by=people["alice"])
    done = add_follow_up(deal, "Done already", TODAY - timedelta(days=5), by=people["alice"])
    done.done = True
    done.save()
    assert build_digest(people["alice"], TODAY).overdue_count == 0


def test_a_deal_with_no_open_follow_up_needs_a_next_step(
        people: dict[str, AbstractUser], make_deal: Callable[..., Deal]) -> None:
    bare = make_deal("alice", title="No next step")
    planned = make_deal("alice", title="Planned")
    add_follow_up(planned, "Workshop", TODAY + timedelta(days=1), by=people["alice"])
    digest = build_digest(people["alice"], TODAY)
    assert [d.pk for d in digest.no_next_step] == [bare.pk]
    assert digest.no_next_step_count == 1


def test_a_closed_deal_needs_no_next_step(
        people: dict[str, AbstractUser], make_deal: Callable[..., Deal]) -> None:
    deal = make_deal("alice")
    Deal.objects.filter(pk=deal.pk).update(stage="lost")
    assert build_digest(people["alice"], TODAY).no_next_step_count == 0


def _remember(user: AbstractUser, day: date, probabilities: dict[str, Any]) -> None:
    DigestRecord.objects.create(user=user, day=day, sent=True, probabilities=probabilities)


def test_a_deal_whose_probability_fell_by_the_threshold_since_the_last_digest_is_listed(
        people: dict[str, AbstractUser], make_deal: Callable[..., Deal]) -> None:
    fallen, steady = make_deal("alice", title="Fell"), make_deal("alice", title="Steady")
    Deal.objects.filter(pk=fallen.pk).update(win_probability=0.30)
    Deal.objects.filter(pk=steady.pk).update(win_probability=0.30)
    _remember(people["alice"], TODAY - timedelta(days=1),
              {str(fallen.pk): 0.30 + FALL, str(steady.pk): 0.30 + FALL / 2})
    digest = build_digest(people["alice"], TODAY)
    assert [(f.deal.pk, round(f.before, 2), round(f.after, 2)) for f in digest.fallen] == [
        (fallen.pk, round(0.30 + FALL, 2), 0.30)]


def test_nothing_has_fallen_without_an_earlier_digest_or_when_the_probability_rose(
        people: dict[str, AbstractUser], make_deal: Callable[..., Deal]) -> None:
    deal = make_deal("alice")
    Deal.objects.filter(pk=deal.pk).update(win_probability=0.4)
    assert build_digest(people["alice"], TODAY).fallen == []
    _remember(people["alice"], TODAY - timedelta(days=1), {str(deal.pk): 0.2})
    assert build_digest(people["alice"], TODAY).fallen == []


def test_the_digest_remembers_each_open_deals_probability_for_the_next_one(
        people: dict[str, AbstractUser], make_deal: Callable[..., Deal]) -> None:
    deal = make_deal("alice")
    Deal.objects.filter(pk=deal.pk).update(win_probability=0.25)
    assert build_digest(people["alice"], TODAY).probabilities == {str(deal.pk): 0.25}


def test_a_manager_hears_of_the_teams_overdue_follow_ups_and_a_rep_does_not(
        people: dict[str, AbstractUser], make_deal: Callable[..., Deal]) -> None:
    add_follow_up(make_deal("bob"), "Late", TODAY - timedelta(days=1), by=people["bob"])
    add_follow_up(make_deal("charlie"), "Other team", TODAY - timedelta(days=1),
                  by=people["charlie"])
    assert build_digest(people["maria"], TODAY).team_overdue_count == 1
    assert build_digest(people["alice"], TODAY).team_overdue_count == 0


def test_a_digest_with_nothing_in_it_is_empty(people: dict[str, AbstractUser]) -> None:
    digest = build_digest(people["alice"], TODAY)
    assert digest.is_empty
    assert digest.item_count == 0
