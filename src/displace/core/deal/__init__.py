"""The deal engine: deal files, offer classification, gap scoring, the incumbent's counter-move,
a seeded win probability, and the assessment that brings them together.

    load_deal / parse_deal / deal_from_dict      read and validate a deal (DealFileError)
    deal_to_dict / deal_to_toml                  write it back (round-trips)
    assess_deal(deal, reports=..., seed=...)     the Assessment
    render_assessment(assessment, fmt)           text, json or html
"""

from __future__ import annotations

from displace.core.deal.advice import NextQuestion, Risk
from displace.core.deal.assess import ASSESSMENT_SCHEMA, Assessment, ConfidenceGap, assess_deal
from displace.core.deal.classify import Classification, ClassifiedItem
from displace.core.deal.counter import CounterItem, CounterMove
from displace.core.deal.dealfile import (
    deal_from_dict,
    deal_to_dict,
    deal_to_toml,
    load_deal,
    parse_deal,
)
from displace.core.deal.evidence import Reason
from displace.core.deal.gaps import GapScore
from displace.core.deal.model import (
    DEAL_SCHEMA,
    Claim,
    Contact,
    Deal,
    Decision,
    Gap,
    GapEvidence,
    Incumbent,
    OfferItem,
    OurSide,
    Prospect,
    Vision,
)
from displace.core.deal.report import render_assessment
from displace.core.errors import DealFileError

__all__ = [
    "ASSESSMENT_SCHEMA",
    "DEAL_SCHEMA",
    "Assessment",
    "Claim",
    "Classification",
    "ClassifiedItem",
    "ConfidenceGap",
    "Contact",
    "CounterItem",
    "CounterMove",
    "Deal",
    "DealFileError",
    "Decision",
    "Gap",
    "GapEvidence",
    "GapScore",
    "Incumbent",
    "NextQuestion",
    "OfferItem",
    "OurSide",
    "Prospect",
    "Reason",
    "Risk",
    "Vision",
    "assess_deal",
    "deal_from_dict",
    "deal_to_dict",
    "deal_to_toml",
    "load_deal",
    "parse_deal",
    "render_assessment",
]
