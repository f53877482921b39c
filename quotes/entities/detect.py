"""Mentions of people, organisations and groups in a parsed Doc, in text order.

A mention is a noun phrase (its determiner, modifiers, compounds and possessor, up to its
head: "the café's owners", "Pentagon Press Secretary John Kirby"), a pronoun, or a relative
pronoun. Each carries what resolution needs: its form (name, pronoun, description, relative),
the kind of thing it can be, number and gender where its words say them, and its syntactic
role. One pass over the tokens; no Span objects but the entities'.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

import numpy
from spacy.attrs import ORTH
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from ..lexicon import Lexicon
from .gender import first_name_gender
from .titles import is_role, skip_titles

Form = Literal["name", "pronoun", "description", "relative"]
Kind = Literal["person", "organization", "group", "place", "document", "thing", "unknown"]
Role = Literal["subj", "obj", "poss", "pobj", "attr", "appos", "other"]

#: pronoun → (kind, number, gender, grammatical person)
PRONOUNS: dict[str, tuple[Kind, str, str | None, int]] = {
    **dict.fromkeys(("he", "him", "his", "himself"), ("person", "sg", "m", 3)),
    **dict.fromkeys(("she", "her", "hers", "herself"), ("person", "sg", "f", 3)),
    **dict.fromkeys(("they", "them", "their", "theirs", "themselves"), ("unknown", "pl", None, 3)),
    **dict.fromkeys(("it", "its", "itself"), ("thing", "sg", None, 3)),
    **dict.fromkeys(("i", "me", "my", "mine", "myself"), ("person", "sg", None, 1)),
    **dict.fromkeys(("we", "us", "our", "ours", "ourselves"), ("group", "pl", None, 1)),
    **dict.fromkeys(("you", "your", "yours", "yourself", "yourselves"), ("unknown", "sg", None, 2)),
}
RELATIVES = frozenset(("who", "whom", "whose", "which", "that"))
_THE = frozenset(("the", "this", "that"))
_LABEL_KINDS: dict[str, Kind] = {
    "PERSON": "person",
    "ORG": "organization",
    "NORP": "group",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
}
# Entity labels that are never people, organisations or groups.
_NOT_ENTITIES = frozenset(
    ("DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL", "EVENT", "LAW")
)
# Left dependents that belong to a noun phrase ("the [31-year-old] [Dunmore] midfielder").
_NP_LEFT = frozenset(
    ("det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "npadvmod", "advmod")
    + ("case", "punct", "predet", "prep", "flat", "neg", "appos")
)
# Prepositions inside organisation names ("Court of Appeal", "Westcliff on Wheels").
_NAME_PREPS = frozenset(("of", "on", "for", "de", "du", "and", "&"))
_ROLES: dict[str, Role] = {
    "nsubj": "subj",
    "nsubjpass": "subj",
    "csubj": "subj",
    "dobj": "obj",
    "dative": "obj",
    "poss": "poss",
    "pobj": "pobj",
    "attr": "attr",
    "appos": "appos",
}


@dataclass(frozen=True, slots=True)
class Mention:
    """A mention: tokens ``start``..``end`` (exclusive) with head ``head``; for names, the
    name's own tokens ``name_start``..``name_end`` (no title words before it)."""

    start: int
    end: int
    head: int
    form: Form
    kind: Kind
    plural: bool
    gender: str | None
    role: Role
    name_start: int = -1
    name_end: int = -1
    person: int = 3  # grammatical person of a pronoun


def role_of(tok: Token) -> Role:
    """The syntactic role of a noun phrase headed by ``tok`` (conjuncts and appositions take
    their head's: "the goalkeeper, Paddy Kenny" is an object like its host)."""
    while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
        tok = tok.head
    return _ROLES.get(tok.dep_, "other")


