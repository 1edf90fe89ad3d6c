"""The deal side of the domain: three parties, gaps with their evidence, the offer.

Plain frozen dataclasses built by `dealfile` from a TOML deal file (or by the web layer).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "DEAL_SCHEMA",
    "Claim",
    "Contact",
    "Deal",
    "Decision",
    "DecisionRole",
    "Gap",
    "GapEvidence",
    "Incumbent",
    "Kind",
    "MatchSpeed",
    "OfferItem",
    "OurSide",
    "Prospect",
    "Vision",
    "Willingness",
]

DEAL_SCHEMA = "displace.deal/1"

Kind = Literal["concession", "service", "structural"]
DecisionRole = Literal["decision-maker", "influencer", "user", "gatekeeper", "unknown"]
Willingness = Literal["yes", "no", "unknown"]
MatchSpeed = Literal["fast", "typical", "slow"]


@dataclass(frozen=True)
class Contact:
    """A person at the prospect and their part in the decision to change supplier."""

    name: str
    title: str = ""
    decision_role: DecisionRole = "unknown"


@dataclass(frozen=True)
class Prospect:
    """The account we want to win."""

    name: str
    industry: str
    size: str = ""
    revenue_last_year: float | None = None  # in the deal's currency, as said by the prospect
    revenue_expected: float | None = None
    currency: str = "$"
    contacts: tuple[Contact, ...] = ()

    def contact(self, name: str) -> Contact | None:
        """The contact with this name (case-insensitive), if any."""
        wanted = name.strip().casefold()
        return next((c for c in self.contacts if c.name.casefold() == wanted), None)


@dataclass(frozen=True)
class Claim:
    """Something the seller says about itself (credentials, a capability) or offers."""

    text: str
    capability: str | None = None  # a capability id from the industry's catalogue
    kind: Kind | None = None  # overrides the catalogue when set
    commonality: float | None = None
    match_days: int | None = None


@dataclass(frozen=True)
class OurSide:
    """The seller: our organisation, the rep, what we can deliver and what we say about us."""

    organisation: str
    rep: str
    capabilities: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class Incumbent:
    """The supplier serving the prospect now, and how it has defended accounts before."""

    name: str
    tenure_years: float | None = None
    origin: str = ""  # how the relationship began
    delivers: tuple[str, ...] = ()  # capability ids it delivers to this prospect today
    counter_history: tuple[str, ...] = ()  # what it did when challenged before
    match_speed: MatchSpeed = "typical"


@dataclass(frozen=True)
class GapEvidence:
    """What we know about a gap: who said it, in which words, what it costs, who owns it."""

    stated_by: str = ""  # a prospect contact; empty when only the rep assumes the gap
    quote: str = ""
    conversation: str = ""
    impact: str = ""  # the cost or intensity, in the prospect's terms
    owner: str = ""  # the contact who owns the problem


@dataclass(frozen=True)
class Gap:
    """Something the prospect wants and does not get from the incumbent, which we deliver."""

    id: str
    summary: str
    capability: str | None = None
    proactive: bool = False
    incumbent_delivers: bool | None = None  # None: not checked with the prospect
    evidence: GapEvidence = field(default_factory=GapEvidence)


@dataclass(frozen=True)
class Vision:
    """The prospect's concrete picture of the remedy."""

    what: str = ""
    how: str = ""
    who: str = ""
    when: str = ""
    where: str = ""
    why: str = ""

    def filled(self) -> tuple[str, ...]:
        """The names of the parts the prospect has described."""
        parts = ("what", "how", "who", "when", "where", "why")
        return tuple(p for p in parts if getattr(self, p).strip())


@dataclass(frozen=True)
class Decision:
    """Who can fire the incumbent and whether they said they are willing to."""

    maker: str = ""
    willing: Willingness = "unknown"
    quote: str = ""
    counter_rehearsed: bool = False  # the prospect rehearsed telling the incumbent


@dataclass(frozen=True)
class OfferItem(Claim):
    """A line of the proposal, linked to a capability."""

    id: str = ""


@dataclass(frozen=True)
class Deal:
    """One opportunity with three parties: us, the prospect and the incumbent."""

    title: str
    prospect: Prospect
    our_side: OurSide
    incumbent: Incumbent
    gaps: tuple[Gap, ...] = ()
    vision: Vision = field(default_factory=Vision)
    decision: Decision = field(default_factory=Decision)
    offer: tuple[OfferItem, ...] = ()
    rep_confidence: float | None = None  # 0..1, the rep's own forecast
    stage: str = "discovery"
    language: Literal["vi", "en"] = "en"
    conversations: tuple[str, ...] = ()  # paths, relative to the deal file
    source: str = "<deal>"

    @property
    def industry(self) -> str:
        """The prospect's industry, which picks the catalogue and the playbook."""
        return self.prospect.industry
