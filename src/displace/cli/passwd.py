"""`displace passwd`: give a person a new password (the same rules as everywhere)."""

from __future__ import annotations

import click

from displace.web.bootstrap import start_django

__all__ = ["command"]


@click.command("passwd")
@click.argument("username")
@click.option("--password", prompt="New password", hide_input=True, confirmation_prompt=True,
              help="The new password; asked for (twice, hidden) when left out.")
def command(username: str, password: str) -> None:
    """Set a user's password: at least 12 characters, not a common one, not like their name."""
    start_django()
    from displace.web.accounts.actions import set_password, user_named

    set_password(user_named(username), password)
    click.echo(f"New password set for {username}.")
