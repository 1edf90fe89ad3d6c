"""Each behaviour in Vietnamese: conversations that must draw it, and near misses that must not."""

from __future__ import annotations

import pytest

from tests.core.coach.conftest import analyse, found

POSITIVE = [
    (
        "parity-claim",
        "Nhân viên: Công ty chúng tôi thành lập từ năm 1998 đến nay.\nKhách hàng: Vâng.",
    ),
    ("parity-claim", "Nhân viên: Bên em có hơn 50 văn phòng trên cả nước.\nKhách hàng: Ừ."),
    (
        "parity-claim",
        "Nhân viên: Chúng tôi đang phục vụ nhiều doanh nghiệp cùng ngành với chị.\nKhách hàng: Vậy à.",
    ),
    (
        "generic-satisfaction-question",
        "Nhân viên: Chị thấy dịch vụ của họ thế nào?\nKhách hàng: Ổn.",
    ),
    (
        "generic-satisfaction-question",
        "Nhân viên: Anh có gặp trục trặc gì với bên đó không?\nKhách hàng: Không.",
    ),
    (
        "matchable-concession",
        "Nhân viên: Bên em có thể giảm lãi suất cho anh 0,5%.\nKhách hàng: Thế à.",
    ),
    (
        "matchable-concession",
        "Nhân viên: Chúng tôi sẽ miễn phí quản lý tài khoản năm đầu.\nKhách hàng: Hay đấy.",
    ),
    (
        "matchable-concession",
        "Nhân viên: Chúng tôi có thể nâng hạn mức tín dụng lên 5 tỷ.\nKhách hàng: Được.",
    ),
    (
        "trial-close",
        "Nhân viên: Nếu bên em giảm giá bằng họ thì anh có chuyển sang bên em không?\nKhách hàng: Để xem.",
    ),
    (
        "trial-close",
        "Nhân viên: Giả sử chúng tôi làm được, còn lý do gì khiến mình không hợp tác với nhau?\nKhách hàng: Không.",
    ),
    (
        "badmouthing",
        "Nhân viên: Nói thật là bên đó làm ăn rất thiếu chuyên nghiệp.\nKhách hàng: Thế à.",
    ),
    ("badmouthing", "Nhân viên: Ngân hàng kia chặt chém khách lắm.\nKhách hàng: Ừ."),
    (
        "status-quo-signal",
        "Nhân viên: Dịch vụ bên đó ra sao ạ?\nKhách hàng: Họ phục vụ tốt, không có gì phàn nàn.",
    ),
    (
        "status-quo-signal",
        "Nhân viên: Dịch vụ ngân hàng của anh thế nào?\nKhách hàng: Bình thường.",
    ),
    ("dissatisfaction-cue", "Nhân viên: Còn khâu giao hàng?\nKhách hàng: Đôi khi hơi chậm."),
    ("dissatisfaction-cue", "Nhân viên: Còn báo cáo?\nKhách hàng: Phải nhắc mấy lần họ mới gửi."),
    (
        "stall",
        "Nhân viên: Đó là đề xuất của bên em.\nKhách hàng: Để tôi suy nghĩ thêm rồi báo lại sau.",
    ),
    ("stall", "Nhân viên: Anh thấy sao?\nKhách hàng: Em gửi qua email, anh trao đổi nội bộ đã."),
    (
        "incumbent-counter",
        "Ngân hàng hiện tại: Chúng tôi sẵn sàng giảm phí để giữ anh, anh là khách hàng quan trọng.",
    ),
    (
        "incumbent-counter",
        "Nhân viên: Có tin gì không chị?\nKhách hàng: Ngân hàng cũ vừa hứa giảm phí cho chúng tôi.",
    ),
    (
        "loss-signal",
        "Nhân viên: Anh quyết định sao?\nKhách hàng: Chúng tôi thấy chưa có lý do đủ mạnh để thay đổi.",
    ),
    (
        "loss-signal",
        "Nhân viên: Anh quyết định sao?\nKhách hàng: Bên tôi sẽ tiếp tục với họ thêm một năm.",
    ),
    (
        "gap-question",
        "Nhân viên: Lần gần nhất công ty bảo hiểm xuống tận nhà máy khảo sát rủi ro cùng anh là khi nào?\nKhách hàng: Chưa bao giờ.",
    ),
    (
        "gap-question",
        "Nhân viên: Bao lâu một lần chuyên viên bên đó ngồi lại rà soát công nợ với chị?\nKhách hàng: Ít lắm.",
    ),
    (
        "prospect-stated-gap",
        "Nhân viên: Họ có rà soát không?\nKhách hàng: Họ chưa bao giờ rà soát hợp đồng cùng chúng tôi.",
    ),
    (
        "prospect-stated-gap",
        "Nhân viên: Điều gì quan trọng nhất?\nKhách hàng: Chúng tôi cần người hiểu dòng tiền theo mùa của mình.",
    ),
    (
        "impact-question",
        "Nhân viên: Lần trễ hàng đó làm công ty thiệt hại bao nhiêu?\nKhách hàng: Nhiều.",
    ),
    (
        "impact-question",
        "Nhân viên: Bộ phận nào chịu ảnh hưởng khi hóa đơn xuất chậm?\nKhách hàng: Kế toán.",
    ),
    (
        "vision-question",
        "Nhân viên: Theo chị, cách làm lý tưởng sẽ như thế nào?\nKhách hàng: Mỗi quý một lần.",
    ),
    (
        "vision-question",
        "Nhân viên: Anh hình dung buổi rà soát đó diễn ra ra sao?\nKhách hàng: Có kế toán tham gia.",
    ),
    (
        "decision-question",
        "Nhân viên: Ai là người quyết định đổi nhà cung cấp ạ?\nKhách hàng: Giám đốc.",
    ),
    ("decision-question", "Nhân viên: Ban giám đốc có sẵn sàng thay đổi không ạ?\nKhách hàng: Có."),
    (
        "counter-rehearsal",
        "Nhân viên: Khi anh báo với họ, chắc chắn họ sẽ đề nghị giảm phí. Lúc đó anh sẽ nói gì?\nKhách hàng: Tôi sẽ từ chối.",
    ),
    ("dated-next-step", "Nhân viên: Em hẹn gặp anh sáng thứ Ba lúc 9 giờ nhé.\nKhách hàng: Được."),
    (
        "dated-next-step",
        "Nhân viên: Chiều mai em gọi lại cho chị lúc 15h được không?\nKhách hàng: Ừ.",
    ),
    (
        "incumbent-counter",
        "Nhân viên: Có gì mới không chị?\nKhách hàng: Họ gọi lại, nói sẽ giảm phí ngang bằng bên em.",
    ),
    (
        "status-quo-signal",
        "Nhân viên: Bên đó phục vụ anh thế nào?\nKhách hàng: Tôi chưa gặp vấn đề gì với họ cả.",
    ),
]

