"""Whole pages: one document (:func:`render`), several (:func:`render_report`, an index at the
top), the notebook fragment, and the pieces a site's index is made of."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..stats import CorpusStats, SpeakerCount, corpus_stats, share
from ..stats import totals_line as stats_totals
from ..types import Result
from . import palette
from .document import KINDS, document_section, speaker_name
from .spans import esc
from .style import CSS

#: Speakers the summary chart shows.
TOP_SPEAKERS = 15
# One colour for every bar: a speaker's highlight colour can differ between documents (two
# speakers of one document never share one), so the chart does not pretend to match them.
BAR = palette.NO_SPEAKER[1]
# Nothing may load or run: no scripts, no fetches, styles only from the page itself. The
# escaping is what keeps input inert; this is the second lock.
CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

LEGEND = (
    '<div class="legend" role="note"><b>Key:</b> '
    '<span class="item"><span class="q k-direct c0">direct quote</span></span>'
    '<span class="item"><span class="q k-mixed c0">mixed quote</span></span>'
    '<span class="item"><span class="q k-indirect c0">indirect quote</span></span>'
    '<span class="item"><span class="spk c0">speaker mention</span></span>'
    '<span class="item"><span class="cue">cue</span></span>'
    '<span class="item">one colour per speaker; Tab to a quote (or hover it) for its card</span>'
    "</div>"
)


def page(title: str, body: str) -> str:
    """A complete, self-contained HTML page (``title`` is raw text, ``body`` HTML)."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="quotes">\n'
        f"<title>{esc(title)}</title>\n<style>\n{CSS}</style>\n</head>\n"
        f'<body>\n<div class="qv">\n{body}\n</div>\n</body>\n</html>\n'
    )


def page_title(doc_id: str) -> str:
    return f"Quotes — {doc_id}"


def render(result: Result) -> str:
    """One self-contained HTML page for one document, every quote highlighted."""
    return page(page_title(result.id), LEGEND + "\n" + document_section(result, "d1"))


def render_fragment(result: Result) -> str:
    """The document as a ``<div>`` with its scoped stylesheet (for notebooks); its ids carry a
    digest of the document, so two documents in one notebook do not share ids."""
    digest = hashlib.sha1(f"{result.id}\0{result.text}".encode("utf-8", "replace")).hexdigest()
    body = LEGEND + document_section(result, f"d{digest[:10]}")
    return f'<div class="qv"><style>{CSS}</style>{body}</div>'


@dataclass
class Summary:
    """What an index says of one document."""

    id: str
    href: str
    quotes: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    speakers: Counter[str] = field(default_factory=Counter)
    error: str | None = None

    @classmethod
    def of(cls, result: Result, href: str) -> Summary:
        names = (speaker_name(q) for q in result.quotes)
        return cls(
            result.id,
            href,
            len(result.quotes),
            Counter(q.kind for q in result.quotes),
            Counter(n for n in names if n is not None),
            result.error,
        )


def index_table(summaries: Sequence[Summary], href_prefix: str = "") -> str:
    """The documents with their counts, each a link (to its section or its page;
    ``href_prefix`` is put before each page's address, already URL-quoted)."""
    head = (
        '<tr><th scope=col class="n">#</th><th scope=col>Document</th>'
        '<th scope=col class="n">Quotes</th>'
        + "".join(f'<th scope=col class="n">{k.capitalize()}</th>' for k in KINDS)
        + '<th scope=col class="n">Speakers</th></tr>'
    )
    rows = []
    for k, s in enumerate(summaries, 1):
        note = ' <span class="error">rules failed</span>' if s.error else ""
        rows.append(
            f'<tr><td class="n">{k}</td>'
            f'<td><a href="{esc(href_prefix + s.href)}">{esc(s.id)}</a>{note}</td>'
            f'<td class="n">{s.quotes}</td>'
            + "".join(f'<td class="n">{s.kinds[kind]}</td>' for kind in KINDS)
            + f'<td class="n">{len(s.speakers)}</td></tr>'
        )
    return (
        f'<nav aria-label="Documents"><table class="index"><thead>{head}</thead>'
        f"<tbody>{''.join(rows)}</tbody></table></nav>"
    )


def totals_line(stats: CorpusStats) -> str:
    """Documents and quotes by kind: the first line of ``quotes stats``."""
    return f'<p class="meta">{esc(stats_totals(stats))}</p>'


