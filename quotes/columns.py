"""Column widths for the terminal tables, chosen so that names and titles are never cut.

rich shares a narrow terminal among columns by itself, and cuts words to do it ("Ramaswa…").
Here each column says how wide it would like to be (``pref``) and how far it may give way:
in a first pass down to ``floor``, in a last pass down to ``least`` (never below its longest
word, for the columns whose words must stay whole). Columns give way in the order given, so
the quote, which wraps anywhere, yields first, and speaker and title last.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len


@dataclass(frozen=True)
class Want:
    """What one column asks for (cells of text, padding and borders not included)."""

    pref: int
    floor: int
    least: int

    @classmethod
    def of(cls, texts: Iterable[str], *, cap: int, floor: int | None = None) -> Want:
        """A column of ``texts`` that keeps its words whole: it would like its longest line
        (at most ``cap``, but never less than its longest word), and gives way down to its
        longest word (or ``floor``, if given and narrower than its preference)."""
        texts = list(texts)
        word = longest_word(texts)
        pref = max(word, min(longest_line(texts), cap))
        least = min(pref, word)
        return cls(pref, least if floor is None else max(least, min(floor, pref)), least)


def longest_word(texts: Iterable[str]) -> int:
    """Cells of the widest whitespace-separated word in ``texts`` (0 for none)."""
    return max((cell_len(w) for t in texts for w in t.split()), default=0)


def longest_line(texts: Iterable[str]) -> int:
    """Cells of the widest line in ``texts`` (0 for none)."""
    return max((cell_len(line) for t in texts for line in t.splitlines()), default=0)


def fit(
    wants: Sequence[Want], space: int, *, grow: int, order: Sequence[Sequence[int]]
) -> list[int] | None:
    """Widths for ``wants`` that fill ``space`` cells exactly, or None when even the narrowest
    widths allowed do not fit. Spare room goes to column ``grow``; when room is short, the
    groups of columns in ``order`` give way in turn, first each down to its ``floor``, then
    each down to its ``least``; within a group the widest column gives a cell first."""
    widths = [w.pref for w in wants]
    spare = space - sum(widths)
    if spare >= 0:
        widths[grow] += spare
        return widths
    need = -spare
    for stage in ("floor", "least"):
        for group in order:
            need = _shrink(widths, wants, group, need, stage)
            if need == 0:
                return widths
    return None


def squeezed(wants: Sequence[Want], space: int) -> list[Want]:
    """``wants`` with no column asking for more than an even share of ``space``: for when
    a word is wider than any column can be (it then goes on over the next line)."""
    share = max(1, space // max(1, len(wants)))
    return [Want(min(w.pref, share), min(w.floor, share), min(w.least, share)) for w in wants]


def _shrink(
    widths: list[int], wants: Sequence[Want], group: Sequence[int], need: int, stage: str
) -> int:
    """Take up to ``need`` cells from the columns of ``group`` (widest first, one cell at a
    time, so they end up even), none below its ``stage`` bound; returns what is still needed."""
    while need > 0:
        room = [i for i in group if widths[i] > getattr(wants[i], stage)]
        if not room:
            break
        widest = max(room, key=lambda i: widths[i])
        widths[widest] -= 1
        need -= 1
    return need
