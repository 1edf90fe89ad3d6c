"""A deal, its gaps with their evidence, its offer items, comments and the change history."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from displace.core.limits import MAX_DEAL_VALUE
from displace.web.accounts.models import Team
from displace.web.competitors.models import Competitor


def _empty_dict() -> dict[str, Any]:
    return {}


class Stage(models.TextChoices):
    DISCOVERY = "discovery", _("Discovery")
    GAP = "gap", _("Gap")
    VISION = "vision", _("Vision")
    COMMITMENT = "commitment", _("Commitment")
    PROPOSAL = "proposal", _("Proposal")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")
    NO_DECISION = "no_decision", _("No decision")


# The incumbent's name in a deal file when its source (a CRM row) did not say who it is: the
# deal has no competitor profile, and pages show it as "not recorded" in the reader's language.
INCUMBENT_NOT_RECORDED = "(not recorded)"

OPEN_STAGES = (Stage.DISCOVERY, Stage.GAP, Stage.VISION, Stage.COMMITMENT, Stage.PROPOSAL)
# A closed deal has an outcome; it leaves the pipeline and stays searchable (#13).
CLOSED_STAGES = (Stage.WON, Stage.LOST, Stage.NO_DECISION)


class Currency(models.TextChoices):
    VND = "VND", "VND"
    USD = "USD", "USD"


class Evidence(models.TextChoices):
    """How well a gap is known, weakest first."""

    ASSUMED = "assumed", _("Assumed by the rep")
    STATED = "stated", _("Stated by the prospect")
    QUANTIFIED = "quantified", _("Quantified")
    OWNED = "owned", _("Owned by a decision-maker")


class Deal(models.Model):
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=5, default="en")
    prospect = models.CharField(_("prospect"), max_length=200)
    industry = models.CharField(_("industry"), max_length=80, blank=True, default="")
    seller = models.CharField(_("our organisation"), max_length=200, blank=True, default="")
    incumbent = models.ForeignKey(
        Competitor, null=True, blank=True, on_delete=models.PROTECT, related_name="deals"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deals"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="deals"
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices,
                             default=Stage.DISCOVERY)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2, default=0)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices,
                                default=Currency.VND)
    expected_close = models.DateField(_("expected close"), null=True, blank=True)
    rep_confidence = models.FloatField(_("rep's confidence"), null=True, blank=True)
    decision_maker = models.CharField(_("decision-maker"), max_length=200, blank=True,
                                      default="")
    willing_to_change = models.BooleanField(_("willing to change, stated"), default=False)
    # The core deal (deal_to_dict) is the deal's truth; the columns above and the gap and
    # offer rows are projections of it that actions keep in step, for queries and pages.
    core = models.JSONField(default=_empty_dict, blank=True)
    # The cached assessment, recomputed by actions whenever evidence changes, so that
    # the pipeline never runs the Monte Carlo per row.
    win_probability = models.FloatField(null=True, blank=True)
    ready = models.BooleanField(null=True, blank=True)
    assessment = models.JSONField(default=_empty_dict, blank=True)
    has_stated_gap = models.BooleanField(default=False)
    # The deal's record in the CRM it was imported from (displace.web.crm): a re-import of the
    # same record updates this deal. Empty for deals that did not come from a CRM.
    crm_source = models.CharField(max_length=20, blank=True, default="")
    crm_id = models.CharField(max_length=200, blank=True, default="")
    # The title and the prospect's name, lower-cased and without diacritics (core.text.fold),
    # kept by actions: the pipeline's search reads it instead of folding every row per query.
    search_text = models.TextField(blank=True, default="")
    last_activity = models.DateTimeField(auto_now_add=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the deal was last closed (won, lost, no decision); empty while it is open.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ("-last_activity",)
        indexes = (
            models.Index(fields=["team", "stage"]),
            models.Index(fields=["owner", "stage"]),
            models.Index(fields=["incumbent", "stage"]),
            models.Index(fields=["last_activity"]),
            # The manager view and the API's list pick their rows from these alone: SQLite
            # keeps the columns they filter and sort on after the deal's large JSON documents,
            # so reading them from the table walks every row's overflow pages (50-80 ms a query
            # at 10,000 deals).
            models.Index(fields=["team", "stage", "rep_confidence", "win_probability"],
                         name="deal_confidence_idx"),
            models.Index(fields=["team", "stage", "decision_maker", "has_stated_gap",
                                 "last_activity"], name="deal_flags_idx"),
            models.Index(fields=["team", "owner"], name="deal_team_owner_idx"),
            models.Index(fields=["team", "last_activity"], name="deal_team_activity_idx"),
            models.Index(fields=["owner", "last_activity"], name="deal_owner_activity_idx"),
            # The pipeline list filters, sorts and sums a team's deals on these: from the index,
            # its searches read only the rows' first page (title, prospect), never the documents.
            models.Index(fields=["team", "stage", "currency", "value", "win_probability",
                                 "rep_confidence", "incumbent", "owner", "ready",
                                 "has_stated_gap", "last_activity", "expected_close",
                                 "industry"], name="deal_pipeline_idx"),
            # The calibration report and the refit read a team's closed deals in closing order
            # from this alone.
            models.Index(fields=["team", "closed_at", "id", "stage", "owner"],
                         condition=Q(closed_at__isnull=False), name="deal_closed_idx"),
        )
        # The database itself refuses what no page could show (docs/limits.md).
        constraints = (
            models.CheckConstraint(
                condition=Q(value__gte=0) & Q(value__lte=MAX_DEAL_VALUE),
                name="deal_value_in_range"),
            models.CheckConstraint(
                condition=Q(rep_confidence__isnull=True)
                | (Q(rep_confidence__gte=0) & Q(rep_confidence__lte=1)),
                name="deal_confidence_in_range"),
            # One deal per CRM record and team, even when two imports run at once.
            models.UniqueConstraint(fields=["team", "crm_source", "crm_id"],
                                    condition=~Q(crm_id=""), name="deal_crm_record_per_team"),
        )

    def __str__(self) -> str:
        return self.title


class Gap(models.Model):
    """Something the prospect wants and does not get from the incumbent, which we deliver."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="gaps")
    key = models.CharField(max_length=80)  # the gap's id in the core deal
    title = models.CharField(_("gap"), max_length=300)
    capability = models.CharField(_("capability"), max_length=120, blank=True, default="")
    evidence = models.CharField(_("evidence"), max_length=12, choices=Evidence.choices,
                                default=Evidence.ASSUMED)
    stated_by = models.CharField(_("stated by"), max_length=200, blank=True, default="")
    quote = models.TextField(_("prospect's words"), blank=True, default="")
    impact = models.CharField(_("impact"), max_length=300, blank=True, default="")
    owner_name = models.CharField(_("owned by"), max_length=200, blank=True, default="")
    source_finding = models.ForeignKey(
        "conversations.Finding", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="gaps",
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("position", "id",)

    def __str__(self) -> str:
        return self.title


class OfferItem(models.Model):
    """A line of the proposal."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="offer_items")
    key = models.CharField(max_length=80)  # the item's id in the core deal
    text = models.CharField(_("offer item"), max_length=300)
    capability = models.CharField(_("capability"), max_length=120, blank=True, default="")
    kind = models.CharField(_("kind"), max_length=12, blank=True, default="")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("position", "id",)

    def __str__(self) -> str:
        return self.text


class Comment(models.Model):
    """A note on a deal; how a manager speaks to a rep's evidence without editing it."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at",)


class EvidenceChange(models.Model):
    """One change to a deal's evidence: who, when, what, before and after."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="changes")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)
    what = models.CharField(max_length=200)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ("-at", "-id",)
        indexes = (models.Index(fields=["deal", "at"]),)


class StageSnapshot(models.Model):
    """Both forecasts as they stood when the deal entered a stage: the rep's confidence and the
    evidence's win probability (with the weights version that produced it). The calibration
    report judges each forecast at the last stage change before the deal closed."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="snapshots")
    at = models.DateTimeField()
    stage = models.CharField(max_length=12, choices=Stage.choices)
    previous_stage = models.CharField(max_length=12, blank=True, default="")
    rep_confidence = models.FloatField(null=True, blank=True)
    win_probability = models.FloatField(null=True, blank=True)
    # The team's accepted weights version behind win_probability; 0 is the shipped weights.
    weights_version = models.PositiveIntegerField(default=0)
    # The evidence model's terms behind win_probability, each as log-odds (the assessment's
    # "terms": prior, decision, offer, gaps, vision, findings, risks): what a refit learns from.
    terms = models.JSONField(default=_empty_dict, blank=True)

    class Meta:
        ordering = ("at", "id")
        # Each closed deal's forecasts before it closed are read from the index alone.
        indexes = (models.Index(fields=["deal", "at", "id", "stage", "rep_confidence",
                                        "win_probability"], name="snapshot_forecast_idx"),)


class Countered(models.TextChoices):
    """Whether the incumbent countered our proposal before the prospect decided (a loss)."""

    YES = "yes", _("yes")
    NO = "no", _("no")
    UNKNOWN = "unknown", _("not known")


class CounterMove(models.TextChoices):
    """How the incumbent countered."""

    MATCHED_PRICE = "matched_price", _("matched the price")
    IMPROVED_TERMS = "improved_terms", _("improved its terms")
    ESCALATED_RELATIONSHIP = "escalated_relationship", _("escalated the relationship")
    OTHER = "other", _("another way")


class LostTo(models.TextChoices):
    """Who the prospect chose instead of us."""

    INCUMBENT = "incumbent", _("the incumbent")
    OTHER_COMPETITOR = "other_competitor", _("another competitor")
    NOBODY = "nobody", _("nobody (no change made)")


class Closing(models.Model):
    """How a deal closed: its outcome and why and, for a loss, how the incumbent countered and
    who won instead. Reopening the deal keeps the closing (`reopened_at`); closing it again
    adds another, so the history holds both."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="closings")
    outcome = models.CharField(_("outcome"), max_length=12,
                               choices=[(s.value, s.label) for s in CLOSED_STAGES])
    # A code of the team's reason list (displace.core.outcomes), or "not-recorded".
    reason = models.CharField(_("reason"), max_length=80)
    note = models.TextField(_("note"), blank=True, default="")
    countered = models.CharField(_("the incumbent countered"), max_length=8,
                                 choices=Countered.choices, blank=True, default="")
    counter_move = models.CharField(_("counter-move"), max_length=24,
                                    choices=CounterMove.choices, blank=True, default="")
    lost_to = models.CharField(_("lost to"), max_length=20, choices=LostTo.choices,
                               blank=True, default="")
    closed_at = models.DateTimeField()
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ("-closed_at", "-id")
        indexes = (models.Index(fields=["deal", "reopened_at"]),)
        constraints = (
            # A deal has at most one closing in force: the one its stage says.
            models.UniqueConstraint(fields=["deal"], condition=Q(reopened_at__isnull=True),
                                    name="closing_one_in_force_per_deal"),
        )

    def __str__(self) -> str:
        return f"{self.deal_id}: {self.outcome} ({self.reason})"


class OutcomeReasons(models.Model):
    """A team's own reasons for closing deals, as its admin last saved them (the TOML format
    of data/outcomes/reasons.toml); a team without one uses the shipped list."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="outcome_reasons")
    content = models.TextField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.team_id}: outcome reasons"
