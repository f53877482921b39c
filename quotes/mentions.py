"""A speaker mention: its extent as written, and its name, titles, kind and gender apart.

"Pentagon Press Secretary John Kirby" → name "John Kirby", title "Pentagon Press Secretary";
"Pentagon spokeswoman, Navy Cmdr. Jessica McNulty" → name "Jessica McNulty", titles
"Pentagon spokeswoman" and "Navy Cmdr."; "officials" → a group; "the Pentagon" → an
organization; "he" → a pronoun left for speakers.resolve to tie to a name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .lexicon import Lexicon

PERSON_PRONOUNS = {"he": "m", "him": "m", "she": "f", "her": "f", "i": None, "me": None}
GROUP_PRONOUNS = {"they", "them", "we", "us"}
THING_PRONOUNS = {"it"}
RELATIVE_PRONOUNS = {"who", "whom", "that", "which"}
# Dependents that describe the source rather than identify it are left out of the mention.
_CUT_DEPS = {"relcl", "acl", "advcl", "ccomp", "parataxis"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
_ORG_LABELS = {"ORG", "GPE", "NORP", "FAC"}


def is_title_word(tok: Token, lex: Lexicon) -> bool:
    return tok.lower_ in lex.titles or tok.lemma_.lower() in lex.titles


def is_org_word(tok: Token, lex: Lexicon) -> bool:
    return tok.lemma_.lower() in lex.org_words or tok.lower_ in lex.org_words


@dataclass(frozen=True, slots=True)
class Mention:
    """A speaker mention. Offsets are token indices into the Doc (``end`` exclusive)."""

    start: int
    end: int
    head: int
    name: str | None
    name_start: int | None
    name_end: int | None
    titles: tuple[str, ...]
    kind: str
    pronoun: str | None
    gender: str | None


def mention_extent(tok: Token, forbidden: Iterable[int] = ()) -> tuple[int, int]:
    """Token range of the noun phrase headed by ``tok``: its subtree without clauses that only
    describe it (relative clauses, conjoined verbs) and without edge punctuation, and never
    crossing a ``forbidden`` token (the quote's own words)."""
    blocked = set(forbidden)
    keep: set[int] = set()
    stack = [tok]
    while stack:
        t = stack.pop()
        keep.add(t.i)
        stack.extend(
            c
            for c in t.children
            # "The minister, 45, said": an age is not part of who speaks
            if c.dep_ not in _CUT_DEPS and not (c.dep_ == "appos" and c.like_num)
        )
    # the contiguous run around the head that avoids blocked tokens
    lo = hi = tok.i
    while lo - 1 in keep and lo - 1 not in blocked:
        lo -= 1
    while hi + 1 in keep and hi + 1 not in blocked:
        hi += 1
    doc = tok.doc
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space) and doc[hi].text not in (".", ")"):
        hi -= 1
    # a trailing "." belongs to the mention only as part of an abbreviation ("Jr.")
    if hi > lo and doc[hi].text == ".":
        hi -= 1
    return lo, hi + 1


def _person_ent(doc: Doc, start: int, end: int, head: int) -> Span | None:
    # PERSON entities inside the mention, from token annotations (Doc.ents rebuilds all spans)
    ents: list[Span] = []
    i = start
    while i < end:
        if doc[i].ent_type_ == "PERSON":
            j = i + 1
            while j < end and doc[j].ent_type_ == "PERSON" and doc[j].ent_iob_ == "I":
                j += 1
            ents.append(doc[i:j])
            i = j
        else:
            i += 1
    if not ents:
        return None
    for e in ents:
        if e.start <= head < e.end:
            return e
    # prefer a name the head governs directly (apposition "spokeswoman, ... McNulty")
    for e in ents:
        if doc[e.root.i].head.i == head:
            return e
    return ents[0]


