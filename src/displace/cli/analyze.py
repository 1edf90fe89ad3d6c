"""`displace analyze`: coach one conversation or a folder of them."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress

from displace.api import analyze_conversation
from displace.core.errors import DisplaceError, RulePackError
from displace.core.model import Report, Role
from displace.core.report import (
    Labels,
    dumps,
    labels_for,
    render_html,
    render_index,
    render_text,
    report_set,
    summarize,
    summary_table,
    text_report,
)

__all__ = ["KNOWN_EXTENSIONS", "command", "conversation_files"]

KNOWN_EXTENSIONS = (".txt", ".md", ".vtt", ".srt", ".json", ".docx")


@click.command(name="analyze")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json", "html"]),
              default="text", show_default=True, help="What kind of report to write.")
@click.option("--lang", type=click.Choice(["vi", "en"]),
              help="Language of the report (default: the conversation's language).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write the report to this file instead of the terminal. With several "
                   "conversations and --format html, a folder: one page per conversation "
                   "plus index.html.")
@click.option("--input-format", metavar="FMT",
              help="Read the files as this format (plain, vtt, srt, json…) instead of guessing.")
@click.option("--seller", multiple=True, metavar="LABEL", help="This speaker is the seller.")
@click.option("--prospect", multiple=True, metavar="LABEL", help="This speaker is the prospect.")
@click.option("--incumbent", multiple=True, metavar="LABEL",
              help="This speaker is the incumbent supplier.")
@click.option("--rules", multiple=True, type=click.Path(path_type=Path), metavar="FILE",
              help="Add a rule pack of your own (repeatable).")
@click.option("--dominance", type=click.FloatRange(0.0, 1.0), default=0.65, show_default=True,
              help="Seller talk share above which the seller dominates the conversation.")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None, metavar="N",
              help="Analyse a folder in N processes (default: the number of cores).")
def command(
    paths: tuple[Path, ...], output_format: str, lang: str | None, output: Path | None,
    input_format: str | None, seller: tuple[str, ...], prospect: tuple[str, ...],
    incumbent: tuple[str, ...], rules: tuple[Path, ...], dominance: float, jobs: int | None,
) -> None:
    """Coach sales conversations: say what the seller did wrong and right.

    PATH is a transcript (.txt .md .vtt .srt .json) or a folder searched for them. Findings are
    not errors: the exit status is 0 when every file was analysed, 2 when one could not be read.
    """
    files, problems = conversation_files(paths)
    roles = _roles(seller=seller, prospect=prospect, incumbent=incumbent)
    if output_format == "html" and len(files) > 1 and output is None:
        # One HTML page per conversation cannot go to one stdout.
        raise click.UsageError("with several conversations, --format html needs -o FOLDER")
    options = _Options(roles=roles, input_format=input_format, lang=lang, rules=rules,
                       dominance=dominance)
    reports, errors = _analyze_all(files, problems, options, jobs=jobs or os.cpu_count() or 1)
    many = len(files) + len(problems) > 1 or any(p.is_dir() for p in paths)
    if reports or (many and output_format == "json"):
        _write(reports, errors, output_format=output_format, output=output, many=many, lang=lang)
    if errors:
        # sys.exit, not click's Exit: main() runs click with standalone_mode=False, where an
        # Exit becomes a return value and the status would be lost.
        sys.exit(2)


def conversation_files(paths: Sequence[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """The transcript files named or found in folders (sorted), and the paths that give none."""
    files: list[Path] = []
    problems: list[tuple[str, str]] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*")
                           if p.is_file() and p.suffix.lower() in KNOWN_EXTENSIONS)
            if not found:
                problems.append((str(path), "no transcript (" + " ".join(KNOWN_EXTENSIONS)
                                 + ") in this folder"))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            problems.append((str(path), "no such file or folder"))
    return list(dict.fromkeys(files)), problems


def _roles(**labels_by_role: tuple[str, ...]) -> dict[str, Role]:
    roles: dict[str, Role] = {}
    for role, labels in labels_by_role.items():
        for label in labels:
            roles[label] = role  # type: ignore[assignment]  # keys are the three role names
    return roles


@dataclass(frozen=True)
class _Options:
    """How every file is analysed: the same in each worker process."""

    roles: dict[str, Role]
    input_format: str | None
    lang: str | None
    rules: tuple[Path, ...]
    dominance: float


def _analyze_one(path: Path, options: _Options) -> Report | str:
    """A file's report, or its one-line error; a broken rule pack stops everything."""
    try:
        return analyze_conversation(
            path, roles=options.roles or None, input_format=options.input_format,
            lang=options.lang, rules=options.rules, dominance_threshold=options.dominance)
    except RulePackError:
        raise  # the same for every file: main() prints it in one line
    except DisplaceError as exc:
        return _one_line(exc)


