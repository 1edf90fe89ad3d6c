"""Conversations as uploaded, and the findings the coach made on them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from displace.core.model import finding_source
from displace.web.accounts.models import Team
from displace.web.deals.models import Deal


def _empty_dict() -> dict[str, Any]:
    return {}


def _empty_list() -> list[Any]:
    return []


class AnalysisState(models.TextChoices):
    """Where the coach's analysis of an upload stands; it runs as a background job."""

    QUEUED = "queued", _("waiting for the coach")
    RUNNING = "running", _("being analysed")
    DONE = "done", _("analysed")
    FAILED = "failed", _("analysis failed")


class Conversation(models.Model):
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="conversations")
    # The deal's team (a deal never changes team), kept here so that a team's latest calls
    # are found from one index instead of sorting every call of every deal of the team.
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", db_index=False)
    title = models.CharField(_("title"), max_length=200)
    source_text = models.TextField()
    input_format = models.CharField(max_length=16)
    language = models.CharField(max_length=8, default="en")
    turns = models.JSONField(default=_empty_list)
    speakers = models.JSONField(default=_empty_dict)  # label -> role
    role_sources = models.JSONField(default=_empty_dict)  # label -> how the role was set
    metrics = models.JSONField(default=_empty_dict)
    warnings = models.JSONField(default=_empty_list)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    # sha256 of the transcript's text: the same transcript uploaded again (or a retried upload)
    # finds this conversation instead of adding a second. Empty for rows from before it existed.
    content_hash = models.CharField(max_length=64, blank=True, default="")
    analysis_state = models.CharField(max_length=8, choices=AnalysisState.choices,
                                      default=AnalysisState.DONE)
    analysis_error = models.TextField(blank=True, default="")  # why it failed, for people
    analysis_task = models.CharField(max_length=64, blank=True, default="")  # the job's id

    class Meta:
        ordering = ("-created_at", "-id",)
        indexes = (
            # The manager view's hot-spots put each of the team's latest calls in its week from
            # this alone: the columns come after the transcript in the row, and reading them
            # there walks each transcript's overflow pages (SQLite).
            models.Index(fields=["deal", "created_at", "analysis_state"],
                         name="conversation_week_idx"),
            # A team's latest calls, newest first, with what the hot-spots read of them.
            models.Index(fields=["team", "id", "deal", "created_at", "analysis_state"],
                         name="conversation_team_latest_idx"),
        )
        constraints = (
            models.UniqueConstraint(fields=["deal", "content_hash"],
                                    condition=~models.Q(content_hash=""),
                                    name="one_conversation_per_transcript"),
        )

    def __str__(self) -> str:
        return self.title

    @property
    def analysed(self) -> bool:
        """Whether its turns, speakers and findings come from the coach yet."""
        return self.analysis_state == AnalysisState.DONE


class Finding(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE,
                                     related_name="findings")
    behaviour = models.CharField(max_length=60)
    polarity = models.CharField(max_length=8)
    severity = models.CharField(max_length=8)
    turn = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    speaker = models.CharField(max_length=120)
    role = models.CharField(max_length=12)
    rule = models.CharField(max_length=120, blank=True, default="")
    message = models.TextField(blank=True, default="")
    advice = models.TextField(blank=True, default="")
    data = models.JSONField(default=_empty_dict, blank=True)

    class Meta:
        ordering = ("turn", "start", "id",)
        indexes = (
            models.Index(fields=["conversation", "turn"]),
            models.Index(fields=["polarity", "behaviour"]),
            # Coaching hot-spots count a conversation's findings by kind from this alone.
            models.Index(fields=["conversation", "polarity", "behaviour"],
                         name="finding_kind_idx"),
        )

    def __str__(self) -> str:
        return f"{self.behaviour} @ {self.turn}"

    @property
    def source(self) -> dict[str, Any]:
        """Where the coach's finding came from: a rule, a check, the model, a team example."""
        return finding_source(self.rule, self.data)
