"""The demo story as planned (no database): the same day gives the same story, and the story has
deals of every kind, months of history, next steps and calls for every chart to show."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from displace.core.forecast import this_and_next
from displace.web.demo.loading import plan_demo
from displace.web.demo.plan import PlannedDeal
from displace.web.demo.story import STAGES
from tests.web.demo.conftest import NOW


def summary(plan: list[PlannedDeal]) -> list[tuple[object, ...]]:
    return [(d.key, d.owner, d.core, d.path, d.value, d.expected_close, d.closes_at, d.draws,
             d.follow_ups, d.comments, [(c.template.file, c.at) for c in d.calls])
            for d in plan]


def test_the_same_day_gives_the_same_story(plan: list[PlannedDeal]) -> None:
    assert summary(plan_demo(NOW)) == summary(plan)


def test_another_day_moves_the_dates_and_keeps_the_deals(plan: list[PlannedDeal]) -> None:
    later = plan_demo(NOW + timedelta(days=30))
    assert [d.core for d in later] == [d.core for d in plan]
    assert [d.draws for d in later] == [d.draws for d in plan]
    assert later[-1].path[0][1] == plan[-1].path[0][1] + timedelta(days=30)


def test_the_story_has_sixty_closed_deals_and_open_deals_at_every_stage(
    plan: list[PlannedDeal]
) -> None:
    closed = [d for d in plan if d.closes_at is not None]
    still_open = [d for d in plan if d.closes_at is None]
    assert len(closed) >= 60 and 25 <= len(still_open) <= 40
    assert {d.path[-1][0] for d in still_open} == set(STAGES)
    for deals in (closed, still_open):
        assert {d.market.currency for d in deals} == {"USD", "VND"}
        assert len({d.owner for d in deals}) == 4
        assert len({d.incumbent.name for d in deals}) >= 5
    assert len({d.core["prospect"]["name"] for d in plan}) == len(plan)  # one deal each


def test_deals_closed_over_nine_months_after_months_of_stages(plan: list[PlannedDeal]) -> None:
    closed = sorted(d.closes_at for d in plan if d.closes_at is not None)
    assert NOW - closed[0] > timedelta(days=220) and NOW - closed[-1] < timedelta(days=30)
    for deal in plan:
        dates = [at for _stage, at in deal.path] + ([deal.closes_at] if deal.closes_at else [])
        assert dates == sorted(dates) and dates[-1] < NOW
        assert [s for s, _at in deal.path] == sorted((s for s, _at in deal.path),
                                                     key=STAGES.index)
    opened = [d.path[0][1] for d in plan if d.closes_at is None]
    assert NOW - min(opened) > timedelta(days=150)


def test_open_deals_are_expected_to_close_within_the_next_two_quarters(
    plan: list[PlannedDeal]
) -> None:
    current, following = this_and_next(NOW.date())
    expected = [d.expected_close for d in plan if d.closes_at is None]
    assert all(NOW.date() < day < following.end for day in expected)
    assert any(day in current for day in expected) and any(day in following for day in expected)


def test_some_next_steps_are_overdue_some_due_soon_and_some_deals_have_none(
    plan: list[PlannedDeal]
) -> None:
    still_open = [d for d in plan if d.closes_at is None]
    due = [f.due for d in still_open for f in d.follow_ups if f.done is None]
    today = NOW.date()
    assert any(day < today for day in due)
    assert any(today <= day <= today + timedelta(days=7) for day in due)
    assert any(not d.follow_ups for d in still_open)
    assert any(f.done is not None for d in still_open for f in d.follow_ups)
    assert all(f.added <= NOW and (f.done is None or f.added < f.done)
               for d in plan for f in d.follow_ups)


def test_calls_fall_in_the_last_twelve_weeks_on_every_reps_open_deals(
    plan: list[PlannedDeal]
) -> None:
    calls = [(d, c) for d in plan for c in d.calls]
    assert len(calls) >= 16
    assert all(d.closes_at is None for d, _c in calls)
    assert all(NOW - timedelta(weeks=12) <= c.at < NOW and c.at >= d.path[0][1]
               for d, c in calls)
    assert Counter(d.owner for d, _c in calls).keys() == {"bill", "tom", "lan", "minh"}
    weeks = {(NOW - c.at).days // 7 for _d, c in calls}
    assert len(weeks) >= 6  # spread out, so that the hot-spots have a line to draw
    assert {c.template.quality for _d, c in calls} == {"good", "poor"}
    assert plan[0].calls and plan[0].core["prospect"]["name"] == "Kestrel Supply"


def test_a_good_call_is_held_on_a_deal_whose_prospect_stated_a_gap(
    plan: list[PlannedDeal]
) -> None:
    for deal in plan:
        for call in deal.calls:
            stated = "stated_gap" in deal.features
            assert (call.template.quality == "good") == stated, deal.key
            if call.template.needs == "owned":
                assert "no_maker" not in deal.features, deal.key


def test_comments_come_from_the_manager_and_the_reps(plan: list[PlannedDeal]) -> None:
    comments = [c for d in plan for c in d.comments]
    assert {c.by for c in comments} == {"manager", "owner"}
    assert all(d.path[0][1] <= c.at <= (d.closes_at or NOW) for d in plan for c in d.comments)
