"""`displace assess DEAL`: check a deal and its proposal before the incumbent's last look."""

from __future__ import annotations

from pathlib import Path

import click

from displace.core.deal import assess_deal, load_deal, render_assessment
from displace.core.deal.report import FORMATS
from displace.core.errors import InputError
from displace.core.model import Report

__all__ = ["command"]


@click.command("assess")
@click.argument("deal_file", metavar="DEAL", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--conversation",
    "conversations",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="A conversation to fold in (repeatable); adds to those the deal file links.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "--lang",
    type=click.Choice(["vi", "en"]),
    default=None,
    help="Language of the assessment (default: the deal file's).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write to this file instead of standard output.",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Seed of the Monte Carlo: the same seed gives the same numbers.",
)
def command(
    deal_file: Path,
    conversations: tuple[Path, ...],
    fmt: str,
    lang: str | None,
    output: Path | None,
    seed: int,
) -> None:
    """Assess DEAL: readiness to propose, counter-move, win probability, risks, next questions."""
    deal = load_deal(deal_file)
    linked = [deal_file.parent / c for c in deal.conversations]
    reports = [_analyze(path, lang) for path in [*linked, *conversations]]
    assessment = assess_deal(deal, reports=reports, seed=seed, lang=lang or deal.language)
    text = render_assessment(assessment, fmt)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


def _analyze(path: Path, lang: str | None) -> Report:
    if not path.is_file():
        raise InputError(f"{path}: no such conversation file")
    # Imported here: the coach loads its rule packs, which `displace assess` without
    # conversations does not need.
    from displace import analyze_conversation

    return analyze_conversation(path, lang=lang)
