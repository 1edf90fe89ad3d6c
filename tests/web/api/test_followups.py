"""The follow-ups' API: who added one and who marked it done come back with it."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

from django.contrib.auth.models import AbstractUser
from django.test import Client

from displace.web.deals.models import Deal
from displace.web.followups.actions import add_follow_up
from displace.web.followups.models import FollowUp

ApiClient = Callable[[str], Client]


def test_a_follow_up_added_and_closed_through_the_api_names_who_did_each(
    api: ApiClient, alices_deal: Deal
) -> None:
    added = api("alice").post(f"/api/deals/{alices_deal.pk}/follow-ups", json.dumps(
        {"title": "Send the pricing", "due": "2027-01-05"}), content_type="application/json")
    assert added.status_code == 201
    assert (added.json()["created_by"], added.json()["done_by"]) == ("alice", None)
    done = api("alice").post(f"/api/follow-ups/{added.json()['id']}/done")
    assert (done.json()["created_by"], done.json()["done_by"]) == ("alice", "alice")


def test_the_list_names_nobody_for_a_follow_up_from_before(
    api: ApiClient, alices_deal: Deal, people: dict[str, AbstractUser]
) -> None:
    add_follow_up(alices_deal, "Send the pricing", date(2027, 1, 5), by=people["maria"])
    FollowUp.objects.create(deal=alices_deal, title="Old step", due=date(2027, 1, 2),
                            assignee=people["alice"])
    items = {f["title"]: f for f in api("alice").get("/api/follow-ups").json()["items"]}
    assert items["Send the pricing"]["created_by"] == "maria"
    assert items["Old step"]["created_by"] is None and items["Old step"]["done_by"] is None
