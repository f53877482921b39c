"""Sentence bounds of a Doc, computed once: ``Token.sent`` rescans the Doc at every call."""

from __future__ import annotations

from spacy.tokens import Doc


class Sentences:
    """Token → sentence lookups for one parsed Doc."""

    def __init__(self, doc: Doc) -> None:
        self.bounds: list[tuple[int, int]] = [(s.start, s.end) for s in doc.sents]
        self.index: list[int] = [0] * len(doc)
        for k, (start, end) in enumerate(self.bounds):
            for i in range(start, end):
                self.index[i] = k

    def of(self, i: int) -> tuple[int, int]:
        """(start, end) token bounds of the sentence holding token ``i``."""
        return self.bounds[self.index[i]]

    def before(self, i: int) -> tuple[int, int] | None:
        """The sentence before the one holding token ``i``, if any."""
        k = self.index[i]
        return self.bounds[k - 1] if k > 0 else None

    def after(self, i: int) -> tuple[int, int] | None:
        """The sentence after the one holding token ``i``, if any."""
        k = self.index[i]
        return self.bounds[k + 1] if k + 1 < len(self.bounds) else None