NEGATIVE = [
    ("parity-claim", "Nhân viên: Anh làm việc với họ từ năm nào?\nKhách hàng: 2015."),
    (
        "generic-satisfaction-question",
        "Nhân viên: Lần gần nhất họ rà soát hạn mức cùng chị là khi nào?\nKhách hàng: Lâu rồi.",
    ),
    ("generic-satisfaction-question", "Nhân viên: Dạo này anh thế nào?\nKhách hàng: Khỏe."),
    ("matchable-concession", "Nhân viên: Họ có thu phí chuyển tiền không?\nKhách hàng: Có."),
    ("trial-close", "Nhân viên: Nếu rà soát thấy vấn đề, ai cần được biết?\nKhách hàng: Giám đốc."),
    ("badmouthing", "Nhân viên: Họ là ngân hàng lớn và có nhiều khách hàng.\nKhách hàng: Đúng."),
    (
        "status-quo-signal",
        "Nhân viên: Chào anh, dạo này thế nào?\nKhách hàng: Tốt, cảm ơn em. Còn em?",
    ),
    (
        "status-quo-signal",
        "Nhân viên: Họ có rà soát cùng anh không?\nKhách hàng: Không, chưa bao giờ.",
    ),
    ("dissatisfaction-cue", "Nhân viên: Còn giao hàng?\nKhách hàng: Không hề chậm, rất đúng giờ."),
    ("stall", "Nhân viên: Bước tiếp theo?\nKhách hàng: Thứ Năm lúc 10 giờ mình họp nhé."),
    ("incumbent-counter", "Nhân viên: Chúng tôi có thể giảm phí cho anh.\nKhách hàng: Vậy à."),
    (
        "loss-signal",
        "Nhân viên: Nếu giải quyết được, anh có sẵn sàng thay đổi không?\nKhách hàng: Có thể.",
    ),
    ("gap-question", "Nhân viên: Anh làm việc với ngân hàng đó bao lâu rồi?\nKhách hàng: Sáu năm."),
    (
        "prospect-stated-gap",
        "Nhân viên: Họ có rà soát không?\nKhách hàng: Có, họ rà soát hằng quý.",
    ),
    (
        "impact-question",
        "Nhân viên: Doanh thu năm ngoái của anh khoảng bao nhiêu?\nKhách hàng: 30 tỷ.",
    ),
    ("vision-question", "Nhân viên: Anh muốn uống gì ạ?\nKhách hàng: Trà."),
    (
        "decision-question",
        "Nhân viên: Nếu chúng tôi giảm phí, anh có chuyển không?\nKhách hàng: Có thể.",
    ),
    (
        "counter-rehearsal",
        "Nhân viên: Công ty anh bán mặt hàng gì nhiều nhất?\nKhách hàng: Hạt điều.",
    ),
    ("dated-next-step", "Nhân viên: Vài ngày nữa em gọi lại cho anh.\nKhách hàng: Ừ."),
    (
        "incumbent-counter",
        "Nhân viên: Bên em sẽ giảm phí ngang bằng mức họ đang thu.\nKhách hàng: Vậy à.",
    ),
    (
        "vision-question",
        "Nhân viên: Ai sẽ tham gia quyết định việc chuyển đổi ạ?\nKhách hàng: Giám đốc tài chính.",
    ),
    (
        "dissatisfaction-cue",
        "Nhân viên: Chị nghĩ sao?\nKhách hàng: Như vậy vẫn chưa đủ lý do để đổi nhà cung cấp.",
    ),
]


