"""What one person's digest holds today: overdue follow-ups, deals whose evidence fell since
their last digest, and open deals with no next step; for a manager, their team's overdue count."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef

from displace.web import permissions
from displace.web.accounts.models import Role
from displace.web.deals.models import OPEN_STAGES, Deal
from displace.web.digest.models import DigestRecord
from displace.web.followups.models import FollowUp

__all__ = ["FALL", "LIMIT", "Digest", "Fall", "build_digest"]

# A deal's evidence "fell" when its win probability is this much lower than in the last digest.
FALL = 0.05
# Each list names at most this many; the rest are counted and linked.
LIMIT = 10


@dataclass(frozen=True)
class Fall:
    """A deal whose win probability fell since the person's last digest."""

    deal: Deal
    before: float
    after: float


@dataclass(frozen=True)
class Digest:
    """One person's digest; `probabilities` is what the next digest compares with."""

    user: User
    day: date
    overdue: list[FollowUp]
    overdue_count: int
    fallen: list[Fall]
    no_next_step: list[Deal]
    no_next_step_count: int
    team_overdue_count: int
    probabilities: dict[str, float] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        """Nothing to tell: no e-mail is sent."""
        return not (self.overdue_count or self.fallen or self.no_next_step_count
                    or self.team_overdue_count)

    @property
    def item_count(self) -> int:
        """How many things need the person, for the subject line."""
        return (self.overdue_count + len(self.fallen) + self.no_next_step_count
                + self.team_overdue_count)


def build_digest(user: User, day: date) -> Digest:
    """The person's digest for `day` (in the team's time zone), from the database as it is."""
    overdue = FollowUp.objects.filter(assignee=user, done=False, due__lt=day,
                                      deal__stage__in=OPEN_STAGES)
    open_deals = Deal.objects.filter(owner=user, stage__in=OPEN_STAGES)
    probabilities = {str(pk): float(p) for pk, p in open_deals.filter(
        win_probability__isnull=False).values_list("pk", "win_probability") if p is not None}
    waiting = FollowUp.objects.filter(deal=OuterRef("pk"), done=False)
    no_next_step = open_deals.exclude(Exists(waiting)).order_by("-value", "pk")
    return Digest(
        user=user, day=day,
        overdue=list(overdue.select_related("deal").order_by("due", "pk")[:LIMIT]),
        overdue_count=overdue.count(),
        fallen=_fallen(user, day, probabilities),
        no_next_step=list(no_next_step.only("pk", "title", "value", "currency")[:LIMIT]),
        no_next_step_count=no_next_step.count(),
        team_overdue_count=_team_overdue(user, day),
        probabilities=probabilities,
    )


def _fallen(user: User, day: date, now: dict[str, float]) -> list[Fall]:
    last = (DigestRecord.objects.filter(user=user, day__lt=day).order_by("-day")
            .values_list("probabilities", flat=True).first())
    if not last:
        return []
    dropped = {int(pk): (float(last[pk]), p) for pk, p in now.items()
               if pk in last and float(last[pk]) - p >= FALL - 1e-9}
    deals = Deal.objects.filter(pk__in=dropped).only("pk", "title", "value", "currency")
    falls = [Fall(deal, *dropped[deal.pk]) for deal in deals]
    falls.sort(key=lambda fall: (fall.after - fall.before, fall.deal.pk))
    return falls[:LIMIT]


def _team_overdue(user: User, day: date) -> int:
    # A manager hears of the team's overdue follow-ups that are not their own.
    if permissions.role_of(user) not in (Role.MANAGER, Role.ADMIN):
        return 0
    return (permissions.visible_follow_ups(user)
            .filter(done=False, due__lt=day, deal__stage__in=OPEN_STAGES)
            .exclude(assignee=user).count())
