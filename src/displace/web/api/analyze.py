"""POST /api/analyze: a transcript in, the coach's report out; nothing is stored."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from ninja import File, Form, Router
from ninja.files import UploadedFile

from displace import analyze_conversation
from displace.core.model import Role
from displace.web import permissions
from displace.web.api.auth import caller
from displace.web.api.errors import require_within_limit
from displace.web.api.schemas import AnalyzeIn, Error, FormatName, LanguageCode
from displace.web.examples.actions import team_examples
from displace.web.library.actions import team_rule_packs

router = Router(tags=["analyze"])


@router.post("/analyze", response={200: dict[str, Any], 400: Error, 401: Error, 413: Error},
             summary="Analyse a transcript")
def analyze(request: HttpRequest, body: AnalyzeIn) -> dict[str, Any]:
    """The coach's report (docs/report-schema.md) for a transcript sent as text, with the
    caller's team's phrases and confirmed examples."""
    content = body.text.encode("utf-8")
    require_within_limit(len(content))
    return _report(request, content, body.format, body.lang,
                   cast("dict[str, Role]", dict(body.roles)))


@router.post("/analyze/upload",
             response={200: dict[str, Any], 400: Error, 401: Error, 413: Error},
             summary="Analyse a transcript file")
def analyze_file(
    request: HttpRequest, transcript: File[UploadedFile],
    format: Form[FormatName | None] = None, lang: Form[LanguageCode | None] = None,
) -> dict[str, Any]:
    """The same report for a file sent as multipart/form-data, read as the command line reads
    it: a Word document (.docx), or UTF-8, UTF-16 or Windows-1258 text in any format."""
    from django.conf import settings

    content = transcript.read(settings.MAX_UPLOAD_BYTES + 1)
    require_within_limit(len(content))
    return _report(request, content, format, lang, {})


def _report(request: HttpRequest, content: bytes, input_format: str | None, lang: str | None,
            roles: dict[str, Role]) -> dict[str, Any]:
    profile = permissions.profile_of(caller(request))
    # Bytes, never str: the library reads a one-line str naming a file as that file.
    report = analyze_conversation(content, input_format=input_format, lang=lang,
                                  roles=roles or None, rules=team_rule_packs(),
                                  examples=team_examples(profile.team_id if profile else None))
    return report.to_dict()
