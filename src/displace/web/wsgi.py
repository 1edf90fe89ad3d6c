"""WSGI entry point for a server process: gunicorn's workers and Django's own server load it."""

from __future__ import annotations

import gc
import os
from typing import Any

from django.core.signals import request_finished
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "displace.web.settings")
application = get_wsgi_application()

# What loading left in memory (Django, the app's modules and data) lives as long as the
# process: out of the garbage collector's sight, a full collection no longer walks it on every
# few requests (~50 ms each at a large team's pages). Python's documentation suggests gc.freeze()
# for long-lived server processes.
gc.collect()
gc.freeze()


def _freeze_after_first_request(**_: Any) -> None:
    """What the first request loaded (templates compiled, URL patterns, translations, the
    views' modules) lives as long as the process too: out of the walks, once, after a last full
    collection so that no garbage is kept with it."""
    request_finished.disconnect(_freeze_after_first_request)
    gc.collect()
    gc.freeze()


request_finished.connect(_freeze_after_first_request)
