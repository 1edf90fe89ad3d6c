from __future__ import annotations

import tomllib
from importlib import resources

from displace.core.report.labels import labels_for


def reported_behaviours() -> list[str]:
    """The behaviours of the shipped rule pack that can appear in a report."""
    raw = resources.files("displace").joinpath("data/rules/behaviours.toml").read_text("utf-8")
    return [name for name, spec in tomllib.loads(raw).items()
            if isinstance(spec, dict) and "polarity" in spec and not spec.get("internal")]


def test_every_label_exists_in_vietnamese_and_english() -> None:
    vi, en = labels_for("vi"), labels_for("en")
    assert set(vi.table) == set(en.table)
    assert vi("title") != en("title")


def test_every_behaviour_of_the_rule_pack_has_a_name_in_both_languages() -> None:
    assert len(reported_behaviours()) >= 22
    for lang in ("vi", "en"):
        labels = labels_for(lang)
        for behaviour in reported_behaviours():
            assert labels.behaviour(behaviour) != behaviour, (lang, behaviour)


def test_it_fills_placeholders_and_falls_back_to_english_and_to_the_key() -> None:
    assert labels_for("en")("turn", n=4) == "turn 4"
    assert labels_for("vi")("turn", n=4) == "lượt 4"
    assert labels_for("fr")("title") == labels_for("en")("title")
    assert labels_for("en")("no.such.key") == "no.such.key"
    assert labels_for("en").behaviour("made-up") == "made-up"


def test_the_labels_file_is_valid_toml_with_only_vi_and_en_entries() -> None:
    raw = resources.files("displace").joinpath("data/i18n/report.toml").read_text("utf-8")
    data = tomllib.loads(raw)
    assert data["title"] == {"en": "Conversation coaching report",
                             "vi": "Báo cáo huấn luyện cuộc trò chuyện"}


def test_a_findings_source_names_its_check_in_words_and_its_score_the_languages_way() -> None:
    from displace.core.report.labels import labels_for

    vi, en = labels_for("vi"), labels_for("en")
    sequence = {"kind": "sequence", "check": "premature-proposal"}
    assert vi.source(sequence) == ("Tìm thấy bởi phép kiểm tra Đề xuất quá sớm, từ những gì "
                                   "diễn ra trước đó")
    assert "premature-proposal" not in en.source(sequence)
    scored = {"kind": "rule", "rule": "vi:stall.defer", "model_score": 0.975}
    assert vi.source(scored).endswith("(mô hình đồng ý ở mức 0,975)")
    assert en.source(scored).endswith("(the model agrees at 0.975)")
    assert "vi:stall.defer" in vi.source(scored)  # a rule's id stays as the rule pack names it
