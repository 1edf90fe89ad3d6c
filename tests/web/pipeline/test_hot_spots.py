"""The manager view's coaching hot-spots: the risks recurring in each rep's recent calls."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from displace.web.conversations.actions import Upload, record_conversation
from displace.web.deals.models import Deal
from displace.web.pipeline import hot_spots as views

CALL = (
    "Rep: How is your current bank treating you?\n"
    "Customer: Generally fine, nothing significant.\n"
    "Rep: We can cut your fees and raise your credit line.\n"
)


def _record(deal: Deal, n: int = 1) -> None:
    for i in range(n):
        # Not the same transcript again, which would be recognised rather than stored.
        fresh = CALL + "\n" * (deal.conversations.count() + 1)
        record_conversation(deal, Upload(f"call-{i}.txt", fresh.encode()), by=deal.owner)


def test_it_counts_each_reps_risks_within_the_managers_team_only(
    login: Callable[[str], Client], make_deal: Callable[..., Deal]
) -> None:
    alices, charlies = make_deal("alice"), make_deal("charlie", title="South deal")
    _record(alices, 2)
    _record(charlies)
    risks = alices.conversations.first().findings.filter(polarity="risk")  # type: ignore[union-attr]
    assert risks.exists()
    hot_spots = dict(login("maria").get(reverse("manager")).context["hot_spots"])
    assert set(hot_spots) == {"alice"}
    counted = dict(hot_spots["alice"])
    behaviour = risks.first().behaviour  # type: ignore[union-attr]
    assert counted[behaviour] == 2 * risks.filter(behaviour=behaviour).count()


def test_it_reads_only_the_latest_conversations(
    login: Callable[[str], Client], make_deal: Callable[..., Deal],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    deal = make_deal("alice")
    _record(deal, 3)
    monkeypatch.setattr(views, "HOT_SPOT_CONVERSATIONS", 1)
    latest = deal.conversations.order_by("-id").first()
    assert latest is not None
    expected = Counter(f.behaviour for f in latest.findings.filter(polarity="risk"))
    hot_spots = dict(login("maria").get(reverse("manager")).context["hot_spots"])
    counts = dict(hot_spots["alice"])
    assert counts and all(counts[b] == expected[b] for b in counts)


def test_it_counts_the_hot_spots_at_most_once_a_minute_per_person(
    login: Callable[[str], Client], make_deal: Callable[..., Deal],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _record(make_deal("alice"))
    counted: list[object] = []
    count = views.count_hot_spots

    def counting(user: object) -> list[tuple[str, list[tuple[str, int]]]]:
        counted.append(user)
        return count(user)

    monkeypatch.setattr(views, "count_hot_spots", counting)
    client = login("maria")
    first = client.get(reverse("manager")).context["hot_spots"]
    assert client.get(reverse("manager")).context["hot_spots"] == first
    assert len(counted) == 1