def _analyze_all(
    files: list[Path], problems: list[tuple[str, str]], options: _Options, *, jobs: int,
) -> tuple[list[Report], list[tuple[str, str]]]:
    """Analyse each file (in `jobs` processes when there are several); a file that cannot be
    read is reported on stderr and skipped, and the others are still analysed."""
    errors = list(problems)
    for source, message in errors:
        _complain(source, message)
    results: dict[int, Report | str] = {}
    with _progress(len(files)) as advance:
        if jobs > 1 and len(files) > 1:
            results = _in_processes(files, options, min(jobs, len(files)), advance)
        else:
            for index, path in enumerate(files):
                results[index] = _analyze_one(path, options)
                advance()
    reports: list[Report] = []
    for index, path in enumerate(files):
        found = results[index]
        if isinstance(found, str):
            errors.append((str(path), found))
            _complain(str(path), found)
        else:
            reports.append(found)
    return reports, errors


def _in_processes(files: list[Path], options: _Options, jobs: int,
                  advance: Callable[[], None]) -> dict[int, Report | str]:
    # One encoder thread per process: N processes on N cores, not N x N threads.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    results: dict[int, Report | str] = {}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(_analyze_one, path, options): i for i, path in enumerate(files)}
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            advance()
    return results


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr for several files, when stderr is a terminal; else nothing."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda: None
        return
    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("analyse", total=total)
        yield lambda: progress.advance(task)


def _one_line(exc: DisplaceError) -> str:
    return " ".join(str(exc).split())


def _complain(source: str, message: str) -> None:
    if source in message or Path(source).name in message:
        click.echo(f"displace: {message}", err=True)
    else:
        click.echo(f"displace: {source}: {message}", err=True)


def _write(reports: list[Report], errors: list[tuple[str, str]], *, output_format: str,
           output: Path | None, many: bool, lang: str | None) -> None:
    if output_format == "json":
        document = report_set(reports, errors) if many else reports[0].to_dict()
        _emit(dumps(document) + "\n", output)
    elif output_format == "html" and many:
        assert output is not None  # checked before analysing
        _write_html_folder(reports, output, lang)
    elif output_format == "html":
        _emit(render_html(reports[0]), output)
    else:
        _write_text(reports, output, many=many, lang=lang)


def _write_text(reports: list[Report], output: Path | None, *, many: bool,
                lang: str | None) -> None:
    labels = labels_for(lang or reports[0].lang)
    if output is None:
        console = Console(highlight=False)
        for report in reports:
            console.print(text_report(report))
        if many:
            console.print(summary_table([summarize(r) for r in reports], labels))
        return
    parts = [render_text(r) for r in reports]
    if many:
        parts.append(_table_text(reports, labels))
    _emit("\n".join(parts), output)


def _table_text(reports: list[Report], labels: Labels) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=120, no_color=True, color_system=None)
    console.print(summary_table([summarize(r) for r in reports], labels))
    return buffer.getvalue()


def _write_html_folder(reports: list[Report], folder: Path, lang: str | None) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DisplaceError(f"cannot create the report folder {folder}: {exc.strerror}") from exc
    rows = []
    used: set[str] = {"index.html"}
    for report in reports:
        name = _unique_name(Path(report.conversation.source).stem or "conversation", used)
        _emit(render_html(report), folder / name)
        rows.append((summarize(report), name))
    index = render_index(rows, lang or reports[0].lang)
    _emit(index, folder / "index.html")
    click.echo(f"displace: wrote {len(reports)} report(s) and index.html to {folder}", err=True)


def _unique_name(stem: str, used: set[str]) -> str:
    name, n = f"{stem}.html", 1
    while name in used:
        n += 1
        name = f"{stem}-{n}.html"
    used.add(name)
    return name


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DisplaceError(f"cannot write the report to {output}: {exc.strerror}") from exc
