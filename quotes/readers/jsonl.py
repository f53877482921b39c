"""JSONL corpora: one JSON object per line, streamed line by line.

A malformed line is reported (with its 1-based line number) and skipped, never fatal: a run over a
million records must not die on one of them. Whatever a line holds (an integer of 5,000 digits,
nesting 100,000 deep, a line of 2 GB, records separated by CR alone), it costs that line at most.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from .bounded import Skip, bounded_lines, fmt_size
from .decode import BLANK, bom, decode
from .documents import DEFAULT_MAX_BYTES, Document, Options, Problem, Report, os_reason
from .html import html_document, looks_like_html

__all__ = [
    "LongNumber",
    "first_line_is_record",
    "id_text",
    "iter_jsonl",
    "numbered_lines",
    "parse_json",
    "records",
]


class LongNumber:
    """A JSON integer with more digits than ``int()`` converts (``sys.int_info``'s 4,300):
    kept as its digits instead of failing the line (or, before, the whole run)."""

    __slots__ = ("digits",)

    def __init__(self, digits: str) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"LongNumber({len(self.digits)} digits)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LongNumber) and other.digits == self.digits

    def __hash__(self) -> int:
        return hash(self.digits)


def _parse_int(digits: str) -> int | LongNumber:
    try:
        return int(digits)
    except ValueError:  # beyond sys.get_int_max_str_digits()
        return LongNumber(digits)


_DECODER = json.JSONDecoder(strict=False, parse_int=_parse_int)  # raw tabs/newlines in strings


def parse_json(line: str) -> object:
    """One JSON value; integers too long for ``int()`` become :class:`LongNumber`. Raises
    ``json.JSONDecodeError`` (a ValueError) or ``RecursionError`` (nested too deeply)."""
    return _DECODER.decode(line)


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float, LongNumber)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def id_text(value: object) -> str:
    """A document id as text, the same in the CLI and the API: a string as it is, a JSON value
    (number, list, object, boolean) as its JSON text (``7`` → ``"7"``, ``["a"]`` →
    ``'["a"]'``), any other object as ``str()``."""
    if isinstance(value, str):
        return value
    if isinstance(value, LongNumber):
        return value.digits
    if value is None or isinstance(value, (bool, int, float, list, tuple, dict)):
        try:
            return json.dumps(value, ensure_ascii=False, default=id_text)
        except (TypeError, ValueError):  # keys json cannot write, a list holding itself
            pass
    return str(value)


def numbered_lines(
    lines: Iterable[bytes | Skip], name: str, report: Report, limit: int = DEFAULT_MAX_BYTES
) -> Iterator[tuple[int, str]]:
    """Decode JSONL lines one by one (UTF-8, replacement + a warning per bad line); a line
    :func:`~quotes.readers.bounded.bounded_lines` did not read is reported here."""
    it = iter(lines)
    first = next(it, None)
    if first is None:
        return
    if isinstance(first, bytes):
        encoding, skip = bom(first)
        if encoding != "utf-8":  # UTF-16/32 with BOM: rare; decode the whole file
            yield from _whole_file_lines(first, it, name, report, limit)
            return
        first = first[skip:]
    for number, raw in enumerate(chain([first], it), 1):
        if isinstance(raw, Skip):
            if raw is Skip.BINARY:
                reason = "binary data (contains NUL bytes); the rest of the file skipped"
                report(Problem(name, number, reason, skipped=True))
                return
            report(Problem(name, number, f"line longer than {fmt_size(limit)}", skipped=True))
            continue
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            warning = (
                f"invalid UTF-8 at byte {exc.start + 1} of the line: "
                "undecodable bytes replaced with U+FFFD"
            )
            report(Problem(name, number, warning, skipped=False))
            yield number, raw.decode("utf-8", "replace")


def _whole_file_lines(
    first: bytes, rest: Iterator[bytes | Skip], name: str, report: Report, limit: int
) -> Iterator[tuple[int, str]]:
    """The lines of a UTF-16/32 JSONL file, decoded whole (within ``limit``)."""
    chunks = [first]
    size = len(first)
    for raw in rest:
        if isinstance(raw, Skip) or size > limit:
            report(Problem(name, None, f"larger than {fmt_size(limit)}", skipped=True))
            return
        chunks.append(raw)
        size += len(raw)
    text, warning = decode(b"".join(chunks))
    if warning:
        report(Problem(name, None, warning, skipped=False))
    yield from enumerate(text.split("\n"), 1)


def _cr_pieces(line: str) -> list[str]:
    """A line as the records it holds: itself, or when it is not JSON and holds carriage
    returns, its CR-separated pieces (a file with CR line ends, as old Mac tools write)."""
    body = line.rstrip("\n")
    body = body[:-1] if body.endswith("\r") else body
    if "\r" not in body:
        return [line]
    try:
        parse_json(line)  # a raw CR inside a string (strict=False allows it): one record
    except (ValueError, RecursionError):
        return body.split("\r")
    return [line]


def records(lines: Iterable[tuple[int, str]], name: str, opts: Options) -> Iterator[Document]:
    """The documents of numbered JSONL lines; every line that is not one is reported.

    No line can stop the stream: anything that goes wrong with one line (even an error of
    ours) is reported as that line's problem and the next line is read.
    """
    shift = 0  # records found inside CR-separated lines move later line numbers on
    for number, line in lines:
        if not line.strip():
            continue
        pieces = _cr_pieces(line)
        for k, piece in enumerate(pieces):
            at = number + shift + k
            try:
                doc = _document(at, piece, name, opts)
            except Exception as exc:  # a line never costs the others
                reason = f"cannot read ({type(exc).__name__}: {exc})"
                opts.report(Problem(name, at, reason, skipped=True))
                continue
            if doc is not None:
                yield doc
        shift += len(pieces) - 1


def _document(number: int, line: str, name: str, opts: Options) -> Document | None:
    """The document of one JSONL line, or None (reported) when it is not one."""
    report, text_field = opts.report, opts.text_field
    if not line.strip():
        return None
    try:
        record = parse_json(line)
    except json.JSONDecodeError as exc:
        report(Problem(name, number, f"invalid JSON ({exc.msg} at column {exc.colno})", True))
        return None
    except RecursionError:
        report(Problem(name, number, "invalid JSON (nested too deeply)", True))
        return None
    if not isinstance(record, dict):
        report(Problem(name, number, f"not a JSON object (found {_json_type(record)})", True))
        return None
    if text_field not in record:
        report(Problem(name, number, f'no "{text_field}" field', True))
        return None
    text = record[text_field]
    if not isinstance(text, str):
        reason = f'"{text_field}" is not a string (found {_json_type(text)})'
        report(Problem(name, number, reason, True))
        return None
    raw_id = record.get(opts.id_field)
    doc_id = f"{name}:{number}" if raw_id is None else id_text(raw_id)
    if looks_like_html(text):
        return html_document(doc_id, name, text, number, report)
    return Document(doc_id, text, name, number)


def iter_jsonl(
    source: str | os.PathLike[str] | BinaryIO | Iterable[bytes],
    *,
    name: str | None = None,
    text_field: str = "text",
    id_field: str = "id",
    max_bytes: int = DEFAULT_MAX_BYTES,
    report: Report,
) -> Iterator[Document]:
    """Stream the documents of a JSONL corpus, a path or a binary stream, line by line.

    One ``{id_field, text_field}`` object per line (other fields ignored, blank lines ignored).
    ``id`` is ``record[id_field]`` as a string (JSON text when it is not one), or
    ``<name>:<line>`` where it is missing or null. A malformed line is reported (with its 1-based
    line number) and skipped; an undecodable one is decoded with U+FFFD and a warning; a line
    longer than ``max_bytes`` is skipped unread. ``name`` defaults to the path (``-`` for a
    stream). A text starting like an HTML page goes through :func:`html_to_text` (``html=True``).
    """
    opts = Options(text_field, id_field, "jsonl", report, max_bytes)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = os.fspath(source) if name is None else name
        try:
            stream = path.open("rb")
        except OSError as exc:
            report(Problem(name, None, os_reason(exc, path), True))
            return
        with stream:
            try:
                yield from jsonl_stream(stream, name, opts)
            except OSError as exc:
                report(Problem(name, None, os_reason(exc, path), True))
        return
    yield from jsonl_stream(source, "-" if name is None else name, opts)


def jsonl_stream(
    source: BinaryIO | Iterable[bytes], name: str, opts: Options
) -> Iterator[Document]:
    """The documents of an open JSONL stream (or its lines), each line within the size limit."""
    lines = bounded_lines(source, opts.max_bytes)
    yield from records(numbered_lines(lines, name, opts.report, opts.max_bytes), name, opts)


def first_line_is_record(line: str, text_field: str) -> bool:
    """True if ``line`` is a JSON object with ``text_field``: the input is then a JSONL corpus
    (also when the line is the first of several separated by CR alone)."""
    line = line.lstrip(BLANK)
    if not line.startswith("{"):
        return False
    for candidate in (line, line.split("\r", 1)[0]):
        try:
            record = parse_json(candidate)
        except (ValueError, RecursionError):
            continue
        return isinstance(record, dict) and text_field in record
    return False
