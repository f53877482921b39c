"""What a cue reports: its content, by an ordered table of named rules.

The clausal complement (``ccomp``, a tree shape), the clause a parenthetical "X said" interrupts
(``inverted``), a "to"-clause (``to-clause``, a shape), a clause the parser made an open
complement (``gerund-clause``), what follows a colon (``colon``), the clause "according to X"
modifies (``according-to``), and objects (``object``: "called him a “loser”"). The first rule
that answers decides; ``clause-only`` stops the table for cues that take no object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Token

from ..cues import ACCORDING, CLAUSE, FINDING, MARKED, CueMatch, is_cue_verb
from . import Rule, RuleTable
from .context import Context
from .findings import can_find, hearing_subject
from .tree import comma_between, has_mark, subtree

#: The content kinds a quote's rule field names ("indirect:ccomp", "mixed:object").
ContentRule = Literal[
    "ccomp",
    "hung-complement",
    "inverted",
    "to-clause",
    "gerund-clause",
    "colon",
    "according-to",
    "object",
]
# Modifiers an attribution may carry and still be parenthetical ("…, he said on Monday in a
# statement").
_ADVERBIAL_DEPS = frozenset(
    ("npadvmod", "advmod", "prep", "aux", "auxpass", "neg", "punct", "nsubj", "dative", "prt")
    + ("cc", "tmod")
)
# Punctuation that sets a parenthetical attribution off from the clause it interrupts.
_SET_OFF = (",", "—", "–", "-", ";", "(", "”", '"', "’")
# Children that make an open complement a clause ("said legalizing it could …").
_CLAUSE_CHILD = ("ccomp", "nsubj", "dobj")
# Cues whose "for" says what was said ("thanked volunteers for “…”", "credited her caddie for
# “keeping me patient”"); they are "marked": quoted words make them quotes.
_FOR_CUES = frozenset(("thank", "credit", "praise", "blame"))
# Children that make a clause complete without its "that" (see _complete).
_COMPLETE_DEPS = frozenset(
    ("nsubjpass", "dobj", "attr", "acomp", "ccomp", "xcomp", "oprd", "dative", "prep")
)
_OPENING_MARKS = frozenset("\"“‘'«„")
# Prepositions whose object is what was said ("warned of …", "described it as …").
_OBJECT_PREPS = frozenset(("as", "of", "about", "for", "on", "against", "that"))


@dataclass(frozen=True, slots=True)
class Content:
    """A content rule's answer: the content's tokens (sorted) and the rule that found them."""

    tokens: tuple[int, ...]
    rule: ContentRule


@dataclass(frozen=True, slots=True)
class Ask:
    """What the content rules look at: the cue, its source's head and the source's subtree."""

    cue: CueMatch
    head: Token
    speaker: int | None
    speaker_tokens: frozenset[int]

    @property
    def cue_tokens(self) -> set[int]:
        return set(range(self.cue.start, self.cue.end))

    def answer(self, tokens: set[int], rule: ContentRule) -> Content:
        """Content of ``tokens`` without the source's and the cue's own."""
        return Content(tuple(sorted(tokens - self.speaker_tokens - self.cue_tokens)), rule)


# ---- the rules ------------------------------------------------------------------------
def finding(ctx: Context, ask: Ask) -> Content | None:
    """'found that …' says something only from a source that finds (a court, a study, a
    judge: quotes/rules/findings.py), else it has no content; 'The court heard [that …]' /
    '[…], an inquest heard': the evidence heard, its clause or all of the sentence before."""
    if ask.cue.tier != FINDING:
        return None
    if ask.cue.lemma != "hear":
        # the source may be the issuer of the study that found ("a study by X found")
        subjects = [c.i for c in ask.head.children if c.dep_ == "nsubj"]
        finds = any(can_find(ctx, i) for i in [ask.speaker, *subjects])
        return None if finds else Content((), "object")
    if hearing_subject(ctx, ask.cue.head) is None:
        return Content((), "object")
    found = ccomp(ctx, ask)
    if found is not None:
        return found
    toks = before_closing_attribution(ctx, ask.head, subtree(ask.head))
    # "X texted her that …, a jury heard": the evidence is X's own reported speech
    if not toks or any(is_cue_verb(ctx.doc[i], ctx.lex) for i in toks):
        return Content((), "object")
    return ask.answer(toks, "inverted")


def according_to(ctx: Context, ask: Ask) -> Content | None:
    """'according to X' modifies the clause it reports: that clause."""
    if ask.cue.tier != ACCORDING:
        return None
    clause = ask.head.head
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    if clause.i == ask.head.i:
        return Content((), "according-to")
    toks = subtree(clause) - subtree(ask.head)
    # "…, according to its annual report, and the chief constable has warned that …": a
    # clause with its own speaker and cue conjoined after the source is not the source's
    for c in clause.children:
        own_cue = is_cue_verb(c, ctx.lex) and any(g.dep_ == "nsubj" for g in c.children)
        if c.dep_ == "conj" and c.i > ask.head.i and own_cue:
            toks -= subtree(c)
            toks -= {g.i for g in clause.children if g.dep_ == "cc" and ask.head.i < g.i < c.i}
    return ask.answer(toks, "according-to")


def ccomp(ctx: Context, ask: Ask) -> Content | None:
    """The clausal complement (shape): 'said [the strikes targeted three sites]', with a reason
    clause the parser hung on the cue after it ('…, because …')."""
    comps = [c for c in ctx.shapes.targets("ccomp", ask.cue.head) if c not in ask.speaker_tokens]
    # "said Huskies coach Rita Boyd": a "clause" holding the source is its name, misparsed
    comps = [c for c in comps if ask.speaker is None or ask.speaker not in subtree(ctx.doc[c])]
    if not comps:
        return None
    doc = ctx.doc
    toks: set[int] = set()
    for i in comps:
        toks |= subtree(doc[i])
    last = max(toks)
    for c in ask.head.children:
        # a reason clause goes on with content said after the cue; after an inverted
        # attribution ("“…,” said X as picketers gathered") it tells when X said it
        if c.dep_ == "advcl" and c.i > last > ask.head.i and has_mark(c, ctx.lex.reason_marks):
            toks |= subtree(c)
    if max(toks) < ask.head.i:
        own = (subtree(ask.head) - toks) | ask.speaker_tokens
        toks |= before_closing_attribution(ctx, ask.head, own)
    return ask.answer(toks, "ccomp")


def second_subject(ctx: Context, ask: Ask) -> Content | None:
    """'A landlord who kept the deposit must pay it back, a tribunal has ruled', 'Villagers
    “abandoned”, says MP': the parser made the reported clause's subject a subject of the
    cue, and the source is another one; all of the sentence before the attribution's comma
    is the content."""
    head = ask.head
    if ask.speaker is None:
        return None
    stray = [
        c
        for c in head.children
        if c.dep_ == "nsubj"
        and c.i < head.i
        and c.i != ask.speaker
        and c.i not in ctx.text.dateline
    ]
    if not stray or any(
        c.i > head.i and c.dep_ in ("ccomp", "xcomp", "dobj") for c in head.children
    ):
        return None  # the cue takes its content after it ("…, his barrister put it to her that")
    source = ctx.doc[ask.speaker]
    first = min(subtree(source)) if source.i < head.i else head.i
    own = {head.i} | {i for c in head.children if min(subtree(c)) >= first for i in subtree(c)}
    toks = before_closing_attribution(ctx, head, own)
    return ask.answer(toks, "inverted") if toks else None


def hung_complement(ctx: Context, ask: Ask) -> Content | None:
    """'told the inquest that X had died', 'said in a release that officers were called':
    a "that"-clause with its own subject, which the parser hung as a relative clause on the
    listener or on the document the cue is written in, is the cue's content."""
    for c in ask.head.children:
        if c.dep_ in ("dobj", "dative"):
            nouns = [c]
        elif c.dep_ == "prep" and c.i > ask.head.i:
            nouns = [g for g in c.children if g.dep_ == "pobj"]
        else:
            continue
        for noun in nouns:
            clause = next((r for r in noun.children if _complement(ctx, noun, r)), None)
            if clause is not None:
                return ask.answer(subtree(clause), "hung-complement")
    return None


