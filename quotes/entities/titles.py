"""A person's titles: the roles and affiliations written around their mentions.

"Pentagon Press Secretary John Kirby" → "Pentagon Press Secretary"; "Wayne Marotto, a
spokesman for Operation Inherent Resolve" → "a spokesman for Operation Inherent Resolve";
"Pentagon spokeswoman, Navy Cmdr. Jessica McNulty" → "Pentagon spokeswoman", "Navy Cmdr.".
A title names a role or a rank (``models/titles.txt``, ``models/abbreviations.txt``); never an
honorific ("Dame", "Mr."), an age or a family relation. Here: the words of a role, the title
before a name (:func:`before_name`), what is set off around it (:func:`appositions`) and a
description's role noun (:func:`role_noun`); ``title_pass.py`` adds, once every mention is
joined, what descriptions, groups and speaker labels say.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..lexicon import Lexicon
from .gender import first_name_gender

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


def before_name(
    doc: Doc, lo: int, name_lo: int, lex: Lexicon, *, group: bool = False
) -> str | None:
    """The title written right before a name, within its noun phrase from token ``lo``:
    the run of nouns, proper nouns, adjectives and abbreviations back from the name
    ("Pentagon Press Secretary John Kirby", "Navy Cmdr. Jessica McNulty", "Lindqvist
    Pharma's chief executive Annika Berglund", "Local 219 President", "Director of rugby"),
    which stops at punctuation, determiners and verbs; a dotted rank the parser left out of
    the phrase counts too ("Coun. | Gerald Pike"). A title in the plural is one only of
    coordinated people (a name coordinated with others); ``group`` asks for the title of
    coordinated people, which is plural ("Farmers | Ellen and Bart Hoekstra")."""
    i = name_lo
    while i > lo and _in_title(doc, i - 1, lo, lex):
        i -= 1
    if i == lo and i > 0 and doc[i - 1].whitespace_ and is_role(doc[i - 1].text, lex):
        # a role right before the phrase, which the parser hung elsewhere ("Coun. | Gerald
        # Pike", "Norwegian-born novelist | Sunniva Berg's third book")
        i -= 1
        while i > 0 and _in_title(doc, i - 1, 0, lex):
            i -= 1
    # the title ends with its role: not with a first name NER left out of the name
    # ("Goaltender | Anders Lindgren") nor with a headline's verb ("Black Lawmakers Rip |
    # Donald Trump"); "Director of rugby" ends with what the role is of
    end = _last_role(doc, i, name_lo, lex)
    plural = end > i and _plural(doc[end - 1], lex)
    if plural and not (group or _coordinated(doc[name_lo])):
        return None  # a plural is no title of one person ("Lawmakers | Donald Trump")
    if group and not plural:
        return None  # "President Obama and Clinton": the first one's, not the group's
    return tidy(span_text(doc, i, end), lex) if end > i else None


def _plural(tok: Token, lex: Lexicon) -> bool:
    """Is ``tok`` a plural, by its tag or as a role word with an "s" ("Lawmakers" in a title-case
    headline, which the tagger calls a proper noun)?"""
    low = tok.lower_
    if low.endswith("s.") and low[:-2] + "." in lex.ranks:
        return True  # "Sens.", "Reps."
    return tok.tag_ in ("NNS", "NNPS") or (
        low.endswith("s") and low not in lex.titles and low[:-1] in lex.titles
    )


def _last_role(doc: Doc, i: int, end: int, lex: Lexicon) -> int:
    """The end of tokens [i, end) cut after their last role word, or after what follows an
    "of" or "for" ("Director of rugby"); ``i`` when none names a role."""
    for j in range(end - 1, i - 1, -1):
        if doc[j].lower_ in ("of", "for"):
            return end
        pair = j > i and f"{doc[j - 1].lower_} {doc[j].lower_}" in lex.titles
        if pair or is_role(doc[j].text, lex):
            return j + 1
    return i


def _coordinated(tok: Token) -> bool:
    """Is the name holding ``tok`` one of coordinated people ("Farmers Ellen and Bart …")?"""
    while tok.dep_ in ("compound", "flat") and tok.head.i > tok.i:
        tok = tok.head
    return bool(tok.conjuncts)


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
    # a word of a role of two words, whatever its tag ("lead author", "Centre back")
    pair = (k + 1 < len(doc) and f"{t.lower_} {doc[k + 1].lower_}" in lex.titles) or (
        k > lo and f"{doc[k - 1].lower_} {t.lower_}" in lex.titles
    )
    return t.pos_ in ("PROPN", "NOUN", "ADJ") or capitalised or abbreviation or pair


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
            found += _affiliation(c, _AFFILIATION_PREPS)
        elif c.dep_ == "relcl":
            found += _acts_as(c, lex) + _who_does(c)
    if head.dep_ in ("nsubj", "nsubjpass"):
        found += _acts_as(head.head, lex)
        if _lawyer(head, lex):
            found += _legal_side(head.head)
    return found


# Letters after a lawyer's name: King's and Queen's Counsel, Senior Counsel.
_COUNSEL = frozenset(("kc", "qc", "k.c.", "q.c.", "sc", "s.c."))


def _lawyer(head: Token, lex: Lexicon) -> bool:
    """Is the name headed by ``head`` a lawyer's, by its letters ("Jeremy Aske KC") or a legal
    title before it ("Crown attorney X")? A witness "giving evidence for the prosecution" is
    on no side."""
    words = head.doc[head.left_edge.i : head.i + 1]
    return any(w.lower_ in _COUNSEL or lex.title_category(w.text) == "legal" for w in words)


# The sides a lawyer speaks for: "KC, for the prosecution".
_SIDES = frozenset(
    ("prosecution", "defence", "defense", "crown", "plaintiff", "plaintiffs", "claimant")
    + ("claimants", "respondent", "respondents", "appellant", "appellants", "applicant")
)


def _legal_side(verb: Token) -> list[tuple[int, str]]:
    """The side its subject speaks for in court, in the clause around the verb: "For the
    defence, Miriam Oduya KC said …", "Opening the case for the prosecution, Jeremy Aske KC
    said …" (not inside what is said)."""
    stack = [(c, 1) for c in verb.children if c.dep_ in ("prep", "advcl")]
    while stack:
        tok, depth = stack.pop()
        pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        side = pobj is not None and pobj.lower_ in _SIDES
        if side and pobj is not None and tok.dep_ == "prep" and tok.lower_ == "for":
            return [(tok.i, span_text(tok.doc, tok.i, pobj.i + 1))]
        if depth < _SIDE_DEPTH:
            stack += [(c, depth + 1) for c in tok.children if c.dep_ in ("prep", "dobj")]
    return []


#: How deep the side is looked for under the verb ("Opening | the case | for | the prosecution").
_SIDE_DEPTH = 3


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
    if not is_role_head(h, lex):
        return []  # "Author interview: Sunniva Berg on …" names no role
    doc = head.doc
    lo, _ = phrase_extent(h)
    # without a determiner, a pronoun's possessive or a number ("His | lawyer", "two | family
    # doctors"); a possessor named stays ("Garrow's lawyer")
    while lo < h.i and (doc[lo].tag_ in ("DT", "PRP$", "CD") or doc[lo].like_num):
        lo += 1
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
    # the phrase stops at a comma, a quotation or a dash the parser hung on it ("…, 2015
    # winner of the Erikson Prize, into “a living room …”")
    hi = next((i for i in range(c.i + 1, hi) if doc[i].is_quote or doc[i].text in _BREAKS), hi)
    while hi > lo + 1 and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    if c.ent_type_ == "ORG" and c.pos_ == "PROPN":
        return [(lo, _org_text(doc, lo, hi))]
    if is_role_head(c, lex):
        title = tidy(span_text(doc, lo, hi), lex)
        return [(lo, title)] if title else []
    family = lex.relations.get(c.lower_) is not None and c.lower_ not in _AT_WORK
    if c.pos_ == "NOUN" and not family and any(_affiliation(p, _AT_WORK_PREPS) for p in c.children):
        return [(lo, span_text(doc, lo, hi).removeprefix("the ").removeprefix("a "))]
    return []


_BREAKS = frozenset((",", ";", "--", "—", "–", "―"))

# Relation nouns that name a role when said of someone at an organisation ("partner at Y").
_AT_WORK = frozenset(("partner", "colleague", "associate", "boss"))


def is_role_head(tok: Token, lex: Lexicon) -> bool:
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
    return lo > 0 and doc[lo - 1].text == "," and is_role_head(c, lex)


def _affiliation(prep: Token, preps: frozenset[str]) -> list[tuple[int, str]]:
    """The organisation of a preposition among ``preps`` and an organisation ("of the
    Harcourt Fraud Unit", "with Pinecrest Securities"); not a place ("of Texas")."""
    if prep.dep_ != "prep" or prep.lower_ not in preps:
        return []
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.ent_type_ != "ORG" or pobj.pos_ != "PROPN":
        return []
    lo, hi = phrase_extent(pobj)
    return [(lo, _org_text(pobj.doc, lo, hi))]


# after a name, not "at": "a mentor to Mr. Obama at Harvard Law School" is where, not whose
_AFFILIATION_PREPS = frozenset(("of", "from", "with"))
# after a noun of a person: "partner at Tamsin Ventures"
_AT_WORK_PREPS = frozenset(("of", "at", "from", "with", "for"))


def _org_text(doc: Doc, lo: int, hi: int) -> str:
    """An organisation's name as a title: without a leading "the"."""
    if hi - lo > 1 and doc[lo].lower_ == "the":
        lo += 1
    return span_text(doc, lo, hi)


def _who_does(verb: Token) -> list[tuple[int, str]]:
    """What a person does in the story, said of them in a relative clause of one verb in the
    simple present or past and its definite object ("Coun. Rick Delacroix, who represents the
    ward"; "Professor Amara Nwosu, who led the study"; "chef Tomás Berrocal, who runs the
    kitchen at the … canteen"). Not a clause with more in it ("who has studied the levy since
    2009", "who takes the No. 6 bus to his job", "who will join the board")."""
    subject = [c for c in verb.children if c.dep_ == "nsubj"]
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    rest = [c for c in verb.children if c.dep_ not in ("nsubj", "dobj", "punct")]
    if verb.tag_ not in ("VBZ", "VBD") or rest or len(objects) != 1:
        return []
    if len(subject) != 1 or subject[0].lower_ != "who" or subject[0].i != verb.i - 1:
        return []
    obj = objects[0]
    first = obj.doc[obj.left_edge.i]
    if not (first.lower_ in ("the", "this") or first.tag_ == "PRP$" or obj.pos_ == "PROPN"):
        return []  # "who ran a fake charity" says what, not which: no role
    if obj.like_num or obj.ent_type_ in ("ORDINAL", "CARDINAL", "DATE", "TIME"):
        return []  # "who bogeyed the 18th": a moment of the story, not a part in it
    hi = obj.right_edge.i + 1
    words = obj.doc[verb.i + 1 : hi]
    if hi - verb.i > _DEED_TOKENS or any(
        t.is_space or t.is_quote or t.pos_ == "VERB" for t in words
    ):
        return []  # not "signed the legislation authorizing the building of the museum"
    return [(verb.i, span_text(verb.doc, verb.i, hi))]


#: The longest deed a relative clause gives as a title, in tokens (verb and object).
_DEED_TOKENS = 12


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
        if pobj is not None and is_role_head(pobj, lex):
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
