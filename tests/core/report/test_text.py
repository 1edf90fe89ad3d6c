from __future__ import annotations

from displace.core.model import Report
from displace.core.report import render_text
from tests.core.report.conftest import EN_TURNS, build_report, en_findings


def test_it_groups_findings_by_severity_with_good_behaviours_apart(en_report: Report) -> None:
    out = render_text(en_report, width=200)
    high, medium, low = out.index("High risk (1)"), out.index("Medium risk (1)"), out.index(
        "Low risk (1)")
    info, good = out.index("For information (1)"), out.index("What went well (1)")
    assert high < medium < low < info < good
    assert out.index("Trial close") > high
    assert out.index("Dated next step") > good


def test_it_quotes_the_evidence_with_speaker_message_and_advice(en_report: Report) -> None:
    out = render_text(en_report, width=200)
    assert "“is there any reason we couldn't work together”" in out
    assert "Rep (seller), turn 3" in out
    assert "A trial close." in out
    assert "Instead: Ask who decides." in out


def test_it_shows_the_header_scorecard_facts_and_narration(en_report: Report) -> None:
    out = render_text(en_report, width=200)
    for expected in ("call.txt", "English", "Customer", "prospect", "known label",
                     "60%", "Open questions", "42 words", "7.5", "Northgate Federal",
                     "“for about eight years” — 8 years", "they bought our old bank",
                     "“$250K” = 250,000 USD (turn 3, in an offer)",
                     "1 passage(s) read as narration"):
        assert expected in out, expected


def test_it_warns_when_roles_are_uncertain_and_says_how_to_fix_it() -> None:
    report = build_report(
        [("Anna", "seller", "Hello there."), ("Bob", "prospect", "Hi.")],
        role_sources={"Anna": "evidence", "Bob": "evidence"},
        warnings=["guessed that speaker 'Anna' is the seller"],
    )
    out = render_text(report, width=200)
    assert "roles of some speakers are uncertain" in out
    assert 'displace analyze FILE --seller "Anna" --prospect "Bob"' in out
    assert "guessed that speaker 'Anna' is the seller" in out


def test_it_does_not_warn_when_roles_come_from_known_labels(en_report: Report) -> None:
    assert "uncertain" not in render_text(en_report, width=200)


def test_it_writes_the_report_in_vietnamese() -> None:
    report = build_report(EN_TURNS, en_findings, lang="vi")
    out = render_text(report, width=200)
    assert "Rủi ro cao (1)" in out
    assert "Những điều đã làm tốt (1)" in out
    assert "Chốt thử" in out
    assert "High risk" not in out


def test_it_says_so_when_there_is_no_risk() -> None:
    out = render_text(build_report(EN_TURNS), width=200)
    assert "No risky behaviour found." in out
    assert "What went well (0)" in out


def test_it_prints_transcript_text_literally_not_as_markup() -> None:
    report = build_report(
        [("[bold]Rep[/bold]", "seller", "We offer [red]0 % fees[/red] now."),
         ("Customer", "prospect", "ok")],
        lambda t: [en_findings_quote(t)],
    )
    out = render_text(report, width=200)
    assert "[bold]Rep[/bold]" in out
    assert "[red]0 % fees[/red]" in out


def en_findings_quote(turns: tuple[object, ...]) -> object:
    from tests.core.report.conftest import finding_on

    return finding_on(turns[0], "[red]0 % fees[/red]", "matchable-concession")  # type: ignore[arg-type]
