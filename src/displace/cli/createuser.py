"""`displace createuser`: add a person who can sign in to the web app."""

from __future__ import annotations

import click

from displace.web.bootstrap import start_django

__all__ = ["command"]


@click.command("createuser")
@click.argument("username")
@click.option("--role", type=click.Choice(["rep", "manager", "admin"]), default="rep",
              show_default=True)
@click.option("--team", default="", help="Team name; created if new.")
@click.option("--language", type=click.Choice(["en", "vi"]), default=None)
@click.option("--email", default="", help="E-mail address (matches the owner of CRM deals).")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def command(username: str, role: str, team: str, language: str | None, email: str,
            password: str) -> None:
    """Create a user with a role and a team."""
    start_django()
    from displace.web.accounts.actions import create_user

    create_user(username, password, role=role, team=team, language=language or "", email=email)
    click.echo(f"Created {role} {username}" + (f" on team {team}" if team else "") + ".")
