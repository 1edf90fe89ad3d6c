"""The web bench: pipeline and deal pages rendered server-side over a large team database.

`run()` builds, in a temporary database, 10,000 deals and 100,000 conversations with their
findings (SQLite; PostgreSQL too: the server at DATABASE_URL, or else a throw-away one started
from the machine's binaries), then times the pages with Django's
test Client as a signed-in manager and rep. Each backend runs in its own process, because
Django's settings (and so the database) are fixed once per process.
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bench.postgres import postgres_binaries, throwaway_postgres

DEALS = 10_000
CONVERSATIONS = 100_000
REPS = 25
COMPETITORS = 40
REQUESTS = 60
TARGET_P95_MS = 150.0
LONG_CALL_TURNS = 180  # about an hour's call
CLOSED_DEALS = 10_000  # the "Closed" team's, for the calibration page and the refit
TARGET_REFIT_S = 5.0
BATCH = 2_000
# Risk and strength behaviours as the coach names them; risks recur more, as in real calls.
RISKS = ("matchable-concession", "status-quo-signal", "parity-claim", "trial-close", "stall",
         "premature-proposal", "badmouthing", "monologue")
GOOD = ("open-question", "stated-gap", "vision-question", "decision-question")


def run() -> list[str]:
    """Build the big database on each available backend and time the pages; lines to print."""
    lines = [f"web bench: {DEALS:,} deals, {CONVERSATIONS:,} conversations' findings; "
             f"p95 target < {TARGET_P95_MS:.0f} ms per page ({REQUESTS} requests each)"]
    lines += _in_child({k: v for k, v in os.environ.items() if k != "DATABASE_URL"}, "SQLite")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        with _scratch_postgres(url) as scratch:
            lines += _in_child({**os.environ, "DATABASE_URL": scratch}, "PostgreSQL")
    elif postgres_binaries() is not None:
        try:
            with throwaway_postgres() as scratch:
                lines += _in_child({**os.environ, "DATABASE_URL": scratch}, "PostgreSQL")
        except (OSError, RuntimeError, subprocess.CalledProcessError) as exc:
            lines.append(f"  PostgreSQL: could not start a throw-away server ({exc})")
    else:
        lines.append(
            "  PostgreSQL: skipped (no server binaries found; set DATABASE_URL=postgres://...)"
        )
    return lines


def _in_child(env: dict[str, str], backend: str) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="displace-web-bench-") as data_dir:
        env = {**env, "DISPLACE_DATA_DIR": data_dir,
               "DJANGO_SETTINGS_MODULE": "displace.web.settings"}
        env.pop("DISPLACE_DEBUG", None)  # DEBUG keeps every query in memory: not what we time
        done = subprocess.run([sys.executable, "-m", "bench.web_bench", backend], env=env,
                              capture_output=True, text=True, check=False)
    if done.returncode:
        return [f"  {backend}: failed\n{done.stdout}{done.stderr}"]
    return done.stdout.rstrip("\n").splitlines()


@contextmanager
def _scratch_postgres(url: str) -> Iterator[str]:
    """A database of its own on the server at `url`, dropped afterwards."""
    import psycopg

    name = f"displace_web_bench_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        parts = urlsplit(url)
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _child(backend: str) -> None:
    """In the child process: migrate, build, time, print."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    import displace.web.wsgi  # noqa: F401  # the app loaded as a server process loads it

    setup_test_environment()  # lets the test Client's host in with DEBUG off
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    people = _build(random.Random(4))
    built = time.perf_counter() - start
    # A server process never held the build's rows: what is left of them goes now, or every
    # full garbage collection during the timings would walk it (tens of ms on a few requests).
    gc.collect()
    print(f"  {backend}: built in {built:.0f} s")
    for line in _measure(people):
        print(line)


def _build(rng: random.Random) -> dict[str, Any]:
    from displace.web.accounts.actions import create_user

    manager = create_user("boss", "bench-password", role="manager", team="Bench")
    reps = [create_user(f"rep{i:02d}", "bench-password", role="rep", team="Bench")
            for i in range(REPS)]
    deals = _deals(rng, reps)
    _conversations(rng, deals)
    own = [d for d in deals if d.owner_id == reps[0].pk]
    return {"manager": manager, "rep": reps[0], "deal_ids": [d.pk for d in own],
            "judge": _closed_team(), "incumbent_id": deals[-1].incumbent_id,
            "long_call": _long_call(rng, own[0], reps[0])}


