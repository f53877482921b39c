"""Who can find and who hears: the sources of the "finding" cues ("the court found that …",
"a study by X found that …", "The court heard that …").

"find" reports what a court, an inquiry, a study or a researcher concluded, and news quote
annotation counts it as what that source says; a person without such a role "finds" things
("I found that I liked it"), which is no quote. "hear" with a body that hears evidence ("the
court", "an inquest", "the jury") reports the evidence heard, and names no speaker.
"""

from __future__ import annotations

from spacy.tokens import Token

from .context import Context
from .tree import first_child

_FINDING_CATEGORIES = ("legal", "academic")
# Dependents of a source's head that say what it is ("District Judge | Rosalind Ferro",
# "Her | team", "adjudicator | Brenda Olafsson").
_DESCRIBING = ("compound", "amod", "nmod", "appos")


def _finding_word(ctx: Context, tok: Token) -> bool:
    """A word that makes its mention a finder: a finding body, a document, or a legal or
    academic role."""
    lex = ctx.lex
    for word in {tok.lemma_.lower(), tok.lower_}:
        if word in lex.finders or word in lex.document_nouns:
            return True
        if lex.title_category(word) in _FINDING_CATEGORIES:
            return True
    return False


def can_find(ctx: Context, head: int | None) -> bool:
    """Can the source headed by token ``head`` be said to find something: its head or a word
    describing it is a finder, or the entity it stands for is a document or has a legal or
    academic title ("she" for a judge named earlier)?"""
    if head is None:
        return False
    tok = ctx.doc[head]
    if _finding_word(ctx, tok) or any(
        c.dep_ in _DESCRIBING and _finding_word(ctx, c) for c in tok.children
    ):
        return True
    entity = ctx.entities.at(head)
    if entity is None:
        return False
    if entity.kind == "document":
        return True
    return any(_title_finds(ctx, t) for t in entity.titles)


def _title_finds(ctx: Context, title: str) -> bool:
    lex = ctx.lex
    words = title.lower().replace(",", " ").split()
    return any(w in lex.finders or lex.title_category(w) in _FINDING_CATEGORIES for w in words)


def hearing_subject(ctx: Context, cue_head: int) -> Token | None:
    """The subject of "heard" when it is a body that hears evidence ("The court heard …")."""
    verb = ctx.doc[cue_head]
    subj = first_child(verb, ("nsubj",))
    if subj is None:
        return None
    words = {subj.lemma_.lower(), subj.lower_}
    return subj if any(ctx.lex.finders.get(w) == "hears" for w in words) else None
