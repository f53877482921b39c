"""The titles pass: what a person's or a group's mentions say of them, once every mention is
joined to its entity (``find_entities`` runs it last).

- every description that stands for a person gives its role noun ("A food blogger told …"
  named later as Priya Lakhani-Moss: "food blogger"); an unnamed spokesperson speaks for the
  organisation named just before;
- coordinated people have the plural title written before them ("The tenants, Zhao Wei and
  Liu Fang": "tenants"), and each of them has it in the singular ("tenant");
- speaker labels give the roles written around the name ("ROSALIE FONTAINE, IRONWORKER:").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from ..lexicon import Lexicon
from .gender import first_name_gender
from .titles import (
    before_name,
    is_role,
    is_role_head,
    names_role,
    role_noun,
    skip_titles,
    span_text,
)

if TYPE_CHECKING:
    from .cluster import Cluster, Clusters


def complete_titles(c: Clusters) -> None:
    """Titles the passes that join mentions do not give, once every mention is joined:
    the role noun of every description of a person, a group's titles and its members' (in
    the singular), and a person's plural role in the singular ("The tenants, Zhao Wei and Liu
    Fang": the group "tenants", Zhao Wei "tenant")."""
    description_titles(c)
    group_titles(c)
    speaker_label_titles(c)
    for cl in c.clusters:
        if cl.kind == "person":
            cl.written[:] = [(at, singular(_label_case(t), c.lex)) for at, t in cl.written]


def speaker_label_titles(c: Clusters) -> None:
    """The roles written in speaker labels around a name ("ROSALIE FONTAINE, IRONWORKER:"),
    also around a name in capitals the tagger read as nouns ("HOST ROSA DELGADO-PRICE:")."""
    for k, m in enumerate(c.mentions):
        cl = c.cluster(k)
        if cl is None or cl.kind == "group" or m.form not in ("name", "description"):
            continue
        written = m.form == "name" or _name_written(c.doc, m.start, m.end)
        if written and not (m.form == "description" and is_role(c.doc[m.head].text, c.lex)):
            for at, title in label_titles(c.doc, m.start, m.end, c.lex):
                cl.add_title(title, at)


def description_titles(c: Clusters) -> None:
    """Every description that stands for a person or a group of named people gives them its
    role noun, whichever pass joined it ("A food blogger told …" named later as Priya
    Lakhani-Moss: "food blogger"; "the 29-year-old centre back": "centre back"); one that
    names no role gives nothing ("the 33-year-old", "her colleague"). A bare title word
    ("…, says MP", "Dean") is weaker evidence: it gives a title only to someone who has none."""
    bare: list[tuple[Cluster, int, str]] = []
    for k, m in enumerate(c.mentions):
        cl = c.cluster(k)
        if cl is None or m.form != "description":
            continue
        if not (cl.kind == "person" and not m.plural or cl.kind == "group" and cl.members):
            continue
        if cl.kind == "person" and m.role in ("obj", "pobj"):
            continue  # "ran down a cyclist", "winning best actress": someone else, or nobody
        head = c.doc[m.head]
        if not is_role_head(head, c.lex):
            continue  # "Author interview: …" names no role
        title = role_noun(c.doc, m.start, _role_end(head, m.end), head, c.lex)
        if title and head.lower_ in _SPEAKS_FOR and title.lower() == head.lower_:
            title = _for_whom(c, k, title)
        if _written_as_description(c.doc[m.start], head):
            cl.add_title(title, m.start)
        elif title and not (head.is_title and first_name_gender(head.text)):
            bare.append((cl, m.start, title))  # not "Dean", "King": a name as much as a role
    for cl, at, title in bare:
        if not cl.written:
            cl.add_title(title, at)


# Roles that speak for an organisation: one written without it speaks for the one just named.
_SPEAKS_FOR = frozenset(("spokesperson", "spokesman", "spokeswoman", "spokespeople"))


def _for_whom(c: Clusters, k: int, title: str) -> str:
    """A spokesperson's organisation when the story leaves it out: the last organisation named
    in the sentence or the one before ("The rail company wants to cut the service … A
    spokeswoman told me …" → "spokeswoman for the rail company")."""
    sent = c.sentence(k)
    for j in range(k - 1, -1, -1):
        if sent - c.sentence(j) > 1:
            break
        cl = c.cluster(j)
        mj = c.mentions[j]
        if (cl.kind if cl is not None else mj.kind) == "organization" and mj.end <= c.mentions[
            k
        ].start:
            org = c.doc[mj.start : mj.end].text
            return f"{title} for {org[0].lower() + org[1:] if org.startswith('The ') else org}"
    return title


def _written_as_description(first: Token, head: Token) -> bool:
    """Is a description determined ("a", "the", "his", "Keystride's") or set off (in apposition,
    a predicate) — written as a description of someone rather than as a bare title word?"""
    determined = first.dep_ in ("det", "poss", "nummod") or first.tag_ in ("DT", "PRP$", "WP$")
    return determined or head.dep_ in ("appos", "attr")


def group_titles(c: Clusters) -> None:
    """The titles written before coordinated people ("Farmers Ellen and Bart Hoekstra",
    "The store's franchise owners, Kwame and Efua Mensah") are their group's; a group's
    titles are each member's too, in the singular."""
    for head, g in c.groups.items():
        group = c.clusters[g]
        start = c.mentions[c.at[head]].start
        names = [
            c.mentions[k].name_start
            for member in group.members
            for k in c.clusters[member].mentions
            if start <= c.mentions[k].name_start and c.mentions[k].form == "name"
        ]
        if not names:
            continue
        name_lo = min(names)
        cut = start
        for i in range(start, name_lo + 1):
            if i == name_lo or c.doc[i].text in (",", ";"):
                group.add_title(before_name(c.doc, cut, i, c.lex, group=True), cut)
                cut = i + 1
    for group in c.clusters:
        for member in group.members if group.kind == "group" else ():
            for at, title in group.written:
                c.clusters[member].add_title(singular(title, c.lex), at)


