"""WSGI entry point for a server process: gunicorn's workers and Django's own server load it."""

from __future__ import annotations

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "displace.web.settings")
application = get_wsgi_application()

# What loading left in memory (Django, the app's modules and data) lives as long as the
# process: out of the garbage collector's sight, a full collection no longer walks it on every
# few requests (~50 ms each at a large team's pages). Python's documentation suggests gc.freeze()
# for long-lived server processes.
gc.collect()
gc.freeze()
