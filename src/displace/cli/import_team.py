"""`displace import-team FILE`: store a team's export as a team of this workspace."""

from __future__ import annotations

from pathlib import Path

import click

from displace.web.bootstrap import start_django

__all__ = ["command"]


@click.command("import-team")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--team", "team", default="",
              help="Name of the new team (default: the name in the archive).")
def command(file: Path, team: str) -> None:
    """Check FILE whole, then store all of it or nothing, into a team with no deals yet."""
    start_django()
    from displace.web.archive.actions import import_team

    summary = import_team(file, team_name=team)
    shown = ", ".join(f"{n:,} {kind.replace('_', '-')}" for kind, n in summary.counts.items()
                      if kind != "users")
    click.echo(f"Imported team {summary.team}: {shown}.")
    if summary.created_users:
        click.echo(f"Created {len(summary.created_users)} person(s), inactive and without a "
                   f"password: {', '.join(summary.created_users)}. Let each in with "
                   "`displace passwd USERNAME` and `displace activate USERNAME`.")
    if summary.matched_users:
        click.echo(f"Matched {len(summary.matched_users)} person(s) already here by username, "
                   f"left as they were: {', '.join(summary.matched_users)}.")
    if summary.matched_competitors:
        click.echo("Kept the team's own profiles of incumbents it had already: "
                   f"{', '.join(summary.matched_competitors)}.")
