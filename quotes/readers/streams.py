"""One input, open as a binary stream (a file or standard input), read as the kind it is.

The kind is ``jsonl``, ``html``, ``text`` (forced), ``auto`` (text or HTML by content) or
``sniff`` (also JSONL when the first non-blank line is a record: unknown extensions and standard
input). JSONL is streamed line by line; anything else is one document, read whole.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from itertools import chain
from typing import BinaryIO

from .decode import bom, decode, decode_html
from .documents import Document, Options, Problem
from .html import html_document, looks_like_html
from .jsonl import first_line_is_record, numbered_lines, records

__all__ = ["read_stream"]


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


def read_stream(stream: BinaryIO, name: str, kind: str, opts: Options) -> Iterator[Document]:
    """Read one input from an open binary stream; JSONL is streamed line by line."""
    if kind == "jsonl":
        yield from records(numbered_lines(stream, name, opts.report), name, opts)
        return
    head = b""
    if kind == "sniff":
        # Read up to the first non-blank line to decide whether this is a JSONL corpus.
        lines: list[bytes] = []
        while True:
            line = stream.readline()
            lines.append(line)
            if not line or bom(lines[0])[0] != "utf-8":
                break
            check = line[3:] if len(lines) == 1 and line.startswith(codecs.BOM_UTF8) else line
            if check.strip():
                if first_line_is_record(check.decode("utf-8", "replace"), opts.text_field):
                    lines_read = numbered_lines(chain(lines, stream), name, opts.report)
                    yield from records(lines_read, name, opts)
                    return
                break
        head = b"".join(lines)
    yield from _documents_from_bytes(head + stream.read(), name, kind, opts)
