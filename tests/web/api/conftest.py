"""Fixtures for the API: a client per persona carrying that persona's key, and conversations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser, User
from django.test import Client

from displace.web.accounts.actions import issue_api_token
from displace.web.conversations.actions import Upload, record_conversation
from displace.web.conversations.models import Conversation
from displace.web.deals.models import Deal

ENGLISH_CALL = "\n".join([
    "Rep: Thanks for making time today, Mr Hoang. How do you handle supplier payments now?",
    "Prospect: We bank with Northern Bank. Honestly, nobody there has called us in two years.",
    "Rep: Northern Bank is terrible, everyone knows their service is awful. "
    "We can give you a rate 0.5% lower, guaranteed.",
    "Prospect: The problem is we never know our cash position before Friday payroll.",
    "Rep: Our platform is the best on the market, you should switch today.",
])

VIETNAMESE_CALL = "\n".join([
    "Chuyên viên: Cảm ơn anh Hoàng đã dành thời gian. "
    "Hiện nay anh đang quản lý dòng tiền với ngân hàng nào ạ?",
    "Khách hàng: Bên tôi làm với Ngân hàng Phương Bắc lâu rồi. "
    "Nói thật là hai năm nay không ai gọi cho chúng tôi.",
    "Chuyên viên: Ngân hàng Phương Bắc dở lắm anh ạ, ai cũng biết dịch vụ của họ tệ. "
    "Bên em giảm lãi suất 0,5% cho anh luôn.",
    "Khách hàng: Vấn đề là chúng tôi không biết trước tình hình tiền mặt "
    "trước kỳ trả lương thứ Sáu.",
    "Chuyên viên: Sản phẩm bên em tốt nhất thị trường, anh chuyển sang ngay đi.",
])

ApiClient = Callable[[str], Client]


@pytest.fixture
def api(people: dict[str, AbstractUser]) -> ApiClient:
    """A fresh client that sends the persona's API key on every request (no session)."""

    def client_for(name: str) -> Client:
        key = issue_api_token(User.objects.get(pk=people[name].pk))
        return Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    return client_for


@pytest.fixture
def alices_call(alices_deal: Deal) -> Conversation:
    """The Vietnamese call recorded on Alice's deal; the prospect states a gap in it."""
    return record_conversation(alices_deal, Upload("call.txt", VIETNAMESE_CALL.encode()),
                               by=alices_deal.owner, title="First call")


def json_of(response: Any) -> Any:
    """The response's JSON body, after checking it is JSON."""
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return response.json()
