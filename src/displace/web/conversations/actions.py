"""Writes for conversations: record an upload, analyse it, set roles, accept evidence.

An upload is checked (size, format, encoding, speaker turns) before anything is stored, then
stored at once with its analysis queued: the coach (seconds for a long call with its learned
layer) runs in a background job, `analyse_queued_conversation`, which replaces the turns,
speakers and findings in one transaction at its end, so a failed analysis leaves the previous
state and its reason, and can be retried. The same transcript uploaded to a deal again (or an
upload retried after a dropped connection) finds the conversation already stored.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import cast

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from displace.core.errors import DisplaceError, InputError
from displace.core.limits import limit
from displace.core.messages import Notice
from displace.core.model import ROLES, Report, Role
from displace.core.model import Conversation as Conversation_
from displace.core.transcript.detect import FORMATS as TRANSCRIPT_FORMATS
from displace.core.transcript.roles import names_a_role
from displace.web import jobs
from displace.web.accounts.models import Profile
from displace.web.bounds import checked_text
from displace.web.conversations.evidence import (
    can_accept,
    contact_named,
    evidence_quote,
    stated_by_for,
    suggested_title,
)
from displace.web.conversations.models import AnalysisState, Conversation, Finding
from displace.web.deals import actions as deal_actions
from displace.web.deals.models import Deal
from displace.web.formatting import error_text, format_sizes, reader_language

__all__ = [
    "FORMATS",
    "EvidenceError",
    "Recorded",
    "Upload",
    "UploadError",
    "accept_finding_as_evidence",
    "analyse_queued_conversation",
    "can_retry",
    "record_conversation",
    "record_upload",
    "reread_conversation",
    "retry_analysis",
    "set_speaker_roles",
]

logger = logging.getLogger("displace.jobs")

# File extension -> the core's format name ("": found from the content, as the CLI does): the
# same files `displace analyze` reads. A Word document is stored as the text of its paragraphs.
FORMATS = {".txt": "", ".md": "", ".docx": "", ".vtt": "vtt", ".srt": "srt", ".json": "json"}


class UploadError(InputError):
    """A transcript refused before anything was stored."""


class EvidenceError(InputError):
    """A finding that cannot be a gap's evidence, or no person to say it was theirs."""


@dataclass(frozen=True)
class Upload:
    """A transcript as it arrived: a file name (or '' when pasted), its bytes, and the format
    the person chose ('' to find it from the name and the content)."""

    name: str
    content: bytes
    input_format: str = ""


@dataclass(frozen=True)
class Recorded:
    """What an upload became: its conversation, and whether it is new (False: the deal had
    the same transcript already, and nothing was stored)."""

    conversation: Conversation
    created: bool


def record_conversation(
    deal: Deal,
    upload: Upload,
    *,
    by: User,
    title: str = "",
    roles: Mapping[str, str] | None = None,
) -> Conversation:
    """Store a transcript on the deal and queue its analysis (see `record_upload`)."""
    return record_upload(deal, upload, by=by, title=title, roles=roles).conversation


def record_upload(
    deal: Deal,
    upload: Upload,
    *,
    by: User,
    title: str = "",
    roles: Mapping[str, str] | None = None,
) -> Recorded:
    """Check a transcript, store it on the deal and queue the coach's analysis of it; the same
    transcript again gives the conversation already stored."""
    title = checked_text(title, "conversation.title", _("title"))
    _check_roles(roles or {})
    text, input_format = check_upload(upload)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    stored = _stored_with(deal, digest)
    if stored is not None:
        return Recorded(stored, created=False)
    _parse(text, input_format, roles)  # no speaker turns: refused now, not in the job
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(
                deal=deal, team_id=deal.team_id,
                title=(title or upload.name[: limit("conversation.title")]
                       or _("Pasted conversation")),
                source_text=text, input_format=input_format, uploaded_by=by,
                speakers=dict(roles or {}),  # the roles given, as hints for the analysis
                content_hash=digest, analysis_state=AnalysisState.QUEUED,
            )
            deal_actions.touch(deal)
            _queue_analysis(conversation)
    except IntegrityError:
        # The same transcript, stored by a concurrent request (a retried upload) meanwhile.
        stored = _stored_with(deal, digest)
        if stored is None:
            raise
        return Recorded(stored, created=False)
    conversation.refresh_from_db()  # inline, the analysis has run already
    return Recorded(conversation, created=True)


