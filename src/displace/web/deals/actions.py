"""Every write to a deal goes through here: import, evidence edits, comments, the assessment.

The core deal (`Deal.core`, in the deal-file format) is the truth; `_save_core` validates it
with the core, projects it onto columns and gap/offer rows, writes the history of what
changed and recomputes the cached assessment, all in one transaction.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
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
from displace.core.outcomes import parse_reasons
from displace.core.text.fold import fold
from displace.web import jobs
from displace.web.accounts.models import Profile, Team
from displace.web.bounds import checked_amount, checked_confidence, checked_text
from displace.web.competitors.actions import competitor_named
from displace.web.competitors.models import Competitor
from displace.web.deals import assessing, sections
from displace.web.deals.models import (
    CLOSED_STAGES,
    INCUMBENT_NOT_RECORDED,
    OPEN_STAGES,
    Closing,
    Comment,
    Deal,
    Evidence,
    EvidenceChange,
    Gap,
    OfferItem,
    OutcomeReasons,
    Stage,
    StageSnapshot,
)
from displace.web.deals.outcomes import (
    ClosingError,
    ClosingValues,
    check_closing,
    closing_row,
    evidence_forecast,
    not_recorded,
    reasons_of,
    snapshot_of,
)

__all__ = [
    "CompetitorCache",
    "NewDeal",
    "add_comment",
    "add_gap",
    "assess_later",
    "close_deal",
    "create_deal",
    "import_deal",
    "import_deals",
    "move_deals",
    "refresh_assessment",
    "remove_entry",
    "reopen_deal",
    "restore_deal",
    "save_entry",
    "save_outcome_reasons",
    "searchable",
    "update_deal",
    "update_decision",
    "update_from_crm",
    "update_gap",
    "update_incumbent",
    "update_many_from_crm",
    "update_prospect",
    "update_vision",
]


def import_deal(
    core_deal: CoreDeal,
    *,
    owner: User,
    by: User | None = None,
    value: Decimal | int = 0,
    currency: str = "",
    expected_close: date | None = None,
    crm_source: str = "",
    crm_id: str = "",
    assess: bool = True,
) -> Deal:
    """Store a core deal (from a deal file) as a deal owned by `owner`, on the owner's team;
    `crm_source` and `crm_id` name the CRM record it came from; `assess=False` leaves the
    assessment to the caller (an import of thousands assesses them after it commits)."""
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
            crm_source=crm_source,
            crm_id=crm_id,
        )
        _project(deal, data)
        entries = _StageEntries(by=by or owner)
        entries.add(deal, "")
        deal.save()
        _project_rows(deal, data)
        EvidenceChange.objects.create(deal=deal, by=by or owner, what="import", after=data)
        entries.write()
    if assess:
        _refresh_after_commit(deal)
    return deal


# Rows per INSERT when deals are stored in bulk.
BULK_BATCH = 500


class CompetitorCache:
    """`competitor_named` for a batch of deals: each name looked up (or created) once."""

    def __init__(self) -> None:
        self._found: dict[tuple[int | None, str], Competitor] = {}

    def __call__(self, name: str, *, team_id: int | None, industry: str = "") -> Competitor:
        key = (team_id, " ".join(name.split()).casefold())
        if key not in self._found:
            self._found[key] = competitor_named(name, team_id=team_id, industry=industry)
        return self._found[key]


@dataclass(frozen=True)
class NewDeal:
    """One deal for `import_deals`: a core deal, its owner and what a deal file does not hold."""

    core: CoreDeal
    owner: User
    value: Decimal | int = 0
    currency: str = ""
    expected_close: date | None = None
    crm_source: str = ""
    crm_id: str = ""


def import_deals(new: Sequence[NewDeal], *, by: User | None = None, assess: bool = True,
                 competitors: CompetitorCache | None = None) -> list[Deal]:
    """Store many deals as `import_deal` stores each one (the owner's team, the projection, gap
    and offer rows, the history), with a few queries per hundreds of deals: how a CRM import
    stores ten thousand. One transaction: all of them or none."""
    teams = dict(Profile.objects.filter(user_id__in={n.owner.pk for n in new})
                 .values_list("user_id", "team_id"))
    named = competitors or CompetitorCache()
    stored: list[tuple[Deal, dict[str, Any]]] = []
    entries = _StageEntries(by=by)
    with transaction.atomic():
        for item in new:
            data = deal_to_dict(item.core)
            deal = Deal(owner=item.owner, team_id=teams.get(item.owner.pk),
                        value=checked_amount(item.value, "value"),
                        currency=item.currency or _currency_of(item.core),
                        expected_close=item.expected_close, crm_source=item.crm_source,
                        crm_id=item.crm_id)
            _project(deal, data, named)
            entries.add(deal, "", by=by or deal.owner)
            stored.append((deal, data))
        Deal.objects.bulk_create([deal for deal, _data in stored], batch_size=BULK_BATCH)
        Gap.objects.bulk_create([_gap_row(deal, i, gap, None) for deal, data in stored
                                 for i, gap in enumerate(data.get("gaps", []))],
                                batch_size=BULK_BATCH)
        OfferItem.objects.bulk_create(
            [OfferItem(deal=deal, key=item["id"], text=item["text"], position=i,
                       capability=item.get("capability") or "", kind=item.get("kind") or "")
             for deal, data in stored for i, item in enumerate(data.get("offer", []))],
            batch_size=BULK_BATCH)
        EvidenceChange.objects.bulk_create(
            [EvidenceChange(deal=deal, by=by or deal.owner, what="import", after=data)
             for deal, data in stored], batch_size=BULK_BATCH)
        entries.write()
    if assess:
        for deal, _data in stored:
            _refresh_after_commit(deal)
    return [deal for deal, _data in stored]


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
    columns = [key for key in ("value", "currency", "expected_close") if key in fields]
    before = {key: _recorded(getattr(deal, key)) for key in columns}
    for key in columns:
        setattr(deal, key, fields[key])
    return _save_core(deal, data, by=by, what="deal", columns_before=before)


def close_deal(deal: Deal, outcome: str, *, reason: str, note: str = "", countered: str = "",
               counter_move: str = "", lost_to: str = "", by: User) -> Deal:
    """Close the deal as won, lost or no_decision with a reason of its team's list (and, for a
    loss, whether and how the incumbent countered and who won); ClosingError names each field
    that is wrong."""
    if deal.stage in CLOSED_STAGES:
        raise ClosingError({"outcome": _("the deal is closed already (%(outcome)s); reopen it "
                                         "to close it again.") % {
            "outcome": Stage(deal.stage).label}})
    values = check_closing(outcome, reason=reason, note=note, countered=countered,
                           counter_move=counter_move, lost_to=lost_to,
                           reasons=reasons_of(deal.team_id))
    data = copy.deepcopy(deal.core)
    data["stage"] = values.outcome
    return _save_core(deal, data, by=by, what="close", closing=values,
                      recorded=({"stage": deal.stage}, values.recorded()))


def reopen_deal(deal: Deal, *, stage: str, by: User) -> Deal:
    """Open a closed deal again at one of the open stages; its closing stays in the history."""
    if deal.stage not in CLOSED_STAGES:
        raise ClosingError({"stage": _("the deal is open; only a closed deal is reopened.")})
    if stage not in OPEN_STAGES:
        raise ClosingError({"stage": _("expected one of: %(stages)s.") % {
            "stages": ", ".join(OPEN_STAGES)}})
    data = copy.deepcopy(deal.core)
    data["stage"] = stage
    return _save_core(deal, data, by=by, what="reopen",
                      recorded=({"stage": deal.stage}, {"stage": stage}))


def save_outcome_reasons(team: Team, content: str, *, by: User) -> OutcomeReasons:
    """Keep the team's own reasons for closing deals (the format of the shipped list), checked
    first: a list that does not load is refused with its line and key, nothing stored."""
    from django.utils.translation import get_language

    parse_reasons(content, source=_("the team's reasons"),
                  language=(get_language() or "en")[:2])
    with transaction.atomic():
        saved, _created = OutcomeReasons.objects.update_or_create(
            team=team, defaults={"content": content, "updated_by": by})
    return saved


def _recorded(value: Any) -> Any:
    """A column's value as history's JSON keeps it: amounts and dates as text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def update_from_crm(deal: Deal, changes: Mapping[str, Any], *, by: User | None,
                    assess: bool = True) -> bool:
    """Apply what the deal's CRM record says now: any of title, stage, value, currency,
    expected_close, owner (a user), prospect (its name) and incumbent (its name). The evidence
    (gaps, offer, decision, conversations) is left as it is; history keeps what changed.
    False when the record says what the deal says already."""
    return bool(update_many_from_crm([(deal, changes)], by=by, assess=assess))