def _long_call(rng: random.Random, deal: Any, rep: Any) -> int:
    """An hour's call (LONG_CALL_TURNS turns) uploaded on the rep's deal and analysed by the
    coach as an upload is: its page is the longest a rep opens."""
    from displace.web.conversations.actions import (
        Upload,
        analyse_queued_conversation,
        record_conversation,
    )

    seller = ("We can lower your fees and raise the credit line for the first year.",
              "How do you handle payroll across the branches today?",
              "What happens on your side when a transfer fails at month end?",
              "We have offices in every city and our service is the best.")
    prospect = ("Our bank is fine, nothing major to report.",
                "Sometimes the payments arrive late and we lose a day of sales.",
                "We have been with them for twelve years and they know us.",
                "Let me think about it and call you back next month.")
    lines = [f"Bill: {rng.choice(seller)} {rng.choice(seller)}" if n % 2 == 0
             else f"Ray: {rng.choice(prospect)} {rng.choice(prospect)}"
             for n in range(LONG_CALL_TURNS)]
    call = record_conversation(deal, Upload("long-call.txt", "\n".join(lines).encode()),
                               by=rep, title="An hour's call")
    analyse_queued_conversation(call.pk)
    return int(call.pk)


def _template_deals(owner: Any) -> list[Any]:
    """Real deals, imported and assessed by the app, whose shapes the bulk deals copy."""
    from displace.core.deal.dealfile import load_deal
    from displace.web.deals.actions import import_deal
    from displace.web.demo import DEMO_DIR

    return [import_deal(load_deal(path), owner=owner)
            for path in sorted(DEMO_DIR.glob("*.toml")) if path.name != "team.toml"]


def _deals(rng: random.Random, reps: list[Any]) -> list[Any]:
    from django.utils import timezone

    from displace.web.competitors.models import Competitor
    from displace.web.deals.models import OPEN_STAGES, Deal, Gap, OfferItem, Stage
    from displace.web.followups.models import FollowUp

    templates = _template_deals(reps[0])
    competitors = Competitor.objects.bulk_create(
        Competitor(team_id=reps[0].profile.team_id, name=f"Incumbent {i}", industry="sme-banking")
        for i in range(COMPETITORS))
    stages = [*OPEN_STAGES, *OPEN_STAGES, Stage.WON, Stage.LOST]
    today, now = timezone.localdate(), timezone.now()
    deals = Deal.objects.bulk_create((_deal_like(
        rng.choice(templates), owner=rng.choice(reps), incumbent=rng.choice(competitors),
        stage=rng.choice(stages), n=i, now=now) for i in range(DEALS)), batch_size=BATCH)
    by_template = {t.pk: (list(t.gaps.all()), list(t.offer_items.all())) for t in templates}
    gaps, items, follow_ups = [], [], []
    for deal in deals:
        t_gaps, t_items = by_template[rng.choice(templates).pk]
        gaps += [Gap(deal=deal, key=g.key, title=g.title, capability=g.capability,
                     evidence=g.evidence, position=g.position) for g in t_gaps]
        items += [OfferItem(deal=deal, key=o.key, text=o.text, capability=o.capability,
                            kind=o.kind, position=o.position) for o in t_items]
        follow_ups.append(FollowUp(deal=deal, title="Call back", assignee_id=deal.owner_id,
                                   due=today + timedelta(days=rng.randint(-10, 30))))
    Gap.objects.bulk_create(gaps, batch_size=BATCH)
    OfferItem.objects.bulk_create(items, batch_size=BATCH)
    FollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)
    _closings(rng, [deal for deal in deals if deal.stage in (Stage.WON, Stage.LOST)], now)
    return [*templates, *deals]


def _closings(rng: random.Random, closed: list[Any], now: Any) -> None:
    """Each closed deal's reason and, for a loss, the incumbent's counter-move: what the
    competitors' win/loss counts."""
    from displace.web.deals.models import Closing

    reasons = {"won": ("gap-incumbent-could-not-close", "counter-rehearsed", "other"),
               "lost": ("incumbent-matched-price", "relationship-won", "no-gap-strong-enough")}
    moves = ("matched_price", "improved_terms", "escalated_relationship", "")
    Closing.objects.bulk_create((Closing(
        deal=deal, outcome=deal.stage, reason=rng.choice(reasons[deal.stage]), closed_at=now,
        countered="yes" if deal.stage == "lost" else "",
        counter_move=rng.choice(moves) if deal.stage == "lost" else "") for deal in closed),
        batch_size=BATCH)