def np_start(tok: Token) -> int:
    """First token of the noun phrase headed by ``tok``: its left dependents that belong to a
    noun phrase, and theirs ("the café's owners", "Pentagon Press Secretary John Kirby")."""
    lo = tok.i
    for c in tok.lefts:
        if c.dep_ in _NP_LEFT and c.dep_ not in ("prep", "appos", "punct"):
            lo = min(lo, c.left_edge.i)
    doc = tok.doc
    # a bracket or a dash inside cuts the phrase there ("[6] An undistinguished student")
    for i in range(tok.i - 1, lo - 1, -1):
        if doc[i].is_space or (doc[i].is_punct and doc[i].text not in ("-", "'", "’", ".", ",")):
            lo = i + 1
            break
    while lo < tok.i and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    return lo


def _np_end(tok: Token) -> int:
    """End (exclusive) of the noun phrase headed by ``tok``: the head, plus right compounds
    and flat parts of a name ("Kirby Jr.")."""
    end = tok.i + 1
    for c in tok.rights:
        if c.dep_ in ("compound", "flat", "nummod") and c.i == end:
            end = c.right_edge.i + 1
        else:
            break
    return end


def _name_span(doc: Doc, lo: int, hi: int, head: Token, lex: Lexicon) -> tuple[int, int]:
    """The name around the head inside [lo, hi): the entity's tokens when NER has one ("John
    Kirby" in "Pentagon Press Secretary John Kirby"), else the proper nouns before the head
    that are no title words and no other entity."""
    if head.ent_type_ and head.ent_iob_ != "O" and head.ent_type_ not in _NOT_ENTITIES:
        a = head.i
        while a > lo and doc[a].ent_iob_ == "I" and doc[a - 1].ent_type_ == head.ent_type_:
            a -= 1
        b = head.i + 1
        while b < hi and doc[b].ent_iob_ == "I":
            b += 1
        # "Councillor Nasir Qadri" as one entity: the title words are no part of the name
        return skip_titles(doc, a, head.i + 1, lex, person=head.ent_type_ == "PERSON"), b
    a = head.i
    while (
        a > lo
        and doc[a - 1].pos_ == "PROPN"
        and not is_role(doc[a - 1].text, lex)
        and doc[a - 1].ent_type_ not in _LABEL_KINDS
    ):
        a -= 1
    return a, hi


def _kind_of(tok: Token, lex: Lexicon) -> Kind:
    """What a noun phrase headed by ``tok`` can name, from NER and the lexicons."""
    label = tok.ent_type_
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN" and lemma in lex.document_nouns:
        return "document"
    if (
        label == "NORP"
        and tok.tag_ in ("NN", "NNP")
        and tok.i
        and tok.doc[tok.i - 1].lower_ in _THE
    ):
        return "person"  # "the Swede", "the Frenchwoman": one person, by nationality
    if label in _LABEL_KINDS and tok.pos_ == "PROPN":
        return _corrected(tok, _LABEL_KINDS[label], lex)
    low = tok.lower_
    # a role of two words ("the 29-year-old centre back") names a person as one word does
    pair = tok.i > 0 and f"{tok.doc[tok.i - 1].lower_} {low}" in lex.titles
    if lemma in lex.titles or low in lex.titles or low in lex.relations or low in lex.ranks or pair:
        return "group" if tok.tag_ in ("NNS", "NNPS") else "person"
    if lemma in lex.org_words or tok.lower_ in lex.org_words:
        return "organization"
    if label in _LABEL_KINDS:
        return _LABEL_KINDS[label]
    if tok.pos_ == "PROPN":
        return "unknown"
    if tok.tag_ in ("NNS", "NNPS"):
        return "group"
    if tok.dep_ == "nsubj" and _speaks(tok.head, lex):
        return "organization"  # "the shelter urged …": what speaks is a body, not a thing
    return "thing"


def _speaks(verb: Token, lex: Lexicon) -> bool:
    """Is ``verb`` a speech cue used as one: with a clause ("urged residents to foster", "said
    it would"), not "the detour had added an hour"?"""
    tier = lex.cue_tier(verb.lemma_.lower())
    if tier is None:
        return False
    return any(c.dep_ in ("ccomp", "xcomp", "parataxis") for c in verb.children)


