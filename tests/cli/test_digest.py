"""`displace digest` on a fresh data folder: prints the e-mails to the console when no mail
server is set, says who got nothing and why, and fails for a name nobody has."""

from __future__ import annotations

from tests.cli.test_account_commands import GOOD, Runner, _python, env, run  # noqa: F401
from tests.cli.test_web_commands import BILLS_DEAL

OVERDUE = (
    "import django; django.setup(); from datetime import date, timedelta; "
    "from django.contrib.auth.models import User; "
    "from displace.web.deals.models import Deal; "
    "from displace.web.followups.actions import add_follow_up; "
    "u = User.objects.get(username='minh'); u.email = 'minh@example.com'; u.save(); "
    "add_follow_up(Deal.objects.get(), 'Ring the CFO back', date.today() - timedelta(days=3), "
    "by=u)"
)


def test_digest_prints_the_e_mail_to_the_console_without_a_mail_server(
        run: Runner, env: dict[str, str]) -> None:  # noqa: F811
    assert run("createuser", "minh", "--password", GOOD).returncode == 0
    assert run("import-deal", str(BILLS_DEAL), "--owner", "minh").returncode == 0
    _python(OVERDUE, env)
    sent = run("digest")
    assert sent.returncode == 0, sent.stderr
    assert "Sent 1 digest(s): minh." in sent.stderr
    assert "Ring the CFO back" in sent.stdout and "To: minh@example.com" in sent.stdout
    again = run("digest")
    assert "already had this day's digest" in again.stderr and "Ring the CFO" not in again.stdout


def test_digest_names_who_has_no_address_and_fails_for_an_unknown_user(
        run: Runner, env: dict[str, str]) -> None:  # noqa: F811
    assert run("createuser", "minh", "--password", GOOD).returncode == 0
    quiet = run("digest", "--dry-run")
    assert quiet.returncode == 0, quiet.stderr
    assert "no e-mail address" in quiet.stderr and "minh" in quiet.stderr
    unknown = run("digest", "--user", "nobody")
    assert unknown.returncode == 1
    assert "no active user named nobody" in unknown.stderr
    assert "Traceback" not in unknown.stderr
