"""A quote's speaker, read from the document's entities.

The speaker mention is the noun phrase at the head the attribution rules found (without the
clauses that only describe it, never crossing quoted words); what it stands for comes from
the entity stage (``quotes/entities/``): a coordination of people is their group ("Ana Ruiz and
Tom Berg"), a document speaks for its issuer ("a statement from the council" → the council) or,
with none named, as a document ("the lawsuit"), anything else is the entity of its head. A
pronoun or relative pronoun that resolves to nothing gives no speaker: every speaker has a name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc, Token

from .entities import Entities, Entity
from .entities.detect import is_acronym
from .entities.names import fold
from .entities.title_pass import label_titles
from .entities.titles import before_name, title_key
from .lexicon import Lexicon
from .types import Speaker

# Dependents that describe the source rather than identify it are left out of the mention.
_CUT_DEPS = frozenset(("relcl", "acl", "advcl", "ccomp", "parataxis"))
_PRONOUNS = frozenset(
    ("he", "she", "him", "her", "it", "they", "them", "i", "me", "we", "us", "you")
    + ("who", "whom", "which", "that", "this", "these", "those")
)
_KINDS = {"place": "organization", "thing": "unknown"}


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


def entity_of(doc: Doc, entities: Entities, head: int, lo: int, hi: int) -> Entity | None:
    """What the speaker mention [lo, hi) headed by ``head`` stands for."""
    if hi - lo == 1 and doc[lo].lower_ in ("a", "answer"):
        return entities.main_person(lo)  # a Q&A's "A:" is the interviewee
    group = entities.group_at(head)
    if group is not None and all(lo <= t.i < hi for t in doc[head].conjuncts):
        return group
    issuer = entities.issuer_of(head)
    if issuer is not None:
        return issuer
    found = entities.at(head)
    name_like = _name_like(doc, lo, hi)
    if name_like and (found is None or found.kind != "person"):
        # "HADDAD:", "DELGADO-PRICE:" (the tagger's nouns): the person of that surname
        found = _by_surname(entities, doc[lo:hi].text) or found
        if found is not None and not _shares_a_word(found, doc[lo:hi].text):
            found = None  # "NORA BLUM (Eastport Ferries):" joined to the firm it names
    if found is not None:
        return found
    # a head the mention detection did not take (a label's root, a compound): a name inside
    for i in range(hi - 1, lo - 1, -1):
        inside = entities.at(i)
        if inside is not None and inside.kind == "person":
            written = doc[lo:hi].text
            if name_like and len((inside.name or "").split()) < len(written.split()):
                return replace(inside, name=written)  # "ANITA GHOSH" (GHOSH tagged a verb)
            return inside
    return None


def _name_like(doc: Doc, lo: int, hi: int) -> bool:
    """Is [lo, hi) written as a name: capitalised words only, no pronoun or determiner ("HADDAD",
    "Rosa Delgado-Price")?"""
    words = [t for t in doc[lo:hi] if t.is_alpha]
    if not words or any(t.pos_ in ("PRON", "DET") or t.lower_ in _PRONOUNS for t in words):
        return False  # "It", "They", "The council": no name
    return all(t.is_upper or t.is_title for t in words)


def _shares_a_word(entity: Entity, text: str) -> bool:
    """Does the entity's name share a word with the mention as written?"""
    words = {fold(w) for w in text.split()}
    return any(fold(w) in words for w in (entity.name or "").split())


def _by_surname(entities: Entities, text: str) -> Entity | None:
    """The one person whose name ends with the last word of ``text``; else the one other
    entity whose longer name does ("HOST ROSA DELGADO-PRICE" for "DELGADO-PRICE")."""
    last = fold(text.split()[-1])
    people: list[Entity] = []
    others: list[Entity] = []
    for e in entities:
        words = (e.name or "").split()
        if e.kind == "group" or len(words) < 2 or fold(words[-1]) != last:
            continue
        (people if e.kind == "person" else others).append(e)
    for found in (people, others):
        if len(found) == 1:
            return found[0]
    return None


def local_titles(doc: Doc, lo: int, hi: int, entity: Entity, lex: Lexicon) -> list[str]:
    """Titles written in the speaker mention itself before the name, each phrase between
    commas ("Pentagon spokeswoman, Navy Cmdr. Jessica McNulty"): the parser does not always
    make them appositions of the name."""
    names = [m for m in entity.mentions if lo <= m.head < hi and m.form == "name"]
    if not names:
        return []
    name_lo = min(m.token_start for m in names)
    found: list[str] = []
    start = lo
    for i in range(lo, name_lo + 1):
        if i == name_lo or doc[i].text in (",", ";"):
            title = before_name(doc, start, i, lex)
            if title:
                found.append(title)
            start = i + 1
    return found


def _distinct(titles: list[str]) -> list[str]:
    """The titles without one that says no more than another ("Sen." beside "Senator", "owner"
    beside "owner, Martens Books"), in their order."""
    keys = [set(title_key(t).split()) for t in titles]
    out = []
    for n, title in enumerate(titles):
        covered = any(
            keys[n] < keys[m] or (keys[n] == keys[m] and m < n) for m in range(len(titles))
        )
        if not covered:
            out.append(title)
    return out


def speaker(
    doc: Doc, entities: Entities, head: int, lo: int, hi: int, lex: Lexicon
) -> Speaker | None:
    """The Speaker of mention [lo, hi) headed by ``head``, or None when it names nobody."""
    span = doc[lo:hi]
    entity = entity_of(doc, entities, head, lo, hi)
    if entity is None or entity.name is None:
        pronoun = span.text.lower() in _PRONOUNS and not (len(span) == 1 and is_acronym(span[0]))
        if pronoun or not span.text.strip():
            return None  # "he" that resolves to nobody: no speaker rather than no name
        titles = [t for _, t in label_titles(doc, lo, hi, lex)]
        title = "; ".join(titles) or None
        return Speaker(span.text, span.start_char, span.end_char, span.text, title, "unknown")
    titles = [t for _, t in label_titles(doc, lo, hi, lex)]
    titles += local_titles(doc, lo, hi, entity, lex)
    titles += entity.titles
    titles = _distinct(titles)
    kind = _KINDS.get(entity.kind, entity.kind)
    return Speaker(
        span.text,
        span.start_char,
        span.end_char,
        entity.name,
        "; ".join(titles) or None,
        kind,  # type: ignore[arg-type]
        entity.gender,
        entity.gender_evidence,
    )