# The columns a CRM's record changes, directly or through the deal file's projection.
_CRM_COLUMNS = ("core", "title", "language", "stage", "rep_confidence", "prospect", "search_text",
                "industry",
                "seller", "incumbent", "decision_maker", "willing_to_change", "has_stated_gap",
                "value", "currency", "expected_close", "owner", "last_activity", "closed_at")


def update_many_from_crm(updates: Sequence[tuple[Deal, Mapping[str, Any]]], *,
                         by: User | None, assess: bool = True,
                         competitors: CompetitorCache | None = None) -> list[Deal]:
    """`update_from_crm` for many deals at once, in a few queries; the deals that changed."""
    return _update_many(updates, by=by, assess=assess, named=competitors or CompetitorCache(),
                        what="crm")


def move_deals(moves: Sequence[tuple[Deal, str]], *, by: User,
               assess: bool = True) -> list[Deal]:
    """Stage changes `by` made in the app, many deals at once in a few queries: each recorded
    as `update_deal` records a rep's own change ("Bill changed the stage…"), not as a CRM's."""
    return _update_many([(deal, {"stage": stage}) for deal, stage in moves], by=by,
                        assess=assess, named=CompetitorCache(), what="deal")


def _update_many(updates: Sequence[tuple[Deal, Mapping[str, Any]]], *, by: User | None,
                 assess: bool, named: CompetitorCache, what: str) -> list[Deal]:
    changed: list[tuple[Deal, EvidenceChange]] = []
    entries = _StageEntries(by=by)
    for deal, changes in updates:
        previous = deal.stage
        history = _apply_crm_changes(deal, changes, by, named, what)  # DealFileError
        if history is not None:
            entries.add(deal, previous)
            changed.append((deal, history))
    with transaction.atomic():
        # One UPDATE per deal: Django's bulk_update writes a CASE per column, which SQLite
        # takes several times longer to run for a few hundred deals.
        for deal, _history in changed:
            Deal.objects.filter(pk=deal.pk).update(
                **{column: getattr(deal, column) for column in _CRM_COLUMNS})
        EvidenceChange.objects.bulk_create([history for _d, history in changed],
                                           batch_size=BULK_BATCH)
        entries.write()
    if assess:
        for deal, _history in changed:
            _refresh_after_commit(deal)
    return [deal for deal, _history in changed]


