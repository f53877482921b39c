"""JSONL corpora: one JSON object per line, streamed line by line.

A malformed line is reported (with its 1-based line number) and skipped, never fatal: a run over a
million records must not die on one of them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from .decode import BLANK, bom, decode
from .documents import Document, Options, Problem, Report, os_reason
from .html import html_document, looks_like_html

__all__ = ["first_line_is_record", "iter_jsonl", "numbered_lines", "records"]


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


_DECODER = json.JSONDecoder(strict=False)  # tolerate raw tabs/newlines inside strings


def numbered_lines(lines: Iterable[bytes], name: str, report: Report) -> Iterator[tuple[int, str]]:
    """Decode JSONL lines one by one (UTF-8, replacement + a warning per bad line)."""
    it = iter(lines)
    first = next(it, None)
    if first is None:
        return
    encoding, skip = bom(first)
    if encoding != "utf-8":  # UTF-16/32 with BOM: rare; decode the whole file
        text, warning = decode(first + b"".join(it))
        if warning:
            report(Problem(name, None, warning, skipped=False))
        yield from enumerate(text.split("\n"), 1)
        return
    for number, raw in enumerate(chain([first[skip:]], it), 1):
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            warning = (
                f"invalid UTF-8 at byte {exc.start + 1} of the line: "
                "undecodable bytes replaced with U+FFFD"
            )
            report(Problem(name, number, warning, skipped=False))
            yield number, raw.decode("utf-8", "replace")


def records(lines: Iterable[tuple[int, str]], name: str, opts: Options) -> Iterator[Document]:
    """The documents of numbered JSONL lines; every line that is not one is reported."""
    report, text_field, id_field = opts.report, opts.text_field, opts.id_field
    for number, line in lines:
        if not line.strip():
            continue
        try:
            record = _DECODER.decode(line)
        except json.JSONDecodeError as exc:
            report(Problem(name, number, f"invalid JSON ({exc.msg} at column {exc.colno})", True))
            continue
        except RecursionError:
            report(Problem(name, number, "invalid JSON (nested too deeply)", True))
            continue
        if not isinstance(record, dict):
            reason = f"not a JSON object (found {_json_type(record)})"
            report(Problem(name, number, reason, True))
            continue
        if text_field not in record:
            report(Problem(name, number, f'no "{text_field}" field', True))
            continue
        text = record[text_field]
        if not isinstance(text, str):
            reason = f'"{text_field}" is not a string (found {_json_type(text)})'
            report(Problem(name, number, reason, True))
            continue
        raw_id = record.get(id_field)
        if raw_id is None:
            doc_id = f"{name}:{number}"
        elif isinstance(raw_id, str):
            doc_id = raw_id
        else:
            doc_id = json.dumps(raw_id, ensure_ascii=False)
        if looks_like_html(text):
            yield html_document(doc_id, name, text, number, report)
        else:
            yield Document(doc_id, text, name, number)


def iter_jsonl(
    source: str | os.PathLike[str] | BinaryIO | Iterable[bytes],
    *,
    name: str | None = None,
    text_field: str = "text",
    id_field: str = "id",
    report: Report,
) -> Iterator[Document]:
    """Stream the documents of a JSONL corpus, a path or a binary stream, line by line.

    One ``{id_field, text_field}`` object per line (other fields ignored, blank lines ignored).
    ``id`` is ``record[id_field]`` as a string, or ``<name>:<line>`` where it is missing or null.
    A malformed line is reported (with its 1-based line number) and skipped; an undecodable one is
    decoded with U+FFFD and a warning. ``name`` defaults to the path (``-`` for a stream). A text
    starting like an HTML page goes through :func:`html_to_text` (``html=True``).
    """
    opts = Options(text_field, id_field, "jsonl", report)
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
                yield from records(numbered_lines(stream, name, report), name, opts)
            except OSError as exc:
                report(Problem(name, None, os_reason(exc, path), True))
        return
    name = "-" if name is None else name
    yield from records(numbered_lines(source, name, report), name, opts)


def first_line_is_record(line: str, text_field: str) -> bool:
    """True if ``line`` is a JSON object with ``text_field``: the input is then a JSONL corpus."""
    line = line.lstrip(BLANK)
    if not line.startswith("{"):
        return False
    try:
        record = _DECODER.decode(line)
    except (ValueError, RecursionError):
        return False
    return isinstance(record, dict) and text_field in record