def _stored_with(deal: Deal, digest: str) -> Conversation | None:
    # Saying "not empty" again lets SQLite look it up in the constraint's partial index,
    # rather than reading each of the deal's transcripts to compare hashes.
    return (deal.conversations.filter(content_hash=digest).exclude(content_hash="")
            .defer("source_text", "turns").first())


def can_retry(conversation: Conversation) -> bool:
    """Whether its analysis may be queued again: it failed, or its job stalled (the worker
    running it was killed, or the queue lost it), so it would otherwise never finish."""
    if conversation.analysis_state == AnalysisState.FAILED:
        return True
    return (conversation.analysis_state in (AnalysisState.QUEUED, AnalysisState.RUNNING)
            and jobs.job_stalled(conversation.analysis_task))


def retry_analysis(conversation: Conversation, *, by: User) -> Conversation:
    """Queue the analysis of a conversation again, after it failed or its job stalled."""
    if not can_retry(conversation):
        raise UploadError(
            _("Only a failed or stalled analysis can be retried; this conversation is "
              "%(state)s.") % {"state": conversation.get_analysis_state_display()})
    with transaction.atomic():
        Conversation.objects.filter(pk=conversation.pk).update(
            analysis_state=AnalysisState.QUEUED, analysis_error="")
        _queue_analysis(conversation)
    conversation.refresh_from_db()
    return conversation


def analyse_queued_conversation(conversation_id: int) -> str:
    """The analysis job: run the coach on a queued upload, then store its turns, speakers and
    findings in one transaction and queue the deal's re-assessment. A failure stores nothing
    but the state and its reason, in the uploader's language. Returns what became of it."""
    conversation = (Conversation.objects.select_related("deal", "uploaded_by")
                    .filter(pk=conversation_id).first())
    if conversation is None or conversation.analysis_state == AnalysisState.DONE:
        return "nothing to do"  # deleted meanwhile, or already analysed by an earlier run
    Conversation.objects.filter(pk=conversation.pk).update(
        analysis_state=AnalysisState.RUNNING, analysis_error="")
    with translation.override(_reader_language(conversation)):
        try:
            _store_analysis(conversation)
        except DisplaceError as exc:
            _mark_failed(conversation, error_text(exc))
            return "failed"
        except Exception as exc:
            _mark_failed(conversation, _(
                "The coach stopped on an internal error (%(error)s); nothing was changed. "
                "Retry; if it fails again, tell your admin.") % {"error": type(exc).__name__})
            raise  # the task's own record and the log keep the traceback
    deal_actions.assess_later(conversation.deal)
    return "done"


def _store_analysis(conversation: Conversation) -> None:
    report = _analyse(conversation.deal, conversation.source_text, conversation.input_format,
                      dict(conversation.speakers) or None)
    with transaction.atomic():
        Conversation.objects.filter(pk=conversation.pk).update(
            **_fields_of(report, conversation.input_format),
            analysis_state=AnalysisState.DONE, analysis_error="")
        conversation.findings.all().delete()
        _store_findings(conversation, report)


def _mark_failed(conversation: Conversation, reason: str) -> None:
    logger.warning("analysis of conversation %s failed: %s", conversation.pk, reason)
    Conversation.objects.filter(pk=conversation.pk).update(
        analysis_state=AnalysisState.FAILED, analysis_error=reason)


def _queue_analysis(conversation: Conversation) -> None:
    from displace.web.conversations.tasks import analyse_conversation

    def record(job_id: str) -> None:
        Conversation.objects.filter(pk=conversation.pk).update(analysis_task=job_id)

    jobs.enqueue(analyse_conversation, conversation.pk, then=record)


def _reader_language(conversation: Conversation) -> str:
    """The uploader's own language for the reason of a failure, else the site's."""
    chosen = (Profile.objects.filter(user=conversation.uploaded_by)
              .values_list("language", flat=True).first()) if conversation.uploaded_by else ""
    return chosen or str(settings.LANGUAGE_CODE)


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
        deal_actions.assess_later(conversation.deal)
    return conversation


def _check_roles(roles: Mapping[str, str]) -> None:
    most = limit("conversation.speakers")
    if len(roles) > most:
        raise UploadError(_("At most %(limit)s speakers can be given roles.") % {"limit": most})
    for label in roles:
        checked_text(label, "transcript.speaker", _("speaker"))


