"""Who speaks: the source of a cue, by an ordered table of named rules.

Two rules look at the cue alone ("according to X", "footage of X asking"). Then, starting at
the cue's verb, the level rules are tried in order; a climb rule moves to the verb upstairs
("went on to say", "…, adding that", "before asking") and the table is tried again there, at
most :data:`MAX_LEVELS` times. ``subject`` and ``agent`` at the cue are tree shapes found by the
DependencyMatcher (``models/tree_shapes.json``); the rest are code: climbs and negative
conditions that patterns cannot say.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..cues import ACCORDING, FINDING, CueMatch
from . import Rule, RuleTable
from .context import Context
from .findings import hearing_subject
from .tree import SUBJECTS, first_child, subtree

#: How many verbs a speaker search may climb from the cue.
MAX_LEVELS = 4
# Parts of speech a clause host can have when a cue is its complement or conjunct.
_HOSTS = ("VERB", "AUX", "NOUN", "ADJ")
# Dependencies through which the subject of a cue lives upstairs.
_CLIMB_DEPS = ("xcomp", "advcl", "conj", "pcomp", "acomp", "ccomp")
# Dependencies a parser gives a source that follows its verb ("…, said Col. Wayne Marotto").
_INVERTED_DEPS = ("dobj", "attr", "npadvmod", "appos", "oprd", "dep")
# Participles that name a document's issuer by their agent ("published by", "run by"; not
# "combed through by", whose agent read it).
_ISSUING = frozenset(
    ("publish", "release", "issue", "run", "conduct", "commission", "produce", "compile")
    + ("write", "prepare", "sponsor", "fund", "author", "draft", "organise", "organize")
    + ("launch", "file", "send", "sign", "post", "carry")
)
# Nouns of research that speak for whoever it is from ("research from the university").
_RESEARCH = frozenset(("research", "findings", "work", "paper", "modelling", "modeling"))
# Words a role and a name after an inverted cue may run to ("said Huskies coach Rita Boyd").
_MAX_TRAILING_NAME = 8


@dataclass(frozen=True, slots=True)
class Source:
    """A speaker rule's answer: the source's head token (None: no source to name) and
    whether the cue is passive ("it was reported that …", "when asked")."""

    head: int | None
    rule: str
    passive: bool = False


@dataclass(frozen=True, slots=True)
class Climb:
    """A climb rule's answer: look for the source at ``verb`` instead."""

    verb: Token
    rule: str


NO_SOURCE = Source(None, "none")


# ---- rules on the cue alone ----------------------------------------------------------------
def according_to(ctx: Context, cue: CueMatch) -> Source | None:
    """'according to X': X, the object of 'according' or 'to', else the noun after them."""
    if cue.tier != ACCORDING:
        return None
    for shape in ("according-object", "according-to-object"):
        found = ctx.shapes.first(shape, cue.head)
        if found is not None:
            return Source(issuer(ctx, found), "according-to")
    nxt = cue.end
    if nxt < len(ctx.doc) and ctx.doc[nxt].pos_ in ("PROPN", "NOUN", "PRON"):
        return Source(nxt, "according-to")
    return Source(None, "according-to")


def gerund_after_person(ctx: Context, cue: CueMatch) -> Source | None:
    """'footage of Hillary Clinton asking, “…”': the person a subjectless gerund follows."""
    head = ctx.doc[cue.head]
    if head.tag_ != "VBG" or head.i == 0 or first_child(head, SUBJECTS) is not None:
        return None
    prev = ctx.doc[head.i - 1]
    if prev.ent_type_ == "PERSON" and prev.dep_ == "pobj" and prev.head.lower_ == "of":
        return Source(prev.i, "gerund-after-person")
    return None


def heard_by(ctx: Context, cue: CueMatch) -> Source | None:
    """'The court heard that …', '…, an inquest heard': the body that hears evidence is its
    listener, and the evidence has no speaker to name."""
    if cue.tier != FINDING or cue.lemma != "hear" or hearing_subject(ctx, cue.head) is None:
        return None
    return Source(None, "heard-by", passive=True)


