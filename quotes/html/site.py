"""A corpus as a site: ``index.html`` with the counts and the most quoted speakers, and one
page per document, written as the documents come (memory holds only their counts)."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import IO
from urllib.parse import quote

from ..stats import StatsBuilder
from ..types import Result
from ..writers import Writer
from .document import document_section
from .report import (
    LEGEND,
    Summary,
    index_table,
    page,
    page_title,
    render,
    render_report,
    summary_section,
    totals_line,
)

#: Beyond this many documents, ``--format html -o FILE`` writes a site instead of one page.
SITE_THRESHOLD = 200
_NOT_SLUG = re.compile(r"[^a-z0-9._-]+")


def file_name(doc_id: str, number: int) -> str:
    """A safe file name for the ``number``-th document: the number makes it unique (and never
    ``index.html``), then up to 60 characters of the id's end (where paths differ), folded
    to lower-case ASCII letters, digits, ``.``, ``_`` and ``-``."""
    folded = unicodedata.normalize("NFKD", doc_id).encode("ascii", "ignore").decode().lower()
    slug = _NOT_SLUG.sub("-", folded).strip("-._")[-60:].lstrip("-._")
    return f"{number:04d}-{slug}.html" if slug else f"{number:04d}.html"


def document_page(result: Result) -> str:
    """A document's page in a site: as :func:`render`, with a link back to the index."""
    back = '<p class="meta"><a href="index.html">← all documents</a></p>'
    return page(page_title(result.id), back + LEGEND + document_section(result, "d1"))


class SiteBuilder:
    """Writes each document's page as it comes; :meth:`finish` writes ``index.html``."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.summaries: list[Summary] = []
        self.stats = StatsBuilder()  # the figures of `quotes stats`, counted as pages are written

    def add(self, result: Result) -> None:
        name = file_name(result.id, len(self.summaries) + 1)
        (self.directory / name).write_text(document_page(result), encoding="utf-8")
        self.summaries.append(Summary.of(result, name))
        self.stats.add(result)

    def index(self, href_prefix: str = "") -> str:
        """The index page (links to the pages are ``href_prefix`` + file name)."""
        n = len(self.summaries)
        stats = self.stats.result()
        body = [
            f"<h1>Quotes in {n:,} document{'s' if n != 1 else ''}</h1>",
            totals_line(stats),
            summary_section(stats),
            '<h2 id="documents">Documents</h2>',
            index_table(self.summaries, href_prefix),
        ]
        return page(f"Quotes — {n} documents", "\n".join(body))

    def finish(self) -> Path:
        path = self.directory / "index.html"
        path.write_text(self.index(), encoding="utf-8")
        return path


def write_site(results: Iterable[Result], directory: str | Path) -> Path:
    """Write ``index.html`` and one page per document into ``directory`` (created if
    needed); returns the index's path."""
    site = SiteBuilder(Path(directory))
    for result in results:
        site.add(result)
    return site.finish()


class SiteOutput:
    """The ``--output`` of an HTML site: a directory, standing where a file would be."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def write(self, text: str) -> int:  # nothing goes to a stream
        return len(text)

    def flush(self) -> None:
        pass

    def truncate(self, size: int = 0) -> int:
        return size

    def close(self) -> None:
        pass


def _file_path(out: IO[str]) -> Path | None:
    """The regular file ``out`` writes to, if any (not a terminal, pipe or device)."""
    target = getattr(out, "target", None)  # quotes.output.OutputFile: its final path
    if isinstance(target, Path):
        return target if getattr(out, "temp", None) is not None else None
    name = getattr(out, "name", None)
    if out is sys.stdout or not isinstance(name, str) or name.startswith("<"):
        return None
    path = Path(name)
    return path if path.is_file() else None


class HtmlWriter(Writer):
    """``--format html``: one page (one document, or a report with an index); a site when the
    output is a :class:`SiteOutput`, or a file and more than ``threshold`` documents come
    (the file is then the index, the pages go to ``<name>_files/`` beside it). Standard
    output always gets one page."""

    def __init__(self, out: IO[str], *, threshold: int = SITE_THRESHOLD) -> None:
        super().__init__(out)
        self.threshold = threshold
        self.pending: list[Result] = []
        self.file = _file_path(out)
        directory = getattr(out, "directory", None)
        self.site = SiteBuilder(directory) if directory is not None else None

    def write(self, result: Result) -> None:
        self.count += 1
        if self.site is not None:
            self.site.add(result)
            return
        self.pending.append(result)
        if self.file is not None and len(self.pending) > self.threshold:
            self.site = SiteBuilder(self.file.with_name(self.file.stem + "_files"))
            for r in self.pending:
                self.site.add(r)
            self.pending = []

    def close(self) -> None:
        if self.site is not None:
            self.site.finish()
            if self.file is not None:  # the file named by -o: the index, linking into the dir
                self.out.write(self.site.index(quote(self.site.directory.name) + "/"))
        elif len(self.pending) == 1:
            self.out.write(render(self.pending[0]))
        else:
            self.out.write(render_report(self.pending))
        super().close()
