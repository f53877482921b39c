"""A person's titles: the roles and affiliations written around their mentions.

"Pentagon Press Secretary John Kirby" → "Pentagon Press Secretary"; "Wayne Marotto, a
spokesman for Operation Inherent Resolve" → "a spokesman for Operation Inherent Resolve";
"Pentagon spokeswoman, Navy Cmdr. Jessica McNulty" → "Pentagon spokeswoman", "Navy Cmdr.".
A title names a role or a rank (``models/titles.txt``, ``models/abbreviations.txt``); never an
honorific ("Dame", "Mr."), an age or a family relation.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..lexicon import Lexicon

# Dependents that describe a phrase rather than belong to it.
_CUT_DEPS = frozenset(("relcl", "acl", "advcl", "ccomp", "parataxis"))
_EXPANSIONS = {
    "sen.": "senator",
    "rep.": "representative",
    "gov.": "governor",
    "gen.": "general",
    "lt.": "lieutenant",
    "col.": "colonel",
    "sgt.": "sergeant",
    "capt.": "captain",
    "maj.": "major",
    "adm.": "admiral",
    "pres.": "president",
    "amb.": "ambassador",
    "det.": "detective",
    "insp.": "inspector",
    "supt.": "superintendent",
    "cmdr.": "commander",
    "cpl.": "corporal",
    "atty.": "attorney",
}


def is_role(word: str, lex: Lexicon) -> bool:
    """Does ``word`` name a role or a rank ("spokeswoman", "Cmdr.", "ministers")?"""
    low = word.lower().strip(",;:()")
    if low in lex.honorifics:
        return False
    return low in lex.ranks or low in lex.titles or low.rstrip("s") in lex.titles


def title_key(title: str) -> str:
    """Titles compared: "Sen." and "Senator" are one, "the cyclist" and "cyclist" too."""
    words = [_EXPANSIONS.get(w.lower(), w.lower()) for w in title.split()]
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def tidy(text: str, lex: Lexicon) -> str | None:
    """A title as kept: without honorifics at its edges ("Northwind chair Dame" → "Northwind
    chair") or a leading "the", and only when a word names a role or a rank."""
    words = text.split()
    while words and (words[0].lower() in lex.honorifics or words[0].lower() == "the"):
        words = words[1:]
    while words and (words[-1].lower() in lex.honorifics or words[-1] in (",", ";", "-", "—")):
        words = words[:-1]
    if not any(is_role(w, lex) for w in words):
        return None
    return " ".join(words)


def phrase_extent(tok: Token) -> tuple[int, int]:
    """Token range of the phrase headed by ``tok``: its subtree without clauses that only
    describe it, contiguous around the head, without edge punctuation."""
    keep: set[int] = set()
    stack = [tok]
    while stack:
        t = stack.pop()
        keep.add(t.i)
        stack.extend(c for c in t.children if c.dep_ not in _CUT_DEPS)
    lo = hi = tok.i
    while lo - 1 in keep:
        lo -= 1
    while hi + 1 in keep:
        hi += 1
    doc = tok.doc
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space) and doc[hi].text != ".":
        hi -= 1
    if hi > lo and doc[hi].text == "." and not doc[hi - 1].text.endswith("."):
        hi -= 1
    return lo, hi + 1


def span_text(doc: Doc, lo: int, hi: int) -> str:
    """The text of tokens [lo, hi) as written."""
    return doc[lo:hi].text if hi > lo else ""


def before_name(doc: Doc, lo: int, name_lo: int, lex: Lexicon) -> str | None:
    """The title written right before a name, within its noun phrase from token ``lo``:
    the run of nouns, proper nouns, adjectives and abbreviations back from the name
    ("Pentagon Press Secretary John Kirby", "Navy Cmdr. Jessica McNulty", "Lindqvist
    Pharma's chief executive Annika Berglund"), which stops at punctuation, determiners and
    verbs."""
    i = name_lo
    while i > lo:
        t = doc[i - 1]
        abbreviation = t.text.endswith(".") and not t.is_punct
        if t.tag_ == "POS" and i - 1 > lo:
            i -= 1  # the possessor belongs to the title: "Harbourline's chief executive"
            continue
        if t.is_space or (t.is_punct and not abbreviation):
            break
        capitalised = t.is_title and t.pos_ in ("VERB", "ADV", "X", "INTJ", "NUM")
        if t.pos_ not in ("PROPN", "NOUN", "ADJ") and not capitalised and not abbreviation:
            break
        i -= 1
    return tidy(span_text(doc, i, name_lo), lex) if name_lo > i else None


def appositions(head: Token, name_lo: int, lex: Lexicon) -> list[tuple[int, str]]:
    """Titles in apposition: a title phrase after the name ("X, a spokesman for Y") and the
    title noun the name is in apposition to ("Pentagon spokeswoman, Navy Cmdr. X")."""
    doc = head.doc
    found: list[tuple[int, str]] = []
    if head.dep_ == "appos" and head.head.i < name_lo and head.head.pos_ in ("NOUN", "PROPN"):
        h = head.head
        lo, _ = phrase_extent(h)
        # the title noun with what follows it up to the name or a comma ("vice-president of
        # operations Graham Pellerin"; "Pentagon spokeswoman, Navy Cmdr. Jessica McNulty")
        end = next((i for i in range(h.i + 1, name_lo) if doc[i].is_punct), name_lo)
        title = tidy(span_text(doc, lo, end), lex)
        if title:
            found.append((lo, title))
    for c in head.children:
        if c.dep_ == "appos" and c.i > head.i and c.ent_type_ != "PERSON" and not c.like_num:
            lo, hi = phrase_extent(c)
            title = tidy(span_text(doc, lo, hi), lex)
            if title:
                found.append((lo, title))
    return found


def role_noun(doc: Doc, lo: int, hi: int, head: Token, lex: Lexicon) -> str | None:
    """What a description of a person gives as title: the phrase without determiner, age and
    possessor ("the 52-year-old electrician" → "electrician", "Dunmore defender" stays)."""
    i = lo
    while i < head.i and (
        doc[i].dep_ in ("det", "poss", "case", "nummod", "npadvmod")
        or doc[i].tag_ == "POS"
        or doc[i].like_num
        or "year" in doc[i].lower_
        or doc[i].is_punct
    ):
        i += 1
    return tidy(span_text(doc, i, hi), lex)
