"""`displace serve`: start the team web app (SQLite in the data dir unless DATABASE_URL is set)."""

from __future__ import annotations

import os

import click

from displace.core.errors import DisplaceError
from displace.web.bootstrap import start_django
from displace.web.config import load_config
from displace.web.servers import SERVERS, choose_server, run

__all__ = ["command"]


@click.command("serve")
@click.option("--demo", is_flag=True, help="Load the demo team into an empty database.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--server", type=click.Choice(SERVERS), default=None,
              help="django: Django's own server, for a laptop (the default); gunicorn: "
                   "several processes, for a team (the default with DISPLACE_PRODUCTION=true).")
@click.option("--processes", type=click.IntRange(1, 64), default=None,
              help="gunicorn's processes (default: two per core plus one, at most 8).")
def command(demo: bool, port: int, host: str, server: str | None,
            processes: int | None) -> None:
    """Start the web app; the first start creates and migrates the database."""
    production = load_config(os.environ)["DISPLACE_PRODUCTION"]
    if demo and production:
        raise DisplaceError("--demo loads accounts with published passwords: it is refused "
                            "in production (DISPLACE_PRODUCTION=true).")
    chosen = choose_server(server, production=production, host=host, port=port,
                           processes=processes)
    data_dir = start_django()

    if demo:
        from displace.web.demo import demo_logins, load_demo_team

        loaded = load_demo_team()
        click.echo("Demo team loaded." if loaded
                   else "The database already has people; demo data left as is.")
        for login in demo_logins():
            click.echo(f"  {login.role:8} {login.username} / {login.password}")
    click.echo(f"Data: {data_dir}")
    click.echo(f"Server: {chosen.describe()}")
    click.echo(f"Displace is at http://{host}:{port}/  (Ctrl+C to stop)")
    from displace.web.jobs import start_worker_processes, stop_worker_processes

    # Analysis and re-assessment run in worker processes beside the server (DISPLACE_SERVE_WORKERS).
    workers = start_worker_processes(load_config(os.environ)["DISPLACE_SERVE_WORKERS"])
    try:
        run(chosen)
    finally:
        stop_worker_processes(workers)
