"""Descriptions, relative pronouns and documents → the entity they are about.

- "the spokeswoman", "the 31-year-old midfielder", "the veteran keeper": the last person whose
  titles hold the description's role word (a "goalkeeper" is a "keeper"); a description with an
  age ("the 52-year-old") falls back to the person most recently the subject of a sentence;
- "the agency", "the club": the last organisation whose name holds the word, else the last
  organisation named;
- "who", "which", "that": what their clause modifies;
- documents: "a statement from the council", "the council's release" → the council issues it.
All look back over a bounded window.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from .cluster import Clusters
from .titles import role_noun

#: Sentences a description looks back for its entity.
WINDOW = 12
_DEFINITE = frozenset(("the", "this", "that", "these", "those"))
_ISSUER_PREPS = frozenset(("from", "by", "of"))


def _definite(c: Clusters, k: int) -> bool:
    m = c.mentions[k]
    first = c.doc[m.start]
    return first.lower_ in _DEFINITE or first.dep_ == "poss" or first.tag_ == "PRP$"


def _has_age(c: Clusters, k: int) -> bool:
    m = c.mentions[k]
    return any("year-old" in t.lower_ or t.lower_ == "old" for t in c.doc[m.start : m.head])


def _role_fits(word: str, titles: list[str]) -> bool:
    """Does a role word fit one of the titles ("keeper" fits "Dunmore goalkeeper")?"""
    for title in titles:
        for w in title.lower().replace(",", " ").split():
            if w == word or (len(word) > 3 and w.endswith(word)) or w.rstrip("s") == word:
                return True
    return False


def _back(c: Clusters, k: int) -> Iterator[int]:
    """Mentions before mention k within the window, nearest first."""
    sent = c.sentence(k)
    for j in range(k - 1, -1, -1):
        if sent - c.sentence(j) > WINDOW:
            return
        yield j


def person_antecedent(c: Clusters, k: int) -> int | None:
    head = c.doc[c.mentions[k].head]
    word = head.lemma_.lower()
    fallback = None
    for j in _back(c, k):
        cj = c.of[j]
        if cj is None or c.clusters[cj].kind != "person":
            continue
        if _role_fits(word, c.clusters[cj].titles):
            return cj
        if fallback is None and c.mentions[j].role == "subj" and c.mentions[j].form == "name":
            fallback = cj
    return fallback if _has_age(c, k) else None


def org_antecedent(c: Clusters, k: int) -> int | None:
    """ "the agency": the last organisation whose name holds the word; a bare "the company"
    (nothing but the determiner) also the last organisation named."""
    m = c.mentions[k]
    word = c.doc[m.head].lower_
    bare = m.head - m.start == 1
    latest = None
    for j in _back(c, k):
        cj = c.of[j]
        if cj is None or c.clusters[cj].kind != "organization" or c.mentions[j].form != "name":
            continue
        label = (c.clusters[cj].label or "").lower()
        if word in label.split():
            return cj
        latest = cj if latest is None else latest
    return latest if bare else None


def descriptions(c: Clusters) -> None:
    for k, m in enumerate(c.mentions):
        if m.form != "description" or c.of[k] is not None or m.plural or not _definite(c, k):
            continue
        if c.doc[m.start].tag_ == "PRP$":
            continue  # "his lawyer" is someone else
        target = None
        if m.kind == "person":
            target = person_antecedent(c, k)
        elif m.kind == "organization":
            target = org_antecedent(c, k)
        if target is not None:
            c.join(k, target)
            if m.kind == "person":
                title = role_noun(c.doc, m.start, m.end, c.doc[m.head], c.lex)
                c.clusters[target].add_title(title, m.start)


def _relcl(tok: Token) -> Token | None:
    """The relative clause a relative pronoun opens ("who said", "whose lawyer said")."""
    t = tok
    for _ in range(3):
        if t.dep_ == "relcl":
            return t
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def relatives(c: Clusters) -> None:
    for k, m in enumerate(c.mentions):
        if m.form != "relative" or c.of[k] is not None:
            continue
        clause = _relcl(c.doc[m.head])
        j = c.at.get(clause.head.i) if clause is not None else None
        if j is None:
            continue
        if c.of[j] is None:
            c.new(j, c.mentions[j].kind)
        target = c.of[j]
        assert target is not None
        c.join(k, target)


def documents(c: Clusters) -> None:
    """A document's issuer: its possessor ("the council's release") or the object of "from",
    "by" or "of" ("a statement from the council")."""
    for k, m in enumerate(c.mentions):
        head = c.doc[m.head]
        if m.form != "description" or head.lemma_.lower() not in c.lex.document_nouns:
            continue
        for child in head.children:
            issuer = None
            if child.dep_ == "poss":
                issuer = c.at.get(child.i)
            elif child.dep_ == "prep" and child.lower_ in _ISSUER_PREPS:
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                issuer = c.at.get(pobj.i) if pobj is not None else None
            if issuer is not None and c.of[issuer] is not None:
                kind = c.clusters[c.of[issuer]].kind  # type: ignore[index]
                if kind in ("person", "organization", "group", "place"):
                    c.issuers[k] = c.of[issuer]  # type: ignore[assignment]
                    break
