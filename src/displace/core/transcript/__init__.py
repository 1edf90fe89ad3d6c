"""Reading sales conversations: plain, inline, WebVTT, SRT and JSON transcripts, with roles.

    read_conversation(source, *, input_format=None, role_hints=None, name=None) -> Conversation

`source` is a Path (a file), bytes, or str (the text itself).
"""

from __future__ import annotations

from displace.core.transcript.decode import MAX_BYTES
from displace.core.transcript.detect import FORMATS, detect_format
from displace.core.transcript.reader import read_conversation
from displace.core.transcript.roles import table_role

__all__ = ["FORMATS", "MAX_BYTES", "detect_format", "read_conversation", "table_role"]
