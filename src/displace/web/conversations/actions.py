"""Writes for conversations: record an upload with the coach's findings, set roles, accept evidence.

An upload is checked (size, format, encoding) before anything is stored, and everything it
writes happens in one transaction, so a refused or failed upload leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import cast

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from displace.core.errors import InputError
from displace.core.limits import limit
from displace.core.model import ROLES, Report, Role
from displace.web.bounds import checked_text
from displace.web.conversations.models import Conversation, Finding
from displace.web.deals import actions as deal_actions
from displace.web.deals.models import Deal

__all__ = [
    "FORMATS",
    "Upload",
    "UploadError",
    "accept_finding_as_evidence",
    "record_conversation",
    "reread_conversation",
    "set_speaker_roles",
]

# File extension -> the core's format name; plain text may be one turn per line or inline.
FORMATS = {".txt": "", ".vtt": "vtt", ".srt": "srt", ".json": "json"}


class UploadError(InputError):
    """A transcript refused before anything was stored."""


@dataclass(frozen=True)
class Upload:
    """A transcript as it arrived: a file name (or '' when pasted) and its bytes."""

    name: str
    content: bytes


def record_conversation(
    deal: Deal,
    upload: Upload,
    *,
    by: User,
    title: str = "",
    roles: Mapping[str, str] | None = None,
) -> Conversation:
    """Check, parse and analyse a transcript, then store it with its findings on the deal."""
    title = checked_text(title, "conversation.title", _("title"))
    _check_roles(roles or {})
    text, input_format = check_upload(upload)
    report = _analyse(deal, text, input_format, roles)
    with transaction.atomic():
        conversation = Conversation.objects.create(
            deal=deal,
            title=title or upload.name[: limit("conversation.title")] or _("Pasted conversation"),
            source_text=text,
            uploaded_by=by,
            **_fields_of(report, input_format),
        )
        _store_findings(conversation, report)
        deal_actions.touch(deal)
        deal_actions.refresh_assessment(deal)
    return conversation


def set_speaker_roles(
    conversation: Conversation, roles: Mapping[str, str], *, by: User
) -> Conversation:
    """Re-read the conversation with the roles a person picked, replacing its findings."""
    _check_roles(roles)
    unknown = {r for r in roles.values() if r not in ROLES}
    if unknown:
        raise UploadError(_("Unknown role: %(role)s.") % {"role": ", ".join(sorted(unknown))})
    hints = {**conversation.speakers, **roles}
    return _reanalyse(conversation, hints, {s: "person" for s in roles}, assess=True)


def reread_conversation(conversation: Conversation, *, assess: bool = True) -> Conversation:
    """Analyse a stored conversation again with its speakers' roles as they are, replacing its
    findings (after the team's examples changed); `assess=False` leaves the deal's assessment
    to the caller, who refreshes it once for all of a deal's conversations."""
    return _reanalyse(conversation, dict(conversation.speakers),
                      dict(conversation.role_sources), assess=assess)


def _reanalyse(conversation: Conversation, hints: Mapping[str, str],
               kept_sources: Mapping[str, str], *, assess: bool) -> Conversation:
    """Store a new analysis of the conversation, keeping `kept_sources` of its roles' sources."""
    report = _analyse(conversation.deal, conversation.source_text,
                      conversation.input_format, hints)
    fields = _fields_of(report, conversation.input_format)
    reported_sources = cast("dict[str, str]", fields.pop("role_sources"))
    with transaction.atomic():
        for name, value in fields.items():
            setattr(conversation, name, value)
        conversation.role_sources = {**reported_sources, **kept_sources}
        conversation.save()
        conversation.findings.all().delete()
        _store_findings(conversation, report)
        if assess:
            deal_actions.refresh_assessment(conversation.deal)
    return conversation


def _check_roles(roles: Mapping[str, str]) -> None:
    most = limit("conversation.speakers")
    if len(roles) > most:
        raise UploadError(_("At most %(limit)s speakers can be given roles.") % {"limit": most})
    for label in roles:
        checked_text(label, "transcript.speaker", _("speaker"))


def accept_finding_as_evidence(finding: Finding, *, by: User, gap_key: str = "") -> Deal:
    """Use the prospect's words in a finding as the evidence of a gap (a new one if none given)."""
    deal = finding.conversation.deal
    with transaction.atomic():
        if not gap_key:
            deal = deal_actions.add_gap(deal, _summary_of(finding.quote), by=by)
            gap_key = deal.core["gaps"][-1]["id"]
        deal = deal_actions.add_contact(deal, finding.speaker, by=by)
        deal = deal_actions.update_gap(
            deal, gap_key,
            {"stated_by": finding.speaker, "quote": finding.quote,
             "conversation": finding.conversation.title},
            by=by,
        )
        deal.gaps.filter(key=gap_key).update(source_finding=finding)
    return deal


def check_upload(upload: Upload) -> tuple[str, str]:
    """The transcript's text and format, or UploadError saying what is wrong with it."""
    limit: int = settings.MAX_UPLOAD_BYTES
    if len(upload.content) > limit:
        raise UploadError(
            _("The transcript is %(size)s bytes; the limit is %(limit)s bytes.")
            % {"size": len(upload.content), "limit": limit}
        )
    suffix = PurePath(upload.name).suffix.lower() if upload.name else ".txt"
    if suffix not in FORMATS:
        raise UploadError(
            _("%(name)s: unknown format; expected a .txt, .vtt, .srt or .json transcript.")
            % {"name": upload.name}
        )
    text = _decode(upload)
    if not text.strip():
        raise UploadError(_("The transcript is empty."))
    return text, FORMATS[suffix]


def _decode(upload: Upload) -> str:
    data = upload.content
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadError(
            _("%(name)s cannot be read as UTF-8 text; save it as UTF-8 and upload it again.")
            % {"name": upload.name or _("The pasted text")}
        ) from None


def _analyse(deal: Deal, text: str, input_format: str,
             roles: Mapping[str, str] | None) -> Report:
    from displace.core.coach import analyze
    from displace.core.transcript import read_conversation
    from displace.web.examples.actions import team_examples
    from displace.web.library.actions import team_rule_packs

    parsed = read_conversation(text.encode("utf-8"), input_format=input_format or None,
                               role_hints=cast(Mapping[str, Role], roles) if roles else None,
                               name="transcript")
    if not parsed.turns:
        raise UploadError(_("No speaker turns were found in this transcript."))
    return analyze(parsed, lang=deal.language, extra_rule_packs=team_rule_packs(),
                   examples=team_examples(deal.team_id))  # the team's confirmed examples


def _fields_of(report: Report, input_format: str) -> dict[str, object]:
    data = report.to_dict()
    return {
        "input_format": data["input_format"],
        "language": data["language"],
        "turns": data["turns"],
        "speakers": {s["label"]: s["role"] for s in data["speakers"]},
        "role_sources": {s["label"]: s["role_source"] for s in data["speakers"]},
        "metrics": data["metrics"],
        "warnings": data["warnings"],
    }


def _store_findings(conversation: Conversation, report: Report) -> None:
    Finding.objects.bulk_create(
        Finding(
            conversation=conversation, behaviour=f.behaviour, polarity=f.polarity,
            severity=f.severity, turn=f.turn_index, start=f.start, end=f.end, quote=f.quote,
            speaker=f.speaker, role=f.role, rule=f.rule, message=f.message, advice=f.advice,
            data=f.data,
        )
        for f in report.findings
    )


def _summary_of(quote: str) -> str:
    words = quote.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")
