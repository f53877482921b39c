"""Reading with a size limit: no document or line is held beyond ``max_bytes``.

Endless or enormous inputs (``/dev/zero``, a 2 GB line) are reported and skipped without being
read whole: a NUL byte in the first bytes ends the reading at once (binary data, which also has
no line ends to find), an over-long line is read on and dropped chunk by chunk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from typing import BinaryIO

__all__ = ["CHUNK", "Skip", "bounded_lines", "fmt_size", "parse_size", "read_whole"]

#: Bytes read at a time where a line or a document is read on without being kept.
CHUNK = 1 << 20


class Skip(Enum):
    """What stands in for a line or a document that is not read whole."""

    TOO_LONG = "too long"
    BINARY = "binary"


def bounded_lines(lines: BinaryIO | Iterable[bytes], limit: int) -> Iterator[bytes | Skip]:
    """The lines of a binary stream (``readline``), none held beyond ``limit`` bytes (its line
    end aside): a longer line is :attr:`Skip.TOO_LONG`, or :attr:`Skip.BINARY` when its first
    ``limit`` bytes hold a NUL, after which the stream is left alone."""
    readline = getattr(lines, "readline", None)
    if readline is None:  # lines already in memory: only the check
        for line in lines:
            yield line if len(line.rstrip(b"\n")) <= limit else Skip.TOO_LONG
        return
    while True:
        line = readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        if b"\x00" in line:
            yield Skip.BINARY
            return
        # the rest of the line is dropped as it comes, unless it holds CRs: a file with CR
        # line ends (old Mac tools), whose lines are its CR pieces however large it is
        if b"\r" in line:
            yield from _cr_lines(line, readline, limit, dropping=False)
        else:
            yield from _cr_lines(b"", readline, limit, dropping=True)


def _cr_lines(
    buf: bytes, readline: Callable[[int], bytes], limit: int, *, dropping: bool
) -> Iterator[bytes | Skip]:
    """The CR-ended pieces of an over-long line, up to its LF (or the end), each within
    ``limit`` (:attr:`Skip.TOO_LONG` for one that is not); ``dropping``: the line read so far
    is one such piece, already dropped. Holds at most ``limit`` + :data:`CHUNK` bytes."""
    while True:
        *done, buf = buf.split(b"\r")
        for piece in done:
            yield Skip.TOO_LONG if dropping or len(piece) > limit else piece + b"\r"
            dropping = False
        if buf == b"\n" and done:  # a CRLF line end: that piece was the line
            return
        if buf.endswith(b"\n"):
            yield Skip.TOO_LONG if dropping or len(buf) > limit + 1 else buf
            return
        if len(buf) > limit:
            dropping, buf = True, b""
        more = readline(CHUNK)
        if not more:
            if dropping or buf:
                yield Skip.TOO_LONG if dropping else buf
            return
        buf += more


def read_whole(stream: BinaryIO, head: bytes, limit: int, *, nul_stops: bool) -> bytes | Skip:
    """``head`` and the rest of ``stream``, or :attr:`Skip.TOO_LONG` once more than ``limit``
    bytes came (the rest is not read); with ``nul_stops``, :attr:`Skip.BINARY` at the first
    chunk holding a NUL byte (UTF-8 text never does)."""
    if nul_stops and b"\x00" in head:
        return Skip.BINARY
    chunks = [head]
    size = len(head)
    while size <= limit:
        chunk = stream.read(min(CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        if nul_stops and b"\x00" in chunk:
            return Skip.BINARY
        chunks.append(chunk)
        size += len(chunk)
    return Skip.TOO_LONG


_UNITS = {
    "": 1,
    "b": 1,
    "k": 10**3,
    "kb": 10**3,
    "m": 10**6,
    "mb": 10**6,
    "g": 10**9,
    "gb": 10**9,
    "kib": 2**10,
    "mib": 2**20,
    "gib": 2**30,
}


def parse_size(text: str) -> int:
    """``"50MB"``, ``"1.5 GB"``, ``"512KiB"`` or ``"1000"`` (bytes) as a number of bytes
    (``MB`` = 10⁶, ``MiB`` = 2²⁰); raises ValueError for anything else or below 1 byte."""
    raw = text.strip().lower().replace(" ", "").replace("_", "")
    number = raw.rstrip("kmgib")
    unit = raw[len(number) :]
    try:
        size = int(float(number) * _UNITS[unit])
    except (KeyError, ValueError, OverflowError):
        raise ValueError(f"not a size: {text!r} (e.g. 50MB, 1GB, 512KiB)") from None
    if size < 1:
        raise ValueError(f"a size must be at least 1 byte: {text!r}")
    return size


def fmt_size(size: int) -> str:
    """A number of bytes as people write it: ``50 MB``, ``1.5 GB``, ``512 bytes``."""
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= factor:
            return f"{size / factor:.4g} {unit}"
    return f"{size} byte{'s' if size != 1 else ''}"
