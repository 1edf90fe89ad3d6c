"""`displace backup`: a consistent copy of the database and the stored files, while the app runs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from displace.web.bootstrap import start_django

__all__ = ["command"]


@click.command("backup")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="The archive to write (default: displace-backup-DATE.zip).")
def command(output: Path | None) -> None:
    """Write every record and stored file to one zip archive; `displace restore` reads it."""
    start_django(migrate=False)  # a backup copies the database as it is, never changes it
    from displace.web.archive.backup import check_schema_current, write_backup
    from displace.web.archive.bundle import write_archive_file

    check_schema_current()
    target = output or Path(f"displace-backup-{datetime.now():%Y%m%d-%H%M%S}.zip")
    summary = write_archive_file(target, write_backup)
    click.echo(f"Backed up {sum(summary.records.values()):,} records of "
               f"{sum(1 for n in summary.records.values() if n)} kinds and {summary.files:,} "
               f"file(s) to {target} ({target.stat().st_size:,} bytes).")