def accept_finding_as_evidence(
    finding: Finding, *, by: User, gap_key: str = "", title: str = "", said_by: str = ""
) -> Deal:
    """Use what the prospect said (a stated gap or a cue) as a gap's evidence: the whole
    sentence, stated by `said_by` (or whom the transcript names); a new gap titled `title` (or
    the sentence's first words) when no `gap_key` is given. Nothing is written on an error."""
    if not can_accept(finding):
        raise EvidenceError(_("Only the prospect's own words about a gap, or a hint of one, can "
                              "be accepted as a gap's evidence."))
    deal = finding.conversation.deal
    contacts = [str(c["name"]) for c in deal.core["prospect"].get("contacts", [])]
    who = (checked_text(said_by, "deal.short_text", _("said by"))
           or stated_by_for(finding.speaker, contacts))
    known = contact_named(who, contacts)
    if not who:
        raise EvidenceError(
            _("Said by: the transcript calls the speaker “%(label)s”, a role rather than a "
              "person; name the contact at the prospect who said it.") % {"label": finding.speaker})
    if known is None and names_a_role(who):
        raise EvidenceError(_("Said by: “%(name)s” is a role, not a person; name the contact at "
                              "the prospect who said it.") % {"name": who})
    if gap_key and all(g["id"] != gap_key for g in deal.core.get("gaps", [])):
        raise EvidenceError(_("Evidence for: the deal has no gap “%(key)s” (any more); reload "
                              "the page and pick one.") % {"key": gap_key})
    quote = evidence_quote(finding)
    summary = checked_text(title, "deal.text", _("gap title")) or suggested_title(quote)
    with transaction.atomic():
        if not gap_key:
            deal = deal_actions.add_gap(deal, summary, by=by)
            gap_key = deal.core["gaps"][-1]["id"]
        if known is None:
            deal = deal_actions.add_contact(deal, who, by=by)
        deal = deal_actions.update_gap(
            deal, gap_key,
            {"stated_by": known or who, "quote": quote,
             "conversation": finding.conversation.title},
            by=by,
        )
        deal.gaps.filter(key=gap_key).update(source_finding=finding)
    return deal


def check_upload(upload: Upload) -> tuple[str, str]:
    """The transcript's text and format, or UploadError saying what is wrong with it."""
    limit: int = settings.MAX_UPLOAD_BYTES
    if len(upload.content) > limit:
        size, most = format_sizes(len(upload.content), limit, reader_language())
        raise UploadError(_("The transcript is %(size)s; the limit is %(limit)s.")
                          % {"size": size, "limit": most})
    suffix = PurePath(upload.name).suffix.lower() if upload.name else ".txt"
    if suffix not in FORMATS:
        raise UploadError(
            _("%(name)s: unknown format; expected a .txt, .md, .vtt, .srt, .json or .docx "
              "transcript.") % {"name": upload.name}
        )
    if upload.input_format and upload.input_format not in TRANSCRIPT_FORMATS:
        raise UploadError(_("Format: choose one of the list."))
    text = _decode(upload)
    if not text.strip():
        raise UploadError(_("The transcript is empty."))
    return text, upload.input_format or FORMATS[suffix]


def _decode(upload: Upload) -> str:
    """The text as the reader sees it: UTF-8 (with or without BOM), UTF-16 with BOM,
    Windows-1258, or a Word document's paragraphs."""
    from displace.core.transcript import transcript_text

    name = upload.name or _("The pasted text")
    try:
        text, _encoding = transcript_text(upload.content, name)
    except InputError:
        raise UploadError(
            _("%(name)s cannot be read as text: save it as UTF-8 (or Windows-1258), or as a "
              "Word document, and upload it again.") % {"name": name}
        ) from None
    return text


def _parse(text: str, input_format: str, roles: Mapping[str, str] | None) -> Conversation_:
    from displace.core.transcript import read_conversation

    parsed = read_conversation(text.encode("utf-8"), input_format=input_format or None,
                               role_hints=cast(Mapping[str, Role], roles) if roles else None,
                               name="transcript")
    if not parsed.turns:
        raise UploadError(_("No speaker turns were found in this transcript."))
    return parsed


def _analyse(deal: Deal, text: str, input_format: str,
             roles: Mapping[str, str] | None) -> Report:
    from displace.core.coach import analyze
    from displace.web.examples.actions import team_examples
    from displace.web.library.actions import team_rule_packs

    parsed = _parse(text, input_format, roles)
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
        # the reader's warnings in every language: the page shows the reader's
        "warnings": [w.in_languages() if isinstance(w, Notice) else w for w in report.warnings],
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
