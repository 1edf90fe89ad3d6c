"""Every write to a deal goes through here: import, evidence edits, comments, the assessment.

The core deal (`Deal.core`, in the deal-file format) is the truth; `_save_core` validates it
with the core, projects it onto columns and gap/offer rows, writes the history of what
changed and recomputes the cached assessment, all in one transaction.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from displace.core.deal.dealfile import deal_from_dict, deal_to_dict
from displace.core.deal.model import Deal as CoreDeal
from displace.core.errors import DealFileError, DisplaceError
from displace.web import jobs
from displace.web.accounts.models import Profile
from displace.web.bounds import checked_amount, checked_confidence, checked_text
from displace.web.competitors.actions import competitor_named
from displace.web.deals import assessing
from displace.web.deals.models import Comment, Deal, Evidence, EvidenceChange, Gap, OfferItem

__all__ = [
    "add_comment",
    "add_gap",
    "assess_later",
    "import_deal",
    "refresh_assessment",
    "restore_deal",
    "update_deal",
    "update_decision",
    "update_gap",
]


def import_deal(
    core_deal: CoreDeal,
    *,
    owner: User,
    by: User | None = None,
    value: Decimal | int = 0,
    currency: str = "",
    expected_close: date | None = None,
) -> Deal:
    """Store a core deal (from a deal file) as a deal owned by `owner`, on the owner's team."""
    profile = Profile.objects.filter(user=owner).first()
    data = deal_to_dict(core_deal)
    amount = checked_amount(value, "value")
    with transaction.atomic():
        deal = Deal(
            owner=owner,
            team=profile.team if profile else None,
            value=amount,
            currency=currency or _currency_of(core_deal),
            expected_close=expected_close,
        )
        _project(deal, data)
        deal.save()
        _project_rows(deal, data)
        EvidenceChange.objects.create(deal=deal, by=by or owner, what="import", after=data)
    _refresh_after_commit(deal)
    return deal


def restore_deal(core_deal: CoreDeal, **columns: Any) -> Deal:
    """Store a deal as an archive holds it (displace.web.archive): its columns as given,
    timestamps included; no history entry and no new assessment, since the archive brings
    both."""
    data = deal_to_dict(core_deal)
    times = {k: columns.pop(k) for k in ("created_at", "last_activity") if k in columns}
    with transaction.atomic():
        deal = Deal(**columns)
        _project(deal, data)
        deal.save()
        _project_rows(deal, data)
        if times:  # auto_now_add set them to now on save
            Deal.objects.filter(pk=deal.pk).update(**times)
    for name, value in times.items():
        setattr(deal, name, value)
    return deal


def update_deal(deal: Deal, *, by: User, **fields: Any) -> Deal:
    """Change the deal's stage, value, currency, expected close or the rep's confidence."""
    allowed = {"stage", "value", "currency", "expected_close", "rep_confidence", "title"}
    unknown = set(fields) - allowed
    if unknown:
        raise DealFileError(f"deal: cannot change {', '.join(sorted(unknown))}")
    data = copy.deepcopy(deal.core)
    for key in ("stage", "rep_confidence", "title"):
        if key in fields:
            if fields[key] is None:
                data.pop(key, None)
            else:
                data[key] = fields[key]
    if fields.get("value") is not None:
        fields["value"] = checked_amount(fields["value"], "value")
    if fields.get("rep_confidence") is not None:
        data["rep_confidence"] = checked_confidence(fields["rep_confidence"], "rep_confidence")
    for key in ("value", "currency", "expected_close"):
        if key in fields:
            setattr(deal, key, fields[key])
    return _save_core(deal, data, by=by, what="deal")