def _complement(ctx: Context, noun: Token, clause: Token) -> bool:
    """A clause after ``noun`` that opens with "that" and has a subject of its own: a
    "relative clause", or a clausal modifier with "that" as its complementizer ("said in a
    statement that the airstrip had been cleared")."""
    if clause.i < noun.i or clause.dep_ not in ("relcl", "acl"):
        return False
    first = ctx.doc[clause.left_edge.i]
    if clause.dep_ == "acl" and not (
        first.lower_ == "that" and first.dep_ == "mark" and _complete(clause)
    ):
        return False
    subjects = [g for g in clause.children if g.dep_ in ("nsubj", "nsubjpass") and g.i != first.i]
    return first.lower_ == "that" and bool(subjects)


def _complete(clause: Token) -> bool:
    """A clause that needs nothing from outside: passive, or with an object or a complement of
    its own ("that the airstrip had been cleared", "that the library was the only warm place";
    not "the threat that a Trump presidency would constitute")."""
    return any(c.dep_ in _COMPLETE_DEPS for c in clause.children)


def inverted(ctx: Context, ask: Ask) -> Content | None:
    """'…, X said.' / 'The plan, he said, is …': the clause a parenthetical attribution
    interrupts, or all of the sentence before one that closes it."""
    head = ask.head
    host = head.head
    if (
        head.dep_ not in ("parataxis", "ccomp", "advcl", "conj")
        or host.i == head.i
        or not _clause_host(host)
        or ctx.shapes.targets("to-clause", head.i)
        or any(c.dep_ in ("dobj", "ccomp") for c in head.children)
        or (head.dep_ == "advcl" and head.i < host.i)
        or (head.dep_ == "conj" and not (head.i > host.i and comma_between(ctx.doc, host, head)))
        or not parenthetical(ctx, head, ask.speaker)
    ):
        return None
    toks = subtree(host) - subtree(head)
    toks |= before_closing_attribution(ctx, head, subtree(head) | ask.speaker_tokens)
    return ask.answer(toks, "inverted")


