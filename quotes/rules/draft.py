"""A quote before speaker resolution, as the assembly rules make it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc

from ..attribution import Attribution
from ..types import QuoteKind

Pieces = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Draft:
    """A quote before speaker resolution: character ``pieces``, its kind and rule, the
    attribution it came from, the speaker's head token and token range (when not the head's
    noun phrase), and for a follow-on quote the index of the draft it continues. ``rule`` is
    "kind:rule" (e.g. "direct:ccomp", "indirect:object", "direct:follow-on")."""

    pieces: Pieces
    kind: QuoteKind
    rule: str
    attribution: Attribution | None = None
    speaker: int | None = None
    speaker_extent: tuple[int, int] | None = None
    follows: int | None = None
    interrupted: bool = False  # pieces joined across their own attribution (“…,” she said. “…”)

    @property
    def rule_name(self) -> str:
        """The quote's ``rule`` field: the rule, marked when the quote was interrupted."""
        return f"{self.rule}+interrupted" if self.interrupted else self.rule

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]

    @property
    def size(self) -> int:
        """Characters in its pieces."""
        return sum(e - s for s, e in self.pieces)

    def overlaps(self, other: Draft) -> bool:
        return any(s1 < e2 and s2 < e1 for s1, e1 in self.pieces for s2, e2 in other.pieces)


def words(doc: Doc, tokens: Iterable[int]) -> int:
    """How many of ``tokens`` are words or numbers."""
    return sum(1 for i in tokens if doc[i].is_alpha or doc[i].like_num)
