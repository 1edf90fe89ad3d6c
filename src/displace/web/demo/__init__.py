"""The demo team that `displace serve --demo` loads into an empty database: its people
(data/demo/team/team.toml) and one story told by their deals, calls, next steps and closings
(data/demo/story/; `loading` says in what order the actions store it).

    demo_logins()     the accounts to print at start-up
    load_demo_team()  load it all, once: nothing when the database already has people
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from displace.web.demo.story import DEMO_DIR, DemoDataError, read_team

__all__ = ["DEMO_DIR", "DemoDataError", "DemoLogin", "demo_logins", "load_demo_team"]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str


def demo_logins() -> list[DemoLogin]:
    """The demo accounts, to print at start-up."""
    return [DemoLogin(u.get("username", str), u.get("password", str), u.get("role", str))
            for u in read_team().tables("users")]


def load_demo_team() -> bool:
    """Load the demo team unless the database already has people; True when loaded. All of
    it or nothing: one transaction."""
    from displace.web.demo.loading import load_story_team

    if get_user_model().objects.exists():
        return False
    with transaction.atomic():
        load_story_team()
    return True
