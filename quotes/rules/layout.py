"""Attributions written by layout rather than grammar (speaker labels: ``labels.py``).

- ``byline``: a quotation followed by a dash and a name closes its paragraph
  (“He represents our greatest shame.” ― Sonya Herridge; “…?” — Dev, Leeds);
- ``embed``: a post embedded in an article, its text in the paragraph before a line "— Name
  (@handle) Date" (how X, Bluesky and Threads embeds read as text): the post is the Name's.

Both give ordinary :class:`~quotes.attribution.Attribution` objects whose cue is the colon or the
dash, so the rest of the assembly treats them like any other cue.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Token

from ..attribution import Attribution
from ..cues import CueMatch
from .context import Context

DASHES = frozenset(("―", "—", "–", "-", "--"))
_CLOSING = frozenset("”\"’'»")
_INVERTED = frozenset(("nsubj", "dobj", "attr", "npadvmod", "appos", "dep", "oprd"))
_MAX_BYLINE_TOKENS = 6
_OPENING = frozenset("\"'“‘«„")
# A description after a closing mark, before its speech verb: this many tokens at most, of
# these parts of speech ("the 26-year-old", "the veteran goaltender").
_MAX_DESCRIPTION = 8
_DESCRIPTION_POS = frozenset(("NOUN", "PROPN", "ADJ", "NUM", "PUNCT"))


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
    # "— Dev, Leeds": a place after the name, set off by a comma
    comma = next((j for j in range(lo, hi) if doc[j].text == ","), None)
    if comma is not None and all(is_name_token(t) for t in doc[comma + 1 : hi]):
        hi = comma
    name = doc[lo:hi]
    if not (0 < len(name) <= _MAX_BYLINE_TOKENS) or not all(is_name_token(t) for t in name):
        return None
    return i, lo, hi


def _manner_verb(ctx: Context, last: int, cues: set[int]) -> tuple[int, int] | None:
    """(verb, subject) of “…,” grumbled the coach / “…!” sighed Meg / “…,” she laughed: a
    verb right after the closing mark, with its subject right after it or right before it."""
    doc = ctx.doc
    i = last + 1
    while i < len(doc) and doc[i].is_space:
        i += 1
    if i >= len(doc) or ctx.text.break_between(last, i):
        return None  # the verb is in the same paragraph
    first = doc[i]
    if _finite(first, cues):
        # the parser often makes the inverted subject an object ("grumbled the coach")
        subj = next((c for c in first.children if c.i > first.i and _inverted(c)), None)
        return (first.i, subj.i) if subj is not None and subj.i - first.i <= 4 else None
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    if (
        nxt is not None
        and _finite(nxt, cues)
        and first.dep_ == "nsubj"
        and first.head.i == nxt.i
        and first.pos_ in ("PRON", "PROPN")
    ):
        return nxt.i, first.i
    return None


def _described_speaker(ctx: Context, last: int) -> tuple[int, int, int] | None:
    """(verb, head, end) of “…?” the 26-year-old told broadcaster …: a description opening
    with a determiner right after the closing mark, then a speech verb of the lexicon, however
    the parser read them (it made "told" an adjective here)."""
    doc = ctx.doc
    i = last + 1
    while i < len(doc) and doc[i].is_space:
        i += 1
    if i >= len(doc) or doc[i].pos_ != "DET" or ctx.text.break_between(last, i):
        return None
    for j in range(i + 1, min(i + _MAX_DESCRIPTION, len(doc))):
        tok = doc[j]
        if tok.lemma_.lower() in ctx.lex.cue_single and tok.is_lower and tok.tag_.startswith("VB"):
            nouns = [t.i for t in doc[i + 1 : j] if t.pos_ in ("NOUN", "PROPN", "ADJ", "NUM")]
            return (j, nouns[-1], j) if nouns else None
        if tok.pos_ not in _DESCRIPTION_POS:
            return None
    return None


def _finite(tok: Token, cues: set[int]) -> bool:
    """A finite verb written in lower case (not a gerund, not a misread name like "Tulsa")."""
    return (
        tok.pos_ == "VERB"
        and tok.tag_ in ("VBD", "VBZ", "VBP")
        and tok.is_lower
        and (tok.i not in cues)
    )


def _inverted(tok: Token) -> bool:
    """A subject after its verb: a noun or a name, whatever the parser called it, or a
    subject pronoun (never "him")."""
    if tok.dep_ == "nsubj":
        return tok.pos_ in ("NOUN", "PROPN", "PRON")
    return tok.dep_ in _INVERTED and tok.pos_ in ("NOUN", "PROPN")


def manner(
    ctx: Context, spans_tokens: Sequence[Sequence[int]], cues: set[int]
) -> list[Attribution]:
    """“…,” grumbled the coach; “…!” sighed Meg; “…,” she laughed: a quotation closed by a
    comma, "?" or "!" inside its marks and followed at once by a verb and its subject is that
    subject's speech, whatever the verb (features, sports, profiles and fiction write so)."""
    doc = ctx.doc
    out: list[Attribution] = []
    for toks in spans_tokens:
        inner = [i for i in toks if not (doc[i].is_space or doc[i].text in _CLOSING)]
        if not inner or doc[inner[-1]].text not in (",", "?", "!"):
            continue
        words = [doc[i] for i in inner if doc[i].is_alpha]
        if doc[inner[-1]].text == "," and (len(words) < 3 or all(w.is_title for w in words)):
            continue  # a scare quote or a title (“strong leader,” / "The Salt Year," follows)
        found = _manner_verb(ctx, toks[-1], cues)
        extent = None
        if found is None:
            described = _described_speaker(ctx, toks[-1])
            if described is None or described[0] in cues:
                continue
            found = described[:2]
            extent = (toks[-1] + 1, described[2])
        verb, subj = found
        lemma = doc[verb].lemma_.lower()
        cue = CueMatch(verb, verb, verb + 1, lemma, "manner")
        out.append(Attribution(cue, subj, tuple(toks), "manner", False, extent, "manner"))
    return out


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


# "— Kirsty MacAulay (@kirstymacaulay) February 4, 2025": the line an embedded post ends with
_EMBED = re.compile(r"\s*(?:—|–|-|--|―)\s*(?P<name>[^\s(@][^(@\n]{0,60}?)\s*\(@\w{1,30}\)[^\n]*")


def embeds(ctx: Context) -> list[Attribution]:
    """A post embedded in an article: the paragraph before a line "— Name (@handle) Date"
    is the Name's post (a quotation in marks there is placed as its content)."""
    doc = ctx.doc
    text = ctx.text
    out: list[Attribution] = []
    for n in range(1, len(text.paras)):
        a, b = text.paras[n]
        m = _EMBED.fullmatch(text.text, a, b)
        if m is None:
            continue
        name = text.tokens_in(m.start("name"), m.end("name"))
        dash = text.token_at(a + len(text.text[a:b]) - len(text.text[a:b].lstrip()))
        before = [i for i in text.tokens_in(*text.paras[n - 1]) if not doc[i].is_space]
        if not len(name) or dash is None or not before:
            continue
        head = next((i for i in reversed(name) if doc[i].ent_type_ == "PERSON"), name.stop - 1)
        cue = CueMatch(dash, dash, dash + 1, doc[dash].text, "byline")
        extent = (name.start, name.stop)
        out.append(Attribution(cue, head, tuple(before), "embed", False, extent, "embed", True))
    return out
