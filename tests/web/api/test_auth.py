"""API keys: missing, wrong, replaced and withdrawn keys; the browser session; the account page."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.contrib.auth.models import AbstractUser, User
from django.test import Client

from displace.web.accounts.actions import issue_api_token, revoke_api_token
from displace.web.accounts.models import ApiToken
from displace.web.deals.models import Deal
from tests.web.api.conftest import json_of
from tests.web.conftest import ApiClient

ENDPOINTS = [
    ("get", "/api/deals"), ("post", "/api/deals"), ("get", "/api/deals/1"),
    ("patch", "/api/deals/1"), ("get", "/api/deals/1/assessment"),
    ("get", "/api/deals/1/conversations"), ("post", "/api/deals/1/conversations"),
    ("post", "/api/deals/1/conversations/upload"), ("get", "/api/conversations/1"),
    ("post", "/api/conversations/1/retry"),
    ("get", "/api/conversations/1/findings"), ("post", "/api/findings/1/accept"),
    ("get", "/api/follow-ups"), ("post", "/api/deals/1/follow-ups"),
    ("post", "/api/follow-ups/1/done"), ("post", "/api/analyze"), ("post", "/api/analyze/upload"),
    ("post", "/api/findings/1/wrong"), ("post", "/api/conversations/1/examples"),
    ("get", "/api/examples"), ("post", "/api/examples/1/confirm"),
    ("delete", "/api/examples/1"),
    ("post", "/api/deals/import"), ("get", "/api/deals/imports/1"), ("get", "/api/deals/export"),
    ("post", "/api/deals/1/close"), ("post", "/api/deals/1/reopen"),
    ("get", "/api/outcomes/reasons"),
    ("get", "/api/calibration"),
]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_it_refuses_every_endpoint_without_a_key(method: str, path: str, db: None) -> None:
    client = Client()
    if method == "get":
        response = client.get(path)
    else:
        response = getattr(client, method)(path, "{}", content_type="application/json")
    assert response.status_code == 401
    assert "Authorization: Bearer" in json_of(response)["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer dsp_not-a-real-key", "Bearer ", "Bearer x y"])
def test_it_refuses_an_unknown_key_with_a_clear_message(
    header: str, alices_deal: Deal
) -> None:
    response = Client(HTTP_AUTHORIZATION=header).get("/api/deals")
    assert response.status_code == 401
    assert "Invalid API key" in json_of(response)["detail"]


def test_it_refuses_a_key_that_was_replaced_or_withdrawn(
    people: dict[str, AbstractUser],
) -> None:
    alice = User.objects.get(pk=people["alice"].pk)
    old = issue_api_token(alice)
    new = issue_api_token(alice)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {old}").get("/api/deals").status_code == 401
    assert Client(HTTP_AUTHORIZATION=f"Bearer {new}").get("/api/deals").status_code == 200
    revoke_api_token(alice)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {new}").get("/api/deals").status_code == 401


def test_it_refuses_the_key_of_a_deactivated_account(people: dict[str, AbstractUser]) -> None:
    alice = User.objects.get(pk=people["alice"].pk)
    key = issue_api_token(alice)
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/deals").status_code == 401


def test_it_keeps_only_a_hash_of_the_key(people: dict[str, AbstractUser]) -> None:
    key = issue_api_token(User.objects.get(pk=people["bob"].pk))
    stored = ApiToken.objects.get(user=people["bob"])
    assert key.startswith("dsp_") and key not in (stored.key_hash, stored.prefix)
    assert key.startswith(stored.prefix)


def test_it_records_when_a_key_was_last_used(api: ApiClient) -> None:
    api("alice").get("/api/deals")
    assert ApiToken.objects.get(user__username="alice").last_used_at is not None


def test_it_accepts_the_browser_session_but_checks_its_csrf_token_on_writes(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    client = login("alice")
    assert client.get(f"/api/deals/{alices_deal.pk}").status_code == 200
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(alices_deal.owner)
    response = guarded.patch(f"/api/deals/{alices_deal.pk}", json.dumps({"stage": "gap"}),
                             content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in json_of(response)["detail"]
    assert Deal.objects.get(pk=alices_deal.pk).stage == "discovery"


def test_it_shows_a_new_key_once_on_the_account_page_and_the_key_works(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    client = login("alice")
    assert "You have no API key yet." in client.get("/account/").content.decode()
    page = client.post("/account/", {"api_token": "new"}).content.decode()
    key = page.split('<code class="api-key">')[1].split("</code>")[0]
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/deals").status_code == 200
    again = client.get("/account/").content.decode()
    assert key not in again and key[:8] in again


def test_it_withdraws_the_key_from_the_account_page(login: Callable[[str], Client]) -> None:
    client = login("alice")
    client.post("/account/", {"api_token": "new"})
    client.post("/account/", {"api_token": "revoke"})
    assert not ApiToken.objects.filter(user__username="alice").exists()
