"""`displace reopen DEAL_ID --stage gap`: open a closed deal again."""

from __future__ import annotations

import click

from displace.core.errors import DisplaceError
from displace.web.bootstrap import start_django

__all__ = ["command"]

OPEN_STAGES = ("discovery", "gap", "vision", "commitment", "proposal")


@click.command("reopen")
@click.argument("deal_id", type=int)
@click.option("--stage", required=True, type=click.Choice(OPEN_STAGES),
              help="The stage it is open at again.")
@click.option("--as", "as_user", default="", metavar="USER",
              help="Who reopens it: the deal's owner (the default), a manager of its team or "
                   "an admin.")
def command(deal_id: int, stage: str, as_user: str) -> None:
    """Reopen closed deal DEAL_ID at STAGE; its closing stays in the deal's history."""
    start_django()
    from displace.cli.close import acting_person, stored_deal
    from displace.web.deals.actions import reopen_deal
    from displace.web.deals.outcomes import ClosingError

    deal = stored_deal(deal_id)
    person = acting_person(deal, as_user)
    try:
        reopen_deal(deal, stage=stage, by=person)
    except ClosingError as exc:
        raise DisplaceError(f"deal {deal_id}: {exc}") from None
    click.echo(f"Reopened deal {deal.pk} ({deal.title}) at {stage}.")
