"""HTML pages: telling a page from plain text, and extracting its article text.

trafilatura does the extraction; it is imported on first use only (plain-text runs never pay for
it), and a standard-library parser takes over when it finds nothing or cannot be imported.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

from .decode import BLANK
from .documents import Document, Problem, Report

__all__ = ["html_document", "html_to_text", "looks_like_html"]

logger = logging.getLogger(__name__)


def _skip_space_and_comments(head: str) -> str:
    while True:
        head = head.lstrip(BLANK)
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
    """Standard-library fallback: the page's visible text, one line per block.

    Linear in the page: the open skipped elements are a stack with a count per tag, so that a
    closing tag or a ``<body>`` costs the same however deep the page (before, each rescanned
    the stack: a 440 kB page took 16 s).
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.skipping: list[str] = []
        self.open: dict[str, int] = {}  # how many of each tag ``skipping`` holds
        self.first_head: int | None = None  # where the lowest open <head> is in ``skipping``

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" and self.first_head is not None:
            # an unclosed <head> ends here, with whatever opened inside it
            self._pop_to(self.first_head)
        if tag in _SKIPPED_TAGS:
            if tag == "head" and self.first_head is None:
                self.first_head = len(self.skipping)
            self.skipping.append(tag)
            self.open[tag] = self.open.get(tag, 0) + 1
        elif tag in _BLOCK_TAGS:
            self.pieces.append("\n")

    def _pop_to(self, depth: int) -> None:
        """Close the skipped elements from ``depth`` up (each was pushed once: linear)."""
        for top in self.skipping[depth:]:
            self.open[top] -= 1
        del self.skipping[depth:]
        if self.first_head is not None and self.first_head >= depth:
            self.first_head = None

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.pieces.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.open.get(tag):
            depth = len(self.skipping) - 1
            while self.skipping[depth] != tag:  # each tag is pushed once, popped once
                depth -= 1
            self._pop_to(depth)
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


def html_document(
    doc_id: str, source: str, html: str, line: int | None, report: Report
) -> Document:
    """The document of an HTML page: its article text (a warning when there is none)."""
    text = html_to_text(html)
    if not text.strip():
        report(Problem(source, line, "no text found in the HTML page", skipped=False))
    return Document(doc_id, text, source, line, html=True)
