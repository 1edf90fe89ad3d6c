"""`displace migrate`: bring the database to this Displace's schema (after an upgrade)."""

from __future__ import annotations

import click

from displace.web.bootstrap import start_django

__all__ = ["command"]


@click.command("migrate")
def command() -> None:
    """Apply the migrations this version has and the database lacks; every other command
    (serve included) does the same as it starts, but a WSGI server does not."""
    start_django(migrate=False)
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    call_command("migrate", interactive=False, verbosity=0)
    if not plan:
        click.echo("The database is up to date.")
        return
    click.echo(f"Applied {len(plan)} migration(s): "
               + ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in plan) + ".")
