"""What some tests need from the machine (the seed folder, Chromium), and what to do without it."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def unavailable(reason: str, required_by: str) -> NoReturn:
    """Skip the test for `reason`, or fail it when the environment variable `required_by` is set.

    A user's own clone may lack what CI has; CI sets the variable so that a skip cannot pass.
    """
    if os.environ.get(required_by):
        pytest.fail(f"{reason} ({required_by} is set)")
    pytest.skip(reason)
