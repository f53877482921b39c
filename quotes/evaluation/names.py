"""Whether a predicted speaker is the gold one (rule 5 of the scoring).

Names are compared after folding (ASCII, lower case, no possessive 's, no honorifics); without
a gold name, the mention spans must overlap.
"""

from __future__ import annotations

import re
import unicodedata

from .pieces import SpeakerRef, overlap

__all__ = ["HONORIFICS", "name_tokens", "same_person", "speaker_right"]

HONORIFICS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "hon",
        "jr",
        "sr",
    }
)

_POSSESSIVE = re.compile(r"['’]s\b")
_TOKEN = re.compile(r"[a-z0-9]+")


def name_tokens(name: str | None) -> list[str]:
    """A name's comparable tokens: ASCII-folded, lower-cased, no possessive 's, no honorifics.

    >>> name_tokens("Dr. José Álvarez's")
    ['jose', 'alvarez']
    """
    if not name:
        return []
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    folded = _POSSESSIVE.sub("", folded)
    return [token for token in _TOKEN.findall(folded) if token not in HONORIFICS]


def same_person(reference: str | None, predicted: str | None) -> bool:
    """Whether a predicted speaker name names the gold reference's person.

    One token set must contain the other, and the reference's last token (the surname, usually)
    must be among the prediction's: "Kirby" ~ "John Kirby", but "Erik Karlsson" ≁ "Melker
    Karlsson" and "John Kirby" ≁ "John". Names with no tokens at all (empty, or only honorifics
    or non-Latin script) fall back to a case-insensitive comparison of the whole strings.
    """
    ref, pred = name_tokens(reference), name_tokens(predicted)
    if not ref or not pred:
        if not (reference and predicted):
            return False
        return reference.strip().casefold() == predicted.strip().casefold()
    ref_set, pred_set = set(ref), set(pred)
    return (ref_set <= pred_set or pred_set <= ref_set) and ref[-1] in pred_set


def speaker_right(gold: SpeakerRef | None, predicted: SpeakerRef | None) -> bool:
    """Rule 5: is the predicted speaker right for a matched gold piece?

    * gold has a ``speaker_reference``: the predicted name (or, when null, its mention text)
      must be the same person; no predicted speaker is wrong;
    * else gold has a speaker span: the predicted span must overlap it by ≥ 1 character;
    * else (gold has no speaker): right only when the prediction has no speaker either.
    """
    if gold is None:
        return predicted is None
    if predicted is None:
        return False
    if gold.name:
        return same_person(gold.name, predicted.name)
    if (
        gold.start is not None
        and gold.end is not None
        and predicted.start is not None
        and predicted.end is not None
    ):
        return overlap(gold.start, gold.end, predicted.start, predicted.end) >= 1
    return False
