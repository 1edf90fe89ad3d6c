"""`displace serve` says which server it runs; `--server gunicorn` serves the app for a team."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.cli.test_web_commands import DISPLACE

START_TIMEOUT_S = 60.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving(tmp_path: Path, *args: str) -> Iterator[tuple[str, Path]]:
    """`displace serve … ARGS` on a free port and a fresh SQLite folder, until the block ends;
    yields the base URL and the file with everything it printed."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE") and not k.startswith("DISPLACE_")}
    env.update(DISPLACE_DATA_DIR=str(tmp_path / "data"), DISPLACE_SERVE_WORKERS="0")
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen([str(DISPLACE), "serve", "--port", str(port), *args],
                                  env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}/"
            _wait_for(url, server, log)
            yield url, log
        finally:
            _stop(server)


def _wait_for(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(url + "healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no answer within {START_TIMEOUT_S:.0f} s:\n{log.read_text()}")


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def test_it_serves_the_app_with_gunicorn_and_says_so(tmp_path: Path) -> None:
    with serving(tmp_path, "--server", "gunicorn", "--processes", "2") as (url, log):
        page = urllib.request.urlopen(url + "login/", timeout=10)
        with page:
            assert page.status == 200
            assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    output = log.read_text()
    assert "Server: gunicorn" in output and "2 process(es)" in output, output
    assert "Traceback" not in output, output


def test_it_says_it_runs_djangos_server_by_default(tmp_path: Path) -> None:
    with serving(tmp_path) as (_url, log):
        pass
    assert "Server: Django's development server" in log.read_text()
