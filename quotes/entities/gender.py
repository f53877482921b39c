"""Gender evidence for a person, strongest first: pronouns resolved to them ("she"), an
honorific ("Mrs.", "Sir"), a gendered title word ("spokeswoman", "chairman"), and only as the
last resort their first name (gender-guesser's offline table)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Literal

from spacy.lang.en.stop_words import STOP_WORDS

Evidence = Literal["pronoun", "honorific", "title", "first name"]
#: Evidence kinds, strongest first.
EVIDENCE: tuple[Evidence, ...] = ("pronoun", "honorific", "title", "first name")
_NAMES = {"m": "male", "f": "female"}


@cache
def _detector():  # gender_guesser has no types
    try:
        import gender_guesser.detector as gd
    except ImportError:  # an optional signal only
        return None
    return gd.Detector(case_sensitive=False)


@cache
def first_name_gender(name: str) -> str | None:
    """ "m", "f" or None for a first name ("Jessica" → "f")."""
    det = _detector()
    if det is None or not name.isalpha() or name.isupper() or name.lower() in STOP_WORDS:
        return None  # headline capitals ("SYRIA") and words ("The") are no first names
    g = det.get_gender(name)
    return {"male": "m", "female": "f", "mostly_male": "m", "mostly_female": "f"}.get(g)


def decide(votes: Mapping[str, Mapping[str, int]]) -> tuple[str | None, Evidence | None]:
    """The gender ("m"/"f") the strongest kind of evidence gives, and that kind; a tie
    within a kind looks at the next kind."""
    for kind in EVIDENCE:
        counts = votes.get(kind)
        if not counts:
            continue
        m, f = counts.get("m", 0), counts.get("f", 0)
        if m != f:
            return ("m" if m > f else "f"), kind
    return None, None


def label(gender: str | None) -> str | None:
    """The output form of a gender: "female", "male" or None."""
    return _NAMES.get(gender) if gender else None
