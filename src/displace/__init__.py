"""Displace: plan deals against the incumbent, coach sales conversations, check proposals.

The public Python API. Everything else is private and may change.
"""

from __future__ import annotations

from displace.api import analyze_conversation
from displace.core.errors import DealFileError, DisplaceError, InputError, RulePackError
from displace.core.model import Conversation, Finding, Metrics, Report, Turn

__all__ = [
    "Conversation",
    "DealFileError",
    "DisplaceError",
    "Finding",
    "InputError",
    "Metrics",
    "Report",
    "RulePackError",
    "Turn",
    "analyze_conversation",
]
