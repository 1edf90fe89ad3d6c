"""`displace serve`: start the team web app (SQLite in the data dir unless DATABASE_URL is set)."""

from __future__ import annotations

import click

from displace.web.bootstrap import start_django

__all__ = ["command"]


@click.command("serve")
@click.option("--demo", is_flag=True, help="Load the demo team into an empty database.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--host", default="127.0.0.1", show_default=True)
def command(demo: bool, port: int, host: str) -> None:
    """Start the web app; the first start creates and migrates the database."""
    data_dir = start_django()
    from django.core.management import call_command

    if demo:
        from displace.web.demo import demo_logins, load_demo_team

        loaded = load_demo_team()
        click.echo("Demo team loaded." if loaded
                   else "The database already has people; demo data left as is.")
        for login in demo_logins():
            click.echo(f"  {login.role:8} {login.username} / {login.password}")
    click.echo(f"Data: {data_dir}")
    click.echo(f"Displace is at http://{host}:{port}/  (Ctrl+C to stop)")
    # Django's own server: enough for a self-hosted team; no extra dependency.
    call_command("runserver", f"{host}:{port}", use_reloader=False, skip_checks=True)
