"""Cue → source and content over the dependency tree: one :class:`Attribution` per cue.

Who the source is comes from the speaker rules (``quotes/rules/speaker.py``), what the cue
reports from the content rules (``quotes/rules/content.py``); this module joins the two and
applies what concerns both (a source named by several inverted nouns is one mention; a clause
with its own misparsed subject is no part of the content). Combining attributions with
quotation marks is ``quotes/assemble.py``'s job.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from .cues import CueMatch, Tier, is_cue_verb
from .rules.content import ContentRule, find_content
from .rules.context import Context
from .rules.speaker import find_source, inverted_sources, misparsed_subject
from .rules.tree import subtree

#: Content rules of the attributions written by layout (quotes/rules/layout.py).
LayoutRule = str


@dataclass(frozen=True, slots=True)
class Attribution:
    """A cue with its source's head token and its content's tokens (sorted indices).

    ``rule`` names the content rule ("ccomp", "object", "label", …) and ``speaker_rule`` the
    speaker rule; ``passive`` marks cues with no source to look for ("it was reported that");
    ``speaker_extent`` is the source's token range when it is not the head's noun phrase.
    """

    cue: CueMatch
    speaker: int | None
    content: tuple[int, ...]
    rule: ContentRule | LayoutRule
    passive: bool = False
    speaker_extent: tuple[int, int] | None = None
    speaker_rule: str = ""
    verbatim: bool = False  # a transcript's turn: direct speech without quotation marks

    @property
    def tier(self) -> Tier:
        return self.cue.tier


def inverted_extent(doc: Doc, cue: CueMatch, speaker: int) -> tuple[int, int] | None:
    """One mention from adjacent inverted sources: "asked | Liberal MP | Sarah Chen"."""
    found = inverted_sources(doc[cue.head])
    if len(found) < 2 or all(c.i != speaker for c in found):
        return None
    lo = min(t.i for t in found[0].subtree)
    hi = lo
    for c in found:
        left = min(t.i for t in c.subtree)
        if left > hi + 1 and any(not doc[j].is_punct for j in range(hi + 1, left)):
            break
        hi = max(t.i for t in c.subtree)
    return (lo, hi + 1) if lo <= speaker <= hi else None


def without_misparsed_clauses(
    ctx: Context, cue: CueMatch, content: tuple[int, ...]
) -> tuple[int, ...]:
    """Content minus the clauses with a misparsed conjunct subject of their own ("… and
    militia groups called for revenge"), with their "and"."""
    doc = ctx.doc
    drop: set[int] = set()
    for i in content:
        t = doc[i]
        subj = misparsed_subject(t) if i != cue.head and is_cue_verb(t, ctx.lex) else None
        if subj is not None:
            drop |= subtree(subj) | subtree(t)
            drop |= {c.i for c in subj.head.children if c.dep_ == "cc" and c.i < subj.i}
    return tuple(i for i in content if i not in drop) if drop else content


def attribute(ctx: Context, cue: CueMatch) -> Attribution:
    """Source and content of one cue."""
    source = find_source(ctx, cue)
    content = find_content(ctx, cue, source.head)
    tokens = without_misparsed_clauses(ctx, cue, content.tokens)
    extent = inverted_extent(ctx.doc, cue, source.head) if source.head is not None else None
    if extent is not None:
        tokens = tuple(i for i in tokens if not extent[0] <= i < extent[1])
    return Attribution(
        cue,
        source.head,
        tokens,
        content.rule,
        source.passive,
        extent,
        source.rule,
    )
