"""Sending the day's digests: one e-mail per person who has something to hear, in their language,
at most once a day; what each digest said is kept for the next one."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from displace.web import permissions
from displace.web.digest.building import Digest, build_digest
from displace.web.digest.models import DigestRecord

__all__ = ["DigestRun", "language_of", "render_digest", "send_digests"]

log = logging.getLogger(__name__)


@dataclass
class DigestRun:
    """What one run did, person by person (user names)."""

    sent: list[str] = field(default_factory=list)
    nothing_to_say: list[str] = field(default_factory=list)
    no_address: list[str] = field(default_factory=list)
    opted_out: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def language_of(user: User) -> str:
    """The language the person reads Displace in."""
    profile = permissions.profile_of(user)
    return (profile.language if profile and profile.language else settings.LANGUAGE_CODE)[:2]


def render_digest(digest: Digest) -> tuple[str, str, str]:
    """Subject, plain text and HTML of the digest, in the person's language."""
    with translation.override(language_of(digest.user)):
        context = {"digest": digest, "site": settings.SITE_URL,
                   "language": language_of(digest.user)}
        subject = ngettext("Displace: %(count)d thing needs you today",
                           "Displace: %(count)d things need you today",
                           digest.item_count) % {"count": digest.item_count}
        text = render_to_string("digest/email.txt", context)
        html = render_to_string("digest/email.html", context)
    return subject, text, html


def send_digests(*, day: date | None = None, usernames: Iterable[str] = (), force: bool = False,
                 dry_run: bool = False) -> DigestRun:
    """Send today's digest to every active person (or those named) who wants one.

    Idempotent per day: a person who had today's digest gets no second one unless `force`.
    A dry run renders and counts but sends and records nothing."""
    day = day or timezone.localdate()
    people = User.objects.filter(is_active=True).select_related("profile").order_by("username")
    names = list(usernames)
    if names:
        people = people.filter(username__in=names)
    done_today = set(DigestRecord.objects.filter(day=day).values_list("user_id", flat=True))
    run = DigestRun()
    for user in people:
        profile = permissions.profile_of(user)
        if profile is not None and not profile.digest:
            run.opted_out.append(user.username)
        elif not user.email:
            run.no_address.append(user.username)
        elif user.pk in done_today and not force:
            run.already_sent.append(user.username)
        else:
            _one(user, day, run, dry_run=dry_run)
    return run


def _one(user: User, day: date, run: DigestRun, *, dry_run: bool) -> None:
    digest = build_digest(user, day)
    if digest.is_empty:
        run.nothing_to_say.append(user.username)
        if not dry_run:
            _record(digest, sent=False)
        return
    subject, text, html = render_digest(digest)
    if dry_run:
        run.sent.append(user.username)
        return
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except OSError as exc:  # smtplib's errors are OSErrors: the server refused or is away
        log.warning("digest for %s not sent: %s", user.username, exc)
        run.failed.append((user.username, str(exc)))
        return
    _record(digest, sent=True)
    run.sent.append(user.username)


def _record(digest: Digest, *, sent: bool) -> None:
    with transaction.atomic():
        DigestRecord.objects.update_or_create(
            user=digest.user, day=digest.day,
            defaults={"sent": sent, "probabilities": digest.probabilities})
