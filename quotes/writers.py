"""Writers: results out as a rich table, JSON, JSONL, CSV or HTML, streamed as they come.

JSONL and CSV write each document as soon as it is done (memory stays flat); JSON writes one
array, also incrementally. The table is for people: one table per document, long quotes wrap,
names and titles are never cut.
"""

from __future__ import annotations

import csv
import errno
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from typing import IO, TYPE_CHECKING, Any

from .columns import Want, fit, longest_line, squeezed
from .types import Cue, Quote, Result, Speaker

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

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


#: The quote column's width before the cue, then speaker and title, give way; and the
#: narrowest it may get (it wraps anywhere, names and titles must not be cut).
QUOTE_FLOOR, QUOTE_LEAST = 24, 12
#: Five columns only while the quote keeps this much room; narrower, speaker and title share
#: a column, and so do cue and kind.
WIDE_QUOTE = 30


@dataclass(frozen=True)
class _Row:
    """One quote as the table shows it (plain text, controls neutered; escaped when drawn)."""

    speaker: str
    mention: str | None  # the mention as written, when it says what the name does not ("he")
    title: str
    cue: str
    kind: str
    words: str

    @classmethod
    def of(cls, q: Quote) -> _Row:
        s = q.speaker
        name = cell_text(s.name or s.text) if s else "—"
        mention = None
        if s is not None and s.name and s.name.lower() not in s.text.lower():
            mention = f"({cell_text(s.text)})"
        title = cell_text(s.title or "") if s else ""
        cue = cell_text(q.cue.text) if q.cue else "—"
        return cls(name, mention, title, cue, q.kind, cell_text(q.content))


class TableWriter(Writer):
    """A rich table per document: speaker, title, cue, kind and the words quoted (the parts of
    an interrupted quote joined by " … "). Columns are sized so that speakers and titles
    keep their words whole: the quote gives way first, then the cue; in a narrow terminal
    speaker and title share a column, and cue and kind another."""

    def __init__(
        self, out: IO[str], *, width: int | None = None, console: Console | None = None
    ) -> None:
        super().__init__(out)
        from rich.console import Console

        # a console of one's own: to record the table (docs/make_screenshots.py saves an SVG)
        self.console = console or Console(file=out, width=width, soft_wrap=False)
        # rich exits with 1 on a closed pipe; the command line ends such a run quietly with 0
        self.console.on_broken_pipe = _closed_pipe  # type: ignore[method-assign]
        if console is None and width is None and not self.console.is_terminal:
            self.console.width = 120  # files and pipes: wide enough for five columns and a quote

    def write(self, result: Result) -> None:
        rows = [_Row.of(q) for q in result.quotes]
        n = len(rows)
        title = f"{cell_markup(result.id)} — {n} quote{'s' if n != 1 else ''}"
        width = self.console.width
        table = _wide_table(rows, width, title) or _compact_table(rows, width, title)
        self.console.print(table)
        self.count += 1


def _table(title: str, headers: Sequence[str], widths: Sequence[int] | None) -> Table:
    """An empty table with fixed column widths (or rich's own, with ``widths`` None)."""
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_lines=True, expand=widths is None)
    for k, header in enumerate(headers):
        # fold, not an ellipsis: a word wider than its column (only where nothing else fits)
        # goes on over the next line, and nothing is lost
        if widths is None:  # too narrow for whole words: rich shares what there is
            table.add_column(header, ratio=4 if k == len(headers) - 1 else 2, overflow="fold")
        else:
            table.add_column(header, width=widths[k], overflow="fold")
    return table


def _space(width: int, columns: int) -> int:
    """Cells left for text in a table ``width`` wide: one border more than columns, and a
    cell of padding on each side of each column."""
    return width - (columns + 1) - 2 * columns


def _quote_want(rows: Sequence[_Row]) -> Want:
    pref = max(longest_line(r.words for r in rows), QUOTE_LEAST)
    return Want(pref, min(pref, QUOTE_FLOOR), QUOTE_LEAST)


def _wide_table(rows: Sequence[_Row], width: int, title: str) -> Table | None:
    """Speaker | Title | Cue | Kind | Quote, or None when the quote would get too little."""
    cap = max(16, _space(width, 5) // 5)
    wants = [
        Want.of(["Speaker", *(r.speaker for r in rows), *(r.mention or "" for r in rows)], cap=cap),
        Want.of(["Title", *(r.title for r in rows)], cap=cap),
        Want.of(["Cue", *(r.cue for r in rows)], cap=14),
        Want.of(["Kind", *(r.kind for r in rows)], cap=8),
        _quote_want(rows),
    ]
    widths = fit(wants, _space(width, 5), grow=4, order=[[4], [2], [0, 1]])
    if widths is None or widths[4] < min(WIDE_QUOTE, wants[4].pref):
        return None
    table = _table(title, ("Speaker", "Title", "Cue", "Kind", "Quote"), widths)
    for r in rows:
        speaker = cell_markup(r.speaker) + (
            f"\n[dim]{cell_markup(r.mention)}[/dim]" if r.mention else ""
        )
        table.add_row(
            speaker,
            cell_markup(r.title),
            cell_markup(r.cue),
            cell_markup(r.kind),
            cell_markup(r.words),
        )
    return table


def _compact_table(rows: Sequence[_Row], width: int, title: str) -> Table:
    """Speaker and title | Cue and kind | Quote: for narrow terminals."""
    headers = ("Speaker, title", "Cue, kind", "Quote")
    who = [[r.speaker, r.title, r.mention or ""] for r in rows]
    wants = [
        Want.of([headers[0], *(t for w in who for t in w)], cap=max(18, _space(width, 3) // 3)),
        Want.of([headers[1], *(r.cue for r in rows), *(r.kind for r in rows)], cap=14),
        _quote_want(rows),
    ]
    space, order = _space(width, 3), [[2], [1], [0]]
    widths = fit(wants, space, grow=2, order=order)
    if widths is None:  # a word wider than a column can be (or a tiny terminal)
        widths = fit(squeezed(wants, space), space, grow=2, order=order)
    table = _table(title, headers, widths)
    for r in rows:
        speaker = cell_markup(r.speaker)
        if r.title:
            speaker += f"\n[italic]{cell_markup(r.title)}[/italic]"
        if r.mention:
            speaker += f"\n[dim]{cell_markup(r.mention)}[/dim]"
        table.add_row(
            speaker, f"{cell_markup(r.cue)}\n[dim]{cell_markup(r.kind)}[/dim]", cell_markup(r.words)
        )
    return table


# C0 and C1 control characters but tab and newline, bidirectional controls (U+202E would show
# what follows reversed) and lone surrogates: from the input, they would reach the terminal as
# escape sequences (ESC [2J clears the screen) or fail to encode; shown as U+FFFD instead.
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def cell_text(text: str) -> str:
    """Input text as the terminal may show it: controls neutered, line ends as newlines."""
    return _CONTROLS.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def cell_markup(text: str) -> str:
    """Text as a table cell: rich markup escaped ("[/x]" is no tag), controls neutered."""
    from rich.markup import escape

    return escape(cell_text(text))


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
