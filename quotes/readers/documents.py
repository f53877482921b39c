"""What the input layer hands out: documents, problems, and the options every reader shares."""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import one_line

__all__ = ["DEFAULT_MAX_BYTES", "Document", "Options", "Problem", "Report", "os_reason"]

#: The largest document (a file read whole) or JSONL line read, in bytes: anything longer is
#: reported and skipped without being read whole (``/dev/zero`` as input ends at once).
DEFAULT_MAX_BYTES = 50_000_000


@dataclass(frozen=True, slots=True)
class Document:
    """One document to analyse.

    ``text`` is the text all offsets refer to: the decoded input, or for an HTML page the article
    text extracted from it (``html=True``: the writer then includes ``text`` in the output record).
    ``source`` is the file it came from (``-`` for standard input) and ``line`` its 1-based line
    number for JSONL input.
    """

    id: str
    text: str
    source: str
    line: int | None = None
    html: bool = False


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with the input, reported without stopping the stream.

    ``skipped`` is True when a document (or a whole file) was lost, False for a warning (the
    document was kept, e.g. with undecodable bytes replaced by U+FFFD).
    """

    source: str
    line: int | None
    reason: str
    skipped: bool

    def __str__(self) -> str:
        # one line whatever the path holds (a newline, ESC [2J, U+202E)
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return one_line(f"{where}: {'skipped' if self.skipped else 'warning'}: {self.reason}")


Report = Callable[[Problem], None]


@dataclass(frozen=True, slots=True)
class Options:
    """The reading options of one run, passed down to every reader."""

    text_field: str
    id_field: str
    input_format: str
    report: Report
    #: documents and JSONL lines longer than this (bytes) are skipped unread
    max_bytes: int = DEFAULT_MAX_BYTES


def os_reason(exc: OSError, path: Path | None = None) -> str:
    """A :class:`Problem` reason for an error of the operating system (reading ``path``)."""
    if isinstance(exc, FileNotFoundError):
        if path is not None and path.is_symlink():
            return "broken symbolic link"
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, NotADirectoryError):
        return "not a directory"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    detail = exc.strerror or str(exc) or type(exc).__name__
    return f"cannot read ({detail})"
