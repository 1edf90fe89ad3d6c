"""A CRM import: the file as uploaded, the choices made on its preview, and the job storing it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _empty_dict() -> dict[str, Any]:
    return {}


class ImportState(models.TextChoices):
    """Where an import stands: previewed until someone starts it, then a background job."""

    PREVIEW = "preview", _("previewed, not started")
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("storing deals")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class CrmImport(models.Model):
    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE,
                             related_name="crm_imports")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                           related_name="crm_imports")
    crm = models.CharField(max_length=20)  # a preset: hubspot, salesforce, pipedrive, generic
    file_name = models.CharField(max_length=200)
    content = models.BinaryField()  # the file's bytes, read again by the preview and the job
    # The choices made on the preview: Displace field -> header, CRM stage -> Displace stage.
    columns = models.JSONField(default=_empty_dict, blank=True)
    stages = models.JSONField(default=_empty_dict, blank=True)
    default_owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    industry = models.CharField(max_length=80, blank=True, default="")  # for rows naming none
    currency = models.CharField(max_length=3, blank=True, default="")  # for rows naming none
    language = models.CharField(max_length=5, default="en")  # of its messages and new deals
    good_rows = models.BooleanField(default=False)  # store the good rows, skip those with errors
    state = models.CharField(max_length=8, choices=ImportState.choices,
                             default=ImportState.PREVIEW)
    error = models.TextField(blank=True, default="")  # why it failed, for people
    task_id = models.CharField(max_length=64, blank=True, default="")
    total = models.PositiveIntegerField(default=0)  # rows to store
    done = models.PositiveIntegerField(default=0)  # rows stored so far (committed at the end)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)  # rows with errors, left out
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.crm} import {self.pk} ({self.state})"

    @property
    def finished(self) -> bool:
        """Whether the job has ended, well or not."""
        return self.state in (ImportState.DONE, ImportState.FAILED)
