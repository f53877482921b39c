"""A person's titles: the roles and affiliations written around their mentions.

"Pentagon Press Secretary John Kirby" → "Pentagon Press Secretary"; "Wayne Marotto, a
spokesman for Operation Inherent Resolve" → "a spokesman for Operation Inherent Resolve";
"Pentagon spokeswoman, Navy Cmdr. Jessica McNulty" → "Pentagon spokeswoman", "Navy Cmdr.".
A title names a role or a rank (``models/titles.txt``, ``models/abbreviations.txt``); never an
honorific ("Dame", "Mr."), an age or a family relation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from ..lexicon import Lexicon
from .gender import first_name_gender

if TYPE_CHECKING:  # cluster.py imports this module
    from .cluster import Cluster, Clusters

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


# Endings that make a word a profession whatever the lexicon knows ("glaciologist",
# "paediatrician", "choreographer", "psychiatrist"); none of them ends a common non-person noun.
_ROLE_ENDINGS = ("ologist", "ician", "ographer", "iatrist")


def is_role(word: str, lex: Lexicon) -> bool:
    """Does ``word`` name a role or a rank ("spokeswoman", "Cmdr.", "ministers", "Det",
    "glaciologist")?"""
    low = word.lower().strip(",;:()")
    if low in lex.honorifics or fold_dot(low) in lex.honorifics:
        return False
    if low in lex.ranks or low + "." in lex.ranks:
        return True  # "Det Insp": British style writes ranks without the dot
    singular = low[:-1] if low.endswith("s") else low
    if low in lex.titles or singular in lex.titles or singular.endswith(_ROLE_ENDINGS):
        return True
    # "co-author", "then-head": a prefix before a role word
    return "-" in low.strip("-") and is_role(low.rsplit("-", 1)[1], lex)


def fold_dot(word: str) -> str:
    """A word without its final dot ("Dr." → "Dr")."""
    return word[:-1] if word.endswith(".") else word


def skip_titles(doc: Doc, lo: int, hi: int, lex: Lexicon, *, person: bool) -> int:
    """Where the name begins in tokens [lo, hi) that NER took as one name with the titles
    written before it ("Councillor | Nasir Qadri", "Det Insp | Caroline Brewer", "Farmers |
    Ellen"): past capitalised role words and, in a ``person``'s name, past a capitalised word
    that is no first name before a first name and a surname ("Volunteer | Paul Szymanski").
    Honorifics stay (they are parts of the name). In a name NER did not call a person, what is
    left must look like one (a first name, at most three words: not "Mayor | 's Office")."""
    i = lo
    while i < hi - 1:
        t = doc[i]
        if not t.text[:1].isupper() or t.lower_ in lex.honorifics:
            break
        if not (is_role(t.text, lex) or (person and _before_first_name(doc, i, hi))):
            break
        i += 1
    if i == lo or person:
        return i
    rest = doc[i:hi]
    looks = len(rest) <= 3 and all(w.is_title or w.is_upper for w in rest)
    return i if looks and first_name_gender(rest[0].text) else lo


def _before_first_name(doc: Doc, i: int, hi: int) -> bool:
    """Is token i a word that is no first name, followed by a first name and a surname?"""
    if i + 2 >= hi or first_name_gender(doc[i].text):
        return False
    return bool(first_name_gender(doc[i + 1].text)) and doc[i + 2].pos_ == "PROPN"


def title_key(title: str) -> str:
    """Titles compared: "Sen." and "Senator" are one, "the cyclist" and "cyclist" too."""
    words = [_EXPANSIONS.get(w.lower(), w.lower()) for w in title.replace(",", " ").split()]
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def names_role(words: list[str], lex: Lexicon) -> bool:
    """Do the words name a role: one of them ("spokeswoman", "Cmdr."), or a role of several
    words written in them ("Right wing", "centre back", "chief executive")?"""
    if any(is_role(w, lex) for w in words):
        return True
    low = [w.lower() for w in words]
    pairs = (" ".join(low[k : k + 2]) for k in range(len(low) - 1))
    return any(pair in lex.titles for pair in pairs)


def tidy(text: str, lex: Lexicon) -> str | None:
    """A title as kept: without honorifics at its edges ("Northwind chair Dame" → "Northwind
    chair") or a leading "the", and only when a word names a role or a rank."""
    words = text.split()
    while words and (words[0].lower() in lex.honorifics or words[0].lower() == "the"):
        words = words[1:]
    while words and (words[-1].lower() in lex.honorifics or words[-1] in (",", ";", "-", "—")):
        words = words[:-1]
    if not names_role(words, lex):
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
    Pharma's chief executive Annika Berglund", "Local 219 President", "Director of rugby"),
    which stops at punctuation, determiners and verbs; a dotted rank the parser left out of
    the phrase counts too ("Coun. | Gerald Pike")."""
    i = name_lo
    while i > lo and _in_title(doc, i - 1, lo, lex):
        i -= 1
    while i == lo and i > 0 and doc[i - 1].lower_ in lex.ranks and doc[i - 1].whitespace_:
        lo = i = i - 1
    end = name_lo
    # a first name NER left out of the name is no title ("Goaltender | Anders Lindgren")
    while end - 1 > i and _first_name(doc[end - 1], lex):
        end -= 1
    return tidy(span_text(doc, i, end), lex) if end > i else None


def _in_title(doc: Doc, k: int, lo: int, lex: Lexicon) -> bool:
    """Does token k (before a name, or before a token already in the title) belong to it?"""
    t = doc[k]
    if t.tag_ == "POS":
        return k > lo  # the possessor belongs to the title: "Harbourline's chief executive"
    if t.text == "-" and not t.whitespace_ and k > lo and not doc[k - 1].whitespace_:
        return True  # "first-name voters", "Norwegian-born novelist"
    abbreviation = t.text.endswith(".") and not t.is_punct
    if t.is_space or (t.is_punct and not abbreviation):
        return False
    if t.pos_ == "NUM" and k > lo and doc[k - 1].is_title:
        return True  # "Local 219 President", "Station 12 Captain"
    if t.pos_ == "ADP" and t.lower_ in ("of", "for") and k > lo:
        return is_role(doc[k - 1].text, lex)  # "Director of rugby", "Minister for Health"
    capitalised = t.is_title and t.pos_ in ("VERB", "ADV", "X", "INTJ", "NUM")
    return t.pos_ in ("PROPN", "NOUN", "ADJ") or capitalised or abbreviation


def _first_name(tok: Token, lex: Lexicon) -> bool:
    return (
        tok.pos_ == "PROPN"
        and tok.is_title
        and not is_role(tok.text, lex)
        and first_name_gender(tok.text) is not None
    )


def appositions(head: Token, name_lo: int, lex: Lexicon) -> list[tuple[int, str]]:
    """Titles set off around a name, each with the token it starts at: the title noun the name
    is in apposition to ("Pentagon spokeswoman, Navy Cmdr. X"), a title phrase in apposition
    after it ("X, a spokesman for Y"; "X, Director, Coastal Arts Trust"), roles coordinated
    with it by the parser ("X, President and CEO,"), the organisation it is "of", "at",
    "from" or "with" ("X of Kelby University") and a role it acts "as" ("X took over as
    executive director of Y")."""
    found = _host(head, name_lo, lex)
    for c in _after(head, lex):
        if c.dep_ == "appos" and c.ent_type_ != "PERSON" and not c.like_num:
            found += _set_off(c, lex)
        elif c.dep_ == "conj" and _bare_role(c, lex):
            lo, hi = phrase_extent(c)
            found.append((lo, span_text(c.doc, lo, hi)))
        elif c.dep_ == "prep" and c.i == head.i + 1:
            found += _affiliation(c)
        elif c.dep_ == "relcl":
            found += _acts_as(c, lex)
    if head.dep_ in ("nsubj", "nsubjpass"):
        found += _acts_as(head.head, lex)
    return found


def _after(head: Token, lex: Lexicon) -> list[Token]:
    """The dependents after a name, and those of the post-nominals set off after it ("Helena
    Strand, M.D., Ph.D., medical director of …": the parser hangs the title on "Ph.D.")."""
    out: list[Token] = []
    stack = [c for c in head.children if c.i > head.i]
    while stack:
        c = stack.pop(0)
        if c.dep_ in ("appos", "conj") and _post_nominal(c.text, lex):
            stack += [g for g in c.children if g.i > c.i]
            continue
        out.append(c)
    return out


def _post_nominal(word: str, lex: Lexicon) -> bool:
    return word in lex.post_nominals or fold_dot(word) in lex.post_nominals


def _host(head: Token, name_lo: int, lex: Lexicon) -> list[tuple[int, str]]:
    """The title noun a name is in apposition to: "Pentagon spokeswoman, Navy Cmdr. X";
    "vice-president of operations Graham Pellerin"."""
    h = head.head
    if head.dep_ != "appos" or h.i >= name_lo or h.pos_ not in ("NOUN", "PROPN"):
        return []
    if not _is_role_head(h, lex):
        return []  # "Author interview: Sunniva Berg on …" names no role
    doc = head.doc
    lo, _ = phrase_extent(h)
    # the title noun with what follows it up to the name or a comma
    end = next((i for i in range(h.i + 1, name_lo) if doc[i].is_punct), name_lo)
    title = tidy(span_text(doc, lo, end), lex)
    return [(lo, title)] if title else []


def _set_off(c: Token, lex: Lexicon) -> list[tuple[int, str]]:
    """A phrase in apposition after a name: a role ("a spokesman for Y"), a noun of a
    person at an organisation ("partner at Tamsin Ventures") or the organisation itself
    ("Coastal Arts Trust")."""
    doc = c.doc
    lo, hi = phrase_extent(c)
    if c.ent_type_ == "ORG" and c.pos_ == "PROPN":
        return [(lo, _org_text(doc, lo, hi))]
    if _is_role_head(c, lex):
        title = tidy(span_text(doc, lo, hi), lex)
        return [(lo, title)] if title else []
    family = lex.relations.get(c.lower_) is not None and c.lower_ not in _AT_WORK
    if c.pos_ == "NOUN" and not family and any(_affiliation(p) for p in c.children):
        return [(lo, span_text(doc, lo, hi).removeprefix("the ").removeprefix("a "))]
    return []


# Relation nouns that name a role when said of someone at an organisation ("partner at Y").
_AT_WORK = frozenset(("partner", "colleague", "associate", "boss"))


def _is_role_head(tok: Token, lex: Lexicon) -> bool:
    """Is ``tok`` a role noun, alone, as the last word of a role of several words ("chief
    executive", "centre back") or with a coordinated role ("co-founder and chief executive")?"""
    if is_role(tok.text, lex):
        return True
    doc = tok.doc
    if tok.i > 0 and f"{doc[tok.i - 1].lower_} {tok.lower_}" in lex.titles:
        return True
    return any(is_role(c.text, lex) for c in tok.conjuncts)


def _bare_role(c: Token, lex: Lexicon) -> bool:
    """A role coordinated with a name after a comma, without a determiner ("Gwen Halvorsen,
    President and CEO, said"): the parser's reading of an apposition."""
    doc = c.doc
    if c.ent_type_ == "PERSON" or any(d.dep_ in ("det", "poss") for d in c.children):
        return False
    lo, _ = phrase_extent(c)
    return lo > 0 and doc[lo - 1].text == "," and _is_role_head(c, lex)


def _affiliation(prep: Token) -> list[tuple[int, str]]:
    """The organisation of "of", "at", "from" or "with" an organisation ("of the Harcourt
    Fraud Unit", "with Pinecrest Securities"); not a place ("of Texas")."""
    if prep.dep_ != "prep" or prep.lower_ not in _AFFILIATION_PREPS:
        return []
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.ent_type_ != "ORG" or pobj.pos_ != "PROPN":
        return []
    lo, hi = phrase_extent(pobj)
    return [(lo, _org_text(pobj.doc, lo, hi))]


_AFFILIATION_PREPS = frozenset(("of", "at", "from", "with"))


def _org_text(doc: Doc, lo: int, hi: int) -> str:
    """An organisation's name as a title: without a leading "the"."""
    if hi - lo > 1 and doc[lo].lower_ == "the":
        lo += 1
    return span_text(doc, lo, hi)


def _acts_as(verb: Token, lex: Lexicon) -> list[tuple[int, str]]:
    """The role of "took over as executive director of Y", "serves as chair", "was appointed
    as coach" (a verb with no object of its own, so the role is its subject's)."""
    if verb.pos_ not in ("VERB", "AUX") or any(c.dep_ == "dobj" for c in verb.children):
        return []
    found = []
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ != "as":
            continue
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is not None and _is_role_head(pobj, lex):
            lo, hi = phrase_extent(pobj)
            title = tidy(span_text(verb.doc, lo, hi), lex)
            found += [(lo, title)] if title else []
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
        or (i > lo and doc[i - 1].text == "-" and not doc[i - 1].whitespace_)  # "two-decade"
    ):
        i += 1
    return tidy(span_text(doc, i, hi), lex)


def complete_titles(c: Clusters) -> None:
    """Titles the passes that join mentions do not give, once every mention is joined:
    the role noun of every description of a person, a group's titles and its members' (in
    the singular), and a person's plural role in the singular ("The tenants, Zhao Wei and Liu
    Fang": the group "tenants", Zhao Wei "tenant")."""
    description_titles(c)
    group_titles(c)
    for k, m in enumerate(c.mentions):
        cl = c.cluster(k)
        if cl is not None and m.form == "name" and cl.kind != "group":
            for at, title in label_titles(c.doc, m.start, m.end, c.lex):
                cl.add_title(title, at)
    for cl in c.clusters:
        if cl.kind == "person":
            cl.written[:] = [(at, singular(t, c.lex)) for at, t in cl.written]


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
        head = c.doc[m.head]
        if not _is_role_head(head, c.lex):
            continue  # "Author interview: …" names no role
        title = role_noun(c.doc, m.start, _role_end(head, m.end), head, c.lex)
        if _written_as_description(c.doc[m.start], head):
            cl.add_title(title, m.start)
        elif title:
            bare.append((cl, m.start, title))
    for cl, at, title in bare:
        if not cl.written:
            cl.add_title(title, at)


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
                group.add_title(before_name(c.doc, cut, i, c.lex), cut)
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
    if low in lex.titles or not low.endswith("s") or _PREPOSITIONS & {w.lower() for w in words}:
        return title
    for cut in (1, 2):  # owners, coaches
        if low[:-cut] in lex.titles:
            return " ".join([*words[:-1], words[-1][:-cut]])
    return title


_PREPOSITIONS = frozenset(("of", "for", "at", "with", "to", "in", "from", "on", "and"))


def _role_end(head: Token, end: int) -> int:
    """The end of a role phrase headed by ``head`` whose noun phrase ends at ``end``: with the
    prepositions after it ("a former engineer | at Caddon Water"), without what is set off
    after a comma, a colon or a line break."""
    for c in head.rights:
        if c.dep_ != "prep":
            break
        last = c.right_edge.i + 1
        if any(t.is_space or t.text in (",", ":", ";") for t in head.doc[end:last]):
            break
        end = last
    return end


def label_titles(doc: Doc, lo: int, hi: int, lex: Lexicon) -> list[tuple[int, str]]:
    """The roles a speaker label writes around the name [lo, hi) that opens a line: "HOST
    ROSA DELGADO-PRICE:", "ROSALIE FONTAINE, IRONWORKER:", "FELIX MARTENS (owner, Martens
    Books):", "MODERATOR (KAREN IBE):", "Hannah Vogel — Pinecrest Securities:" (a label in
    capitals gives its roles in lower case: "ironworker")."""
    start = _line_start(doc, lo)
    colon = _label_colon(doc, hi)
    if start is None or colon is None:
        return []
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
    if a < b:
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