@pytest.mark.parametrize(("behaviour", "text"), POSITIVE)
def test_it_flags_the_behaviour_in_vietnamese(behaviour: str, text: str) -> None:
    assert found(text, behaviour), f"{behaviour} not found in: {text!r}"


@pytest.mark.parametrize(("behaviour", "text"), NEGATIVE)
def test_it_does_not_flag_a_near_miss_in_vietnamese(behaviour: str, text: str) -> None:
    assert found(text, behaviour) == [], f"{behaviour} wrongly found in: {text!r}"


def test_it_matches_vietnamese_typed_without_diacritics() -> None:
    text = "Nhan vien: Co van de gi ve dich vu khong?\nKhach hang: Khong co gi dang ke."
    assert found(text, "generic-satisfaction-question")
    assert found(text, "status-quo-signal") == ["Khong co gi dang ke"]


def test_it_keeps_words_apart_that_differ_only_by_diacritics() -> None:
    # "hợp lý" (reasonable) must not be read as "họp" (meeting) in a dated next step.
    text = "Nhân viên: Mức phí đó hợp lý vào thứ Ba chứ?\nKhách hàng: Ừ."
    assert found(text, "dated-next-step") == []


def test_it_flags_a_missed_cue_when_the_seller_moves_on() -> None:
    text = (
        "Nhân viên: Còn hạn mức tín dụng?\nKhách hàng: Tôi nghĩ họ có thể làm tốt hơn.\n"
        "Nhân viên: Dạ. Thế còn phí chuyển khoản thì sao?"
    )
    assert found(text, "missed-cue")


