"""The `displace` command: parse arguments, call the library, print. No logic of its own."""

from __future__ import annotations

import sys

import click

from displace.core.errors import DisplaceError

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="displace")
def cli() -> None:
    """Displace: win customers away from an incumbent supplier."""


def _register() -> None:
    # Each command lives in its own module, named after what it does.
    from displace.cli import analyze, demo
    from displace.cli import assess as assess_command

    cli.add_command(analyze.command)
    cli.add_command(demo.command)
    cli.add_command(assess_command.command)
    from displace.cli import createuser, export_deal, import_deal, serve, teach, worker

    for web_command in (serve, createuser, import_deal, export_deal, teach, worker):
        cli.add_command(web_command.command)
    from displace.cli import activate, deactivate, digest, passwd, unlock

    for account_command in (passwd, deactivate, activate, unlock, digest):
        cli.add_command(account_command.command)
    from displace.cli import backup, export_team, import_team, migrate, restore

    for operations_command in (backup, restore, export_team, import_team, migrate):
        cli.add_command(operations_command.command)
    from displace.cli import export_deals, import_deals

    for crm_command in (import_deals, export_deals):
        cli.add_command(crm_command.command)
    from displace.cli import close, reopen

    for outcome_command in (close, reopen):
        cli.add_command(outcome_command.command)
    from displace.cli import calibrate

    cli.add_command(calibrate.command)


def main() -> None:
    """Entry point: user errors become one line on stderr and exit status 2."""
    _register()
    try:
        # Without standalone mode click returns a command's exit code instead of exiting.
        result = cli.main(standalone_mode=False)
        if isinstance(result, int) and result:
            sys.exit(result)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except DisplaceError as exc:
        click.echo(f"displace: {exc}", err=True)
        sys.exit(2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
