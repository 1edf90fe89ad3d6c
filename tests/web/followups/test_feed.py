"""The iCalendar feed at a person's secret address: exactly the open follow-ups they may see."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.contrib.auth.models import AbstractUser, User
from django.test import Client
from icalendar import Calendar

from displace.web.accounts.actions import calendar_secret, set_language
from displace.web.deals.models import Deal
from displace.web.followups.actions import add_follow_up, complete_follow_up
from displace.web.followups.models import FollowUp


@pytest.fixture
def steps(make_deal: Callable[..., Deal]) -> dict[str, FollowUp]:
    """An open step on Alice's, Bob's and Charlie's deals, and a done one on Alice's."""
    made = {}
    for name in ("alice", "bob", "charlie"):
        deal = make_deal(name, title=f"{name.title()}'s deal")
        made[name] = add_follow_up(deal, f"Call back for {name}", date(2030, 3, 4), by=deal.owner)
    done = add_follow_up(made["alice"].deal, "Already done", date(2030, 3, 1),
                         by=made["alice"].deal.owner)
    made["done"] = complete_follow_up(done, by=done.deal.owner)
    return made


def _feed(people: dict[str, AbstractUser], who: str) -> Calendar:
    secret = calendar_secret(User.objects.get(pk=people[who].pk))
    response = Client().get(f"/calendar/{secret}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def _uids(calendar: Calendar) -> dict[str, str]:
    return {str(e["UID"]): str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}


@pytest.mark.parametrize(("who", "sees"), [
    ("alice", {"alice"}), ("bob", {"bob"}), ("maria", {"alice", "bob"}),
    ("charlie", {"charlie"}), ("sam", {"charlie"}), ("ada", {"alice", "bob", "charlie"}),
])
def test_it_lists_exactly_the_open_follow_ups_the_person_may_see(
    people: dict[str, AbstractUser], steps: dict[str, FollowUp], who: str, sees: set[str]
) -> None:
    summaries = sorted(_uids(_feed(people, who)).values())
    assert summaries == sorted(f"Call back for {n} — deal: {n.title()}'s deal" for n in sees)


def test_it_gives_each_event_a_stable_uid_a_date_and_a_timestamp(
    people: dict[str, AbstractUser], steps: dict[str, FollowUp]
) -> None:
    first = _feed(people, "alice")
    event = next(iter(first.walk("VEVENT")))
    assert event.decoded("DTSTART") == date(2030, 3, 4)
    assert event.decoded("DTEND") == date(2030, 3, 5)
    assert "DTSTAMP" in event
    assert f"/deals/{steps['alice'].deal_id}/" in str(event["URL"])
    assert _uids(_feed(people, "alice")) == _uids(first)
    assert _uids(_feed(people, "maria")).keys() >= _uids(first).keys()


def test_it_writes_the_summary_in_the_persons_language(
    people: dict[str, AbstractUser], steps: dict[str, FollowUp]
) -> None:
    set_language(User.objects.get(pk=people["alice"].pk), "vi")
    calendar = _feed(people, "alice")
    summary = str(next(iter(calendar.walk("VEVENT")))["SUMMARY"])
    assert summary == "Call back for alice — thương vụ: Alice's deal"


def test_it_answers_an_unknown_secret_with_404(db: None) -> None:
    assert Client().get("/calendar/not-a-secret.ics").status_code == 404


def test_it_stops_serving_the_old_address_once_renewed(
    login: Callable[[str], Client], people: dict[str, AbstractUser], steps: dict[str, FollowUp]
) -> None:
    old = calendar_secret(User.objects.get(pk=people["alice"].pk))
    login("alice").post("/calendar/renew/")
    new = calendar_secret(User.objects.get(pk=people["alice"].pk))
    assert new != old
    assert Client().get(f"/calendar/{old}.ics").status_code == 404
    assert Client().get(f"/calendar/{new}.ics").status_code == 200


def test_it_shows_the_feed_address_on_the_follow_ups_page(
    login: Callable[[str], Client], people: dict[str, AbstractUser]
) -> None:
    page = login("alice").get("/follow-ups/").content.decode()
    secret = calendar_secret(User.objects.get(pk=people["alice"].pk))
    assert f"/calendar/{secret}.ics" in page
