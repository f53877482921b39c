"""Experiment: ``extract_many(n_process=N)`` as shipped against spaCy's own ``n_process`` path.

``quotes.extract_many`` runs its batches in a fork pool of its own (``quotes.parallel``): each
worker runs ``nlp.pipe`` on a batch of texts inside ``nlp.memory_zone()`` and sends back only
the quote records. Before that, it handed the texts to spaCy's ``nlp.pipe(..., as_tuples=True,
n_process=N)``. This script times, on the same texts and in rotating order, three ways to the
same Results:

  single   ``quotes.extract_many(n_process=1)``: the reference
  shipped  ``quotes.extract_many(n_process=N)``: the fork pool returning quote records
  spacy    spaCy's path, as ``extract_many`` used it before (``extract_many_spacy`` below,
           same splitting of long texts): spaCy 3.8 makes every Doc (tokenizes) in the main
           process, sends it to a worker with ``Doc.to_bytes`` and gets the parsed Doc back
           the same way (tensor included); the Quotes are read with ``doc._.quotes``.

It checks that the three give identical Results on the first 40 texts, then reports words/s,
CPU seconds of the main process and of the workers, peak RSS and PSS of the process tree, the
cores other processes kept busy, and the speed-up of each over ``single`` and of ``shipped``
over ``spacy`` (medians of per-round ratios).

    python benchmarks/multiprocess_experiment.py --rounds 3 --quiet 0.3
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing as mp
import resource
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    Background,
    TreeSampler,
    add_quiet_options,
    add_text_options,
    count_words,
    cpu_seconds,
    emit_report,
    fmt,
    load_average,
    load_texts,
    log,
    machine,
    median,
    print_table,
    wait_for_quiet,
)

KINDS = ("single", "shipped", "spacy")


def extract_many_spacy(
    items: Iterable[Any], *, nlp, n_process: int, batch_size: int
) -> Iterator[Any]:
    """``quotes.extract_many`` on spaCy's own multiprocessing (``nlp.pipe(as_tuples=True,
    n_process=N)``), as it was before ``quotes.parallel``; no memory zones."""
    from quotes.api import PIECE_CHARS, WHOLE_CHARS, _id_text, split_text
    from quotes.types import Result

    limit = nlp.max_length
    whole, piece = min(limit, WHOLE_CHARS), min(limit, PIECE_CHARS)
    meta: deque[tuple[str, str, bool, int]] = deque()

    def pieces() -> Iterator[tuple[str, int]]:
        for n, item in enumerate(items):
            doc_id, text, derived = _id_text(item, n, "text", "id")
            chunks = list(split_text(text, whole if len(text) <= whole else piece))
            meta.append((doc_id, text, derived, len(chunks)))
            for offset, chunk in chunks:
                yield chunk, offset

    found: list = []
    errors: list[str] = []
    seen = 0
    for doc, offset in nlp.pipe(
        pieces(), as_tuples=True, n_process=n_process, batch_size=batch_size
    ):
        found.extend(q.shifted(offset) for q in doc._.quotes)
        if doc._.quote_error:
            errors.append(doc._.quote_error)
        seen += 1
        doc_id, text, derived, count = meta[0]
        if seen == count:
            meta.popleft()
            yield Result(doc_id, text, tuple(found), derived, "; ".join(errors) or None)
            found, errors, seen = [], [], 0


def run(kind: str, nlp, texts: list[str], n_process: int, batch_size: int) -> list:
    from quotes import extract_many

    if kind == "single":
        it = extract_many(texts, nlp=nlp, n_process=1, batch_size=batch_size)
    elif kind == "shipped":
        it = extract_many(texts, nlp=nlp, n_process=n_process, batch_size=batch_size)
    else:
        it = extract_many_spacy(texts, nlp=nlp, n_process=n_process, batch_size=batch_size)
    out = [r.to_dict() for r in it]
    mp.active_children()  # reap finished workers, so their CPU shows in RUSAGE_CHILDREN
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python benchmarks/multiprocess_experiment.py",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add_text_options(ap)
    ap.add_argument("--rounds", type=int, default=3, help="Timed rounds per variant.")
    ap.add_argument("--n-process", type=int, default=2, help="Processes of shipped and spacy.")
    ap.add_argument("--batch-size", type=int, default=32, help="Batch size, all variants.")
    ap.add_argument("--kinds", nargs="+", default=list(KINDS), choices=KINDS, help="Variants.")
    add_quiet_options(ap)
    ap.add_argument("--json", action="store_true", help="Print one JSON object instead of tables.")
    ap.add_argument("--save", type=Path, metavar="FILE", help="Also write the JSON report here.")
    args = ap.parse_args(argv)

    import quotes

    texts, source = load_texts(args.texts, args.limit, args.repeat)
    if not texts:
        log("no texts")
        return 2
    words = sum(count_words(t) for t in texts)
    log(f"{len(texts)} texts, {words:,} words from {source}")
    nlp = quotes.load()
    kinds = args.kinds
    reference = None
    for kind in kinds:  # warm-up and equality check
        out = run(kind, nlp, texts[:40], args.n_process, args.batch_size)
        if reference is None:
            reference = out
        elif out != reference:
            log(f"MISMATCH: {kind} gives other results than {kinds[0]}")
            return 1
    log(f"warm-up done; {', '.join(kinds)} give identical results on the first 40 texts")

    rounds: list[dict[str, dict[str, Any]]] = []
    for r in range(args.rounds):
        order = kinds[r % len(kinds) :] + kinds[: r % len(kinds)]
        this = {}
        for kind in order:
            if args.quiet is not None:
                wait_for_quiet(args.quiet, args.quiet_timeout)
            gc.collect()
            s0, k0 = cpu_seconds(resource.RUSAGE_SELF), cpu_seconds(resource.RUSAGE_CHILDREN)
            load0 = load_average()
            background = Background()
            with TreeSampler() as sampler:
                t0 = time.perf_counter()
                run(kind, nlp, texts, args.n_process, args.batch_size)
                wall = time.perf_counter() - t0
            m = {
                "wall_s": wall,
                "words_per_s": words / wall,
                "cpu_main_s": cpu_seconds(resource.RUSAGE_SELF) - s0,
                "cpu_workers_s": cpu_seconds(resource.RUSAGE_CHILDREN) - k0,
                "peak_rss_tree_mb": sampler.peak_mb,
                "peak_pss_tree_mb": sampler.peak_pss_mb,
                "load_average_before": load0,
                "background_cores": background.stop(),
            }
            this[kind] = m
            log(
                f"round {r + 1} {kind}: {wall:.1f}s, {m['words_per_s']:,.0f} words/s, "
                f"main cpu {m['cpu_main_s']:.1f}s, workers cpu {m['cpu_workers_s']:.1f}s, "
                f"peak {fmt(m['peak_rss_tree_mb'])} MB, others used "
                f"{fmt(m['background_cores'], 2)} cores"
            )
        rounds.append(this)

    def paired(num: str, den: str) -> float | None:
        if num not in kinds or den not in kinds:
            return None
        return median([rd[num]["words_per_s"] / rd[den]["words_per_s"] for rd in rounds])

    summary = {}
    for kind in kinds:
        ms = [rd[kind] for rd in rounds]
        summary[kind] = {
            key: median([m[key] for m in ms if m[key] is not None])
            for key in ("words_per_s", "wall_s", "cpu_main_s", "cpu_workers_s", "background_cores")
        }
        for key in ("peak_rss_tree_mb", "peak_pss_tree_mb"):
            values = [m[key] for m in ms if m[key] is not None]
            summary[kind][key] = max(values) if values else None
        summary[kind]["vs_single"] = paired(kind, "single")
    report = {
        "machine": machine(),
        "load_average_after": load_average(),
        "source": source,
        "texts": len(texts),
        "words": words,
        "n_process": args.n_process,
        "batch_size": args.batch_size,
        "summary": summary,
        "shipped_vs_spacy": paired("shipped", "spacy"),
        "per_round": rounds,
    }
    if emit_report(report, args.save, args.json):
        return 0
    print_table(
        f"extract_many, n_process={args.n_process}: {len(texts)} texts, {words:,} words, "
        f"median of {args.rounds}; load {report['machine']['load_average']} -> "
        f"{report['load_average_after']}",
        [
            "variant",
            "words/s",
            "wall s",
            "main CPU s",
            "workers CPU s",
            "peak RSS MB",
            "peak PSS MB",
            "others' cores",
            "x single",
        ],
        [
            [
                k,
                fmt(s["words_per_s"]),
                fmt(s["wall_s"], 1),
                fmt(s["cpu_main_s"], 1),
                fmt(s["cpu_workers_s"], 1),
                fmt(s["peak_rss_tree_mb"]),
                fmt(s["peak_pss_tree_mb"]),
                fmt(s["background_cores"], 2),
                fmt(s["vs_single"], 2),
            ]
            for k, s in summary.items()
        ],
    )
    if report["shipped_vs_spacy"] is not None:
        print(f"shipped / spacy words/s (median of rounds): {report['shipped_vs_spacy']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
