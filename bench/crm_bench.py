"""The CRM import bench: a 10,000-row HubSpot deals export, previewed and imported.

`run()` starts a child process on a fresh SQLite data folder (Django's settings are fixed once
per process), which builds a team of 25 reps, writes a HubSpot-style export as HubSpot writes
it (UTF-8 with a byte-order mark, amounts with thousands separators, stage labels, owners by
e-mail), then times, in-process, the preview (reading, mapping and checking every row) and the
import (every row stored in one transaction), against the target of 30 s for both. It also
times a re-import of the same file (every row found, nothing changed) and the assessment of
the imported deals, which runs afterwards in background jobs.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import tempfile
import time

ROWS = 10_000
REPS = 25
TARGET_SECONDS = 30.0
ASSESSED_SAMPLE = 200  # deals assessed to estimate the background work after the import
STAGES = ("Appointment Scheduled", "Qualified To Buy", "Presentation Scheduled",
          "Decision Maker Bought-In", "Contract Sent", "Closed Won", "Closed Lost")
INCUMBENTS = [f"Incumbent Bank {i}" for i in range(40)]
INDUSTRIES = ("sme-banking", "commercial-insurance", "logistics-3pl", "")


def run() -> list[str]:
    """Time the preview and import of a 10,000-row file in a child process; lines to print."""
    with tempfile.TemporaryDirectory(prefix="displace-crm-bench-") as data_dir:
        env = {k: v for k, v in os.environ.items()
               if k not in ("DATABASE_URL", "DISPLACE_JOBS_INLINE", "DISPLACE_DEBUG")}
        env.update({"DISPLACE_DATA_DIR": data_dir,
                    "DJANGO_SETTINGS_MODULE": "displace.web.settings"})
        done = subprocess.run([sys.executable, "-m", "bench.crm_bench"], env=env,
                              capture_output=True, text=True, check=False)
    if done.returncode:
        return [f"CRM import bench: failed\n{done.stdout}{done.stderr}"]
    return done.stdout.rstrip("\n").splitlines()


def hubspot_export(rows: int, owners: list[str], rng: random.Random) -> bytes:
    """A HubSpot deals export of `rows` deals, as HubSpot writes it."""
    lines = ["Record ID,Deal Name,Amount,Deal Stage,Close Date,Deal owner,"
             "Associated Company,Incumbent,Industry"]
    for i in range(rows):
        amount = rng.randrange(1_000, 5_000_000) + rng.choice((0, 0.5, 0.25))
        lines.append(",".join([
            str(9_000_000 + i), f"Deal {i} renewal", f'"{amount:,.2f}"', rng.choice(STAGES),
            f"2027-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}", rng.choice(owners),
            f"Company {i % 3000}", rng.choice(INCUMBENTS), rng.choice(INDUSTRIES)]))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def _child() -> None:
    """In the child: migrate, build the team and file, time, print."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    from displace.web.accounts.actions import create_user
    from displace.web.accounts.models import Team
    from displace.web.crm.actions import store_plan
    from displace.web.crm.planning import Choices, plan_import
    from displace.web.deals.actions import refresh_assessment
    from displace.web.deals.models import Deal

    manager = create_user("boss", "bench-password-2026", role="manager", team="Bench")
    owners = [create_user(f"rep{i:02d}", "bench-password-2026", role="rep", team="Bench",
                          email=f"rep{i:02d}@bench.example").email for i in range(REPS)]
    content = hubspot_export(ROWS, owners, random.Random(11))
    team = Team.objects.get(name="Bench")
    choices = Choices("hubspot", currency="USD")

    start = time.perf_counter()
    plan = plan_import(content, "bench.csv", choices, team=team, by=manager)
    previewed = time.perf_counter()
    stored = store_plan(plan, by=manager)
    imported = time.perf_counter()
    again = store_plan(plan_import(content, "bench.csv", choices, team=team, by=manager),
                       by=manager)
    reimported = time.perf_counter()
    moved = hubspot_export(ROWS, owners, random.Random(12))  # every deal moved on in the CRM
    changed = store_plan(plan_import(moved, "bench.csv", choices, team=team, by=manager),
                         by=manager)
    updated = time.perf_counter()
    sample = list(Deal.objects.order_by("pk")[:ASSESSED_SAMPLE])
    for deal in sample:
        refresh_assessment(deal)
    assessed = time.perf_counter()

    total = imported - start
    verdict = "PASS" if total < TARGET_SECONDS and not plan.errors else "MISS"
    per_deal = (assessed - updated) / len(sample)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"CRM import bench: {ROWS:,}-row HubSpot export ({len(content) / 1e6:.1f} MB), "
          f"SQLite, in-process; target < {TARGET_SECONDS:.0f} s for preview + import")
    print(f"  preview {previewed - start:.1f} s ({len(plan.errors)} errors), import "
          f"{imported - previewed:.1f} s ({stored.created:,} deals created): "
          f"{total:.1f} s, {ROWS / total:,.0f} rows/s  {verdict}")
    print(f"  re-import of the same file: {reimported - imported:.1f} s "
          f"({again.created} created, {again.unchanged:,} unchanged, no duplicate); "
          f"with every deal changed in the CRM: {updated - reimported:.1f} s "
          f"({changed.updated:,} updated, {changed.created} created)")
    print(f"  assessments, afterwards in background jobs: {per_deal * 1000:.1f} ms a deal, "
          f"about {per_deal * stored.created:.0f} s of worker time for the import; "
          f"peak memory {peak_mb:.0f} MB")


if __name__ == "__main__":
    _child()
