"""Experiment: where ``extract_many(n_process=2)`` loses time, and two ways to win it back.

Not a test of the package as shipped (``throughput.py`` is): this script times, on the same
texts and in rotating order, four ways to get the same Results:

  single   ``quotes.extract_many(n_process=1)``: the reference
  spacy    ``quotes.extract_many(n_process=N)`` as shipped. It calls ``nlp.pipe(...,
           as_tuples=True)``, and spaCy 3.8 then makes every Doc (tokenizes) in the main
           process, serialises it with ``Doc.to_bytes`` to send it to a worker, and the worker
           sends the parsed Doc back the same way (tensor included): the main process does the
           tokenizing and two (de)serialisations of every Doc alone.
  plain    the same function but passing plain texts to ``nlp.pipe`` (offsets kept in the
           bookkeeping deque instead of as_tuples): workers tokenize; Docs still come back
           through ``Doc.to_bytes``.
  pool     a fork pool of our own: each worker runs ``nlp.pipe`` on a batch of texts and sends
           back only ``doc._.quote_records`` (the plain dicts the component already stores) and
           ``doc._.quote_error``; at most 2 x N batches in flight, so input is still streamed.

It checks that the four give identical Results, and reports words/s, CPU seconds of the main
process and of the workers, and the speed-up of each over ``single``.

    python benchmarks/multiprocess_experiment.py --limit 128 --rounds 3
"""

from __future__ import annotations

import argparse
import gc
import json
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
    count_words,
    cpu_seconds,
    fmt,
    load_average,
    load_texts,
    log,
    machine,
    median,
    print_table,
)


def extract_many_plain(items: Iterable[Any], *, nlp, n_process: int, batch_size: int) -> Iterator:
    """``quotes.extract_many`` without ``as_tuples``: the texts go to the workers untokenized."""
    from quotes.api import _id_text, shift, split_text
    from quotes.types import Result

    limit = nlp.max_length
    meta: deque[tuple[str, str, bool, list[int]]] = deque()

    def pieces() -> Iterator[str]:
        for n, item in enumerate(items):
            doc_id, text, derived = _id_text(item, n, "text", "id")
            chunks = list(split_text(text, limit))
            meta.append((doc_id, text, derived, [offset for offset, _ in chunks]))
            for _, chunk in chunks:
                yield chunk

    found: list = []
    errors: list[str] = []
    seen = 0
    for doc in nlp.pipe(pieces(), n_process=n_process, batch_size=batch_size):
        doc_id, text, derived, offsets = meta[0]
        found.extend(shift(q, offsets[seen]) for q in doc._.quotes)
        if doc._.quote_error:
            errors.append(doc._.quote_error)
        seen += 1
        if seen == len(offsets):
            meta.popleft()
            yield Result(doc_id, text, tuple(found), derived, "; ".join(errors) or None)
            found, errors, seen = [], [], 0


_POOL_NLP = None  # the pipeline, inherited by the forked workers


def _pool_work(texts: list[str]) -> list[tuple[list[dict], str | None]]:
    nlp = _POOL_NLP
    return [
        (doc._.quote_records or [], doc._.quote_error)
        for doc in nlp.pipe(texts, batch_size=len(texts))
    ]


def extract_many_pool(items: Iterable[Any], *, nlp, n_process: int, batch_size: int) -> Iterator:
    """Our own fork pool: workers return the quote records only, never a Doc."""
    global _POOL_NLP
    from quotes.api import _id_text, shift, split_text
    from quotes.types import Quote, Result

    limit = nlp.max_length
    _POOL_NLP = nlp
    ctx = mp.get_context("fork")
    meta: deque[tuple[str, str, bool, list[int]]] = deque()

    def batches() -> Iterator[list[str]]:
        batch: list[str] = []
        for n, item in enumerate(items):
            doc_id, text, derived = _id_text(item, n, "text", "id")
            chunks = list(split_text(text, limit))
            meta.append((doc_id, text, derived, [offset for offset, _ in chunks]))
            for _, chunk in chunks:
                batch.append(chunk)
                if len(batch) == batch_size:
                    yield batch
                    batch = []
        if batch:
            yield batch

    state: dict[str, Any] = {"found": [], "errors": [], "seen": 0}

    def results_of(out: list[tuple[list[dict], str | None]]) -> Iterator:
        for records, error in out:
            doc_id, text, derived, offsets = meta[0]
            off = offsets[state["seen"]]
            state["found"].extend(shift(Quote.from_dict(r), off) for r in records)
            if error:
                state["errors"].append(error)
            state["seen"] += 1
            if state["seen"] == len(offsets):
                meta.popleft()
                errs = "; ".join(state["errors"]) or None
                yield Result(doc_id, text, tuple(state["found"]), derived, errs)
                state.update(found=[], errors=[], seen=0)

    with ctx.Pool(n_process) as pool:
        inflight: deque = deque()
        for batch in batches():
            inflight.append(pool.apply_async(_pool_work, (batch,)))
            if len(inflight) >= 2 * n_process:
                yield from results_of(inflight.popleft().get())
        while inflight:
            yield from results_of(inflight.popleft().get())


