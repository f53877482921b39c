"""First-person pronouns ("I", "me", "my") → the person the text names as its speaker.

Interviews, letters, columns, vlogs and transcripts say who "I" is by their layout or in so
many words: a byline ("By Arash Javanbakht"), a signature after a valediction ("Respectfully,
George Chriss"), a self-introduction ("My name is Katie", "I'm Mario J. Lucero") or a speaker
label ("WALLACE: I think …"). A self-introduction or a label names the speaker of its own
paragraph; a byline, a signature or the first self-introduction names the author of the rest.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from ..marks import find_quotes
from .cluster import Clusters

_FIRST = frozenset(("i", "me", "my", "mine", "myself"))
_VALEDICTIONS = re.compile(
    r"^(yours( truly| sincerely| faithfully)?|sincerely( yours)?|respectfully( yours)?|"
    r"(best |kind |warm )?regards|cheers|best( wishes)?|with (love|thanks|gratitude)|love|thanks)"
    r",?\s*",
    re.I,
)
_INTRO = re.compile(r"\b(?:my name is|i am|i'm|i’m|this is)\s+$", re.I)


def _person_at(c: Clusters, lo: int, hi: int, sure: bool = False) -> int | None:
    """The person cluster of the first name mention among tokens [lo, hi) (``sure``: one
    known to be a person, not a proper noun nobody called one). Where the layout itself
    says a person (a byline, a signature), a name no pass clustered yet (the parser's
    entity recogniser missed it) becomes a person here."""
    kinds = ("person",) if sure else ("person", "unknown")
    for i in range(lo, hi):
        k = c.at.get(i)
        if k is None or c.mentions[k].form != "name":
            continue
        cl = c.of[k]
        if cl is None and not sure and c.mentions[k].kind in kinds:
            cl = c.new(k, "person")
        if cl is not None and c.clusters[cl].kind in kinds:
            return cl
    return None


def _byline(c: Clusters, start: int, end: int) -> int | None:
    """A short paragraph "By NAME" (or "— NAME")."""
    doc = c.doc
    first = doc[start]
    if first.lower_ not in ("by", "—", "–", "-") or end - start > 8:
        return None
    return _person_at(c, start + 1, end)


def _signature(c: Clusters, paras: list[tuple[int, int]], n: int) -> int | None:
    """A name signing off after a valediction: "Respectfully, George Chriss", or "Yours," on
    its own line and the name on the next."""
    start, end = paras[n]
    text = c.doc[start:end].text
    m = _VALEDICTIONS.match(text)
    if m is None or len(text) > 80:
        return None
    if m.end() < len(text.rstrip()):
        return _person_at(c, start, end)
    if n + 1 < len(paras):
        lo, hi = paras[n + 1]
        return _person_at(c, lo, min(hi, lo + 6))
    return None


def _introduction(c: Clusters, start: int, end: int) -> int | None:
    """ "My name is Katie", "I'm Mario J. Lucero": the person named right after."""
    doc = c.doc
    text = doc.text
    for i in range(start, end):
        k = c.at.get(i)
        if k is None or c.mentions[k].form != "name":
            continue
        before = text[max(doc[start].idx, doc[i].idx - 16) : doc[c.mentions[k].start].idx]
        if _INTRO.search(before):
            return _first(_person_at(c, i, i + 1), c.of[k])
    return None


def _label(c: Clusters, start: int, end: int) -> int | None:
    """A speaker label opening the paragraph: "WALLACE:", "Mario Lucero:" (a person's name;
    not a salutation: "Dear Hannah:")."""
    doc = c.doc
    if doc[start].lower_ in ("dear", "hi", "hello", "to"):
        return None
    for i in range(start, min(end, start + 5)):
        if doc[i].text == ":":
            return _person_at(c, start, i, sure=True)
    return None


def _first(*clusters: int | None) -> int | None:
    """The first cluster that is there (cluster 0 is a cluster: no ``or`` chains)."""
    return next((cl for cl in clusters if cl is not None), None)


def first_person(c: Clusters) -> None:
    """Join every first-person singular pronoun to its paragraph's or the text's speaker."""
    paras = c.text.para_tokens
    author: int | None = None
    speakers: list[int | None] = []
    introduced: int | None = None
    for n, (start, end) in enumerate(paras):
        intro = _introduction(c, start, end)
        own = _first(_label(c, start, end), intro)
        if author is None:
            author = _first(_byline(c, start, end), _signature(c, paras, n))
        introduced = _first(introduced, intro)
        speakers.append(own)
    author = _first(author, introduced)
    if author is None and all(s is None for s in speakers):
        return
    quoted = _quoted(c)
    for n, (start, end) in enumerate(paras):
        speaker = _first(speakers[n], author)
        if speaker is None:
            continue
        for i in range(start, end):
            k = c.at.get(i)
            if k is not None and c.of[k] is None and _is_first(c.doc[i]) and i not in quoted:
                c.join(k, speaker)


def _quoted(c: Clusters) -> set[int]:
    """Tokens inside quotation marks: an "I" there is whoever is quoted, not the author."""
    out: set[int] = set()
    for span in find_quotes(c.text.text):
        if span.depth == 0:
            for a, b in span.pieces:
                out.update(c.text.tokens_in(a, b))
    return out


def _is_first(tok: Token) -> bool:
    return tok.lower_ in _FIRST and tok.pos_ == "PRON"
