"""`displace demo`: coach a sales call shipped with Displace, to see what a report looks like."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import click
from rich.console import Console

from displace.api import analyze_conversation
from displace.core.report import text_report

__all__ = ["command", "demo_path"]


def demo_path(lang: str, *, good: bool = False) -> Path:
    """The shipped demo conversation in `lang` (vi or en): a poorly run call, or a good one."""
    name = f"{'good-call' if good else 'conversation'}-{lang}.txt"
    return Path(str(resources.files("displace").joinpath("data", "demo", name)))


@click.command(name="demo")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
              help="Language of the demo conversation and of its report.")
@click.option("--good", is_flag=True,
              help="Coach the well-run call instead (gap, impact, vision, decision, next step).")
def command(lang: str, good: bool) -> None:
    """Coach a demo sales conversation and print the report."""
    report = analyze_conversation(demo_path(lang, good=good), lang=lang)
    Console(highlight=False).print(text_report(report))
