"""The deal's history reads as sentences in the reader's language, uploads and comments included."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from displace.web.conversations.actions import Upload, record_conversation
from displace.web.deals import actions
from displace.web.deals.history import change_sentences, history_entries
from displace.web.deals.models import Deal, EvidenceChange
from displace.web.followups.actions import add_follow_up, complete_follow_up
from displace.web.followups.models import FollowUp
from tests.web.conftest import ENGLISH_CALL, queries_for_page


def _history(deal: Deal) -> list[str]:
    deal.refresh_from_db()
    return [str(e.sentence) for e in history_entries(
        deal, changes=deal.changes.select_related("by"), comments=deal.comments.all(),
        conversations=deal.conversations.all(), follow_ups=deal.follow_ups.all())]


def _said(deal: Deal, what: str, language: str = "en", *, by: Any = None,
          before: Any = None, after: Any = None) -> list[str]:
    change = EvidenceChange(deal=deal, by=by or deal.owner, what=what, before=before,
                            after=after)
    with translation.override(language):
        return [str(s) for s in change_sentences(deal, change)]


@pytest.fixture
def bill(people: dict[str, AbstractUser]) -> AbstractUser:
    """Alice with her full name filled in, as the history should name her."""
    alice = people["alice"]
    alice.first_name, alice.last_name = "Alice", "Nguyen"
    alice.save()
    return alice


def test_it_says_who_imported_the_deal_from_a_deal_file(alices_deal: Deal) -> None:
    assert _history(alices_deal) == ["alice imported the deal from a deal file"]
    with translation.override("vi"):
        assert _history(alices_deal) == ["alice đã nhập thương vụ từ một tệp thương vụ"]


def test_it_names_the_crm_a_deal_was_imported_from(alices_deal: Deal) -> None:
    alices_deal.crm_source = "hubspot"
    assert _said(alices_deal, "import") == ["alice imported the deal from HubSpot"]


def test_it_says_who_created_the_deal(people: dict[str, AbstractUser]) -> None:
    deal = actions.create_deal(owner=people["bob"], title="Bob's deal", prospect="Minh Phat",
                               industry="sme-banking", incumbent="Northern Bank")
    assert _history(deal) == ["bob created the deal"]
    with translation.override("vi"):
        assert _history(deal) == ["bob đã tạo thương vụ"]


def test_it_names_both_stages_of_a_stage_change_and_the_full_name(
    alices_deal: Deal, bill: AbstractUser
) -> None:
    actions.update_deal(alices_deal, stage="proposal", by=bill)
    assert _history(alices_deal)[0] == "Alice Nguyen changed the stage from Discovery to Proposal"
    with translation.override("vi"):
        assert _history(alices_deal)[0] == (
            "Alice Nguyen đã chuyển giai đoạn từ Tìm hiểu sang Đề xuất")


def test_it_writes_a_value_change_from_the_crm_as_money(alices_deal: Deal) -> None:
    alices_deal.currency = "VND"
    before = {"value": "0.00"}
    after = {"value": "1500000000.00"}
    assert _said(alices_deal, "crm", before=before, after=after) == [
        "alice changed the value from 0 ₫ to 1,500,000,000 ₫"]
    assert _said(alices_deal, "crm", "vi", before=before, after=after) == [
        "alice đã đổi giá trị từ 0 ₫ thành 1.500.000.000 ₫"]


def test_a_value_and_close_date_changed_on_the_deal_form_are_told_with_both_values(
    alices_deal: Deal,
) -> None:
    Deal.objects.filter(pk=alices_deal.pk).update(value=Decimal(1000), currency="USD")
    alices_deal.refresh_from_db()
    actions.update_deal(alices_deal, value=Decimal(250000), expected_close=date(2027, 3, 31),
                        by=alices_deal.owner)
    assert _history(alices_deal)[:2] == [
        "alice changed the value from $1,000 to $250,000",
        "alice changed the expected close from “—” to “31 Mar 2027”"]
    with translation.override("vi"):
        assert _history(alices_deal)[0] == "alice đã đổi giá trị từ 1.000 $ thành 250.000 $"


def test_it_names_the_crm_when_nobody_made_its_change(alices_deal: Deal) -> None:
    alices_deal.crm_source = "pipedrive"
    change = EvidenceChange(deal=alices_deal, by=None, what="crm",
                            before={"title": "Old"}, after={"title": "New"})
    assert [str(s) for s in change_sentences(alices_deal, change)] == [
        "Pipedrive changed the title from “Old” to “New”"]


def test_it_says_a_gap_was_added_then_updated(alices_deal: Deal) -> None:
    user = alices_deal.owner
    actions.add_gap(alices_deal, "Payroll runs late", by=user)
    key = alices_deal.core["gaps"][-1]["id"]
    actions.update_gap(alices_deal, key, {"stated_by": "Mrs Lan"}, by=user)
    assert _history(alices_deal)[:2] == ["alice updated the gap “Payroll runs late”",
                                         "alice added the gap “Payroll runs late”"]
    with translation.override("vi"):
        assert _history(alices_deal)[:2] == [
            "alice đã cập nhật khoảng trống “Payroll runs late”",
            "alice đã thêm khoảng trống “Payroll runs late”"]


@pytest.mark.parametrize(("what", "english", "vietnamese"), [
    ("prospect", "alice edited the prospect", "alice đã chỉnh sửa khách hàng tiềm năng"),
    ("incumbent", "alice edited the incumbent", "alice đã chỉnh sửa nhà cung cấp hiện tại"),
    ("vision", "alice edited the vision", "alice đã chỉnh sửa hình dung giải pháp"),
    ("prospect.contacts", "alice edited the contacts",
     "alice đã chỉnh sửa danh sách người liên hệ"),
    ("our_side.claims", "alice edited our claims",
     "alice đã chỉnh sửa những điều chúng ta nói về mình"),
    ("decision", "alice edited the decision", "alice đã chỉnh sửa thông tin quyết định"),
])
def test_it_names_each_edited_part_in_words(alices_deal: Deal, what: str, english: str,
                                            vietnamese: str) -> None:
    assert _said(alices_deal, what) == [english]
    assert _said(alices_deal, what, "vi") == [vietnamese]


def test_it_says_which_offer_item_was_edited(alices_deal: Deal) -> None:
    assert _said(alices_deal, "offer.rate", before={"id": "rate", "text": "Old rate"},
                 after={"id": "rate", "text": "0.5% lower loan rate"}) == [
        "alice edited the offer item “0.5% lower loan rate”"]
    assert _said(alices_deal, "offer.rate", "vi", after={"id": "rate", "text": "Phí thấp"}) == [
        "alice đã thêm hạng mục đề xuất “Phí thấp”"]


def test_it_names_an_unknown_part_in_words_never_its_key(alices_deal: Deal) -> None:
    assert _said(alices_deal, "our_side.rep_notes") == ["alice edited our side"]
    assert _said(alices_deal, "mutual_plan.steps") == ["alice edited mutual plan steps"]


def test_it_links_an_upload_to_its_conversation(alices_deal: Deal) -> None:
    call = record_conversation(alices_deal, Upload("call.txt", ENGLISH_CALL.encode()),
                               by=alices_deal.owner, title="First call")
    url = reverse("conversation", args=[call.pk])
    assert _history(alices_deal)[0] == (
        f'alice uploaded the conversation “<a href="{url}">First call</a>”')
    with translation.override("vi"):
        assert _history(alices_deal)[0] == (
            f'alice đã tải lên cuộc trò chuyện “<a href="{url}">First call</a>”')


def test_it_says_who_added_a_follow_up_and_who_closed_it(alices_deal: Deal) -> None:
    follow_up = add_follow_up(alices_deal, "Send the pricing", date(2026, 12, 31),
                              by=alices_deal.owner)
    complete_follow_up(follow_up, by=alices_deal.owner)
    assert _history(alices_deal)[:2] == [
        "alice closed the follow-up “Send the pricing”",
        "alice added the follow-up “Send the pricing”, due 31 Dec 2026"]
    with translation.override("vi"):
        assert _history(alices_deal)[:2] == [
            "alice đã đánh dấu hoàn thành việc cần theo dõi “Send the pricing”",
            "alice đã thêm việc cần theo dõi “Send the pricing”, hạn 31/12/2026"]


def test_it_names_whom_a_follow_up_was_added_for_when_someone_else_added_it(
    alices_deal: Deal, bill: AbstractUser, people: dict[str, AbstractUser]
) -> None:
    follow_up = add_follow_up(alices_deal, "Send the pricing", date(2026, 12, 31),
                              by=people["maria"])
    complete_follow_up(follow_up, by=people["bob"])
    assert _history(alices_deal)[:2] == [
        "bob closed the follow-up “Send the pricing”",
        "maria added the follow-up “Send the pricing” for Alice Nguyen, due 31 Dec 2026"]
    with translation.override("vi"):
        assert _history(alices_deal)[1] == (
            "maria đã thêm việc cần theo dõi “Send the pricing” cho Alice Nguyen, hạn 31/12/2026")


def test_a_follow_up_from_before_its_people_were_kept_says_only_what_it_knows(
    alices_deal: Deal
) -> None:
    old = FollowUp.objects.create(deal=alices_deal, title="Send the pricing",
                                  due=date(2026, 12, 31), assignee=alices_deal.owner)
    FollowUp.objects.filter(pk=old.pk).update(
        done=True, done_at=old.created_at + timedelta(minutes=1))
    assert _history(alices_deal)[:2] == [
        "Follow-up “Send the pricing” marked done",
        "Follow-up “Send the pricing” added for alice, due 31 Dec 2026"]
    with translation.override("vi"):
        assert _history(alices_deal)[:2] == [
            "Việc cần theo dõi “Send the pricing” đã được đánh dấu hoàn thành",
            "Đã thêm việc cần theo dõi “Send the pricing” cho alice, hạn 31/12/2026"]


def test_it_quotes_a_comment_shortened_and_escaped(alices_deal: Deal) -> None:
    actions.add_comment(alices_deal, "<script>alert(1)</script> " + "word " * 60,
                        by=alices_deal.owner)
    sentence = _history(alices_deal)[0]
    assert sentence.startswith("alice commented: “&lt;script&gt;alert(1)&lt;/script&gt; word")
    assert "<script>" not in sentence
    assert sentence.endswith("…”")
    with translation.override("vi"):
        assert _history(alices_deal)[0].startswith("alice đã bình luận: “&lt;script&gt;")


def test_the_deal_page_shows_the_history_with_a_comment_escaped(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    actions.add_comment(alices_deal, "<script>alert(1)</script>", by=alices_deal.owner)
    page = login("alice").get(reverse("deal", args=[alices_deal.pk])).content.decode()
    history = page[page.index('id="history"'):]
    assert "alice commented: “&lt;script&gt;alert(1)&lt;/script&gt;”" in history
    assert "alice imported the deal from a deal file" in history
    assert "<script>alert(1)" not in page


def test_it_lists_the_newest_first(alices_deal: Deal) -> None:
    user = alices_deal.owner
    actions.add_comment(alices_deal, "First", by=user)
    actions.update_deal(alices_deal, stage="gap", by=user)
    actions.add_comment(alices_deal, "Last", by=user)
    assert _history(alices_deal) == [
        "alice commented: “Last”",
        "alice changed the stage from Discovery to Gap",
        "alice commented: “First”",
        "alice imported the deal from a deal file",
    ]
    entries = history_entries(alices_deal, changes=alices_deal.changes.all(),
                              comments=alices_deal.comments.all(), conversations=[],
                              follow_ups=[])
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
    assert entries[0].at <= timezone.now() + timedelta(seconds=1)


def _gather(deal: Deal, n: int) -> None:
    for i in range(n):
        text = f"{ENGLISH_CALL}\nRep: Call number {deal.conversations.count()}."
        record_conversation(deal, Upload(f"call-{i}.txt", text.encode()), by=deal.owner)
        actions.add_gap(deal, f"Gap {i}", by=deal.owner)
        actions.add_comment(deal, f"Comment {i}", by=deal.owner)
        follow_up = add_follow_up(deal, f"Step {i}", date(2026, 12, 31), by=deal.owner)
        complete_follow_up(follow_up, by=deal.owner)
    actions.update_deal(deal, value=Decimal(n), by=deal.owner)


def test_the_history_costs_the_same_queries_with_2_or_20_events_of_each_kind(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    url = reverse("deal", args=[alices_deal.pk])
    client = login("alice")
    _gather(alices_deal, 2)
    few = queries_for_page(client, url)
    _gather(alices_deal, 18)
    assert alices_deal.comments.count() == 20
    assert queries_for_page(client, url) == few


def test_a_rep_of_another_team_sees_no_history(
    login: Callable[[str], Client], alices_deal: Deal
) -> None:
    actions.add_comment(alices_deal, "Private note", by=alices_deal.owner)
    response = login("charlie").get(reverse("deal", args=[alices_deal.pk]))
    assert response.status_code in (403, 404)
    assert "Private note" not in response.content.decode()


def test_it_tells_a_closing_with_its_reason_and_the_loss_s_details_in_both_languages(
    alices_deal: Deal, bill: AbstractUser
) -> None:
    actions.close_deal(alices_deal, "lost", reason="incumbent-matched-price",
                       counter_move="matched_price", lost_to="incumbent",
                       note="Northern Bank cut its rate the next day.", by=bill)
    assert _history(alices_deal)[0] == (
        "Alice Nguyen closed the deal as Lost: The incumbent matched our price (the incumbent "
        "countered: matched the price; lost to the incumbent; note: “Northern Bank cut its "
        "rate the next day.”)")
    with translation.override("vi"):
        assert _history(alices_deal)[0] == (
            "Alice Nguyen đã kết thúc thương vụ: Thua — Nhà cung cấp hiện tại đưa ra mức giá "
            "bằng chúng ta (nhà cung cấp hiện tại đã phản công: đưa ra mức giá bằng; thua vào "
            "tay nhà cung cấp hiện tại; ghi chú: “Northern Bank cut its rate the next day.”)")


def test_it_tells_a_reopening_and_the_closing_before_it(alices_deal: Deal) -> None:
    owner = alices_deal.owner
    actions.close_deal(alices_deal, "won", reason="gap-incumbent-could-not-close", by=owner)
    actions.reopen_deal(alices_deal, stage="commitment", by=owner)
    assert _history(alices_deal)[:2] == [
        "alice reopened the deal at Commitment",
        "alice closed the deal as Won: A gap the incumbent could not close"]
    with translation.override("vi"):
        assert _history(alices_deal)[0] == "alice đã mở lại thương vụ ở giai đoạn Cam kết"


def test_an_outcome_set_as_the_stage_reads_as_a_closing_without_a_reason(
    alices_deal: Deal,
) -> None:
    actions.update_deal(alices_deal, stage="no_decision", by=alices_deal.owner)
    assert _history(alices_deal)[0] == (
        "alice closed the deal as No decision (reason not recorded)")
    actions.update_deal(alices_deal, stage="gap", by=alices_deal.owner)
    assert _history(alices_deal)[0] == "alice reopened the deal at Gap"
    alices_deal.crm_source = "hubspot"
    change = EvidenceChange(deal=alices_deal, by=None, what="crm",
                            before={"stage": "proposal"}, after={"stage": "won"})
    assert [str(s) for s in change_sentences(alices_deal, change)] == [
        "HubSpot closed the deal as Won (reason not recorded)"]


def test_a_closing_note_cannot_inject_markup(alices_deal: Deal) -> None:
    actions.close_deal(alices_deal, "won", reason="other", note="<script>x</script>",
                       by=alices_deal.owner)
    sentence = _history(alices_deal)[0]
    assert "<script>" not in sentence and "&lt;script&gt;" in sentence
