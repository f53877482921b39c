"""One run of ``quotes extract``: documents in, one record per document out, nothing lost.

Every document is guarded from its decoding to its writing: a problem reading it is reported
and the run goes on (:mod:`quotes.readers`), a failure of the rules or of spaCy on it becomes its
record's ``error`` (:mod:`quotes.api`, :mod:`quotes.parallel`), and a record the writer cannot
write is written again as an error record. Each problem is one line on standard error; the run
ends with a one-line summary there (documents, quotes, skipped, failed, seconds).

What is not about one document propagates, for the command line to turn into its exit code
(:func:`quotes.cli.exit_code`): an output that cannot be written, an interruption (after the
finished part is kept, see :mod:`quotes.output`), an error of ours.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Generator, Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .errors import QuotesError, one_line
from .output import Sink, check_not_an_input, open_sink
from .readers import Problem
from .types import Result

__all__ = ["ExtractOptions", "Interrupted", "Tally", "run_extract"]


class Interrupted(BaseException):
    """A signal that ends the run (SIGTERM; SIGINT is KeyboardInterrupt). A BaseException, so
    that no ``except Exception`` on the way swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def err(message: str) -> None:
    """One line on standard error (nothing if it is closed)."""
    with suppress(AttributeError, OSError, ValueError):
        sys.stderr.write(message.rstrip("\n") + "\n")
        sys.stderr.flush()


@dataclass(frozen=True)
class ExtractOptions:
    """What ``quotes extract`` was asked to do."""

    inputs: list[str]
    output_format: str = "table"
    model: str = ""
    output: Path | None = None
    n_process: int = 1
    batch_size: int = 32
    glob: str | None = None
    text_field: str = "text"
    id_field: str = "id"
    input_format: str = "auto"
    max_bytes: int = 50_000_000
    progress: bool | None = None
    phrases: bool = False  # noun-phrase contents count as quotes (quotes.settings.Settings)
    entities: bool = False  # each record lists the document's entities (JSON and JSONL)
    #: a writer of our own instead of ``output_format``'s (``quotes stats``)
    writer: Callable[[IO[str]], Any] | None = None


@dataclass
class Tally:
    """What a run did, for the summary line and the exit code."""

    documents: int = 0
    quotes: int = 0
    skipped: int = 0
    failed: int = 0
    started: float = field(default_factory=time.monotonic)

    def summary(self, where: str | None) -> str:
        n, q = self.documents, self.quotes
        parts = [
            f"{n:,} document{'s' if n != 1 else ''}",
            f"{q:,} quote{'s' if q != 1 else ''}",
            f"{self.skipped:,} skipped",
        ]
        if self.failed:
            parts.append(f"{self.failed:,} failed")
        parts.append(f"{time.monotonic() - self.started:.1f} s")
        return "done: " + ", ".join(parts) + (f"; written to {one_line(where)}" if where else "")


def run_extract(opts: ExtractOptions) -> int:
    """Run ``quotes extract``; 0 when all went well, 1 when something was skipped or a
    document failed. Raises QuotesError when nothing can run (usage, model, output), and lets
    interruptions and errors of ours through once the finished part of the output is kept."""
    tally = Tally()
    if opts.output is not None:
        check_not_an_input(opts.output, opts.inputs)
    sink = open_sink(opts.output, opts.output_format, sys.stdout)
    writer: Any = None
    try:
        _hint_stdin(opts.inputs)
        writer, results = _start(opts, sink, tally)
        _write_all(results, writer, tally, _progress(opts, sink, tally))
        with _output_errors():
            note = sink.commit(tally.documents)
    except (QuotesError, BrokenPipeError):  # the old output file stays as it was
        sink.discard()
        raise
    except BaseException:
        _keep_partial(sink, writer, tally)
        raise
    if note:
        err(note)
    err(tally.summary(sink.shown if opts.output is not None else None))
    return 1 if tally.skipped or tally.failed else 0


def _start(
    opts: ExtractOptions, sink: Sink, tally: Tally
) -> tuple[Any, Generator[Result, None, None]]:
    """Open the inputs (lazily), load the model, make the writer."""
    from .api import extract_many
    from .pipeline import load
    from .readers import read_inputs
    from .writers import make_writer

    def report(problem: Problem) -> None:
        tally.skipped += problem.skipped
        err(str(problem))

    docs = read_inputs(
        opts.inputs,
        glob=opts.glob,
        text_field=opts.text_field,
        id_field=opts.id_field,
        input_format=opts.input_format,  # type: ignore[arg-type]
        max_bytes=opts.max_bytes,
        exclude=sink.own_paths(),
        report=report,
    )
    nlp = load(opts.model, phrases=opts.phrases, entities=opts.entities)
    writer = (opts.writer or (lambda out: make_writer(opts.output_format, out)))(sink.stream)
    results = extract_many(
        docs,
        nlp=nlp,
        n_process=opts.n_process,
        batch_size=opts.batch_size,
        entities=opts.entities,
    )
    return writer, results


