"""The OpenAPI document lists every endpoint; the interactive docs load nothing from outside."""

from __future__ import annotations

import re

from django.test import Client

from tests.web.api.test_auth import ENDPOINTS


def test_it_lists_every_endpoint_in_the_openapi_document(db: None) -> None:
    document = Client().get("/api/openapi.json").json()
    listed = {(method, path) for path, item in document["paths"].items() for method in item}
    expected = {(m, re.sub(r"/1\b", lambda _: "/{id}", p)) for m, p in ENDPOINTS}
    normalised = {(m, re.sub(r"\{\w+\}", "{id}", p)) for m, p in listed}
    assert normalised == expected


def test_it_declares_bearer_auth_and_json_errors(db: None) -> None:
    document = Client().get("/api/openapi.json").json()
    schemes = document["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    deal = document["paths"]["/api/deals/{deal_id}"]["get"]["responses"]
    assert {"200", "401", "404"} <= set(deal)


def test_it_serves_the_interactive_docs_from_its_own_static_files(db: None) -> None:
    client = Client()
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
