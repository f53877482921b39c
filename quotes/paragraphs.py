"""What a paragraph is, for every stage: text between line breaks of any kind.

A news paragraph never continues a sentence, and a quote paragraph that follows another is a
new quotation, whichever line break separates them: ``\\n`` (the seed article), ``\\n\\n``
(PolNeAR), ``\\r`` (old Mac files), U+2028/U+2029 (word processors) or NEL (EBCDIC
conversions). These are the characters ``str.splitlines`` breaks on.
"""

from __future__ import annotations

import re

#: Every character that ends a line (as ``str.splitlines`` counts them).
BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
BREAK_RE = re.compile(f"[{BREAKS}]")
_LINE_RE = re.compile(f"[^{BREAKS}]+")


def has_break(text: str) -> bool:
    """Does ``text`` hold a line break of any kind?"""
    return BREAK_RE.search(text) is not None


def paragraphs(text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line of ``text[lo:hi]``; ``end`` excludes the break."""
    end = len(text) if hi is None else hi
    return [m.span() for m in _LINE_RE.finditer(text, lo, end) if not m.group().isspace()]
