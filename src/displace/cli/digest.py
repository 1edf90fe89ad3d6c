"""`displace digest`: send today's digest e-mails (run it once a day from a scheduler)."""

from __future__ import annotations

from datetime import datetime

import click

from displace.web.bootstrap import start_django

__all__ = ["command"]


@click.command("digest")
@click.option("--user", "usernames", multiple=True, metavar="NAME",
              help="Only this person (repeat for several); default: everybody who wants one.")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The day the digest is for (YYYY-MM-DD); default: today in the team's time "
              "zone.")
@click.option("--force", is_flag=True, help="Send again to people who had this day's digest.")
@click.option("--dry-run", is_flag=True, help="Say who would get one; send and record nothing.")
def command(usernames: tuple[str, ...], day: datetime | None, force: bool, dry_run: bool) -> int:
    """Send each person their daily digest: overdue follow-ups, deals whose evidence fell since
    their last digest, open deals with no next step (and a manager's team's overdue count).
    E-mail goes through DISPLACE_SMTP_HOST, or to the console when it is not set."""
    start_django()
    from displace.web.digest.actions import send_digests

    run = send_digests(day=day.date() if day else None, usernames=usernames, force=force,
                       dry_run=dry_run)
    verb = "Would send" if dry_run else "Sent"
    click.echo(f"{verb} {len(run.sent)} digest(s)"
               + (f": {', '.join(run.sent)}" if run.sent else "") + ".", err=True)
    for label, names in (("nothing to tell", run.nothing_to_say),
                         ("no e-mail address (set it on the account page)", run.no_address),
                         ("turned the digest off", run.opted_out),
                         ("already had this day's digest (--force to resend)", run.already_sent)):
        if names:
            click.echo(f"  {label}: {', '.join(names)}", err=True)
    for name, reason in run.failed:
        click.echo(f"displace: the digest for {name} was not sent: {reason}", err=True)
    missing = sorted(set(usernames) - {*run.sent, *run.nothing_to_say, *run.no_address,
                                       *run.opted_out, *run.already_sent,
                                       *(name for name, _ in run.failed)})
    if missing:
        click.echo(f"displace: no active user named {', '.join(missing)}", err=True)
    return 1 if run.failed or missing else 0
