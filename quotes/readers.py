"""The input layer: command-line inputs in, a lazy stream of documents out.

``read_inputs`` turns paths (files, directories, ``-`` for standard input) into
:class:`Document` objects, one at a time, and reports every problem it meets as a
:class:`Problem` through a callback instead of stopping: a run over a million articles must not
die on one bad file or one bad JSONL line.

Text is never normalised: a document's ``text`` is exactly the decoded input (newlines and all),
so that character offsets computed on it refer to the input. For HTML pages ``text`` is the
article text extracted from the page (``html=True``).
"""

from __future__ import annotations

import codecs
import errno
import json
import logging
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from html.parser import HTMLParser
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO, Literal

from quotes.errors import InputError

__all__ = [
    "DEFAULT_EXTENSIONS",
    "Document",
    "InputFormat",
    "Problem",
    "decode_bytes",
    "html_to_text",
    "is_binary",
    "iter_jsonl",
    "looks_like_html",
    "read_inputs",
]

logger = logging.getLogger(__name__)

InputFormat = Literal["auto", "text", "jsonl", "html"]
_FORMATS = ("auto", "text", "jsonl", "html")

JSONL_EXTENSIONS = frozenset({".jsonl", ".ndjson"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
TEXT_EXTENSIONS = frozenset({".txt", ".text", ".md"})
#: The files a directory walk takes when no ``glob`` is given.
DEFAULT_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | JSONL_EXTENSIONS


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
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {'skipped' if self.skipped else 'warning'}: {self.reason}"


Report = Callable[[Problem], None]


@dataclass(frozen=True, slots=True)
class _Options:
    text_field: str
    id_field: str
    input_format: str
    report: Report


# --------------------------------------------------------------------------------------------
# Decoding


_BOMS = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-16-le": "UTF-16LE",
    "utf-16-be": "UTF-16BE",
    "utf-32-le": "UTF-32LE",
    "utf-32-be": "UTF-32BE",
}


def _bom(data: bytes) -> tuple[str, int]:
    """The encoding announced by a byte order mark, and the mark's length (UTF-8, 0 without)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return "utf-8", 0


def _decode(data: bytes) -> tuple[str, str | None]:
    """Decode ``data`` BOM-aware (default UTF-8); return the text and a warning or None."""
    encoding, skip = _bom(data)
    body = memoryview(data)[skip:]
    if encoding.startswith("utf-32"):
        try:
            return str(body, encoding), None
        except UnicodeDecodeError:
            # FF FE 00 00 may also be a UTF-16LE BOM followed by U+0000.
            if encoding == "utf-32-le":
                try:
                    return str(memoryview(data)[2:], "utf-16-le"), None
                except UnicodeDecodeError:
                    pass
    try:
        return str(body, encoding), None
    except UnicodeDecodeError as exc:
        name = _ENCODING_NAMES.get(encoding, encoding)
        warning = (
            f"invalid {name} at byte {exc.start + skip}: undecodable bytes replaced with U+FFFD"
        )
        return str(body, encoding, "replace"), warning


def decode_bytes(data: bytes) -> tuple[str, bool]:
    """Decode a file's bytes: UTF-8 by default, a UTF-8 BOM dropped, UTF-16/32 with BOM recognised.

    Returns ``(text, had_replacements)``: undecodable bytes become U+FFFD. Nothing else is changed
    (newlines are kept as they are).
    """
    text, warning = _decode(data)
    return text, warning is not None


def is_binary(data: bytes) -> bool:
    """True if ``data`` is not text: it contains NUL characters once decoded (BOM-aware)."""
    encoding, _ = _bom(data)
    if encoding == "utf-8":
        return b"\x00" in data
    return "\x00" in _decode(data)[0]


_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.IGNORECASE | re.DOTALL
)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9_.:-]+)""", re.IGNORECASE)
# What browsers do (WHATWG Encoding Standard): these labels mean windows-1252.
_LATIN1_ALIASES = frozenset({"latin-1", "iso8859-1", "ascii"})


def _decode_html(data: bytes) -> tuple[str, str | None]:
    """Decode an HTML page: BOM, else UTF-8, else the charset the page declares, else UTF-8
    with replacement. Offsets refer to the extracted text, so honouring a declared legacy charset
    is safe here (and it is what a browser would show)."""
    if _bom(data)[1] == 0:
        try:
            return data.decode("utf-8"), None
        except UnicodeDecodeError:
            pass
        head = data[:4096]
        match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
        if match:
            try:
                codec = codecs.lookup(match.group(1).decode("ascii")).name
            except LookupError:
                codec = "utf-8"
            if codec in _LATIN1_ALIASES:
                codec = "cp1252"
            if not codec.startswith("utf"):
                try:
                    return data.decode(codec), None
                except UnicodeDecodeError as exc:
                    warning = (
                        f"invalid {codec} at byte {exc.start}: "
                        "undecodable bytes replaced with U+FFFD"
                    )
                    return data.decode(codec, "replace"), warning
    return _decode(data)


