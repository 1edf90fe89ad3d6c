"""A team's examples for the coach: this sentence is (or is not) this behaviour."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from displace.core.limits import limit
from displace.web.accounts.models import Team
from displace.web.conversations.models import Conversation, Finding


class Status(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    CONFIRMED = "confirmed", _("Confirmed")


class Language(models.TextChoices):
    EN = "en", "English"
    VI = "vi", "Tiếng Việt"


class Example(models.Model):
    """A sentence a team taught the coach; only confirmed ones change its analyses."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="examples")
    text = models.CharField(_("words"), max_length=limit("example.text"))
    behaviour = models.CharField(_("behaviour"), max_length=60)
    positive = models.BooleanField(default=True)  # False: the behaviour stays quiet here
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.SUGGESTED)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Where it was taught. A re-analysis replaces a conversation's findings, so the link to
    # the finding lasts until then; the conversation's stays.
    finding = models.ForeignKey(Finding, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="examples")
    conversation = models.ForeignKey(Conversation, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="examples")

    class Meta:
        ordering = ("-added_at", "-id")
        indexes = (models.Index(fields=["team", "status"]),)
        constraints = (
            models.UniqueConstraint(fields=["team", "text", "behaviour", "positive"],
                                    name="example_once_per_team"),
            models.CheckConstraint(condition=~Q(text=""), name="example_text_not_empty"),
            models.CheckConstraint(condition=Q(status__in=Status.values),
                                   name="example_status_known"),
            models.CheckConstraint(condition=Q(language__in=Language.values),
                                   name="example_language_known"),
        )

    def __str__(self) -> str:
        sign = "+" if self.positive else "-"
        return f"{sign}{self.behaviour}: {self.text}"
