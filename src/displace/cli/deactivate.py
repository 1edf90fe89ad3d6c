"""`displace deactivate`: stop a person signing in, at once and everywhere."""

from __future__ import annotations

import click

from displace.web.bootstrap import start_django

__all__ = ["command"]


@click.command("deactivate")
@click.argument("username")
def command(username: str) -> None:
    """Deactivate a user: their sessions end and their API key stops working."""
    start_django()
    from displace.web.accounts.actions import deactivate_user, user_named

    deactivate_user(user_named(username))
    click.echo(f"{username} is deactivated.")
