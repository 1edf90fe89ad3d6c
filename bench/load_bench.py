"""The load bench: 20 people at once against a real server on loopback, on SQLite and PostgreSQL.

`run()` builds the web bench's team database (10,000 deals, 100,000 conversations' findings) in
a temporary folder, starts `displace serve` on it (gunicorn when installed, with its own job
worker process, as a team runs it) on a free loopback port, and lets 20 clients work for a
bounded time (60 s; DISPLACE_LOAD_SECONDS shortens it) with a think time between requests
(DISPLACE_LOAD_THINK_MS, 0.5-1.5 s by default: people read a page before the next click). Reps
upload distinct small transcripts through the API, read their pipeline, deals, conversations
and the API; managers read the team pipeline, the manager view and deals. It prints p50/p95
per kind of request, the errors, and the analysis jobs done per second, with PASS or MISS
against the issue's targets (upload answered p95 < 300 ms, pages p95 < 150 ms). Then the same
on a throw-away PostgreSQL. All traffic goes to 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import importlib.util
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.postgres import postgres_binaries, throwaway_postgres

CLIENTS = 20
MANAGERS = 4  # of the clients; the others are reps
SECONDS = float(os.environ.get("DISPLACE_LOAD_SECONDS", "60"))
THINK_MS = os.environ.get("DISPLACE_LOAD_THINK_MS", "500-1500")
DRAIN_SECONDS = 120  # at most, after the load, for the queued analyses to finish
TARGETS_MS = {"upload": 300.0}  # every other kind is a page or an API read: 150 ms
PAGE_TARGET_MS = 150.0
PASSWORD = "bench-password-long"
REP_MIX = (("upload", 2), ("pipeline (rep)", 3), ("deal page", 3), ("conversation page", 2),
           ("api: deals", 2), ("api: conversation", 2))
MANAGER_MIX = (("pipeline (manager)", 3), ("manager view", 3), ("deal page", 2),
               ("api: deals", 2))


def run() -> list[str]:
    """Run the load on SQLite, then on PostgreSQL when a server can be had; lines to print."""
    low, _, high = THINK_MS.partition("-")
    lines = [f"load bench: {CLIENTS} clients ({MANAGERS} managers) for {SECONDS:.0f} s on "
             f"loopback, think time {low}-{high or low} ms; targets p95: upload < "
             f"{TARGETS_MS['upload']:.0f} ms, pages and API reads < {PAGE_TARGET_MS:.0f} ms; "
             f"{os.cpu_count()} cores, other work on the machine included"]
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    lines += _in_child(base, "SQLite")
    if postgres_binaries() is None:
        lines.append("  PostgreSQL: skipped (no server binaries under /usr/lib/postgresql)")
        return lines
    try:
        with throwaway_postgres() as url:
            lines += _in_child({**base, "DATABASE_URL": url}, "PostgreSQL")
    except (OSError, RuntimeError, subprocess.CalledProcessError) as exc:
        lines.append(f"  PostgreSQL: could not start a throw-away server ({exc})")
    return lines


def _in_child(env: dict[str, str], backend: str) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="displace-load-bench-") as data_dir:
        env = {**env, "DISPLACE_DATA_DIR": data_dir, "DISPLACE_TASK_BACKEND": "database",
               "DJANGO_SETTINGS_MODULE": "displace.web.settings"}
        for name in ("DISPLACE_DEBUG", "DISPLACE_JOBS_INLINE", "DISPLACE_PRODUCTION"):
            env.pop(name, None)
        done = subprocess.run([sys.executable, "-m", "bench.load_bench", backend], env=env,
                              capture_output=True, text=True, check=False)
    if done.returncode:
        return [f"  {backend}: failed\n{done.stdout}{done.stderr[-4000:]}"]
    return done.stdout.rstrip("\n").splitlines()


def _child(backend: str) -> None:
    """In the child process: build the team, serve it, load it, report."""
    import django

    django.setup()
    from django.core.management import call_command

    from bench import web_bench

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    web_bench._build(random.Random(4))
    people = _people()
    print(f"  {backend}: built {web_bench.DEALS:,} deals in {time.perf_counter() - start:.0f} s")
    port = _free_port()
    server = _serve(port)
    try:
        _wait_until_up(port, server)
        print(f"    server: {_describe_server()}, 1 job worker process")
        results, began = _load(port, people)
        for line in _report(results, began):
            print(line)
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()


def _people() -> dict[str, Any]:
    """A session and an API key for each client, and the deals each may read."""
    from django.contrib.auth.models import User

    from displace.web.accounts.actions import issue_api_token
    from displace.web.deals.models import Deal

    boss = User.objects.get(username="boss")
    reps = list(User.objects.filter(username__startswith="rep").order_by("username"))
    keys: dict[int, str] = {}  # one key per person: a new key replaces the person's last one
    clients = []
    for i in range(CLIENTS):
        user = boss if i < MANAGERS else reps[(i - MANAGERS) % len(reps)]
        deals = Deal.objects.filter(owner=user) if user is not boss else Deal.objects.all()
        if user.pk not in keys:
            keys[user.pk] = issue_api_token(user)
        clients.append({
            "name": user.username, "manager": user is boss, "session": _session_for(user),
            "key": keys[user.pk],
            "deals": list(deals.order_by("pk").values_list("pk", flat=True)[:200]),
        })
    return {"clients": clients}


def _session_for(user: Any) -> str:
    """A signed-in session, as the login form would leave (the bench times pages, not logins)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return str(session.session_key)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_name() -> str:
    return "gunicorn" if importlib.util.find_spec("gunicorn") else "django"


