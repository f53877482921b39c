"""Small questions about the dependency tree that several rules ask."""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Doc, Token

SUBJECTS = ("nsubj", "csubj")
DASHES = (",", "—", "–", ";")


def subtree(tok: Token) -> set[int]:
    """Token indices of ``tok``'s subtree."""
    return {t.i for t in tok.subtree}


def first_child(tok: Token, deps: Collection[str]) -> Token | None:
    """``tok``'s first child (in text order) whose dependency is one of ``deps``."""
    return next((c for c in tok.children if c.dep_ in deps), None)


def has_mark(tok: Token, marks: Collection[str]) -> bool:
    """Does the clause ``tok`` open with one of the subordinators ``marks``?"""
    return any(c.dep_ == "mark" and c.lower_ in marks for c in tok.children)


def comma_between(doc: Doc, a: Token, b: Token) -> bool:
    """Is there a comma, dash or semicolon between tokens ``a`` and ``b``?"""
    lo, hi = sorted((a.i, b.i))
    return any(t.text in DASHES for t in doc[lo:hi])
