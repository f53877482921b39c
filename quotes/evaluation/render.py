"""A report for people: rich tables on a console, and the errors file (text or JSONL)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from .report import EvalError, EvalReport, fmt_threshold

if TYPE_CHECKING:  # rich is imported lazily: the scorer itself needs no terminal.
    from rich.console import Console
    from rich.table import Table

__all__ = ["render_table", "write_errors"]


def _plural(n: int, noun: str) -> str:
    if n == 1:
        return f"{n} {noun}"
    return f"{n} {noun}" + ("es" if noun.endswith(("s", "sh", "ch", "x")) else "s")  # misses


def write_errors(report: EvalReport, path: Path | str) -> None:
    """Write the report's errors to ``path``: JSONL if it ends in ``.jsonl``, else text.

    The text form groups errors by document (in gold order), each document's errors by offset,
    with the piece marked ⟦ ⟧ in ±150 characters of context.
    """
    path = Path(path)
    if path.suffix.lower() == ".jsonl":
        every = [*report.errors, *report.title_errors]
        lines = [json.dumps(asdict(error), ensure_ascii=False) for error in every]
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        return
    path.write_text(_errors_text(report), encoding="utf-8")


def _errors_text(report: EvalReport) -> str:
    counts = report.error_counts()
    threshold = report.error_threshold
    at = fmt_threshold(threshold) if threshold is not None else "-"
    out = [
        f"# quotes evaluate: errors at T = {at}" + (" (speech-only)" if report.speech_only else ""),
        "# " + ", ".join(_plural(n, kind.replace("_", " ")) for kind, n in counts.items()),
        "",
    ]
    if report.title_errors:
        out[1] += ", " + _plural(len(report.title_errors), "wrong title")
    by_doc: dict[str, list[EvalError]] = {}
    for error in [*report.errors, *report.title_errors]:
        by_doc.setdefault(error.doc_id, []).append(error)
    for doc_id, errors in by_doc.items():
        out.append(f"=== {doc_id} ({_plural(len(errors), 'error')}) ===")
        for error in sorted(errors, key=lambda e: (e.start, e.end)):
            out.append(f"[{error.error}] {error.kind} {error.start}:{error.end}")
            if error.error != "false_positive":
                out.append(f"  gold speaker:      {error.gold_speaker or '(none)'}")
            if error.error != "miss":
                out.append(f"  predicted speaker: {error.predicted_speaker or '(none)'}")
            if error.note:
                out.append(f"  note: {error.note}")
            out.append(f"  {error.context}")
            out.append("")
    return "\n".join(out)


def _cell(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def render_table(report: EvalReport, console: Console) -> None:
    """Print the figures as rich tables: headline measures, by kind, and counts."""
    console.print(_measures_table(report))
    console.print(_kinds_table(report))
    console.print(_counts_table(report))
    if any(t.titles.gold or t.titles.honorific for t in report.thresholds):
        console.print(_titles_table(report))


def _measures_table(report: EvalReport) -> Table:
    from rich.table import Table

    title = _plural(report.documents, "document") + (", speech-only" if report.speech_only else "")
    main = Table(title=f"Quote attribution: {title}")
    for header in ("measure", "T", "P", "R", "F1 / acc."):
        main.add_column(header, justify="left" if header == "measure" else "right")
    for name in ("quotes", "end-to-end"):
        for t in report.thresholds:
            prf = t.quotes if name == "quotes" else t.end_to_end
            main.add_row(name, fmt_threshold(t.threshold), *map(_cell, asdict(prf).values()))
    for t in report.thresholds:
        accuracy = _cell(t.speaker_accuracy)
        main.add_row("speaker accuracy", fmt_threshold(t.threshold), "", "", accuracy)
    return main


def _kinds_table(report: EvalReport) -> Table:
    from rich.table import Table

    kinds = Table(title="By kind (recall by gold type, precision by predicted kind)")
    headers = ("kind", "T", "gold", "R", "e2e R", "pred", "P", "e2e P")
    for header in headers:
        kinds.add_column(header, justify="left" if header == "kind" else "right")
    for t in report.thresholds:
        for figures in t.by_kind.values():
            kinds.add_row(
                figures.kind,
                fmt_threshold(t.threshold),
                str(figures.gold),
                _cell(figures.recall),
                _cell(figures.end_to_end_recall),
                str(figures.predicted),
                _cell(figures.precision),
                _cell(figures.end_to_end_precision),
            )
    return kinds


def _counts_table(report: EvalReport) -> Table:
    from rich.table import Table

    counts = Table(title="Counts (pieces)")
    fields = ("gold", "predicted", "tp", "fp", "fn", "speaker_right")
    extra = ("absorbed", "excluded") if report.speech_only else ()
    for header in ("T", *fields, *extra):
        counts.add_column(header.replace("_", " "), justify="right")
    for t in report.thresholds:
        values = asdict(t.counts)
        counts.add_row(fmt_threshold(t.threshold), *(str(values[f]) for f in (*fields, *extra)))
    return counts


def _titles_table(report: EvalReport) -> Table:
    """Speakers' titles, for gold sets that give them (the genre set; not PolNeAR)."""
    from rich.table import Table

    table = Table(title="Titles (matched quotes; every gold title word of 4+ letters)")
    headers = ("T", "gold titled", "right", "share", "predicted titled", "honorific")
    for header in headers:
        table.add_column(header, justify="right")
    for t in report.thresholds:
        f = t.titles
        table.add_row(
            fmt_threshold(t.threshold),
            str(f.gold),
            str(f.right),
            _cell(f.accuracy),
            str(f.predicted),
            str(f.honorific),
        )
    return table