def _deal_like(template: Any, *, owner: Any, incumbent: Any, stage: str, n: int,
               now: Any) -> Any:
    from displace.web.deals.actions import searchable
    from displace.web.deals.models import Deal

    profile_team = owner.profile.team_id
    return Deal(
        title=f"{template.prospect} {n}", language=template.language,
        prospect=f"{template.prospect} {n}", industry=template.industry, seller=template.seller,
        incumbent=incumbent, owner=owner, team_id=profile_team, stage=stage,
        value=template.value, currency=template.currency, rep_confidence=template.rep_confidence,
        decision_maker=template.decision_maker if n % 3 else "", core=template.core,
        # Spread over last month to eight months ahead: the manager view's quarter forecast.
        expected_close=(now + timedelta(days=n * 37 % 270 - 30)).date(),
        closed_at=now if stage in ("won", "lost", "no_decision") else None,
        win_probability=template.win_probability, ready=template.ready,
        assessment=template.assessment, has_stated_gap=bool(n % 4), last_activity=now,
        search_text=searchable(f"{template.prospect} {n}", f"{template.prospect} {n}"),
    )


def _conversations(rng: random.Random, deals: list[Any]) -> None:
    from displace.web.conversations.models import Conversation, Finding

    # Some deals are talked about far more than others: weight deals by a long tail.
    weights = [1.0 / (1 + i % 50) for i in range(len(deals))]
    chosen = rng.choices(deals, weights=weights, k=CONVERSATIONS)
    turns = [{"index": i, "speaker": s, "role": r, "text": t} for i, (s, r, t) in enumerate(
        [("Bill", "seller", "We can lower your fees and raise the credit line."),
         ("Ray", "prospect", "Our bank is fine, nothing major."),
         ("Bill", "seller", "Is there any reason not to switch?")])]
    for start in range(0, CONVERSATIONS, BATCH):
        batch = Conversation.objects.bulk_create(
            Conversation(deal=deal, team_id=deal.team_id, title=f"Call {start + i}",
                         source_text="(bench)", input_format="txt", language=deal.language,
                         turns=turns, speakers={"Bill": "seller", "Ray": "prospect"})
            for i, deal in enumerate(chosen[start:start + BATCH]))
        Finding.objects.bulk_create(f for c in batch for f in _findings(rng, c))


def _closed_team() -> Any:
    """A second team, "Closed", with CLOSED_DEALS closed deals (generated as in
    bench/forecast_bench.py), each with the stage snapshot it was judged at: its manager's
    calibration page and a refit read them all. Returns that manager."""
    from datetime import timedelta

    from django.utils import timezone

    from bench.forecast_bench import generated
    from displace.web.accounts.actions import create_user
    from displace.web.deals.models import Deal, StageSnapshot

    judge = create_user("judge", "bench-password", role="manager", team="Closed")
    reps = {f"rep{i:02d}": create_user(f"closed{i:02d}", "bench-password", role="rep",
                                       team="Closed") for i in range(25)}
    at = timezone.now() - timedelta(days=1)
    forecasts = generated(CLOSED_DEALS)
    deals = Deal.objects.bulk_create((Deal(
        title=f"Closed deal {f.deal_id}", prospect=f"Prospect {f.deal_id}", owner=reps[f.rep],
        team_id=judge.profile.team_id, closed_at=at,
        stage="won" if f.won else "no_decision" if f.no_decision else "lost")
        for f in forecasts), batch_size=BATCH)
    StageSnapshot.objects.bulk_create((StageSnapshot(
        deal=deal, at=at - timedelta(days=3), stage="proposal", previous_stage="commitment",
        rep_confidence=f.rep_confidence, win_probability=f.win_probability, terms=dict(f.terms))
        for deal, f in zip(deals, forecasts, strict=True)), batch_size=BATCH)
    return judge


def _findings(rng: random.Random, conversation: Any) -> Iterator[Any]:
    from displace.web.conversations.models import Finding

    for _ in range(rng.randint(0, 8)):
        risk = rng.random() < 0.7
        yield Finding(conversation=conversation, turn=rng.randint(0, 2), start=0, end=10,
                      behaviour=rng.choice(RISKS if risk else GOOD),
                      polarity="risk" if risk else "good", severity="medium",
                      quote="nothing major", speaker="Ray", role="prospect",
                      message="The prospect says the status quo is fine.")