def _corrected(tok: Token, kind: Kind, lex: Lexicon) -> Kind:
    """NER's kind for a name, corrected by the name's words: "Annika Berglund" (a known first
    name first) is a person even as ORG; "Lindqvist Pharma" (an organisation word last) an
    organisation even as PERSON."""
    doc = tok.doc
    a = tok.i
    while a > 0 and doc[a - 1].ent_iob_ != "O" and doc[a].ent_iob_ == "I":
        a -= 1
    words = doc[skip_titles(doc, a, tok.i + 1, lex, person=kind == "person") : tok.i + 1]
    if words[-1].lower_ in lex.org_suffixes:
        return "organization" if kind in ("person", "unknown") else kind
    if words[0].lower_ == "the" or (a > 0 and doc[a - 1].lower_ == "the"):
        # "The Jerusalem Post", "the United States": people are not named with "the"
        return "unknown" if kind == "person" else kind
    # a known first name first, or second after a role NER took in ("Rider Marcus Bell")
    person_like = all(w.is_title for w in words) and any(
        first_name_gender(w.text) for w in words[:2] if w.i < words[-1].i
    )
    if kind in ("organization", "place") and 2 <= len(words) <= 3 and person_like:
        return "person"
    # "Mrs Justice Alison Tweed" as ORG: an honorific and a first name say a person (not
    # "Madame Tussauds")
    honorific = words[0].lower_ in lex.honorifics or words[0].lower_ + "." in lex.honorifics
    named = all(w.is_title for w in words) and any(first_name_gender(w.text) for w in words[1:-1])
    if kind in ("organization", "place") and honorific and 3 <= len(words) <= 5 and named:
        return "person"
    return kind


def is_acronym(tok: Token) -> bool:
    """ "WHO", "US", "IT": capitals that spell a name, not a pronoun (in mixed-case text)."""
    if len(tok.text) < 2 or not tok.text.isupper():
        return False
    sent = tok.sent
    return any(t.is_lower for t in sent) if len(sent) > 3 else False


def _pronoun(tok: Token) -> Mention | None:
    info = PRONOUNS.get(tok.lower_)
    if info is None or tok.pos_ not in ("PRON", "DET") or is_acronym(tok):
        return None
    kind, number, gender, person = info
    plural = number == "pl"
    return Mention(
        tok.i, tok.i + 1, tok.i, "pronoun", kind, plural, gender, role_of(tok), person=person
    )


def _relative(tok: Token) -> Mention | None:
    if tok.lower_ not in RELATIVES or tok.tag_ not in ("WP", "WDT", "WP$") or is_acronym(tok):
        return None
    kind: Kind = "person" if tok.lower_ in ("who", "whom", "whose") else "unknown"
    return Mention(tok.i, tok.i + 1, tok.i, "relative", kind, False, None, role_of(tok))


def _name_modifier(tok: Token, lex: Lexicon) -> Mention | None:
    """ "a Harcastle Borough Council meeting": an organisation's name used as a modifier is a
    mention of it (what "the council" later stands for)."""
    doc = tok.doc
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    org = tok.ent_type_ == "ORG" or tok.lower_ in lex.org_suffixes  # "Harlow City captain"
    if not org or tok.head.pos_ != "NOUN" or tok.head.i < tok.i:
        return None
    if nxt is None or nxt.ent_iob_ == "I" and nxt.ent_type_ == tok.ent_type_:
        return None  # not the entity's last word
    a = tok.i
    if tok.ent_iob_ == "O":  # no entity: the proper nouns before it
        while a > 0 and doc[a - 1].pos_ == "PROPN" and doc[a - 1].dep_ == "compound":
            a -= 1
    while a > 0 and doc[a].ent_iob_ == "I":
        a -= 1
    return Mention(a, tok.i + 1, tok.i, "name", "organization", False, None, "other", a, tok.i + 1)


_CALENDAR = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "christmas",
        "easter",
    ]
)


