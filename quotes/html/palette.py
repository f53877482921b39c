"""Speaker colours: a fixed palette, a colour chosen by the speaker's name.

The colours are data, ``palette.json`` next to this module. Each entry is a light fill (text on
it stays near-black) and a dark accent (underlines, borders, badges with white text, chart bars).
Both contrasts are checked by the tests against WCAG's 4.5:1 for text. A name always prefers the
same slot (a CRC of the name), so a speaker keeps their colour from one document to the next
unless two speakers of one document collide.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable
from importlib.resources import files
from typing import Any


def _colours(entry: dict[str, Any]) -> tuple[str, str]:
    return entry["fill"], entry["accent"]


# palette.json is package data (pyproject.toml); its palette entries are named, in slot order.
_DATA = json.loads(files("quotes.html").joinpath("palette.json").read_text(encoding="utf-8"))
#: (fill, accent) pairs; the text colour on fills is TEXT, on accents white.
PALETTE: tuple[tuple[str, str], ...] = tuple(_colours(entry) for entry in _DATA["palette"])
#: For quotes without a speaker: grey, never one of the palette's colours.
NO_SPEAKER: tuple[str, str] = _colours(_DATA["no_speaker"])
TEXT: str = _DATA["text"]


def preferred_slot(name: str) -> int:
    """The palette slot a name asks for, the same on every run and in every document."""
    return zlib.crc32(name.casefold().encode("utf-8", "replace")) % len(PALETTE)


def assign(names: Iterable[str]) -> dict[str, int]:
    """A slot per name, in first-seen order: its preferred slot, or the next free one while
    the palette has free slots (so a document's first dozen speakers never share a colour)."""
    slots: dict[str, int] = {}
    taken: set[int] = set()
    for name in names:
        if name in slots:
            continue
        slot = preferred_slot(name)
        if len(taken) < len(PALETTE):
            while slot in taken:
                slot = (slot + 1) % len(PALETTE)
        slots[name] = slot
        taken.add(slot)
    return slots


def _luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
