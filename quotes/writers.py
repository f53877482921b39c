"""Writers: results out as a rich table, JSON, JSONL, CSV or HTML, streamed as they come.

JSONL and CSV write each document as soon as it is done (memory stays flat); JSON writes one
array, also incrementally. The table is for people: one table per document, long quotes wrap.
"""

from __future__ import annotations

import csv
import errno
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import fields
from typing import IO, Any

from .types import Cue, Quote, Result, Speaker

FORMATS = ("table", "json", "jsonl", "csv", "html")

#: Columns of the flat, one-row-per-quote form (CSV and :func:`to_records`): the quote's own
#: fields, then the speaker's and the cue's, each prefixed ("speaker_name"; the mention's text
#: is the bare "speaker"), so a field added to the contract adds its column.
_QUOTE_COLUMNS = ("id", "quote", "start", "end", "kind", "rule", "parts")
_NESTED = (("speaker", Speaker), ("cue", Cue))
RECORD_FIELDS = _QUOTE_COLUMNS + tuple(
    key if f.name == "text" else f"{key}_{f.name}" for key, cls in _NESTED for f in fields(cls)
)


def quote_record(doc_id: str, q: Quote) -> dict[str, Any]:
    """One quote as a flat row (parts as JSON text, absent values as None)."""
    d = q.to_dict()
    row: dict[str, Any] = {"id": doc_id, "quote": d["text"]}
    row.update((k, d[k]) for k in _QUOTE_COLUMNS[2:])
    if d["parts"]:
        row["parts"] = json.dumps(d["parts"], ensure_ascii=False)
    for key, cls in _NESTED:
        nested = d[key] or {}
        for f in fields(cls):
            row[key if f.name == "text" else f"{key}_{f.name}"] = nested.get(f.name)
    return row


def to_records(results: Iterable[Result]) -> Iterator[dict[str, Any]]:
    """Flat rows, one per quote, ready for ``pandas.DataFrame(quotes.to_records(results))``."""
    for r in results:
        for q in r.quotes:
            yield quote_record(r.id, q)


class Writer:
    """Base writer: ``write(result)`` for each document, then ``close()``."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.count = 0

    def write(self, result: Result) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.out.flush()


# Line breaks to str.splitlines() that JSON leaves raw: escaped, so one record stays one line
# for every reader (the decoded strings are the same).
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})
# Lone surrogates (from a truncated JavaScript string) cannot be written as UTF-8; in JSON they
# are written escaped (\ud83d), which decodes to the same string: the output stays exact.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_surrogates(text: str) -> str:
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def to_json(result: Result, *, indent: int | None = None) -> str:
    """The JSON text of a document's record, safe to write as UTF-8 whatever its text."""
    text = json.dumps(result.to_dict(), ensure_ascii=False, indent=indent)
    return _escape_surrogates(text) if _SURROGATE.search(text) else text


class JsonlWriter(Writer):
    def write(self, result: Result) -> None:
        self.out.write(to_json(result).translate(_LINE_BREAKS) + "\n")
        self.count += 1


class JsonWriter(Writer):
    def write(self, result: Result) -> None:
        record = to_json(result, indent=2)  # first: a record that fails leaves no trace
        self.out.write(("[\n" if self.count == 0 else ",\n") + record)
        self.count += 1

    def close(self) -> None:
        self.out.write("[]\n" if self.count == 0 else "\n]\n")
        super().close()


# A cell a spreadsheet would run as a formula (CSV injection): OWASP's rule is a leading "'".
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell: text that starts like a formula gets a leading ``'`` (so ``=HYPERLINK(…)``
    in a quote stays text in Excel or LibreOffice); lone surrogates become U+FFFD (one
    character for one). Numbers and empty cells as they are."""
    if not isinstance(value, str):
        return value
    if value.startswith(_FORMULA_START):
        value = "'" + value
    return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value


class CsvWriter(Writer):
    """One row per quote (:data:`RECORD_FIELDS`); cells made safe by :func:`csv_cell`."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        # CRLF line ends (RFC 4180): a cell holding a CR is then quoted too (with LF alone
        # it was not, and a CR-only paragraph in a quote broke the row for every reader)
        self.csv = csv.DictWriter(out, fieldnames=RECORD_FIELDS, lineterminator="\r\n")
        self.csv.writeheader()

    def write(self, result: Result) -> None:
        rows = [  # all first: a document that fails leaves no half of its rows
            {k: csv_cell(v) for k, v in quote_record(result.id, q).items()} for q in result.quotes
        ]
        self.csv.writerows(rows)
        self.count += 1


class TableWriter(Writer):
    """A rich table per document: speaker, title, cue and quote; long quotes wrap."""

    def __init__(self, out: IO[str], *, width: int | None = None) -> None:
        super().__init__(out)
        from rich.console import Console

        self.console = Console(file=out, width=width, soft_wrap=False)
        # rich exits with 1 on a closed pipe; the command line ends such a run quietly with 0
        self.console.on_broken_pipe = _closed_pipe  # type: ignore[method-assign]
        if width is None and not self.console.is_terminal:
            self.console.width = 120  # files and pipes: wide enough for four columns and a quote

    def write(self, result: Result) -> None:
        from rich.table import Table

        n = len(result.quotes)
        table = Table(
            title=f"{_escape(result.id)} — {n} quote{'s' if n != 1 else ''}",
            title_justify="left",
            show_lines=True,
            expand=True,
        )
        table.add_column("Speaker", ratio=2, min_width=12)
        table.add_column("Title", ratio=2, min_width=10)
        table.add_column("Cue", no_wrap=True)
        table.add_column("Kind", no_wrap=True)
        table.add_column("Quote", ratio=6, min_width=20)
        for q in result.quotes:
            s = q.speaker
            speaker = "—"
            if s is not None:
                speaker = _escape(s.name or s.text)
                if s.name and s.name.lower() not in s.text.lower():
                    # the mention as written, when it says something the name does not ("he")
                    speaker += f"\n[dim]({_escape(s.text)})[/dim]"
            table.add_row(
                speaker,
                _escape(s.title or "") if s else "",
                _escape(q.cue.text) if q.cue else "—",
                q.kind,
                _escape(" … ".join(p.text for p in q.parts) if q.parts else q.text),
            )
        self.console.print(table)
        self.count += 1


# C0 and C1 control characters but tab and newline, bidirectional controls (U+202E would show
# what follows reversed) and lone surrogates: from the input, they would reach the terminal as
# escape sequences (ESC [2J clears the screen) or fail to encode; shown as U+FFFD instead.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escape(text: str) -> str:
    """Input text as a table cell: rich markup escaped ("[/x]" is no tag), controls neutered."""
    from rich.markup import escape

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return escape(_CONTROLS.sub("\ufffd", text))


def _closed_pipe() -> None:
    raise BrokenPipeError(errno.EPIPE, "Broken pipe")


def make_writer(fmt: str, out: IO[str]) -> Writer:
    """The writer for ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "jsonl":
        return JsonlWriter(out)
    if fmt == "json":
        return JsonWriter(out)
    if fmt == "csv":
        return CsvWriter(out)
    if fmt == "table":
        return TableWriter(out)
    if fmt == "html":  # quotes/html/site.py: one page, or a site for a directory or a corpus
        from .html import HtmlWriter

        return HtmlWriter(out)
    raise ValueError(f"unknown format {fmt!r} (expected one of: {', '.join(FORMATS)})")
