"""Placeholder settings so type checking works; the web app replaces this module."""

from __future__ import annotations

SECRET_KEY = "placeholder"
INSTALLED_APPS: list[str] = []
