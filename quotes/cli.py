"""The command line: ``quotes extract`` (the quote table), ``quotes stats`` (who is quoted
across a corpus) and ``quotes evaluate``.

Exit codes (:class:`Code`, decided in one place, :func:`exit_code`): 0 all went well; 1
something was skipped or a document failed (each reported on stderr as one line); 2 nothing
could run (bad usage, a model that does not load, an output that cannot be written); 3 an error
of ours outside any document (one line asking to report it, never a traceback); 130 and 143
when interrupted by SIGINT and SIGTERM; a pipe closed early (``| head``) ends quietly with 0.
"""

from __future__ import annotations

import functools
import importlib
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from enum import Enum, IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from .errors import QuotesError, one_line
from .evaluation import (
    EvalInputError,
    check_gold,
    read_jsonl,
    render_table,
    resolve_model,
    run_pipeline,
    score,
    write_errors,
)
from .pipeline import DEFAULT_MODEL
from .readers import DEFAULT_MAX_BYTES, fmt_size, parse_size
from .run import ExtractOptions, Interrupted, err, run_extract

if TYPE_CHECKING:
    pass

# The exceptions of the click that typer runs on (recent typer vendors its own copy).
_click_exceptions = importlib.import_module(typer.BadParameter.__module__)


class Code(IntEnum):
    """The exit codes of every command."""

    OK = 0
    PROBLEMS = 1  # something was skipped, or a document failed
    CANNOT_RUN = 2  # usage, model, output
    INTERNAL = 3  # an error of ours outside any document
    SIGINT = 128 + signal.SIGINT  # 130
    SIGTERM = 128 + signal.SIGTERM  # 143


REPORT_HINT = (
    "this is a bug in quotes: please report it with the command you ran and, if you can, the input"
)


