"""The work of the ``quotes`` component: drafts → resolved, frozen Quote objects."""

from __future__ import annotations

from spacy.tokens import Doc

from .assemble import Assembler, Assembly
from .lexicon import Lexicon
from .mentions import analyse, mention_extent
from .rules.context import Context
from .rules.draft import Draft
from .shapes import ShapeMatcher
from .speakers import Person, Resolved, Resolver
from .text import TextModel
from .types import Cue, Part, Quote, Speaker

# The speaker mention of a draft: its token range and what it resolves to.
Found = tuple[int, int, Resolved]


def context(doc: Doc, lex: Lexicon, shapes: ShapeMatcher) -> Context:
    """What the rules may look at for one parsed Doc."""
    return Context(doc, TextModel(doc), shapes(doc), lex)


def extract_quotes(doc: Doc, lex: Lexicon, shapes: ShapeMatcher) -> list[Quote]:
    """All quotes of a parsed Doc, in text order."""
    if not doc.has_annotation("DEP"):
        if all(t.is_space for t in doc):
            return []  # empty or whitespace-only text: nothing to parse, nothing said
        raise ValueError("the quotes component needs a dependency parse: add it after 'parser'")
    ctx = context(doc, lex, shapes)
    assembly = Assembler(ctx).assemble()
    resolver = Resolver(doc, ctx.text, lex)
    # First resolve every mention in text order (pronouns look back at earlier speakers), then
    # write the speakers: a person's name and titles are only complete at the end, since a
    # title written after a quote ("…, Kirby said. … Kirby, the press secretary") counts too.
    found: list[Found | None] = []
    previous: Person | None = None
    for d in assembly.drafts:
        mention = None if d.follows is not None else _resolve(ctx, d, resolver, previous, assembly)
        found.append(mention)
        if mention is not None and mention[2].person is not None:
            previous = mention[2].person
    speakers: list[Speaker | None] = []
    for d, mention in zip(assembly.drafts, found, strict=True):
        speakers.append(speakers[d.follows] if d.follows is not None else _speaker(doc, mention))
    return [_quote(ctx, d, speaker) for d, speaker in zip(assembly.drafts, speakers, strict=True)]


def _resolve(
    ctx: Context, d: Draft, resolver: Resolver, previous: Person | None, assembly: Assembly
) -> Found | None:
    """The speaker mention of a draft (token range) and what it resolves to."""
    if d.speaker is None:
        return None
    doc = ctx.doc
    # a speaker is never quoted words: neither its own quote's nor another quotation's
    own = {i for s, e in d.pieces for i in ctx.text.tokens_in(s, e)}
    forbidden = own | assembly.quoted
    head = doc[d.speaker]
    if head.i in forbidden:
        return None
    lo, hi = d.speaker_extent or mention_extent(head, forbidden)
    if hi <= lo or any(lo <= i < hi for i in own):
        return None
    return lo, hi, resolver.resolve(analyse(doc, head, (lo, hi), ctx.lex), previous)


def _speaker(doc: Doc, found: Found | None) -> Speaker | None:
    if found is None:
        return None
    lo, hi, r = found
    span = doc[lo:hi]
    name: str | None = r.name
    title: str | None = r.title
    if r.person is not None:  # the person as the whole document knows them
        name, title = r.person.name, r.person.title
    return Speaker(span.text, span.start_char, span.end_char, name, title, r.kind)  # type: ignore[arg-type]


def _quote(ctx: Context, d: Draft, speaker: Speaker | None) -> Quote:
    text = ctx.text.text
    start, end = d.start, d.end
    parts = tuple(Part(text[s:e], s, e) for s, e in d.pieces) if len(d.pieces) > 1 else None
    cue = None
    att = d.attribution
    if att is not None and d.follows is None:
        span = ctx.doc[att.cue.start : att.cue.end]
        cue = Cue(span.text, span.start_char, span.end_char, att.cue.lemma)
    return Quote(text[start:end], start, end, d.kind, d.rule_name, parts, cue, speaker)