def _describe_server() -> str:
    if _server_name() == "gunicorn":
        from displace.web.servers import default_processes

        return f"gunicorn, {default_processes()} processes"
    return "Django's server"


def _serve(port: int) -> subprocess.Popen[bytes]:
    displace = Path(sys.executable).with_name("displace")
    command = [str(displace), "serve", "--host", "127.0.0.1", "--port", str(port)]
    if _server_name() == "gunicorn":
        command += ["--server", "gunicorn"]
    env = {**os.environ, "DISPLACE_SERVE_WORKERS": "1"}
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def _wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    import requests

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"displace serve exited with status {server.returncode}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError("displace serve did not answer within 120 s")


def _load(port: int, people: dict[str, Any]) -> tuple[dict[str, list[Any]], Any]:
    """Warm every client up (untimed), then run them all until the time is up; every timed
    request's kind, time and status, and when the timed part began."""
    clients = people["clients"]
    results: dict[str, list[Any]] = defaultdict(list)
    lock = threading.Lock()
    ready = threading.Barrier(len(clients) + 1)
    clock: dict[str, float] = {}
    threads = [threading.Thread(target=_client, args=(port, c, n, ready, clock, results, lock))
               for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    ready.wait(timeout=300)  # every client has been once through its kinds of request
    from django.utils import timezone

    began = timezone.now()
    clock["stop_at"] = time.monotonic() + SECONDS
    ready.wait(timeout=60)
    for thread in threads:
        thread.join(SECONDS + 120)
    return results, began


def _client(port: int, who: dict[str, Any], n: int, ready: threading.Barrier,
            clock: dict[str, float], results: dict[str, list[Any]],
            lock: threading.Lock) -> None:
    import requests

    rng = random.Random(n)
    low, _, high = THINK_MS.partition("-")
    think = (int(low) / 1000, int(high or low) / 1000)
    http = requests.Session()
    http.cookies.set("sessionid", who["session"])
    state: dict[str, Any] = {"conversations": [], "uploads": 0}
    mix = MANAGER_MIX if who["manager"] else REP_MIX
    kinds, weights = [k for k, _ in mix], [w for _, w in mix]
    # Untimed: each server process loads its code and fills its caches on first use.
    for kind in sorted(kinds, key=lambda k: k != "upload"):
        _request(port, http, who, n, kind, rng, state)
    ready.wait(timeout=300)
    ready.wait(timeout=60)  # the clock has started
    time.sleep(rng.uniform(0, think[1]))  # people do not all click at the same instant
    while time.monotonic() < clock["stop_at"]:
        kind = rng.choices(kinds, weights)[0]
        timed = _request(port, http, who, n, kind, rng, state)
        with lock:
            results[timed[0]].append(timed[1:])
        time.sleep(rng.uniform(*think))


def _request(port: int, http: Any, who: dict[str, Any], n: int, kind: str,
             rng: random.Random, state: dict[str, Any]) -> tuple[Any, ...]:
    """Make one request of `kind`; (kind, milliseconds, status, the answer's start, url)."""
    import requests

    conversations = state["conversations"]
    if kind in ("conversation page", "api: conversation") and not conversations:
        kind = "upload"
    deal = rng.choice(who["deals"])
    method, url, body = "GET", "", None
    if kind == "upload":
        state["uploads"] += 1
        method, url = "POST", f"/api/deals/{deal}/conversations"
        body = {"text": _transcript(f"{who['name']}-{n}-{state['uploads']}"),
                "title": "Load call"}
    elif kind.startswith("pipeline"):
        url = "/"
    elif kind == "manager view":
        url = "/manager/"
    elif kind == "deal page":
        url = f"/deals/{deal}/"
    elif kind == "conversation page":
        url = f"/conversations/{rng.choice(conversations)}/"
    elif kind == "api: deals":
        url = "/api/deals?limit=50"
    else:
        url = f"/api/conversations/{rng.choice(conversations)}"
    headers = {"Authorization": f"Bearer {who['key']}"} if url.startswith("/api/") else {}
    start = time.perf_counter()
    try:
        response = http.request(method, f"http://127.0.0.1:{port}{url}", json=body,
                                headers=headers, timeout=60)
        status, detail = response.status_code, response.text[:200]
    except requests.RequestException as exc:
        status, detail = 0, str(exc)[:200]
    elapsed = (time.perf_counter() - start) * 1000
    if kind == "upload" and status == 201:
        conversations.append(response.json()["id"])
    return kind, elapsed, status, detail, url


def _transcript(tag: str) -> str:
    """A short, distinct call: the same wording each time but for its reference line."""
    return "\n".join([
        f"Rep: Thanks for your time today. Reference {tag}.",
        "Prospect: We have been with Northern Bank for six years; generally fine.",
        "Rep: How do you forecast cash before payroll?",
        "Prospect: Honestly, nobody there has called us in two years.",
        "Rep: We can lower your fees and raise your credit line.",
        "Prospect: Let me think about it and call you next week.",
    ])


def _report(results: dict[str, list[Any]], began: Any) -> list[str]:
    lines, errors, total = [], [], 0
    for kind in sorted(results):
        timings = results[kind]
        total += len(timings)
        ok = [ms for ms, status, _, _ in timings if 200 <= status < 400]
        errors += [(kind, status, detail, url) for _, status, detail, url in timings
                   if not 200 <= status < 400]
        if len(ok) < 2:
            lines.append(f"    {kind:20} n={len(timings):5}  too few answers")
            continue
        target = TARGETS_MS.get(kind, PAGE_TARGET_MS)
        p50, p95 = statistics.median(ok), statistics.quantiles(ok, n=20)[-1]
        verdict = "PASS" if p95 < target else "MISS"
        lines.append(f"    {kind:20} n={len(timings):5}  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
                     f"target {target:.0f} ms  {verdict}")
    lines.insert(0, f"    {total} requests in {SECONDS:.0f} s, {len(errors)} errors")
    for kind, status, detail, url in errors[:5]:
        lines.append(f"    error: {kind} {url} -> {status or 'no answer'}: {detail!r}")
    return lines + _jobs(began)


def _jobs(began: Any) -> list[str]:
    """The analysis jobs: how many ran during the load, per second, and the queue after it."""
    from django_tasks_db.models import DBTaskResult

    from displace.web.conversations.models import AnalysisState, Conversation

    uploaded = Conversation.objects.filter(created_at__gte=began)
    deadline = time.monotonic() + DRAIN_SECONDS
    while (time.monotonic() < deadline and uploaded.filter(
            analysis_state__in=[AnalysisState.QUEUED, AnalysisState.RUNNING]).exists()):
        time.sleep(1)
    drained = DRAIN_SECONDS - max(0.0, deadline - time.monotonic())
    window_end = began.timestamp() + SECONDS
    finished = [j for j in DBTaskResult.objects.filter(enqueued_at__gte=began)
                if j.finished_at is not None]
    in_window = [j for j in finished if j.finished_at.timestamp() <= window_end]
    waits = [(j.finished_at - j.enqueued_at).total_seconds() for j in finished]
    states = dict.fromkeys(AnalysisState.values, 0)
    for state in uploaded.values_list("analysis_state", flat=True):
        states[state] += 1
    lines = [f"    jobs: {len(in_window)} finished during the load, "
             f"{len(in_window) / SECONDS:.2f} jobs/s (analyses and re-assessments); "
             f"uploads {states}; queue empty {drained:.0f} s after the load"]
    if len(waits) >= 2:
        lines.append(f"    job enqueued -> finished: p50 {statistics.median(waits):.1f} s, "
                     f"p95 {statistics.quantiles(waits, n=20)[-1]:.1f} s")
    return lines


if __name__ == "__main__":
    if len(sys.argv) > 1:
        _child(sys.argv[1])
    else:
        print("\n".join(run()))
