"""`displace import-deal FILE`: store a deal file as a deal of a user's."""

from __future__ import annotations

from pathlib import Path

import click

from displace.core.errors import DisplaceError
from displace.web.bootstrap import start_django

__all__ = ["command"]


@click.command("import-deal")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--owner", required=True, help="Username of the rep who owns the deal.")
def command(file: Path, owner: str) -> None:
    """Validate FILE and store it; prints the new deal's id."""
    from displace.core.deal.dealfile import load_deal

    core = load_deal(file)  # a bad file fails here, before any database work
    start_django()
    from django.contrib.auth import get_user_model

    from displace.web.deals.actions import import_deal

    user = get_user_model().objects.filter(username=owner).first()
    if user is None:
        raise DisplaceError(f"--owner {owner!r}: no such user; create it with displace createuser")
    deal = import_deal(core, owner=user)
    click.echo(f"Imported deal {deal.pk}: {deal.title}")
