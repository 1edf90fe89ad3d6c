"""`displace calibrate`: the calibration report of a team, and the refit of its weights."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from displace.core.errors import DisplaceError
from displace.web.bootstrap import start_django

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from displace.web.accounts.models import Team

__all__ = ["command"]


@click.command("calibrate")
@click.option("--team", default="", help="The team; needed when the workspace has several.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="A table for people, or JSON (the API's keys).")
@click.option("--lang", type=click.Choice(["en", "vi"]), default="en", show_default=True,
              help="Language of the labels, warnings and explanations.")
@click.option("--refit", is_flag=True,
              help="Refit the team's weights on its closed deals; stored as a proposal.")
@click.option("--accept", is_flag=True,
              help="With --refit: put the refitted weights in use (re-assesses open deals).")
@click.option("--by", "by", default="", help="Username of the admin recorded as refitting.")
def command(team: str, fmt: str, lang: str, refit: bool, accept: bool, by: str) -> None:
    """Score the reps' and the evidence's forecasts over the team's closed deals (Brier score,
    log loss, reliability bins), or refit the evidence model's weights on them (--refit)."""
    if accept and not refit:
        raise click.UsageError("--accept goes with --refit: it accepts the weights just refitted")
    start_django()
    from displace.core.forecast import ForecastError, render_refit_text, render_text
    from displace.web.forecast import actions
    from displace.web.forecast.reports import CALIBRATION

    chosen = _team(team)
    if not refit:
        report = CALIBRATION.refresh(chosen.pk)  # computed now (and kept for the pages)
        click.echo(json.dumps(report.to_dict(lang), ensure_ascii=False, indent=2)
                   if fmt == "json" else render_text(report, lang), nl=fmt == "json")
        return
    person = _admin(by)
    try:
        version = actions.propose_refit(chosen, by=person)
    except ForecastError as exc:
        raise DisplaceError(exc.in_language(lang)) from None
    if accept:
        actions.accept_version(version, by=person)
    if fmt == "json":
        click.echo(json.dumps({"team": chosen.name, "version": version.number,
                               "accepted": accept, **version.scores}, ensure_ascii=False,
                              indent=2))
        return
    click.echo(f"{chosen.name}: weights refitted on {version.scores['n']} closed deals "
               f"({version.scores['won']} won).")
    click.echo(render_refit_text(version.scores, lang), nl=False)
    click.echo(f"Version {version.number} is in use; the open deals are being re-assessed."
               if accept else
               f"Stored as version {version.number}, not in use: accept it on the team's "
               "weights page, or refit with --accept.")


def _team(name: str) -> Team:
    """The team named, or the workspace's only team when no name is given."""
    from displace.web.accounts.models import Team

    if name:
        found = Team.objects.filter(name=name.strip()).first()
        if found is None:
            raise DisplaceError(f"--team {name!r}: no such team")
        return found
    teams = list(Team.objects.order_by("name")[:2])
    if len(teams) != 1:
        raise DisplaceError("--team: name the team" + (
            "; the workspace has no team yet" if not teams else ", the workspace has several"))
    return teams[0]


def _admin(username: str) -> User | None:
    """The admin named by --by (recorded with the refit); None: the command line itself."""
    if not username:
        return None
    from django.contrib.auth.models import User

    from displace.web.permissions import is_admin

    person = User.objects.filter(username=username).first()
    if person is None:
        raise DisplaceError(f"--by {username!r}: no such user")
    if not is_admin(person):
        raise DisplaceError(f"--by {username!r}: only an admin refits a team's weights")
    return person