def test_it_does_not_flag_a_missed_cue_when_the_seller_probes() -> None:
    text = (
        "Nhân viên: Còn hạn mức tín dụng?\nKhách hàng: Tôi nghĩ họ có thể làm tốt hơn.\n"
        "Nhân viên: Vì sao anh nói vậy, cụ thể là hạn mức vướng ở đâu?"
    )
    assert found(text, "missed-cue") == []


def test_it_flags_an_accepted_stall_in_vietnamese() -> None:
    text = "Nhân viên: Đó là đề xuất.\nKhách hàng: Để tôi xem lại đã.\nNhân viên: Dạ vâng, em chờ tin anh."
    assert found(text, "accepted-stall")


def test_it_reads_each_turn_with_its_own_languages_rules() -> None:
    text = (
        "Rep: How is their service?\nKhách hàng: Nói chung là tốt.\n"
        "Rep: Any problems?\nKhách hàng: Không có gì đáng kể."
    )
    report = analyse(text)
    assert report.conversation.language == "mixed"
    assert len(report.by_behaviour("generic-satisfaction-question")) == 2
    assert len(report.by_behaviour("status-quo-signal")) == 2


UNACCENTED_CALL = """
Telesales: Da ngan hang em thanh lap tu nam 1996 a.
KH: Roi sao em.
Telesales: Anh dang giao dich voi ngan hang nao a?
KH: Anh dung Vietcombank lau roi.
Telesales: Anh thay dich vu ben do the nao a?
KH: Cung binh thuong.
"""


def test_short_unaccented_turns_take_the_conversations_language() -> None:
    report = analyse(UNACCENTED_CALL)
    assert [t.language for t in report.conversation.turns] == ["vi"] * 6
    assert found(UNACCENTED_CALL, "status-quo-signal") == ["Cung binh thuong"]


def test_a_lone_accented_word_is_not_read_into_unaccented_text() -> None:
    # "bên đó" (over there) typed as "ben do" must not be read as "dở" (bad): no badmouthing
    assert found(UNACCENTED_CALL, "badmouthing") == []
    assert found(UNACCENTED_CALL, "generic-satisfaction-question")


def test_it_finds_the_incumbent_in_text_typed_without_diacritics() -> None:
    report = analyse(UNACCENTED_CALL)
    assert report.facts["incumbent"]["name"] == "Vietcombank"


def test_a_stated_gap_wins_over_a_status_quo_reading_of_the_same_words() -> None:
    text = (
        "Nhân viên: Lần gần nhất ngân hàng rà soát hạn mức cùng anh là khi nào?\n"
        "Khách hàng: Chưa bao giờ."
    )
    assert found(text, "prospect-stated-gap") == ["Chưa bao giờ"]
    assert found(text, "status-quo-signal") == []


def test_a_claim_ending_in_the_polite_a_is_read_in_a_transcript_without_punctuation() -> None:
    text = "Nhân viên: Bên em có mười hai kho trên cả nước ạ\nKhách hàng: Vâng"
    assert found(text, "parity-claim")


def _rules(text: str) -> set[str]:
    return analyse(text, learned=None).behaviours()


def test_a_time_word_is_a_stall_only_with_a_deferral_in_vietnamese() -> None:
    assert "stall" not in _rules(
        "Nhân viên: Báo cáo thì sao ạ?\nKhách hàng: Cuối tháng bên đó gửi một file Excel tổng.")
    assert "stall" in _rules(
        "Nhân viên: Chị thấy sao ạ?\nKhách hàng: Cuối tháng chị trả lời em nhé.")


def test_speaking_frankly_is_not_a_cue_in_vietnamese() -> None:
    # "nói thiệt" is "to be honest", not "thiệt" (a loss)
    assert "dissatisfaction-cue" not in _rules(
        "Nhân viên: Anh thấy sao ạ?\nKhách hàng: Anh nói thiệt, bên anh làm với Phú Quý ổn rồi.")
    assert "dissatisfaction-cue" in _rules(
        "Nhân viên: Còn giao hàng?\nKhách hàng: Đôi khi cũng hơi trễ em ạ.")


