"""`displace teach FILE`: store a file of examples as a team's confirmed examples."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from displace.core.errors import DisplaceError
from displace.web.bootstrap import start_django

if TYPE_CHECKING:
    from displace.web.accounts.models import Team

__all__ = ["command"]


@click.command("teach")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--team", default="", help="The team taught; needed when there are several.")
@click.option("--by", "by", default="",
              help="Username of the team's manager or an admin, recorded as confirming them.")
def command(file: Path, team: str, by: str) -> None:
    """Teach the coach the examples in FILE (TOML, docs/teaching.md); all or none are stored."""
    from displace.core.coach.teaching import load_examples_file

    entries = load_examples_file(file)  # a bad file fails here, before any database work
    start_django()
    from django.contrib.auth.models import User

    from displace.web.examples.actions import import_examples, refresh_team_findings
    from displace.web.permissions import can_confirm_examples

    taught = _team(team)
    person = None
    if by:
        person = User.objects.filter(username=by).first()
        if person is None:
            raise DisplaceError(f"--by {by!r}: no such user; create it with displace createuser")
        if not can_confirm_examples(person, taught.pk):
            raise DisplaceError(f"--by {by!r}: only the team's manager or an admin confirms "
                                f"examples for {taught.name}")
    stored = import_examples(taught, entries, by=person)
    click.echo(f"Taught {len(stored)} example(s) to {taught.name}.")
    read = refresh_team_findings(taught.pk)
    click.echo(f"Read {read} conversation(s) of the team again.")


def _team(name: str) -> Team:
    """The team named, or the workspace's only team when no name is given."""
    from displace.web.accounts.models import Team

    if name:
        found = Team.objects.filter(name=name.strip()).first()
        if found is None:
            raise DisplaceError(f"--team {name!r}: no such team; a team is made with "
                                "displace createuser --team")
        return found
    teams = list(Team.objects.order_by("name")[:2])
    if len(teams) != 1:
        raise DisplaceError("--team: name the team to teach" + (
            "; the workspace has no team yet" if not teams else ", the workspace has several"))
    return teams[0]