def _name_range(
    doc: Doc, start: int, end: int, head: Token, lex: Lexicon
) -> tuple[int, int] | None:
    """The person's name inside the mention, as a token range, or None."""
    ent = _person_ent(doc, start, end, head.i)
    lo: int
    hi: int
    if ent is not None:
        lo, hi = ent.start, ent.end
    else:
        # No PERSON entity: a proper-noun head with its proper-noun compounds ("Kirby").
        target = head
        for child in head.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN" and start <= child.i < end:
                target = child
        if target.pos_ != "PROPN" or target.ent_type_ in _ORG_LABELS or is_org_word(target, lex):
            return None
        lo = hi = target.i
        while (
            lo - 1 >= start
            and doc[lo - 1].pos_ == "PROPN"
            and doc[lo - 1].head.i in range(lo - 1, target.i + 1)
        ):
            lo -= 1
        hi = target.i + 1
    # Titles glued to the name by NER or the parser ("Sen. Lindsey Graham", "Col. Wayne Marotto")
    while lo < hi - 1 and (is_title_word(doc[lo], lex) or doc[lo].text.endswith(".")):
        lo += 1
    while hi > lo and (doc[hi - 1].tag_ == "POS" or doc[hi - 1].text in ("'s", "’s", "'", "’")):
        hi -= 1
    if lo >= hi or not any(doc[i].is_alpha or doc[i].text[:1].isalpha() for i in range(lo, hi)):
        return None
    if doc[lo].ent_type_ in _ORG_LABELS and ent is None:
        return None
    return lo, hi


def _clean(tokens: list[Token]) -> str:
    """Text of tokens as written (with their own spacing), without leading determiners/commas."""
    while tokens and (tokens[0].is_punct or tokens[0].lower_ in _DETERMINERS):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct and tokens[-1].text != ".":
        tokens = tokens[:-1]
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def _np_limit(doc: Doc, root: Token) -> tuple[int, int]:
    """The extent of the noun phrase a name sits in (through appositions and compounds)."""
    top = root
    while top.dep_ in ("appos", "compound", "flat") and top.head.i != top.i:
        top = top.head
    return mention_extent(top)


def _title_before(
    doc: Doc, name_lo: int, lo_lim: int, lex: Lexicon, require_title: bool = True
) -> list[Token]:
    """The run of title-like words right before a name: "Pentagon Press Secretary",
    "Navy Cmdr.", "Iranian foreign ministry spokesman"; stops at punctuation, verbs,
    determiners and possessives."""
    run: list[Token] = []
    i = name_lo - 1
    while i >= lo_lim:
        t = doc[i]
        if t.tag_ == "POS" or t.is_punct and not t.text.endswith(".") or t.is_space:
            break
        if (
            t.pos_ not in ("PROPN", "NOUN", "ADJ")
            # a capitalised word the tagger got wrong ("Tulsa" as VERB)
            and not (t.is_title and t.pos_ in ("VERB", "ADV", "X", "INTJ", "NUM"))
            and not (t.text.endswith(".") and not t.is_alpha)
        ):
            break
        run.insert(0, t)
        i -= 1
    if not run or not require_title:
        return run
    titled = any(
        is_title_word(t, lex)
        or (t.pos_ == "NOUN" and t.is_lower)
        or (len(t) > 1 and t.text.endswith("."))
        for t in run
    )
    return run if titled else []


def titles_of(
    doc: Doc, name_lo: int, name_hi: int, lex: Lexicon, limit: tuple[int, int] | None = None
) -> list[str]:
    """Titles written around a person's name: the words before it ("Pentagon Press
    Secretary John Kirby"), the phrase it is in apposition to ("Pentagon spokeswoman, Navy
    Cmdr. Jessica McNulty") and an apposition after it ("Wayne Marotto, a spokesman for
    Operation Inherent Resolve"), in text order."""
    root = doc[name_lo:name_hi].root
    lo_lim, hi_lim = limit if limit is not None else _np_limit(doc, root)
    titles: list[tuple[int, str]] = []
    left = _title_before(doc, name_lo, lo_lim, lex)
    if left:
        titles.append((left[0].i, doc[left[0].i : left[-1].i + 1].text))
    # the name (or the rank before it) is in apposition to a title noun
    for tok in [root] + left[:1]:
        if tok.dep_ == "appos" and lo_lim <= tok.head.i < (left[0].i if left else name_lo):
            h = tok.head
            if is_title_word(h, lex) or h.pos_ == "NOUN":
                run = _title_before(doc, h.i, lo_lim, lex, require_title=False) + [h]
                text = _clean(run)
                if text and all(text != t for _, t in titles):
                    titles.append((run[0].i, text))
            break
    # an apposition after the name
    for child in root.children:
        if child.dep_ == "appos" and name_hi <= child.i < hi_lim and child.ent_type_ != "PERSON":
            ext = mention_extent(child)
            toks = [doc[i] for i in range(ext[0], min(ext[1], hi_lim))]
            while toks and toks[0].is_punct:
                toks = toks[1:]
            if toks:
                titles.append((toks[0].i, doc[toks[0].i : toks[-1].i + 1].text))
    return [t for t in (_tidy_title(t, lex) for _, t in sorted(titles)) if t]


