"""The command line: ``quotes extract`` (the quote table), ``quotes stats`` (who is quoted
across a corpus) and ``quotes evaluate``.

Exit codes: 0 all went well; 1 some input was skipped (each reported on stderr as
``path:line: reason``); 2 nothing could run (unknown model, unwritable output, bad usage).
"""

from __future__ import annotations

import importlib
import json
import logging
import sys
from collections.abc import Callable
from contextlib import ExitStack, suppress
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from .errors import QuotesError
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

if TYPE_CHECKING:
    from .writers import Writer

# The exceptions of the click that typer runs on (recent typer vendors its own copy).
_click_exceptions = importlib.import_module(typer.BadParameter.__module__)


class _OneLineErrors(TyperGroup):
    """Bad usage is one line on stderr (``error: …``, exit 2), like every other fatal error,
    instead of click's usage block: unattended runs log one line per problem."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[misc]
        exc = _click_exceptions
        try:
            rv = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[misc]
        except exc.UsageError as e:
            if type(e).__name__ == "NoArgsIsHelpError":  # `quotes` alone: help already shown
                sys.exit(e.exit_code)
            ctx = getattr(e, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            _err(f"error: {_usage_line(e.format_message())}{hint}")
            sys.exit(e.exit_code)
        except exc.ClickException as e:
            _err(f"error: {' '.join(e.format_message().split())}")
            sys.exit(e.exit_code)
        except typer.Abort:
            _err("error: aborted")
            sys.exit(1)
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


class InputFormatChoice(str, Enum):
    auto = "auto"
    text = "text"
    jsonl = "jsonl"
    html = "html"


def _err(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")
    sys.stderr.flush()


class EvalFormat(str, Enum):
    """How ``quotes evaluate`` prints its figures."""

    table = "table"
    json = "json"


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


@app.command("evaluate")
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
            pred_records = run_pipeline(gold_records, model)
        except Exception as exc:  # any failure to load or run the model is one clean line
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            label = repr(model) if model else "the default model"
            raise _fail(f"could not run the pipeline with {label}: {detail}", 1) from None

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
            raise _fail(f"cannot write errors to {errors}: {exc.strerror or exc}", 1) from None
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
            help="Progress bar on stderr (default: when stderr is a terminal).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Extract the quotes of each document: speaker, title, cue and the words quoted."""
    from .api import extract_many
    from .readers import Problem, read_inputs
    from .writers import make_writer

    # A document whose rules fail is reported below, one line naming it: the component's own
    # log warning (which cannot name it) would be a second line for the same problem.
    logging.getLogger("quotes.extractor").setLevel(logging.ERROR)
    skipped = 0

    def report(problem: Problem) -> None:
        nonlocal skipped
        skipped += problem.skipped
        _err(str(problem))

    with ExitStack() as stack:
        try:
            out = _output_stream(output, output_format, stack)
            docs = read_inputs(
                inputs or [],
                glob=glob,
                text_field=text_field,
                id_field=id_field,
                input_format=input_format.value,
                report=report,
            )
            nlp = _load_model(model, out)
        except QuotesError as exc:
            _err(f"error: {exc}")
            raise typer.Exit(2) from None
        writer = make_writer(output_format.value, out)
        show = progress if progress is not None else sys.stderr.isatty()
        results = extract_many(docs, nlp=nlp, n_process=n_process, batch_size=batch_size)
        _write_results(results, writer, out if output is not None else None, show)
    if skipped:
        _err(f"{skipped} input{'s' if skipped != 1 else ''} skipped")
        raise typer.Exit(1)


def _output_stream(output: Path | None, output_format: Format, stack: ExitStack):
    """Standard output, or the ``--output`` file opened now (see :func:`_open_output`)."""
    if output is None:
        return sys.stdout
    out = _open_output(output, output_format)
    # closed in _write_results, where a failing flush is reported; on the way out of an error
    # (a full disk), closing must not raise again
    stack.callback(_close_quietly, out)
    return out


def _load_model(model: str, out):
    """Load the pipeline; only then empty the output file."""
    from .pipeline import load

    nlp = load(model)
    if out is not sys.stdout:
        # only now: a typo in --model must not wipe earlier results (devices and pipes
        # cannot be truncated, and need not be)
        with suppress(OSError):
            out.truncate(0)
    return nlp


