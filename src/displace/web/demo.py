"""Load the demo team (users, deals, conversations, follow-ups) into an empty database."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from displace.core.deal.dealfile import load_deal
from displace.web.accounts.actions import create_user
from displace.web.conversations.actions import Upload, record_conversation
from displace.web.deals.actions import import_deal
from displace.web.followups.actions import add_follow_up

__all__ = ["DEMO_DIR", "DemoLogin", "demo_logins", "load_demo_team"]

DEMO_DIR = Path(__file__).resolve().parents[1] / "data" / "demo" / "team"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str


def _team() -> dict[str, Any]:
    with (DEMO_DIR / "team.toml").open("rb") as file:
        return tomllib.load(file)


def demo_logins() -> list[DemoLogin]:
    """The demo accounts, to print at start-up."""
    return [DemoLogin(u["username"], u["password"], u["role"]) for u in _team()["users"]]


def load_demo_team() -> bool:
    """Load the demo team unless the database already has people; True when loaded."""
    if get_user_model().objects.exists():
        return False
    team = _team()
    with transaction.atomic():
        users = {
            u["username"]: create_user(
                u["username"], u["password"], role=u["role"], language=u.get("language", ""),
                full_name=u.get("full_name", ""), team="" if u["role"] == "admin" else team["team"],
                email=u.get("email", ""),
            )
            for u in team["users"]
        }
        for entry in team["deals"]:
            _load_deal(entry, users)
    return True


def _load_deal(entry: dict[str, Any], users: dict[str, Any]) -> None:
    owner = users[entry["owner"]]
    today = timezone.localdate()
    deal = import_deal(
        load_deal(DEMO_DIR / entry["file"]), owner=owner, value=Decimal(entry["value"]),
        currency=entry["currency"], expected_close=today + timedelta(days=entry["close_in_days"]),
    )
    for name in entry.get("conversations", []):
        path = DEMO_DIR.parent / name
        if path.is_file():  # demo conversations are optional; the deals stand on their own
            record_conversation(deal, Upload(name, path.read_bytes()), by=owner)
    for follow_up in entry.get("follow_ups", []):
        add_follow_up(deal, follow_up["title"], today + timedelta(days=follow_up["due_in_days"]),
                      by=owner)