def _apply_crm_changes(deal: Deal, changes: Mapping[str, Any], by: User | None,
                       named: CompetitorCache, what: str = "crm") -> EvidenceChange | None:
    """Change the deal in memory as its CRM record says (or `by` did, `what` "deal"); its
    history entry, or None when nothing changed."""
    before = {name: _crm_value(deal, name) for name in changes}
    changed = {name: value for name, value in changes.items() if before[name] != value}
    if not changed:
        return None
    data = copy.deepcopy(deal.core)
    for key in ("title", "stage"):
        if key in changed:
            data[key] = changed[key]
    if "prospect" in changed:
        data["prospect"]["name"] = changed["prospect"]
    if "incumbent" in changed:
        # Another supplier: what was known about the previous one (tenure, counter-moves)
        # is not true of this one.
        data["incumbent"] = {"name": changed["incumbent"]}
    for key in ("value", "currency", "expected_close", "owner"):
        if key in changed:
            setattr(deal, key, checked_amount(changed[key], "value") if key == "value"
                    else changed[key])
    clean = deal_to_dict(deal_from_dict(data, source=f"deal {deal.pk}"))  # DealFileError
    _project(deal, clean, named)
    deal.last_activity = timezone.now()
    return EvidenceChange(deal=deal, by=by, what=what,
                          before={k: _as_json(before[k]) for k in changed},
                          after={k: _as_json(v) for k, v in changed.items()})