def exit_code(exc: BaseException) -> int:
    """The one place where the way a command ended becomes its exit code (and, for an error,
    its one line on stderr)."""
    click = _click_exceptions
    if isinstance(exc, BrokenPipeError):  # `quotes extract … | head`: quietly done
        _silence_stdout()
        return Code.OK
    if isinstance(exc, Interrupted):
        return 128 + exc.signum
    if isinstance(exc, (KeyboardInterrupt, typer.Abort)):
        return Code.SIGINT
    if isinstance(exc, QuotesError):
        err(f"error: {one_line(exc)}")
        return Code.CANNOT_RUN
    if isinstance(exc, click.UsageError):
        ctx = getattr(exc, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        err(f"error: {_usage_line(exc.format_message())}{hint}")
        return Code.CANNOT_RUN
    if isinstance(exc, click.ClickException):
        err(f"error: {' '.join(exc.format_message().split())}")
        return Code.CANNOT_RUN
    if isinstance(exc, Exception):
        detail = one_line(f"{type(exc).__name__}: {exc}")
        err(f"error: internal error: {detail} ({REPORT_HINT})")
        return Code.INTERNAL
    raise exc  # SystemExit, GeneratorExit


def _silence_stdout() -> None:
    """After a closed pipe: point standard output at /dev/null, so that Python's final flush
    of what is still buffered does not complain on stderr."""
    with suppress(AttributeError, OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


class _Ended(BaseException):
    """How a command ended, carried past typer's own handling (which turns a closed pipe
    into exit 1) to :func:`exit_code`."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(cause)
        self.cause = cause


def _mapped(command: Callable[..., Any]) -> Callable[..., Any]:
    """Let every way ``command`` ends reach :func:`exit_code` (its own ``typer.Exit`` aside)."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, _click_exceptions.ClickException):
            raise
        except BaseException as exc:
            raise _Ended(exc) from None

    return run


def _terminate(signum: int, frame: object) -> None:
    raise Interrupted(signum)


@contextmanager
def _signals() -> Iterator[None]:
    """SIGTERM ends a run the way Ctrl-C does (the finished output kept), with code 143."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _OneLineErrors(TyperGroup):
    """Every way a command ends maps to an exit code in :func:`exit_code`: bad usage is one
    line on stderr (``error: …``, exit 2) instead of click's usage block, an error of ours one
    line instead of a traceback: unattended runs log one line per problem."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[misc]
        try:
            with _signals():
                rv = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[misc]
        except _click_exceptions.UsageError as e:
            if type(e).__name__ == "NoArgsIsHelpError":  # `quotes` alone: help already shown
                sys.exit(e.exit_code)
            sys.exit(exit_code(e))
        except _Ended as e:
            sys.exit(exit_code(e.cause))
        except BaseException as e:
            sys.exit(exit_code(e))
        sys.exit(rv if isinstance(rv, int) else 0)


def _usage_line(message: str) -> str:
    """A usage error on one line, as click words it: recent typer checks choices through
    pydantic, whose "Value error, " would otherwise stand before "'xml' is not one of …";
    no final full stop, since the hint follows."""
    return " ".join(message.split()).replace(": Value error, ", ": ").rstrip(".")


app = typer.Typer(
    cls=_OneLineErrors,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Who said what in English news: quotes, speakers, titles and cues.",
)


def _print_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"quotes {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Who said what in English news: quotes, speakers, titles and cues."""


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    html = "html"


#: The formats whose records can carry ``entities`` (``--entities``).
ENTITY_FORMATS = (Format.json, Format.jsonl)


class InputFormatChoice(str, Enum):
    auto = "auto"
    text = "text"
    jsonl = "jsonl"
    html = "html"


class EvalFormat(str, Enum):
    """How ``quotes evaluate`` prints its figures."""

    table = "table"
    json = "json"


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


@app.command("evaluate")
@_mapped
def evaluate_command(
    gold: Annotated[
        Path,
        typer.Argument(help="Gold JSONL: one {id, text, quotes} record per document."),
    ],
    predictions: Annotated[
        Path | None,
        typer.Option(
            "--predictions",
            "-p",
            help="Predictions JSONL in the output contract's format (any tool's). "
            "Without it, our pipeline is run on the gold texts.",
        ),
    ] = None,
    speech_only: Annotated[
        bool,
        typer.Option(
            "--speech-only",
            help="Count only gold quotes with a speech cue; the others still absorb "
            "predictions, which then are not false positives.",
        ),
    ] = False,
    output_format: Annotated[
        EvalFormat,
        typer.Option("--format", "-f", help="table (for people) or json (the figures)."),
    ] = EvalFormat.table,
    errors: Annotated[
        Path | None,
        typer.Option(
            "--errors",
            help="Write false positives, misses and wrong speakers (at T=0.3) with context to "
            "this file: JSONL if it ends in .jsonl, else readable text.",
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            "-m",
            help="spaCy model name or path for our pipeline (default: the package's "
            "DEFAULT_MODEL); unused with --predictions.",
        ),
    ] = None,
    phrases: Annotated[
        bool,
        typer.Option(
            "--phrases", help="Run our pipeline with noun-phrase contents (PolNeAR-style)."
        ),
    ] = False,
) -> None:
    """Score quote attribution against gold JSONL: quotes and end-to-end P/R/F1 at T=0.3/0.8.
    GUM coreference records and GAP files are recognised and score speaker resolution."""
    kind = _resolution_kind(gold)
    if kind is not None:
        _evaluate_resolution(kind, gold, predictions, output_format, model)
        return
    try:
        gold_records = list(read_jsonl(gold, "gold file"))
        # Check the gold now, not after a pipeline run of several minutes.
        check_gold(gold_records)
        if predictions is not None:
            pred_records = list(read_jsonl(predictions, "predictions file"))
    except EvalInputError as exc:
        raise _fail(str(exc)) from None

    if predictions is None:
        model = resolve_model(model)
        if sys.stderr.isatty():  # progress only for people: scripts get one line or none
            typer.echo(f"running the pipeline on {len(gold_records)} documents…", err=True)
        try:
            pred_records = run_pipeline(gold_records, model, phrases=phrases)
        except Exception as exc:  # any failure to load or run the model is one clean line
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            label = repr(model) if model else "the default model"
            raise _fail(f"could not run the pipeline with {label}: {detail}") from None

    try:
        report = score(gold_records, pred_records, speech_only=speech_only)
    except EvalInputError as exc:
        raise _fail(str(exc)) from None
    except (TypeError, AttributeError, KeyError) as exc:  # a field of an unexpected JSON type
        raise _fail(f"malformed gold or prediction data: {type(exc).__name__}: {exc}") from None
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)

    if output_format is EvalFormat.json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        from rich.console import Console

        render_table(report, Console(file=sys.stdout))

    if errors is not None:
        try:
            write_errors(report, errors)
        except OSError as exc:
            raise _fail(f"cannot write errors to {errors}: {exc.strerror or exc}") from None
        typer.echo(f"wrote {len(report.errors)} errors to {errors}", err=True)


def _resolution_kind(gold: Path) -> str | None:
    """ "gum" or "gap" when the gold file is one of the resolution sets (EVALUATION.md)."""
    from .evaluation.resolution import detect_kind

    try:
        return detect_kind(gold)
    except (OSError, ValueError):
        return None  # read_jsonl reports the problem in its own words


def _evaluate_resolution(
    kind: str, gold: Path, predictions: Path | None, output_format: EvalFormat, model: str | None
) -> None:
    """Score our entity stage (and, on GUM, our quotes' speakers) against GUM or GAP."""
    from .evaluation import resolution as res
    from .evaluation.runner import entity_resolver, resolve_model

    model = resolve_model(model)
    try:
        report: res.GumReport | res.GapReport
        if kind == "gap":
            report = res.score_gap(res.load_gap(gold), entity_resolver(model))
        else:
            quotes_from = predictions if predictions is not None else res.pipeline_quotes(model)
            docs = res.load_gum(gold)
            report = res.score_gum(docs, resolver=entity_resolver(model), predictions=quotes_from)
    except EvalInputError as exc:
        raise _fail(str(exc)) from None
    if output_format is EvalFormat.json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        from rich.console import Console

        from .evaluation.resolution_render import render_report

        render_report(report, Console(file=sys.stdout))


@app.command()
@_mapped
def extract(
    inputs: Annotated[
        Optional[list[str]],  # noqa: UP045 (typer reads the annotation)
        typer.Argument(
            help="Text, HTML or JSONL files, or directories (recursive). "
            "Standard input when none is given, or '-'.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="Output format (html: one page; a site for a directory -o or over 200 documents).",
        ),
    ] = Format.table,
    model: Annotated[
        str, typer.Option("--model", "-m", help="spaCy model: an installed package or a path.")
    ] = DEFAULT_MODEL,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            help="Write results to this file instead of stdout (html: or a directory).",
        ),
    ] = None,
    n_process: Annotated[
        int, typer.Option("--n-process", "-n", min=1, help="Worker processes for parsing.")
    ] = 1,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Documents per batch.")
    ] = 32,
    glob: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--glob", help="In directories, take the files matching this pattern."),
    ] = None,
    text_field: Annotated[str, typer.Option(help="JSONL field holding the text.")] = "text",
    id_field: Annotated[str, typer.Option(help="JSONL field holding the document id.")] = "id",
    input_format: Annotated[
        InputFormatChoice, typer.Option(help="Read every input as this format.")
    ] = InputFormatChoice.auto,
    progress: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option(
            "--progress/--no-progress",
            help="Progress bar on stderr, with a total and the time left when the number of "
            "documents is known (default: when stderr is a terminal).",
            show_default=False,
        ),
    ] = None,
    max_size: Annotated[
        str,
        typer.Option(
            "--max-size",
            help="Skip (and report) any document or JSONL line larger than this, without "
            "reading it whole: 50MB, 1GB, 512KiB, or bytes.",
        ),
    ] = fmt_size(DEFAULT_MAX_BYTES).replace(" ", ""),
    phrases: Annotated[
        bool,
        typer.Option(
            "--phrases",
            help="Count noun phrases a speech verb takes as quotes too ('The council denied the "
            "permit'), as PolNeAR does; by default a quote is a clause or quoted words.",
        ),
    ] = False,
    entities: Annotated[
        bool,
        typer.Option(
            "--entities",
            help="Add to each record an 'entities' list: the people, organisations, groups and "
            "documents with their titles, gender and mentions (offsets). JSON and JSONL only: "
            "a CSV row is one quote, so with csv, table or html it is a usage error.",
        ),
    ] = False,
) -> None:
    """Extract the quotes of each document: speaker, title, cue and the words quoted."""
    try:
        max_bytes = parse_size(max_size)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--max-size'") from None
    if entities and output_format not in ENTITY_FORMATS:
        raise typer.BadParameter(
            f"works with --format json or jsonl, not {output_format.value} "
            "(a CSV row is one quote; the table and HTML show quotes)",
            param_hint="'--entities'",
        )
    # A document whose rules fail is reported as one line naming it (quotes.run): the
    # component's own log warning, which cannot name it, would be a second line.
    logging.getLogger("quotes.extractor").setLevel(logging.ERROR)
    logging.getLogger("quotes.components").setLevel(logging.ERROR)
    options = ExtractOptions(
        inputs=list(inputs or []),
        output_format=output_format.value,
        model=model,
        output=output,
        n_process=n_process,
        batch_size=batch_size,
        glob=glob,
        text_field=text_field,
        id_field=id_field,
        input_format=input_format.value,
        max_bytes=max_bytes,
        progress=progress,
        phrases=phrases,
        entities=entities,
    )
    code = run_extract(options)
    if code:
        raise typer.Exit(code)


