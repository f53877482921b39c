"""The work of the ``quotes`` component: drafts → frozen Quote objects with their speakers."""

from __future__ import annotations

from spacy.tokens import Doc

from .assemble import Assembler, Assembly
from .entities import Entities, find_entities
from .lexicon import Lexicon
from .rules.context import Context
from .rules.draft import Draft
from .settings import DEFAULT, Settings
from .shapes import ShapeMatcher
from .speakers import mention_extent, speaker
from .text import TextModel
from .types import Cue, Part, Quote, Speaker


def context(
    doc: Doc,
    lex: Lexicon,
    shapes: ShapeMatcher,
    entities: Entities | None = None,
    settings: Settings = DEFAULT,
) -> Context:
    """What the rules may look at for one parsed Doc (its entities found unless given)."""
    text = TextModel(doc)
    if entities is None:
        entities = find_entities(doc, text, lex)
    return Context(doc, text, shapes(doc), lex, entities, settings)


def extract_quotes(
    doc: Doc,
    lex: Lexicon,
    shapes: ShapeMatcher,
    entities: Entities | None = None,
    settings: Settings = DEFAULT,
) -> tuple[list[Quote], Entities]:
    """All quotes of a parsed Doc, in text order, and the document's entities (found here
    unless the ``quotes_entities`` component gave them: ``entities``)."""
    if not doc.has_annotation("DEP"):
        if all(t.is_space for t in doc):
            # empty or whitespace-only text: nothing to parse, nothing said
            return [], entities if entities is not None else Entities(())
        raise ValueError("the quotes component needs a dependency parse: add it after 'parser'")
    ctx = context(doc, lex, shapes, entities, settings)
    return resolve(ctx, Assembler(ctx).assemble()), ctx.entities


def resolve(ctx: Context, assembly: Assembly) -> list[Quote]:
    """The Quote objects of a document's drafts, with their speakers."""
    speakers: list[Speaker | None] = []
    for d in assembly.drafts:
        if d.follows is not None:
            speakers.append(speakers[d.follows])
        else:
            speakers.append(_speaker(ctx, d, ctx.entities, assembly))
    return [_quote(ctx, d, s) for d, s in zip(assembly.drafts, speakers, strict=True)]


def _speaker(ctx: Context, d: Draft, entities: Entities, assembly: Assembly) -> Speaker | None:
    """The speaker of a draft: its mention (never quoted words, neither its own quote's nor
    another quotation's) and what the entities say it stands for."""
    if d.speaker is None:
        return None
    own = {i for s, e in d.pieces for i in ctx.text.tokens_in(s, e)}
    quoted, dateline = assembly.quoted, ctx.text.dateline
    if d.speaker in own or d.speaker in quoted or d.speaker in dateline:
        return None
    head = ctx.doc[d.speaker]
    if d.speaker_extent is not None:
        lo, hi = d.speaker_extent
    else:
        # the mention never leaves the head's subtree: only the forbidden tokens there
        # matter (a union with all the quoted tokens per quote was quotes × quoted tokens)
        near = range(head.left_edge.i, head.right_edge.i + 1)
        # nor its cue ("Said Ellis:": the parser made the cue a compound of the name)
        cue = d.attribution.cue.head if d.attribution is not None else -1
        bad = [i for i in near if i in own or i in quoted or i in dateline or i == cue]
        lo, hi = mention_extent(head, bad)
    if hi <= lo or any(lo <= i < hi for i in own):
        return None
    return speaker(ctx.doc, entities, d.speaker, lo, hi, ctx.lex)


def _quote(ctx: Context, d: Draft, speaker: Speaker | None) -> Quote:
    text = ctx.text.text
    start, end = d.start, d.end
    parts = tuple(Part(text[s:e], s, e) for s, e in d.pieces) if len(d.pieces) > 1 else None
    cue = None
    att = d.attribution
    # a turn that goes on after an answer has no cue of its own
    if att is not None and d.follows is None and att.rule != "turn":
        span = ctx.doc[att.cue.start : att.cue.end]
        cue = Cue(span.text, span.start_char, span.end_char, att.cue.lemma)
    return Quote(text[start:end], start, end, d.kind, d.rule_name, parts, cue, speaker)
