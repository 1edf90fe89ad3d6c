"""The OpenAPI document lists every endpoint; the interactive docs load nothing from outside;
both are for the API's users only."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.contrib.auth.models import AbstractUser
from django.test import Client

from tests.web.api.conftest import json_of
from tests.web.api.test_auth import ENDPOINTS
from tests.web.conftest import ApiClient


def test_it_lists_every_endpoint_in_the_openapi_document(api: ApiClient) -> None:
    document = api("alice").get("/api/openapi.json").json()
    listed = {(method, path) for path, item in document["paths"].items() for method in item}
    expected = {(m, re.sub(r"/1\b", lambda _: "/{id}", p)) for m, p in ENDPOINTS}
    normalised = {(m, re.sub(r"\{\w+\}", "{id}", p)) for m, p in listed}
    assert normalised == expected


def test_it_declares_bearer_auth_and_json_errors(api: ApiClient) -> None:
    document = api("alice").get("/api/openapi.json").json()
    schemes = document["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    deal = document["paths"]["/api/deals/{deal_id}"]["get"]["responses"]
    assert {"200", "401", "404"} <= set(deal)


def test_it_serves_the_interactive_docs_from_its_own_static_files(
    login: Callable[[str], Client],
) -> None:
    client = login("alice")
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    external = re.findall(r"""(?:src|href)=["']((?:https?:)?//[^"']+)""", html)
    assert external == []
    assert '"validatorUrl": null' in html  # no badge fetched from validator.swagger.io
    assets = re.findall(r"""(?:src|href)=["'](/static/[^"']+)""", html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        b"".join(response.streaming_content if response.streaming else [response.content])


def test_it_refuses_the_openapi_document_to_a_stranger_or_a_wrong_key(
    people: dict[str, AbstractUser],
) -> None:
    for client in (Client(), Client(HTTP_AUTHORIZATION="Bearer dsp_not-a-real-key")):
        response = client.get("/api/openapi.json")
        assert response.status_code == 401
        assert "Authorization: Bearer" in json_of(response)["detail"]
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_sends_a_stranger_from_the_docs_to_the_login_page(db: None) -> None:
    response = Client().get("/api/docs")
    assert response.status_code == 302
    assert response["Location"].startswith("/login")
    assert "next=/api/docs" in response["Location"]
