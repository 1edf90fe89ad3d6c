"""Admins' edits to the shipped catalogues and playbooks, kept beside the files they override."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class LibraryEdit(models.Model):
    """A library file as an admin last saved it; the shipped file stays untouched."""

    path = models.CharField(max_length=300, unique=True)  # relative to displace/data
    content = models.TextField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.path
