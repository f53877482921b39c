"""The ``quotes`` component: drafts → resolved, frozen Quote objects on ``doc._.quotes``."""

from __future__ import annotations

import logging

from spacy.language import Language
from spacy.tokens import Doc

from .assemble import Assembler, Draft
from .mentions import analyse, mention_extent
from .speakers import Person, Resolver
from .types import Cue, Part, Quote, Speaker

log = logging.getLogger(__name__)


def extract_quotes(doc: Doc) -> list[Quote]:
    """All quotes of a parsed Doc, in text order."""
    if not doc.has_annotation("DEP"):
        if all(t.is_space for t in doc):
            return []  # empty or whitespace-only text: nothing to parse, nothing said
        raise ValueError("the quotes component needs a dependency parse: add it after 'parser'")
    assembler = Assembler(doc)
    drafts = assembler.drafts()
    resolver = Resolver(doc, assembler.sents)
    out: list[Quote] = []
    previous: Person | None = None
    resolved_of: dict[int, Speaker | None] = {}
    for d in drafts:
        speaker = _speaker(doc, d, resolver, previous, resolved_of, assembler)
        resolved_of[id(d)] = speaker
        if speaker is not None and speaker.kind == "person":
            previous = _person_of(resolver, speaker) or previous
        out.append(_quote(doc, assembler.text, d, speaker))
    return out


def _person_of(resolver: Resolver, speaker: Speaker) -> Person | None:
    for p in resolver.people:
        if p.name == speaker.name:
            return p
    return None


def _speaker(
    doc: Doc,
    d: Draft,
    resolver: Resolver,
    previous: Person | None,
    resolved_of: dict[int, Speaker | None],
    assembler: Assembler,
) -> Speaker | None:
    if d.follows is not None:
        return resolved_of.get(id(d.follows))
    if d.speaker is None:
        return None
    forbidden = {i for s, e in d.pieces for i in assembler.index.tokens_in(s, e)}
    head = doc[d.speaker]
    lo, hi = d.speaker_extent or mention_extent(head, forbidden)
    if hi <= lo:
        return None
    mention = analyse(doc, head, (lo, hi))
    r = resolver.resolve(mention, previous)
    span = doc[lo:hi]
    start, end = span.start_char, span.end_char
    return Speaker(span.text, start, end, r.name, r.title, r.kind)  # type: ignore[arg-type]


def _quote(doc: Doc, text: str, d: Draft, speaker: Speaker | None) -> Quote:
    start, end = d.pieces[0][0], d.pieces[-1][1]
    parts = tuple(Part(text[s:e], s, e) for s, e in d.pieces) if len(d.pieces) > 1 else None
    cue = None
    att = d.attribution
    if att is not None and d.follows is None:
        span = doc[att.cue.start : att.cue.end]
        cue = Cue(span.text, span.start_char, span.end_char, att.cue.lemma)
    return Quote(text[start:end], start, end, d.kind, d.rule, parts, cue, speaker)  # type: ignore[arg-type]


class QuoteExtractor:
    """Callable pipeline component; results land on ``doc._.quotes`` (a list of Quote)."""

    def __init__(self, nlp: Language | None = None) -> None:
        self.nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc._.quote_records = [q.to_dict() for q in extract_quotes(doc)]
        except Exception as exc:  # one document's failure never costs a batch its others
            log.warning("quote extraction failed on a document: %r", exc)
            doc._.quote_records = []
            doc._.quote_error = f"{type(exc).__name__}: {exc}"
        return doc