def _crm_value(deal: Deal, name: str) -> Any:
    if name == "prospect":
        return deal.core["prospect"]["name"]
    if name == "incumbent":
        return deal.core["incumbent"]["name"]
    if name in ("title", "stage"):
        return deal.core.get(name, "discovery" if name == "stage" else "")
    if name in ("value", "currency", "expected_close", "owner"):
        return getattr(deal, name)
    raise DealFileError(f"deal: cannot change {name} from a CRM")


def _as_json(value: Any) -> Any:
    # History is JSON: amounts and dates as text, a person by username.
    if isinstance(value, User):
        return value.get_username()
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    return str(value) if isinstance(value, date) else value


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


def create_deal(
    *,
    owner: User,
    title: str,
    prospect: str,
    industry: str,
    incumbent: str,
    tenure_years: float | None = None,
    value: Decimal | int = 0,
    currency: str = "USD",
    expected_close: date | None = None,
    stage: str = "discovery",
    language: str = "en",
) -> Deal:
    """A new deal from a form, owned by `owner` on their team: validated as a deal file is
    (DealFileError names the key), the incumbent a competitor of the team (created when new)."""
    profile = Profile.objects.filter(user=owner).select_related("team").first()
    rep = owner.get_full_name() or owner.get_username()
    data: dict[str, Any] = {
        "schema": "displace.deal/1",
        "title": title.strip(),
        "language": language if language in ("en", "vi") else "en",
        "stage": stage,
        "prospect": {"name": prospect.strip(), "industry": industry},
        # Our organisation is the team's name, as a CRM import has it.
        "our_side": {"organisation": profile.team.name if profile and profile.team else rep,
                     "rep": rep},
        "incumbent": {"name": " ".join(incumbent.split())},
    }
    if tenure_years is not None:
        data["incumbent"]["tenure_years"] = tenure_years
    clean = deal_to_dict(deal_from_dict(data, source="new deal"))  # DealFileError
    amount = checked_amount(value, _("value"))
    with transaction.atomic():
        deal = Deal(owner=owner, team=profile.team if profile else None, value=amount,
                    currency=currency, expected_close=expected_close)
        _project(deal, clean)
        entries = _StageEntries(by=owner)
        entries.add(deal, "")
        deal.save()
        _project_rows(deal, clean)
        EvidenceChange.objects.create(deal=deal, by=owner, what="create", after=clean)
        entries.write()
    _refresh_after_commit(deal)
    return deal


def update_prospect(deal: Deal, changes: Mapping[str, Any], *, by: User) -> Deal:
    """Change the prospect's name, industry, size, revenue or currency."""
    data = copy.deepcopy(deal.core)
    return _save_core(deal, data, by=by, what=sections.apply_prospect(data, changes))


def update_incumbent(deal: Deal, changes: Mapping[str, Any], *, by: User) -> Deal:
    """Change who the incumbent is, its tenure, what it delivers and its counter-moves."""
    data = copy.deepcopy(deal.core)
    return _save_core(deal, data, by=by, what=sections.apply_incumbent(data, changes))


