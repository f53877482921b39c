"""Attributions written by layout rather than grammar (speaker labels: ``labels.py``).

- ``byline``: a quotation followed by a dash and a name closes its paragraph
  (“He represents our greatest shame.” ― Sonya Herridge).

Both give ordinary :class:`~quotes.attribution.Attribution` objects whose cue is the colon or the
dash, so the rest of the assembly treats them like any other cue.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from ..attribution import Attribution
from ..cues import CueMatch
from .context import Context

DASHES = frozenset(("―", "—", "–", "-", "--"))
_MAX_BYLINE_TOKENS = 6
_OPENING = frozenset("\"'“‘«„")


def is_name_token(tok: Token) -> bool:
    """A word that can be part of a name as written: "WALLACE", "Monroy", "G.", "O'Neill"."""
    text = tok.text
    if tok.is_alpha:
        return tok.is_upper or tok.is_title
    if len(text) == 2 and text[0].isupper() and text[1] == ".":
        return True  # an initial
    return text in (".", "-", "'", "’") or (
        text[:1].isupper() and text.replace("'", "").replace("’", "").replace("-", "").isalpha()
    )


def _byline_name(ctx: Context, last: int, end: int) -> tuple[int, int, int] | None:
    """(dash, name start, name end) of a dash and a name after token ``last`` that close
    the paragraph ending at token ``end``."""
    doc = ctx.doc
    i = last + 1
    # spaces here are often non-breaking ("”\u00a0― Name"), and spaCy makes them tokens
    while i < end and (doc[i].text in (".", ",") or doc[i].is_space):
        i += 1
    if i >= end or doc[i].text not in DASHES:
        return None
    lo = i + 1
    while lo < end and doc[lo].is_space:
        lo += 1
    hi = end
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    name = doc[lo:hi]
    if not (0 < len(name) <= _MAX_BYLINE_TOKENS) or not all(is_name_token(t) for t in name):
        return None
    return i, lo, hi


def bylines(ctx: Context, spans_tokens: Sequence[Sequence[int]]) -> list[Attribution]:
    """“…” ― Name: a dash and a name after a quotation, closing its paragraph."""
    doc = ctx.doc
    para_end = ctx.text.para_end_of_tokens()
    out: list[Attribution] = []
    for toks in spans_tokens:
        end = para_end.get(toks[-1]) if toks else None
        found = _byline_name(ctx, toks[-1], end) if end is not None else None
        if found is None:
            continue
        dash, lo, hi = found
        head = next((t.i for t in reversed(doc[lo:hi]) if t.ent_type_ == "PERSON"), hi - 1)
        cue = CueMatch(dash, dash, dash + 1, doc[dash].text, "byline")
        out.append(Attribution(cue, head, tuple(toks), "byline", False, (lo, hi), "byline"))
    return out
