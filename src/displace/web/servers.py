"""The servers `displace serve` runs: Django's own for a laptop, gunicorn for a team.

Django's development server is one process, reloads nothing and is documented as unfit for
production; gunicorn runs several processes of `displace.web.wsgi` with threads in each, so a
long request does not hold up the others, and restarts a process that dies.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from displace.core.errors import DisplaceError

__all__ = ["SERVERS", "Server", "choose_server", "run"]

SERVERS = ("django", "gunicorn")
THREADS_PER_PROCESS = 4
# A request that takes longer than this is stuck (uploads are checked and analysed well inside).
REQUEST_TIMEOUT_S = 120


@dataclass(frozen=True)
class Server:
    """Which server runs, on which address, with how many processes."""

    name: str
    host: str
    port: int
    processes: int = 1

    def describe(self) -> str:
        """One line for the terminal: which server runs, and how."""
        if self.name == "gunicorn":
            from gunicorn import __version__

            return (f"gunicorn {__version__} running displace.web.wsgi: {self.processes} "
                    f"process(es) × {THREADS_PER_PROCESS} threads")
        return ("Django's development server (one process, for a laptop; a team server runs "
                "--server gunicorn)")


def default_processes() -> int:
    """gunicorn's advice, two per core plus one, with at most 8 (each loads the coach)."""
    return min(2 * (os.cpu_count() or 1) + 1, 8)


def choose_server(name: str | None, *, production: bool, host: str, port: int,
                  processes: int | None) -> Server:
    """The server to run: asked for, or gunicorn in production and Django's own otherwise."""
    chosen = name or ("gunicorn" if production else "django")
    if chosen == "django" and production:
        raise DisplaceError("Django's development server is not for production "
                            "(DISPLACE_PRODUCTION=true): use --server gunicorn.")
    if chosen == "gunicorn" and not _has_gunicorn():
        raise DisplaceError("gunicorn is not installed (it runs on Linux and macOS); "
                            "use --server django on this system.")
    count = (processes or default_processes()) if chosen == "gunicorn" else 1
    return Server(chosen, host, port, count)


def _has_gunicorn() -> bool:
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True


def run(server: Server) -> None:
    """Serve until stopped (Ctrl+C or a signal); Django must be set up already."""
    if server.name == "gunicorn":
        _run_gunicorn(server)
        return
    from django.core.management import call_command

    call_command("runserver", f"{server.host}:{server.port}", use_reloader=False,
                 skip_checks=True)


def _run_gunicorn(server: Server) -> None:
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    host = f"[{server.host}]" if ":" in server.host else server.host
    options: dict[str, Any] = {
        "bind": f"{host}:{server.port}",
        "workers": server.processes,
        "worker_class": "gthread",
        "threads": THREADS_PER_PROCESS,
        "timeout": REQUEST_TIMEOUT_S,
        # Errors to stderr; no access log, whose lines would hold calendar feed secrets (the
        # proxy in front keeps its own).
        "errorlog": "-",
        "accesslog": None,
        # No control socket in the home folder: two servers on one machine would share it.
        "control_socket_disable": True,
    }

    class Application(BaseApplication):  # type: ignore[misc]  # gunicorn has no types
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from displace.web.wsgi import application

            return application

    # The processes gunicorn forks must not share this one's database connection.
    connections.close_all()
    Application().run()