def said_name(ctx: Context, cue: CueMatch) -> Source | None:
    """'Said Ellis: “…”', 'Says Jo Park, a nurse: “…”': a cue that opens its sentence,
    followed by a name and a colon or comma (the parser makes the cue a compound of the
    name): the name speaks."""
    doc = ctx.doc
    tok = doc[cue.head]
    start, end = ctx.text.sent_of(tok.i)
    if tok.i != start or not tok.is_title or tok.tag_ not in ("VBD", "VBZ"):
        return None
    i = tok.i + 1
    while i < end and doc[i].pos_ == "PROPN" and doc[i].is_title:
        i += 1
    if i == tok.i + 1 or i >= end or doc[i].text not in (":", ","):
        return None
    if not any(doc[j].ent_type_ == "PERSON" for j in range(tok.i + 1, i)):
        return None
    return Source(i - 1, "said-name")


CUE_RULES: RuleTable[[Context, CueMatch], Source] = RuleTable(
    "speaker-cue",
    [
        Rule("said-name", said_name),
        Rule("according-to", according_to),
        Rule("heard-by", heard_by),
        Rule("gerund-after-person", gerund_after_person),
    ],
)


# ---- rules at each level of the climb ------------------------------------------------------
def subject(ctx: Context, cue: CueMatch, verb: Token) -> Source | None:
    """The cue's subject (shape): '[She] said …', '“…,” [the minister] said'."""
    if verb.i != cue.head:
        return None
    # a dateline the parser made a subject says where, not who: the subject is the noun after
    # it ("LONDON (Reuters) - X said"; "WASHINGTON -- President Obama, …, said" in apposition)
    hits = []
    for i in ctx.shapes.targets("subject", cue.head):
        if i not in ctx.text.dateline:
            hits.append(i)
        else:
            hits += [
                c.i
                for c in ctx.doc[i].children
                if c.dep_ == "appos" and c.i not in ctx.text.dateline
            ]
    if hits and ctx.doc[hits[0]].lower_ != "there":
        if _set_off_before(ctx, hits, verb):
            return None  # "Villagers “abandoned”, says MP": the source follows (inverted)
        head = _person_inside(ctx, _nearest_subject(ctx, hits))
        return Source(issuer(ctx, head), "subject")
    return None


def issuer(ctx: Context, head: int) -> int:
    """The one who issued a document or a count a source names: 'a study published last
    month by the Paediatric Respiratory Society', 'the annual Big Garden Count run by the
    Wildbird Trust', 'research from the University of Elmsworth' speak for the society, the
    trust and the university (the issuer is the speaker)."""
    doc = ctx.doc
    tok = doc[head]
    if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return head
    for c in tok.children:
        if c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in _ISSUING:
            by = first_child(c, ("agent",))
            named = [g for g in by.children if g.dep_ == "pobj"] if by is not None else []
        elif c.dep_ == "prep" and c.lower_ == "from" and _written(ctx, tok):
            named = [g for g in c.children if g.dep_ == "pobj"]
        else:
            continue
        if named and _named_issuer(named[0]):
            return named[0].i
    return head


def _written(ctx: Context, tok: Token) -> bool:
    """A document, data or research ("research from the university")."""
    words = {tok.lower_, tok.lemma_.lower()}
    lex = ctx.lex
    return bool(words & (lex.document_nouns | lex.data_nouns | _RESEARCH))


def _named_issuer(tok: Token) -> bool:
    """A name or an organisation that can issue something."""
    return tok.pos_ == "PROPN" or tok.ent_type_ in ("ORG", "PERSON", "GPE", "NORP")


def _person_inside(ctx: Context, head: int) -> int:
    """'After Saturday's match at Colley Road, the league's head of refereeing, Sandra Voight,
    said': a subject that names no speaker ("match"), or that opens with a participle, but
    holds a person after a comma, in apposition, is that person (the parser took the opening
    phrase for the subject)."""
    doc = ctx.doc
    tok = doc[head]
    first = tok.left_edge
    # "Sentencing Aaron Pryce at the Crown Court, Mr Justice Lysaght said": an opening
    # participle the parser read as part of a name
    opening = first.i < head and first.lower_.endswith("ing") and first.is_title
    if not opening and (tok.pos_ != "NOUN" or tok.ent_type_ or _speaker_word(ctx, tok)):
        return head
    named = _named_after_role(ctx, tok)
    if named is not None:
        return named
    commas = [t.i for t in tok.subtree if t.text == "," and t.i > head]
    if not commas:
        return head
    appos = next((t for t in tok.subtree if t.i > commas[0] and t.dep_ == "appos"), None)
    if appos is None:
        return head
    people = [t.i for t in appos.subtree if t.ent_type_ == "PERSON"]
    if people:
        return people[-1]
    return appos.i if _speaker_word(ctx, appos) else head


