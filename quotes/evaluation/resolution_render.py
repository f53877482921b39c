"""Rich tables for the resolution reports of :mod:`quotes.evaluation.resolution`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from quotes.evaluation.resolution import (
    Accuracy,
    GapReport,
    GumReport,
    MentionReport,
    SpeakerReport,
)

if TYPE_CHECKING:  # rich is imported lazily: the scorer itself needs no terminal.
    from rich.console import Console
    from rich.table import Table

__all__ = ["render_gap", "render_gum", "render_mentions", "render_report", "render_speakers"]

_FORM_LABELS = {
    "third_person_pronoun": "third-person pronoun",
    "other_pronoun": "other pronoun",
    "description": "description",
    "name": "name",
}


def _cell(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _accuracy_table(
    title: str, first: str, rows: Mapping[str, Accuracy], labels: Mapping[str, str] | None = None
) -> Table:
    from rich.table import Table

    table = Table(title=title, min_width=len(title) + 4)  # so that the title is not wrapped
    table.add_column(first)
    for header in ("right", "scored", "accuracy"):
        table.add_column(header, justify="right")
    for key, acc in rows.items():
        label = (labels or {}).get(key, key)
        table.add_row(label, str(acc.right), str(acc.scored), _cell(acc.accuracy))
    return table


def render_mentions(report: MentionReport, console: Console) -> None:
    """GUM mention accuracy: by form, by entity type, by genre (each with the overall row)."""
    overall = {"all": report.overall}
    docs = f"({report.documents} documents)"
    by_form = {**report.by_form, **overall}
    console.print(_accuracy_table(f"GUM mentions by form {docs}", "form", by_form, _FORM_LABELS))
    person = report.by_form_person
    if person:
        console.print(
            _accuracy_table(
                f"GUM mentions of person chains by form {docs}", "form", person, _FORM_LABELS
            )
        )
    by_type = {**report.by_type, **overall}
    console.print(_accuracy_table(f"GUM mentions by entity type {docs}", "type", by_type))
    by_genre = {**report.by_genre, **overall}
    console.print(_accuracy_table(f"GUM mentions by genre {docs}", "genre", by_genre))


def render_speakers(report: SpeakerReport, console: Console) -> None:
    """GUM speakers of predicted quotes: the counts, then accuracy by genre."""
    from rich.table import Table

    title = f"GUM speakers of predicted quotes ({report.documents} documents)"
    table = Table(title=title, min_width=len(title) + 4)
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("quotes with a speaker", str(report.with_speaker))
    table.add_row("… on a gold mention", str(report.on_gold_mention))
    table.add_row("… resolvable (entity named)", str(report.resolvable))
    table.add_row("right", str(report.right))
    table.add_row("accuracy (right / resolvable)", _cell(report.accuracy))
    console.print(table)
    if report.by_genre:
        overall = {"all": Accuracy(report.right, report.resolvable)}
        console.print(
            _accuracy_table("GUM speakers: by genre", "genre", {**report.by_genre, **overall})
        )


def render_gum(report: GumReport, console: Console) -> None:
    """The parts of a GUM report that were scored."""
    if report.mentions is not None:
        render_mentions(report.mentions, console)
    if report.speakers is not None:
        render_speakers(report.speakers, console)


def render_gap(report: GapReport, console: Console) -> None:
    """GAP P/R/F1 overall, masculine and feminine, and the bias."""
    from rich.table import Table

    table = Table(title=f"GAP, snippet context ({report.rows} rows)")
    for header in ("pronouns", "TP", "system TRUE", "gold TRUE", "P", "R", "F1"):
        table.add_column(header, justify="left" if header == "pronouns" else "right")
    for label in ("overall", "masculine", "feminine"):
        figures = getattr(report, label)
        prf = figures.prf
        table.add_row(
            label,
            str(figures.tp),
            str(figures.predicted),
            str(figures.gold),
            *(_cell(v) for v in (prf.precision, prf.recall, prf.f1)),
        )
    table.add_row("bias (F/M)", "", "", "", "", "", _cell(report.bias))
    console.print(table)


def render_report(report: GumReport | GapReport, console: Console) -> None:
    """Either kind of report as tables."""
    if isinstance(report, GapReport):
        render_gap(report, console)
    else:
        render_gum(report, console)