def singular(title: str, lex: Lexicon) -> str:
    """A title whose head, its last word, is a role in the plural, in the singular
    ("franchise owners" → "franchise owner", "Farmers" → "Farmer", "coaches" → "coach"); any
    other title as it is ("counsel for the restaurant's owners")."""
    words = title.split()
    low = words[-1].lower()
    if low.endswith("s.") and low[:-2] + "." in lex.ranks:
        return " ".join([*words[:-1], words[-1][:-2] + "."])  # "Sens." → "Sen."
    if low in lex.titles or not low.endswith("s") or _PREPOSITIONS & {w.lower() for w in words}:
        return title
    for cut in (1, 2):  # owners, coaches
        if low[:-cut] in lex.titles:
            return " ".join([*words[:-1], words[-1][:-cut]])
    return title


_PREPOSITIONS = frozenset(("of", "for", "at", "with", "to", "in", "from", "on", "and"))


def _role_end(head: Token, end: int) -> int:
    """The end of a role phrase headed by ``head`` whose noun phrase ends at ``end``: with the
    prepositions that say whose or where the role is ("a former engineer | at Caddon Water",
    "ambassador | to Burma"), without what is set off after a comma, a colon, a dash, a
    quotation mark or a line break."""
    for c in head.rights:
        if c.dep_ != "prep" or c.lower_ not in _ROLE_PREPS:
            break
        last = c.right_edge.i + 1
        if any(t.is_space or t.is_quote or t.text in _SET_OFF for t in head.doc[end:last]):
            break
        end = last
    return end


_ROLE_PREPS = frozenset(("of", "for", "at", "to", "from", "in", "on"))
_SET_OFF = frozenset((",", ":", ";", "--", "—", "–", "(", ")"))


def _name_written(doc: Doc, lo: int, hi: int) -> bool:
    """Are tokens [lo, hi) written as a name, in capitals ("HOST ROSA DELGADO-PRICE", which
    the tagger read as nouns)?"""
    words = [t for t in doc[lo:hi] if t.is_alpha]
    return bool(words) and all(t.is_upper for t in words)


def label_titles(doc: Doc, lo: int, hi: int, lex: Lexicon) -> list[tuple[int, str]]:
    """The roles a speaker label writes around the name [lo, hi) that opens a line: "HOST
    ROSA DELGADO-PRICE:", "ROSALIE FONTAINE, IRONWORKER:", "FELIX MARTENS (owner, Martens
    Books):", "MODERATOR (KAREN IBE):", "Hannah Vogel — Pinecrest Securities:" (a label in
    capitals gives its roles in lower case: "ironworker")."""
    colon = _label_colon(doc, hi)
    start = _line_start(doc, lo) if colon is not None else None  # (most names have no colon)
    if start is None or colon is None:
        return []
    lo = skip_titles(doc, lo, hi, lex, person=True)  # "HOST | ROSA DELGADO-PRICE"
    before = [t for t in doc[start:lo] if t.is_alpha]
    if any(not (t.is_upper or t.is_title) for t in before):
        return []  # prose before the name: no label
    found = []
    if before and names_role([t.text for t in before], lex):
        found.append((before[0].i, _label_case(" ".join(t.text for t in before))))
    a, b = hi, colon
    while a < b and (doc[a].is_punct or doc[a].is_space):
        a += 1
    while b > a and (doc[b - 1].is_punct or doc[b - 1].is_space):
        b -= 1
    # after the name, a role or an affiliation ("IRONWORKER", "Pinecrest Securities"), not
    # the rest of a headline ("Ah, friends once more: Ted Cruz …")
    after = [t for t in doc[a:b] if t.is_alpha]
    if after and (names_role([t.text for t in after], lex) or any(t.is_title for t in after)):
        found.append((a, _label_case(span_text(doc, a, b))))
    return found


#: Tokens a label may hold before its colon.
_LABEL_TOKENS = 12


def _line_start(doc: Doc, lo: int) -> int | None:
    """The first token of the line holding token ``lo``, when it is near (a label opens its
    line; "[00:00:05]" and a role may come before the name)."""
    i = lo
    while i > 0 and lo - i <= _LABEL_TOKENS:
        if doc[i - 1].is_space and "\n" in doc[i - 1].text or "\n" in doc[i - 1].whitespace_:
            return i
        i -= 1
    return 0 if i == 0 else None


def _label_colon(doc: Doc, hi: int) -> int | None:
    """The label's colon after the name ending at token ``hi``: on the same line, with no
    verb before it ("X said:" is no label)."""
    for i in range(hi, min(hi + _LABEL_TOKENS, len(doc))):
        t = doc[i]
        if t.is_space and "\n" in t.text or t.pos_ in ("VERB", "AUX"):
            return None
        if ":" in t.text:
            return i
    return None


def _label_case(text: str) -> str:
    """A role written in capitals, in lower case but for its short letters ("SITE
    SUPERINTENDENT" → "site superintendent", "VP" stays)."""
    if not text.isupper():
        return text
    return " ".join(w.lower() if len(w) > 3 else w for w in text.split())
