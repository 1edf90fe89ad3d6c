"""The conversation page costs the same number of queries for a short call or a long one."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from displace.web.conversations.actions import Upload, record_conversation
from displace.web.deals.models import Deal
from tests.web.conftest import queries_for_page

EXCHANGE = (
    "Người bán: Chúng tôi có thể giảm phí và tăng hạn mức tín dụng cho anh.\n"
    "Khách hàng: Ngân hàng hiện tại cũng ổn, không có gì đáng kể.\n"
    "Người bán: Có lý do gì để anh không chuyển không?\n"
)



def test_a_long_call_with_many_findings_costs_no_more_queries_than_a_short_one(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    short = record_conversation(alices_deal, Upload("short.txt", EXCHANGE.encode()),
                                by=alices_deal.owner)
    long = record_conversation(alices_deal, Upload("long.txt", (EXCHANGE * 12).encode()),
                               by=alices_deal.owner)
    assert long.findings.count() > short.findings.count() > 0
    client = login("alice")
    few = queries_for_page(client, reverse("conversation", args=[short.pk]))
    assert queries_for_page(client, reverse("conversation", args=[long.pk])) == few
