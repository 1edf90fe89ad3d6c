"""GET /api/calibration: the calibration report's figures for managers and admins only."""

from __future__ import annotations

from django.urls import reverse

from displace.web.accounts.models import Team
from tests.web.api.conftest import json_of
from tests.web.conftest import ApiClient
from tests.web.forecast.conftest import CloseDeals, close_deals  # noqa: F401  (a fixture)

URL = "/api/calibration"


def test_a_manager_gets_their_teams_scores_with_the_issues_keys(
    api: ApiClient, close_deals: CloseDeals,  # noqa: F811
) -> None:
    close_deals("alice", 24, seed=1)
    close_deals("charlie", 3, seed=2)
    answer = api("maria").get(URL)
    assert answer.status_code == 200
    data = json_of(answer)
    assert data["team"] == "North" and data["n"] == 24
    for key in ("brier_rep", "brier_evidence", "log_loss_rep", "log_loss_evidence"):
        assert isinstance(data[key], float)
    assert len(data["bins"]["rep"]) == len(data["bins"]["evidence"]) == 10
    assert [r["rep"] for r in data["reps"]] == ["alice"]
    assert data["too_few"] is False
    assert data["left_out"] == {"no_forecast": 0, "no_rep": 0, "no_evidence": 0}


def test_another_teams_calibration_is_not_found_for_a_manager(api: ApiClient) -> None:
    south = Team.objects.get(name="South")
    assert api("maria").get(f"{URL}?team={south.pk}").status_code == 404


def test_an_admin_names_the_team(api: ApiClient, close_deals: CloseDeals) -> None:  # noqa: F811
    close_deals("charlie", 3)
    south = Team.objects.get(name="South")
    data = json_of(api("ada").get(f"{URL}?team={south.pk}"))
    assert data["team"] == "South" and data["n"] == 3 and data["too_few"] is True
    assert any("too few to judge" in w for w in data["warnings"])


def test_a_rep_is_refused(api: ApiClient) -> None:
    answer = api("alice").get(URL)
    assert answer.status_code == 403
    assert "Only a manager or an admin" in json_of(answer)["detail"]


def test_warnings_come_in_the_callers_language(api: ApiClient,
                                               close_deals: CloseDeals) -> None:  # noqa: F811
    close_deals("alice", 2)
    data = json_of(api("maria").get(URL, HTTP_ACCEPT_LANGUAGE="vi"))
    assert any("quá ít để đánh giá" in w for w in data["warnings"])


def test_it_is_in_the_openapi_document(api: ApiClient) -> None:
    document = json_of(api("maria").get(reverse("api:openapi-json")))
    assert URL in document["paths"]
