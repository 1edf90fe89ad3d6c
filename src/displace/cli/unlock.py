"""`displace unlock`: lift a sign-in lock-out before its time runs out."""

from __future__ import annotations

import click

from displace.web.bootstrap import start_django

__all__ = ["command"]


@click.command("unlock")
@click.argument("username", required=False, default="")
@click.option("--address", default="", help="Unlock an IP address instead of (or as well as) "
              "an account.")
def command(username: str, address: str) -> None:
    """Let USERNAME (or --address) try to sign in again after too many wrong passwords."""
    start_django()
    from displace.web.accounts.actions import unlock

    cleared = unlock(username=username, address=address)
    who = " and ".join(part for part in (username, address) if part)
    click.echo(f"Unlocked {who} ({cleared} failed attempt record(s) cleared).")
