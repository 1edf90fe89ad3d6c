"""The API's permission matrix: every endpoint, every persona, on Alice's deal."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from displace.web.conversations.models import Conversation
from displace.web.deals.models import Deal, EvidenceChange
from displace.web.followups.actions import add_follow_up
from displace.web.followups.models import FollowUp
from tests.web.conftest import ENGLISH_CALL, ApiClient

SEES = {"alice": 200, "bob": 404, "maria": 200, "charlie": 404, "sam": 404, "ada": 200}
# The owner changes the deal; the manager and the admin only see it (403); the rest: 404.
EDITS = {"alice": 0, "bob": 404, "maria": 403, "charlie": 404, "sam": 404, "ada": 403}

READS = [
    "/api/deals/{deal}",
    "/api/deals/{deal}/assessment",
    "/api/deals/{deal}/conversations",
    "/api/conversations/{conversation}",
    "/api/conversations/{conversation}/findings",
]

Write = Callable[[Client, dict[str, int]], object]


def _post(path: str, body: object) -> Write:
    def send(client: Client, ids: dict[str, int]) -> object:
        return client.post(path.format(**ids), json.dumps(body), content_type="application/json")
    return send


def _patch(path: str, body: object) -> Write:
    def send(client: Client, ids: dict[str, int]) -> object:
        return client.patch(path.format(**ids), json.dumps(body), content_type="application/json")
    return send


def _upload(client: Client, ids: dict[str, int]) -> object:
    file = SimpleUploadedFile("call.txt", ENGLISH_CALL.encode(), content_type="text/plain")
    return client.post(f"/api/deals/{ids['deal']}/conversations/upload", {"transcript": file})


WRITES: dict[str, tuple[Write, int]] = {
    "update deal": (_patch("/api/deals/{deal}", {"stage": "gap"}), 200),
    "paste conversation": (_post("/api/deals/{deal}/conversations", {"text": ENGLISH_CALL}), 201),
    "upload conversation": (_upload, 201),
    "accept finding": (_post("/api/findings/{finding}/accept", {}), 200),
    "add follow-up": (_post("/api/deals/{deal}/follow-ups",
                            {"title": "Call Mrs Lan", "due": "2030-01-02"}), 201),
    "mark follow-up done": (_post("/api/follow-ups/{follow_up}/done", {}), 200),
}


@pytest.fixture
def ids(alices_deal: Deal, alices_call: Conversation) -> dict[str, int]:
    """Ids of everything on Alice's deal that an endpoint can name."""
    follow_up = add_follow_up(alices_deal, "Send the cash forecast", date(2030, 1, 1),
                              by=alices_deal.owner)
    finding = alices_call.findings.get(behaviour="prospect-stated-gap")
    return {"deal": alices_deal.pk, "conversation": alices_call.pk, "finding": finding.pk,
            "follow_up": follow_up.pk}


@pytest.mark.parametrize("path", READS)
@pytest.mark.parametrize(("who", "status"), SEES.items())
def test_it_shows_alices_deal_through_every_read_endpoint_only_within_scope(
    api: ApiClient, ids: dict[str, int], path: str, who: str, status: int
) -> None:
    response = api(who).get(path.format(**ids))
    assert response.status_code == status
    if status == 404:
        assert response.json() == {"detail": response.json()["detail"]}
        assert "alice" not in response.content.decode().lower()


@pytest.mark.parametrize("action", WRITES)
@pytest.mark.parametrize(("who", "refused"), EDITS.items())
def test_it_lets_only_the_owner_change_alices_deal_through_any_endpoint(
    api: ApiClient, ids: dict[str, int], action: str, who: str, refused: int
) -> None:
    send, success = WRITES[action]
    before = _state(ids)
    response = send(api(who), ids)
    assert response.status_code == (refused or success), response.content  # type: ignore[attr-defined]
    if refused:
        assert _state(ids) == before
    else:
        assert _state(ids) != before


def _state(ids: dict[str, int]) -> tuple[object, ...]:
    deal = Deal.objects.get(pk=ids["deal"])
    return (deal.stage, EvidenceChange.objects.filter(deal=deal).count(),
            Conversation.objects.filter(deal=deal).count(),
            FollowUp.objects.filter(deal=deal).count(),
            FollowUp.objects.filter(deal=deal, done=True).count())


def test_it_lists_only_the_deals_each_persona_may_see(
    api: ApiClient, make_deal: Callable[..., Deal]
) -> None:
    owned = {name: make_deal(name, title=f"{name}'s deal").pk for name in ("alice", "bob",
                                                                          "charlie")}
    expected = {
        "alice": {owned["alice"]}, "bob": {owned["bob"]}, "charlie": {owned["charlie"]},
        "maria": {owned["alice"], owned["bob"]}, "sam": {owned["charlie"]},
        "ada": set(owned.values()),
    }
    for who, deals in expected.items():
        page = api(who).get("/api/deals").json()
        assert {d["id"] for d in page["items"]} == deals, who
        assert page["count"] == len(deals)


def test_it_lists_only_the_follow_ups_each_persona_may_see(
    api: ApiClient, make_deal: Callable[..., Deal]
) -> None:
    steps = {}
    for name in ("alice", "charlie"):
        deal = make_deal(name, title=f"{name}'s deal")
        steps[name] = add_follow_up(deal, "Next step", date(2030, 1, 1), by=deal.owner).pk
    expected = {"alice": {steps["alice"]}, "bob": set(), "maria": {steps["alice"]},
                "charlie": {steps["charlie"]}, "sam": {steps["charlie"]},
                "ada": set(steps.values())}
    for who, follow_ups in expected.items():
        page = api(who).get("/api/follow-ups").json()
        assert {f["id"] for f in page["items"]} == follow_ups, who


def test_it_creates_a_deal_owned_by_the_caller_and_hidden_from_other_reps(
    api: ApiClient,
) -> None:
    from tests.web.conftest import core_deal_dict

    body = {"deal": core_deal_dict("Charlie's new deal"), "value": "125000", "currency": "USD"}
    response = api("charlie").post("/api/deals", json.dumps(body),
                                   content_type="application/json")
    assert response.status_code == 201
    created = response.json()
    assert (created["owner"], created["team"], created["currency"]) == ("charlie", "South", "USD")
    assert api("alice").get(f"/api/deals/{created['id']}").status_code == 404
    assert api("sam").get(f"/api/deals/{created['id']}").status_code == 200
