"""Capability catalogues and playbooks: the shipped data, phrase matching and validation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from displace.core.deal.catalogue import (
    DATA_DIR,
    KINDS,
    CatalogueError,
    list_industries,
    load_catalogue,
    load_playbook,
)
from displace.core.errors import DisplaceError

INDUSTRIES = [
    "b2b-software",
    "commercial-insurance",
    "it-managed-services",
    "logistics-3pl",
    "other",
    "sme-banking",
]
# Every catalogue in the data folder, found on disk: a file added later is checked by each test
# below without anyone adding it to a list.
SHIPPED = list_industries()

# Words that would make a question criticise the incumbent (compared lower-cased, whole words).
CRITICISM = {
    "en": r"bad|poor|poorly|fail|fails|failed|failing|failure|worse|worst|terrible|awful|"
    r"incompetent|lousy|useless|weak|sloppy|disappointing|mediocre|unreliable|lazy",
    "vi": r"kém|tệ|yếu|dở|tồi|tệ hại|thất bại|cẩu thả|vô dụng|thiếu chuyên nghiệp|"
    r"chậm chạp|thất vọng",
}


# ---------------------------------------------------------------- the shipped data


def test_it_ships_five_industries_and_a_general_one_for_any_other() -> None:
    assert list_industries() == INDUSTRIES


def test_every_shipped_catalogue_has_a_playbook_and_every_playbook_a_catalogue() -> None:
    playbooks = sorted(p.stem for p in (DATA_DIR / "playbooks").glob("*.toml"))
    assert playbooks == SHIPPED


@pytest.mark.parametrize("industry", SHIPPED)
def test_every_vietnamese_name_phrase_and_question_is_written_with_its_diacritics(
    industry: str,
) -> None:
    catalogue = load_catalogue(industry)
    texts = [catalogue.name["vi"]]
    for capability in catalogue.capabilities:
        texts += [capability.name["vi"], *capability.phrases["vi"]]
    for question in load_playbook(industry).questions:
        texts += [question.service["vi"], question.ask["vi"], question.listen_for["vi"]]
    assert [t for t in texts if t.isascii()] == []


@pytest.mark.parametrize("industry", SHIPPED)
def test_each_catalogue_holds_18_to_30_capabilities_of_all_three_kinds(industry: str) -> None:
    catalogue = load_catalogue(industry)
    kinds = {c.kind for c in catalogue.capabilities}
    assert 18 <= len(catalogue.capabilities) <= 30
    assert kinds == set(KINDS)
    assert catalogue.name["en"] and catalogue.name["vi"]


@pytest.mark.parametrize("industry", SHIPPED)
def test_each_catalogue_has_parity_credentials_and_slow_to_copy_services(industry: str) -> None:
    catalogue = load_catalogue(industry)
    parity = [c for c in catalogue.capabilities if c.kind != "concession" and c.commonality >= 0.8]
    slow = [c for c in catalogue.capabilities if c.kind == "service" and c.match_days >= 60]
    hard = [c for c in catalogue.capabilities if c.kind == "structural" and c.match_days >= 180]
    quick = [c for c in catalogue.capabilities if c.kind == "concession"]
    assert len(parity) >= 4 and len(slow) >= 6 and len(hard) >= 3
    assert all(c.match_days <= 14 and c.commonality >= 0.6 for c in quick)
    assert catalogue.get("years-in-business") in parity


@pytest.mark.parametrize("industry", SHIPPED)
def test_each_playbook_has_at_least_12_questions_in_english_and_vietnamese(industry: str) -> None:
    playbook = load_playbook(industry)
    for lang in ("en", "vi"):
        complete = [
            q
            for q in playbook.questions
            if q.ask.get(lang) and q.service.get(lang) and q.listen_for.get(lang)
        ]
        assert len(complete) >= 12


@pytest.mark.parametrize("industry", SHIPPED)
def test_every_question_asks_about_a_service_or_structural_capability(industry: str) -> None:
    catalogue = load_catalogue(industry)
    for question in load_playbook(industry).questions:
        capability = catalogue.get(question.capability)
        assert capability is not None, question.id
        assert capability.kind in ("service", "structural"), question.id


@pytest.mark.parametrize("industry", SHIPPED)
def test_every_question_ends_with_a_question_mark(industry: str) -> None:
    for question in load_playbook(industry).questions:
        assert question.ask["en"].endswith("?") and question.ask["vi"].endswith("?"), question.id


@pytest.mark.parametrize("industry", SHIPPED)
def test_no_question_criticises_the_incumbent(industry: str) -> None:
    for question in load_playbook(industry).questions:
        for lang, words in CRITICISM.items():
            for text in (question.service[lang], question.ask[lang]):
                found = re.search(rf"(?<!\w)(?:{words})(?!\w)", text.lower())
                assert found is None, f"{question.id} ({lang}): {found and found.group()}"


def test_the_criticism_check_would_catch_a_criticising_question() -> None:
    words = CRITICISM["vi"]
    assert re.search(rf"(?<!\w)(?:{words})(?!\w)", "ngân hàng cũ phục vụ kém quá phải không?")
    assert re.search(rf"(?<!\w)(?:{CRITICISM['en']})(?!\w)", "isn't their service poor?")


def test_the_banking_playbook_fits_a_growing_prospect_asking_about_the_credit_line() -> None:
    playbook = load_playbook("sme-banking")
    picked = playbook.for_situation(["growth", "credit-line"], "vi", limit=3)
    assert len(picked) == 3
    assert all({"growth", "credit-line"} <= set(q.fits) for q in picked)
    assert picked[0].capability == "credit-structure-review"


def test_for_situation_ranks_by_shared_tags_and_counts_capability_ids() -> None:
    playbook = load_playbook("sme-banking")
    by_capability = playbook.for_situation(["succession-planning"], "en", limit=5)
    assert [q.capability for q in by_capability] == ["succession-planning"]
    assert playbook.for_situation(["no-such-tag"], "en") == []
    assert len(playbook.for_situation([], "en", limit=4)) == 4


# ---------------------------------------------------------------- matching free text


def _found(text: str, lang: str | None = None) -> set[str]:
    return {c.id for c, _, _ in load_catalogue("sme-banking").match(text, lang)}


OFFER_ITEMS = {"credit-line-increase", "fee-reduction", "atm-fee-refund"}


def test_it_finds_the_credit_line_fee_and_atm_refund_in_an_english_offer() -> None:
    text = (
        "We can raise your line of credit by $300,000, waive the fees you pay today and "
        "refund ATM fees wherever you travel in the country."
    )
    assert _found(text) >= OFFER_ITEMS


@pytest.mark.parametrize(
    "text",
    [
        "Bên em có thể nâng hạn mức tín dụng thêm 300.000 đô, giảm lệ phí và hoàn phí ATM "
        "cho anh ở bất kỳ tỉnh nào.",
        "Ben em co the nang han muc tin dung them 300.000 do, giam le phi va hoan phi ATM "
        "cho anh o bat ky tinh nao.",
        "BÊN EM CÓ THỂ NÂNG HẠN MỨC TÍN DỤNG, GIẢM LỆ PHÍ VÀ HOÀN PHÍ ATM.",
    ],
    ids=["with-diacritics", "without-diacritics", "upper-case"],
)
def test_it_finds_the_credit_line_fee_and_atm_refund_in_a_vietnamese_offer(text: str) -> None:
    assert _found(text) >= OFFER_ITEMS


def test_it_finds_the_specific_fee_cuts_of_an_offer() -> None:
    en = "No charge for online payments, loan applications or detailed statements."
    vi = "Miễn phí thanh toán trực tuyến, phí hồ sơ vay và bản sao kê chi tiết."
    expected = {"online-payment-fee-waiver", "loan-application-fee-waiver", "statement-fee-waiver"}
    assert expected <= _found(en)
    assert expected <= _found(vi)


@pytest.mark.parametrize(
    "text",
    [
        "We've been in business since 1953, we have 12 branches and our own ATMs, "
        "and we bank three other companies in your industry.",
        "Chúng tôi hoạt động từ năm 1953, có 12 chi nhánh cùng nhiều máy ATM và đang phục vụ "
        "ba doanh nghiệp cùng ngành với anh.",
    ],
    ids=["en", "vi"],
)
def test_it_recognises_the_credentials_every_bank_claims(text: str) -> None:
    found = _found(text)
    assert {"years-in-business", "branch-atm-network", "industry-experience"} <= found
    catalogue = load_catalogue("sme-banking")
    claimed = [catalogue.get(c) for c in found]
    assert all(c is not None and c.commonality >= 0.8 for c in claimed)


def test_it_recognises_interest_rates_in_both_languages() -> None:
    assert "lending-rate-discount" in _found("Their interest rates are like everyone else's.")
    assert "lending-rate-discount" in _found("Lãi suất của họ cũng giống các ngân hàng khác.")


@pytest.mark.parametrize(
    "text",
    [
        "The weather in Hanoi was lovely and we talked about football and our children.",
        "Hôm nay trời đẹp, chúng tôi nói chuyện về bóng đá và con cái.",
        "The team gave us feedback on the branching strategy for the codebase.",
    ],
)
def test_it_matches_nothing_in_unrelated_text(text: str) -> None:
    assert _found(text) == set()


def test_match_offsets_quote_the_original_text() -> None:
    text = "Anh thấy hạn mức  tín dụng hiện tại thế nào?"
    [(capability, start, end)] = load_catalogue("sme-banking").match(text)
    assert capability.id == "credit-line-increase"
    assert text[start:end] == "hạn mức  tín dụng"


def test_the_longest_phrase_wins_where_two_overlap() -> None:
    matches = load_catalogue("sme-banking").match("Bên em miễn lệ phí nộp đơn vay cho anh.")
    assert [c.id for c, _, _ in matches] == ["loan-application-fee-waiver"]


def test_a_language_restricts_the_phrases_used() -> None:
    text = "credit line và hạn mức tín dụng"
    assert len(load_catalogue("sme-banking").match(text)) == 2
    assert len(load_catalogue("sme-banking").match(text, "en")) == 1
    assert len(load_catalogue("sme-banking").match(text, "vi")) == 1


def test_a_catalogue_is_cached_per_industry_and_folders() -> None:
    assert load_catalogue("sme-banking") is load_catalogue("sme-banking")
    assert load_playbook("sme-banking") is load_playbook("sme-banking", [])


# ---------------------------------------------------------------- the general catalogue ("other")


def _general(text: str) -> list[str]:
    return [c.id for c, _, _ in load_catalogue("other").match(text)]


def test_the_general_catalogue_is_named_in_both_languages() -> None:
    assert load_catalogue("other").name == {
        "en": "Other industries (general B2B)", "vi": "Ngành khác (B2B chung)"}


@pytest.mark.parametrize(
    "text",
    [
        "We give a 10 % discount, and we are ISO 9001 certified.",
        "Bên em giảm giá 10 % cho anh và đã đạt chuẩn ISO 9001.",
        "Ben em giam gia 10 % cho anh va da dat chuan ISO 9001.",
        "BÊN EM CHIẾT KHẤU 10 % VÀ CÓ CHỨNG NHẬN ISO.",
    ],
    ids=["en", "vi", "vi-without-diacritics", "vi-upper-case"],
)
def test_the_general_catalogue_finds_a_discount_and_an_iso_certificate(text: str) -> None:
    assert _general(text) == ["price-discount", "certifications"]


def test_the_general_catalogue_reads_a_credential_as_parity_and_a_concession_as_quick() -> None:
    catalogue = load_catalogue("other")
    for claim in ("In business since 1998", "Our clients include Vinamilk",
                  "A 24/7 hotline", "Chúng tôi có văn phòng đại diện ở Đà Nẵng"):
        [capability_id] = _general(claim)
        capability = catalogue.get(capability_id)
        assert capability is not None and capability.kind != "concession", claim
        assert capability.commonality >= 0.7, claim
    for offer in ("Payment terms of 60 days", "Bảo hành mở rộng 3 năm",
                  "Dùng thử miễn phí 30 ngày"):
        [capability_id] = _general(offer)
        capability = catalogue.get(capability_id)
        assert capability is not None and capability.kind == "concession", offer


def test_the_general_catalogue_finds_the_proactive_services_by_their_words() -> None:
    text = ("A quarterly business review with your management, a process audit on site, "
            "training for your staff and EDI with your warehouse.")
    assert _general(text) == ["business-reviews", "process-audit", "staff-training",
                              "systems-integration"]
    assert _general("Rà soát quy trình đóng gói và kế hoạch giảm chi phí hằng năm") == [
        "process-audit", "cost-improvement-plan"]


# ---------------------------------------------------------------- admin files and errors

GOOD_CAPABILITIES = """
industry = "{industry}"
name = {{ en = "Test industry", vi = "Ngành thử" }}

