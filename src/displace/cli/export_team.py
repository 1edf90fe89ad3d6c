"""`displace export-team TEAM`: everything a team owns, as one archive of open formats."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from displace.core.errors import DisplaceError
from displace.web.bootstrap import start_django

__all__ = ["command"]


@click.command("export-team")
@click.argument("team")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="The archive to write (default: displace-team-NAME-DATE.zip).")
def command(team: str, output: Path | None) -> None:
    """Write TEAM's deals, deal files, conversations, findings, follow-ups, comments, history
    and examples to a zip archive; `displace import-team` reads it."""
    start_django()
    from django.utils.text import slugify

    from displace.web.accounts.models import Team
    from displace.web.archive.bundle import write_archive_file
    from displace.web.archive.team_export import write_team_export

    found = Team.objects.filter(name=" ".join(team.split())).first()
    if found is None:
        raise DisplaceError(f"team {team!r}: no such team")
    target = output or Path(f"displace-team-{slugify(found.name) or found.pk}-"
                            f"{date.today():%Y%m%d}.zip")
    summary = write_archive_file(target, lambda writer: write_team_export(found, writer))
    shown = ", ".join(f"{n:,} {kind.replace('_', '-')}" for kind, n in summary.counts.items())
    click.echo(f"Exported team {found.name} to {target}: {shown}.")
