"""Speech cues: the words that signal an attribution ("said", "pointed out", "according to").

The verb lexicon lives in ``models/cue_verbs.txt``; this module only finds its entries in a
parsed Doc. A cue is reported as its head verb plus a particle or preposition that is part of
the lexicon entry ("point out", "call for"), never with auxiliaries ("has said" → "said").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.attrs import LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from .resources import table

# Tiers of models/cue_verbs.txt: "any" cues make a quote with any complement, "clause" cues with
# anything but an object, "marked" cues only with a clause or with quoted words in their content.
ANY = "any"
CLAUSE = "clause"
MARKED = "marked"
ACCORDING = "according"


@dataclass(frozen=True, slots=True)
class CueMatch:
    """A cue found in a Doc: token ``head`` (the verb, or "according"), the phrase
    ``start``..``end`` (token indices, end exclusive) and the lexicon entry it matched."""

    head: int
    start: int
    end: int
    lemma: str
    tier: str

    def span(self, doc: Doc) -> Span:
        return doc[self.start : self.end]


@cache
def _lexicon() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    single: dict[str, str] = {}
    double: dict[tuple[str, str], str] = {}
    for lemma, fields in table("cue_verbs.txt").items():
        tier = fields[0] if fields else ANY
        words = lemma.split()
        if len(words) == 2:
            double[(words[0], words[1])] = tier
        else:
            single[lemma] = tier
    return single, double


@cache
def _lexicon_hashes() -> frozenset[int]:
    single, double = _lexicon()
    words = set(single) | {a for a, _ in double} | {"according"}
    words |= {w.capitalize() for w in words}  # lemmas keep the case of proper-noun-like words
    return frozenset(get_string_id(w) for w in words)


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _is_excluded(tok: Token) -> bool:
    """Uses of a cue verb that are not attributions."""
    if tok.dep_ == "amod" or tok.tag_ == "JJ":  # "so-called", "the reported attack"
        return True
    # "a group called Politics and Pies": a passive participle modifying a noun names, not quotes.
    return bool(
        _lemma(tok) == "call"
        and tok.dep_ in ("acl", "relcl")
        and tok.tag_ == "VBN"
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
    )


def find_cues(doc: Doc) -> list[CueMatch]:
    """Every speech cue of the Doc, in text order."""
    single, double = _lexicon()
    found: list[CueMatch] = []
    if not len(doc):
        return found
    # only tokens whose lemma is in the lexicon (or "according") are looked at as Tokens
    wanted = _lexicon_hashes()
    arr = doc.to_array([LEMMA, LOWER])
    hits = [i for i, (lem, low) in enumerate(arr.tolist()) if lem in wanted or low in wanted]
    for i in hits:
        tok = doc[i]
        low = tok.lower_
        if low == "according":
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is not None and nxt.lower_ == "to":
                found.append(CueMatch(tok.i, tok.i, tok.i + 2, "according to", ACCORDING))
            continue
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ == "aux":
            continue
        lemma = _lemma(tok)
        match: CueMatch | None = None
        for child in tok.children:
            if child.dep_ in ("prt", "prep"):
                tier = double.get((lemma, _lemma(child)))
                if tier is not None and child.i == tok.i + 1:
                    match = CueMatch(tok.i, tok.i, tok.i + 2, f"{lemma} {_lemma(child)}", tier)
                    break
        if match is None and lemma in single:
            match = CueMatch(tok.i, tok.i, tok.i + 1, lemma, single[lemma])
        if match is not None and not _is_excluded(tok):
            found.append(match)
    return found


def is_cue_verb(tok: Token) -> bool:
    """Is ``tok`` a verb of the cue lexicon (any tier)?"""
    single, double = _lexicon()
    return tok.pos_ in ("VERB", "AUX") and _lemma(tok) in single