def bar_chart(speakers: Sequence[SpeakerCount]) -> str:
    """The speakers given (most quoted first) as an inline SVG bar chart, names and counts
    as text."""
    rows = [(s.name, s.quotes) for s in speakers]
    if not rows:
        return '<p class="empty">No speakers found.</p>'
    width, label_w, row_h = 720, 230, 24
    bar_room = width - label_w - 60
    most = rows[0][1]
    caption = "Most quoted speakers: " + ", ".join(f"{name} {n}" for name, n in rows)
    svg = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{row_h * len(rows) + 8}" viewBox="0 0 {width} {row_h * len(rows) + 8}" '
        f'role="img" aria-label="{esc(caption)}">'
    ]
    for k, (name, n) in enumerate(rows):
        y = 4 + k * row_h
        bar = max(2, round(bar_room * n / most))
        svg.append(
            f"<g><title>{esc(f'{name}: {n} quote' + ('s' if n != 1 else ''))}</title>"
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{esc(_clip(name, 30))}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{bar}" height="{row_h - 6}" rx="2" '
            f'fill="{BAR}"></rect>'
            f'<text class="count" x="{label_w + bar + 6}" y="{y + 16}">{n}</text></g>'
        )
    svg.append("</svg>")
    return "".join(svg)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def summary_section(stats: CorpusStats, top: int = TOP_SPEAKERS) -> str:
    """Who is quoted: the most quoted speakers as a chart and a table (name, title, kind,
    quotes, documents), then people against organisations and groups — the figures of
    ``quotes stats``, from the same :mod:`quotes.stats`."""
    speakers = stats.top(top)
    return (
        '<section class="summary" aria-labelledby="top-speakers">'
        '<h2 id="top-speakers">Most quoted speakers</h2>'
        f"{bar_chart(speakers)}{_top_table(stats, speakers)}"
        '<h3 id="who-is-quoted">Who is quoted</h3>'
        f"{_who_table(stats)}</section>"
    )


def _top_table(stats: CorpusStats, speakers: Sequence[SpeakerCount]) -> str:
    if not speakers:
        return ""
    head = (
        '<tr><th scope=col class="n">#</th><th scope=col>Speaker</th><th scope=col>Title</th>'
        '<th scope=col>Kind</th><th scope=col class="n">Quotes</th>'
        '<th scope=col class="n">Documents</th></tr>'
    )
    rows = "".join(
        f'<tr><td class="n">{k}</td><th scope=row>{esc(s.name)}</th><td>{esc(s.title or "")}</td>'
        f'<td class="kind">{esc(s.kind)}</td><td class="n">{s.quotes:,}</td>'
        f'<td class="n">{s.documents:,}</td></tr>'
        for k, s in enumerate(speakers, 1)
    )
    shown = len(speakers)
    caption = f"The {shown} most quoted of {len(stats.speakers):,} named speakers"
    if shown == len(stats.speakers):
        caption = f"All {shown:,} named speaker{'s' if shown != 1 else ''}"
    return (
        f'<p class="meta">{esc(caption)}:</p>'
        f'<table class="top"><thead>{head}</thead><tbody>{rows}</tbody></table>'
    )


def _who_table(stats: CorpusStats) -> str:
    head = (
        "<tr><th scope=col>Speakers</th><th scope=col class=n>Named</th>"
        "<th scope=col class=n>Quotes</th><th scope=col class=n>Share</th></tr>"
    )
    rows = "".join(
        f"<tr><th scope=row>{esc(label)}</th>"
        f'<td class="n">{"" if named is None else f"{named:,}"}</td>'
        f'<td class="n">{n:,}</td><td class="n">{share(n, stats.quotes)}</td></tr>'
        for label, named, n in stats.who_is_quoted()
    )
    return f'<table class="who"><thead>{head}</thead><tbody>{rows}</tbody></table>'


def render_report(results: Iterable[Result]) -> str:
    """One page for several documents: an index with counts and links, the most quoted
    speakers, then every document."""
    results = list(results)
    summaries = [Summary.of(r, f"#d{k}") for k, r in enumerate(results, 1)]
    stats = corpus_stats(results)
    body = [
        f"<h1>Quotes in {len(results):,} document{'s' if len(results) != 1 else ''}</h1>",
        totals_line(stats),
        index_table(summaries),
        summary_section(stats),
        LEGEND,
    ]
    body += [document_section(r, f"d{k}") for k, r in enumerate(results, 1)]
    return page(f"Quotes — {len(results)} documents", "\n".join(body))