[[capability]]
id = "price-cut"
kind = "concession"
commonality = 0.9
match_days = 1
name = {{ en = "Price cut", vi = "Giảm giá" }}
phrases.en = ["price cut"]
phrases.vi = ["giảm giá"]

[[capability]]
id = "site-review"
kind = "service"
commonality = 0.2
match_days = 90
name = {{ en = "Site review", vi = "Rà soát tại chỗ" }}
phrases.en = ["site review"]
phrases.vi = ["rà soát tại chỗ"]
"""

GOOD_QUESTION = """
[[question]]
id = "last-site-review"
capability = "{capability}"
fits = ["growth"]
service = {{ en = "We review your site.", vi = "Chúng tôi rà soát tại chỗ." }}
ask = {{ en = "{ask}", vi = "Lần rà soát gần nhất ra sao?" }}
listen_for = {{ en = "Never happened.", vi = "Chưa từng có." }}
"""


def _write(root: Path, folder: str, industry: str, text: str) -> Path:
    path = root / folder / f"{industry}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _catalogue_error(tmp_path: Path, text: str) -> str:
    path = _write(tmp_path, "catalogues", "test-industry", text)
    with pytest.raises(CatalogueError) as caught:
        load_catalogue("test-industry", [tmp_path])
    message = str(caught.value)
    assert str(path) in message
    return message


@pytest.mark.parametrize(
    ("old", "new", "key", "expected"),
    [
        ('kind = "service"', 'kind = "gift"', "'kind'", "concession, service, structural"),
        ("commonality = 0.2", "commonality = 1.5", "'commonality'", "from 0 to 1"),
        ("match_days = 90", "match_days = -3", "'match_days'", ">= 0"),
        ('vi = "Rà soát tại chỗ"', 'fr = "Revue"', "'name.vi'", "non-empty text"),
        ('phrases.vi = ["rà soát tại chỗ"]', "", "'phrases.vi'", "non-empty list"),
        ('id = "site-review"', 'id = "Site Review"', "'id'", "kebab-case"),
        ("match_days = 90", "match_days = 90\ncolour = 1", "'colour'", "unknown key"),
    ],
    ids=["bad-kind", "commonality-1.5", "negative-days", "missing-vi", "no-vi-phrases",
         "bad-id", "unknown-key"],
)  # fmt: skip
def test_a_broken_catalogue_names_the_file_the_entry_and_the_key(
    tmp_path: Path, old: str, new: str, key: str, expected: str
) -> None:
    text = GOOD_CAPABILITIES.format(industry="test-industry")
    assert old in text
    message = _catalogue_error(tmp_path, text.replace(old, new))
    assert "capability[1]" in message
    assert key in message and expected in message


def test_a_toml_syntax_error_gives_the_file_and_line(tmp_path: Path) -> None:
    text = GOOD_CAPABILITIES.format(industry="test-industry").replace(
        "match_days = 90", "match_days = = 90"
    )
    line = text.splitlines().index("match_days = = 90") + 1
    message = _catalogue_error(tmp_path, text)
    assert "not valid TOML" in message and f"line {line}" in message


def test_a_catalogue_for_another_industry_is_refused(tmp_path: Path) -> None:
    message = _catalogue_error(tmp_path, GOOD_CAPABILITIES.format(industry="elsewhere"))
    assert "'industry'" in message and "'test-industry'" in message


def test_a_phrase_in_two_capabilities_is_refused(tmp_path: Path) -> None:
    text = GOOD_CAPABILITIES.format(industry="test-industry").replace(
        'phrases.en = ["site review"]', 'phrases.en = ["Price  Cut"]'
    )
    message = _catalogue_error(tmp_path, text)
    assert "'site-review'" in message and "'price-cut'" in message


def test_an_unknown_industry_lists_the_known_ones() -> None:
    with pytest.raises(CatalogueError, match="known industries: b2b-software"):
        load_catalogue("space-tourism")
    assert issubclass(CatalogueError, DisplaceError)


@pytest.mark.parametrize(
    ("capability", "ask", "expected"),
    [
        ("no-such-thing", "How did it go?", "expected an id from the 'test-industry' catalogue"),
        ("price-cut", "How did it go?", "is a concession"),
        ("site-review", "Tell me how it went.", "ending in '?'"),
    ],
)
def test_a_broken_playbook_question_names_the_file_and_the_question(
    tmp_path: Path, capability: str, ask: str, expected: str
) -> None:
    _write(
        tmp_path, "catalogues", "test-industry", GOOD_CAPABILITIES.format(industry="test-industry")
    )
    text = 'industry = "test-industry"\n' + GOOD_QUESTION.format(capability=capability, ask=ask)
    path = _write(tmp_path, "playbooks", "test-industry", text)
    with pytest.raises(CatalogueError) as caught:
        load_playbook("test-industry", [tmp_path])
    message = str(caught.value)
    assert str(path) in message and "question[0] 'last-site-review'" in message
    assert expected in message


def test_an_admin_file_overrides_by_id_and_adds_new_entries(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "catalogues",
        "sme-banking",
        """
