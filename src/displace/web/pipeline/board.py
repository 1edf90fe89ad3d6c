"""The pipeline as a board: one column per open stage, in funnel order, most valuable deals on top.

A column of a large team holds thousands of deals: it shows its `BOARD_CARDS` most valuable
ones, its totals over every deal in it, and a link to the list of all of them. There are no
exchange rates, so values in two currencies are never compared: a column holds its deals
currency by currency, the currency of most of the deals found first (the same order in every
column, totals and cards alike), each currency's most valuable first. Closed deals
(won, lost, no decision) are never on the board. Whatever the number of deals, the board costs
two queries: the cards' ids, ranked per stage by the database, then those rows alone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Case, F, IntegerField, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from displace.web.deals.models import OPEN_STAGES, Deal, Stage
from displace.web.pipeline.listing import HEAVY, Listing
from displace.web.pipeline.totals import StageTotal

__all__ = ["BOARD_CARDS", "Column", "board_columns", "board_stages", "currency_order"]

BOARD_CARDS = 12


@dataclass(frozen=True)
class Column:
    """One stage of the board: its most valuable deals and the totals of all of them."""

    stage: str
    label: str
    cards: list[Deal]
    totals: list[StageTotal]  # one per currency, over every deal of the stage found
    list_query: str  # the list of this stage's deals, most valuable first

    @property
    def count(self) -> int:
        """How many deals found are in this stage, shown or not."""
        return sum(t.count for t in self.totals)

    @property
    def more(self) -> int:
        """How many of them the column does not show."""
        return self.count - len(self.cards)

    @cached_property
    def move_options(self) -> SafeString:
        """The open stages as the options of a card's "Move to" list, this one chosen (every
        card of the column shares them: made once, not once per card)."""
        chosen = format_html('<option value="{}" selected>{}</option>', self.stage, self.label)
        return format_html_join("", "{}", [
            (chosen,) if code == self.stage else
            (format_html('<option value="{}">{}</option>', code, Stage(code).label),)
            for code in OPEN_STAGES])


def board_stages(listing: Listing) -> list[str]:
    """The open stages asked for (every open one when none is), in funnel order."""
    return [str(s) for s in OPEN_STAGES if not listing.stages or s in listing.stages]


def board_columns(deals: QuerySet[Deal], listing: Listing,
                  totals: list[StageTotal]) -> list[Column]:
    """The board of `deals` (already filtered) with the per-stage `totals` of the same deals."""
    stages = board_stages(listing)
    currencies = currency_order(totals)
    cards = _top_cards(deals.filter(stage__in=stages), currencies)
    by_stage: dict[str, list[StageTotal]] = defaultdict(list)
    for total in sorted(totals, key=lambda t: currencies.get(t.currency, len(currencies))):
        by_stage[total.stage].append(total)
    return [Column(stage=code, label=str(Stage(code).label), cards=cards.get(code, []),
                   totals=by_stage[code],
                   list_query=listing.query_string(stage=code, sort="-value", view=""))
            for code in stages]


def currency_order(totals: list[StageTotal]) -> dict[str, int]:
    """Each currency's place on the board: the one most deals found are in first (ties: by
    code), from the totals already counted."""
    counts: dict[str, int] = defaultdict(int)
    for total in totals:
        counts[total.currency] += total.count
    ranked = sorted(counts, key=lambda currency: (-counts[currency], currency))
    return {currency: place for place, currency in enumerate(ranked)}


def _top_cards(deals: QuerySet[Deal], currencies: dict[str, int]) -> dict[str, list[Deal]]:
    """Each stage's first `BOARD_CARDS` deals, currency by currency in `currencies`' order,
    the most valuable first (ties: the older first), by stage."""
    place = Case(*(When(currency=code, then=Value(n)) for code, n in currencies.items()),
                 default=Value(len(currencies)), output_field=IntegerField())
    order = [place.asc(), F("value").desc(), F("id").asc()]
    rank = Window(RowNumber(), partition_by=[F("stage")], order_by=order)
    ids = list(deals.order_by().annotate(rank=rank).filter(rank__lte=BOARD_CARDS)
               .values_list("id", flat=True))
    found = (Deal.objects.filter(pk__in=ids).select_related("incumbent", "owner")
             .defer(*HEAVY).order_by(*order))
    columns: dict[str, list[Deal]] = defaultdict(list)
    for deal in found:
        columns[deal.stage].append(deal)
    return columns