class StatsFormat(str, Enum):
    """How ``quotes stats`` prints its figures."""

    table = "table"
    json = "json"
    csv = "csv"


@app.command("stats")
def stats_command(
    inputs: Annotated[
        Optional[list[str]],  # noqa: UP045 (typer reads the annotation)
        typer.Argument(
            help="Text, HTML or JSONL files, or directories (recursive), read as by 'quotes "
            "extract'. Standard input when none is given, or '-'.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        StatsFormat,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="table (for people), json (every figure) or csv (one row per speaker).",
        ),
    ] = StatsFormat.table,
    top: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--top",
            min=0,
            help="Speakers listed, most quoted first; 0 for all (default: 20 in the table, "
            "all in JSON and CSV).",
            show_default=False,
        ),
    ] = None,
    model: Annotated[
        str, typer.Option("--model", "-m", help="spaCy model: an installed package or a path.")
    ] = DEFAULT_MODEL,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="Write the figures to this file instead of stdout."),
    ] = None,
    n_process: Annotated[
        int, typer.Option("--n-process", "-n", min=1, help="Worker processes for parsing.")
    ] = 1,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Documents per batch.")
    ] = 32,
    glob: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--glob", help="In directories, take the files matching this pattern."),
    ] = None,
    text_field: Annotated[str, typer.Option(help="JSONL field holding the text.")] = "text",
    id_field: Annotated[str, typer.Option(help="JSONL field holding the document id.")] = "id",
    input_format: Annotated[
        InputFormatChoice, typer.Option(help="Read every input as this format.")
    ] = InputFormatChoice.auto,
    progress: Annotated[
        Optional[bool],  # noqa: UP045
        typer.Option(
            "--progress/--no-progress",
            help="Progress bar on stderr (default: when stderr is a terminal).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Who is quoted across a corpus: the most quoted speakers (name, title, kind, quotes),
    quotes by kind, and people against organisations and groups."""
    from .stats_writer import StatsWriter

    options = ExtractOptions(
        inputs=list(inputs or []),
        model=model,
        output=output,
        n_process=n_process,
        batch_size=batch_size,
        glob=glob,
        text_field=text_field,
        id_field=id_field,
        input_format=input_format.value,
        progress=progress,
        writer=lambda out: StatsWriter(out, output_format.value, top=top),
    )
    code = run_extract(options)
    if code:
        raise typer.Exit(code)


def main() -> None:
    """Entry point of the ``quotes`` command."""
    app()


if __name__ == "__main__":
    main()
