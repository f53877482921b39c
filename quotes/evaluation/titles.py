"""Are the speakers' titles right? The title figure of ``quotes evaluate``.

For every gold quote that is matched and whose gold speaker has a ``title``, the predicted
speaker's title must carry every word of the gold title longer than three letters, compared
without case or accents ("Harbourline chief executive" needs "harbourline", "chief" and
"executive"; "a paediatrician at Royal Children's Hospital" needs "paediatrician", "royal",
"children" and "hospital"); a gold title with no such word ("Ald.") needs some predicted title.
A predicted title is an honorific when one of its "; "-separated parts holds a courtesy form of
``models/honorifics.txt`` ("Dame", "Mr."): those are parts of the name, never titles.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING

from .pieces import SpeakerRef

if TYPE_CHECKING:
    from ..lexicon import Lexicon

__all__ = ["MIN_LETTERS", "has_honorific", "title_right", "title_words"]

#: Gold title words of this many letters or fewer are not required ("of", "the", "for", "MP").
MIN_LETTERS = 3

_WORD = re.compile(r"[^\W_]+")


def _fold(text: str) -> str:
    """ASCII-folded, case-folded text: "Médecin" → "medecin"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def title_words(title: str | None) -> set[str]:
    """The words of a title, folded; a possessive 's and hyphens split off ("Children's" →
    "children", "vice-president" → "vice", "president").

    >>> sorted(title_words("Harbourline's vice-president"))
    ['harbourline', 'president', 's', 'vice']
    """
    return set(_WORD.findall(_fold(title or "")))


def title_right(gold: SpeakerRef | None, predicted: SpeakerRef | None) -> bool | None:
    """Whether the predicted title carries every long word of the gold title; None when the
    gold speaker has no title (the quote does not count)."""
    if gold is None or not gold.title:
        return None
    guess = predicted.title if predicted is not None else None
    if not guess:
        return False
    needed = {w for w in title_words(gold.title) if len(w) > MIN_LETTERS}
    return needed <= title_words(guess)


@cache
def _lexicon() -> Lexicon:
    # The project's lexicon (plain files, read once); imported here, when titles are scored.
    from ..lexicon import Lexicon

    return Lexicon.default()


def has_honorific(title: str | None) -> bool:
    """Does a predicted title give an honorific as a title ("Dame", "Northwind chair Dame")?
    An honorific written as one (capitalised) that is not part of someone else's name inside
    the title ("chairman of Mrs. Clinton's campaign") and not a plain noun ("first lady")."""
    if not title:
        return False
    lex = _lexicon()
    for part in title.split(";"):
        words = [w.strip(",:()[]\"'“”") for w in part.split()]
        for n, w in enumerate(words):
            if not w or not w[0].isupper() or not lex.is_honorific(w):
                continue
            after = words[n + 1] if n + 1 < len(words) else ""
            if not after[:1].isupper() or lex.is_title(after.lower()):
                return True  # "… chair Dame", "Lady Justice"; not "of Mrs. Clinton's campaign"
    return False
