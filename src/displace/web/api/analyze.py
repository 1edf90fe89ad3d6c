"""POST /api/analyze: a transcript in, the coach's report out; nothing is stored."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from ninja import Router

from displace import analyze_conversation
from displace.core.model import Role
from displace.web import permissions
from displace.web.api.auth import caller
from displace.web.api.errors import require_within_limit
from displace.web.api.schemas import AnalyzeIn, Error
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
    profile = permissions.profile_of(caller(request))
    # Bytes, never str: the library reads a one-line str naming a file as that file.
    report = analyze_conversation(content, input_format=body.format, lang=body.lang,
                                  roles=cast("dict[str, Role]", dict(body.roles)) or None,
                                  rules=team_rule_packs(),
                                  examples=team_examples(profile.team_id if profile else None))
    return report.to_dict()