def _clause_host(host: Token) -> bool:
    """A verb, or an adjective with a subject of its own that the parser made the root of a
    passive or copular clause ("The instructions, she found, had been “contradictory”")."""
    if host.pos_ in ("VERB", "AUX"):
        return True
    return host.pos_ == "ADJ" and any(c.dep_ in ("nsubj", "nsubjpass") for c in host.children)


def _purpose_read(ctx: Context, ask: Ask) -> list[int]:
    """'asked residents on Monday [to “help us find the worst potholes”]': a "to"-clause after
    the listener of an asking or telling verb that the parser made a clause of purpose."""
    head = ask.head
    if ask.cue.lemma not in ctx.lex.addressees or not any(c.dep_ == "dobj" for c in head.children):
        return []
    return [
        c.i
        for c in head.children
        if c.dep_ == "advcl"
        and c.i > head.i
        and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
    ]


def to_clause(ctx: Context, ask: Ask) -> Content | None:
    """A 'to'-clause (shape): 'urged them [to leave]'."""
    clauses = list(ctx.shapes.targets("to-clause", ask.cue.head)) or _purpose_read(ctx, ask)
    if not clauses or ask.cue.tier == FINDING:
        return None
    toks: set[int] = set()
    for c in clauses:
        toks |= subtree(ctx.doc[c])
    return ask.answer(toks, "to-clause")


def gerund_clause(ctx: Context, ask: Ask) -> Content | None:
    """'He said [legalizing it could put thousands to work]': a clause after the cue that
    the parser made an open complement (not for marked cues)."""
    if ask.cue.tier in (MARKED, FINDING):
        return None
    doc = ctx.doc
    clauses = [
        doc[c]
        for c in ctx.shapes.targets("xcomp", ask.cue.head)
        if c > ask.head.i and any(g.dep_ in _CLAUSE_CHILD for g in doc[c].children)
    ]
    if not clauses:
        return None
    toks: set[int] = set()
    for c in clauses:
        toks |= subtree(c)
    return ask.answer(toks, "gerund-clause")