def _misread_name(tok: Token) -> bool:
    """ "Elsie Tregear, 86,": a name NER swallowed into a number or a date (the subject of a
    verb, with a first name before it, no calendar word)."""
    if tok.pos_ != "PROPN" or not tok.is_title or tok.lower_ in _CALENDAR:
        return False
    first = tok.doc[tok.i - 1] if tok.i else None
    return first is not None and first.pos_ == "PROPN" and first_name_gender(first.text) is not None


def _hyphen_given_name(tok: Token) -> int | None:
    """ "Kim Do-yeon", "Yoon Seo-jin": the tokenizer splits a hyphenated given name and tags
    its lower-case half a noun, so NER stops at the family name. With ``tok`` that half, the
    start of the whole name (a PERSON right before the capitalised half), else None."""
    doc, i = tok.doc, tok.i
    if i < 3 or not (tok.is_lower and tok.is_alpha):
        return None
    dash = doc[i - 1]
    if dash.text != "-":
        return None
    given, family = doc[i - 2], doc[i - 3]
    if dash.whitespace_ or given.whitespace_ or not given.is_title:
        return None
    person = family.ent_type_ == "PERSON" or (
        family.pos_ == "PROPN" and family.is_title and family.head.i == i and not family.ent_type_
    )
    if not person or not family.whitespace_:
        return None
    a = family.i
    while a > 0 and doc[a].ent_iob_ == "I":
        a -= 1
    return a


def _noun_phrase(tok: Token, lex: Lexicon, after_dash: Collection[int] = ()) -> Mention | None:
    if tok.pos_ == "PROPN" and tok.dep_ == "compound":
        return _name_modifier(tok, lex)
    if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ in ("compound", "flat"):
        return None
    given = _hyphen_given_name(tok) if tok.i in after_dash else None
    if given is not None:
        lo, hi = np_start(tok), _np_end(tok)
        return Mention(lo, hi, tok.i, "name", "person", False, None, role_of(tok), given, tok.i + 1)
    if tok.is_punct or tok.is_digit:
        return None  # a hyphen or a number the tagger took for a noun
    if tok.ent_type_ in _NOT_ENTITIES and not _misread_name(tok):
        return None
    doc = tok.doc
    lo, hi = np_start(tok), _np_end(tok)
    # "Miriam Oduya KC": the parser heads the name with its post-nominal (NER: ORG); the name,
    # its kind and its span are those of the words before it
    named = tok
    while named.i > lo and _post_nominal(named, lex) and doc[named.i - 1].pos_ == "PROPN":
        named = doc[named.i - 1]
    kind = _kind_of(named, lex)
    plural = tok.tag_ in ("NNS", "NNPS") or kind == "group" and tok.pos_ == "PROPN"
    nationality = kind == "person" and named.ent_type_ == "NORP"  # "the Swede": a description
    if _is_name(named, lo, lex) and not nationality:
        a, b = _name_span(doc, lo, named.i + 1 if named is not tok else hi, named, lex)
        # "Dr. Lars Eide | of Harbourside Medical": a person's name does not run through "of"
        if kind != "person" and not (kind == "unknown" and _person_start(doc[a], lex)):
            b = hi = max(b, _name_of_end(tok))
        return Mention(lo, hi, tok.i, "name", kind, plural, None, role_of(tok), a, b)
    gender = None
    if kind == "person":
        gender = lex.title_gender(tok.lower_) or lex.relations.get(tok.lower_)
    return Mention(lo, hi, tok.i, "description", kind, plural, gender, role_of(tok))


def _post_nominal(tok: Token, lex: Lexicon) -> bool:
    return tok.text in lex.post_nominals or tok.text.rstrip(".") in lex.post_nominals


def _person_start(tok: Token, lex: Lexicon) -> bool:
    """Does a name NER did not tag begin as a person's does: an honorific or a first name?"""
    return tok.lower_ in lex.honorifics or first_name_gender(tok.text) is not None


