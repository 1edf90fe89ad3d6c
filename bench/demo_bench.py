"""The demo team's bench: how long `displace serve --demo` takes on a fresh data folder before
it prints the logins, split into creating the database (migrations) and loading the demo
story; wall time and CPU time, since CPU time stays put on a busy machine.

Each run is a child process with a data folder of its own (SQLite), as `make run` starts. The
calls' analysis is not in it: it runs in the background jobs after start-up.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile

__all__ = ["RUNS", "run"]

RUNS = 3

CHILD = """
import json, os, resource, time
def cpu():
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime
started, cpu0 = time.perf_counter(), cpu()
from displace.web.bootstrap import start_django
start_django()
migrated, cpu1 = time.perf_counter(), cpu()
from displace.web.demo import load_demo_team
load_demo_team()
loaded, cpu2 = time.perf_counter(), cpu()
from displace.web.deals.models import Deal, StageSnapshot
from displace.web.conversations.models import Conversation
print(json.dumps({"migrate": migrated - started, "migrate_cpu": cpu1 - cpu0,
                  "load": loaded - migrated, "load_cpu": cpu2 - cpu1,
                  "deals": Deal.objects.count(), "snapshots": StageSnapshot.objects.count(),
                  "calls": Conversation.objects.count()}))
"""


def _once() -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="displace-demo-bench-") as folder:
        env = {k: v for k, v in os.environ.items()
               if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DISPLACE_JOBS_INLINE")}
        env["DISPLACE_DATA_DIR"] = folder
        done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True,
                              text=True, check=True)
        figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
        return figures


def run(runs: int = RUNS) -> list[str]:
    """Time `runs` fresh start-ups; the lines to print (medians)."""
    found = [_once() for _ in range(runs)]

    def median(key: str) -> float:
        return statistics.median(f[key] for f in found)

    first = found[0]
    return [
        f"demo bench: `displace serve --demo` on a fresh data folder, median of {runs} "
        f"({first['deals']:.0f} deals, {first['snapshots']:.0f} stage snapshots, "
        f"{first['calls']:.0f} calls queued for analysis)",
        f"  migrations     {median('migrate'):6.1f} s   CPU {median('migrate_cpu'):6.1f} s",
        f"  demo story     {median('load'):6.1f} s   CPU {median('load_cpu'):6.1f} s",
        f"  until logins   {median('migrate') + median('load'):6.1f} s   CPU "
        f"{median('migrate_cpu') + median('load_cpu'):6.1f} s",
    ]


if __name__ == "__main__":
    print("\n".join(run()))
