"""`displace activate`: let a deactivated person sign in again."""

from __future__ import annotations

import click

from displace.web.bootstrap import start_django

__all__ = ["command"]


@click.command("activate")
@click.argument("username")
def command(username: str) -> None:
    """Reactivate a user (they make a new API key if they need one)."""
    start_django()
    from displace.web.accounts.actions import activate_user, user_named

    activate_user(user_named(username))
    click.echo(f"{username} can sign in again.")
