"""What the deal engine says, in English and Vietnamese: reasons, risks and labels.

Every number the assessment gives comes with one of these sentences, written for a sales
manager rather than a statistician.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["TEXTS", "say"]

_EN, _VI = 0, 1

TEXTS: dict[str, tuple[str, str]] = {
    # ---- classification of offer items and claims
    "classify.unknown": (
        "Not recognised in the catalogue: until it names a capability, assume the incumbent "
        "can match it.",
        "Không nhận ra trong danh mục năng lực: khi chưa gắn với một năng lực cụ thể, hãy coi "
        "như nhà cung cấp hiện tại có thể đáp ứng ngang bằng.",
    ),
    "classify.concession": (
        "A price, rate, fee, limit or term: {incumbent} can match it with one phone call "
        "(about {days} {days|day|days}).",
        "Là giá, lãi suất, phí, hạn mức hay điều khoản: {incumbent} chỉ cần một cuộc gọi là "
        "đáp ứng ngang bằng (khoảng {days} ngày).",
    ),
    "classify.common": (
        "{name}: about {share}% of competitors claim it, so it is the cost of admission, not "
        "a reason to change.",
        "{name}: khoảng {share} % đối thủ đều có, nên đây chỉ là điều kiện tối thiểu, không phải "
        "lý do để thay đổi.",
    ),
    "classify.incumbent_has": (
        "{name}: {incumbent} already delivers it to this prospect.",
        "{name}: {incumbent} đã cung cấp điều này cho khách hàng.",
    ),
    "classify.quick": (
        "{name}: {incumbent} can copy it in about {days} days, before the prospect decides.",
        "{name}: {incumbent} có thể làm theo trong khoảng {days} ngày, trước khi khách hàng quyết "
        "định.",
    ),
    "classify.service": (
        "{name}: a proactive service that few competitors offer; {incumbent} would need about "
        "{days} days to build it.",
        "{name}: dịch vụ chủ động mà ít đối thủ có; {incumbent} cần khoảng {days} ngày mới xây "
        "dựng được.",
    ),
    "classify.structural": (
        "{name}: technology, licence or footprint that {incumbent} cannot copy quickly (about "
        "{days} days).",
        "{name}: công nghệ, giấy phép hay mạng lưới mà {incumbent} không thể sao chép nhanh "
        "(khoảng {days} ngày).",
    ),
    "classify.finding.parity": (
        "A credential every competitor can recite: it does not separate us from the incumbent.",
        "Một thông tin giới thiệu mà đối thủ nào cũng nói được: không tạo khác biệt với nhà cung "
        "cấp hiện tại.",
    ),
    "classify.finding.matchable": (
        "A concession the incumbent can match once the prospect shows it our offer.",
        "Một nhượng bộ mà nhà cung cấp hiện tại có thể đáp ứng ngang bằng khi khách hàng cho họ "
        "xem đề nghị của ta.",
    ),
    # ---- gap evidence still missing
    "gap.missing.concrete": (
        "Name the specific service behind it (a capability from the catalogue).",
        "Gọi tên dịch vụ cụ thể đằng sau khoảng trống (một năng lực trong danh mục).",
    ),
    "gap.missing.we_deliver": (
        "Confirm that we actually deliver it (add it to our_side.capabilities).",
        "Xác nhận rằng ta thực sự cung cấp được (thêm vào our_side.capabilities).",
    ),
    "gap.missing.incumbent_lacks": (
        "Check with the prospect that the incumbent does not deliver it today.",
        "Kiểm tra với khách hàng rằng nhà cung cấp hiện tại chưa cung cấp điều này.",
    ),
    "gap.missing.stated": (
        "Get the prospect to state it in their own words (a quote), not the rep's assumption.",
        "Để khách hàng tự nói ra bằng lời của họ (trích dẫn), không phải giả định của người bán.",
    ),
    "gap.missing.quantified": (
        "Measure its impact: what it costs the prospect, how often, who feels it.",
        "Đo mức ảnh hưởng: khách hàng tốn bao nhiêu, bao lâu một lần, ai chịu ảnh hưởng.",
    ),
    "gap.missing.owned": (
        "Find who owns it and make sure they can decide to change supplier.",
        "Tìm người chịu trách nhiệm vấn đề và chắc chắn họ có quyền thay đổi nhà cung cấp.",
    ),
    "gap.missing.proactive": (
        "Make it a proactive service (we act before the prospect asks), not a reactive one.",
        "Biến nó thành dịch vụ chủ động (ta làm trước khi khách hàng yêu cầu), không phải bị động.",
    ),
    "gap.missing.hard_to_match": (
        "It is easy to match: look for a process or capability the incumbent cannot copy with "
        "one phone call.",
        "Dễ bị đáp ứng ngang bằng: hãy tìm một quy trình hay năng lực mà nhà cung cấp hiện tại "
        "không thể sao chép chỉ bằng một cuộc gọi.",
    ),
    "gap.missing.checkable": (
        "Tie it to the prospect's own experience so they can check it themselves.",
        "Gắn nó với trải nghiệm của chính khách hàng để họ tự kiểm chứng được.",
    ),
    # ---- counter-move
    "counter.left.item": ("Offer item not matched: {text}", "Mục đề nghị không bị đáp ứng: {text}"),
    "counter.left.gap": (
        "Gap the incumbent cannot close quickly: {text}",
        "Khoảng trống mà nhà cung cấp hiện tại không thể lấp nhanh: {text}",
    ),
    "counter.summary.no_offer": (
        "No offer items yet: {incumbent} has nothing to match; {left} {left|advantage|advantages} "
        "would survive.",
        "Chưa có mục đề nghị nào: {incumbent} chưa có gì để đáp ứng; {left} lợi thế sẽ còn lại.",
    ),
    "counter.summary.all": (
        "{incumbent} matches all {total} offer items within {days} {days|day|days}: no advantage "
        "is left.",
        "{incumbent} đáp ứng ngang bằng cả {total} mục đề nghị trong vòng {days} ngày: ta không "
        "còn lợi thế nào.",
    ),
    "counter.summary.all_but_gaps": (
        "{incumbent} matches all {total} offer items within {days} {days|day|days}; only the "
        "stated gaps "
        "are left ({left}).",
        "{incumbent} đáp ứng cả {total} mục đề nghị trong vòng {days} ngày; chỉ còn các khoảng "
        "trống khách hàng đã nói ({left}).",
    ),
    "counter.summary.none": (
        "{incumbent} is unlikely to match any of the {total} offer items quickly; {left} "
        "{left|advantage is|advantages are} left.",
        "{incumbent} khó đáp ứng nhanh bất kỳ mục nào trong {total} mục đề nghị; còn lại {left} "
        "lợi thế.",
    ),
    "counter.summary.some": (
        "{incumbent} matches {matched} of {total} offer items within {days} {days|day|days}; "
        "{left} {left|advantage is|advantages are} left.",
        "{incumbent} đáp ứng {matched}/{total} mục đề nghị trong vòng {days} ngày; còn lại {left} "
        "lợi thế.",
    ),
    # ---- reasons for the probability
    "prob.prior": (
        "Starting point: an incumbent keeps most accounts; with no evidence the chance is about "
        "{chance}%.",
        "Điểm xuất phát: nhà cung cấp hiện tại giữ được phần lớn khách hàng; khi chưa có bằng "
        "chứng, cơ hội chỉ khoảng {chance} %.",
    ),
    "prob.gaps": (
        "{n} {n|gap|gaps} stated by the prospect; {n|it survives|they survive} the counter-move "
        "in about {survive}% of the runs.",
        "{n} khoảng trống do khách hàng tự nói ra; chúng còn nguyên sau phản đòn của đối thủ "
        "trong khoảng {survive} % số lần mô phỏng.",
    ),
    "prob.assumed_gaps": (
        "{n} {n|gap only the rep assumes counts|gaps only the rep assumes count} for little "
        "until the prospect states {n|it|them}.",
        "{n} khoảng trống chỉ do người bán giả định, chưa có giá trị nhiều cho đến khi khách "
        "hàng tự nói ra.",
    ),
    "prob.no_stated_gap": (
        "The prospect has not stated any gap in their own words.",
        "Khách hàng chưa tự nói ra khoảng trống nào bằng lời của mình.",
    ),
    "prob.offer": (
        "The incumbent matches {matched} of {total} offer items; what it matches adds nothing.",
        "Đối thủ đáp ứng ngang bằng {matched}/{total} mục đề nghị; những gì bị đáp ứng không "
        "còn giá trị.",
    ),
    "prob.unknown_decision_maker": (
        "Nobody is named who can fire the incumbent.",
        "Chưa xác định ai có quyền chấm dứt với nhà cung cấp hiện tại.",
    ),
    "prob.willing.yes": (
        "The decision-maker said they are willing to change supplier.",
        "Người quyết định đã nói họ sẵn sàng thay đổi nhà cung cấp.",
    ),
    "prob.willing.no": (
        "The decision-maker said they will not change supplier.",
        "Người quyết định đã nói họ sẽ không thay đổi nhà cung cấp.",
    ),
    "prob.willing.unknown": (
        "Nobody has said they are willing to change; the model assumes a {chance}% chance.",
        "Chưa ai nói sẵn sàng thay đổi; mô hình giả định khả năng {chance} %.",
    ),
    "prob.vision": (
        "The prospect has described {n} of 6 parts of the remedy (what, how, who, when, where, "
        "why).",
        "Khách hàng đã mô tả {n}/6 phần của giải pháp (cái gì, thế nào, ai, khi nào, ở đâu, vì "
        "sao).",
    ),
    "prob.rehearsed": (
        "The prospect rehearsed telling the incumbent, counter-offer included.",
        "Khách hàng đã tập trước cuộc nói chuyện với nhà cung cấp hiện tại, kể cả đề nghị giữ "
        "chân của họ.",
    ),
    "prob.finding": (
        "{behaviour} in the conversations: {n} {n|time|times}.",
        "{behaviour} trong các cuộc trò chuyện: {n} lần.",
    ),
    "prob.interval": (
        "The range shows how much the chance moves with what we do not know (the incumbent's "
        "reaction, the decision-maker's willingness): 8 runs in 10 fall between {low}% and "
        "{high}%.",
        "Khoảng dao động cho thấy cơ hội thay đổi thế nào theo những gì ta chưa biết (phản ứng "
        "của đối thủ, thiện chí của người quyết định): 8/10 lần mô phỏng nằm giữa {low} % và "
        "{high} %.",
    ),
}

TEXTS.update(
    {
        # ---- readiness
        "verdict.ready": (
            "Ready to propose: the proposal can restate a gap the prospect stated, measured and "
            "owns, that the incumbent cannot match quickly.",
            "Sẵn sàng đề xuất: đề xuất có thể nhắc lại một khoảng trống khách hàng đã tự nói, "
            "đã đo lường và có người chịu trách nhiệm, mà đối thủ không thể đáp ứng nhanh.",
        ),
        "verdict.gap_ok": ("Gap ready to build on: {text}", "Khoảng trống có thể dựa vào: {text}"),
        "verdict.no_stated_gap": (
            "No gap stated by the prospect in their own words.",
            "Chưa có khoảng trống nào do khách hàng tự nói ra.",
        ),
        "verdict.not_quantified": (
            "No stated gap has its impact measured.",
            "Chưa khoảng trống nào được đo mức ảnh hưởng.",
        ),
        "verdict.not_owned": (
            "No stated gap is owned by someone who can change supplier.",
            "Chưa khoảng trống nào có người có quyền thay đổi nhà cung cấp đứng ra chịu trách "
            "nhiệm.",
        ),
        "verdict.matchable_gap": (
            "Every stated gap is something the incumbent can match quickly.",
            "Mọi khoảng trống đã nói đều là thứ đối thủ có thể đáp ứng nhanh.",
        ),
        "verdict.no_decision_maker": (
            "Unknown who can fire the incumbent.",
            "Chưa biết ai có quyền chấm dứt với nhà cung cấp hiện tại.",
        ),
        "verdict.willing_unknown": (
            "The decision-maker has not said they are willing to change.",
            "Người quyết định chưa nói là sẵn sàng thay đổi.",
        ),
        "verdict.unwilling": (
            "The decision-maker said they will not change.",
            "Người quyết định đã nói sẽ không thay đổi.",
        ),
        "verdict.offer_matchable": (
            "Everything in the proposal the incumbent can match: it only gives the incumbent "
            "its last look.",
            "Mọi thứ trong đề xuất đối thủ đều đáp ứng được: đề xuất chỉ trao cho họ cơ hội "
            "\u201cxem lần cuối\u201d để giữ khách.",
        ),
        "verdict.loss_signal": (
            "The prospect already said the reasons are not enough to change.",
            "Khách hàng đã nói các lý do chưa đủ để thay đổi.",
        ),
        "verdict.low_probability": (
            "The evidence-based win probability is only {p}%.",
            "Xác suất thắng dựa trên bằng chứng chỉ là {p} %.",
        ),
        # ---- risks
        "risk.no_stated_gap": (
            "No prospect-stated gap: nothing the prospect said gives them a reason to change.",
            "Không có khoảng trống do khách hàng tự nói: khách hàng chưa có lý do để thay đổi.",
        ),
        "risk.status_quo": (
            "Status-quo signals ({n}): the prospect says the incumbent is fine, "
            "e.g. \u201c{quote}\u201d.",
            "Tín hiệu hài lòng với hiện trạng ({n}): khách hàng nói nhà cung cấp hiện tại ổn, "
            "ví dụ \u201c{quote}\u201d.",
        ),
        "risk.missed_cue": (
            "Missed cue{topic}: the prospect hinted \u201c{quote}\u201d and it was not probed.",
            "Bỏ lỡ tín hiệu{topic}: khách hàng gợi ý \u201c{quote}\u201d nhưng không được hỏi sâu.",
        ),
        "risk.unknown_decision_maker": (
            "Unknown decision-maker: nobody is confirmed who can fire the incumbent.",
            "Chưa rõ người quyết định: chưa xác nhận ai có quyền chấm dứt với nhà cung cấp hiện "
            "tại.",
        ),
        "risk.unknown_willingness": (
            "Unknown willingness: nobody has said they are willing to change supplier.",
            "Chưa rõ thiện chí: chưa ai nói là sẵn sàng thay đổi nhà cung cấp.",
        ),
        "risk.unwilling": (
            "The decision-maker said they will not change supplier.",
            "Người quyết định đã nói sẽ không thay đổi nhà cung cấp.",
        ),
        "risk.offer_matchable": (
            "{n} of {total} offer items {n|is|are} matchable: {incumbent} matches {n|it|them} "
            "within {days} {days|day|days}.",
            "{n}/{total} mục đề nghị có thể bị đáp ứng ngang bằng: {incumbent} làm được trong "
            "vòng {days} ngày.",
        ),
        "risk.parity_claims": (
            "{n} {n|claim is|claims are} parity (credentials every competitor has).",
            "{n} lời giới thiệu chỉ là điều kiện tối thiểu (đối thủ nào cũng có).",
        ),
        "risk.loss_signal": (
            "Loss signal: \u201c{quote}\u201d.",
            "Tín hiệu thua: \u201c{quote}\u201d.",
        ),
        "risk.incumbent_counter": (
            "The incumbent has already countered: \u201c{quote}\u201d.",
            "Nhà cung cấp hiện tại đã phản đòn: \u201c{quote}\u201d.",
        ),
        "risk.stall": (
            "Stall: \u201c{quote}\u201d{accepted}.",
            "Trì hoãn: \u201c{quote}\u201d{accepted}.",
        ),
        "risk.stall.accepted": (
            " (accepted without a dated next step)",
            " (được chấp nhận mà không có bước tiếp theo có ngày cụ thể)",
        ),
        "risk.trial_close": (
            "Trial close: \u201c{quote}\u201d. A \u201cno reason not to\u201d answer is not a "
            "commitment.",
            "Chốt thử: \u201c{quote}\u201d. Câu trả lời \u201ckhông có lý do gì\u201d "
            "không phải là "
            "cam kết.",
        ),
        "risk.premature_proposal": (
            "A proposal came before the prospect stated any gap.",
            "Đề xuất được đưa ra trước khi khách hàng nói ra khoảng trống nào.",
        ),
        "risk.badmouthing": (
            "The seller criticised the incumbent: the prospect will defend their choice.",
            "Người bán chê nhà cung cấp hiện tại: khách hàng sẽ bảo vệ lựa chọn của mình.",
        ),
        "risk.no_vision": (
            "No vision: the prospect has not described what the remedy looks like.",
            "Chưa có hình dung: khách hàng chưa mô tả giải pháp sẽ trông như thế nào.",
        ),
        "risk.no_rehearsal": (
            "The counter-offer has not been rehearsed with the prospect.",
            "Chưa cùng khách hàng tập trước tình huống đối thủ đưa ra đề nghị giữ chân.",
        ),
        "risk.confidence": (
            "The rep's confidence ({rep}%) is far above the evidence ({evidence}%).",
            "Mức tự tin của người bán ({rep} %) cao hơn nhiều so với bằng chứng ({evidence} %).",
        ),
        # ---- next questions
        "why.cue": (
            "The prospect hinted at {topic} and it was not explored.",
            "Khách hàng đã gợi ý về {topic} nhưng chưa được khai thác.",
        ),
        "why.growth": (
            "Revenue grows from {before} to {after}: a growing business outgrows a supplier "
            "that only reacts.",
            "Doanh thu tăng từ {before} lên {after}: doanh nghiệp tăng trưởng sẽ vượt quá khả "
            "năng của một nhà cung cấp chỉ phục vụ bị động.",
        ),
        "why.offer": (
            "Our offer touches {topic}: ask about the service behind it instead of the price.",
            "Đề nghị của ta liên quan đến {topic}: hãy hỏi về dịch vụ đằng sau thay vì về giá.",
        ),
        "why.gap": (
            "Tests the gap \u201c{text}\u201d, still assumed or unmeasured.",
            "Kiểm chứng khoảng trống \u201c{text}\u201d, vẫn còn là giả định hoặc chưa đo lường.",
        ),
        "why.tenure": (
            "After {years} years with {incumbent}, the prospect may not know what proactive "
            "service looks like.",
            "Sau {years} năm với {incumbent}, khách hàng có thể chưa biết dịch vụ chủ động là "
            "như thế nào.",
        ),
        "why.general": (
            "A service we deliver that few competitors offer.",
            "Một dịch vụ ta cung cấp mà ít đối thủ có.",
        ),
        # ---- confidence
        "confidence.unknown": (
            "The rep gave no confidence figure; the evidence says {evidence}%.",
            "Người bán chưa đưa ra mức tự tin; bằng chứng cho thấy {evidence} %.",
        ),
        "confidence.over": (
            "Over-confident: the rep says {rep}%, the evidence says {evidence}%.",
            "Tự tin quá mức: người bán nói {rep} %, bằng chứng cho thấy {evidence} %.",
        ),
        "confidence.under": (
            "Under-confident: the rep says {rep}%, the evidence says {evidence}%.",
            "Thiếu tự tin: người bán nói {rep} %, bằng chứng cho thấy {evidence} %.",
        ),
        "confidence.aligned": (
            "The rep's {rep}% is in line with the evidence ({evidence}%).",
            "Mức {rep} % của người bán phù hợp với bằng chứng ({evidence} %).",
        ),
    }
)


# `{n|gap|gaps}`: the singular when the value `n` is 1, else the plural (English only needs it).
_PLURAL = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")


def say(key: str, lang: str, **values: Any) -> str:
    """The sentence `key` in `lang` (vi or en), with `values` filled in."""
    text = TEXTS[key][_VI if lang == "vi" else _EN]
    text = _PLURAL.sub(lambda m: m.group(2) if values.get(m.group(1)) == 1 else m.group(3), text)
    return text.format(**values)


_BEHAVIOURS: dict[str, tuple[str, str]] = {
    "status-quo-signal": ("Status-quo signals", "Tín hiệu hài lòng với hiện trạng"),
    "stall": ("Stalls", "Trì hoãn"),
    "accepted-stall": (
        "Stalls accepted without a dated next step",
        "Chấp nhận trì hoãn không hẹn ngày",
    ),
    "loss-signal": ("Loss signals", "Tín hiệu thua"),
    "incumbent-counter": ("Counter-offers by the incumbent", "Phản đòn của nhà cung cấp hiện tại"),
    "trial-close": ("Trial closes", "Chốt thử"),
    "missed-cue": ("Missed cues", "Bỏ lỡ tín hiệu"),
    "premature-proposal": ("Proposals before any stated gap", "Đề xuất khi chưa có khoảng trống"),
    "badmouthing": ("Criticism of the incumbent", "Chê bai nhà cung cấp hiện tại"),
    "parity-claim": ("Credentials every competitor has", "Giới thiệu mà đối thủ nào cũng có"),
    "matchable-concession": (
        "Concessions the incumbent can match",
        "Nhượng bộ đối thủ đáp ứng được",
    ),
    "generic-satisfaction-question": (
        "Generic satisfaction questions",
        "Câu hỏi hài lòng chung chung",
    ),
    "dated-next-step": ("Dated next steps", "Bước tiếp theo có ngày cụ thể"),
    "counter-rehearsal": ("Counter-offer rehearsals", "Tập trước phản đòn của đối thủ"),
    "decision-question": ("Questions about who decides", "Câu hỏi về người quyết định"),
    "vision-question": ("Questions about the vision", "Câu hỏi về hình dung giải pháp"),
}


def behaviour_name(behaviour: str, lang: str) -> str:
    """A behaviour id in words; the id itself when we have no words for it."""
    pair = _BEHAVIOURS.get(behaviour)
    return pair[_VI if lang == "vi" else _EN] if pair else behaviour
