"""Standard input (``-``): read once per run, its kind found from its content."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import BinaryIO

from .documents import Document, Options, Problem, os_reason
from .streams import read_stream

__all__ = ["StdinState", "read_stdin"]


class StdinState:
    """Whether standard input was read already in this run (a second ``-`` gets nothing)."""

    __slots__ = ("used",)

    def __init__(self) -> None:
        self.used = False


def read_stdin(stdin: BinaryIO | None, opts: Options, state: StdinState) -> Iterator[Document]:
    """The documents of standard input (``stdin``, default ``sys.stdin.buffer``), id ``-``."""
    if state.used:
        opts.report(Problem("-", None, "standard input already read", skipped=True))
        return
    state.used = True
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:
        opts.report(Problem("-", None, "no standard input", skipped=True))
        return
    kind = "sniff" if opts.input_format == "auto" else opts.input_format
    try:
        yield from read_stream(stream, "-", kind, opts)
    except (OSError, ValueError) as exc:  # ValueError: a closed stream
        reason = os_reason(exc) if isinstance(exc, OSError) else f"cannot read ({exc})"
        opts.report(Problem("-", None, reason, skipped=True))