def _rule_ids(text: str) -> set[str]:
    """The rules (and sequence checks) behind the findings, the learned layer left out."""
    return {f.source.get("rule") or f.source.get("check", "")
            for f in analyse(text, learned=None).findings}


# Each family of wordings: (rule, what must draw it, a near miss that must not).
FAMILIES = [
    ("vi:badmouthing.harsh",
     "Nhân viên: Em nói thật, bên Hòa Bình làm ăn chụp giật lắm chị ạ.\nKhách hàng: Vậy hả.",
     "Nhân viên: Bên em không bao giờ làm ăn chụp giật đâu chị.\nKhách hàng: Vậy hả."),
    ("vi:badmouthing.weak-about-them",
     "Nhân viên: Dạ xe bên đấy cũ lắm rồi anh, chạy hoài cũng vậy.\nKhách hàng: Ừ.",
     "Nhân viên: Dạ máy nén của mình cũ lắm rồi, em thấy nên thay.\nKhách hàng: Ừ."),
    ("vi:badmouthing.hearsay",
     "Sale: e nghe noi ben do dao nay giao tre hoai, khach than qua troi\nKH: vay ha",
     "Nhân viên: Em nghe nói bên đó mới mở thêm kho ở Bình Dương.\nKhách hàng: Ừ đúng rồi."),
    ("vi:satisfaction.how-do-you-find",
     "Nhân viên: Dạ vậy chú thấy bên Tân Tiến giao hàng có ổn hông chú?\nKhách hàng: Cũng được.",
     "Nhân viên: Chị thấy báo giá bên em có ổn không chị?\nKhách hàng: Để chị coi."),
    ("vi:satisfaction.how-do-you-find",
     "Sale: c thay ben do lam co ok ko c?\nKH: cung dc e",
     "Sale: c thay gia nay ok ko c?\nKH: cung dc e"),
    ("vi:trial-close.close-now",
     "Nhân viên: Vậy trong tháng này mình chốt đơn đầu luôn nha chị?\nKhách hàng: Để chị tính.",
     "Nhân viên: Hợp đồng hiện tại bên chị ký tới khi nào ạ?\nKhách hàng: Tháng Sáu."),
    ("vi:trial-close.on-a-nod",
     "Nhân viên: Anh gật đầu là chiều mai em mang phụ lục qua ký liền.\nKhách hàng: Từ từ em.",
     "Nhân viên: Sếp anh đồng ý thì bên em mới làm phụ lục được ạ.\nKhách hàng: Ừ."),
    ("vi:loss.staying",
     "Nhân viên: Anh tính sao ạ?\nKhách hàng: Thôi em, giảm vậy thì anh cũng không đổi đâu.",
     "Nhân viên: Anh tính sao ạ?\nKhách hàng: Nếu em không giảm thêm thì anh không đổi đâu."),
    ("vi:loss.staying",
     "Sale: c tinh sao a?\nKH: c ko muon doi dau e, ben do lam quen r",
     "Sale: c tinh sao a?\nKH: de c hoi sep da"),
    ("vi:counter.incumbent-offer",
     "Khách hàng: Chị đang tìm hiểu bên khác.\n"
     "Nhà cung cấp hiện tại: Năm nay em xin sếp giữ nguyên giá như năm ngoái cho chị.",
     "Khách hàng: Chị đang tìm hiểu bên khác.\n"
     "Nhà cung cấp hiện tại: Dạ em hiểu, chị cứ so sánh thoải mái."),
    ("vi:counter.reported-cut",
     "Nhân viên: Có gì mới không anh?\n"
     "Khách hàng: Bên kia nghe phong thanh là gọi lại liền, giảm cho anh năm phần trăm.",
     "Nhân viên: Có gì mới không anh?\n"
     "Khách hàng: Bên kia gọi lại hỏi thăm thôi, chưa nói gì về giá."),
    ("vi:stall.let-me-look",
     "Nhân viên: Anh thấy đề xuất sao ạ?\nKhách hàng: Ừ để anh coi đã.",
     "Nhân viên: Anh thấy đề xuất sao ạ?\nKhách hàng: Để em coi giúp anh cái lịch giao hàng."),
    ("vi:stall.ask-someone-first",
     "Nhân viên: Mình tiến hành được không chị?\nKhách hàng: Chị còn phải hỏi ý anh nhà đã.",
     "Nhân viên: Mình tiến hành được không chị?\nKhách hàng: Chị đã hỏi ý anh nhà rồi, ảnh chịu."),
    ("vi:stall.send-it-over",
     "Nhân viên: Anh thấy sao ạ?\nKhách hàng: Em cứ gửi bảng giá qua Zalo, rảnh anh coi rồi tính.",
     "Nhân viên: Anh thấy sao ạ?\nKhách hàng: Em gửi hợp đồng qua mail để anh ký luôn."),
    ("vi:cue.slightly",
     "Nhân viên: Còn khâu in ấn?\nKhách hàng: Có điều màu đợt này hơi lệch so với mẫu.",
     "Nhân viên: Còn khâu in ấn?\nKhách hàng: Giá bên em hơi cao so với chỗ cũ."),
    ("vi:cue.slightly",
     "Sale: con wifi thi sao a?\nKH: toi cuoi tuan thi hoi yeu",
     "Sale: con wifi thi sao a?\nKH: wifi manh, khong van de gi"),
]


