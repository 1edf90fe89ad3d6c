"""Storing the demo story with the app's own actions, in the order it happened.

1. the people (team.toml);
2. every deal, imported at the stage it started in, then assessed: the win probability of its
   evidence, as every page shows it;
3. the stages each deal went through, as a rep moving it would (a snapshot of both forecasts
   and a history entry each), and the closing of the deals that closed, decided from that
   probability;
4. comments, next steps, the competitors' profiles from what the deals say of them;
5. the calls, whose analysis is queued for the background jobs (they come last: an assessment
   run after them would re-read every call);
6. the story's dates (`timeline.backdate_story`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone

from displace.core.deal.catalogue import load_catalogue
from displace.core.deal.dealfile import deal_from_dict, deal_to_dict, load_deal
from displace.web.accounts.actions import create_user
from displace.web.accounts.models import Role
from displace.web.competitors.actions import competitor_named, update_competitor
from displace.web.conversations.actions import Upload, record_conversation
from displace.web.conversations.models import Conversation
from displace.web.deals.actions import (
    NewDeal,
    add_comment,
    close_deal,
    import_deals,
    move_deals,
    refresh_assessment,
)
from displace.web.deals.models import Comment, Deal
from displace.web.demo.calls import fill_call
from displace.web.demo.closings import decide
from displace.web.demo.plan import PlannedDeal, plan_anchor, plan_story
from displace.web.demo.story import DEMO_DIR, DataTable, Story, load_story, read_team
from displace.web.demo.timeline import backdate_story
from displace.web.followups.actions import add_follow_up, complete_follow_up
from displace.web.followups.models import FollowUp

__all__ = ["load_story_team", "plan_demo"]


def plan_demo(now: datetime) -> list[PlannedDeal]:
    """The whole story as `load_story_team` stores it on `now`: the hand-written deals, then
    the drawn ones (no database)."""
    story = load_story()
    anchors = [plan_anchor(story, entry,
                           deal_to_dict(load_deal(DEMO_DIR / entry.get("file", str))), now)
               for entry in read_team().tables("deals")]
    return plan_story(story, anchors, now)


def load_story_team() -> None:
    """Store the demo team's people and story (inside the caller's transaction)."""
    story = load_story()
    now = timezone.localtime()
    users = _people(read_team())
    plans = plan_demo(now)
    deals = _import(plans, users)
    for deal in deals:
        refresh_assessment(deal)  # the evidence's probability, before any stage change
    _move(plans, deals, users)
    for plan, deal in zip(plans, deals, strict=True):
        if plan.closes_at is not None:
            _close(story, plan, deal, users[plan.owner])
    comments, follow_ups = _activity(plans, deals, users)
    _profiles(story, plans, deals)
    calls = _calls(story, plans, deals, users)
    backdate_story([(plan, deal, comments[deal.pk], follow_ups[deal.pk], calls[deal.pk])
                    for plan, deal in zip(plans, deals, strict=True)])


def _people(team: DataTable) -> dict[str, User]:
    name = team.get("team", str)
    return {entry.get("username", str): create_user(
        entry.get("username", str), entry.get("password", str), role=entry.get("role", str),
        language=entry.get("language", str, ""), full_name=entry.get("full_name", str, ""),
        team="" if entry.get("role", str) == "admin" else name, email=entry.get("email", str, ""))
        for entry in team.tables("users")}


def _import(plans: Sequence[PlannedDeal], users: Mapping[str, User]) -> list[Deal]:
    """Every deal at the stage it started in, in one go (assessed by the caller)."""
    new = [NewDeal(core=deal_from_dict({**plan.core, "stage": plan.path[0][0]},
                                       source=f"demo deal {plan.key}"),
                   owner=users[plan.owner], value=Decimal(plan.value),
                   currency=plan.market.currency, expected_close=plan.expected_close)
           for plan in plans]
    return import_deals(new, assess=False)


def _move(plans: Sequence[PlannedDeal], deals: Sequence[Deal],
          users: Mapping[str, User]) -> None:
    """The stages each deal entered after its first, step by step, each owner's deals at once.

    Through the action that applies many reps' stage changes without re-assessing each deal:
    the evidence does not change with the stage (each move still records its snapshot of both
    forecasts and its history entry, as the deal's owner's own change of stage)."""
    steps = max(len(plan.path) for plan in plans)
    for step in range(1, steps):
        moves: dict[str, list[tuple[Deal, str]]] = defaultdict(list)
        for plan, deal in zip(plans, deals, strict=True):
            if step < len(plan.path):
                moves[plan.owner].append((deal, plan.path[step][0]))
        for owner, changes in sorted(moves.items()):
            move_deals(changes, by=users[owner], assess=False)


def _close(story: Story, plan: PlannedDeal, deal: Deal, owner: User) -> None:
    decided = decide(story, plan, deal.win_probability or 0.0)
    close_deal(deal, decided.outcome, reason=decided.reason, note=decided.note,
               countered=decided.countered, counter_move=decided.counter_move,
               lost_to=decided.lost_to, by=owner)


def _activity(plans: Sequence[PlannedDeal], deals: Sequence[Deal], users: Mapping[str, User]
              ) -> tuple[dict[int, list[Comment]], dict[int, list[FollowUp]]]:
    """The comments (the manager's, or the owner's) and next steps of each deal."""
    manager = next(u for u in users.values() if u.profile.role == Role.MANAGER)
    comments: dict[int, list[Comment]] = {}
    follow_ups: dict[int, list[FollowUp]] = {}
    for plan, deal in zip(plans, deals, strict=True):
        owner = users[plan.owner]
        comments[deal.pk] = [add_comment(deal, c.text, by=manager if c.by == "manager"
                                         else owner) for c in plan.comments]
        follow_ups[deal.pk] = []
        for step in plan.follow_ups:
            added = add_follow_up(deal, step.title, step.due, by=owner)
            if step.done is not None:
                added = complete_follow_up(added, by=owner)
            follow_ups[deal.pk].append(added)
    return comments, follow_ups


def _profiles(story: Story, plans: Sequence[PlannedDeal], deals: Sequence[Deal]) -> None:
    """Each incumbent's page says what the deals against it say: what it delivers and the
    counter-moves the team has seen."""
    catalogue = load_catalogue("sme-banking")
    for incumbent in story.incumbents:
        met = [plan.core["incumbent"] for plan in plans if plan.incumbent is incumbent]
        if not met:
            continue
        lang = story.markets[incumbent.market].language
        delivers = dict.fromkeys(c for held in met for c in held.get("delivers", []))
        names = [(found.name.get(lang) or found.name["en"]) if (found := catalogue.get(c))
                 else c for c in delivers]
        seen = dict.fromkeys(line for held in met for line in held.get("counter_history", []))
        team_id = next(d.team_id for p, d in zip(plans, deals, strict=True)
                       if p.incumbent is incumbent)
        update_competitor(competitor_named(incumbent.name, team_id=team_id),
                          delivers=names, counter_moves=list(seen), notes=incumbent.notes)


def _calls(story: Story, plans: Sequence[PlannedDeal], deals: Sequence[Deal],
           users: Mapping[str, User]) -> dict[int, list[Conversation]]:
    """Record every call, the hand-written deals' first and then by date; each one's
    analysis is queued."""
    held = [(plan, deal, n) for plan, deal in zip(plans, deals, strict=True)
            for n in range(len(plan.calls))]
    first = [h for h in held if h[0].written]
    rest = sorted((h for h in held if not h[0].written), key=lambda h: h[0].calls[h[2]].at)
    recorded: dict[int, dict[int, Conversation]] = defaultdict(dict)
    for plan, deal, n in first + rest:
        owner = users[plan.owner]
        text, roles = fill_call(story, plan, plan.calls[n],
                                rep_label=owner.get_full_name() or owner.get_username())
        title = story.call_words[plan.market.language].get("title", str).format(
            contact=plan.met.name)
        recorded[deal.pk][n] = record_conversation(
            deal, Upload(f"{plan.key}-{n + 1}.txt", text.encode("utf-8")), by=owner,
            title=title, roles=roles)
    return {deal.pk: [recorded[deal.pk][n] for n in sorted(recorded[deal.pk])]
            for deal in deals}
