"""Follow-ups on the pages: who added one and who marked it done, in both languages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.contrib.auth.models import AbstractUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from displace.web.deals.models import Deal
from displace.web.followups.actions import add_follow_up, complete_follow_up
from displace.web.followups.models import FollowUp


def _follow_ups(page: str) -> str:
    return page[page.index('id="follow-ups"'):page.index("</ul>", page.index('id="follow-ups"'))]


def test_adding_and_closing_one_on_the_page_records_who_did_each(
    login: Callable[[str], Client], alices_deal: Deal, people: dict[str, AbstractUser]
) -> None:
    client = login("alice")
    client.post(reverse("follow-up-add", args=[alices_deal.pk]),
                {"title": "Send the pricing", "due": "2027-01-05"})
    added = FollowUp.objects.get(deal=alices_deal)
    assert added.created_by == people["alice"] and added.done_by is None
    client.post(reverse("follow-up-done", args=[added.pk]))
    added.refresh_from_db()
    assert added.done and added.done_by == people["alice"] and added.done_at is not None


def test_the_deal_page_says_who_added_one_for_someone_else_and_who_closed_it(
    login: Callable[[str], Client], alices_deal: Deal, people: dict[str, AbstractUser]
) -> None:
    maria = people["maria"]
    maria.first_name, maria.last_name = "Maria", "Tran"
    maria.save()
    follow_up = add_follow_up(alices_deal, "Send the pricing", date(2027, 1, 5), by=maria)
    complete_follow_up(follow_up, by=people["bob"])
    FollowUp.objects.filter(pk=follow_up.pk).update(
        done_at=timezone.make_aware(timezone.datetime(2026, 12, 20, 9, 0)))
    add_follow_up(alices_deal, "Book the demo", date(2027, 1, 9), by=people["alice"])
    client = login("alice")
    shown = _follow_ups(client.get(reverse("deal", args=[alices_deal.pk])).content.decode())
    assert "added by Maria Tran" in shown and "done by bob on 20 Dec 2026" in shown
    assert shown.count("added by") == 1  # alice's own step for herself names no one
    client.post(reverse("language"), {"language": "vi", "next": "/"})
    vi = _follow_ups(client.get(reverse("deal", args=[alices_deal.pk])).content.decode())
    assert "do Maria Tran thêm" in vi and "bob hoàn thành ngày 20/12/2026" in vi
    assert "added by" not in vi and "done by" not in vi


def test_a_follow_up_from_before_its_people_were_kept_names_nobody(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    FollowUp.objects.create(deal=alices_deal, title="Old step", due=date(2027, 1, 5),
                            assignee=alices_deal.owner, done=True, done_at=timezone.now())
    shown = _follow_ups(login("alice").get(reverse("deal", args=[alices_deal.pk])
                                           ).content.decode())
    assert "Old step" in shown and "added by" not in shown and "done by" not in shown


def test_the_list_of_follow_ups_says_who_added_one_for_someone_else(
    login: Callable[[str], Client], alices_deal: Deal, people: dict[str, AbstractUser]
) -> None:
    add_follow_up(alices_deal, "Send the pricing", date(2027, 1, 5), by=people["maria"])
    add_follow_up(alices_deal, "Book the demo", date(2027, 1, 9), by=people["alice"])
    page = login("alice").get(reverse("follow-ups")).content.decode()
    assert page.count("added by maria") == 1