# --------------------------------------------------------------------------------------------
# HTML


_WS = " \t\r\n\f\v\ufeff"


def _skip_space_and_comments(head: str) -> str:
    while True:
        head = head.lstrip(_WS)
        if not head.startswith("<!--"):
            return head
        end = head.find("-->")
        if end < 0:
            return ""
        head = head[end + 3 :]


def _starts_with_tag(head: str, tag: str) -> bool:
    n = len(tag) + 1
    return head.startswith("<" + tag) and (len(head) == n or head[n] in " \t\r\n\f/>")


def looks_like_html(text: str) -> bool:
    """True if ``text`` starts like an HTML page.

    After an optional BOM, whitespace and comments: ``<!doctype html``, ``<html``, ``<head``,
    ``<body``, or an XML prolog followed by ``<html`` (or an HTML doctype). Stray tags inside a
    plain text do not count.
    """
    head = _skip_space_and_comments(text[:4096].lower())
    if head.startswith("<?xml"):
        end = head.find("?>")
        if end < 0:
            return False
        head = _skip_space_and_comments(head[end + 2 :])
        if not head.startswith("<!doctype"):
            return _starts_with_tag(head, "html")
    if head.startswith("<!doctype"):
        return re.match(r"<!doctype\s+html[\s>]", head) is not None
    return any(_starts_with_tag(head, tag) for tag in ("html", "head", "body"))


_trafilatura: tuple[Callable[..., str | None], Any] | None = None
_trafilatura_failed = False


def _load_trafilatura() -> tuple[Callable[..., str | None], Any] | None:
    """Import trafilatura on first use (plain-text runs never pay for it)."""
    global _trafilatura, _trafilatura_failed
    if _trafilatura is None and not _trafilatura_failed:
        try:
            from trafilatura import extract
            from trafilatura.settings import use_config

            config = use_config()  # a fresh copy of the packaged settings
            # No timeout signal (only the trafilatura CLI uses it; set it off all the same).
            config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
            _trafilatura = (extract, config)
        except Exception as exc:  # ImportError, or a broken install of one of its dependencies
            _trafilatura_failed = True
            logger.warning(
                "trafilatura cannot be imported (%s): HTML pages fall back to a plain "
                "text extraction",
                exc,
            )
    return _trafilatura


_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl"),
        *("dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("header", "hr", "li", "main", "ol", "p", "pre", "section", "table", "td", "th"),
        *("tr", "ul"),
    }
)
_SKIPPED_TAGS = frozenset(
    {
        *("script", "style", "noscript", "template", "svg", "math", "head", "nav", "iframe"),
        *("object", "canvas", "select", "button"),
    }
)


_SPACES = re.compile(r"\s+")


