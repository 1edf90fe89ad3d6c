"""GET /healthz answers 200 without signing in."""

from __future__ import annotations

from django.test import Client


def test_it_answers_healthz_with_200_and_ok(db: None) -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