def _named_after_role(ctx: Context, tok: Token) -> int | None:
    """'“…,” lead author Dr. Farah Qureshi of Bramwell University said': the parser made a
    role word a verb ("lead") with the name as its object; when the subject's words up to a
    person's name are role words and honorifics only, the name is the subject."""
    doc, lex = ctx.doc, ctx.lex
    start = next((t.i for t in tok.subtree if not t.is_punct), None)  # not a closing mark
    if start is None:
        return None
    person = next((t for t in tok.subtree if t.ent_type_ == "PERSON" and t.i > start), None)
    if person is None or person.i - start > 4:
        return None
    words = doc[start : person.i]
    roles = [w for w in words if not lex.is_honorific(w.text)]
    if not roles or not lex.is_title(roles[-1].lower_):
        return None
    if not all(w.pos_ in ("NOUN", "PROPN", "ADJ") or lex.is_honorific(w.text) for w in words):
        return None
    end = person.i
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        end += 1
    return end


def _speaker_word(ctx: Context, tok: Token) -> bool:
    """Is ``tok`` a noun that can name a speaker by itself: a role, an organisation, a group,
    a relation, a document?"""
    lex = ctx.lex
    words = {tok.lower_, tok.lemma_.lower()}
    lists = (lex.titles, lex.org_words, lex.group_nouns, lex.relations, lex.document_nouns)
    return any(w in lst for w in words for lst in lists)


def _set_off_before(ctx: Context, hits: list[int], verb: Token) -> bool:
    """Is the cue's only subject set off by the comma right before it, with a source after
    it ("Flood-hit villagers ‘abandoned’, says MP")? Then the subject is the reported
    clause's, misparsed."""
    doc = ctx.doc
    if len(hits) != 1 or hits[0] > verb.i or verb.i == 0 or doc[verb.i - 1].text != ",":
        return False
    if max(subtree(doc[hits[0]])) >= verb.i - 1:
        return False
    return bool(inverted_sources(verb)) and not ctx.lex.addressees.get(verb.lemma_.lower())


def _nearest_subject(ctx: Context, hits: list[int]) -> int:
    """'A landlord who kept … must pay it back, a tribunal has ruled': the parser may give the
    cue the reported clause's subject too; the subject set off by a comma just before the
    cue is the source."""
    doc = ctx.doc
    last, cue = hits[-1], doc[hits[-1]].head
    if len(hits) < 2 or doc[hits[0]].dep_ != "nsubj" or doc[last].dep_ != "nsubj":
        return hits[0]
    if doc[hits[0]].lower_.endswith("ing") and last < cue.i:
        return last  # "Cross-examining, his barrister … put it to her": an opening participle
    own = subtree(doc[last])
    left, right = min(own), max(own)
    # set off before, not after ("Ban Ki-moon, the secretary general, vowed" is one subject),
    # and the cue takes nothing after it: the attribution closes the sentence
    closing = not any(c.i > cue.i and c.dep_ in ("ccomp", "xcomp", "dobj") for c in cue.children)
    between = doc[right + 1 : cue.i]
    if (
        left > 0
        and doc[left - 1].text == ","
        and last < cue.i
        and closing
        and not any(t.is_punct for t in between)
    ):
        return last
    return hits[0]


def agent(ctx: Context, cue: CueMatch, verb: Token) -> Source | None:
    """The object of a passive cue's agent (shape): 'was told [by the minister]'."""
    if verb.i != cue.head:
        return None
    found = ctx.shapes.first("agent", cue.head)
    return Source(found, "agent") if found is not None else None


def inherited_subject(ctx: Context, cue: CueMatch, verb: Token) -> Source | None:
    """The subject of the verb climbed to: '[He] went on to say', '[She] smiled and said'."""
    if verb.i == cue.head:
        return None
    subj = first_child(verb, SUBJECTS)
    if subj is not None and subj.lower_ != "there":
        return Source(subj.i, "inherited-subject")
    return None


def inherited_agent(ctx: Context, cue: CueMatch, verb: Token) -> Source | None:
    """The agent of the passive verb climbed to."""
    if verb.i == cue.head:
        return None
    by = first_child(verb, ("agent",))
    pobj = first_child(by, ("pobj",)) if by is not None else None
    return Source(pobj.i, "inherited-agent") if pobj is not None else None


