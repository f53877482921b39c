"""A person's name in parts: honorific, the name proper, post-nominals; and when two names
can be one person.

Hand-written rather than ``nameparser``: nameparser reads a string, so it cannot use what the
tagger and NER already know about each token, it puts ranks and honorifics in one "title" slot
(we keep "Navy Cmdr." as a title and "Dame" as a name part), and its lists are code; ours are
the ``models/`` files the rest of the pipeline shares (honorifics, post-nominals, particles).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from ..lexicon import Lexicon

_POSSESSIVE = ("'s", "’s", "'", "’")
# Parts of speech that are no part of a name unless capitalised ("Injecting Clinton").
_NOT_NAME_POS = frozenset(
    ("VERB", "AUX", "ADV", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART", "NUM")
)


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """A word as names are compared: accents dropped, lower case, edge dots and apostrophes
    gone ("Zoë" ~ "zoe", "Jr." ~ "jr")."""
    word = unicodedata.normalize("NFKD", word)
    return "".join(c for c in word if not unicodedata.combining(c)).lower().strip(".’'")


@dataclass(frozen=True, slots=True)
class Name:
    """A name as written (``text``: the words without honorific and post-nominals), its
    folded words (``keys``), and the honorific's gender ("Mr." → "m") when there was one."""

    text: str
    keys: tuple[str, ...]
    honorific: str | None = None
    honorific_gender: str | None = None

    @property
    def surname(self) -> str:
        return self.keys[-1]

    @property
    def first(self) -> str:
        return self.keys[0]


def name_words(tokens: Sequence[Token], lex: Lexicon) -> tuple[list[str], str | None]:
    """The words of a name written over ``tokens`` (hyphenated parts glued back: "Jo-Renee"),
    without honorifics, title words, post-nominals, possessives or punctuation, and the
    honorific it had."""
    words: list[str] = []
    honorific = None
    glue = False  # the previous token was written without a space after it
    for t in tokens:
        low = t.lower_
        if t.is_space or low in _POSSESSIVE or (t.is_punct and t.text != "-") or not t.text.strip():
            glue = False
            continue
        if low in lex.honorifics or fold(low) in lex.honorifics:
            honorific = honorific or t.text
            continue
        if not words and low in lex.titles:
            continue
        if t.text in lex.post_nominals or t.text.rstrip(".") in lex.post_nominals:
            continue
        if (t.pos_ in _NOT_NAME_POS and not t.text[:1].isupper()) or t.pos_ in ("VERB", "AUX"):
            continue
        if glue and words:
            words[-1] += t.text
        else:
            words.append(t.text)
        glue = not t.whitespace_
    return [w for w in words if w.strip("-")], honorific


def parse_name(tokens: Sequence[Token], lex: Lexicon) -> Name | None:
    """The name written over ``tokens``, or None when no name word is left."""
    words, honorific = name_words(tokens, lex)
    keys = tuple(k for k in (fold(w) for w in words) if k)
    if not keys:
        return None
    gender = lex.honorifics.get(honorific.lower()) if honorific else None
    gender = gender or (lex.honorifics.get(fold(honorific)) if honorific else None)
    return Name(" ".join(words), keys, honorific, gender)


def initials_match(short: str, full: str) -> bool:
    """ "J." ~ "John"; "JF" is no initial."""
    return len(short) == 1 and full[:1] == short


def could_be(short: Name, full: Name, lex: Lexicon) -> bool:
    """Can ``short`` (fewer or as many words) name the person ``full`` names?

    "Kirby" ~ "John Kirby" (surname), "John" ~ "John Kirby" (first name), "J. Kirby" ~ "John
    Kirby", "van der Berg" ~ "Anna van der Berg", "Park" ~ "Park Ji-woo" (family name first).
    """
    a, b = short.keys, full.keys
    if a == b:
        return True
    if len(a) > len(b):
        return False
    if len(a) == 1:
        return a[0] in (b[-1], b[0])
    core_b = [k for k in b if k not in lex.name_particles]
    core_a = [k for k in a if k not in lex.name_particles]
    if core_a and core_b and core_a[-1] != core_b[-1]:
        return False
    firsts = (a[0], b[0])
    return firsts[0] == firsts[1] or initials_match(*firsts) or len(core_a) == 1
