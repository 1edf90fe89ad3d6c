"""Word documents (.docx) as meeting tools export transcripts, read with python-docx.

The paragraphs become lines of text for the plain reader, after three layouts the tools write
are put into the shape it reads:

- Microsoft Teams: a timing line (`0:0:3.52 --> 0:0:7.1`), the speaker's name alone on the
  next line, then what they said: written as `[00:00:03] Name: text`;
- Fireflies and others: `Name - 00:01` (or `00:01 - Name`) above the text: written as the
  `Name  00:01` header lines Otter uses, which the plain reader already reads;
- Google Meet and Otter: `Name: text` and `Name  0:03` lines, read as they are.

Tables (some exports put the transcript in one) are read row by row, cells joined by ": ".
"""

from __future__ import annotations

import io
import re
import zipfile

from displace.core.messages import Size
from displace.core.transcript.messages import unreadable

__all__ = ["docx_text", "is_docx"]

_MAX_UNPACKED = 50 * 1024 * 1024  # a zip bomb must not get as far as the XML parser
_TIMING = re.compile(r"^\s*(\d{1,3}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?\s*-->\s*\S+\s*$")
_NAME_DASH_TIME = re.compile(r"^\s*(?P<name>[^\d\s][^\n]{0,60}?)\s+[-–—]\s+"
                             r"(?P<ts>(?:\d{1,2}:)?\d{1,2}:\d{2})\s*$")
_TIME_DASH_NAME = re.compile(r"^\s*(?P<ts>(?:\d{1,2}:)?\d{1,2}:\d{2})\s+[-–—]\s+"
                             r"(?P<name>[^\d\s][^\n]{0,60}?)\s*$")


def is_docx(data: bytes) -> bool:
    """Whether `data` is a Word document: a zip holding word/document.xml."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def docx_text(data: bytes, name: str) -> str:
    """The document's transcript as plain-reader text; InputError when it does not open."""
    import docx  # python-docx: loaded only for Word documents

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    if unpacked > _MAX_UNPACKED:
        raise unreadable("docx.too_large", name=name, size=Size(unpacked),
                         limit=Size(_MAX_UNPACKED))
    try:
        document = docx.Document(io.BytesIO(data))
    except (ValueError, KeyError, zipfile.BadZipFile, OSError) as exc:
        raise unreadable("docx.unreadable", name=name, reason=exc) from None
    except Exception as exc:  # lxml's XMLSyntaxError and the like: a damaged file
        raise unreadable("docx.damaged", name=name, reason=type(exc).__name__) from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                lines.append(": ".join(dict.fromkeys(cells)))
    return "\n".join(_reshaped(lines)) + "\n"


def _reshaped(lines: list[str]) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        timing = _TIMING.match(line)
        if timing and index + 1 < len(lines):
            hours, minutes, seconds = (int(g) for g in timing.groups())
            speaker = lines[index + 1].strip()
            said = []
            index += 2
            while index < len(lines) and not _TIMING.match(lines[index].strip()):
                said.append(lines[index].strip())
                index += 1
            out.append(f"[{hours:02d}:{minutes:02d}:{seconds:02d}] {speaker}: "
                       + " ".join(s for s in said if s))
            continue
        header = _NAME_DASH_TIME.match(line) or _TIME_DASH_NAME.match(line)
        if header:
            line = f"{header.group('name').strip()}  {header.group('ts')}"
        out.append(line)
        index += 1
    return out
