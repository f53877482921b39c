"""The ``quotes`` component: drafts → resolved, frozen Quote objects on ``doc._.quotes``."""

from __future__ import annotations

import logging

from spacy.language import Language
from spacy.tokens import Doc

from .assemble import Assembler, Draft
from .mentions import analyse, mention_extent
from .speakers import Person, Resolved, Resolver
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
    # First resolve every mention in text order (pronouns look back at earlier speakers), then
    # write the speakers: a person's name and titles are only complete at the end, since a
    # title written after a quote ("…, Kirby said. … Kirby, the press secretary") counts too.
    mentions: dict[int, tuple[int, int, Resolved] | None] = {}
    previous: Person | None = None
    for d in drafts:
        found = None if d.follows is not None else _resolve(doc, d, resolver, previous, assembler)
        mentions[id(d)] = found
        if found is not None and found[2].person is not None:
            previous = found[2].person
    speakers: dict[int, Speaker | None] = {}
    out: list[Quote] = []
    for d in drafts:
        if d.follows is not None:
            speaker = speakers.get(id(d.follows))
        else:
            speaker = _speaker(doc, mentions[id(d)])
        speakers[id(d)] = speaker
        out.append(_quote(doc, assembler.text, d, speaker))
    return out


def _resolve(
    doc: Doc, d: Draft, resolver: Resolver, previous: Person | None, assembler: Assembler
) -> tuple[int, int, Resolved] | None:
    """The speaker mention of a draft (token range) and what it resolves to."""
    if d.speaker is None:
        return None
    # a speaker is never quoted words: neither its own quote's nor another quotation's
    own = {i for s, e in d.pieces for i in assembler.index.tokens_in(s, e)}
    forbidden = own | assembler.in_span.keys()
    head = doc[d.speaker]
    if head.i in forbidden:
        return None
    lo, hi = d.speaker_extent or mention_extent(head, forbidden)
    if hi <= lo or any(lo <= i < hi for i in own):
        return None
    return lo, hi, resolver.resolve(analyse(doc, head, (lo, hi)), previous)


def _speaker(doc: Doc, found: tuple[int, int, Resolved] | None) -> Speaker | None:
    if found is None:
        return None
    lo, hi, r = found
    span = doc[lo:hi]
    if r.person is not None:  # the person as the whole document knows them
        name, title = r.person.name, r.person.title
    else:
        name, title = r.name, r.title
    return Speaker(span.text, span.start_char, span.end_char, name, title, r.kind)  # type: ignore[arg-type]


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
