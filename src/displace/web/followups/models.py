"""Dated next steps on deals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from displace.web.deals.models import Deal


class FollowUp(models.Model):
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="follow_ups")
    title = models.CharField(_("next step"), max_length=300)
    due = models.DateField(_("due"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="follow_ups")
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Who added it and who marked it done; empty for follow-ups from before they were kept
    # (and for any brought in without them), which the pages then simply do not name.
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ("done", "due", "id",)
        indexes = (models.Index(fields=["assignee", "done", "due"]),
                   models.Index(fields=["done", "due"]))  # a team's overdue ones, oldest first

    def __str__(self) -> str:
        return self.title
