"""`displace export-deal ID`: print a stored deal as a deal file."""

from __future__ import annotations

import click

from displace.core.errors import DisplaceError
from displace.web.bootstrap import start_django

__all__ = ["command"]


@click.command("export-deal")
@click.argument("deal_id", type=int)
def command(deal_id: int) -> None:
    """Print the deal's TOML deal file on stdout."""
    start_django()
    from displace.core.deal.dealfile import deal_from_dict, deal_to_toml
    from displace.web.deals.models import Deal

    deal = Deal.objects.filter(pk=deal_id).first()
    if deal is None:
        raise DisplaceError(f"deal {deal_id}: no such deal")
    click.echo(deal_to_toml(deal_from_dict(deal.core)), nl=False)
