"""`displace close DEAL_ID --outcome won|lost|no_decision --reason CODE`: close a deal."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from displace.core.errors import DisplaceError
from displace.core.outcomes import COUNTER_MOVES, COUNTERED, LOST_TO, OUTCOMES
from displace.web.bootstrap import start_django

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from displace.web.deals.models import Deal

__all__ = ["acting_person", "command", "stored_deal"]


@click.command("close")
@click.argument("deal_id", type=int)
@click.option("--outcome", required=True, type=click.Choice(OUTCOMES), help="How it ended.")
@click.option("--reason", required=True, metavar="CODE",
              help="A code of the team's reasons for this outcome (docs/outcomes.md).")
@click.option("--note", default="", help="What happened, in your words.")
@click.option("--countered", type=click.Choice(COUNTERED), default=None,
              help="For a loss: whether the incumbent countered.")
@click.option("--counter-move", "counter_move", type=click.Choice(COUNTER_MOVES), default=None,
              help="For a loss: how the incumbent countered.")
@click.option("--lost-to", "lost_to", type=click.Choice(LOST_TO), default=None,
              help="For a loss: who won the deal.")
@click.option("--as", "as_user", default="", metavar="USER",
              help="Who closes it: the deal's owner (the default), a manager of its team or "
                   "an admin.")
def command(deal_id: int, outcome: str, reason: str, note: str, countered: str | None,
            counter_move: str | None, lost_to: str | None, as_user: str) -> None:
    """Close deal DEAL_ID as won, lost or no decision, with the reason; a wrong field is
    named on one line, exit status 2, and nothing is stored."""
    start_django()
    from displace.web.deals.actions import close_deal
    from displace.web.deals.outcomes import ClosingError

    deal = stored_deal(deal_id)
    person = acting_person(deal, as_user)
    loss = {"countered": countered, "counter_move": counter_move, "lost_to": lost_to}
    try:
        close_deal(deal, outcome, reason=reason, note=note, by=person,
                   **{key: value for key, value in loss.items() if value})
    except ClosingError as exc:
        raise DisplaceError(f"deal {deal_id}: {exc}") from None
    click.echo(f"Closed deal {deal.pk} ({deal.title}) as {outcome}: {reason}.")


def stored_deal(deal_id: int) -> Deal:
    """The deal with this id, or a one-line error."""
    from displace.web.deals.models import Deal

    deal = Deal.objects.select_related("owner", "team").filter(pk=deal_id).first()
    if deal is None:
        raise DisplaceError(f"deal {deal_id}: no such deal")
    return deal


def acting_person(deal: Deal, username: str) -> User:
    """Who acts on the deal: the user named (who must be allowed to), else its owner."""
    from django.contrib.auth.models import User

    from displace.web.permissions import can_close_deal

    if not username:
        return deal.owner
    person = User.objects.filter(username=username).first()
    if person is None or not person.is_active:
        raise DisplaceError(f"--as {username!r}: no such active user")
    if not can_close_deal(person, deal):
        raise DisplaceError(f"--as {username!r}: only the deal's owner, a manager of its team "
                            "or an admin closes or reopens it")
    return person
