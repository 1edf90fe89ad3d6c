"""The deal forms refuse what no page could show, in the user's language; so does the database."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from displace.web.deals.models import Comment, Deal
from displace.web.followups.models import FollowUp


def _edit(client: Client, deal: Deal, **fields: str) -> str:
    response = client.post(reverse("deal-edit", args=[deal.pk]), fields, follow=True)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("value", ["-5", "1e30", "9" * 100, "nan", "12.345", "lots"])
def test_it_refuses_a_deal_value_out_of_range_and_keeps_the_old_one(
    login: Callable[[str], Client], alices_deal: Deal, value: str
) -> None:
    page = _edit(login("alice"), alices_deal, value=value)
    assert "expected an amount from 0 to 1,000,000,000,000,000" in page
    alices_deal.refresh_from_db()
    assert alices_deal.value == Decimal(0)


@pytest.mark.parametrize("confidence", ["nan", "inf", "150", "-1", "lots"])
def test_it_refuses_a_confidence_that_is_not_a_percentage(
    login: Callable[[str], Client], alices_deal: Deal, confidence: str
) -> None:
    page = _edit(login("alice"), alices_deal, rep_confidence=confidence)
    assert "expected a percentage from 0 to 100" in page
    alices_deal.refresh_from_db()
    assert alices_deal.rep_confidence == 0.7


def test_it_says_so_in_vietnamese_for_a_vietnamese_user(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    client = login("alice")
    client.post(reverse("language"), {"language": "vi", "next": "/"})
    page = _edit(client, alices_deal, value="-5")
    assert "giá trị: cần một số tiền từ 0 đến 1.000.000.000.000.000" in page


def test_it_takes_a_value_written_with_thousands_separators(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    _edit(login("alice"), alices_deal, value="1,250,000.50")
    alices_deal.refresh_from_db()
    assert alices_deal.value == Decimal("1250000.50")


def test_an_impossible_date_is_an_error_not_a_crash(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    page = _edit(login("alice"), alices_deal, expected_close="2026-02-31")
    assert "expected a date such as 2026-12-31" in page


@pytest.mark.parametrize(("field", "value"), [("value", Decimal("5000000000000000")),
                                              ("value", Decimal(-1)),
                                              ("rep_confidence", 1.5)])
def test_the_database_itself_refuses_a_value_out_of_range(
    alices_deal: Deal, field: str, value: object
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Deal.objects.filter(pk=alices_deal.pk).update(**{field: value})


def test_a_comment_over_the_limit_is_refused_and_not_stored(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    client = login("alice")
    response = client.post(reverse("deal-comment", args=[alices_deal.pk]), {"text": "x" * 5001},
                           follow=True)
    assert "at most 5,000 characters, found 5,001" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_follow_up_title_over_the_limit_is_refused(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    client = login("alice")
    response = client.post(reverse("follow-up-add", args=[alices_deal.pk]),
                           {"title": "y" * 301, "due": "2026-12-01"}, follow=True)
    assert "at most 300 characters" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_an_impossible_due_date_is_an_error_not_a_crash(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    response = login("alice").post(reverse("follow-up-add", args=[alices_deal.pk]),
                                   {"title": "Call", "due": "2026-02-31"}, follow=True)
    assert response.status_code == 200
    assert not FollowUp.objects.exists()
