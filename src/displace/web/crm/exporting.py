"""Deals written back in a CRM's import shape, with Displace's judgement beside them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from django.db.models import QuerySet

from displace.core.crm import ExportDeal, load_preset, write_deals
from displace.web import permissions
from displace.web.crm.planning import NO_INDUSTRY
from displace.web.deals.models import Deal

__all__ = ["export_csv", "export_file_name", "export_rows", "exported_deals"]


def exported_deals(user: object, *, team_id: int | None = None) -> QuerySet[Deal]:
    """The deals the user may see (one team's, when given), oldest first, without their
    documents: an export reads the columns only."""
    deals = permissions.visible_deals(user)
    if team_id is not None:
        deals = deals.filter(team_id=team_id)
    return (deals.select_related("owner", "incumbent").defer("core", "assessment")
            .order_by("pk"))


def export_csv(deals: Iterable[Deal], crm: str) -> str:
    """The deals as `crm`'s import file (CSV text)."""
    return write_deals(list(export_rows(deals, crm)), load_preset(crm))


def export_rows(deals: Iterable[Deal], crm: str) -> Iterator[ExportDeal]:
    """Each deal as the core's ExportDeal; the CRM's record id only for deals from that CRM
    (others are new records to it)."""
    for deal in deals:
        yield ExportDeal(
            crm_id=deal.crm_id if deal.crm_source == crm else "",
            name=deal.title,
            amount=deal.value,
            currency=deal.currency,
            stage=deal.stage,
            close_date=deal.expected_close,
            # A person without an e-mail address by username, which an import matches too.
            owner_email=deal.owner.email or deal.owner.get_username(),
            company=deal.prospect,
            incumbent=deal.incumbent.name if deal.incumbent else "",
            win_probability=deal.win_probability,
            rep_confidence=deal.rep_confidence,
            ready=deal.ready,
            industry="" if deal.industry == NO_INDUSTRY else deal.industry,
        )


def export_file_name(crm: str, today: date) -> str:
    """displace-deals-hubspot-20261201.csv"""
    return f"displace-deals-{crm}-{today:%Y%m%d}.csv"
