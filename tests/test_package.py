"""The package's promises: a pure core, a declared public API."""

from __future__ import annotations

import subprocess
import sys

import displace


def test_the_core_never_imports_django() -> None:
    code = (
        "import sys, displace, displace.core, displace.core.coach, displace.core.deal, "
        "displace.core.transcript, displace.core.report; "
        "displace.analyze_conversation('Rep: Hi?\\nBuyer: Fine.'); "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_public_api_is_declared_and_importable() -> None:
    for name in displace.__all__:
        assert getattr(displace, name) is not None
    assert "analyze_conversation" in displace.__all__


def test_a_report_has_findings_with_behaviours_and_a_dict_form() -> None:
    report = displace.analyze_conversation(
        "Rep: Any problems with them?\nBuyer: Nothing significant.",
        roles={"rep": "seller", "BUYER": "prospect"},
    )
    assert {f.behaviour for f in report.findings} >= {"generic-satisfaction-question"}
    data = report.to_dict()
    assert data["schema"] == "displace.report/1"
    assert data["findings"][0]["behaviour"] == report.findings[0].behaviour
