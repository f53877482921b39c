"""Statements introduced by a colon: who issues them, and the paragraphs they are made of.

Press releases and reports write "Trellis Rail President Omar Haddad issued the following
statement:" or "The Conservancy issued the following statement from its chair, Harriet
Oyelowo:" and then give the statement, in quotation marks or as plain paragraphs. The issuer
is the person the statement is from ("from its chair, Harriet Oyelowo"), else the subject of
the introducing sentence (never a dateline). Plain paragraphs after such an introduction are
the issuer's words (``statement``): the first one, and those after it that go on speaking in
the first person ("we", "our", "I").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from ..attribution import Attribution
from ..cues import CueMatch, is_cue_verb
from .context import Context

# Pronouns that introduce a quotation as its speaker ("He said it plainly: “…”").
SPEAKING_PRONOUNS = frozenset(("he", "she", "i", "we"))
# Nouns of an introduction besides the documents of models/document_nouns.txt.
_SAID_NOUNS = frozenset(("remarks", "comment", "comments", "words", "reply", "response"))
_FROM = frozenset(("from", "by"))
_FIRST_PERSON = frozenset(("i", "we", "our", "us", "my", "me", "ours"))
_OPENING = frozenset("\"'“‘«„")


@dataclass(frozen=True, slots=True)
class Introduction:
    """The sentence before a colon that introduces a statement: its verb or statement noun
    (the cue), and the issuer's head token and token range (None: the head's noun phrase)."""

    cue: int
    speaker: int
    extent: tuple[int, int] | None


def can_speak(ctx: Context, tok: Token) -> bool:
    """Can ``tok`` head a speaker: a name, he/she/I/we, or a title or organisation noun
    ("the ministry")? "Here they are:", "It gets better:" name nobody."""
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    if tok.pos_ == "PRON":
        return tok.lower_ in SPEAKING_PRONOUNS
    lemma = tok.lemma_.lower()
    lex = ctx.lex
    is_role = lex.is_title(tok.lower_) or lemma in lex.titles
    is_org = lemma in lex.org_words or tok.lower_ in lex.org_words
    return tok.pos_ == "NOUN" and (is_role or is_org)


def _statement_noun(ctx: Context, lo: int, colon: int) -> Token | None:
    """The statement the sentence announces ("the following statement", "her remarks")."""
    for tok in ctx.doc[lo:colon]:
        word = tok.lemma_.lower()
        if tok.pos_ == "NOUN" and (word in ctx.lex.document_nouns or tok.lower_ in _SAID_NOUNS):
            return tok
    return None


def _issued_by(ctx: Context, noun: Token, colon: int) -> tuple[int, tuple[int, int]] | None:
    """'the following statement from its chair, Harriet Oyelowo:': the one it is from (the
    person named last before the colon), with the words up to the colon as the mention."""
    doc = ctx.doc
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in _FROM), None)
    if prep is None or prep.i >= colon:
        return None
    lo, hi = prep.i + 1, colon
    people = [i for i in range(lo, hi) if doc[i].ent_type_ == "PERSON"]
    objects = [c.i for c in prep.children if c.dep_ == "pobj"]
    head = people[-1] if people else (objects[0] if objects else None)
    return (head, (lo, hi)) if head is not None else None


def introduction(ctx: Context, colon: int, cue_roots: bool = True) -> Introduction | None:
    """The introduction the sentence ending with token ``colon`` makes, if it names who
    speaks: one verb at its root whose subject can speak, or a statement from someone.
    ``cue_roots=False``: not when the root is a speech cue (its own rules attribute what
    follows its colon: a quotation they leave is someone else's)."""
    doc = ctx.doc
    lo, _ = ctx.text.sent_of(colon)
    roots = [t for t in doc[lo:colon] if t.head.i == t.i and t.pos_ == "VERB"]
    if len(roots) != 1:
        return None
    root = roots[0]
    if not cue_roots and is_cue_verb(root, ctx.lex):
        return None
    noun = _statement_noun(ctx, lo, colon)
    issuer = _issued_by(ctx, noun, colon) if noun is not None else None
    if issuer is not None:
        return Introduction(root.i, issuer[0], issuer[1])
    dateline = ctx.text.dateline
    subj = next((c for c in root.children if c.dep_ == "nsubj" and c.i not in dateline), None)
    if subj is None or not can_speak(ctx, subj):
        return None
    return Introduction(root.i, subj.i, None)


def _paragraph_words(ctx: Context, n: int) -> list[int]:
    a, b = ctx.text.paras[n]
    return [i for i in ctx.text.tokens_in(a, b) if not ctx.doc[i].is_space]


def _goes_on(ctx: Context, body: list[int], in_marks: set[int]) -> bool:
    """Does a later paragraph go on with the statement: in the first person, with no
    quotation and no speech cue of its own ("Mook told CBS, “…”" is someone else)?"""
    doc = ctx.doc
    if any(i in in_marks or is_cue_verb(doc[i], ctx.lex) for i in body):
        return False
    return any(doc[i].lower_ in _FIRST_PERSON for i in body)


def statements(ctx: Context, quoted: Sequence[Sequence[int]]) -> list[Attribution]:
    """Plain paragraphs after "… issued the following statement:" (a paragraph that ends
    with the colon of an introduction with a statement noun or a speech cue): the first one,
    and those after it in the first person; each is a direct quote of the issuer."""
    doc = ctx.doc
    in_marks = {i for toks in quoted for i in toks}
    out: list[Attribution] = []
    text = ctx.text.text
    for n in range(len(ctx.text.paras) - 1):
        a, b = ctx.text.paras[n]
        if not text[a:b].rstrip().endswith(":"):
            continue  # (a character test first: few paragraphs end with a colon)
        words = _paragraph_words(ctx, n)
        if not words or doc[words[-1]].text != ":":
            continue
        colon = words[-1]
        intro = introduction(ctx, colon)
        lo, _ = ctx.text.sent_of(colon)
        if intro is None or not (
            _statement_noun(ctx, lo, colon) or is_cue_verb(doc[intro.cue], ctx.lex)
        ):
            continue
        cue = CueMatch(intro.cue, intro.cue, intro.cue + 1, doc[intro.cue].lemma_.lower(), "label")
        for m in range(n + 1, len(ctx.text.paras)):
            body = _paragraph_words(ctx, m)
            if not body or doc[body[0]].text in _OPENING or body[0] in in_marks:
                break  # a quotation: the quotation rules place it
            if doc[body[-1]].text == ":":
                break
            if m > n + 1 and not _goes_on(ctx, body, in_marks):
                break
            att = Attribution(
                cue, intro.speaker, tuple(body), "statement", False, intro.extent, "statement", True
            )
            out.append(att)
    return out
