"""Marked spans of a text as well-formed HTML, whatever their nesting or overlap.

The text is cut at every span boundary; at each cut, elements are closed from the innermost
outwards until the open ones are a prefix of what the next piece needs, then the missing ones
are opened again. Lower layers enclose higher ones (quote parts enclose speaker mentions,
which enclose cues), so with the contract's non-overlapping quotes each quote part is one
element and only a speaker or cue span that crosses a quote's edge is split in two.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..paragraphs import BREAKS

# Characters HTML should not carry (C0/C1 controls but tab and line ends, lone surrogates,
# which UTF-8 cannot even encode): shown as U+FFFD.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# A paragraph break: a run of line breaks, blank lines included.
_BREAK_RUN = re.compile(f"[{BREAKS}](?:[ \t]*[{BREAKS}])*")
#: What a paragraph break becomes: a real line break (kept by copy and paste and
#: ``textContent``) and an empty block that spaces the paragraphs.
PARAGRAPH_BREAK = '\n<span class="pg" aria-hidden="true"></span>'


def esc(value: object) -> str:
    """Any value from the input as HTML text or attribute value (quotes escaped too)."""
    return html.escape(_UNSAFE.sub("\ufffd", str(value)), quote=True)


def text_html(text: str) -> str:
    """A piece of document text as HTML: escaped, paragraph breaks made visible."""
    return PARAGRAPH_BREAK.join(esc(line) for line in _BREAK_RUN.split(text))


@dataclass(eq=False)
class Mark:
    """One span to mark. ``attrs`` values are raw (escaped on output); ``first_attrs`` go on
    the first piece only (ids, tabindex); ``after`` is HTML written right after the first
    piece closes (a quote's card, which CSS shows on that piece's hover and focus)."""

    start: int
    end: int
    layer: int
    tag: str
    classes: str
    attrs: Sequence[tuple[str, str]] = ()
    first_attrs: Sequence[tuple[str, str]] = ()
    after: str = ""
    pieces: int = field(default=0, init=False)


def _open(mark: Mark) -> str:
    first = mark.pieces == 0
    mark.pieces += 1
    classes = mark.classes if first else f"{mark.classes} cont"
    attrs = [*mark.first_attrs, *mark.attrs] if first else list(mark.attrs)
    rendered = "".join(f' {name}="{esc(value)}"' for name, value in attrs)
    return f'<{mark.tag} class="{classes}"{rendered}>'


def _close(mark: Mark) -> str:
    return f"</{mark.tag}>" + (mark.after if mark.pieces == 1 else "")


def _order(mark: Mark) -> tuple[int, int, int]:
    # outer first: lower layer, then earlier start, then longer span
    return (mark.layer, mark.start, -mark.end)


def nest(text: str, marks: Sequence[Mark], render: Callable[[str], str] = text_html) -> str:
    """``text`` as HTML with every mark an element (split where spans cross)."""
    n = len(text)
    starts: dict[int, list[Mark]] = defaultdict(list)
    ends: dict[int, list[Mark]] = defaultdict(list)
    for m in marks:
        m.start, m.end = max(0, m.start), min(n, m.end)
        if m.start < m.end:
            starts[m.start].append(m)
            ends[m.end].append(m)
    cuts = sorted({0, n, *starts, *ends})
    out: list[str] = []
    active: list[Mark] = []
    stack: list[Mark] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        active = [m for m in active if m.end > a] + starts.get(a, [])
        stack = _realign(stack, sorted(active, key=_order), out)
        out.append(render(text[a:b]))
    _realign(stack, [], out)
    return "".join(out)


def _realign(stack: list[Mark], want: list[Mark], out: list[str]) -> list[Mark]:
    """Close the open elements not in ``want``'s prefix, open the rest; the new stack."""
    k = 0
    while k < min(len(stack), len(want)) and stack[k] is want[k]:
        k += 1
    out.extend(_close(m) for m in reversed(stack[k:]))
    out.extend(_open(m) for m in want[k:])
    return want
