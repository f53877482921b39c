"""First-person pronouns ("I", "me", "my") → the person the text names as its speaker.

Interviews, letters, columns, vlogs and transcripts say who "I" is by their layout or in so
many words: a byline ("By Arash Javanbakht"), a signature after a valediction ("Respectfully,
George Chriss"), a self-introduction ("My name is Katie", "I'm Mario J. Lucero") or a speaker
label ("WALLACE: I think …"). A self-introduction or a label names the speaker of its own
paragraph; a byline, a signature or the first self-introduction names the author of the rest.

Hearings and panels hand the floor by address: a paragraph that ends with a person's name and
nothing else ("… for the respondents, Kirk M. Bart. Miss Rosenthal?", "General Prelogar.")
gives the next paragraphs to that person until someone else is called; a question put in
between (a paragraph ending in "?") is someone else's, and its "you" is the floor's holder.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from ..marks import find_quotes
from .cluster import Clusters

_FIRST = frozenset(("i", "me", "my", "mine", "myself"))
_SECOND = frozenset(("you", "your", "yours", "yourself"))
_VALEDICTIONS = re.compile(
    r"^(yours( truly| sincerely| faithfully)?|sincerely( yours)?|respectfully( yours)?|"
    r"(best |kind |warm )?regards|cheers|best( wishes)?|with (love|thanks|gratitude)|love|thanks)"
    r",?\s*",
    re.I,
)
_INTRO = re.compile(r"\b(?:my name is|i am|i'm|i’m|this is)\s+$", re.I)


def _person_at(
    c: Clusters, lo: int, hi: int, sure: bool = False, claim: bool = False
) -> int | None:
    """The person cluster of the first name mention among tokens [lo, hi) (``sure``: one
    known to be a person, not a proper noun nobody called one). Where the layout itself says
    a person (``claim``: a byline, a signature), a name no pass clustered yet becomes a
    person, whatever the entity recogniser took it for ("Yours, / Bill")."""
    kinds = ("person",) if sure else ("person", "unknown")
    for i in range(lo, hi):
        k = c.at.get(i)
        if k is None or c.mentions[k].form != "name":
            continue
        m = c.mentions[k]
        cl = c.of[k]
        if claim and c.doc[m.start : m.end].text.istitle() and m.end - m.start <= 4:
            if cl is None:
                cl = c.new(k, "person")
            elif c.clusters[cl].mentions == [k]:
                c.clusters[cl].kind = "person"
        if cl is not None and c.clusters[cl].kind in kinds:
            return cl
    return None


def _byline(c: Clusters, start: int, end: int) -> int | None:
    """A short paragraph "By NAME" (or "— NAME")."""
    doc = c.doc
    first = doc[start]
    if first.lower_ not in ("by", "—", "–", "-") or end - start > 8:
        return None
    return _person_at(c, start + 1, end, claim=True)


def _signature(c: Clusters, paras: list[tuple[int, int]], n: int) -> int | None:
    """A name signing off after a valediction: "Respectfully, George Chriss", or "Yours," on
    its own line and the name on the next."""
    start, end = paras[n]
    text = c.text.text[c.text.starts[start] : c.text.ends[end - 1]] if end > start else ""
    m = _VALEDICTIONS.match(text)
    if m is None or len(text) > 80:
        return None
    if m.end() < len(text.rstrip()):
        return _person_at(c, start, end, claim=True)
    if n + 1 < len(paras):
        lo, hi = paras[n + 1]
        return _person_at(c, lo, min(hi, lo + 6), claim=True)
    return None


def _introduction(c: Clusters, start: int, end: int) -> int | None:
    """ "My name is Katie", "I'm Mario J. Lucero": the person named right after."""
    doc = c.doc
    text = c.text.text
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


def _called(c: Clusters, start: int, end: int) -> int | None:
    """The person a paragraph hands the floor to: its last sentence is their name alone, with
    honorifics or titles ("Miss Rosenthal?", "General Prelogar.", "Mr. Bart, please.")."""
    doc = c.doc
    last = end - 1
    while last > start and (doc[last].is_space or doc[last].is_punct):
        last -= 1
    if last <= start or doc[last + 1 : end].text.strip() not in ("?", ".", ", please."):
        return None
    first = doc[last].sent.start
    words = [t for t in doc[max(first, start) : last + 1] if not t.is_punct]
    if not 1 <= len(words) <= 4 or not all(
        t.pos_ == "PROPN" or c.lex.is_title(t.text) for t in words
    ):
        return None
    return _person_at(c, words[0].i, last + 1, sure=True)


def _speakers(c: Clusters) -> tuple[list[int | None], list[int | None], int | None]:
    """Per paragraph: its own speaker (a label or a self-introduction) and whoever holds the
    floor; and the text's author (byline, signature, first self-introduction)."""
    author: int | None = None
    own: list[int | None] = []
    floor: list[int | None] = []
    introduced: int | None = None
    holder: int | None = None
    paras = c.text.para_tokens
    for n, (start, end) in enumerate(paras):
        intro = _introduction(c, start, end)
        own.append(_first(_label(c, start, end), intro))
        floor.append(holder)
        holder = _first(_called(c, start, end), holder)
        if author is None:
            author = _first(_byline(c, start, end), _signature(c, paras, n))
        introduced = _first(introduced, intro)
    return own, floor, _first(author, introduced)


def first_person(c: Clusters) -> None:
    """Join every first-person singular pronoun to its paragraph's or the text's speaker,
    and the "you" of a question put to the floor's holder to the holder."""
    own, floor, author = _speakers(c)
    if author is None and all(s is None for s in own) and all(f is None for f in floor):
        return
    quoted = _quoted(c)
    for n, (start, end) in enumerate(c.text.para_tokens):
        question = floor[n] is not None and own[n] is None and _asks(c, start, end)
        speaker = None if question else _first(own[n], floor[n], author)
        for i in range(start, end):
            k = c.at.get(i)
            if k is None or c.of[k] is not None or i in quoted:
                continue
            if speaker is not None and _is_first(c.doc[i]):
                c.join(k, speaker)
            elif question and c.doc[i].lower_ in _SECOND and (holder := floor[n]) is not None:
                c.join(k, holder)


def _asks(c: Clusters, start: int, end: int) -> bool:
    """Does the paragraph end with a question?"""
    text = c.doc[start:end].text.rstrip()
    return text.endswith("?")


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
