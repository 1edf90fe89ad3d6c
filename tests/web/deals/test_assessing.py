"""One count of the gaps the prospect stated: "why this probability", the deal page and the
pipeline give the same number, a gap seen on the deal and in a call counting once."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from displace.web.conversations.actions import (
    Upload,
    accept_finding_as_evidence,
    record_conversation,
)
from displace.web.deals.assessing import gap_counts
from displace.web.deals.models import Deal

Login = Callable[[str], Client]

# Two gaps the prospect states in their own words; the deal's own gap is only assumed.
CALL = "\n".join([
    "Rep: When did your bank last review your cash forecast with you?",
    "Customer: Honestly, they never do that, and we get caught short every December.",
    "Rep: And when did someone from the bank last visit your warehouse?",
    "Customer: Nobody there has called us in two years.",
])


def _why_count(deal: Deal) -> int:
    """The number "why this probability" gives."""
    texts = [r["text"] for r in deal.assessment["probability_reasons"]]
    said = [t for t in texts if "stated by the prospect;" in t]
    assert len(said) == 1, texts
    return int(said[0].split()[0])


def _page_counts(client: Client, deal: Deal) -> tuple[int, int]:
    """The count the deal page gives, and how many stated gaps it lists."""
    page = client.get(reverse("deal", args=[deal.pk])).content.decode()
    counted = re.search(r'id="gap-counts">(\d+) gaps? stated by the prospect', page)
    assert counted is not None
    listed = len(re.findall(r'class="gap evidence-(?:stated|quantified|owned)"', page))
    heard = page.split('class="heard-gaps"')[1].split("</ul>")[0].count("<li>") if (
        'class="heard-gaps"' in page) else 0
    return int(counted.group(1)), listed + heard


def _without_a_stated_gap(client: Client) -> str:
    """The pipeline filtered to the deals with no gap stated by the prospect."""
    return client.get(reverse("pipeline"), {"flag": "no-stated-gap"}).content.decode()


def test_the_gaps_stated_by_the_prospect_are_counted_alike_everywhere(
    login: Login, make_deal: Callable[..., Deal]
) -> None:
    deal = make_deal("alice")
    quiet = make_deal("alice", title="Quiet Printing vs Northern Bank")
    call = record_conversation(deal, Upload("call.txt", CALL.encode()), by=deal.owner)
    client = login("alice")

    deal.refresh_from_db()
    assert gap_counts(deal.assessment) == (2, 1)  # both said in the call; the deal's assumed
    assert _why_count(deal) == 2
    assert _page_counts(client, deal) == (2, 2)
    assert deal.has_stated_gap
    listed = _without_a_stated_gap(client)
    assert reverse("deal", args=[quiet.pk]) in listed
    assert reverse("deal", args=[deal.pk]) not in listed

    # The rep accepts one onto the deal's gap: the same words, so still two gaps, not three.
    finding = call.findings.filter(behaviour="prospect-stated-gap").order_by("turn").first()
    assert finding is not None
    accept_finding_as_evidence(finding, by=deal.owner, gap_key="cash-forecast")
    deal.refresh_from_db()
    assert gap_counts(deal.assessment) == (2, 0)
    assert _why_count(deal) == 2
    assert _page_counts(client, deal) == (2, 2)
    assert reverse("deal", args=[deal.pk]) not in _without_a_stated_gap(client)
    client.post(reverse("language"), {"language": "vi", "next": "/"})
    page = client.get(reverse("deal", args=[deal.pk])).content.decode()
    assert 'id="gap-counts">2 khoảng trống do khách hàng tự nói ra' in page
    assert "Khách hàng đã nói trong các cuộc trò chuyện, chưa ghi vào thương vụ" in page


def test_a_deal_with_no_stated_gap_says_so_in_every_place(
    login: Login, alices_deal: Deal
) -> None:
    client = login("alice")
    alices_deal.refresh_from_db()
    assert gap_counts(alices_deal.assessment) == (0, 1)
    texts = [r["text"] for r in alices_deal.assessment["probability_reasons"]]
    assert "The prospect has not stated any gap in their own words." in texts
    assert _page_counts(client, alices_deal) == (0, 0)
    assert not alices_deal.has_stated_gap
    assert reverse("deal", args=[alices_deal.pk]) in _without_a_stated_gap(client)


def test_an_assessment_cached_before_the_count_shows_no_number() -> None:
    assert gap_counts({}) is None
    assert gap_counts({"gap_counts": {"stated": 3, "assumed": 1}}) == (3, 1)
