"""Linear time: each stage at 1×, 2× and 4× input on the shapes that were once super-linear.

Shapes (text):

  spans      one line of many quoted spans: ``"a" "a" "a" …`` (the red team's 49,601 characters
             took 63 s, 58 s of them in our component, growing 4.5× per doubling)
  dense      token-dense short quotes in one paragraph: ``“Yes,” she said. “No,” he said. …``
  paragraphs the same short quotes, one per line (many paragraphs, many sentences)

Stages (text): ``spacy`` (the model with our tokenizer rules and guard, the quotes component
disabled), ``marks`` (``quotes.marks.find_quotes``), and our component on the parsed Doc, split
into ``context`` (text model, tree shapes and entities), ``assemble`` (``Assembler.assemble``)
and ``resolve`` (``quotes.extractor.resolve``: speakers and Quote objects), each timed on its
own; ``component`` is the whole of ``extract_quotes``.

Shapes (HTML, the ``html_to_text`` fallback and trafilatura):

  nested     ``<div>`` nested N deep around one paragraph
  skipped    N unclosed ``<nav>`` then N ``<body>`` tags (each ``<body>`` used to rebuild the
             open-element list: 110/220/440 kB took 1.2/4.2/16.5 s)
  closing    N unclosed ``<nav>`` then N stray ``</span>`` (each closing tag scanned the list)

Stages (HTML): ``fallback`` (the standard-library extractor alone) and ``html_to_text``
(trafilatura, then the fallback when it finds nothing).

Each measurement is the best of ``--repeat`` runs (default 3: on a shared machine the minimum is
the least disturbed), with the garbage collector off while timing, as ``timeit`` does (``--gc``
keeps it on: its full collections grow with the heap whatever the algorithm). The clock is the
process's CPU time (``--clock wall`` for wall-clock time): other jobs on the cores then cost a
stage little of its figure. Printed: seconds at each size and the growth per doubling,
t(2×)/t(1×) and t(4×)/t(2×); linear is 2.0, the target ≤ 2.3. A stage under 20 ms at 4× is
marked "fast" (its ratios are noise).

    python benchmarks/scaling.py                    # ~3 min here
    python benchmarks/scaling.py --base 6200 --repeat 1 --shapes spans
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import emit_report, log, machine, print_table  # noqa: E402

FACTORS = (1, 2, 4)
TARGET = 2.3
FAST = 0.02  # seconds at 4x below which a stage is too quick to judge
KEEP_GC = False  # --gc
CLOCKS: dict[str, Callable[[], float]] = {"cpu": time.process_time, "wall": time.perf_counter}
CLOCK = "cpu"  # --clock


# ---- shapes ---------------------------------------------------------------------------------
def spans(chars: int) -> str:
    return '"a" ' * (chars // 4)


def dense(chars: int) -> str:
    unit = "“Yes,” she said. “No,” he said. "
    return unit * (chars // len(unit))


def paragraphs(chars: int) -> str:
    unit = "“Yes,” she said.\n“No,” he said.\n"
    return unit * (chars // len(unit))


TEXT_SHAPES: dict[str, Callable[[int], str]] = {
    "spans": spans,
    "dense": dense,
    "paragraphs": paragraphs,
}


def nested(chars: int) -> str:
    n = chars // 11
    page = "<div>" * n + "<p>“Yes,” she said.</p>" + "</div>" * n
    return f"<html><body>{page}</body></html>"


def skipped(chars: int) -> str:
    n = chars // 11
    return "<html>" + "<nav>" * n + "<body>" * n + "<p>“Yes,” she said.</p></html>"


def closing(chars: int) -> str:
    n = chars // 12
    return "<html><body>" + "<nav>" * n + "</span>" * n + "<p>“Yes,” she said.</p></html>"


HTML_SHAPES: dict[str, Callable[[int], str]] = {
    "nested": nested,
    "skipped": skipped,
    "closing": closing,
}


# ---- timing ---------------------------------------------------------------------------------
def best_of(repeat: int, run: Callable[[], Any]) -> float:
    """The best time of ``repeat`` runs, with the cyclic garbage collector off while timing
    (as ``timeit`` does): its full collections cost more as the heap grows, whatever the
    algorithm, and would blur the growth being measured. ``--gc`` keeps it on."""
    clock = CLOCKS[CLOCK]
    times = []
    for _ in range(repeat):
        gc.collect()
        if not KEEP_GC:
            gc.disable()
        try:
            t0 = clock()
            run()
            times.append(clock() - t0)
        finally:
            gc.enable()
    return min(times)


def text_stages(nlp: Any, text: str, repeat: int) -> dict[str, float]:
    """Seconds of each stage on ``text``."""
    from quotes.assemble import Assembler
    from quotes.extractor import context, extract_quotes, resolve
    from quotes.marks import find_quotes

    component = nlp.get_pipe("quotes")
    out: dict[str, float] = {}
    with nlp.select_pipes(disable=["quotes"]):
        out["spacy"] = best_of(repeat, lambda: nlp(text))
        doc = nlp(text)
    out["marks"] = best_of(repeat, lambda: find_quotes(text))
    lex, shapes = component.lex, component.shapes
    out["context"] = best_of(repeat, lambda: context(doc, lex, shapes))
    ctx = context(doc, lex, shapes)
    out["assemble"] = best_of(repeat, lambda: Assembler(ctx).assemble())
    assembly = Assembler(ctx).assemble()
    out["resolve"] = best_of(repeat, lambda: resolve(ctx, assembly))
    out["component"] = best_of(repeat, lambda: extract_quotes(doc, lex, shapes))
    return out


def html_stages(html: str, repeat: int) -> dict[str, float]:
    from quotes.readers.html import _html_to_text_stdlib, html_to_text

    return {
        "fallback": best_of(repeat, lambda: _html_to_text_stdlib(html)),
        "html_to_text": best_of(repeat, lambda: html_to_text(html)),
    }


def growth(times: list[float]) -> list[float]:
    return [b / a if a > 0 else float("nan") for a, b in zip(times, times[1:], strict=False)]


def measure(args: argparse.Namespace) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    nlp = None
    for shape in args.shapes:
        is_text = shape in TEXT_SHAPES
        base = args.base if is_text else args.html_base
        per_size: list[dict[str, float]] = []
        for k in FACTORS:
            if is_text:
                if nlp is None:
                    import quotes

                    nlp = quotes.load()
                text = TEXT_SHAPES[shape](base * k)
                nlp.max_length = max(nlp.max_length, len(text) + 1)
                log(f"{shape} ×{k}: {len(text):,} characters")
                per_size.append(text_stages(nlp, text, args.repeat))
            else:
                html = HTML_SHAPES[shape](base * k)
                log(f"{shape} ×{k}: {len(html):,} characters of HTML")
                per_size.append(html_stages(html, args.repeat))
        for stage in per_size[0]:
            times = [s[stage] for s in per_size]
            ratios = growth(times)
            rows.append(
                {
                    "shape": shape,
                    "stage": stage,
                    "chars_1x": base,
                    "seconds": times,
                    "growth": ratios,
                    "fast": times[-1] < FAST,
                    "linear": times[-1] < FAST or max(ratios) <= TARGET,
                }
            )
    return {
        "machine": machine(),
        "target_growth": TARGET,
        "gc": KEEP_GC,
        "clock": CLOCK,
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", type=int, default=12_400, help="characters of text at 1× (12,400)")
    ap.add_argument(
        "--html-base", type=int, default=110_000, help="characters of HTML at 1× (110,000)"
    )
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement, best kept (3)")
    ap.add_argument(
        "--shapes",
        nargs="+",
        default=[*TEXT_SHAPES, *HTML_SHAPES],
        choices=[*TEXT_SHAPES, *HTML_SHAPES],
    )
    ap.add_argument("--gc", action="store_true", help="keep the garbage collector on")
    ap.add_argument(
        "--clock", choices=sorted(CLOCKS), default="cpu", help="process CPU time or wall (cpu)"
    )
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument("--save", type=Path, default=None, help="also write the JSON report here")
    args = ap.parse_args(argv)
    global KEEP_GC, CLOCK
    KEEP_GC, CLOCK = args.gc, args.clock
    report = measure(args)
    if not emit_report(report, args.save, args.json):
        table = [
            [
                r["shape"],
                r["stage"],
                *(f"{t:.3f}" for t in r["seconds"]),
                *(f"{g:.2f}" for g in r["growth"]),
                "fast" if r["fast"] else ("yes" if r["linear"] else "NO"),
            ]
            for r in report["rows"]
        ]
        columns = ["shape", "stage", "s 1×", "s 2×", "s 4×", "2×/1×", "4×/2×", "≤ 2.3"]
        print_table("Growth per doubling of the input", columns, table)
    return 0 if all(r["linear"] for r in report["rows"]) else 1


if __name__ == "__main__":
    sys.exit(main())
