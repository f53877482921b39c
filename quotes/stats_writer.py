"""``quotes stats`` output: who is quoted in a corpus, as rich tables, JSON or CSV.

:class:`StatsWriter` is a :class:`~quotes.writers.Writer`: it counts each document as it
comes (:class:`~quotes.stats.StatsBuilder`) and prints the figures when closed.
"""

from __future__ import annotations

import csv
import json
from typing import IO, TYPE_CHECKING

from .columns import Want, fit
from .stats import CSV_FIELDS, CorpusStats, StatsBuilder, share, totals_line
from .types import Result
from .writers import Writer, cell_markup, cell_text

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

STATS_FORMATS = ("table", "json", "csv")
#: Speakers the table lists unless told otherwise (JSON and CSV list them all).
TABLE_TOP = 20


class StatsWriter(Writer):
    """Counts every document written, and prints the figures in ``fmt`` on :meth:`close`
    (``top``: how many speakers; None for the format's default, 0 for all)."""

    def __init__(
        self, out: IO[str], fmt: str = "table", *, top: int | None = None, width: int | None = None
    ) -> None:
        super().__init__(out)
        if fmt not in STATS_FORMATS:
            raise ValueError(
                f"unknown format {fmt!r} (expected one of: {', '.join(STATS_FORMATS)})"
            )
        self.fmt, self.top, self.width = fmt, top, width
        self.builder = StatsBuilder()

    def write(self, result: Result) -> None:
        self.builder.add(result)
        self.count += 1

    def close(self) -> None:
        stats = self.builder.result()
        if self.fmt == "json":
            self.out.write(json.dumps(stats.to_dict(self.top), ensure_ascii=False, indent=2) + "\n")
        elif self.fmt == "csv":
            rows = csv.DictWriter(
                self.out, fieldnames=CSV_FIELDS, lineterminator="\n", extrasaction="ignore"
            )
            rows.writeheader()
            rows.writerows(stats.rows(self.top))
        else:
            from rich.console import Console

            console = Console(file=self.out, width=self.width, soft_wrap=False)
            if self.width is None and not console.is_terminal:
                console.width = 100  # files and pipes
            render_stats(stats, console, TABLE_TOP if self.top is None else self.top)
        super().close()


def render_stats(stats: CorpusStats, console: Console, top: int = TABLE_TOP) -> None:
    """The totals line, the most quoted speakers (``top``; 0 for all), quotes by kind and
    speakers by kind, as rich tables on ``console``."""
    console.print(totals_line(stats), markup=False, highlight=False, soft_wrap=True)
    console.print(speakers_table(stats, console.width, top))
    console.print(kinds_table(stats))
    console.print(speaker_kinds_table(stats))


def speakers_table(stats: CorpusStats, width: int, top: int = TABLE_TOP) -> Table:
    """# | Speaker | Title | Kind | Quotes | Documents; names and titles never cut in a word."""
    from rich.table import Table

    speakers = stats.top(top)
    shown = f"the {len(speakers)} most quoted" if len(speakers) < len(stats.speakers) else "all"
    table = Table(
        title=f"Speakers: {shown} of {len(stats.speakers):,}",
        title_justify="left",
        show_lines=False,
    )
    numbers = [str(len(speakers)), *(f"{s.quotes:,}" for s in speakers)]
    fixed = [len(x) for x in ("#", "Kind", "Quotes", "Documents")]
    fixed[0] = max(fixed[0], *(len(n) for n in numbers))
    fixed[1] = max([fixed[1], *(len(s.kind) for s in speakers)])
    space = width - 7 - 12 - sum(fixed)  # six columns: 7 borders, 12 cells of padding
    wants = [
        Want.of(["Speaker", *(cell_text(s.name) for s in speakers)], cap=max(20, space // 2)),
        Want.of(["Title", *(cell_text(s.title or "") for s in speakers)], cap=max(20, space // 2)),
    ]
    space = min(space, sum(w.pref for w in wants))  # no wider than the names need
    widths = fit(wants, space, grow=1, order=[[1], [0]]) if space > 0 else None
    table.add_column("#", justify="right", no_wrap=True)
    for header, w in zip(("Speaker", "Title"), widths or (None, None), strict=True):
        table.add_column(header, width=w, overflow="fold")
    table.add_column("Kind", no_wrap=True)
    table.add_column("Quotes", justify="right", no_wrap=True)
    table.add_column("Documents", justify="right", no_wrap=True)
    for rank, s in enumerate(speakers, 1):
        table.add_row(
            str(rank),
            cell_markup(s.name),
            cell_markup(s.title or ""),
            cell_markup(s.kind),
            f"{s.quotes:,}",
            f"{s.documents:,}",
        )
    return table


def kinds_table(stats: CorpusStats) -> Table:
    """Quotes by kind, with their share of all quotes."""
    from rich.table import Table

    table = Table(title="Quotes by kind", title_justify="left")
    table.add_column("Kind")
    table.add_column("Quotes", justify="right")
    table.add_column("Share", justify="right")
    for kind, n in stats.kinds.items():
        table.add_row(cell_markup(kind), f"{n:,}", share(n, stats.quotes))
    return table


def speaker_kinds_table(stats: CorpusStats) -> Table:
    """People, organisations and groups: distinct named speakers and their quotes."""
    from rich.table import Table

    table = Table(title="Who is quoted", title_justify="left")
    table.add_column("Speakers")
    table.add_column("Named", justify="right")
    table.add_column("Quotes", justify="right")
    table.add_column("Share", justify="right")
    for label, speakers, n in stats.who_is_quoted():
        named = "" if speakers is None else f"{speakers:,}"
        table.add_row(cell_markup(label), named, f"{n:,}", share(n, stats.quotes))
    return table
