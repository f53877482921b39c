"""Quotes made visible: documents as self-contained HTML with every quote highlighted.

- :func:`render` — one document, one page.
- :func:`render_report` — several documents on one page, an index with counts at the top.
- :func:`write_site` — a corpus: ``index.html`` and one page per document.
- :func:`render_fragment` — a document for a notebook (``Result._repr_html_``).

Everything from the input is escaped; pages load nothing and run no script (their
Content-Security-Policy forbids both).
"""

from .report import render, render_fragment, render_report
from .site import SITE_THRESHOLD, HtmlWriter, SiteOutput, file_name, write_site

__all__ = [
    "SITE_THRESHOLD",
    "HtmlWriter",
    "SiteOutput",
    "file_name",
    "render",
    "render_fragment",
    "render_report",
    "write_site",
]