def _measure(people: dict[str, Any]) -> list[str]:
    from django.test import Client
    from django.urls import reverse

    manager, rep, judge = Client(), Client(), Client()
    manager.force_login(people["manager"])
    rep.force_login(people["rep"])
    judge.force_login(people["judge"])
    deal_ids = people["deal_ids"]
    pages: list[tuple[str, Any, Callable[[int], str]]] = [
        ("pipeline (manager, whole team)", manager, lambda i: reverse("pipeline")),
        ("pipeline (rep)", rep, lambda i: reverse("pipeline")),
        # The list as people use it: a search typed without diacritics, a filter and a sort,
        # with the per-stage totals of everything found (every page, not only this one).
        ("pipeline, search+filter+sort (mgr)", manager,
         lambda i: reverse("pipeline") + f"?q=incumbent+{i % 40}&stage=gap&stage=proposal"
                                         "&flag=no-stated-gap&sort=-value"),
        ("pipeline, search+sort (rep)", rep,
         lambda i: reverse("pipeline") + f"?q={i % 10}&sort=-win&page=2"),
        ("pipeline, filter+sort, page 20 (mgr)", manager,
         lambda i: reverse("pipeline") + "?flag=not-ready&sort=close&page=20"),
        # The board: each open stage's most valuable deals, ranked by the database, with totals.
        ("pipeline board (manager, whole team)", manager,
         lambda i: reverse("pipeline") + "?view=board"),
        ("pipeline board, search+filter (rep)", rep,
         lambda i: reverse("pipeline") + f"?view=board&q={i % 10}&flag=not-ready"),
        ("deal page (rep, own deals)", rep,
         lambda i: reverse("deal", args=[deal_ids[i % len(deal_ids)]])),
        ("manager view", manager, lambda i: reverse("manager")),
        (f"conversation page, {LONG_CALL_TURNS} turns (rep)", rep,
         lambda i: reverse("conversation", args=[people["long_call"]])),
        ("competitors, win/loss (manager)", manager, lambda i: reverse("competitors")),
        ("competitor page, win/loss (manager)", manager,
         lambda i: reverse("competitor", args=[people["incumbent_id"]])),
        (f"calibration page ({CLOSED_DEALS:,} closed)", judge, lambda i: reverse("calibration")),
        # Its figures (displace.web.figures) are a minute old or more: each request shows them
        # and queues their refresh for a worker, as a visit does once a minute.
        ("calibration page, report out of date", _OutOfDate(judge),
         lambda i: reverse("calibration")),
        ("manager view, figures out of date", _OutOfDate(manager), lambda i: reverse("manager")),
    ]
    return [*(_timed(label, client, url) for label, client, url in pages),
            # Nothing stored (a person's first visit, or after a restore): computed while they
            # wait, once a person, so shown and not judged against the target.
            _timed("calibration page, first visit", _FirstVisit(judge), lambda i: reverse(
                "calibration"), judged=False),
            _timed("manager view, first visit", _FirstVisit(manager), lambda i: reverse(
                "manager"), judged=False),
            _refit_timed(people["judge"])]


def _refit_timed(judge: Any) -> str:
    """A refit read from the database (the snapshots' terms) and fitted, as the admin's button
    and `displace calibrate --refit` do, without storing it: median of 3, against 5 s."""
    from displace.core.forecast import refit
    from displace.web.forecast.closed import closed_forecasts

    times = []
    for _ in range(3):
        start = time.perf_counter()
        result = refit(closed_forecasts(judge.profile.team_id, terms=True))
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    verdict = "ok" if median < TARGET_REFIT_S else "OVER TARGET"
    return (f"    {f'refit from the database ({result.n:,})':36} median {median * 1000:6.0f} ms"
            f"   {'':15}{median / TARGET_REFIT_S:6.1%} of target  {verdict}")


class _FirstVisit:
    """A test client whose every request finds no figure stored."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def get(self, url: str) -> Any:
        from django.core.cache import cache

        cache.clear()
        return self.client.get(url)


class _OutOfDate:
    """A test client whose every request finds its stored figures out of date, with no
    refresh queued yet (each lock is new): it shows them and queues the refreshes."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.requests = 0

    def get(self, url: str) -> Any:
        from unittest import mock

        from displace.web.figures import stored

        self.requests += 1
        lock = f"bench:{id(self)}:{self.requests}:"
        with mock.patch.object(stored, "_out_of_date", lambda *_: True), \
                mock.patch.object(stored, "_lock", lambda *key: lock + stored._key(*key)):
            return self.client.get(url)


def _timed(label: str, client: Any, url: Callable[[int], str], *, judged: bool = True) -> str:
    for i in range(3):  # warm caches (templates, translations, connection)
        client.get(url(i))
    times = []
    for i in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(url(i))
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            return f"    {label:36} HTTP {response.status_code}"
    median = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[-1]
    line = f"    {label:36} median {median:6.1f} ms   p95 {p95:6.1f} ms   "
    if not judged:
        return line + "(once a person: not a page target)"
    verdict = "ok" if p95 < TARGET_P95_MS else "OVER TARGET"
    return line + f"{p95 / TARGET_P95_MS:6.1%} of target  {verdict}"


if __name__ == "__main__":
    if len(sys.argv) > 1:
        _child(sys.argv[1])
    else:
        print("\n".join(run()))
