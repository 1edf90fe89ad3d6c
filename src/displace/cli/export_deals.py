"""`displace export-deals --to CRM`: deals as the CRM's import file, with Displace's judgement."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from displace.core.crm import CRMS
from displace.core.errors import DisplaceError, InputError
from displace.web.bootstrap import start_django

__all__ = ["command"]


@click.command("export-deals")
@click.option("--to", "crm", required=True, type=click.Choice(CRMS),
              help="The CRM whose import file to write.")
@click.option("--team", default="", help="Only this team's deals (default: every deal).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="The CSV file to write (default: standard output).")
def command(crm: str, team: str, output: Path | None) -> None:
    """Write the deals as CSV in the CRM's import shape, with Displace's win probability,
    readiness and the incumbent as extra columns. Deals imported from the same CRM keep their
    record id, so the CRM updates them."""
    start_django()
    from displace.web.accounts.models import Team
    from displace.web.crm.exporting import export_csv
    from displace.web.deals.models import Deal

    deals = Deal.objects.select_related("owner", "incumbent").defer("core", "assessment")
    if team:
        found = Team.objects.filter(name=" ".join(team.split())).first()
        if found is None:
            raise DisplaceError(f"--team {team!r}: no such team")
        deals = deals.filter(team=found)
    text = export_csv(deals.order_by("pk"), crm)
    if output is None:
        sys.stdout.buffer.write(text.encode("utf-8"))
        return
    partial = output.with_name(output.name + ".partial")
    try:
        partial.write_bytes(text.encode("utf-8"))
        partial.replace(output)  # nothing half-written under the name asked for
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InputError(f"{output}: cannot be written ({exc.strerror or exc})") from None
    click.echo(f"Wrote {deals.count()} deal(s) to {output}.", err=True)
