"""One finding per offer: a concession read by two rules is one, two concessions stay two."""

from __future__ import annotations

from tests.core.coach.conftest import analyse, found


def test_a_discount_on_a_fee_is_one_concession_in_english() -> None:
    text = "Rep: We can knock 12% off your monthly hosting fee.\nBuyer: Noted."
    assert found(text, "matchable-concession") == ["We can knock 12% off your monthly hosting fee"]


def test_two_offers_joined_by_and_stay_two_concessions_in_english() -> None:
    text = "Rep: We can knock 12% off your hosting fee and throw in free setup.\nBuyer: Noted."
    assert len(found(text, "matchable-concession")) == 2


def test_two_offers_separated_by_a_comma_stay_two_concessions_in_english() -> None:
    text = "Rep: We'll waive the setup fees, raise your credit limit by $50K.\nBuyer: Noted."
    assert len(found(text, "matchable-concession")) == 2


def test_a_discount_on_a_fee_is_one_concession_in_vietnamese() -> None:
    text = "Nhân viên: Bên em có thể giảm 8% phí quản lý tài khoản.\nKhách hàng: Vậy à."
    assert len(found(text, "matchable-concession")) == 1


def test_two_offers_joined_by_va_stay_two_concessions_in_vietnamese() -> None:
    text = (
        "Nhân viên: Bên em có thể giảm 8% phí quản lý và miễn phí lắp đặt cho anh.\n"
        "Khách hàng: Vậy à."
    )
    assert len(found(text, "matchable-concession")) == 2


def test_a_joiner_typed_without_diacritics_still_separates_two_offers() -> None:
    text = "Nhân viên: Ben em giam 8% phi quan ly va mien phi lap dat.\nKhách hàng: Vay a."
    assert len(found(text, "matchable-concession")) == 2


def test_an_uptime_figure_is_not_a_discount() -> None:
    text = "Rep: We guarantee 99.9% uptime across every site.\nBuyer: Okay."
    assert found(text, "matchable-concession") == []


def test_a_deferral_in_the_turn_that_sets_a_date_is_not_a_stall() -> None:
    dated = analyse("Rep: Can we meet with your CFO?\n"
                    "Buyer: Let me check with her. Let's meet Tuesday the 4th at 10am.",
                    learned=None)
    assert "dated-next-step" in dated.behaviours()
    assert "stall" not in dated.behaviours()
    undated = analyse("Rep: Can we meet with your CFO?\nBuyer: Let me check with her.",
                      learned=None)
    assert "stall" in undated.behaviours()