def colon(ctx: Context, ask: Ask) -> Content | None:
    """'X said: …': the rest of the sentence after the colon (or the next sentence, when the
    colon ends one), within the paragraph."""
    toks = content_after_colon(ctx, ask.cue)
    return Content(tuple(toks), "colon") if toks else None


def clause_only(ctx: Context, ask: Ask) -> Content | None:
    """Cues of the 'clause' and 'finding' tiers take no object: 'added $84 billion' and
    'found the body' are no content."""
    return Content((), "object") if ask.cue.tier in (CLAUSE, FINDING) else None


def objects(ctx: Context, ask: Ask) -> Content:
    """Objects: 'called him a “loser”', 'described the target as …', 'warned of …'; never
    the listener of 'told reporters' or an empty 'said it'."""
    cue, head = ask.cue, ask.head
    lex = ctx.lex
    cue_tokens = ask.cue_tokens
    # "urged him to resign": him is spoken to; "urged the passing of emergency legislation":
    # the object is what was urged. Only "tell"-like verbs always take an addressee.
    addressee = cue.lemma in lex.addressees and (
        lex.addressees[cue.lemma] or any(c.dep_ in ("xcomp", "ccomp") for c in head.children)
    )
    found: set[int] = set()
    for c in head.children:
        if c.dep_ == "prep" and c.i in cue_tokens:
            found |= subtree(c) - {c.i}  # "called for | a moratorium"
        elif c.i not in ask.speaker_tokens and c.i not in cue_tokens and c.i > head.i:
            found |= _object_tokens(ctx, cue, c, addressee)
    # an opening mark the parser hung on the cue belongs to the quoted words after it
    # ('called the comeback “the best feeling …”': one piece, not two)
    doc = ctx.doc
    marks = {
        i - 1
        for i in found
        if i > 0
        and i - 1 not in found
        and doc[i - 1].text in _OPENING_MARKS
        and doc[i - 1].head.i == head.i
    }
    return ask.answer(found | marks, "object")


def _object_tokens(ctx: Context, cue: CueMatch, c: Token, addressee: bool) -> set[int]:
    """The tokens child ``c`` of a cue adds to its object content."""
    if c.dep_ in ("dobj", "dative") and not addressee:
        if c.lower_ in ctx.lex.empty_objects and not any(True for _ in c.children):
            return set()
        return subtree(c) - _nested_attributions(ctx, c)
    if c.dep_ in ("oprd", "attr") and cue.lemma in ("call", "describe", "cite"):
        return subtree(c)
    if c.dep_ == "prep" and cue.lemma in _FOR_CUES and _opens_quotation(c):
        return subtree(c)  # 'thanked volunteers “from the bottom of our hearts”'
    if c.dep_ == "dobj" and addressee and cue.lemma == "ask" and c.pos_ == "NOUN":
        return subtree(c)
    if (
        c.dep_ == "prep"
        and c.lower_ in _OBJECT_PREPS
        and (c.lower_ != "on" or cue.lemma == "call on")
        and (
            cue.lemma.split()[-1] == c.lower_
            or c.lower_ in ("as", "of", "about")
            or (c.lower_ == "for" and cue.lemma in _FOR_CUES)
        )
    ):
        return subtree(c) - ({c.i} if cue.end > c.i else set())
    return set()


def _opens_quotation(tok: Token) -> bool:
    """Does the phrase of ``tok`` open with a quotation mark ("“from the bottom of …")?"""
    left = tok.left_edge.i
    return left > 0 and tok.doc[left - 1].text in _OPENING_MARKS


