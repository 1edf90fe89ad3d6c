"""Start Django from the command line: check the settings, create the data dir, migrate."""

from __future__ import annotations

import os
from pathlib import Path

from displace.web.config import load_config

__all__ = ["start_django"]


def start_django(*, migrate: bool = True) -> Path:
    """Set up Django for a CLI command; returns the data dir. Bad settings raise ConfigError."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "displace.web.settings")
    config = load_config(os.environ)  # fail here, with a message, before Django starts
    data_dir: Path = config["DISPLACE_DATA_DIR"]
    if not config["DATABASE_URL"]:
        data_dir.mkdir(parents=True, exist_ok=True)
    import django
    from django.core.management import call_command

    django.setup()
    if migrate:
        call_command("migrate", interactive=False, verbosity=0)
    return data_dir