industry = "sme-banking"

[[capability]]
id = "atm-fee-refund"
kind = "concession"
commonality = 0.4
match_days = 10
name = { en = "ATM fees refunded", vi = "Hoàn phí ATM" }
phrases.en = ["ATM fee"]
phrases.vi = ["phí ATM"]

[[capability]]
id = "export-desk"
kind = "structural"
commonality = 0.1
match_days = 365
name = { en = "Export desk", vi = "Bàn xuất khẩu" }
phrases.en = ["export desk"]
phrases.vi = ["bàn xuất khẩu"]
""",
    )
    _write(
        tmp_path,
        "playbooks",
        "sme-banking",
        'industry = "sme-banking"\n'
        + GOOD_QUESTION.format(capability="export-desk", ask="How did the export desk help?"),
    )
    shipped = load_catalogue("sme-banking")
    extended = load_catalogue("sme-banking", [tmp_path])
    refund = extended.get("atm-fee-refund")
    assert refund is not None and refund.commonality == 0.4
    assert extended.get("export-desk") is not None
    assert len(extended.capabilities) == len(shipped.capabilities) + 1
    # The override replaces the whole entry, phrases included.
    assert [c.id for c, _, _ in shipped.match("hoàn trả chi phí")] == ["atm-fee-refund"]
    assert extended.match("hoàn trả chi phí") == []
    playbook = load_playbook("sme-banking", [tmp_path])
    assert len(playbook.questions) == len(load_playbook("sme-banking").questions) + 1
    assert "sme-banking" in list_industries([tmp_path])