def _name_of_end(tok: Token) -> int:
    """End of an organisation's name that runs through "of", "on" or "for" and capitalised
    words ("Court of Appeal", "Westcliff on Wheels", "Bank of Canada")."""
    end = tok.i + 1
    for prep in tok.rights:
        if prep.dep_ != "prep" or prep.lower_ not in _NAME_PREPS or prep.i != end:
            return end
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        words = list(pobj.subtree) if pobj is not None else []
        if not words or not all(w.is_title or w.is_upper or w.lower_ in _NAME_PREPS for w in words):
            return end
        end = words[-1].i + 1
    return end


def _is_name(tok: Token, lo: int, lex: Lexicon) -> bool:
    """Is the phrase headed by ``tok`` a name? A proper noun or an entity, but not a title
    written with a capital and no name with it ("the Secretary", "the Premier")."""
    if not (tok.pos_ == "PROPN" or (tok.ent_type_ in _LABEL_KINDS and tok.ent_iob_ != "O")):
        return False
    if tok.lower_ in lex.titles or tok.lower_ in lex.ranks:
        doc = tok.doc
        return any(
            doc[i].pos_ == "PROPN"
            and doc[i].lower_ not in lex.titles
            and doc[i].ent_type_ not in ("ORG", "GPE", "NORP")
            for i in range(lo, tok.i)
        )
    return True


def age_in(doc: Doc, lo: int, hi: int) -> int | None:
    """The age written in tokens [lo, hi) as "33-year-old" (or "33 years old")."""
    for i in range(lo, hi):
        t = doc[i]
        if t.lower_ in ("year", "years") and i > lo:
            num = doc[i - 1] if doc[i - 1].like_num else doc[i - 2] if i - 2 >= lo else None
            if num is not None and num.like_num and num.text.isdigit() and 0 < int(num.text) < 120:
                return int(num.text)
    return None


def _age_phrase(tok: Token) -> Mention | None:
    """ "The 33-year-old said …": an age used as a noun phrase is a person."""
    if tok.lower_ != "old" or tok.pos_ != "ADJ" or tok.dep_ not in _ROLES:
        return None
    doc = tok.doc
    lo = tok.left_edge.i
    if age_in(doc, lo, tok.i) is None:
        return None
    return Mention(lo, tok.i + 1, tok.i, "description", "person", False, None, role_of(tok))


def _acronym_name(tok: Token) -> Mention | None:
    """ "WHO say …": an acronym the tagger took for a pronoun is a name (of an organisation,
    usually; the names pass joins it to the name it abbreviates)."""
    if tok.lower_ not in PRONOUNS and tok.lower_ not in RELATIVES or not is_acronym(tok):
        return None
    i = tok.i
    return Mention(i, i + 1, i, "name", "organization", False, None, role_of(tok), i, i + 1)


_DASH = get_string_id("-")

#: Parts of speech of the nouns that head mentions; pronouns, relatives and the "old" of an
#: age ("the 33-year-old") are looked at by their words, whatever their tag.
_MENTION_POS = frozenset(("NOUN", "PROPN"))
_MENTION_WORDS = frozenset((*PRONOUNS, *RELATIVES, "old"))


def find_mentions(doc: Doc, lex: Lexicon, skip: Collection[int] = ()) -> list[Mention]:
    """Every mention of the Doc, in text order of their heads (none headed by a ``skip``
    token: datelines)."""
    out: list[Mention] = []
    # tokens right after a "-" (a hyphenated given name: "Kim Do-yeon"), found from an array
    orth = doc.to_array(ORTH) if len(doc) else numpy.zeros(0, dtype="uint64")
    after_dash = set((numpy.flatnonzero(orth == _DASH) + 1).tolist())
    for tok in doc:
        # (a cheap test first: only nouns, pronouns and "old" can head a mention)
        low = tok.lower_
        if tok.pos_ not in _MENTION_POS and low not in _MENTION_WORDS:
            continue
        if tok.i in skip:
            continue
        found = (
            _pronoun(tok)
            or _relative(tok)
            or _noun_phrase(tok, lex, after_dash)
            or _acronym_name(tok)
            or _age_phrase(tok)
        )
        if found is not None:
            out.append(found)
    return out