def add_gap(deal: Deal, summary: str, *, by: User, capability: str = "") -> Deal:
    """Add a gap the rep assumes; evidence comes later from the prospect's own words."""
    data = copy.deepcopy(deal.core)
    gaps = data.setdefault("gaps", [])
    key = _free_key({g["id"] for g in gaps}, summary)
    gap: dict[str, Any] = {"id": key, "summary": summary.strip()}
    if capability:
        gap["capability"] = capability
    gaps.append(gap)
    return _save_core(deal, data, by=by, what=f"gaps.{key}")


def update_gap(deal: Deal, key: str, changes: Mapping[str, Any], *, by: User) -> Deal:
    """Change a gap's summary or its evidence (stated_by, quote, impact, owner...)."""
    data = copy.deepcopy(deal.core)
    gap = next((g for g in data.get("gaps", []) if g["id"] == key), None)
    if gap is None:
        raise DealFileError(f"gaps: no gap with id {key!r}")
    evidence = gap.setdefault("evidence", {})
    for name, value in changes.items():
        _set_or_clear(gap if name in ("summary", "capability") else evidence, name, value)
    if not evidence:
        gap.pop("evidence")
    return _save_core(deal, data, by=by, what=f"gaps.{key}")


def _set_or_clear(target: dict[str, Any], name: str, value: Any) -> None:
    """An empty value removes the key, so a cleared field leaves nothing behind in the deal."""
    if value in ("", None):
        target.pop(name, None)
    else:
        target[name] = value


def update_decision(deal: Deal, changes: Mapping[str, Any], *, by: User) -> Deal:
    """Change who can change supplier and whether they said they are willing to."""
    data = copy.deepcopy(deal.core)
    decision = data.setdefault("decision", {})
    for name, value in changes.items():
        _set_or_clear(decision, name, value)
    if not decision:
        data.pop("decision")
    return _save_core(deal, data, by=by, what="decision")


def add_comment(deal: Deal, text: str, *, by: User) -> Comment:
    """A note on the deal; how a manager speaks to the evidence without changing it."""
    return Comment.objects.create(deal=deal, author=by,
                                  text=checked_text(text, "comment.text", _("comment")))


def add_contact(deal: Deal, name: str, *, by: User, decision_role: str = "unknown") -> Deal:
    """Add a person at the prospect, so that they can state a gap or decide."""
    data = copy.deepcopy(deal.core)
    contacts = data["prospect"].setdefault("contacts", [])
    if all(c["name"].casefold() != name.strip().casefold() for c in contacts):
        contacts.append({"name": name.strip(), "decision_role": decision_role})
    return _save_core(deal, data, by=by, what="prospect.contacts")


def refresh_assessment(deal: Deal) -> None:
    """Recompute the cached assessment from the core deal and its conversations."""
    try:
        result = assessing.assess(deal)
    except DisplaceError as exc:
        # The evidence is saved either way; the deal page says why there is no assessment.
        result = assessing.AssessmentResult(None, None, {"error": str(exc)})
    Deal.objects.filter(pk=deal.pk).update(
        win_probability=result.win_probability,
        ready=result.ready,
        assessment=result.data,
    )
    deal.win_probability, deal.ready, deal.assessment = (
        result.win_probability, result.ready, result.data,
    )


def assess_later(deal: Deal) -> None:
    """Re-assess the deal in a background job (its conversations changed); at once inline."""
    from displace.web.deals.tasks import assess_deal

    jobs.enqueue(assess_deal, deal.pk)


def _refresh_after_commit(deal: Deal) -> None:
    # The person who changed the evidence is looking at the assessment, so it is recomputed
    # before the page answers, but after the write commits: re-reading the deal's calls must
    # not hold the database's write lock (SQLite has one for everybody).
    if settings.JOBS_INLINE:
        refresh_assessment(deal)
    else:
        transaction.on_commit(lambda: refresh_assessment(deal))


def touch(deal: Deal) -> None:
    """Mark activity on the deal (a conversation, a follow-up), which clears 'stalled'."""
    deal.last_activity = timezone.now()
    Deal.objects.filter(pk=deal.pk).update(last_activity=deal.last_activity)


