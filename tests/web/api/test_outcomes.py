"""POST /api/deals/{id}/close and /reopen, GET /api/outcomes/reasons; a deal shows its closing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser

from displace.web.accounts.models import Profile, Team
from displace.web.deals import actions
from displace.web.deals.models import Closing, Deal
from tests.web.api.conftest import json_of
from tests.web.conftest import ApiClient
from tests.web.deals.test_closing_actions import TEAM_REASONS


def _post(client: Any, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


def test_it_closes_a_deal_and_the_deal_shows_its_closing(
    api: ApiClient, alices_deal: Deal
) -> None:
    response = _post(api("alice"), f"/api/deals/{alices_deal.pk}/close", {
        "outcome": "lost", "reason": "incumbent-matched-price", "counter_move": "matched_price",
        "lost_to": "incumbent", "note": "Same rate the next day."})
    assert response.status_code == 200
    deal = json_of(response)
    assert deal["stage"] == "lost" and deal["closed_at"]
    assert deal["closing"] | {"closed_at": None} == {
        "outcome": "lost", "reason": "incumbent-matched-price", "note": "Same rate the next day.",
        "countered": "yes", "counter_move": "matched_price", "lost_to": "incumbent",
        "closed_at": None, "closed_by": "alice", "reopened_at": None}
    assert len(deal["closings"]) == 1


def test_it_reopens_a_deal_and_keeps_the_closing_before(
    api: ApiClient, alices_deal: Deal
) -> None:
    actions.close_deal(alices_deal, "won", reason="other", by=alices_deal.owner)
    response = _post(api("maria"), f"/api/deals/{alices_deal.pk}/reopen", {"stage": "gap"})
    assert response.status_code == 200
    deal = json_of(response)
    assert (deal["stage"], deal["closed_at"], deal["closing"]) == ("gap", None, None)
    assert [c["outcome"] for c in deal["closings"]] == ["won"]
    assert deal["closings"][0]["reopened_at"]


@pytest.mark.parametrize(("body", "field"), [
    ({"outcome": "won", "reason": "incumbent-matched-price"}, "reason"),
    ({"outcome": "no_decision", "reason": "other", "lost_to": "nobody"}, "lost_to"),
    ({"outcome": "lost", "reason": "other", "countered": "no",
      "counter_move": "matched_price"}, "counter_move"),
])
def test_a_wrong_field_is_a_400_naming_it(
    api: ApiClient, alices_deal: Deal, body: dict[str, Any], field: str
) -> None:
    response = _post(api("alice"), f"/api/deals/{alices_deal.pk}/close", body)
    assert response.status_code == 400
    assert json_of(response)["detail"].startswith(f"{field}: ")
    assert not Closing.objects.exists()


def test_a_wrong_field_is_explained_in_the_caller_s_language(
    api: ApiClient, alices_deal: Deal, people: dict[str, AbstractUser]
) -> None:
    Profile.objects.filter(user=people["alice"]).update(language="vi")
    response = _post(api("alice"), f"/api/deals/{alices_deal.pk}/close",
                     {"outcome": "won", "reason": "made-up"})
    assert "không phải là lý do" in json_of(response)["detail"]


@pytest.mark.parametrize("body", [
    {"outcome": "maybe", "reason": "other"}, {"outcome": "won"}, {"outcome": "won", "reason": ""},
    {"outcome": "lost", "reason": "other", "countered": "perhaps"},
])
def test_a_malformed_body_is_a_422(api: ApiClient, alices_deal: Deal,
                                   body: dict[str, Any]) -> None:
    response = _post(api("alice"), f"/api/deals/{alices_deal.pk}/close", body)
    assert response.status_code == 422


def test_reopening_an_open_deal_or_at_a_closed_stage_is_refused(
    api: ApiClient, alices_deal: Deal
) -> None:
    client = api("alice")
    assert _post(client, f"/api/deals/{alices_deal.pk}/reopen",
                 {"stage": "gap"}).status_code == 400
    assert _post(client, f"/api/deals/{alices_deal.pk}/reopen",
                 {"stage": "won"}).status_code == 422


@pytest.mark.parametrize(("who", "status"), [("bob", 404), ("sam", 404), ("ada", 200)])
def test_only_those_who_may_close_it_do(
    api: ApiClient, alices_deal: Deal, who: str, status: int
) -> None:
    response = _post(api(who), f"/api/deals/{alices_deal.pk}/close",
                     {"outcome": "won", "reason": "other"})
    assert response.status_code == status


def test_it_lists_the_team_s_own_reasons_or_the_shipped_ones(
    api: ApiClient, people: dict[str, AbstractUser]
) -> None:
    actions.save_outcome_reasons(Team.objects.get(name="North"), TEAM_REASONS,
                                 by=people["ada"])  # type: ignore[arg-type]
    north = json_of(api("alice").get("/api/outcomes/reasons"))
    assert [r["code"] for r in north["reasons"]] == [
        "faster-payroll", "bank-matched-rate", "board-froze-spending"]
    south = json_of(api("charlie").get("/api/outcomes/reasons"))
    assert {"outcome": "lost", "code": "incumbent-matched-price",
            "en": "The incumbent matched our price",
            "vi": "Nhà cung cấp hiện tại đưa ra mức giá bằng chúng ta"} in south["reasons"]
    assert south["counter_moves"] == ["matched_price", "improved_terms",
                                      "escalated_relationship", "other"]
    assert south["lost_to"] == ["incumbent", "other_competitor", "nobody"]
