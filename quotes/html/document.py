"""One document as HTML: its text with every quote, speaker mention and cue marked, a card
per quote part, the speakers table and the list of quotes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..types import Quote, Result
from . import palette
from .spans import Mark, esc, nest

KINDS = ("direct", "mixed", "indirect")
#: Longest quote text a card shows (the quote list below has it whole).
CARD_CHARS = 400
NO_SPEAKER = "no speaker found"


def speaker_name(q: Quote) -> str | None:
    """Who a quote is attributed to: the resolved name, else the mention as written."""
    if q.speaker is None:
        return None
    return q.speaker.name or q.speaker.text or None


def kind_class(kind: str) -> str:
    """The CSS class of a quote kind; never built from the input (``kind`` may be anything)."""
    return f"k-{kind}" if kind in KINDS else "k-other"


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class SpeakerRow:
    """One speaker of a document: what the table and the cards show."""

    name: str | None
    slot: int | None
    title: str | None = None
    kind: str = "unknown"
    mentions: list[str] = field(default_factory=list)
    quotes: list[int] = field(default_factory=list)

    @property
    def colour(self) -> str:
        return "cx" if self.slot is None else f"c{self.slot}"


def speaker_rows(quotes: Iterable[Quote]) -> dict[str | None, SpeakerRow]:
    """Speakers by name in first-seen order (``None``: quotes with no speaker), with colours."""
    quotes = list(quotes)
    slots = palette.assign(n for q in quotes if (n := speaker_name(q)) is not None)
    rows: dict[str | None, SpeakerRow] = {}
    for i, q in enumerate(quotes, 1):
        name = speaker_name(q)
        row = rows.setdefault(name, SpeakerRow(name, slots.get(name) if name else None))
        row.quotes.append(i)
        if q.speaker is not None:
            row.title = row.title or q.speaker.title
            row.kind = q.speaker.kind if row.kind == "unknown" else row.kind
            if q.speaker.text not in row.mentions:
                row.mentions.append(q.speaker.text)
    return rows


def _tooltip(q: Quote) -> str:
    """The card as plain text, for the ``title`` attribute (the browser's own tooltip)."""
    s = q.speaker
    who = speaker_name(q) or NO_SPEAKER
    lines = [who + (f" — {s.title}" if s and s.title else "") + (f" ({s.kind})" if s else "")]
    cue = f" · cue: {q.cue.text}" if q.cue else ""
    lines.append(f"{q.kind} quote{cue} · rule: {q.rule}")
    if s and s.text != who:
        lines.append(f"as written: {s.text}")
    if q.parts:
        lines.append(shorten(q.content, CARD_CHARS))
    return "\n".join(lines)


def _card(q: Quote, i: int, j: int, card_id: str, row: SpeakerRow) -> str:
    s = q.speaker
    lines = [f'<span class="who">{esc(row.name or NO_SPEAKER)}</span>']
    if s and s.title:
        lines.append(f"<span>{esc(s.title)}</span>")
    part = f", part {j + 1} of {len(q.parts)}" if q.parts else ""
    facts = [f"speaker kind: {s.kind}" if s else "", f"{q.kind} quote {i}{part}"]
    facts += [f"cue: “{q.cue.text}”" if q.cue else "", f"rule: {q.rule}"]
    lines.append(f"<span>{esc(' · '.join(f for f in facts if f))}</span>")
    if s and s.text != row.name:
        lines.append(f"<span>as written: “{esc(s.text)}”</span>")
    lines.append(f'<span class="said">{esc(shorten(q.content, CARD_CHARS))}</span>')
    return (
        f'<span class="card {row.colour}" role="tooltip" id="{esc(card_id)}">'
        + "".join(lines)
        + "</span>"
    )


def _quote_marks(q: Quote, i: int, prefix: str, row: SpeakerRow) -> list[Mark]:
    pieces = q.pieces
    marks = []
    for j, part in enumerate(pieces):
        anchor = f"{prefix}-q{i}" if j == 0 else f"{prefix}-q{i}-{j + 1}"
        card_id = f"{prefix}-card{i}-{j + 1}"
        attrs = [
            ("data-quote", str(i)),
            ("data-part", str(j)),
            ("data-parts", str(len(pieces))),
            ("data-kind", q.kind),
            ("data-speaker", row.name or ""),
            ("data-rule", q.rule),
            ("title", _tooltip(q)),
        ]
        first = [("id", anchor), ("tabindex", "0"), ("aria-describedby", card_id)]
        classes = f"q {kind_class(q.kind)} {row.colour}"
        after = _card(q, i, j, card_id, row)
        marks.append(Mark(part.start, part.end, 0, "mark", classes, attrs, first, after))
    return marks


def marks_for(result: Result, prefix: str, rows: dict[str | None, SpeakerRow]) -> list[Mark]:
    """Every quote part, speaker mention and cue of ``result`` (mentions and cues shared by
    several quotes marked once)."""
    marks: list[Mark] = []
    seen: set[tuple[str, int, int]] = set()
    for i, q in enumerate(result.quotes, 1):
        row = rows[speaker_name(q)]
        marks += _quote_marks(q, i, prefix, row)
        s, c = q.speaker, q.cue
        if s is not None and ("s", s.start, s.end) not in seen:
            seen.add(("s", s.start, s.end))
            title = f"speaker: {s.text}" + (f" → {row.name}" if row.name != s.text else "")
            attrs = [("data-speaker", row.name or ""), ("title", title)]
            marks.append(Mark(s.start, s.end, 1, "span", f"spk {row.colour}", attrs))
        if c is not None and ("c", c.start, c.end) not in seen:
            seen.add(("c", c.start, c.end))
            title = f"cue: {c.text}" + (f" ({c.lemma})" if c.lemma else "")
            marks.append(Mark(c.start, c.end, 2, "span", "cue", [("title", title)]))
    return marks


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def meta_line(result: Result, rows: dict[str | None, SpeakerRow]) -> str:
    kinds = [sum(q.kind == k for q in result.quotes) for k in KINDS]
    detail = ", ".join(f"{n} {k}" for n, k in zip(kinds, KINDS, strict=True) if n)
    n_speakers = sum(1 for name in rows if name is not None)
    parts = [_plural(len(result.quotes), "quote") + (f" ({detail})" if detail else "")]
    parts += [_plural(n_speakers, "speaker"), _plural(len(result.text), "character")]
    return f'<p class="meta">{esc(" · ".join(parts))}</p>'


def _speakers_table(rows: dict[str | None, SpeakerRow], prefix: str) -> str:
    if not rows:
        return '<p class="empty">No quotes found.</p>'
    # most quoted first, then first seen (a stable sort); quotes with no speaker last
    order = sorted(rows.values(), key=lambda r: (r.name is None, -len(r.quotes)))
    head = (
        "<tr><th scope=col>Speaker</th><th scope=col>Title</th><th scope=col>Kind</th>"
        '<th scope=col class="n">Quotes</th><th scope=col>As written</th>'
        "<th scope=col>Quote links</th></tr>"
    )
    body = []
    for k, row in enumerate(order, 1):
        links = " ".join(f'<a href="#{prefix}-q{i}">{i}</a>' for i in row.quotes)
        body.append(
            f'<tr id="{prefix}-s{k}"><th scope=row class="{row.colour}">'
            f'<span class="swatch" aria-hidden="true"></span>{esc(row.name or NO_SPEAKER)}</th>'
            f"<td>{esc(row.title or '')}</td>"
            f"<td class=kind>{esc(row.kind if row.name else '')}</td>"
            f'<td class="n">{len(row.quotes)}</td><td>{esc("; ".join(row.mentions))}</td>'
            f'<td class="links">{links}</td></tr>'
        )
    return f'<table class="speakers"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table>'


def _quotes_table(result: Result, rows: dict[str | None, SpeakerRow], prefix: str) -> str:
    if not result.quotes:
        return ""
    body = []
    for i, q in enumerate(result.quotes, 1):
        row = rows[speaker_name(q)]
        body.append(
            f'<tr><td class="n"><a href="#{prefix}-q{i}">{i}</a></td>'
            f"<td class=kind>{esc(q.kind)}</td>"
            f'<td class="{row.colour}"><span class="swatch" aria-hidden="true"></span>'
            f"{esc(row.name or NO_SPEAKER)}</td><td>{esc(q.cue.text if q.cue else '')}</td>"
            f"<td>{esc(q.rule)}</td><td>{esc(q.content)}</td></tr>"
        )
    head = (
        '<tr><th scope=col class="n">#</th><th scope=col>Kind</th><th scope=col>Speaker</th>'
        "<th scope=col>Cue</th><th scope=col>Rule</th><th scope=col>Quote</th></tr>"
    )
    return (
        f"<details><summary>All {_plural(len(result.quotes), 'quote')}</summary>"
        f'<table class="quotes"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table>'
        "</details>"
    )


def document_section(result: Result, prefix: str, *, extra_meta: str = "") -> str:
    """The ``<section>`` of one document; ``prefix`` makes its ids unique on the page."""
    rows = speaker_rows(result.quotes)
    article = nest(result.text, marks_for(result, prefix, rows))
    parts = [
        f'<section class="doc" id="{esc(prefix)}" aria-labelledby="{esc(prefix)}-h">',
        f'<h2 id="{esc(prefix)}-h">{esc(result.id)}</h2>',
        meta_line(result, rows) + extra_meta,
    ]
    if result.error:
        parts.append(f'<p class="error">The quote rules failed: {esc(result.error)}</p>')
    parts.append(f'<div class="article">{article}</div>')
    if not result.text:
        parts.append('<p class="empty">Empty document.</p>')
    parts += [
        f'<h3 id="{esc(prefix)}-speakers">Speakers</h3>',
        _speakers_table(rows, prefix),
        _quotes_table(result, rows, prefix),
        "</section>",
    ]
    return "\n".join(parts)