def _tidy_title(text: str, lex: Lexicon) -> str | None:
    """A title as kept: honorifics are not titles ("Mr."), and a title must name a role or a
    rank ("Transport Commissioner", "Army Col."), not just describe ("expectations", "D")."""
    words = text.split()
    honorifics = lex.honorifics
    while words and words[0].lower() in honorifics:
        words = words[1:]
    if not words:
        return None
    roles = lex.titles
    ranks = lex.ranks
    for w in words:
        low = w.lower().strip(",;:()")
        if low in ranks or (low in roles and low not in honorifics) or low.rstrip("s") in roles:
            return " ".join(words)
    return None


def analyse(doc: Doc, head: Token, extent: tuple[int, int], lex: Lexicon) -> Mention:
    """Name, titles, kind and gender of the mention ``doc[extent]`` headed by ``head``."""
    start, end = extent
    low = head.lower_
    plural = head.tag_ in ("NNS", "NNPS")
    if low in PERSON_PRONOUNS and end - start == 1:
        return Mention(
            start, end, head.i, None, None, None, (), "person", low, PERSON_PRONOUNS[low]
        )
    if low in GROUP_PRONOUNS and end - start == 1:
        return Mention(start, end, head.i, None, None, None, (), "group", low, None)
    if low in THING_PRONOUNS and end - start == 1:
        return Mention(start, end, head.i, None, None, None, (), "organization", low, None)
    if low in RELATIVE_PRONOUNS and end - start == 1:
        return Mention(start, end, head.i, None, None, None, (), "unknown", low, None)
    name = _name_range(doc, start, end, head, lex)
    if name is not None:
        lo, hi = name
        found = titles_of(doc, lo, hi, lex, (start, end))
        # a title phrase elsewhere in the mention ("Pentagon spokeswoman, Navy Cmdr. ...")
        for t in doc[start:lo]:
            if is_title_word(t, lex) and t.i + 1 < lo and not is_title_word(doc[t.i + 1], lex):
                run = _title_before(doc, t.i, start, lex, require_title=False) + [t]
                text = _clean(run)
                if text and all(text not in f for f in found):
                    found.insert(0, text)
        gender = None
        for t in doc[start:end]:
            gender = gender or lex.title_gender(t.text)
        text = doc[lo:hi].text
        return Mention(start, end, head.i, text, lo, hi, tuple(found), "person", None, gender)
    kind = "unknown"
    if is_title_word(head, lex) and head.pos_ == "NOUN" and not is_org_word(head, lex):
        # a role noun is people whatever NER says ("the rookie defenceman" tagged ORG)
        kind = "group" if plural else "person"
    elif plural and head.pos_ == "NOUN":
        kind = "group"  # "officials", "militia groups", "sources"
    elif head.ent_type_ in _ORG_LABELS or is_org_word(head, lex):
        kind = "group" if plural or head.ent_type_ == "NORP" else "organization"
    elif plural:
        kind = "group"
    gender = lex.title_gender(head.text) if kind == "person" else None
    titles: tuple[str, ...] = ()
    if kind == "person":
        text = _clean(list(doc[start:end]))
        titles = (text,) if text else ()
    return Mention(start, end, head.i, None, None, None, titles, kind, None, gender)