@pytest.mark.parametrize(("rule", "positive", "negative"), FAMILIES)
def test_each_family_of_wordings_draws_its_rule_and_not_its_near_miss(
        rule: str, positive: str, negative: str) -> None:
    assert rule in _rule_ids(positive), f"{rule} not drawn by: {positive!r}"
    assert rule not in _rule_ids(negative), f"{rule} wrongly drawn by: {negative!r}"


def test_asking_when_the_board_meets_does_not_accept_the_stall() -> None:
    stall = "Nhân viên: Đó là đề xuất của em.\nKhách hàng: Để chị họp với ban giám đốc đã.\n"
    assert "stall" in _rules(stall)
    assert "accepted-stall" not in _rules(stall + "Nhân viên: Dạ vâng, thế bao giờ ban họp ạ?")
    assert "accepted-stall" in _rules(stall + "Nhân viên: Dạ vâng, chị cứ thong thả ạ.")
    assert "accepted-stall" in _rules(
        stall + "Nhân viên: Dạ vâng, khi nào chị cần thì chị gọi em nhé?")


def test_a_vague_answer_probed_by_its_own_word_is_no_missed_cue() -> None:
    # "chung chung" (vague) typed with its accents is a topic, not "chúng" (a stop word)
    cue = "Nhân viên: Họ có báo trước không anh?\nKhách hàng: Có gửi, nhưng cũng chung chung thôi.\n"
    assert "missed-cue" not in _rules(cue + "Nhân viên: Dạ, chung chung là kiểu gì anh?")
    # "không" and "mình" are stop words however they are typed: no shared topic here
    assert "missed-cue" in _rules(cue + "Nhân viên: Dạ. Bên mình có mấy xe tải không ạ?")


def test_hong_and_ko_end_a_question_in_a_transcript_without_question_marks() -> None:
    # speech recognition writes no "?": the southern "hông" and the texted "ko" ask
    asked = "Sale: dạ chị thấy bên Hòa Phát làm có ổn hông chị\nKH: cũng được em"
    texted = "Sale: c thay ben Hoa Phat lam co on ko c\nKH: cung dc e"
    told = "Sale: dạ em thấy bên Hòa Phát làm cũng ổn chị\nKH: ừ cũng được em"
    assert "generic-satisfaction-question" in _rules(asked)
    assert "generic-satisfaction-question" in _rules(texted)
    assert "generic-satisfaction-question" not in _rules(told)
