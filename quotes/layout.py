"""Attributions written by layout rather than grammar.

- Labels: a paragraph that opens with a name and a colon is that person speaking, as in
  transcripts and headlines ("WALLACE: Let's start with…", "Pence: Flowers won't be at debate").
- Bylines: a quotation followed by a dash and a name closes its paragraph
  (“He represents our greatest shame.” ― Sonya Herridge).

Both give ordinary :class:`~quotes.attribution.Attribution` objects whose cue is the colon or the
dash, so the rest of the assembly treats them like any other cue.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .attribution import Attribution
from .cues import CueMatch
from .resources import word_set

LABEL = "label"
DASHES = {"―", "—", "–", "-", "--"}
_MAX_LABEL_TOKENS = 4
_OPENING = set("\"'“‘«„")


def _is_name_token(tok: Token) -> bool:
    """A word that can be part of a name as written: "WALLACE", "Monroy", "G.", "O'Neill"."""
    text = tok.text
    if tok.is_alpha:
        return tok.is_upper or tok.is_title
    if len(text) == 2 and text[0].isupper() and text[1] == ".":
        return True  # an initial
    return text in (".", "-", "'", "’") or (
        text[:1].isupper() and text.replace("'", "").replace("’", "").replace("-", "").isalpha()
    )


def _label_words() -> frozenset[str]:
    return word_set("not_labels.txt")


def labels(doc: Doc, paragraphs: list[tuple[int, int]]) -> list[Attribution]:
    """ "NAME: content" at the start of a paragraph (token ranges of paragraphs given)."""
    out: list[Attribution] = []
    stop = _label_words()
    for start, end in paragraphs:
        i = start
        while i < end and (doc[i].is_space or doc[i].text in _OPENING):
            i += 1
        lo = i
        while i < end and i - lo < _MAX_LABEL_TOKENS and doc[i].text != ":":
            i += 1
        if i >= end or doc[i].text != ":" or i == lo or i + 1 >= end:
            continue
        label = doc[lo:i]
        if not all(_is_name_token(t) for t in label) or not any(t.is_alpha for t in label):
            continue
        if label.text.lower() in stop or label[0].lower_ in stop:
            continue
        content = [j for j in range(i + 1, end) if not doc[j].is_space]
        if sum(1 for j in content if doc[j].is_alpha) < 2:
            continue
        head = label.root.i
        cue = CueMatch(i, i, i + 1, ":", LABEL)
        out.append(
            Attribution(cue, head, content, LABEL, True, speaker_extent=(label.start, label.end))
        )
    return out


def bylines(
    doc: Doc, spans_tokens: list[list[int]], para_end_of: dict[int, int]
) -> list[Attribution]:
    """“…” ― Name: a dash and a name after a quotation, closing its paragraph."""
    out: list[Attribution] = []
    for toks in spans_tokens:
        if not toks:
            continue
        last = toks[-1]
        end = para_end_of.get(last)
        if end is None:
            continue
        i = last + 1
        # spaces here are often non-breaking ("”\u00a0― Name"), and spaCy makes them tokens
        while i < end and (doc[i].text in (".", ",") or doc[i].is_space):
            i += 1
        if i >= end or doc[i].text not in DASHES:
            continue
        dash = i
        lo = i + 1
        while lo < end and doc[lo].is_space:
            lo += 1
        hi = end
        while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
            hi -= 1
        name = doc[lo:hi]
        if not (0 < len(name) <= 6) or not all(_is_name_token(t) for t in name):
            continue
        head = next((t.i for t in reversed(name) if t.ent_type_ == "PERSON"), name[-1].i)
        cue = CueMatch(dash, dash, dash + 1, doc[dash].text, "byline")
        out.append(Attribution(cue, head, list(toks), "byline", True, speaker_extent=(lo, hi)))
    return out