def passive_host_subject(ctx: Context, cue: CueMatch, verb: Token) -> Source | None:
    """'After saying …, [she] was whisked off': a gerund's speaker is the subject of the
    passive clause it modifies."""
    if verb.i == cue.head:
        return None
    subj = first_child(verb, ("nsubjpass",))
    if subj is not None and subj.pos_ in ("PRON", "PROPN", "NOUN"):
        return Source(subj.i, "passive-host-subject")
    return None


def passive(ctx: Context, cue: CueMatch, verb: Token) -> Source | None:
    """'It was reported that …': a passive verb with no agent names no source."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return Source(None, "passive", passive=True)
    return None


def main_verb_as_participle(ctx: Context, cue: CueMatch, verb: Token) -> Source | None:
    """'Dr Ruth Aldane, who has studied the glacier since 2009, posted on Bluesky: …': the
    parser made the main verb a participle modifying its subject, after the relative
    clause's comma; the name it hangs on is the source."""
    head = verb.head
    if (
        verb.i == cue.head
        and verb.dep_ == "acl"
        and verb.tag_ in ("VBN", "VBD")
        and head.i < verb.i
        and (head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG"))
        and ctx.doc[verb.i - 1].text == ","
        and any(c.dep_ == "relcl" or c.dep_ == "appos" for c in head.children)
        and first_child(verb, ("agent",)) is None
    ):
        return Source(head.i, "main-verb-as-participle")
    return None


def name_in_opening(ctx: Context, cue: CueMatch, verb: Token) -> Source | None:
    """'Speaking in the parents' defence, Tom Molomby, SC, said that …': a finite cue with no
    subject after an opening participle phrase; the parser hung the name set off by commas
    right before the cue on the participle. That name is the source."""
    if verb.i != cue.head or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    opening = next((c for c in verb.children if c.dep_ == "advcl" and c.i < verb.i), None)
    if opening is None or opening.tag_ not in ("VBG", "VBN") or opening.left_edge.i != opening.i:
        return None
    doc = ctx.doc
    inside = [t for t in opening.subtree if t.i > opening.i]
    names = [t for t in inside if t.ent_type_ == "PERSON" and t.ent_iob_ == "B"]
    if not names:
        return None
    name = names[-1]
    # the name is set off: a comma before it, and only its own words and commas after it
    if name.i == 0 or doc[name.i - 1].text != ",":
        return None
    tail = doc[name.i : verb.i]
    if any(t.dep_ in ("relcl", "acl", "prep") for t in tail):
        return None
    end = name.i
    while end + 1 < verb.i and doc[end + 1].ent_iob_ == "I":
        end += 1
    return Source(end, "name-in-opening")


def bare_participle(ctx: Context, cue: CueMatch, verb: Token) -> Source | None:
    """'When asked about the trade, …', 'Asked whether …': passive, nobody to name."""
    if verb.i == cue.head and verb.tag_ == "VBN" and verb.dep_ in ("advcl", "acl", "ROOT"):
        return Source(None, "bare-participle", passive=True)
    return None


def inverted_sources(verb: Token) -> list[Token]:
    """Nouns after "said" that a parser made objects or appositions of it, in order."""
    return [
        c
        for c in verb.children
        if c.i > verb.i
        and c.dep_ in _INVERTED_DEPS
        and (c.pos_ == "PROPN" or c.ent_type_ == "PERSON")
        and c.ent_type_ not in ("DATE", "TIME")
    ]


def inverted(ctx: Context, cue: CueMatch, verb: Token) -> Source | None:
    """'…, said Army Col. Wayne Marotto': a source the parser made an object of the cue
    (a person among several: 'asked Liberal MP | Sarah Chen'). Not after a gerund or a verb
    whose object is the listener ('…, telling Reuters')."""
    if verb.i != cue.head or verb.tag_ == "VBG" or ctx.lex.addressees.get(cue.lemma):
        return None
    found = inverted_sources(verb)
    if not found:
        name = trailing_name(ctx, verb)
        return Source(name, "inverted") if name is not None else None
    people = [c for c in found if c.ent_type_ == "PERSON"]
    return Source((people[0] if people else found[0]).i, "inverted")


def trailing_name(ctx: Context, verb: Token) -> int | None:
    """'“…,” said Huskies coach Rita Castellanos-Boyd.': the words between an inverted cue and
    the end of its sentence are a role and a name that the parser made a clause ("Huskies
    coach" as a verb); the person named last is the source."""
    doc = ctx.doc
    _, end = ctx.text.sent_of(verb.i)
    words = [t for t in doc[verb.i + 1 : end] if not (t.is_punct or t.is_space)]
    if not words or len(words) > _MAX_TRAILING_NAME:
        return None
    lex = ctx.lex
    if not all(t.is_title or t.is_upper or lex.is_title(t.lower_) for t in words):
        return None
    people = [t.i for t in words if t.ent_type_ == "PERSON"]
    return people[-1] if people else None


def gerund_of_noun(ctx: Context, cue: CueMatch, verb: Token) -> Source | None:
    """'footage of Trump saying, “…”': the noun a gerund modifies."""
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN"):
        return Source(verb.head.i, "gerund-of-noun")
    return None


def misparsed_subject(verb: Token) -> Token | None:
    """ "… as a violation and militia groups called for revenge": the parser makes "groups" a
    conjunct noun and the finite verb (VBD, not a participle) a modifier of a noun; it is a
    clause of its own, whose subject is the conjunct just before the verb."""
    if verb.dep_ != "acl" or verb.tag_ != "VBD":
        return None
    head = verb.head
    if head.dep_ == "conj" and head.pos_ in ("NOUN", "PROPN") and head.i < verb.i:
        return head
    conjs = [
        c
        for c in head.children
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") and c.i < verb.i
    ]
    return conjs[-1] if conjs else None


def conjunct_subject(ctx: Context, cue: CueMatch, verb: Token) -> Source | None:
    """'… and militia groups called for revenge': a finite verb hung on a conjunct noun is a
    clause whose subject is that noun."""
    found = misparsed_subject(verb)
    return Source(found.i, "conjunct-subject") if found is not None else None


def climb_preposition(ctx: Context, cue: CueMatch, verb: Token) -> Climb | None:
    """'sings to Clinton before asking her', 'aside from saying': past the preposition (and
    an adverb) to the verb it modifies."""
    if not (verb.dep_ == "pcomp" and verb.head.pos_ == "ADP" and verb.head.head.i != verb.head.i):
        return None
    up = verb.head.head
    while up.pos_ in ("ADV", "ADP") and up.dep_ in ("advmod", "prep"):
        up = up.head
    return Climb(up, "climb-preposition")


def climb_clause(ctx: Context, cue: CueMatch, verb: Token) -> Climb | None:
    """'went on to say', '…, adding that', 'smiled and said': the subject is upstairs."""
    if verb.dep_ in _CLIMB_DEPS and verb.head.i != verb.i and verb.head.pos_ in _HOSTS:
        return Climb(verb.head, "climb-clause")
    return None


def relative_antecedent(ctx: Context, cue: CueMatch, verb: Token) -> Source | None:
    """'the official who said …' parsed without a relative pronoun: the noun modified."""
    if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return Source(verb.head.i, "relative-antecedent")
    return None


LEVEL_RULES: RuleTable[[Context, CueMatch, Token], Source | Climb] = RuleTable(
    "speaker-level",
    [
        Rule("subject", subject),
        Rule("agent", agent),
        Rule("inherited-subject", inherited_subject),
        Rule("inherited-agent", inherited_agent),
        Rule("passive-host-subject", passive_host_subject),
        Rule("passive", passive),
        Rule("main-verb-as-participle", main_verb_as_participle),
        Rule("name-in-opening", name_in_opening),
        Rule("bare-participle", bare_participle),
        Rule("inverted", inverted),
        Rule("gerund-of-noun", gerund_of_noun),
        Rule("conjunct-subject", conjunct_subject),
        Rule("climb-preposition", climb_preposition),
        Rule("climb-clause", climb_clause),
        Rule("relative-antecedent", relative_antecedent),
    ],
)


def find_source(ctx: Context, cue: CueMatch) -> Source:
    """The source of ``cue``: the first answer of the cue rules, else of the level rules at
    the cue's verb and the verbs climbed to."""
    found = CUE_RULES.first(ctx, cue)
    if found is not None:
        return found
    verb = ctx.doc[cue.head]
    for _ in range(MAX_LEVELS):
        step = LEVEL_RULES.first(ctx, cue, verb)
        if isinstance(step, Climb):
            verb = step.verb
            continue
        return step if step is not None else NO_SOURCE
    return NO_SOURCE
