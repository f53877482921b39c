"""Command-line inputs in, one lazy stream of documents out: standard input, files, directories."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, Literal

from ..errors import InputError
from .bounded import CHUNK
from .documents import DEFAULT_MAX_BYTES, Document, Options, Problem, Report, os_reason
from .files import Exclusions, file_kind, read_file, walk
from .stdin import StdinState, read_stdin

__all__ = ["InputFormat", "count_documents", "read_inputs"]

InputFormat = Literal["auto", "text", "jsonl", "html"]
_FORMATS = ("auto", "text", "jsonl", "html")


def _read_all(
    inputs: list[str | os.PathLike[str]],
    glob: str | None,
    stdin: BinaryIO | None,
    opts: Options,
    exclude: Exclusions,
) -> Iterator[Document]:
    state = StdinState()
    for raw in inputs:
        name = os.fspath(raw)
        try:
            yield from _read_one(name, glob, stdin, opts, exclude, state)
        except Exception as exc:  # an error of ours costs that input, never the run
            reason = f"cannot read ({type(exc).__name__}: {exc})"
            opts.report(Problem(name, None, reason, skipped=True))


def _read_one(
    name: str,
    glob: str | None,
    stdin: BinaryIO | None,
    opts: Options,
    exclude: Exclusions,
    state: StdinState,
) -> Iterator[Document]:
    if name == "-":
        yield from read_stdin(stdin, opts, state)
        return
    path = Path(name)
    try:
        st = path.stat()
    except OSError as exc:
        opts.report(Problem(name, None, os_reason(exc, path), skipped=True))
        return
    if not stat.S_ISDIR(st.st_mode):
        yield from read_file(path, name, opts)
        return
    for file_path, doc_id in walk(path, name, glob, opts.report, exclude):
        try:
            yield from read_file(file_path, doc_id, opts)
        except Exception as exc:  # that file only: the walk goes on
            reason = f"cannot read ({type(exc).__name__}: {exc})"
            opts.report(Problem(doc_id, None, reason, skipped=True))


def read_inputs(
    inputs: Sequence[str | os.PathLike[str]],
    *,
    glob: str | None = None,
    text_field: str = "text",
    id_field: str = "id",
    input_format: InputFormat = "auto",
    stdin: BinaryIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    exclude: Sequence[str | os.PathLike[str]] = (),
    report: Report,
) -> Iterator[Document]:
    """Turn command-line inputs into a lazy stream of documents, in the order given.

    - ``-`` (or no inputs at all) is standard input (``stdin``, default ``sys.stdin.buffer``),
      id ``-``; with ``input_format="auto"`` it is JSONL when its first non-blank line is a JSON
      object with ``text_field``, an HTML page when it starts like one, else plain text.
    - A file is read whatever its extension: ``.jsonl``/``.ndjson`` is a JSONL corpus (see
      :func:`iter_jsonl`), ``.html``/``.htm``/``.xhtml`` or a text starting like HTML a page whose
      article text is extracted; other files are plain text (and JSONL when their extension is
      unknown and their first line is a record). id: the path as given.
    - A directory is walked recursively in sorted order, hidden entries skipped, taking the files
      with :data:`DEFAULT_EXTENSIONS`, or those whose relative path or name matches ``glob``
      (fnmatch). id: the directory as given joined with the relative path.
    - ``input_format`` ``text``, ``jsonl`` or ``html`` forces how every input is read.
    - A document read whole (a text or HTML file) or a JSONL line longer than ``max_bytes`` is
      skipped without being read whole; so is a binary input, at its first NUL byte.
    - ``exclude``: paths a directory walk never takes (the run's own output files).

    Every problem (missing or unreadable path, binary file, malformed JSONL line, undecodable
    bytes...) goes to ``report`` as a :class:`Problem` and the stream goes on. Raises
    :class:`~quotes.errors.InputError` (at once, not lazily) for an unknown ``input_format``.
    """
    if input_format not in _FORMATS:
        raise InputError(
            f"unknown input format {input_format!r} (expected one of: {', '.join(_FORMATS)})"
        )
    items: list[str | os.PathLike[str]] = (
        [inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs) or ["-"]
    )
    if max_bytes < 1:
        raise InputError(f"the size limit must be at least 1 byte (got {max_bytes})")
    opts = Options(text_field, id_field, input_format, report, max_bytes)
    return _read_all(items, glob, stdin, opts, Exclusions(exclude))


def count_documents(
    inputs: Sequence[str | os.PathLike[str]],
    *,
    glob: str | None = None,
    input_format: InputFormat = "auto",
    exclude: Sequence[str | os.PathLike[str]] = (),
) -> int | None:
    """How many documents :func:`read_inputs` is about to give, for a progress bar: one per
    file, one per non-blank line of a JSONL file; None when that cannot be known in advance
    (standard input). Reads JSONL files once more (only their line ends); reports nothing."""
    total = 0
    excluded = Exclusions(exclude)
    for raw in list(inputs) or ["-"]:
        if os.fspath(raw) == "-":
            return None
        path = Path(raw)
        if path.is_dir():
            files = [p for p, _ in walk(path, str(raw), glob, lambda _: None, excluded)]
        else:
            files = [path]
        total += sum(_count_file(p, input_format) for p in files)
    return total


def _count_file(path: Path, input_format: str) -> int:
    """1, or the lines of a regular JSONL file (counted by chunks: no line is held whole)."""
    if file_kind(path, input_format) != "jsonl" or not path.is_file():
        return 1
    lines = 0
    last = b"\n"
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(CHUNK):
                lines += chunk.count(b"\n")
                last = chunk
    except OSError:
        return 1
    return lines + (not last.endswith(b"\n"))
