"""Quotations in a headline: who said them, or that nobody did.

A headline quotes someone in a few words and the story names them: "Mayor: ‘A huge win for
the north end’", "Bus fare rise ‘will hit poorest hardest’", "Skater's comeback post: ‘I'm
not done yet’". The quotation has no cue of its own, so it is given to the person named before
its colon ("A lesson from Loretta Lynch: ‘Be the voice …’"), else to the speaker of the words
it echoes in the story; a question in quotation marks that nothing in the story echoes is the
title of a show or a panel ("Talkback: “Should the town pool be privatised?”"), no quote.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from .context import Context

# A headline is the document's first paragraph when it is this short (words) and more follows.
HEADLINE_MAX_WORDS = 25
# The share of a headline quotation's words the story's quote must hold to be its echo.
ECHO_SHARE = 0.75
_SEGMENT_BREAKS = frozenset(("—", "–", "|", "-", "--"))
_SPEAKING_ENTITIES = ("PERSON", "ORG")


@dataclass(frozen=True, slots=True)
class Echo:
    """Where a headline quotation's words come back in the story: the stretch's tokens."""

    tokens: frozenset[int]


def in_headline(ctx: Context, first_token: int) -> bool:
    """Is token ``first_token`` in the document's headline (see HEADLINE_MAX_WORDS)?"""
    text = ctx.text
    if len(text.paras) < 2 or text.paragraph_of(ctx.doc[first_token].idx) != 0:
        return False
    a, b = text.paras[0]
    return len(text.text[a:b].split()) <= HEADLINE_MAX_WORDS


def named_before_colon(ctx: Context, colon: int) -> tuple[int, int, int] | None:
    """(start, end, head) of the last person or organisation named in the headline before
    ``colon``, in the same stretch (not before a dash: "Talkback with Declan Moore — …:")."""
    doc = ctx.doc
    lo = colon
    while lo > 0 and doc[lo - 1].text not in _SEGMENT_BREAKS and not doc[lo - 1].is_space:
        lo -= 1
    ents = [e for e in doc.ents if lo <= e.start and e.end <= colon]
    ents = [e for e in ents if e.label_ in _SPEAKING_ENTITIES]
    if not ents:
        return None
    ent = ents[-1]
    return ent.start, ent.end, ent.end - 1


def _content_tokens(tokens: list[Token]) -> list[Token]:
    """The content words of some tokens (all words if only stop words)."""
    words = [t for t in tokens if t.is_alpha]
    return [t for t in words if not t.is_stop] or words


def echo_share(
    ctx: Context, headline_tokens: list[int], tokens: set[int] | frozenset[int]
) -> float:
    """How many of a headline quotation's words the story's ``tokens`` hold, as a share (a
    word matches by its form or its lemma: "poorest" tagged two ways)."""
    doc = ctx.doc
    words = _content_tokens([doc[i] for i in headline_tokens])
    if not words:
        return 0.0
    forms = {f for i in tokens if doc[i].is_alpha for f in (doc[i].lower_, doc[i].lemma_.lower())}
    return sum(1 for t in words if t.lower_ in forms or t.lemma_.lower() in forms) / len(words)


def is_question(ctx: Context, tokens: list[int]) -> bool:
    """Does the quotation ask a question ("What next for the high street?")?"""
    inner = [ctx.doc[i] for i in tokens if not ctx.doc[i].is_space]
    return any(t.text == "?" for t in inner[-3:])
