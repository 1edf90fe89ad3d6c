"""Helpers for the API tests; the `api` client and `alices_call` live in tests/web/conftest.py."""

from __future__ import annotations

from typing import Any


def json_of(response: Any) -> Any:
    """The response's JSON body, after checking it is JSON."""
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return response.json()
