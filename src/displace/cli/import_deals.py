"""`displace import-deals FILE --from CRM`: a CRM's deal export into a team's pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from displace.core.crm import CRMS, FIELDS
from displace.core.errors import DisplaceError
from displace.core.files import read_limited
from displace.core.limits import limit
from displace.web.bootstrap import start_django

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from displace.web.accounts.models import Team
    from displace.web.crm.actions import Stored
    from displace.web.crm.planning import Plan

__all__ = ["command"]


@click.command("import-deals")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--from", "crm", required=True, type=click.Choice(CRMS),
              help="The CRM that wrote the file (its columns and stages).")
@click.option("--team", default="", help="The team the deals go to; needed when there are "
              "several (default: --owner's team).")
@click.option("--owner", default="", help="Username who owns rows naming nobody on the team.")
@click.option("--stage-map", "stage_map", multiple=True, metavar="CRMSTAGE=stage",
              help="Map a CRM stage to a Displace stage (repeat for several).")
@click.option("--column", "columns", multiple=True, metavar="field=Header",
              help=f"Read a field from another column ({', '.join(FIELDS)}); 'field=' for none.")
@click.option("--industry", default="",
              help="Catalogue industry of rows naming none (default: other, general B2B).")
@click.option("--currency", type=click.Choice(["VND", "USD"]), default=None,
              help="Currency of amounts naming none (default: USD).")
@click.option("--good-rows", is_flag=True, help="Import the rows without errors when some "
              "have errors (otherwise nothing is stored).")
@click.option("--dry-run", is_flag=True, help="Show the preview; store nothing.")
@click.option("--lang", type=click.Choice(["en", "vi"]), default="en",
              help="Language of the messages and of the new deals.")
def command(file: Path, crm: str, team: str, owner: str, stage_map: tuple[str, ...],
            columns: tuple[str, ...], industry: str, currency: str | None, good_rows: bool,
            dry_run: bool, lang: str) -> int:
    """Read FILE (CSV as the CRM or a spreadsheet wrote it), show what it becomes, and store its
    deals in one transaction: a deal imported before is updated, not added twice. Exit status
    2 when the file has errors and nothing was stored."""
    content = _read(file)
    start_django()
    from django.utils import translation

    from displace.web.crm.planning import Choices, plan_import

    default_owner = _user(owner) if owner else None
    chosen_team = _team(team, default_owner)
    choices = Choices(crm=crm, columns=_pairs(columns, "--column", allow_empty=True),
                      stages=_pairs(stage_map, "--stage-map"), default_owner=default_owner,
                      industry=industry, currency=currency or "")
    from displace.web.crm.actions import check_choices

    with translation.override(lang):
        check_choices(choices, team=chosen_team, by=None)
        plan = plan_import(content, file.name, choices, team=chosen_team, by=None,
                           language=lang)
    console = Console(stderr=True, highlight=False)
    _show(console, plan)
    if plan.errors and not good_rows:
        return _refuse(plan, dry_run)
    if dry_run or not plan.rows:
        click.echo("Dry run: nothing was stored." if dry_run else "No row to import.")
        return 0
    stored = _store(console, plan, lang)
    click.echo(f"Imported {stored.created} new deal(s) and updated {stored.updated} into team "
               f"{chosen_team.name}; {stored.unchanged} unchanged"
               + (f", {plan.bad_rows} row(s) with errors left out" if plan.errors else "")
               + ". Their assessments are computed by the job worker.")
    return 0


def _read(file: Path) -> bytes:
    return read_limited(file, limit("crm.bytes"), "CSV file of deals")


def _show(console: Console, plan: Plan) -> None:
    console.print(f"[bold]{plan.file_name}[/] ({plan.choices.crm}, team {plan.team.name}): "
                  f"{plan.total} row(s): {plan.new} new, {plan.updated} update(s), "
                  f"{len(plan.errors)} error(s) in {plan.bad_rows} row(s)")
    columns = Table("Field", "Column in the file", title="Columns", title_justify="left")
    for field in FIELDS:
        columns.add_row(field, plan.columns.get(field) or "—")
    console.print(columns)
    if plan.stages:
        stages = Table("CRM stage", "Displace stage", title="Stages", title_justify="left")
        for crm_stage, stage in plan.stages.items():
            stages.add_row(crm_stage, stage or "[red]unknown[/]")
        console.print(stages)
    for error in plan.errors:  # one line each, as a script can grep them
        click.echo(f"{plan.file_name}: line {error.line}" + (f", {error.field}" if error.field
                   else "") + f": {error.message}", err=True)


def _refuse(plan: Plan, dry_run: bool) -> int:
    what = "Dry run" if dry_run else "Nothing was stored"
    click.echo(f"displace: {plan.file_name}: {len(plan.errors)} error(s) in {plan.bad_rows} "
               f"row(s). {what}; correct the file, or add --good-rows to import the "
               f"{len(plan.rows)} good row(s).", err=True)
    return 2


def _store(console: Console, plan: Plan, lang: str) -> Stored:
    from django.utils import translation

    from displace.web.crm.actions import store_plan

    columns = (TextColumn("Importing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with translation.override(lang), Progress(*columns, console=console,
                                              transient=True) as bar:
        task = bar.add_task("rows", total=len(plan.rows))
        stored = store_plan(plan, by=None, report=lambda n: bar.update(task, completed=n))
        bar.update(task, completed=len(plan.rows))
    return stored


def _pairs(values: tuple[str, ...], option: str, *, allow_empty: bool = False
           ) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for value in values:
        key, equals, target = value.partition("=")
        if not equals or not key.strip() or not (target.strip() or allow_empty):
            raise DisplaceError(f"{option} {value!r}: expected NAME=VALUE")
        pairs[key.strip()] = target.strip()
    return pairs


def _user(username: str) -> User:
    from django.contrib.auth.models import User

    found = User.objects.filter(username=username).first()
    if found is None:
        raise DisplaceError(f"--owner {username!r}: no such user; create it with "
                            "displace createuser")
    return found


def _team(name: str, owner: User | None) -> Team:
    """The team named, else the owner's, else the workspace's only team."""
    from displace.web.accounts.models import Profile, Team

    if name:
        found = Team.objects.filter(name=" ".join(name.split())).first()
        if found is None:
            raise DisplaceError(f"--team {name!r}: no such team")
        return found
    if owner is not None:
        profile = Profile.objects.filter(user=owner).select_related("team").first()
        if profile is not None and profile.team is not None:
            return profile.team
    teams = list(Team.objects.order_by("name")[:2])
    if len(teams) != 1:
        raise DisplaceError("--team: name the team the deals go to" + (
            "; the workspace has no team yet" if not teams else ", the workspace has several"))
    return teams[0]
