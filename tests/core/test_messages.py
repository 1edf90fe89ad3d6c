"""Messages written in the reader's language at the last moment, and errors that carry them."""

from __future__ import annotations

from displace.core.errors import DealFileError, DisplaceError, InputError
from displace.core.messages import Count, Message, Size


def test_a_message_reads_in_english_on_the_command_line_and_in_vietnamese_on_a_page() -> None:
    message = Message("reader", "file.binary", {"name": "call.txt"})
    assert str(message) == "call.txt: looks like a binary file, not a text transcript"
    assert message.in_language("vi") == ("call.txt: có vẻ là tệp nhị phân, không phải bản ghi "
                                         "dạng văn bản")
    assert message.in_language("fr") == str(message)  # English for a language we do not have


def test_the_command_line_gets_its_own_wording_where_a_page_has_a_form() -> None:
    works = Message("reader", "what_works")
    assert "--input-format" in str(works)
    assert "--input-format" not in works.in_language("en")
    assert "choose the transcript's format" in works.in_language("en")
    assert "chọn định dạng" in works.in_language("vi")


def test_values_are_written_the_languages_way() -> None:
    message = Message("reader", "file.too_large",
                      {"name": "x.txt", "size": Size(2_500_000), "limit": Size(2_000_000)})
    assert str(message) == "x.txt: file is 2.5 MB, over the 2 MB limit"
    assert message.in_language("vi") == "x.txt: tệp có dung lượng 2,5 MB, vượt giới hạn 2 MB"
    counted = Message("reader", "text.too_long", {"name": "t", "limit": Count(5_242_880)})
    assert "5,242,880-character" in str(counted)
    assert "5.242.880 ký tự" in counted.in_language("vi")


def test_a_nested_message_follows_the_language_of_the_one_around_it() -> None:
    where = Message("reader", "where.line", {"name": "call.vtt", "line": 3})
    message = Message("reader", "vtt.header", {"name": where})
    assert str(message).startswith("call.vtt, line 3: ")
    assert message.in_language("vi").startswith("call.vtt, dòng 3: ")


def test_every_error_answers_in_a_language_and_a_plain_one_keeps_its_words() -> None:
    keyed = InputError(Message("reader", "file.missing", {"name": "a.txt"}))
    assert str(keyed) == "a.txt: no such file"
    assert keyed.in_language("vi") == "a.txt: không có tệp này"
    plain = DisplaceError("Already translated by gettext.")
    assert plain.in_language("vi") == "Already translated by gettext."
    deal = DealFileError(Message("dealfile", "where.top"), key_path="x")
    assert (str(deal), deal.in_language("vi"), deal.key_path) == ("the top level",
                                                                  "cấp ngoài cùng", "x")


def test_every_message_names_the_same_values_in_english_and_vietnamese() -> None:
    import re
    from importlib import resources

    from displace.core.report.labels import _load_tables

    folder = resources.files("displace").joinpath("data/i18n")
    names = sorted(p.name.removesuffix(".toml") for p in folder.iterdir()
                   if p.name.endswith(".toml"))
    assert {"reader", "dealfile"} <= set(names)
    placeholders = re.compile(r"(?<!\{)\{(\w*)")
    for name in names:
        tables = _load_tables(name)
        for key, english in tables["en"].items():
            assert (sorted(placeholders.findall(english))
                    == sorted(placeholders.findall(tables["vi"][key]))), (name, key)


# Two speakers no table knows: the one who asks and offers is guessed to be the seller.
UNLABELLED = ("Minh: How are deliveries going for you these days?\n"
              "Lan: Mostly on time.\n"
              "Minh: We can give you a free month if you switch.\n")


def test_a_notice_prints_as_the_command_line_words_it_and_carries_its_message() -> None:
    from displace.core.messages import Notice

    notice = Notice(Message("reader", "warn.role_unknown", {"speaker": "'Ba'"}))
    assert notice == ("could not tell the role of speaker 'Ba' (treated as other); "
                      "pass --seller 'Ba', --prospect 'Ba' or --incumbent 'Ba'")
    assert "--seller" not in notice.message.in_language("en")
    assert notice.in_languages()["vi"].startswith("không xác định được vai trò")
    assert set(notice.in_languages()) == {"en", "vi"}


def test_the_readers_guesses_are_worded_for_a_page_in_either_language() -> None:
    from displace import analyze_conversation

    report = analyze_conversation(UNLABELLED.encode(), input_format="plain", learned=None)
    guesses = [w for w in report.conversation.warnings if "guessed" in w]
    assert len(guesses) == 1 and "--seller LABEL" in guesses[0]  # the command line's words
    english = [w.message.in_language("en") for w in guesses]  # type: ignore[attr-defined]
    vietnamese = [w.message.in_language("vi") for w in guesses]  # type: ignore[attr-defined]
    assert "under Speakers" in english[0] and "--seller" not in english[0]
    assert "'Minh' là người bán" in vietnamese[0] and "--seller" not in vietnamese[0]


def test_a_vietnamese_report_writes_the_readers_warnings_in_vietnamese() -> None:
    from displace import analyze_conversation
    from displace.core.report.sections import all_warnings

    vietnamese = analyze_conversation(UNLABELLED.encode(), input_format="plain", learned=None,
                                      lang="vi")
    english = analyze_conversation(UNLABELLED.encode(), input_format="plain", learned=None,
                                   lang="en")
    assert any(w.startswith("đoán rằng") for w in all_warnings(vietnamese))
    assert not any(w.startswith("guessed") for w in all_warnings(vietnamese))
    assert any(w.startswith("guessed") for w in all_warnings(english))


def test_a_notice_survives_pickling_and_copying_with_its_message() -> None:
    import copy
    import pickle

    from displace.core.messages import Notice

    notice = Notice(Message("reader", "warn.many_calls", {"name": "x.json", "count": Count(3)}))
    for again in (pickle.loads(pickle.dumps(notice)), copy.deepcopy(notice)):
        assert isinstance(again, Notice) and again == notice
        assert again.message.in_language("vi") == notice.message.in_language("vi")
