"""`displace restore FILE`: bring a backup back into an empty database and data folder."""

from __future__ import annotations

from pathlib import Path

import click

from displace.web.bootstrap import start_django

__all__ = ["command"]


@click.command("restore")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def command(file: Path) -> None:
    """Check FILE whole, then restore all of it or nothing; refuses a target holding data."""
    data_dir = start_django(migrate=False)  # the backup's own schema first, then this one's
    from displace.web.archive.actions import restore_backup

    summary = restore_backup(file)
    click.echo(f"Restored {sum(summary.records.values()):,} records and {summary.files:,} "
               f"file(s) from {file} into {data_dir}.")
    if summary.upgraded:
        click.echo(f"Applied {summary.upgraded} migration(s) newer than the backup.")