class _TextExtractor(HTMLParser):
    """Standard-library fallback: the page's visible text, one line per block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.skipping = [t for t in self.skipping if t != "head"]  # an unclosed <head>
        if tag in _SKIPPED_TAGS:
            self.skipping.append(tag)
        elif tag in _BLOCK_TAGS:
            self.pieces.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.pieces.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skipping:
            while self.skipping.pop() != tag:
                pass
        elif tag in _BLOCK_TAGS:
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:  # line breaks in the markup are mere spaces
            self.pieces.append(_SPACES.sub(" ", data))


def _html_to_text_stdlib(html: str) -> str:
    parser = _TextExtractor()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # malformed markup: keep what was read
        logger.debug("html.parser failed", exc_info=True)
    lines = (" ".join(line.split()) for line in "".join(parser.pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def html_to_text(html: str) -> str:
    """The article text of an HTML page, paragraphs separated by ``"\\n"``.

    Uses ``trafilatura.extract`` on the string (never a download: no network access), precision
    over recall, without comments and tables. When trafilatura finds nothing, falls back to the
    page's visible text (scripts, styles, navigation dropped). May return ``""``.
    """
    loaded = _load_trafilatura()
    if loaded is not None:
        extract, config = loaded
        try:
            text = extract(
                html,
                output_format="txt",
                include_comments=False,
                include_tables=False,
                include_images=False,
                include_links=False,
                include_formatting=False,
                favor_precision=True,
                deduplicate=False,  # a shared cache would make the output depend on the order
                with_metadata=False,
                config=config,
            )
        except Exception:
            logger.debug("trafilatura failed", exc_info=True)
            text = None
        if text and text.strip():
            return text
    return _html_to_text_stdlib(html)


def _html_document(
    doc_id: str, source: str, html: str, line: int | None, report: Report
) -> Document:
    text = html_to_text(html)
    if not text.strip():
        report(Problem(source, line, "no text found in the HTML page", skipped=False))
    return Document(doc_id, text, source, line, html=True)


# --------------------------------------------------------------------------------------------
# JSONL


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


def _numbered_lines(lines: Iterable[bytes], name: str, report: Report) -> Iterator[tuple[int, str]]:
    """Decode JSONL lines one by one (UTF-8, replacement + a warning per bad line)."""
    it = iter(lines)
    first = next(it, None)
    if first is None:
        return
    encoding, skip = _bom(first)
    if encoding != "utf-8":  # UTF-16/32 with BOM: rare; decode the whole file
        text, warning = _decode(first + b"".join(it))
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


def _records(lines: Iterable[tuple[int, str]], name: str, opts: _Options) -> Iterator[Document]:
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
            yield _html_document(doc_id, name, text, number, report)
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
    opts = _Options(text_field, id_field, "jsonl", report)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = os.fspath(source) if name is None else name
        try:
            stream = path.open("rb")
        except OSError as exc:
            report(Problem(name, None, _os_reason(exc, path), True))
            return
        with stream:
            try:
                yield from _records(_numbered_lines(stream, name, report), name, opts)
            except OSError as exc:
                report(Problem(name, None, _os_reason(exc, path), True))
        return
    name = "-" if name is None else name
    yield from _records(_numbered_lines(source, name, report), name, opts)


def _first_line_is_record(line: str, text_field: str) -> bool:
    line = line.lstrip(_WS)
    if not line.startswith("{"):
        return False
    try:
        record = _DECODER.decode(line)
    except (ValueError, RecursionError):
        return False
    return isinstance(record, dict) and text_field in record


# --------------------------------------------------------------------------------------------
# Files, streams, directories


def _os_reason(exc: OSError, path: Path | None = None) -> str:
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


def _file_kind(path: Path, input_format: str) -> str:
    """``jsonl``, ``html``, ``text`` (forced), ``auto`` (text or HTML by content) or ``sniff``
    (also JSONL when the first line is a record: unknown extensions and standard input)."""
    if input_format != "auto":
        return input_format
    suffix = path.suffix.lower()
    if suffix in JSONL_EXTENSIONS:
        return "jsonl"
    if suffix in HTML_EXTENSIONS:
        return "html"
    if suffix in TEXT_EXTENSIONS:
        return "auto"
    return "sniff"


def _documents_from_bytes(data: bytes, name: str, kind: str, opts: _Options) -> Iterator[Document]:
    report = opts.report
    text, warning = _decode_html(data) if kind == "html" else _decode(data)
    if "\x00" in text:
        report(Problem(name, None, "binary file (contains NUL bytes)", skipped=True))
        return
    if kind == "sniff":
        first = next((line for line in text.split("\n") if line.strip(" \t\r\f\v\ufeff")), "")
        if _first_line_is_record(first, opts.text_field):  # JSONL in UTF-16/32
            if warning:
                report(Problem(name, None, warning, skipped=False))
            yield from _records(enumerate(text.split("\n"), 1), name, opts)
            return
    if kind in ("auto", "sniff") and looks_like_html(text):
        kind = "html"
        if warning:  # honour the charset the page declares
            text, warning = _decode_html(data)
    if warning:
        report(Problem(name, None, warning, skipped=False))
    if kind == "html":
        yield _html_document(name, name, text, None, report)
    else:
        yield Document(name, text, name)


def _read_stream(stream: BinaryIO, name: str, kind: str, opts: _Options) -> Iterator[Document]:
    """Read one input from an open binary stream; JSONL is streamed line by line."""
    if kind == "jsonl":
        yield from _records(_numbered_lines(stream, name, opts.report), name, opts)
        return
    head = b""
    if kind == "sniff":
        # Read up to the first non-blank line to decide whether this is a JSONL corpus.
        lines: list[bytes] = []
        while True:
            line = stream.readline()
            lines.append(line)
            if not line or _bom(lines[0])[0] != "utf-8":
                break
            check = line[3:] if len(lines) == 1 and line.startswith(codecs.BOM_UTF8) else line
            if check.strip():
                if _first_line_is_record(check.decode("utf-8", "replace"), opts.text_field):
                    records = _numbered_lines(chain(lines, stream), name, opts.report)
                    yield from _records(records, name, opts)
                    return
                break
        head = b"".join(lines)
    yield from _documents_from_bytes(head + stream.read(), name, kind, opts)


def _read_file(path: Path, name: str, opts: _Options) -> Iterator[Document]:
    kind = _file_kind(path, opts.input_format)
    try:
        stream = path.open("rb")
    except OSError as exc:
        opts.report(Problem(name, None, _os_reason(exc, path), skipped=True))
        return
    with stream:
        try:
            yield from _read_stream(stream, name, kind, opts)
        except OSError as exc:
            opts.report(Problem(name, None, _os_reason(exc, path), skipped=True))


def _selected(rel: str, filename: str, glob: str | None) -> bool:
    if glob is None:
        return os.path.splitext(filename)[1].lower() in DEFAULT_EXTENSIONS
    return fnmatch(rel, glob) or fnmatch(filename, glob)


def _walk(root: Path, name: str, glob: str | None, report: Report) -> Iterator[tuple[Path, str]]:
    """The files a directory walk takes, as (path, id), in sorted order (depth first).

    Hidden entries are skipped. Symbolic links to files are read; symbolic links to directories
    are not followed (as ``os.walk`` does: a link to ``/`` or to a parent cannot run away or loop;
    give such a directory explicitly to read it).
    """

    def entries(directory: Path, rel: str) -> Iterator[tuple[os.DirEntry[str], str]]:
        try:
            with os.scandir(directory) as it:
                found = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
        except OSError as exc:
            where = os.path.join(name, rel) if rel else name
            report(Problem(where, None, _os_reason(exc), skipped=True))
            return iter(())
        return ((e, os.path.join(rel, e.name) if rel else e.name) for e in found)

    visited: set[tuple[int, int]] = set()
    try:
        st = root.stat()
        visited.add((st.st_dev, st.st_ino))
    except OSError:  # pragma: no cover - the caller has just stat-ed it
        pass
    selected = 0
    stack = [entries(root, "")]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
            continue
        entry, rel = item
        path = Path(entry.path)
        try:
            st = os.stat(entry.path)
        except OSError as exc:
            if _selected(rel.replace(os.sep, "/"), entry.name, glob):
                selected += 1
                reason = _os_reason(exc, path)
                report(Problem(os.path.join(name, rel), None, reason, skipped=True))
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key not in visited and not entry.is_symlink():
                visited.add(key)  # bind mounts can loop too
                stack.append(entries(path, rel))
            continue
        if not _selected(rel.replace(os.sep, "/"), entry.name, glob):
            continue
        selected += 1
        doc_id = os.path.join(name, rel)
        if stat.S_ISREG(st.st_mode):
            yield path, doc_id
        else:
            report(Problem(doc_id, None, "not a regular file", skipped=True))
    if not selected:
        if glob is None:
            wanted = "with extension " + ", ".join(sorted(DEFAULT_EXTENSIONS))
        else:
            wanted = f"matching {glob!r}"
        report(Problem(name, None, f"no input files {wanted} in this directory", skipped=False))


class _StdinState:
    __slots__ = ("used",)

    def __init__(self) -> None:
        self.used = False


def _read_stdin(stdin: BinaryIO | None, opts: _Options, state: _StdinState) -> Iterator[Document]:
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
        yield from _read_stream(stream, "-", kind, opts)
    except (OSError, ValueError) as exc:  # ValueError: a closed stream
        reason = _os_reason(exc) if isinstance(exc, OSError) else f"cannot read ({exc})"
        opts.report(Problem("-", None, reason, skipped=True))


def _read_all(
    inputs: list[str | os.PathLike[str]],
    glob: str | None,
    stdin: BinaryIO | None,
    opts: _Options,
) -> Iterator[Document]:
    state = _StdinState()
    for raw in inputs:
        name = os.fspath(raw)
        if name == "-":
            yield from _read_stdin(stdin, opts, state)
            continue
        path = Path(raw)
        try:
            st = path.stat()
        except OSError as exc:
            opts.report(Problem(name, None, _os_reason(exc, path), skipped=True))
            continue
        if stat.S_ISDIR(st.st_mode):
            for file_path, doc_id in _walk(path, name, glob, opts.report):
                yield from _read_file(file_path, doc_id, opts)
        else:
            yield from _read_file(path, name, opts)


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
    single = isinstance(inputs, (str, os.PathLike))
    items: list[str | os.PathLike[str]] = [inputs] if single else list(inputs) or ["-"]
    opts = _Options(text_field, id_field, input_format, report)
    return _read_all(items, glob, stdin, opts)
