"""The per-person iCalendar feed: one all-day event per open follow-up the person may see."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from displace.web import permissions
from displace.web.followups.models import FollowUp

__all__ = ["calendar_for", "event_uid", "open_follow_ups"]


def open_follow_ups(user: User) -> Iterable[FollowUp]:
    """The open follow-ups on the deals the person may see, soonest first."""
    return permissions.visible_follow_ups(user).filter(done=False).select_related(
        "deal", "assignee").order_by("due", "id")


def event_uid(follow_up: FollowUp) -> str:
    """Stable across feeds and renewals of the secret, distinct between installations."""
    installation = hashlib.sha256(settings.SECRET_KEY.encode("utf-8")).hexdigest()[:12]
    return f"follow-up-{follow_up.pk}-{installation}@displace"


def calendar_for(user: User, *, link: Callable[[FollowUp], str], language: str) -> bytes:
    """The feed in the person's language; `link` gives the deal page's address for an event."""
    with translation.override(language):
        calendar = Calendar()
        calendar.add("prodid", "-//Displace//Follow-ups//EN")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", _("Displace follow-ups"))
        for follow_up in open_follow_ups(user):
            calendar.add_component(_event(follow_up, link(follow_up)))
    return calendar.to_ical()


def _event(follow_up: FollowUp, url: str) -> Event:
    event = Event()
    event.add("uid", event_uid(follow_up))
    event.add("dtstamp", follow_up.created_at)
    event.add("dtstart", follow_up.due)
    event.add("dtend", follow_up.due + timedelta(days=1))
    event.add("summary", _("%(step)s — deal: %(deal)s")
              % {"step": follow_up.title, "deal": follow_up.deal.title})
    event.add("description", _("Assigned to %(person)s. %(url)s")
              % {"person": follow_up.assignee.get_username(), "url": url})
    event.add("url", url)
    return event
