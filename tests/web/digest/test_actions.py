"""Sending the digests: once a day, only to people who want one and have an address, in their
language, with what needs them; nothing sent on a day with nothing to say."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.contrib.auth.models import AbstractUser
from django.core import mail

from displace.web.accounts.actions import set_digest, set_language
from displace.web.deals.models import Deal
from displace.web.digest.actions import send_digests
from displace.web.digest.models import DigestRecord
from displace.web.followups.actions import add_follow_up

TODAY = date(2026, 12, 1)


def _with_address(user: AbstractUser, address: str) -> None:
    user.email = address
    user.save()


def test_a_person_with_an_overdue_follow_up_gets_one_e_mail_naming_it(
        people: dict[str, AbstractUser], make_deal: Callable[..., Deal]) -> None:
    _with_address(people["alice"], "alice@example.com")
    deal = make_deal("alice", title="Lan Anh Logistics")
    add_follow_up(deal, "Send the cash-flow review", TODAY - timedelta(days=2),
                  by=people["alice"])
    run = send_digests(day=TODAY, usernames=["alice"])
    assert run.sent == ["alice"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.com"]
    assert "Send the cash-flow review" in message.body
    assert f"/deals/{deal.pk}/" in message.body
    assert "1 follow-up is overdue" in message.body
    html = message.alternatives[0][0]  # type: ignore[attr-defined]
    assert "Send the cash-flow review" in str(html)


def test_the_digest_is_written_in_the_persons_language(
        people: dict[str, AbstractUser], make_deal: Callable[..., Deal]) -> None:
    _with_address(people["alice"], "alice@example.com")
    set_language(people["alice"], "vi")
    add_follow_up(make_deal("alice"), "Gửi bản đánh giá", TODAY - timedelta(days=1),
                  by=people["alice"])
    send_digests(day=TODAY, usernames=["alice"])
    message = mail.outbox[0]
    assert "việc tiếp theo đã quá hạn" in message.body
    assert "follow-up is overdue" not in message.body
    assert "cần bạn" in message.subject


def test_a_titles_markup_is_escaped_in_the_html_part(
        people: dict[str, AbstractUser], make_deal: Callable[..., Deal]) -> None:
    _with_address(people["alice"], "alice@example.com")
    add_follow_up(make_deal("alice"), "<script>x</script>", TODAY - timedelta(days=1),
                  by=people["alice"])
    send_digests(day=TODAY, usernames=["alice"])
    html = str(mail.outbox[0].alternatives[0][0])  # type: ignore[attr-defined]
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;" in html


def test_nobody_gets_a_second_digest_the_same_day_unless_forced(
        people: dict[str, AbstractUser], make_deal: Callable[..., Deal]) -> None:
    _with_address(people["alice"], "alice@example.com")
    add_follow_up(make_deal("alice"), "Late", TODAY - timedelta(days=1), by=people["alice"])
    send_digests(day=TODAY, usernames=["alice"])
    again = send_digests(day=TODAY, usernames=["alice"])
    assert again.already_sent == ["alice"] and len(mail.outbox) == 1
    send_digests(day=TODAY, usernames=["alice"], force=True)
    assert len(mail.outbox) == 2


def test_a_person_who_turned_it_off_or_has_no_address_gets_nothing(
        people: dict[str, AbstractUser], make_deal: Callable[..., Deal]) -> None:
    add_follow_up(make_deal("alice"), "Late", TODAY - timedelta(days=1), by=people["alice"])
    add_follow_up(make_deal("bob"), "Late too", TODAY - timedelta(days=1), by=people["bob"])
    set_digest(people["alice"], wanted=False, email="alice@example.com")
    run = send_digests(day=TODAY, usernames=["alice", "bob"])
    assert run.opted_out == ["alice"] and run.no_address == ["bob"]
    assert mail.outbox == []


def test_a_day_with_nothing_to_tell_sends_nothing_but_remembers_the_probabilities(
        people: dict[str, AbstractUser], make_deal: Callable[..., Deal]) -> None:
    _with_address(people["alice"], "alice@example.com")
    deal = make_deal("alice")
    add_follow_up(deal, "Soon", TODAY + timedelta(days=2), by=people["alice"])
    Deal.objects.filter(pk=deal.pk).update(win_probability=0.3)
    run = send_digests(day=TODAY, usernames=["alice"])
    assert run.nothing_to_say == ["alice"] and mail.outbox == []
    record = DigestRecord.objects.get(user=people["alice"], day=TODAY)
    assert not record.sent and record.probabilities == {str(deal.pk): 0.3}


def test_a_dry_run_sends_and_records_nothing(
        people: dict[str, AbstractUser], make_deal: Callable[..., Deal]) -> None:
    _with_address(people["alice"], "alice@example.com")
    add_follow_up(make_deal("alice"), "Late", TODAY - timedelta(days=1), by=people["alice"])
    run = send_digests(day=TODAY, usernames=["alice"], dry_run=True)
    assert run.sent == ["alice"]
    assert mail.outbox == [] and not DigestRecord.objects.exists()


def test_a_mail_server_that_refuses_is_reported_and_nothing_is_recorded(
        people: dict[str, AbstractUser], make_deal: Callable[..., Deal], settings: object) -> None:
    _with_address(people["alice"], "alice@example.com")
    add_follow_up(make_deal("alice"), "Late", TODAY - timedelta(days=1), by=people["alice"])
    # A real SMTP backend pointed at a port nobody listens on: the refusal is real.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # type: ignore[attr-defined]
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # type: ignore[attr-defined]
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 5  # type: ignore[attr-defined]
    run = send_digests(day=TODAY, usernames=["alice"])
    assert [name for name, _ in run.failed] == ["alice"]
    assert not DigestRecord.objects.exists()
