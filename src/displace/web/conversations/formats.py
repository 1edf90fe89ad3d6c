"""A transcript's format in words: the upload form's choices, and the name a page shows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy

from displace.core.transcript.detect import FORMATS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = ["format_name", "upload_formats"]

# The reader's formats (displace.core.transcript.detect.FORMATS), as a person knows them.
FORMAT_NAMES: dict[str, StrOrPromise] = {
    "plain": gettext_lazy("One turn per line (Name: what they said)"),
    "inline": gettext_lazy("Speaker names inside paragraphs"),
    "quoted": gettext_lazy("Dialogue in quotation marks"),
    "vtt": gettext_lazy("WebVTT subtitles"),
    "srt": gettext_lazy("SRT subtitles"),
    "json": gettext_lazy("JSON from a transcription service"),
}


def format_name(code: str) -> str:
    """The format `code` (plain, vtt...) in the reader's language; the code when unknown."""
    return str(FORMAT_NAMES.get(code, code))


def upload_formats() -> list[tuple[str, str]]:
    """The upload form's choices: found from the file (""), then each format the reader reads."""
    return [("", str(gettext_lazy("Find it from the file"))),
            *((code, format_name(code)) for code in FORMATS)]
