"""Reported contents that are no quotes, whatever rule found them.

- ``phrase``: a noun phrase a speech verb takes is said only with quoted words in it
  ("denied the permit" is no quote, "called him a “loser”" is; "accused Washington of
  creating instability" says a clause) — unless the ``phrases`` setting asks for them;
- ``question``: an embedded question says nothing ("asked whether the company would revise
  its target", "explained why he had asked to leave", "told us how much it is listening");
- ``unsaid``: a negated cue reports what was not said ("She did not say whether …"), and so
  does one that was not done ("declined to say whether …", "failing to disclose that …");
- ``hypothetical``: unnamed people's future or possible words are the writer's argument
  ("Some will say …", "Critics might argue that …");
- ``anonymity``: "who asked not to be named" is a request for anonymity, not a quote;
- ``imperative``: a cue in the imperative tells the reader to speak ("Ask the experts: Is it a
  cold …?", "Perhaps go a step further, and ask would you vote …");
- ``data``: data with no issuer speaks for nobody ("according to the latest figures", "…,
  according to one widely quoted estimate"); an issuer makes them a source ("according to
  Statistics Canada figures", "the ministry's data", "figures from the council").
The table is tried on each reported content; any answer drops it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..attribution import Attribution
from . import Rule, RuleTable
from .context import Context

_QUESTION_WORDS = frozenset(
    ("whether", "if", "why", "how", "what", "who", "whom", "whose", "which", "when", "where")
)
_SUBJECT_OR_AUX = frozenset(("nsubj", "nsubjpass", "csubj", "expl", "aux", "auxpass"))
_VERB_TAGS = frozenset(("VBG", "VB", "VBZ", "VBD", "VBP"))
_NOT_DONE = frozenset(("fail", "decline", "refuse", "neglect", "omit"))
_MODALS = frozenset(("will", "would", "might", "may", "could", "'ll", "’ll"))
# Unnamed people whose future or possible words are the writer's argument.
_GENERIC = frozenset(("some", "others", "many", "critics", "sceptics", "skeptics", "cynics"))
_ASKING = frozenset(("ask", "wonder", "question", "inquire", "enquire", "query"))
_ANONYMITY = frozenset(("not", "to", "be", "name", "identify", "quote", "disclose"))


def _first_word(doc: Doc, content: list[int]) -> int | None:
    return next((i for i in content if doc[i].is_alpha), None)


def phrase(ctx: Context, att: Attribution, content: list[int], marks: bool) -> str | None:
    """A noun phrase with no quoted words and no verb in it (see the module docstring)."""
    if att.rule != "object" or marks or ctx.settings.phrases:
        return None
    return "phrase" if _noun_phrase(ctx.doc, content) else None


def _noun_phrase(doc: Doc, content: list[int]) -> bool:
    """Is the content a noun phrase: no verb in it but inside a hyphenated word ("the end of a
    freeze on drive-through restaurants")? A gerund or any clause keeps it ("denied hitting
    him", "cited comments Trump had made", "called for footage to be released")."""
    return not any(doc[i].tag_ in _VERB_TAGS and not _hyphenated(doc, i) for i in content)


def _hyphenated(doc: Doc, i: int) -> bool:
    """Is token ``i`` part of a hyphenated word ("drive-through", "long-awaited")?"""
    joined = (
        i >= 2
        and doc[i - 1].text == "-"
        and not doc[i - 2].whitespace_
        and not doc[i - 1].whitespace_
    )
    return joined or (
        i + 2 < len(doc)
        and doc[i + 1].text == "-"
        and not doc[i].whitespace_
        and not doc[i + 1].whitespace_
    )


def question(ctx: Context, att: Attribution, content: list[int], marks: bool) -> str | None:
    """A question asked ("asked whether …", "Asked if …"), or an embedded question with no
    one to say it: the content opens with "whether", "if" or a wh-word. ("explained why …"
    with a speaker is a report of what they said: kept.)"""
    doc = ctx.doc
    first = _first_word(doc, content)
    if first is None or doc[first].lower_ not in _QUESTION_WORDS:
        return None
    if att.speaker is not None and (
        att.cue.lemma not in _ASKING or doc[att.speaker].lower_ not in ("i", "we")
    ):
        return None  # "Lawmakers asked whether …" reports their question
    # "said if it rains …" (a condition) has a clause after the condition: still a statement
    tok = doc[first]
    if tok.lower_ == "if" and tok.dep_ == "mark" and tok.head.dep_ == "advcl":
        return None
    return "question"


def unsaid(ctx: Context, att: Attribution, content: list[int], marks: bool) -> str | None:
    """A negated cue: "did not say", "never said"; or one that was not done: "declined to
    say whether", "apologised for failing to disclose that …"."""
    cue = ctx.doc[att.cue.head]
    if any(c.dep_ == "neg" for c in cue.children):
        return "unsaid"
    undone = cue.dep_ == "xcomp" and cue.head.lemma_.lower() in _NOT_DONE
    return "unsaid" if undone else None


def hypothetical(ctx: Context, att: Attribution, content: list[int], marks: bool) -> str | None:
    """What unnamed people would or will say: "Some will say a tax is meddling", "Critics
    might argue that …" (the writer's own argument)."""
    if att.speaker is None:
        return None
    cue = ctx.doc[att.cue.head]
    modal = any(c.dep_ == "aux" and c.lower_ in _MODALS for c in cue.children)
    return "hypothetical" if modal and ctx.doc[att.speaker].lower_ in _GENERIC else None


def anonymity(ctx: Context, att: Attribution, content: list[int], marks: bool) -> str | None:
    """ "asked not to be named": nothing but a request not to be named."""
    doc = ctx.doc
    lemmas = {doc[i].lemma_.lower() for i in content if doc[i].is_alpha}
    return "anonymity" if lemmas and lemmas <= _ANONYMITY and "not" in lemmas else None


def imperative(ctx: Context, att: Attribution, content: list[int], marks: bool) -> str | None:
    """A cue in the imperative, with no subject, no auxiliary and no source (see the module
    docstring)."""
    if att.speaker is not None:
        return None
    verb = ctx.doc[att.cue.head]
    opens = ctx.text.sent_of(verb.i)[0] == verb.i  # "Ask the experts: …", whatever its parse
    return "imperative" if _bare_imperative(verb, opens) else None


def _bare_imperative(verb: Token, opens: bool = False) -> bool:
    """A base-form verb with no subject or auxiliary, opening its sentence, at the root or
    conjoined to one."""
    if verb.tag_ != "VB" or any(c.dep_ in _SUBJECT_OR_AUX for c in verb.children):
        return False
    if verb.dep_ == "ROOT" or opens:
        return True
    return verb.dep_ == "conj" and _bare_imperative(verb.head)


# Dependents of a data noun that name its issuer, when they are a name, an organisation or a
# group ("Statistics Canada figures", "the ministry's data", "figures from the council").
_ISSUER_DEPS = frozenset(("poss", "compound", "nmod", "amod"))
_ISSUER_PREPS = frozenset(("from", "by", "of"))


def _issuer(ctx: Context, tok: Token) -> bool:
    """Does ``tok`` name someone who can issue data?"""
    lex = ctx.lex
    word = tok.lemma_.lower()
    return (
        tok.pos_ in ("PROPN", "PRON")
        or tok.ent_type_ in ("ORG", "GPE", "NORP", "PERSON")
        or word in lex.org_words
        or tok.lower_ in lex.group_nouns
        or lex.is_title(word)
    )


def data(ctx: Context, att: Attribution, content: list[int], marks: bool) -> str | None:
    """A source that is data with no issuer (see the module docstring)."""
    if att.speaker is None:
        return None
    tok = ctx.doc[att.speaker]
    if tok.lower_ not in ctx.lex.data_nouns and tok.lemma_.lower() not in ctx.lex.data_nouns:
        return None
    for c in tok.children:
        if c.dep_ in _ISSUER_DEPS and _issuer(ctx, c):
            return None
        objects = [g for g in c.children if g.dep_ == "pobj"]
        if c.dep_ == "prep" and c.lower_ in _ISSUER_PREPS and any(_issuer(ctx, g) for g in objects):
            return None
        if c.dep_ == "acl" and any(g.dep_ == "agent" for g in c.children):
            return None  # "figures released by the ministry"
    return "data"


NOT_QUOTES: RuleTable = RuleTable(
    "not-quote",
    [
        Rule("phrase", phrase),
        Rule("question", question),
        Rule("unsaid", unsaid),
        Rule("hypothetical", hypothetical),
        Rule("anonymity", anonymity),
        Rule("imperative", imperative),
        Rule("data", data),
    ],
)
