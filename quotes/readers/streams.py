"""One input, open as a binary stream (a file or standard input), read as the kind it is.

The kind is ``jsonl``, ``html``, ``text`` (forced), ``auto`` (text or HTML by content) or
``sniff`` (also JSONL when the first non-blank line is a record: unknown extensions and standard
input). JSONL is streamed line by line; anything else is one document, read whole, up to the
size limit (:attr:`Options.max_bytes`): a larger one, or a binary one, is skipped as soon as it
shows, without reading on.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from itertools import chain
from typing import BinaryIO

from .bounded import Skip, bounded_lines, fmt_size, read_whole
from .decode import bom, decode, decode_html
from .documents import Document, Options, Problem
from .html import html_document, looks_like_html
from .jsonl import first_line_is_record, jsonl_stream, numbered_lines, records

__all__ = ["read_stream", "skip_reason"]


def skip_reason(skip: Skip, limit: int) -> str:
    """Why a document that was not read whole is skipped."""
    if skip is Skip.BINARY:
        return "binary file (contains NUL bytes)"
    return f"larger than {fmt_size(limit)} (the size limit)"


def _documents_from_bytes(data: bytes, name: str, kind: str, opts: Options) -> Iterator[Document]:
    report = opts.report
    text, warning = decode_html(data) if kind == "html" else decode(data)
    if "\x00" in text:
        report(Problem(name, None, "binary file (contains NUL bytes)", skipped=True))
        return
    if kind == "sniff":
        first = next((line for line in text.split("\n") if line.strip(" \t\r\f\v\ufeff")), "")
        if first_line_is_record(first, opts.text_field):  # JSONL in UTF-16/32
            if warning:
                report(Problem(name, None, warning, skipped=False))
            yield from records(enumerate(text.split("\n"), 1), name, opts)
            return
    if kind in ("auto", "sniff") and looks_like_html(text):
        kind = "html"
        if warning:  # honour the charset the page declares
            text, warning = decode_html(data)
    if warning:
        report(Problem(name, None, warning, skipped=False))
    if kind == "html":
        yield html_document(name, name, text, None, report)
    else:
        yield Document(name, text, name)


def _sniff_head(stream: BinaryIO, opts: Options) -> tuple[list[bytes] | Skip, bool]:
    """Read up to the first non-blank line: (the lines read, whether they start a JSONL
    corpus); :class:`Skip` when that is already too long or binary."""
    lines: list[bytes] = []
    size = 0
    for line in bounded_lines(stream, opts.max_bytes):
        if isinstance(line, Skip):
            return line, False
        lines.append(line)
        size += len(line)
        if bom(lines[0])[0] != "utf-8":
            break
        if size > opts.max_bytes:  # an endless run of blank lines
            return Skip.TOO_LONG, False
        check = line[3:] if len(lines) == 1 and line.startswith(codecs.BOM_UTF8) else line
        if b"\x00" in check:
            return Skip.BINARY, False
        if check.strip():
            return lines, first_line_is_record(check.decode("utf-8", "replace"), opts.text_field)
    return lines, False


def read_stream(stream: BinaryIO, name: str, kind: str, opts: Options) -> Iterator[Document]:
    """Read one input from an open binary stream; JSONL is streamed line by line."""
    if kind == "jsonl":
        yield from jsonl_stream(stream, name, opts)
        return
    head: bytes | Skip = b""
    if kind == "sniff":
        sniffed, is_record = _sniff_head(stream, opts)
        if is_record and isinstance(sniffed, list):
            limit = opts.max_bytes
            lines = chain(sniffed, bounded_lines(stream, limit))
            yield from records(numbered_lines(lines, name, opts.report, limit), name, opts)
            return
        head = b"".join(sniffed) if isinstance(sniffed, list) else sniffed
    if isinstance(head, bytes):
        first = head or stream.read(4)  # enough to see a byte order mark
        head = read_whole(stream, first, opts.max_bytes, nul_stops=bom(first)[0] == "utf-8")
    if isinstance(head, Skip):
        opts.report(Problem(name, None, skip_reason(head, opts.max_bytes), skipped=True))
        return
    yield from _documents_from_bytes(head, name, kind, opts)