def _write_results(results, writer, out, show: bool) -> None:
    """Write every result, then close the writer and ``out`` (the output file, or None)."""
    try:
        if show:
            _run_with_progress(results, writer)
        else:
            for result in results:
                writer.write(result)
                if result.error:
                    _err(f"{result.id}: warning: quote rules failed: {result.error}")
        writer.close()
        if out is not None:
            out.close()
    except BrokenPipeError:  # `quotes extract … | head`
        sys.stderr.close()
        raise typer.Exit(0) from None
    except OSError as exc:
        _err(f"error: cannot write output: {exc.strerror or exc}")
        raise typer.Exit(2) from None


def _open_output(path: Path, output_format: Format = Format.table):
    """Open the output file first, so a bad path fails before the model loads; in append
    mode, so nothing is lost until the run can start (it is emptied then). An HTML site
    goes to a directory: an existing one, or a new path without an extension."""
    if output_format is Format.html and (path.is_dir() or not path.suffix):
        from .html import SiteOutput

        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise QuotesError(f"cannot write output {str(path)!r}: {exc.strerror or exc}") from None
        return SiteOutput(path)
    try:
        return open(path, "a", encoding="utf-8", newline="")
    except IsADirectoryError:
        raise QuotesError(f"cannot write output {str(path)!r}: is a directory") from None
    except NotADirectoryError:
        raise QuotesError(
            f"cannot write output {str(path)!r}: a parent is not a directory"
        ) from None
    except FileNotFoundError:
        raise QuotesError(f"cannot write output {str(path)!r}: no such directory") from None
    except PermissionError:
        raise QuotesError(f"cannot write output {str(path)!r}: permission denied") from None
    except OSError as exc:
        raise QuotesError(f"cannot write output {str(path)!r}: {exc.strerror or exc}") from None


def _close_quietly(out) -> None:
    with suppress(OSError):  # already reported: the write that failed
        out.close()


def _run_with_progress(results, writer) -> None:
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(file=sys.stderr)
    n_docs = n_quotes = 0
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("starting…")
        for result in results:
            writer.write(result)
            n_docs += 1
            n_quotes += len(result.quotes)
            elapsed = bar.tasks[0].elapsed or 1e-9
            bar.update(
                task,
                description=f"{n_docs} documents, {n_quotes} quotes, {n_docs / elapsed:.1f} docs/s",
            )
            if result.error:
                console.print(
                    f"{result.id}: warning: quote rules failed: {result.error}",
                    markup=False,
                    highlight=False,
                )


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

    def make_writer(out):
        return StatsWriter(out, output_format.value, top=top)

    reading = {"glob": glob, "text_field": text_field, "id_field": id_field}
    reading["input_format"] = input_format.value
    run = {"model": model, "n_process": n_process, "batch_size": batch_size}
    skipped = _run_extraction(inputs or [], reading, run, make_writer, output, progress)
    if skipped:
        _err(f"{skipped} input{'s' if skipped != 1 else ''} skipped")
        raise typer.Exit(1)


def _run_extraction(
    inputs: list[str],
    reading: dict[str, Any],
    run: dict[str, Any],
    make_writer: Callable[[Any], Writer],
    output: Path | None,
    progress: bool | None,
) -> int:
    """Read ``inputs`` as ``quotes extract`` does (``reading``: the options of
    :func:`~quotes.readers.read_inputs`), run the pipeline (``run``: model, n_process,
    batch_size) and give every result to the writer ``make_writer(out)`` makes; returns how
    many inputs were skipped (each reported on stderr). A fatal error is one line, exit 2."""
    from .api import extract_many
    from .readers import Problem, read_inputs

    logging.getLogger("quotes.extractor").setLevel(logging.ERROR)  # reported below, by id
    skipped = 0

    def report(problem: Problem) -> None:
        nonlocal skipped
        skipped += problem.skipped
        _err(str(problem))

    with ExitStack() as stack:
        try:
            out = _output_stream(output, Format.table, stack)
            docs = read_inputs(inputs, report=report, **reading)
            nlp = _load_model(run["model"], out)
        except QuotesError as exc:
            _err(f"error: {exc}")
            raise typer.Exit(2) from None
        writer = make_writer(out)
        show = progress if progress is not None else sys.stderr.isatty()
        results = extract_many(
            docs, nlp=nlp, n_process=run["n_process"], batch_size=run["batch_size"]
        )
        _write_results(results, writer, out if output is not None else None, show)
    return skipped


def main() -> None:
    """Entry point of the ``quotes`` command."""
    app()


if __name__ == "__main__":
    main()
