"""A throw-away PostgreSQL server for the benchmarks, from the machine's own binaries.

The same recipe as `.ci/run`: `initdb` in a temporary folder, a free loopback port, trust
authentication, stopped and removed afterwards. As root, the server runs as the `postgres` user.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["postgres_binaries", "throwaway_postgres"]


def postgres_binaries() -> Path | None:
    """The newest PostgreSQL bin folder under /usr/lib/postgresql, if any."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a server, yield its DATABASE_URL, stop it and remove its files."""
    bin_dir = postgres_binaries()
    if bin_dir is None:
        raise RuntimeError("no PostgreSQL binaries under /usr/lib/postgresql")
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    folder = Path(tempfile.mkdtemp(prefix="displace-bench-pg-"))
    if as_root:
        shutil.chown(folder, user="postgres")
    port = _free_port()
    data = folder / "data"

    def pg(*args: str) -> None:
        subprocess.run([*prefix, *args], check=True, capture_output=True)

    try:
        pg(str(bin_dir / "initdb"), "-D", str(data), "-U", "displace", "--auth=trust",
           "--encoding=UTF8", "--no-locale")
        pg(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "start",
           "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1")
        try:
            pg(str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "displace",
               "displace")
            yield f"postgres://displace@127.0.0.1:{port}/displace"
        finally:
            pg(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
