"""The manager view's charts: the team's deals only, every open deal weighed, calls put in
their weeks, and the same number of queries however much the team has."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from displace.web.charts.pipeline import RepWeeks
from displace.web.charts.spec import ChartSpec
from displace.web.conversations.actions import Upload, record_conversation
from displace.web.conversations.models import Conversation
from displace.web.deals.models import Deal, Stage
from displace.web.pipeline import team_charts
from displace.web.pipeline.team_charts import (
    HOT_SPOT_WEEKS,
    Call,
    hot_spot_weeks,
    weekly_hot_spots,
)
from tests.web.conftest import queries_for_page

CALL = (
    "Rep: How is your current bank treating you?\n"
    "Customer: Generally fine, nothing significant.\n"
    "Rep: We can cut your fees and raise your credit line.\n"
)
TODAY = date(2026, 12, 2)  # a Wednesday; its week began on Monday 30 November


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10))


def test_analysed_calls_count_in_their_week_and_old_or_unanalysed_ones_are_left_out() -> None:
    weeks, _ = hot_spot_weeks(TODAY)
    last = HOT_SPOT_WEEKS - 1
    calls: dict[int, Call] = {1: (10, last, True), 2: (10, last, True), 3: (10, last - 1, True),
                              4: (11, last, True), 5: (10, last, False), 6: (10, None, True)}
    counts = [(1, "stall", 2), (2, "stall", 1), (3, "trial-close", 1), (4, "stall", 5),
              (5, "stall", 9), (6, "stall", 9)]
    weekly = weekly_hot_spots(weeks, calls, counts, {10: "alice", 11: "bob"})
    alice, bob = weekly
    assert alice.rep == "alice" and len(alice.weeks) == HOT_SPOT_WEEKS
    assert alice.weeks[-1] == date(2026, 11, 30) and alice.weeks[-2] == date(2026, 11, 23)
    assert alice.calls[-2:] == (1, 2)  # the unanalysed call (5) and the old one (6) not counted
    assert alice.counts == {"stall": (0,) * 10 + (0, 3), "trial-close": (0,) * 10 + (1, 0)}
    assert bob.calls[-1] == 1 and bob.counts == {"stall": (0,) * 11 + (5,)}


def _record(deal: Deal, weeks_ago: int = 0) -> Conversation:
    text = CALL + "\n" * (Conversation.objects.count() + 1)  # not recognised as the same call
    call = record_conversation(deal, Upload("call.txt", text.encode()), by=deal.owner)
    Conversation.objects.filter(pk=call.pk).update(
        created_at=timezone.now() - timedelta(weeks=weeks_ago))
    return call


def _chart_data(page: str, chart_id: str) -> dict[str, Any]:
    found = re.search(rf'<script id="{chart_id}-data" type="application/json">(.*?)</script>',
                      page, re.S)
    assert found, chart_id
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_the_manager_sees_the_teams_open_deals_and_calls_in_the_charts_and_no_other_teams(
    login: Callable[[str], Client], make_deal: Callable[..., Deal]
) -> None:
    alices = make_deal("alice", title="North deal")
    make_deal("bob", title="Another North deal")
    make_deal("charlie", title="South deal")
    closed = make_deal("alice", title="Closed deal")
    Deal.objects.filter(pk=closed.pk).update(stage=Stage.WON)
    _record(alices, weeks_ago=1)
    _record(alices)
    response = login("maria").get(reverse("manager"))
    page = response.content.decode()
    scatter = _chart_data(page, "confidence-scatter")
    titles = sorted(p["text"].split(":")[0] for s in scatter["series"]
                    for p in s["points"])
    assert titles == ["Another North deal", "North deal"]
    assert "South deal" not in page
    (stages,) = response.context["stage_charts"]
    assert [row[1].text for row in stages.table.rows][-1] == "2"  # the open deals only
    (alice,) = response.context["hot_spot_charts"]
    assert alice.title == "alice"
    assert [c.text for c in (row[1] for row in alice.table.rows)][-2:] == ["1", "1"]
    assert 'src="/static/displace/vendor/chart.umd.min.js"' in page


def test_the_stage_chart_weighs_the_teams_value_by_evidence_and_by_confidence(
    login: Callable[[str], Client], make_deal: Callable[..., Deal]
) -> None:
    deal = make_deal("alice")
    Deal.objects.filter(pk=deal.pk).update(value=Decimal(1000), currency="USD",
                                           win_probability=0.25, rep_confidence=0.7)
    (chart,) = login("maria").get(reverse("manager")).context["stage_charts"]
    value, evidence, confidence = (s["values"][0] for s in chart.data["series"])
    assert (value, evidence, confidence) == (1000.0, 250.0, 700.0)


def test_an_empty_team_gets_charts_that_say_what_to_do(login: Callable[[str], Client]) -> None:
    page = login("maria").get(reverse("manager")).content.decode()
    for chart_id in ("confidence-scatter", "stage-value", "hot-spots"):
        figure = re.search(rf'<figure [^>]*id="{chart_id}".*?</figure>', page, re.S)
        assert figure, chart_id
        assert 'class="chart-empty"' in figure.group(0) and "<canvas" not in figure.group(0)


def test_the_manager_view_costs_the_same_queries_with_more_deals_and_weeks_of_calls(
    login: Callable[[str], Client], make_deal: Callable[..., Deal]
) -> None:
    deals = [make_deal(owner, title=f"Deal of {owner}") for owner in ("alice", "bob")]
    _record(deals[0])
    client = login("maria")
    few = queries_for_page(client, reverse("manager"))
    for n in range(3):
        deals.append(make_deal("bob", title=f"More {n}"))
        _record(deals[n % 2], weeks_ago=n + 1)
    Deal.objects.filter(pk=deals[-1].pk).update(currency="USD")  # a second currency's chart
    cache.clear()  # the hot-spots are kept a minute: count them again
    assert queries_for_page(client, reverse("manager")) == few


def test_the_database_puts_each_call_in_its_week_where_the_team_is(alices_deal: Deal) -> None:
    monday = timezone.make_aware(datetime(2026, 11, 30, 0, 30))  # 17:30 on Sunday in UTC
    sunday = timezone.make_aware(datetime(2026, 11, 29, 23, 30))
    first = timezone.make_aware(datetime(2026, 9, 14))  # the first week's first moment
    older = first - timedelta(minutes=1)
    after = timezone.make_aware(datetime(2026, 12, 7))  # the Monday after the last week
    assert monday.astimezone(UTC).day == 29
    moments = (monday, sunday, first, older, after)
    ids = [_record(alices_deal).pk for _ in moments]
    for pk, at in zip(ids, moments, strict=True):
        Conversation.objects.filter(pk=pk).update(created_at=at)
    weeks, week = hot_spot_weeks(TODAY)
    found = dict(Conversation.objects.filter(pk__in=ids).annotate(week=week)
                 .values_list("id", "week"))
    assert weeks[0] == date(2026, 9, 14) and weeks[-1] == date(2026, 11, 30)
    assert [found[pk] for pk in ids] == [HOT_SPOT_WEEKS - 1, HOT_SPOT_WEEKS - 2, 0, None, None]


def test_the_hot_spot_charts_are_drawn_once_a_minute_per_person_and_language(
    login: Callable[[str], Client], make_deal: Callable[..., Deal],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _record(make_deal("alice"))
    built: list[str] = []
    build = team_charts.hot_spot_lines

    def counting(weekly: list[RepWeeks], *, language: str) -> list[ChartSpec]:
        built.append(language)
        return build(weekly, language=language)

    monkeypatch.setattr(team_charts, "hot_spot_lines", counting)
    client = login("maria")
    first = client.get(reverse("manager")).content.decode()
    assert client.get(reverse("manager")).content.decode().count('id="hot-spots-1"') == 1
    assert built == ["en"] and 'id="hot-spots-1"' in first
    client.post(reverse("language"), {"language": "vi", "next": "/"})
    client.get(reverse("manager"))
    assert built == ["en", "vi"]
