"""Threads: what it costs to make ``quotes.extract`` safe from several threads, two ways.

spaCy's memory zones and string store are not safe to share between threads (4 threads on one
pipeline: half the calls raised ``KeyError [E018]`` or ``OverflowError``). Two fixes:

  (s) single   one thread, the shared pipeline: the baseline
  (l) lock     THREADS threads on the shared pipeline, taking turns (a lock per pipeline
               around each batch and its memory zone: what ``quotes.parallel`` ships)
  (p) per      THREADS threads, each with a pipeline of its own (``quotes.load()`` per
               thread), no waiting for each other

Each does the same calls, ``quotes.extract(text, nlp=...)`` on every text, the threads sharing
the texts out. Reported: wall seconds of the calls and words/s, CPU seconds, the seconds and the
resident memory it took to load the extra pipelines (per), and the peak RSS of the process.

    python benchmarks/threads.py            # 64 PolNeAR texts (else examples/), 4 threads
    python benchmarks/threads.py --threads 2 --limit 32 --rounds 1
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    add_text_options,
    count_words,
    emit_report,
    load_texts,
    log,
    machine,
    maxrss_mb,
    median,
    print_table,
    rss_bytes,
)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_threads(texts: list[str], nlps: list[Any]) -> tuple[float, float, list[Any]]:
    """Wall and CPU seconds for len(nlps) threads (thread k uses nlps[k]) to extract every
    text once between them; the errors they met."""
    import quotes

    errors: list[Any] = []
    lock = threading.Lock()
    todo = list(range(len(texts)))

    def work(nlp: Any) -> None:
        while True:
            with lock:
                if not todo:
                    return
                i = todo.pop()
            try:
                quotes.extract(texts[i], nlp=nlp)
            except Exception as exc:  # counted, not fatal: this measures, it does not test
                errors.append(exc)

    threads = [threading.Thread(target=work, args=(nlp,)) for nlp in nlps]
    gc.collect()
    cpu0, t0 = _cpu(), time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0, _cpu() - cpu0, errors


def measure(args: argparse.Namespace) -> dict[str, Any]:
    import quotes

    texts, source = load_texts(args.texts, args.limit or 64, args.repeat)
    words = sum(count_words(t) for t in texts)
    log(f"{len(texts)} texts, {words:,} words ({source})")
    shared = quotes.load()
    run_threads(texts[:8], [shared])  # warm-up

    rss0 = rss_bytes(os.getpid()) or 0
    t0 = time.perf_counter()
    own = [quotes.load() for _ in range(args.threads)]
    load_s = time.perf_counter() - t0
    rss1 = rss_bytes(os.getpid()) or 0
    run_threads(texts[:8], own)  # warm-up
    log(f"{args.threads} extra pipelines: {load_s:.1f} s, {(rss1 - rss0) / 2**20:,.0f} MB")

    configs: dict[str, Callable[[], tuple[float, float, list[Any]]]] = {
        "s": lambda: run_threads(texts, [shared]),
        "l": lambda: run_threads(texts, [shared] * args.threads),
        "p": lambda: run_threads(texts, own),
    }
    runs: dict[str, list[tuple[float, float, int]]] = {k: [] for k in configs}
    for r in range(args.rounds):
        order = list(configs)[r % 3 :] + list(configs)[: r % 3]
        for key in order:
            wall, cpu, errors = configs[key]()
            runs[key].append((wall, cpu, len(errors)))
            log(f"round {r + 1} ({key}): {wall:.1f} s wall, {cpu:.1f} s CPU, {len(errors)} errors")
    summary = {
        key: {
            "wall_s": median([w for w, _, _ in values]),
            "cpu_s": median([c for _, c, _ in values]),
            "words_per_s": words / median([w for w, _, _ in values]),
            "errors": sum(e for _, _, e in values),
        }
        for key, values in runs.items()
    }
    return {
        "machine": machine(),
        "texts": len(texts),
        "words": words,
        "threads": args.threads,
        "rounds": args.rounds,
        "extra_pipelines": {"load_s": load_s, "rss_mb": (rss1 - rss0) / 2**20},
        "peak_rss_mb": maxrss_mb(),
        "runs": summary,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_text_options(ap)
    ap.add_argument("--threads", type=int, default=4, help="threads (4)")
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds, median kept (3)")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument("--save", type=Path, default=None, help="also write the JSON report here")
    args = ap.parse_args(argv)
    report = measure(args)
    if not emit_report(report, args.save, args.json):
        names = {
            "s": "single thread, shared pipeline",
            "l": f"{args.threads} threads, shared pipeline + lock",
            "p": f"{args.threads} threads, a pipeline each",
        }
        base = report["runs"]["s"]["wall_s"]
        rows = [
            [
                names[k],
                f"{v['wall_s']:.1f}",
                f"{v['cpu_s']:.1f}",
                f"{v['words_per_s']:,.0f}",
                f"{base / v['wall_s']:.2f}",
                str(v["errors"]),
            ]
            for k, v in report["runs"].items()
        ]
        print_table(
            f"{report['texts']} texts, {report['words']:,} words, median of {args.rounds} rounds",
            ["configuration", "wall s", "CPU s", "words/s", "× single", "errors"],
            rows,
        )
        extra = report["extra_pipelines"]
        print(
            f"a pipeline per thread: {args.threads} more pipelines loaded in "
            f"{extra['load_s']:.1f} s, {extra['rss_mb']:,.0f} MB more resident memory; "
            f"peak RSS {report['peak_rss_mb']:,.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