def _save_core(deal: Deal, data: dict[str, Any], *, by: User, what: str) -> Deal:
    before = deal.core
    core_deal = deal_from_dict(data, source=f"deal {deal.pk}")  # raises DealFileError
    clean = deal_to_dict(core_deal)
    with transaction.atomic():
        _project(deal, clean)
        deal.last_activity = timezone.now()
        deal.save()
        _project_rows(deal, clean)
        EvidenceChange.objects.create(
            deal=deal, by=by, what=what, before=_part(before, what), after=_part(clean, what)
        )
    _refresh_after_commit(deal)
    return deal


def _part(data: Mapping[str, Any], what: str) -> Any:
    # History keeps the part that changed, not the whole deal each time.
    head, _, key = what.partition(".")
    if head == "gaps" and key:
        return next((g for g in data.get("gaps", []) if g["id"] == key), None)
    if head == "deal":
        keys = ("title", "stage", "rep_confidence")
        return {k: data.get(k) for k in keys}
    if head == "prospect":
        return data.get("prospect", {}).get("contacts", [])
    return data.get(head)


def _project(deal: Deal, data: Mapping[str, Any]) -> None:
    deal.core = dict(data)
    deal.title = data["title"]
    deal.language = data.get("language", "en")
    deal.stage = data.get("stage", "discovery")
    deal.rep_confidence = data.get("rep_confidence")
    deal.prospect = data["prospect"]["name"]
    deal.industry = data["prospect"]["industry"]
    deal.seller = data["our_side"]["organisation"]
    deal.incumbent = competitor_named(data["incumbent"]["name"], team_id=deal.team_id,
                                      industry=deal.industry)
    decision = data.get("decision", {})
    deal.decision_maker = decision.get("maker", "")
    deal.willing_to_change = decision.get("willing") == "yes"
    deal.has_stated_gap = any(_evidence_level(g) != Evidence.ASSUMED for g in data.get("gaps", []))


def _project_rows(deal: Deal, data: Mapping[str, Any]) -> None:
    findings = dict(Gap.objects.filter(deal=deal).values_list("key", "source_finding_id"))
    Gap.objects.filter(deal=deal).delete()
    OfferItem.objects.filter(deal=deal).delete()
    Gap.objects.bulk_create(_gap_row(deal, i, g, findings.get(g["id"]))
                            for i, g in enumerate(data.get("gaps", [])))
    OfferItem.objects.bulk_create(
        OfferItem(deal=deal, key=item["id"], text=item["text"], position=i,
                  capability=item.get("capability") or "", kind=item.get("kind") or "")
        for i, item in enumerate(data.get("offer", []))
    )


def _gap_row(deal: Deal, position: int, gap: Mapping[str, Any], finding_id: int | None) -> Gap:
    evidence = gap.get("evidence", {})
    return Gap(
        deal=deal, key=gap["id"], title=gap["summary"], position=position,
        capability=gap.get("capability") or "", evidence=_evidence_level(gap),
        stated_by=evidence.get("stated_by", ""), quote=evidence.get("quote", ""),
        impact=evidence.get("impact", ""), owner_name=evidence.get("owner", ""),
        source_finding_id=finding_id,
    )


def _evidence_level(gap: Mapping[str, Any]) -> str:
    evidence = gap.get("evidence", {})
    if not (evidence.get("stated_by") and evidence.get("quote")):
        return Evidence.ASSUMED
    if evidence.get("owner"):
        return Evidence.OWNED
    return Evidence.QUANTIFIED if evidence.get("impact") else Evidence.STATED


def _currency_of(core_deal: CoreDeal) -> str:
    said = core_deal.prospect.currency.strip().upper()
    return "VND" if said in {"VND", "₫", "Đ", "VNĐ", "D"} else "USD"


def _free_key(taken: set[str], summary: str) -> str:
    base = (slugify(summary)[:40].strip("-") or "gap")
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key
