"""Reading sales conversations: plain, inline, WebVTT, SRT and JSON transcripts, with roles.

    read_conversation(source, *, input_format=None, role_hints=None, name=None) -> Conversation

`source` is a Path (a file), bytes, or str (the text itself).

    transcript_text(data, name) -> (text, how it was read)

the text of a file's bytes as the reader sees it: a Word document's paragraphs, or UTF-8,
UTF-16 or Windows-1258 text, for callers that store the text (the web upload).
"""

from __future__ import annotations

from displace.core.transcript.decode import MAX_BYTES
from displace.core.transcript.detect import FORMATS, detect_format
from displace.core.transcript.reader import read_conversation, transcript_text
from displace.core.transcript.roles import table_role

__all__ = ["FORMATS", "MAX_BYTES", "detect_format", "read_conversation", "table_role",
           "transcript_text"]
