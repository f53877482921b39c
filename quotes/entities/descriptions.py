"""Descriptions, relative pronouns and documents → the entity they are about.

- "the spokeswoman", "the 31-year-old midfielder", "the veteran keeper": the last person whose
  titles hold the description's role word (a "goalkeeper" is a "keeper"); a description with an
  age ("the 52-year-old") falls back to the person most recently the subject of a sentence;
- "the agency", "the club": the last organisation whose name holds the word, else the last
  organisation named;
- "who", "which", "that": what their clause modifies;
- documents: "a statement from the council", "the council's release" → the council issues it;
- "this guy named Mario", "a man called Ben": the name the description gives;
- "As a psychiatrist, I …", "my view as a physician": whoever the clause's subject (or the
  possessor) is, once pronouns are resolved.
All look back over a bounded window.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from ..lexicon import Lexicon
from .cluster import Clusters
from .detect import age_in
from .titles import role_noun

#: Sentences a description looks back for its entity.
WINDOW = 12
_DEFINITE = frozenset(("the", "this", "that", "these", "those"))
_ISSUER_PREPS = frozenset(("from", "by", "of"))
_NONE: frozenset[str] = frozenset()
_DESCRIBING = frozenset(("amod", "advmod", "npadvmod", "punct"))
_TEAMS = frozenset(("club", "team", "side", "squad", "franchise", "outfit"))


def _definite(c: Clusters, k: int) -> bool:
    m = c.mentions[k]
    first = c.doc[m.start]
    return first.lower_ in _DEFINITE or first.dep_ == "poss" or first.tag_ == "PRP$"


def _role_fits(word: str, titles: list[str], lex: Lexicon) -> bool:
    """Does a role word fit one of the titles ("keeper" fits "Dunmore goalkeeper"; by
    ``models/role_synonyms.txt``, "judge" fits "Justice")?"""
    synonyms = lex.role_synonyms.get(word, _NONE)
    for title in titles:
        for w in title.lower().replace(",", " ").split():
            if w == word or (len(word) > 3 and w.endswith(word)) or w.rstrip("s") == word:
                return True
            if w in synonyms:
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
    """The person a definite description of a person stands for: the last one with that age
    ("the 33-year-old" → "Callum Brannock, 33,") or that role ("the keeper" → "Dunmore
    goalkeeper X"); with an age but no match, the last person who was a subject."""
    m = c.mentions[k]
    head = c.doc[m.head]
    word = head.lemma_.lower()
    age = age_in(c.doc, m.start, m.head + 1)
    fallback = None
    for j in _back(c, k):
        cj = c.of[j]
        if cj is None or c.clusters[cj].kind != "person":
            continue
        cl = c.clusters[cj]
        if age is not None and cl.age == age:
            return cj
        if word != "old" and _role_fits(word, cl.titles, c.lex):
            return cj
        mj = c.mentions[j]
        if mj.form == "description" and c.doc[mj.head].lemma_.lower() == word != "old":
            return cj  # "their child, Gloria … the child": the same noun for the same person
        if fallback is None and c.mentions[j].role == "subj" and c.mentions[j].form == "name":
            fallback = cj
    # an age or a nationality says little about who: the last person who was a subject
    return fallback if age is not None or head.ent_type_ == "NORP" else None


def org_antecedent(c: Clusters, k: int) -> int | None:
    """ "the agency": the last organisation whose name holds the word; a bare "the company"
    (nothing but the determiner) also the last organisation named."""
    m = c.mentions[k]
    word = c.doc[m.head].lower_
    bare = m.head - m.start == 1
    # "the family-owned company", "the Ottawa-based firm": words that describe, no other name
    # or nationality ("the Iraqi military" is not the Pentagon)
    plain = not bare and all(
        t.dep_ in _DESCRIBING
        and (t.dep_ == "npadvmod" or (t.pos_ != "PROPN" and not t.ent_type_))
        for t in c.doc[m.start + 1 : m.head]
    )
    latest = None
    for j in _back(c, k):
        cj = c.of[j]
        if cj is None or c.mentions[j].form != "name":
            continue
        cl = c.clusters[cj]
        label = (cl.label or "").lower()
        if cl.kind in ("organization", "place", "unknown") and word in label.split():
            return cj  # "the county" → Pembury County, "the bank" → the Bank of Canada
        if cl.kind == "person" and label.split()[-1:] == [word] and word in c.lex.org_words:
            cl.kind = "organization"  # "Kelby Zoo … the zoo": NER took the zoo for a person
            return cj
        # a team is often named by its town ("Harlow City … the club")
        town = word in _TEAMS and cl.kind == "place"
        # described, not bare: only an organisation that was a subject
        subject = bare or c.mentions[j].role == "subj"
        if latest is None and (cl.kind in ("organization", "unknown") or town) and subject:
            latest = cj
    return latest if bare or plain else None


def _ahead(c: Clusters, k: int, sentences: int) -> Iterator[int]:
    """Mentions after mention k within the next ``sentences`` sentences, nearest first."""
    sent = c.sentence(k)
    for j in range(k + 1, len(c.mentions)):
        if c.sentence(j) - sent > sentences:
            return
        yield j


def named_later(c: Clusters, k: int) -> int | None:
    """ "A coroner has concluded … ¶ Area coroner Margaret Okoye said": a person introduced by
    a role and named just after — the next person whose titles hold that role; in the first
    sentences of a story (its headline and lede), the next person named as a subject."""
    m = c.mentions[k]
    word = c.doc[m.head].lemma_.lower()
    lede = c.sentence(k) <= 2
    for j in _ahead(c, k, 3):
        cj = c.of[j]
        mj = c.mentions[j]
        if cj is None or c.clusters[cj].kind != "person" or mj.form != "name":
            continue
        if c.clusters[cj].before(m.head) > 0:
            continue  # someone named before: not the one being introduced
        if _role_fits(word, c.clusters[cj].titles, c.lex) or (lede and mj.role == "subj"):
            return cj
    return None


_NAMING = frozenset(("name", "call", "dub", "nickname"))


def _named_so(c: Clusters, k: int) -> int | None:
    """ "this guy named Mario", "a boy called Ben": the mention of the name it is given."""
    head = c.doc[c.mentions[k].head]
    for acl in head.rights:
        if acl.dep_ == "acl" and acl.tag_ == "VBN" and acl.lemma_.lower() in _NAMING:
            for child in acl.children:
                j = c.at.get(child.i)
                if j is not None and c.mentions[j].form == "name" and c.of[j] is not None:
                    return c.of[j]
    return None


def named_descriptions(c: Clusters) -> None:
    """People a description names right there ("this guy named Mario", "this breed called
    Americans")."""
    for k, m in enumerate(c.mentions):
        if m.form == "description" and m.kind in ("person", "group") and c.of[k] is None:
            named = _named_so(c, k)
            if named is not None:
                c.join(k, named)


def org_named_later(c: Clusters, k: int) -> int | None:
    """ "TORONTO (CP) — The province's largest nurses' union says … ¶ Lakeshore Nurses'
    Federation president …": an organisation a story's lede describes and names just after —
    the next organisation named (within two sentences) that was not named before."""
    m = c.mentions[k]
    verb = c.doc[m.head].head
    if c.sentence(k) > 1 or m.role != "subj" or c.lex.cue_tier(verb.lemma_.lower()) is None:
        return None  # only a speaker: "the union says", not "across the province"
    best: tuple[int, int, int] | None = None  # (start, -end, cluster): the first, longest
    for j in _ahead(c, k, 2):
        cj = c.of[j]
        mj = c.mentions[j]
        if cj is None or mj.form != "name" or c.clusters[cj].kind != "organization":
            continue
        if best is not None and mj.start > best[0]:
            break  # "Lakeshore Nurses' Federation" over the "Lakeshore Nurses" inside it
        if c.clusters[cj].before(m.head) == 0:
            best = min(best or (mj.start, -mj.end, cj), (mj.start, -mj.end, cj))
    return best[2] if best is not None else None


def introductions(c: Clusters) -> None:
    """Unnamed people a story names a little later (see :func:`named_later`), and
    organisations its lede describes before naming them (:func:`org_named_later`)."""
    for k, m in enumerate(c.mentions):
        if m.form == "description" and m.kind == "organization" and c.of[k] is None:
            if _definite(c, k) and not m.plural:
                target = org_named_later(c, k)
                if target is not None:
                    c.join(k, target)
            continue
        if m.form != "description" or m.kind != "person" or m.plural or c.of[k] is not None:
            continue
        if c.doc[m.start].tag_ == "PRP$" or c.doc[m.start].lower_ in _DEFINITE:
            continue  # "his lawyer" is someone else; "the judge" looks back, not ahead
        target = named_later(c, k)
        if target is not None:
            c.join(k, target)


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
            if c.clusters[target].kind == "unknown":
                c.clusters[target].kind = m.kind  # "Valley Transit … the agency": an organisation
            if m.kind == "person":
                title = role_noun(c.doc, m.start, m.end, c.doc[m.head], c.lex)
                c.clusters[target].add_title(title, m.start)


def _as_role_of(c: Clusters, k: int) -> int | None:
    """ "As a psychiatrist, I …": the cluster of the subject of the clause an "as"-phrase
    modifies; "my perspective as a physician": of the possessor of the noun it modifies."""
    head = c.doc[c.mentions[k].head]
    prep = head.head
    if head.dep_ != "pobj" or prep.lower_ != "as" or prep.dep_ != "prep":
        return None
    host = prep.head
    deps = ("poss",) if host.pos_ in ("NOUN", "PROPN") else ("nsubj", "nsubjpass")
    holder = next((t for t in host.children if t.dep_ in deps), None)
    j = c.at.get(holder.i) if holder is not None else None
    if j is None or c.of[j] is None or c.clusters[c.of[j]].kind != "person":  # type: ignore[index]
        return None
    return c.of[j]


def as_roles(c: Clusters) -> None:
    """Unjoined person descriptions in an "as"-phrase join who they describe (run once
    pronouns are resolved: the holder is often "I" or "she"); then the definite descriptions
    still unjoined look back again, for the roles this gave ("the psychiatrist")."""
    for k, m in enumerate(c.mentions):
        if m.form == "description" and m.kind == "person" and c.of[k] is None:
            holder = _as_role_of(c, k)
            if holder is not None:
                c.join(k, holder)
                title = role_noun(c.doc, m.start, m.end, c.doc[m.head], c.lex)
                c.clusters[holder].add_title(title, m.start)
    descriptions(c)


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


def _before(c: Clusters, i: int) -> int | None:
    """The mention right before token ``i`` (past a comma): the antecedent of a relative
    pronoun the parser did not hang on a relative clause ("the Department which reported")."""
    j = i - 1
    while j >= 0 and c.doc[j].text == ",":
        j -= 1
    return c.at.get(j) if j >= 0 else None


def relatives(c: Clusters, wait: bool = False) -> None:
    """A relative pronoun joins what its clause modifies. With ``wait``, one that modifies a
    definite description no pass has placed yet is left for later, so "The 33-year-old, who …"
    can first find the person it stands for (a cluster of its own would hide it from that)."""
    for k, m in enumerate(c.mentions):
        if m.form != "relative" or c.of[k] is not None:
            continue
        clause = _relcl(c.doc[m.head])
        j = c.at.get(clause.head.i) if clause is not None else _before(c, m.head)
        if j is None:
            continue
        if wait and c.of[j] is None and c.mentions[j].form == "description" and _definite(c, j):
            continue
        if c.of[j] is None:
            c.new(j, c.mentions[j].kind)
        target = c.of[j]
        assert target is not None
        c.join(k, target)


_PEOPLE_KINDS = ("person", "organization", "group", "place")


def _own_issuer(c: Clusters, head: Token) -> int | None:
    """The issuer a document's own phrase names: its possessor ("the council's release"), the
    object of "from", "by" or "of" ("a statement from the council"), or the subject of the
    verb it is the means of ("Norvale Police said in a release", "In a statement, X said")."""
    found: list[int | None] = []
    for child in head.children:
        if child.dep_ == "poss":
            found.append(c.at.get(child.i))
        elif child.dep_ == "prep" and child.lower_ in _ISSUER_PREPS:
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            found.append(c.at.get(pobj.i) if pobj is not None else None)
    prep = head.head
    if head.dep_ == "pobj" and prep.lower_ == "in" and prep.head.pos_ in ("VERB", "AUX"):
        subj = next((g for g in prep.head.children if g.dep_ == "nsubj"), None)
        found.append(c.at.get(subj.i) if subj is not None else None)
    for j in found:
        cj = c.of[j] if j is not None else None
        if cj is not None and c.clusters[cj].kind in _PEOPLE_KINDS:
            return cj
    return None


def documents(c: Clusters) -> None:
    """A document's issuer (see :func:`_own_issuer`); "the statement", "the release" with no
    issuer of its own is the last document of that name, so it has that one's issuer
    ("X said in a statement … “…,” the statement said" → X)."""
    latest: dict[str, int] = {}  # document noun → cluster of the last issuer
    for k, m in enumerate(c.mentions):
        head = c.doc[m.head]
        noun = head.lemma_.lower()
        if m.form != "description" or noun not in c.lex.document_nouns:
            continue
        issuer = _own_issuer(c, head)
        if issuer is None and _definite(c, k) and c.doc[m.start].tag_ != "PRP$":
            issuer = latest.get(noun)
        if issuer is not None:
            c.issuers[k] = issuer
            latest[noun] = issuer
