"""Fixtures for the browser tests: Debian's Chromium driven by Playwright, and a demo server.

The server is the real start-up path (`displace serve --demo`) on SQLite in a temporary data
folder, started afresh for each test so that every walk begins from the same demo team.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import playwright.sync_api as playwright_api  # installed with the project: never skipped
import pytest

from tests.requirements import unavailable

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 60.0


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's Chromium; a skip without it, or a failure when DISPLACE_REQUIRE_BROWSER is set."""
    if not CHROMIUM.is_file():
        unavailable(
            f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)",
            "DISPLACE_REQUIRE_BROWSER",
        )
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"displace serve exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url + "login/", timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    pytest.fail(f"displace serve did not answer within {START_TIMEOUT_S:.0f} s:\n{log.read_text()}")


@contextlib.contextmanager
def serving(data_dir: str, *arguments: str) -> Iterator[str]:
    """`displace serve` (with `arguments`) on a free port over the SQLite workspace in
    `data_dir`: its base URL once it answers; stopped on leaving."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    # SQLite on purpose, whatever the suite's database: this is `make run` as a user starts it.
    env["DISPLACE_DATA_DIR"] = data_dir
    port = _free_port()
    log = Path(data_dir) / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-c", "from displace.cli.main import main; main()",
             "serve", *arguments, "--port", str(port)],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,  # the server and its job workers: one group to stop
        )
        try:
            base = f"http://127.0.0.1:{port}/"
            _wait_until_up(base, server, log)
            yield base
        finally:
            _stop_group(server)


def _stop_group(server: subprocess.Popen[bytes]) -> None:
    """Stop the server and the job workers it started (SIGTERM to the whole group: a worker
    then stops at once rather than when it notices its parent gone), and give them up to 10 s
    to leave: a worker still finishing writes into the data folder being removed."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(server.pid, 0)  # anyone left in the group? (an unreaped exit counts)
        except ProcessLookupError:
            return
        time.sleep(0.1)


@pytest.fixture
def demo_server() -> Iterator[str]:
    """The base URL of `displace serve --demo` on a free port with a fresh SQLite data folder."""
    # A file a stopping worker wrote last must not fail the test that is over.
    with tempfile.TemporaryDirectory(prefix="displace-browser-",
                                     ignore_cleanup_errors=True) as data_dir, \
            serving(data_dir, "--demo") as base:
        yield base


@pytest.fixture
def artefacts(request: pytest.FixtureRequest) -> Path:
    """The folder for this test's screenshots: $DISPLACE_ARTEFACTS/browser/<lang>/."""
    root = Path(os.environ.get("DISPLACE_ARTEFACTS") or REPO / "test-artefacts")
    lang = getattr(request.node, "callspec", None)
    folder = root / "browser" / (lang.id if lang else request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    return folder


@pytest.fixture
def page(chromium_path: Path, tmp_path: Path) -> Iterator[playwright_api.Page]:
    """A page in a fresh Chromium profile; nothing is fetched from the network."""
    with playwright_api.sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(chromium_path),
            args=CHROMIUM_ARGS, headless=True, viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(30_000)
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()