def update_vision(deal: Deal, changes: Mapping[str, Any], *, by: User) -> Deal:
    """Change the prospect's picture of the remedy (what, how, who, when, where, why)."""
    data = copy.deepcopy(deal.core)
    return _save_core(deal, data, by=by, what=sections.apply_vision(data, changes))


def save_entry(deal: Deal, section: str, index: int | None, values: Mapping[str, Any], *,
               by: User) -> Deal:
    """Add (`index` None) or change a contact, an offer item or a claim."""
    data = copy.deepcopy(deal.core)
    try:
        what = sections.put_entry(data, section, index, values)
    except IndexError:
        raise DealFileError(_("This entry no longer exists; reload the page.")) from None
    return _save_core(deal, data, by=by, what=what)


def remove_entry(deal: Deal, section: str, index: int, *, by: User) -> Deal:
    """Remove a contact, an offer item or a claim."""
    data = copy.deepcopy(deal.core)
    try:
        what = sections.drop_entry(data, section, index)
    except IndexError:
        raise DealFileError(_("This entry no longer exists; reload the page.")) from None
    return _save_core(deal, data, by=by, what=what)


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
        result = assessing.AssessmentResult(None, None, {
            "error": exc.in_language("en"),  # and in each reader's language (`in_language`)
            "translations": {lang: {"error": exc.in_language(lang)} for lang in ("en", "vi")}})
    if deal.win_probability is None and result.win_probability is not None:
        # The stages it entered before its first assessment (a new deal; a CRM import, which
        # assesses afterwards) were entered with this evidence: their snapshots get its figure.
        StageSnapshot.objects.filter(deal_id=deal.pk, win_probability__isnull=True).update(
            **evidence_forecast(result.win_probability, result.data))
    counts = assessing.gap_counts(result.data)
    if counts is not None:  # gaps stated in the calls count too, as "why this probability" says
        deal.has_stated_gap = counts[0] > 0
    Deal.objects.filter(pk=deal.pk).update(
        win_probability=result.win_probability,
        ready=result.ready,
        assessment=result.data,
        has_stated_gap=deal.has_stated_gap,
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


def _save_core(deal: Deal, data: dict[str, Any], *, by: User, what: str,
               columns_before: Mapping[str, Any] | None = None,
               closing: ClosingValues | None = None,
               recorded: tuple[Any, Any] | None = None) -> Deal:
    """Validate and store the deal's document; history keeps the part that changed (or what
    `recorded` says) and, for `columns_before`, those columns before and after (they live
    outside the document). A new stage is entered with its snapshot, and its `closing` when
    it is an outcome (not recorded when none is given)."""
    before, previous = deal.core, deal.stage
    core_deal = deal_from_dict(data, source=f"deal {deal.pk}")  # raises DealFileError
    clean = deal_to_dict(core_deal)
    old, new = recorded or (_part(before, what), _part(clean, what))
    if columns_before:
        old = {**old, **columns_before}
        new = {**new, **{key: _recorded(getattr(deal, key)) for key in columns_before}}
    with transaction.atomic():
        _project(deal, clean)
        entries = _StageEntries(by=by, closing=closing)
        deal.last_activity = entries.at
        entries.add(deal, previous)
        deal.save()
        _project_rows(deal, clean)
        EvidenceChange.objects.create(deal=deal, by=by, what=what, before=old, after=new)
        entries.write()
    _refresh_after_commit(deal)
    return deal


class _StageEntries:
    """The deals of one write that enter a stage: each gets a snapshot of both forecasts and,
    entering an outcome, a closing; leaving one reopens the closing in force. `add` before the
    deals are saved (it sets their closed_at), `write` after (the rows need their ids)."""

    def __init__(self, *, by: User | None, closing: ClosingValues | None = None) -> None:
        self.at = timezone.now()
        self.by, self.closing = by, closing
        self.moved: list[tuple[Deal, str, User | None]] = []

    def add(self, deal: Deal, previous: str, *, by: User | None = None) -> None:
        """`deal`, its stage already set, left `previous` ("" for a new deal)."""
        if deal.stage == previous:
            return
        deal.closed_at = self.at if deal.stage in CLOSED_STAGES else None
        self.moved.append((deal, previous, by or self.by))

    def write(self) -> None:
        """Store the snapshots and closings, in a few queries however many deals moved."""
        reopened = [deal.pk for deal, previous, _by in self.moved if previous in CLOSED_STAGES]
        if reopened:
            Closing.objects.filter(deal_id__in=reopened, reopened_at__isnull=True).update(
                reopened_at=self.at, reopened_by=self.by)
        StageSnapshot.objects.bulk_create(
            [snapshot_of(deal, previous, self.at) for deal, previous, _by in self.moved],
            batch_size=BULK_BATCH)
        Closing.objects.bulk_create(
            [closing_row(deal, self.closing or not_recorded(deal.stage), at=self.at, by=by)
             for deal, _previous, by in self.moved if deal.stage in CLOSED_STAGES],
            batch_size=BULK_BATCH)
        _recalibrate_later({deal.team_id for deal, previous, _by in self.moved
                            if deal.stage in CLOSED_STAGES or previous in CLOSED_STAGES})


def _recalibrate_later(team_ids: set[int | None]) -> None:
    """Once deals closed or reopened are committed, their teams' calibration reports are
    computed again in the background."""
    from displace.web.forecast.reports import CALIBRATION

    for team_id in sorted(t for t in team_ids if t is not None):
        transaction.on_commit(partial(CALIBRATION.refresh_later, team_id))


def _part(data: Mapping[str, Any], what: str) -> Any:
    # History keeps the part that changed, not the whole deal each time.
    head, _, key = what.partition(".")
    if head in ("gaps", "offer") and key:
        return next((g for g in data.get(head, []) if g["id"] == key), None)
    if what in ("prospect", "our_side.claims"):
        return data.get("prospect") if head == "prospect" else data["our_side"].get("claims", [])
    if head == "deal":
        keys = ("title", "stage", "rep_confidence")
        return {k: data.get(k) for k in keys}
    if head == "prospect":
        return data.get("prospect", {}).get("contacts", [])
    return data.get(head)


def searchable(title: str, prospect: str) -> str:
    """What the pipeline's search looks in: both names, folded as a search term is."""
    return fold(f"{title}\n{prospect}")


def _project(deal: Deal, data: Mapping[str, Any],
             named: Callable[..., Competitor] = competitor_named) -> None:
    deal.core = dict(data)
    deal.title = data["title"]
    deal.language = data.get("language", "en")
    deal.stage = data.get("stage", "discovery")
    deal.rep_confidence = data.get("rep_confidence")
    deal.prospect = data["prospect"]["name"]
    deal.search_text = searchable(deal.title, deal.prospect)
    deal.industry = data["prospect"]["industry"]
    deal.seller = data["our_side"]["organisation"]
    name = data["incumbent"]["name"]
    # A deal whose incumbent nobody recorded (a CRM row without one) has no competitor profile.
    deal.incumbent = None if name == INCUMBENT_NOT_RECORDED else named(
        name, team_id=deal.team_id, industry=deal.industry)
    decision = data.get("decision", {})
    deal.decision_maker = decision.get("maker", "")
    deal.willing_to_change = decision.get("willing") == "yes"
    # Until the assessment counts again (refresh_assessment), the gaps stated in its calls
    # that the cached one counted still count.
    cached = assessing.gap_counts(deal.assessment)
    deal.has_stated_gap = (any(_evidence_level(g) != Evidence.ASSUMED for g in data.get("gaps", []))
                           or (cached is not None and cached[0] > 0))


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
