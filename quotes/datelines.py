"""Datelines and wire credits that open a paragraph: "LONDON, March 4 (Reuters) - ",
"VANCOUVER (CP) — ", "CALDER, Aug. 8, 2025 — ", "BOSTON, March 11, 2025 /PRNewswire/ -- ".
They say where and when, never who: no speaker or entity mention is ever taken from them."""

from __future__ import annotations

import re

DATELINE = re.compile(
    r"""\s*[A-Z][A-Z.'’\-]{2,}(?:\s+[A-Z][A-Z.'’\-]*)*          # PLACE, in capitals
    (?:,\s*[A-Z][a-zA-Z.]*(?:\s+[A-Z][a-zA-Z.]*)*)?             # , Province
    (?:,\s*(?:\d{1,2}\s+[A-Z][a-z]+\.?|[A-Z][a-z]+\.?\s+\d{1,2})(?:,?\s+\d{4})?)?  # , date
    \s*(?:\([A-Za-z][A-Za-z .&-]{0,30}\)|/[A-Za-z][A-Za-z .&-]{0,30}/)?  # (Reuters), /PRNewswire/
    \s*(?:—|–|--|-)\s+""",
    re.X,
)


def dateline_end(text: str, start: int, end: int) -> int:
    """Where the dateline opening the paragraph text[start:end] ends (``start``: none)."""
    m = DATELINE.match(text, start, end)
    return m.end() if m else start
