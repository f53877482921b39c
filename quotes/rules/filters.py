"""Reported contents that are no quotes, whatever rule found them.

- ``phrase``: a noun phrase a speech verb takes is said only with quoted words in it
  ("denied the permit" is no quote, "called him a “loser”" is; "accused Washington of
  creating instability" says a clause) — unless the ``phrases`` setting asks for them;
- ``question``: an embedded question says nothing ("asked whether the company would revise
  its target", "explained why he had asked to leave", "told us how much it is listening");
- ``unsaid``: a negated cue reports what was not said ("She did not say whether …");
- ``anonymity``: "who asked not to be named" is a request for anonymity, not a quote.
The table is tried on each reported content; any answer drops it.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..attribution import Attribution
from . import Rule, RuleTable
from .context import Context

_QUESTION_WORDS = frozenset(
    ("whether", "if", "why", "how", "what", "who", "whom", "whose", "which", "when", "where")
)
_ASKING = frozenset(("ask", "wonder", "question", "inquire", "enquire", "query"))
_ANONYMITY = frozenset(("not", "to", "be", "name", "identify", "quote", "disclose"))


def _first_word(doc: Doc, content: list[int]) -> int | None:
    return next((i for i in content if doc[i].is_alpha), None)


def phrase(ctx: Context, att: Attribution, content: list[int], marks: bool) -> str | None:
    """A noun phrase with no quoted words and no verb in it (see the module docstring)."""
    if att.rule != "object" or marks or ctx.settings.phrases:
        return None
    verbs = ("VBG", "VB", "VBZ", "VBD", "VBP")
    return None if any(ctx.doc[i].tag_ in verbs for i in content) else "phrase"


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
    """A negated cue: "did not say", "never said"."""
    cue = ctx.doc[att.cue.head]
    return "unsaid" if any(c.dep_ == "neg" for c in cue.children) else None


def anonymity(ctx: Context, att: Attribution, content: list[int], marks: bool) -> str | None:
    """ "asked not to be named": nothing but a request not to be named."""
    doc = ctx.doc
    lemmas = {doc[i].lemma_.lower() for i in content if doc[i].is_alpha}
    return "anonymity" if lemmas and lemmas <= _ANONYMITY and "not" in lemmas else None


NOT_QUOTES: RuleTable = RuleTable(
    "not-quote",
    [
        Rule("phrase", phrase),
        Rule("question", question),
        Rule("unsaid", unsaid),
        Rule("anonymity", anonymity),
    ],
)
