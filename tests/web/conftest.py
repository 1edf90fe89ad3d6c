"""Fixtures for the web app: Django settings, personas, a deal and a call of Alice's, API clients.

Personas: alice (rep, team North) owns a deal; bob is a rep on her team; maria manages North;
charlie is a rep on team South; sam manages South; ada is the admin.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "displace.web.settings")
os.environ.setdefault("DISPLACE_DATA_DIR", tempfile.mkdtemp(prefix="displace-test-"))
# Background jobs run inline, so a test sees their effect when the action returns.
os.environ.setdefault("DISPLACE_JOBS_INLINE", "1")

import django

django.setup()

import pytest  # noqa: E402
from django.contrib.auth.models import AbstractUser, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from displace.core.deal.dealfile import deal_from_dict  # noqa: E402
from displace.web.accounts.actions import create_user, issue_api_token  # noqa: E402
from displace.web.conversations.actions import Upload, record_conversation  # noqa: E402
from displace.web.conversations.models import Conversation  # noqa: E402
from displace.web.deals.actions import import_deal  # noqa: E402
from displace.web.deals.models import Deal  # noqa: E402

PASSWORD = "correct horse battery"

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


def core_deal_dict(
    title: str = "Lan Anh Logistics vs Northern Bank", **extra: Any
) -> dict[str, Any]:
    """A small valid deal in the deal-file format, written for these tests."""
    data: dict[str, Any] = {
        "schema": "displace.deal/1",
        "title": title,
        "language": "en",
        "stage": "discovery",
        "rep_confidence": 0.7,
        "prospect": {"name": "Lan Anh Logistics", "industry": "sme-banking",
                     "contacts": [{"name": "Mrs Lan", "title": "CFO",
                                   "decision_role": "decision-maker"}]},
        "our_side": {"organisation": "Riverside Commercial Bank", "rep": "Alice"},
        "incumbent": {"name": "Northern Bank", "tenure_years": 4},
        "gaps": [{"id": "cash-forecast", "summary": "No one reviews their cash forecast"}],
        "offer": [{"id": "rate", "text": "0.5% lower loan rate"}],
    }
    data.update(extra)
    return data


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """Hash test passwords cheaply; the real hasher's cost buys nothing in tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Each test starts in the default language: a request in Vietnamese leaves Vietnamese
    active in the thread (the locale middleware never switches it back), and an action called
    directly in the next test would then speak Vietnamese."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache(request: pytest.FixtureRequest) -> None:
    """Each test that reaches the database starts with nothing cached (the manager view keeps its
    hot-spots): the cache is a table of the test database, which a transactional test's flush
    leaves as it is."""
    wanted = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}
    if request.node.get_closest_marker("django_db") is None and not wanted & set(
            request.fixturenames):
        return
    from django.core.cache import cache

    request.getfixturevalue("db")  # the test's own kind of access (pytest-django decides)
    cache.clear()


@pytest.fixture
def people(db: None) -> dict[str, AbstractUser]:
    """The six personas, created fresh for each test."""
    return {
        "alice": create_user("alice", PASSWORD, role="rep", team="North"),
        "bob": create_user("bob", PASSWORD, role="rep", team="North"),
        "maria": create_user("maria", PASSWORD, role="manager", team="North"),
        "charlie": create_user("charlie", PASSWORD, role="rep", team="South"),
        "sam": create_user("sam", PASSWORD, role="manager", team="South"),
        "ada": create_user("ada", PASSWORD, role="admin"),
    }


@pytest.fixture
def make_deal(people: dict[str, AbstractUser]) -> Callable[..., Deal]:
    """Import a deal for a persona (Alice by default)."""

    def make(owner: str = "alice", **extra: Any) -> Deal:
        core = deal_from_dict(core_deal_dict(**extra))
        return import_deal(core, owner=people[owner])

    return make


@pytest.fixture
def alices_deal(make_deal: Callable[..., Deal]) -> Deal:
    return make_deal("alice")


@pytest.fixture
def login(client: Client, people: dict[str, AbstractUser]) -> Callable[[str], Client]:
    """Sign a persona in on the test client."""

    def sign_in(name: str) -> Client:
        client.force_login(people[name])
        return client

    return sign_in


@pytest.fixture
def alices_call(alices_deal: Deal) -> Conversation:
    """The Vietnamese call recorded on Alice's deal; the prospect states a gap in it."""
    return record_conversation(alices_deal, Upload("call.txt", VIETNAMESE_CALL.encode()),
                               by=alices_deal.owner, title="First call")


@pytest.fixture
def api(people: dict[str, AbstractUser]) -> ApiClient:
    """A fresh client that sends the persona's API key on every request (no session)."""

    def client_for(name: str) -> Client:
        key = issue_api_token(User.objects.get(pk=people[name].pk))
        return Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    return client_for


def word_document(text: str) -> bytes:
    """`text` as a Word document, a paragraph per line, as meeting tools export transcripts."""
    import io

    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def queries_for_page(client: Client, url: str) -> int:
    """How many database queries one page costs (after checking it answers 200)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)
