"""The HTML report's cost against the extraction it reports on.

Extracts the texts once (``quotes.extract_many``, one process) and measures its CPU time per
document; then makes ``--documents`` results (default 1,000) by cycling those results under
new ids and writes them with the CLI's writer (``quotes.writers.writer_for("html")``) three
ways: (s) a site (an ``index.html`` plus one page per document, what ``-o`` does beyond 200
documents), (p) one page holding every document (the writer's ``render_report``), (d) one
page per document alone (``quotes.render``). Reported: CPU seconds of each write, and its share
of the extraction time of as many documents (the target: under 5 %).

    python benchmarks/html_report.py                   # ~1 min
    python benchmarks/html_report.py --documents 2000 --json
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    add_text_options,
    count_words,
    emit_report,
    fmt,
    load_texts,
    log,
    machine,
    print_table,
)

import quotes  # noqa: E402
from quotes.html import HtmlWriter  # noqa: E402
from quotes.html.report import render_report  # noqa: E402


def _cpu() -> float:
    return time.process_time()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_text_options(ap)
    ap.add_argument("--documents", type=int, default=1000, help="Results written (default 1000).")
    ap.add_argument("--json", action="store_true", help="Print the JSON report only.")
    ap.add_argument("--save", type=Path, default=None, help="Also write the JSON report here.")
    args = ap.parse_args(argv)

    texts, source = load_texts(args.texts, args.limit, args.repeat)
    log(f"{len(texts)} texts from {source}")
    nlp = quotes.load()
    list(quotes.extract_many(texts[:8], nlp=nlp))  # warm-up
    t0 = _cpu()
    results = list(quotes.extract_many(texts, nlp=nlp))
    extract_cpu = _cpu() - t0
    per_doc = extract_cpu / len(texts)
    n = args.documents
    many = [replace(results[i % len(results)], id=f"doc-{i:05d}") for i in range(n)]
    words = sum(count_words(r.text) for r in many)
    log(f"extraction: {extract_cpu:.1f} s CPU for {len(texts)} texts; writing {n} results")

    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.html"
        t0 = _cpu()
        with path.open("w", encoding="utf-8") as out:
            writer = HtmlWriter(out)
            for r in many:
                writer.write(r)
            writer.close()
        timings["site"] = _cpu() - t0
        pages = sum(1 for _ in (Path(tmp) / "report_files").glob("*.html"))
        t0 = _cpu()
        page = render_report(many)
        timings["one page"] = _cpu() - t0
        t0 = _cpu()
        for r in many:
            io.StringIO().write(quotes.render(r))
        timings["a page each"] = _cpu() - t0

    extraction = per_doc * n
    report = {
        "machine": machine(),
        "source": source,
        "documents": n,
        "words": words,
        "extraction_cpu_s_per_document": per_doc,
        "extraction_cpu_s": extraction,
        "site_pages": pages,
        "one_page_bytes": len(page.encode("utf-8")),
        "write_cpu_s": timings,
        "share_of_extraction": {k: v / extraction for k, v in timings.items()},
        "target_share": 0.05,
    }
    if emit_report(report, args.save, args.json):
        return 0
    rows = [[k, fmt(v, 2), f"{v / extraction:.2%}", "< 5%"] for k, v in timings.items()]
    print_table(
        f"HTML report of {n:,} documents ({words:,} words; extraction {fmt(extraction, 1)} s CPU)",
        ["written as", "CPU s", "share of extraction", "target"],
        rows,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
