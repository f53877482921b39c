"""One model of a document's text that every stage asks: paragraphs, line breaks, sentences
and the character ↔ token index, each computed once per Doc.

``Token.sent`` rescans the Doc at every call and ``Doc.sents`` builds Span objects, so the
sentence bounds are read once into arrays; character offsets come from one array read.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from .datelines import dateline_end
from .paragraphs import has_break, paragraphs


class TextModel:
    """Paragraphs, sentences and character offsets of one parsed Doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text: str = doc.text
        arr = doc.to_array([IDX, LENGTH])
        self.starts: list[int] = arr[:, 0].tolist() if len(doc) else []
        self.ends: list[int] = (arr[:, 0] + arr[:, 1]).tolist() if len(doc) else []
        #: (start, end) character ranges of the non-blank paragraphs
        self.paras: list[tuple[int, int]] = paragraphs(self.text)
        self._para_starts = [p[0] for p in self.paras]
        #: (first, last + 1) token ranges of the paragraphs that hold tokens
        self.para_tokens: list[tuple[int, int]] = []
        #: tokens of the datelines opening paragraphs ("LONDON, March 4 (Reuters) -")
        self.dateline: set[int] = set()
        for a, b in self.paras:
            r = self.tokens_in(a, b)
            if len(r):
                self.para_tokens.append((r.start, r.stop))
                cut = dateline_end(self.text, a, b)
                if cut > a:
                    self.dateline.update(self.tokens_in(a, cut))
        self.sent_bounds: list[tuple[int, int]] = [(s.start, s.end) for s in doc.sents]
        self._sent_of: list[int] = [0] * len(doc)
        for k, (start, end) in enumerate(self.sent_bounds):
            self._sent_of[start:end] = [k] * (end - start)

    # ---- characters and tokens ---------------------------------------------------------
    def tokens_in(self, start: int, end: int) -> range:
        """Tokens lying entirely inside the characters [start, end)."""
        lo = bisect_left(self.starts, start)
        hi = bisect_right(self.ends, end)
        return range(lo, max(lo, hi))

    def token_at(self, char: int) -> int | None:
        """The token covering character ``char`` (None on a space between tokens)."""
        i = bisect_right(self.starts, char) - 1
        return i if 0 <= i < len(self.ends) and char < self.ends[i] else None

    def char_start(self, i: int) -> int:
        """Character offset where token ``i`` starts (the text's end past the last token)."""
        return self.starts[i] if i < len(self.starts) else len(self.text)

    # ---- paragraphs --------------------------------------------------------------------
    def paragraph_of(self, char: int) -> int:
        """Index of the paragraph holding (or last starting before) character ``char``."""
        return max(0, bisect_right(self._para_starts, char) - 1)

    def break_between(self, a: int, b: int) -> bool:
        """Is there a line break among the tokens from ``min(a, b)`` up to ``max(a, b)``
        (exclusive)?"""
        lo, hi = sorted((a, b))
        return lo < hi and has_break(self.text[self.char_start(lo) : self.char_start(hi)])

    def para_end_of_tokens(self) -> dict[int, int]:
        """Token → the end (exclusive) of its paragraph's tokens."""
        return {i: end for start, end in self.para_tokens for i in range(start, end)}

    # ---- sentences ---------------------------------------------------------------------
    def sent_of(self, i: int) -> tuple[int, int]:
        """(start, end) token bounds of the sentence holding token ``i``."""
        return self.sent_bounds[self._sent_of[i]]

    def sent_index(self, i: int) -> int:
        """Index of the sentence holding token ``i``."""
        return self._sent_of[i]

    def sent_before(self, i: int) -> tuple[int, int] | None:
        """The sentence before the one holding token ``i``, if any."""
        k = self._sent_of[i]
        return self.sent_bounds[k - 1] if k > 0 else None

    def sent_after(self, i: int) -> tuple[int, int] | None:
        """The sentence after the one holding token ``i``, if any."""
        k = self._sent_of[i]
        return self.sent_bounds[k + 1] if k + 1 < len(self.sent_bounds) else None