@contextmanager
def _output_errors() -> Iterator[None]:
    """An error of the operating system while writing is the output's (disk full, a device
    that refuses): nothing more can be written, so nothing more runs. A closed pipe is not an
    error (``quotes extract … | head``): it goes through as it is."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise QuotesError(f"cannot write output: {exc.strerror or exc}") from None


def _write_all(
    results: Generator[Result, None, None], writer: Any, tally: Tally, progress: Any
) -> None:
    """Write every result (each guarded), then close the writer; closing ``results`` on the
    way out stops a worker pool at once."""
    with closing(results), progress:
        for result in results:
            _write_one(writer, result, tally)
            progress.advance(result)
        with _output_errors():
            writer.close()


def _write_one(writer: Any, result: Result, tally: Tally) -> None:
    """Write one record; a record the writer fails on is written as an error record."""
    with _output_errors():
        try:
            writer.write(result)
        except OSError:
            raise
        except Exception as exc:  # ours, on this document only
            error = f"cannot write its record: {type(exc).__name__}: {exc}"
            result = Result(result.id, result.text, (), result.text_derived, error)
            writer.write(result)
    tally.documents += 1
    tally.quotes += len(result.quotes)
    if result.error:
        tally.failed += 1
        err(one_line(f"{result.id}: warning: extraction failed: {result.error}"))


def _keep_partial(sink: Sink, writer: Any, tally: Tally) -> None:
    """After an interruption or an error of ours: close the output valid (a JSON array
    closed) and keep it as FILE.partial, saying so; the earlier FILE stays whole."""
    if tally.documents == 0:  # nothing worth keeping
        sink.discard()
        return
    if writer is not None:
        with suppress(Exception):
            writer.close()
    partial = sink.keep_partial()
    if partial is None:  # standard output, a device, a site: what was written is there
        return
    n = tally.documents
    done = f"{n:,} document{'s' if n != 1 else ''}"
    err(one_line(f"stopped: {done} written to {partial}; {sink.shown} left as it was"))


def _hint_stdin(inputs: list[str]) -> None:
    """Say so when waiting for a person to type (standard input is a terminal)."""
    if inputs and "-" not in inputs:
        return
    with suppress(AttributeError, OSError, ValueError):
        if sys.stdin is not None and sys.stdin.isatty():
            err(
                "reading standard input: type or paste the text, then Ctrl-D "
                "(or give files: quotes extract FILE...)"
            )


# --------------------------------------------------------------------------------------------
# Progress


class _NoProgress:
    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def advance(self, result: Result | None = None) -> None:
        pass


def _progress(opts: ExtractOptions, sink: Sink, tally: Tally) -> Any:
    """A progress bar on stderr when it is a terminal (or ``--progress``): with a total and an
    estimated time left when the number of documents is known (files, JSONL lines), else a
    spinner with the rate."""
    show = opts.progress if opts.progress is not None else _stderr_is_terminal()
    if not show:
        return _NoProgress()
    from .readers import count_documents

    total = count_documents(
        opts.inputs,
        glob=opts.glob,
        input_format=opts.input_format,  # type: ignore[arg-type]
        exclude=sink.own_paths(),
    )
    return _Bar(total, tally)


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (AttributeError, OSError, ValueError):
        return False


class _Bar:
    """rich's progress bar, advanced per document (and per skipped one, through the tally)."""

    def __init__(self, total: int | None, tally: Tally) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.tally = tally
        columns: list[Any] = [SpinnerColumn(), TextColumn("{task.description}")]
        if total is not None:
            columns += [BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()]
        columns.append(TimeElapsedColumn())
        console = Console(file=sys.stderr)
        self.bar = Progress(*columns, console=console, transient=True)
        self.task = self.bar.add_task("starting…", total=total)

    def __enter__(self) -> _Bar:
        self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(None, None, None)

    def advance(self, result: Result | None = None) -> None:
        t = self.tally
        elapsed = self.bar.tasks[0].elapsed or 1e-9
        self.bar.update(
            self.task,
            completed=t.documents + t.skipped,
            description=f"{t.quotes:,} quotes, {t.documents / elapsed:.1f} docs/s",
        )
