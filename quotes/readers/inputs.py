"""Command-line inputs in, one lazy stream of documents out: standard input, files, directories."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, Literal

from ..errors import InputError
from .documents import Document, Options, Problem, Report, os_reason
from .files import read_file, walk
from .stdin import StdinState, read_stdin

__all__ = ["InputFormat", "read_inputs"]

InputFormat = Literal["auto", "text", "jsonl", "html"]
_FORMATS = ("auto", "text", "jsonl", "html")


def _read_all(
    inputs: list[str | os.PathLike[str]],
    glob: str | None,
    stdin: BinaryIO | None,
    opts: Options,
) -> Iterator[Document]:
    state = StdinState()
    for raw in inputs:
        name = os.fspath(raw)
        if name == "-":
            yield from read_stdin(stdin, opts, state)
            continue
        path = Path(raw)
        try:
            st = path.stat()
        except OSError as exc:
            opts.report(Problem(name, None, os_reason(exc, path), skipped=True))
            continue
        if stat.S_ISDIR(st.st_mode):
            for file_path, doc_id in walk(path, name, glob, opts.report):
                yield from read_file(file_path, doc_id, opts)
        else:
            yield from read_file(path, name, opts)


def read_inputs(
    inputs: Sequence[str | os.PathLike[str]],
    *,
    glob: str | None = None,
    text_field: str = "text",
    id_field: str = "id",
    input_format: InputFormat = "auto",
    stdin: BinaryIO | None = None,
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
    opts = Options(text_field, id_field, input_format, report)
    return _read_all(items, glob, stdin, opts)