def _nested_attributions(ctx: Context, noun: Token) -> set[int]:
    """'cites a 2021 email [in which Dahl wrote: “…”]': a relative clause inside an object
    with a speech cue and a speaker of its own is that cue's attribution, no part of the
    object ("reports alleging that …", "a man who said …" stay)."""
    out: set[int] = set()
    for t in noun.subtree:
        subject = any(c.dep_ == "nsubj" and c.pos_ != "PRON" for c in t.children)
        if t.dep_ == "relcl" and subject and is_cue_verb(t, ctx.lex):
            out |= subtree(t)
    return out


CONTENT_RULES: RuleTable[[Context, Ask], Content] = RuleTable(
    "content",
    [
        Rule("finding", finding),
        Rule("according-to", according_to),
        Rule("ccomp", ccomp),
        Rule("second-subject", second_subject),
        Rule("hung-complement", hung_complement),
        Rule("inverted", inverted),
        Rule("to-clause", to_clause),
        Rule("gerund-clause", gerund_clause),
        Rule("colon", colon),
        Rule("clause-only", clause_only),
        Rule("object", objects),
    ],
)


def find_content(ctx: Context, cue: CueMatch, speaker: int | None) -> Content:
    """The content of ``cue`` whose source's head is ``speaker``."""
    doc = ctx.doc
    spk = frozenset(subtree(doc[speaker])) if speaker is not None else frozenset()
    found = CONTENT_RULES.first(ctx, Ask(cue, doc[cue.head], speaker, spk))
    assert found is not None  # "object" always answers
    return found


# ---- helpers ----------------------------------------------------------------------------
def parenthetical(ctx: Context, cue: Token, speaker: int | None) -> bool:
    """Is ``cue`` an attribution tacked onto someone else's clause: active, with a source,
    and nothing of its own but adverbials?"""
    if speaker is None or any(c.dep_ in ("nsubjpass", "auxpass") for c in cue.children):
        return False
    host = cue.head
    if host.i == cue.i or is_cue_verb(host, ctx.lex):
        return False  # "he said U.S. troops responded": "responded" is said's content
    spk = subtree(ctx.doc[speaker])
    if not all(c.dep_ in _ADVERBIAL_DEPS or c.i in spk for c in cue.children):
        return False
    # set off from the clause it interrupts: a comma or dash before it, or the sentence end
    left = min(t.i for t in cue.subtree if not t.is_punct)
    before = ctx.doc[left - 1] if left > 0 else None
    return before is None or before.text in _SET_OFF


def before_closing_attribution(ctx: Context, head: Token, own: set[int]) -> set[int]:
    """ "…, a source said." closes its sentence: then all of the sentence before the
    attribution is the content, whatever clause the parser hung "said" on."""
    doc = ctx.doc
    sent_start, sent_end = ctx.text.sent_of(head.i)
    own = {i for i in own if not doc[i].is_punct}
    first, last = min(own), max(own)
    if any(not (t.is_punct or t.is_space) for t in doc[last + 1 : sent_end]):
        return set()
    if first <= sent_start or doc[first - 1].text not in (",", "—", "–", ";"):
        return set()
    return set(range(sent_start, first))


def content_after_colon(ctx: Context, cue: CueMatch) -> list[int]:
    """Tokens after "X said:" up to the end of the sentence (or the next one if the colon
    ends the sentence), within the paragraph."""
    doc = ctx.doc
    head = doc[cue.head]
    _, sent_end = ctx.text.sent_of(head.i)
    right = max(cue.end, head.right_edge.i + 1)
    i = cue.end
    # skip the verb's own modifiers ("said on Monday:")
    while i < sent_end and i < right and doc[i].text != ":":
        i += 1
    if i >= len(doc) or doc[i].text != ":":
        return []
    # "The ruling cites an email in which Dahl wrote: …": the colon is another cue's
    owner = doc[i].head
    if owner.i != head.i and cue.end <= owner.i < i and is_cue_verb(owner, ctx.lex):
        return []
    out = [j for j in range(i + 1, sent_end) if not doc[j].is_space]
    if not out and sent_end < len(doc):
        nxt = ctx.text.sent_of(sent_end)
        if not ctx.text.break_between(sent_end - 1, sent_end + 1):
            out = [j for j in range(nxt[0], nxt[1]) if not doc[j].is_space]
    return out
