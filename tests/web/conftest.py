"""Fixtures for the web app: Django settings, personas and a deal of Alice's.

Personas: alice (rep, team North) owns a deal; bob is a rep on her team; maria manages North;
charlie is a rep on team South; sam manages South; ada is the admin.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "displace.web.settings")
os.environ.setdefault("DISPLACE_DATA_DIR", tempfile.mkdtemp(prefix="displace-test-"))

import django

django.setup()

import pytest  # noqa: E402
from django.contrib.auth.models import AbstractUser  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from displace.core.deal.dealfile import deal_from_dict  # noqa: E402
from displace.web.accounts.actions import create_user  # noqa: E402
from displace.web.deals.actions import import_deal  # noqa: E402
from displace.web.deals.models import Deal  # noqa: E402

PASSWORD = "correct horse battery"


def core_deal_dict(
    title: str = "Lan Anh Logistics vs Northern Bank", **extra: Any
) -> dict[str, Any]:
    """A small valid deal in the deal-file format, written for these tests."""
    data: dict[str, Any] = {
        "schema": "displace.deal/1",
        "title": title,
        "language": "en",
        "stage": "discovery",
        "rep_confidence": 0.7,
        "prospect": {"name": "Lan Anh Logistics", "industry": "sme-banking",
                     "contacts": [{"name": "Mrs Lan", "title": "CFO",
                                   "decision_role": "decision-maker"}]},
        "our_side": {"organisation": "Riverside Commercial Bank", "rep": "Alice"},
        "incumbent": {"name": "Northern Bank", "tenure_years": 4},
        "gaps": [{"id": "cash-forecast", "summary": "No one reviews their cash forecast"}],
        "offer": [{"id": "rate", "text": "0.5% lower loan rate"}],
    }
    data.update(extra)
    return data


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """Hash test passwords cheaply; the real hasher's cost buys nothing in tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(db: None) -> dict[str, AbstractUser]:
    """The six personas, created fresh for each test."""
    return {
        "alice": create_user("alice", PASSWORD, role="rep", team="North"),
        "bob": create_user("bob", PASSWORD, role="rep", team="North"),
        "maria": create_user("maria", PASSWORD, role="manager", team="North"),
        "charlie": create_user("charlie", PASSWORD, role="rep", team="South"),
        "sam": create_user("sam", PASSWORD, role="manager", team="South"),
        "ada": create_user("ada", PASSWORD, role="admin"),
    }


@pytest.fixture
def make_deal(people: dict[str, AbstractUser]) -> Callable[..., Deal]:
    """Import a deal for a persona (Alice by default)."""

    def make(owner: str = "alice", **extra: Any) -> Deal:
        core = deal_from_dict(core_deal_dict(**extra))
        return import_deal(core, owner=people[owner])

    return make


@pytest.fixture
def alices_deal(make_deal: Callable[..., Deal]) -> Deal:
    return make_deal("alice")


@pytest.fixture
def login(client: Client, people: dict[str, AbstractUser]) -> Callable[[str], Client]:
    """Sign a persona in on the test client."""

    def sign_in(name: str) -> Client:
        client.force_login(people[name])
        return client

    return sign_in


def queries_for_page(client: Client, url: str) -> int:
    """How many database queries one page costs (after checking it answers 200)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)
