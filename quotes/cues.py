"""Speech cues: the words that signal an attribution ("said", "pointed out", "according to").

The verb lexicon lives in ``models/cue_verbs.txt`` (read into :class:`~quotes.lexicon.Lexicon`);
this module only finds its entries in a parsed Doc. A cue is reported as its head verb plus a
particle or preposition that is part of the lexicon entry ("point out", "call for"), never with
auxiliaries ("has said" → "said").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from .lexicon import Lexicon
from .shapes import cue_forms

# Tiers of models/cue_verbs.txt: "any" cues make a quote with any complement, "clause" cues with
# anything but an object, "marked" cues only with a clause or with quoted words in their content.
# "finding" cues ("found that", "heard that") need a source that finds (quotes/rules/content.py).
# "according" is "according to"; "label" and "byline" are layout cues (quotes/rules/layout.py).
Tier = Literal["any", "clause", "marked", "finding", "according", "label", "byline", "manner"]
ANY: Tier = "any"
CLAUSE: Tier = "clause"
MARKED: Tier = "marked"
FINDING: Tier = "finding"
ACCORDING: Tier = "according"


@dataclass(frozen=True, slots=True)
class CueMatch:
    """A cue found in a Doc: token ``head`` (the verb, or "according"), the phrase
    ``start``..``end`` (token indices, end exclusive) and the lexicon entry it matched."""

    head: int
    start: int
    end: int
    lemma: str
    tier: Tier


# A cue token in these positions is a noun (a gerund the tagger left a verb).
_NOUN_DEPS = frozenset(("pobj", "dobj", "nsubj", "nsubjpass", "compound", "conj"))
_FINDING_LEMMAS = frozenset(("find", "hear"))
# Cue verbs whose passive participle names or describes a noun ("called", "accused of").
_NAMING = frozenset(("call", "accuse", "charge"))


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _is_excluded(tok: Token) -> bool:
    """Uses of a cue verb that are not attributions."""
    if tok.dep_ == "amod" or tok.tag_ == "JJ":  # "so-called", "the reported attack"
        return True
    # "at the second committee hearing": a finding verb's gerund used as a noun
    if tok.tag_ == "VBG" and tok.dep_ in _NOUN_DEPS and _lemma(tok) in _FINDING_LEMMAS:
        return True
    # "a group called Politics and Pies", "A man accused of stabbing a clerk": a passive
    # participle modifying a noun names or describes it; nobody is quoted (with an agent,
    # "comments made by the minister", someone is).
    return bool(
        _lemma(tok) in _NAMING
        and tok.dep_ in ("acl", "relcl")
        and tok.tag_ == "VBN"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in tok.children)
    )


def _verb_cue(tok: Token, lex: Lexicon) -> CueMatch | None:
    """The lexicon entry a verb token starts: a two-word entry with its particle or
    preposition right after it ("point out"), else a one-word entry."""
    lemma = _lemma(tok)
    for child in tok.children:
        # "put it" ("As the judge put it: …") is an entry with its object
        if child.dep_ in ("prt", "prep") or (child.dep_ == "dobj" and child.lower_ == "it"):
            tier = lex.cue_double.get((lemma, _lemma(child)))
            if tier is not None and child.i == tok.i + 1:
                return CueMatch(tok.i, tok.i, tok.i + 2, f"{lemma} {_lemma(child)}", tier)  # type: ignore[arg-type]
    tier = lex.cue_single.get(lemma)
    return CueMatch(tok.i, tok.i, tok.i + 1, lemma, tier) if tier is not None else None  # type: ignore[arg-type]


@lru_cache(maxsize=8)
def _wanted(lex: Lexicon) -> numpy.ndarray:
    """Hashes of the cue lemma forms and "according" (no strings added to the vocabulary)."""
    ids = sorted({get_string_id(w) for w in [*cue_forms(lex), "according"]})
    return numpy.array(ids, dtype="uint64")


def find_cues(doc: Doc, lex: Lexicon) -> list[CueMatch]:
    """Every speech cue of the Doc, in text order."""
    found: list[CueMatch] = []
    if not len(doc):
        return found
    # only tokens whose lemma is in the lexicon (or "according") are looked at as Tokens
    wanted = _wanted(lex)
    arr = doc.to_array([LEMMA, LOWER])
    hits = numpy.flatnonzero(
        numpy.isin(arr[:, 0], wanted) | numpy.isin(arr[:, 1], wanted)
    ).tolist()
    for i in hits:
        tok = doc[i]
        if tok.lower_ == "according":
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if nxt is not None and nxt.lower_ == "to":
                found.append(CueMatch(tok.i, tok.i, tok.i + 2, "according to", ACCORDING))
            continue
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ == "aux":
            continue
        match = _verb_cue(tok, lex)
        if match is not None and not _is_excluded(tok):
            found.append(match)
    return found


def is_cue_verb(tok: Token, lex: Lexicon) -> bool:
    """Is ``tok`` a verb of the cue lexicon (one-word entries)?"""
    return tok.pos_ in ("VERB", "AUX") and _lemma(tok) in lex.cue_single