def run(kind: str, nlp, texts: list[str], n_process: int, batch_size: int) -> list:
    from quotes import extract_many

    if kind == "single":
        it = extract_many(texts, nlp=nlp, n_process=1, batch_size=batch_size)
    elif kind == "spacy":
        it = extract_many(texts, nlp=nlp, n_process=n_process, batch_size=batch_size)
    elif kind == "plain":
        it = extract_many_plain(texts, nlp=nlp, n_process=n_process, batch_size=batch_size)
    else:
        it = extract_many_pool(texts, nlp=nlp, n_process=n_process, batch_size=batch_size)
    return [r.to_dict() for r in it]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python benchmarks/multiprocess_experiment.py",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    ap.add_argument("--texts", type=Path, action="append", metavar="FILE.jsonl")
    ap.add_argument("--limit", type=int, default=128, metavar="N")
    ap.add_argument("--repeat", type=int, default=1, metavar="K")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--n-process", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument(
        "--kinds", nargs="+", default=["single", "spacy", "plain", "pool"], help="Variants."
    )
    ap.add_argument("--json", action="store_true", help="Print one JSON object instead of tables.")
    ap.add_argument("--save", type=Path, metavar="FILE", help="Also write the JSON report here.")
    args = ap.parse_args(argv)

    import quotes

    texts, source = load_texts(args.texts, args.limit, args.repeat)
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
    log(f"warm-up done; {', '.join(kinds)} give identical results on 40 texts")

    rounds: list[dict[str, dict[str, float]]] = []
    for r in range(args.rounds):
        order = kinds[r % len(kinds) :] + kinds[: r % len(kinds)]
        this = {}
        for kind in order:
            gc.collect()
            s0, k0 = cpu_seconds(resource.RUSAGE_SELF), cpu_seconds(resource.RUSAGE_CHILDREN)
            load0 = load_average()
            t0 = time.perf_counter()
            run(kind, nlp, texts, args.n_process, args.batch_size)
            wall = time.perf_counter() - t0
            m = {
                "wall_s": wall,
                "words_per_s": words / wall,
                "cpu_main_s": cpu_seconds(resource.RUSAGE_SELF) - s0,
                "cpu_workers_s": cpu_seconds(resource.RUSAGE_CHILDREN) - k0,
                "load_average_before": load0,
            }
            this[kind] = m
            log(
                f"round {r + 1} {kind}: {wall:.1f}s, {m['words_per_s']:,.0f} words/s, "
                f"main cpu {m['cpu_main_s']:.1f}s, workers cpu {m['cpu_workers_s']:.1f}s, "
                f"load {load0}"
            )
        rounds.append(this)

    summary = {}
    for kind in kinds:
        ms = [rd[kind] for rd in rounds]
        summary[kind] = {
            key: median([m[key] for m in ms])
            for key in ("words_per_s", "wall_s", "cpu_main_s", "cpu_workers_s")
        }
        if "single" in kinds:
            summary[kind]["vs_single"] = median(
                [rd[kind]["words_per_s"] / rd["single"]["words_per_s"] for rd in rounds]
            )
    report = {
        "machine": machine(),
        "load_average_after": load_average(),
        "source": source,
        "texts": len(texts),
        "words": words,
        "n_process": args.n_process,
        "batch_size": args.batch_size,
        "summary": summary,
        "per_round": rounds,
    }
    if args.save is not None:
        args.save.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print_table(
        f"extract_many variants, n_process={args.n_process}: {len(texts)} texts, {words:,} words, "
        f"median of {args.rounds}; load {report['machine']['load_average']} -> "
        f"{report['load_average_after']}",
        ["variant", "words/s", "wall s", "main CPU s", "workers CPU s", "x single"],
        [
            [
                k,
                fmt(s["words_per_s"]),
                fmt(s["wall_s"], 1),
                fmt(s["cpu_main_s"], 1),
                fmt(s["cpu_workers_s"], 1),
                fmt(s.get("vs_single"), 2),
            ]
            for k, s in summary.items()
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
