"""Throughput of the quotes pipeline against bare spaCy, on the same texts, in one run.

Three configurations, all on pipelines returned by ``quotes.load()`` (same model, same
tokenizer special cases, same ``quotes_boundaries`` component); (a) on one of its own, so that
its words, kept for good outside memory zones, do not warm the vocabulary (b) and (c) use
(``--shared-pipeline``: one pipeline for all):

  (a) bare     ``nlp.pipe`` with ``nlp.select_pipes(disable=["quotes"])``: spaCy alone
  (b) quotes   ``quotes.extract_many(..., n_process=1)``: the full pipeline, each batch inside
               ``nlp.memory_zone()`` (``quotes.parallel``), Results out
  (c) quotes   ``quotes.extract_many(..., n_process=N)`` (N = ``--n-process``, default 2): a
               fork pool whose workers send back quote records only

``--vanilla`` adds (v): the model as spaCy loads it, without our special cases and components.

Each configuration is warmed up ((a) and (v), which keep every word they meet, on all the
texts; see ``--warmup``), then timed ``--rounds`` times (default 3) in a rotating order
(abc, bca, cab, ...) so that drift in the machine's load does not favour one of them. Reported:

- words/s: whitespace-separated words of the input texts per wall-clock second, and per CPU
  second (main process plus reaped workers, from getrusage);
- ratios (b)/(a) and (c)/(b): the median of the per-round ratios (each round's runs are close
  in time);
- (b)/(a) attributed: the same ratio from shares of CPU measured inside each run (thread CPU
  time; see ``Attribution``): of (b), our code (the ``quotes`` component, turning records into
  Quotes, entering and leaving the memory zones) and the tokenizer, which inside memory zones
  caches nothing; of (a), its tokenizer. (b)/(a) = (1 - ours - tokenizer(b)) / (1 -
  tokenizer(a)). On a shared machine this is the figure that noise does not move: every share
  comes from one run, in CPU time, so the machine's speed cancels. The same with the
  ``quotes_boundaries`` guard left out too estimates (b)/(v);
- (c)/(b) CPU-bound ceiling: the speed-up (c) would reach on idle cores given the CPU it spent
  (max of its CPU / usable cores, its main process's CPU, its busiest worker's share);
- peak RSS (and PSS) of the process tree during each run, and the cores other processes kept
  busy meanwhile (/proc/stat minus our own CPU).

    python benchmarks/throughput.py                      # 128 PolNeAR texts, 3 rounds
    python benchmarks/throughput.py --limit 20 --rounds 1 --json
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import resource
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    MEMORY_METHOD,
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
    maxrss_mb,
    median,
    print_table,
    wait_for_quiet,
)

LABELS = {
    "v": "vanilla spaCy (model only)",
    "a": "bare spaCy (quotes disabled)",
    "b": "quotes, n_process=1",
    "c": "quotes, n_process={n}",
}


class _TimedTokenizer:
    """A pipeline's tokenizer with a thread-CPU timer around each call."""

    def __init__(self, tokenizer: Any, seconds: dict[str, float]) -> None:
        self.tokenizer = tokenizer
        self.seconds = seconds

    def __call__(self, text: str) -> Any:
        t = time.thread_time()
        try:
            return self.tokenizer(text)
        finally:
            self.seconds["tokenizer"] += time.thread_time() - t

    def __getattr__(self, name: str) -> Any:
        return getattr(self.tokenizer, name)


class Attribution:
    """Time parts of a run's CPU, with wrappers swapped in for the run. Thread CPU time, so
    other processes on the machine don't count:

    - ``tokenizer``: the pipeline's tokenizer. Inside a memory zone spaCy neither caches a
      tokenization nor keeps a new word's lexeme, so in (b) every batch tokenizes from scratch
      what (a), outside zones, finds in its cache: part of what the zones cost;
    - ``quotes`` and ``quotes_boundaries``: the components (in ``nlp._components``);
    - ``records``: turning the records a batch returns into Quotes in ``extract_many``
      (``Quote.from_dict`` and ``Quote.shifted``);
    - ``memory_zone``: entering and leaving ``nlp.memory_zone()``, which ``quotes.parallel``
      wraps around every batch (leaving it frees the batch's strings and lexemes);
    - ``getter``: the ``doc._.quotes`` getter (``extract_many`` no longer calls it: 0 expected).
    """

    def __init__(self, nlp, names: tuple[str, ...] = ("quotes", "quotes_boundaries")) -> None:
        self.nlp = nlp
        self.names = [n for n in names if n in nlp.pipe_names]
        self.seconds = {n: 0.0 for n in self.names}
        self.seconds.update(tokenizer=0.0, records=0.0, memory_zone=0.0, getter=0.0)
        self.saved: dict[str, tuple[int, Any]] = {}

    def ours(self) -> float:
        """CPU seconds of our code, the guard and the tokenizer left out."""
        return sum(self.seconds[k] for k in ("quotes", "records", "memory_zone", "getter"))

    def _timed(self, key: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            t = time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[key] += time.thread_time() - t

        return timed

    def _timed_zone(self, zone: Callable[..., Any]) -> Callable[..., Any]:
        @contextlib.contextmanager
        def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
            cm = zone(*args, **kwargs)
            t = time.thread_time()
            value = cm.__enter__()
            self.seconds["memory_zone"] += time.thread_time() - t
            try:
                yield value
            except BaseException:
                if not cm.__exit__(*sys.exc_info()):
                    raise
            else:
                t = time.thread_time()
                cm.__exit__(None, None, None)
                self.seconds["memory_zone"] += time.thread_time() - t

        return timed

    def __enter__(self) -> Attribution:
        from spacy.tokens import Doc

        from quotes.types import Quote

        self.seconds.setdefault("quotes", 0.0)
        for name in self.names:
            index = [n for n, _ in self.nlp._components].index(name)
            proc = self.nlp._components[index][1]
            self.saved[name] = (index, proc)
            self.nlp._components[index] = (name, self._timed(name, proc))
        self.tokenizer = self.nlp.tokenizer
        self.nlp.tokenizer = _TimedTokenizer(self.tokenizer, self.seconds)
        self.ext = Doc.get_extension("quotes")
        Doc.set_extension("quotes", getter=self._timed("getter", self.ext[2]), force=True)
        self.from_dict = Quote.__dict__["from_dict"]
        Quote.from_dict = staticmethod(self._timed("records", Quote.from_dict))
        self.shifted = Quote.__dict__["shifted"]
        Quote.shifted = self._timed("records", Quote.shifted)  # type: ignore[method-assign]
        self.nlp.memory_zone = self._timed_zone(type(self.nlp).memory_zone.__get__(self.nlp))
        return self

    def __exit__(self, *exc: object) -> None:
        from spacy.tokens import Doc

        from quotes.types import Quote

        for name, (index, proc) in self.saved.items():
            self.nlp._components[index] = (name, proc)
        self.nlp.tokenizer = self.tokenizer
        Doc.set_extension("quotes", getter=self.ext[2], force=True)
        Quote.from_dict = self.from_dict
        Quote.shifted = self.shifted  # type: ignore[method-assign]
        del self.nlp.memory_zone


def run_bare(nlp, texts: list[str], batch_size: int) -> dict[str, int]:
    tokens = 0
    with nlp.select_pipes(disable=["quotes"]):
        for doc in nlp.pipe(texts, batch_size=batch_size):
            tokens += len(doc)
    return {"tokens": tokens}


def run_vanilla(nlp, texts: list[str], batch_size: int) -> dict[str, int]:
    tokens = 0
    for doc in nlp.pipe(texts, batch_size=batch_size):
        tokens += len(doc)
    return {"tokens": tokens}


def run_quotes(nlp, texts: list[str], batch_size: int, n_process: int) -> dict[str, int]:
    from quotes import extract_many

    n_quotes = errors = 0
    for result in extract_many(texts, nlp=nlp, n_process=n_process, batch_size=batch_size):
        n_quotes += len(result.quotes)
        errors += result.error is not None
    return {"quotes": n_quotes, "errors": errors}


def measure(fn: Callable[[], dict[str, int]], words: int) -> dict[str, Any]:
    """Run ``fn`` once: wall and CPU time (own and workers'), peak RSS of the process tree,
    and the cores other processes kept busy meanwhile."""
    gc.collect()
    self0, kids0 = cpu_seconds(resource.RUSAGE_SELF), cpu_seconds(resource.RUSAGE_CHILDREN)
    load0 = load_average()
    background = Background()
    with TreeSampler() as sampler:
        t0 = time.perf_counter()
        counts = fn()
        wall = time.perf_counter() - t0
    others = background.stop()
    cpu_self = cpu_seconds(resource.RUSAGE_SELF) - self0
    cpu_kids = cpu_seconds(resource.RUSAGE_CHILDREN) - kids0  # workers, once joined
    cpu = cpu_self + cpu_kids
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "cpu_main_s": cpu_self,
        "cpu_workers_s": cpu_kids,
        "words_per_s": words / wall,
        "words_per_cpu_s": words / cpu if cpu > 0 else None,
        "peak_rss_tree_mb": sampler.peak_mb,
        "peak_pss_tree_mb": sampler.peak_pss_mb,
        "processes": sampler.max_procs,
        "maxrss_self_mb": maxrss_mb(resource.RUSAGE_SELF),
        "maxrss_children_mb": maxrss_mb(resource.RUSAGE_CHILDREN),
        "load_average_before": load0,
        "background_cores": others,
        **counts,
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="python benchmarks/throughput.py",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    add_text_options(ap)
    ap.add_argument(
        "--warmup",
        type=int,
        default=8,
        metavar="N",
        help="Warm-up documents run through (b) and (c) before timing (0: none); (a) and "
        "(v) first run all the texts once (with --shared-pipeline (a) too gets N).",
    )
    ap.add_argument("--rounds", type=int, default=3, help="Timed rounds per configuration.")
    ap.add_argument("--n-process", type=int, default=2, help="Processes for configuration (c).")
    ap.add_argument("--batch-size", type=int, default=32, help="Batch size, all configurations.")
    ap.add_argument("--model", default=None, help="spaCy model (default: quotes.DEFAULT_MODEL).")
    ap.add_argument("--no-multi", action="store_true", help="Skip configuration (c).")
    ap.add_argument(
        "--shared-pipeline",
        action="store_true",
        help="Run (a) on the pipeline of (b) and (c), as this script did until 2026-11-26: "
        "(a)'s runs then leave the texts' words in the vocabulary and tokenizer cache, where "
        "(b)'s memory zones find them (flatters (b) by a few per cent).",
    )
    ap.add_argument(
        "--vanilla",
        action="store_true",
        help="Also time (v): the model loaded by spaCy alone, without our special cases "
        "and components (costs a second model in memory).",
    )
    add_quiet_options(ap)
    ap.add_argument("--json", action="store_true", help="Print one JSON object instead of tables.")
    ap.add_argument("--save", type=Path, metavar="FILE", help="Also write the JSON report here.")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    import spacy

    import quotes
    from quotes.pipeline import DEFAULT_MODEL

    model = args.model or DEFAULT_MODEL
    texts, source = load_texts(args.texts, args.limit, args.repeat)
    if not texts:
        log("no texts")
        return 2
    words = sum(count_words(t) for t in texts)
    chars = sum(len(t) for t in texts)
    log(f"{len(texts)} texts, {words:,} words, {chars:,} characters from {source}")

    t0 = time.perf_counter()
    nlp = quotes.load(model)
    log(f"loaded {model} in {time.perf_counter() - t0:.1f}s: {', '.join(nlp.pipe_names)}")
    # (a) gets a pipeline of its own: run outside memory zones, it keeps every word it meets in
    # the vocabulary and the tokenizer's cache, which (b) would then find ready instead of
    # building them again in every batch's zone, as it does on a stream.
    bare = nlp if args.shared_pipeline else quotes.load(model)
    vanilla = None
    if args.vanilla:
        import quotes.pipeline

        # the components quotes.load() leaves out, so (v) runs the same spaCy components
        unused = getattr(quotes.pipeline, "_UNUSED", ())
        vanilla = spacy.load(model, exclude=list(unused))

    bs = args.batch_size
    runs: dict[str, Callable[[list[str]], dict[str, int]]] = {
        "a": lambda ts: run_bare(bare, ts, bs),
        "b": lambda ts: run_quotes(nlp, ts, bs, 1),
    }
    if not args.no_multi:
        runs["c"] = lambda ts: run_quotes(nlp, ts, bs, args.n_process)
    if vanilla is not None:
        runs = {"v": lambda ts: run_vanilla(vanilla, ts, bs), **runs}
    keys = list(runs)

    for key in keys:
        # (a) and (v) keep what they see (no memory zones): one pass over all the texts first
        # puts them in the state of a long stream, where the vocabulary and the tokenizer's
        # cache hold the common words; (b) and (c) forget all but the model's words per batch
        full = key == "v" or (key == "a" and not args.shared_pipeline)
        warm = texts if full else texts[: args.warmup]
        if not warm:
            continue
        t0 = time.perf_counter()
        runs[key](warm)
        log(f"warm-up {key}: {len(warm)} docs in {time.perf_counter() - t0:.1f}s")

    rounds: list[dict[str, dict[str, Any]]] = []
    for r in range(args.rounds):
        order = keys[r % len(keys) :] + keys[: r % len(keys)]
        this: dict[str, dict[str, Any]] = {}
        for key in order:
            waited = None
            if args.quiet is not None:
                waited = wait_for_quiet(args.quiet, args.quiet_timeout)
            if key in ("a", "b"):
                with Attribution(nlp if key == "b" else bare) as att:
                    m = measure(lambda key=key: runs[key](texts), words)
                m["tokenizer_cpu_s"] = att.seconds["tokenizer"]
                if key == "b":
                    m["component_cpu_s"] = att.seconds["quotes"]
                    m["records_cpu_s"] = att.seconds["records"]
                    m["memory_zone_cpu_s"] = att.seconds["memory_zone"]
                    m["getter_cpu_s"] = att.seconds["getter"]
                    m["boundaries_cpu_s"] = att.seconds.get("quotes_boundaries", 0.0)
                    m["ours_cpu_s"] = att.ours()
            else:
                m = measure(lambda key=key: runs[key](texts), words)
            m["background_before_cores"] = waited
            this[key] = m
            log(
                f"round {r + 1}/{args.rounds} {key}: {m['wall_s']:.1f}s wall, "
                f"{m['words_per_s']:,.0f} words/s, cpu {m['cpu_s']:.1f}s, "
                f"peak {fmt(m['peak_rss_tree_mb'])} MB, others used "
                f"{fmt(m['background_cores'], 2)} cores"
            )
        rounds.append(this)

    summary: dict[str, Any] = {}
    for key in keys:
        ms = [rd[key] for rd in rounds]
        peaks = [m["peak_rss_tree_mb"] for m in ms if m["peak_rss_tree_mb"] is not None]
        psss = [m["peak_pss_tree_mb"] for m in ms if m["peak_pss_tree_mb"] is not None]
        summary[key] = {
            "label": LABELS[key].format(n=args.n_process),
            "words_per_s": median([m["words_per_s"] for m in ms]),
            "words_per_cpu_s": median([m["words_per_cpu_s"] for m in ms]),
            "wall_s": median([m["wall_s"] for m in ms]),
            "cpu_s": median([m["cpu_s"] for m in ms]),
            "peak_rss_tree_mb": max(peaks) if peaks else None,
            "peak_pss_tree_mb": max(psss) if psss else None,
            "background_cores": median(
                [m["background_cores"] for m in ms if m["background_cores"] is not None]
            ),
        }

    def paired(num: str, den: str, field: str = "words_per_s") -> dict[str, Any] | None:
        if num not in summary or den not in summary:
            return None
        per_round = [rd[num][field] / rd[den][field] for rd in rounds]
        return {"median": median(per_round), "per_round": per_round}

    cores = os.cpu_count() or 1

    def ceiling(rd: dict[str, dict[str, Any]]) -> float:
        # the best wall time (c) could have on idle cores, given the CPU it used
        c, n = rd["c"], args.n_process
        bound = max(c["cpu_s"] / min(cores, n + 1), c["cpu_main_s"], c["cpu_workers_s"] / n)
        return rd["b"]["cpu_s"] / bound

    def share(m: dict[str, Any], part: str) -> float:
        return m[f"{part}_cpu_s"] / m["cpu_s"]

    def attributed(rd: dict[str, dict[str, Any]], guard: bool = False) -> float:
        # (b) = S + T_b + O (spaCy's components, tokenizer, ours), (a) = S + T_a, each as shares
        # of its own run's CPU, so the machine's speed cancels: (b)/(a) = (1-o-t_b) / (1-t_a).
        # With guard=True the guard goes too: an estimate of (b)/(v).
        b = rd["b"]
        rest = 1 - share(b, "ours") - share(b, "tokenizer")
        if guard:
            rest -= share(b, "boundaries")
        return rest / (1 - share(rd["a"], "tokenizer"))

    ratios = {
        "quotes_vs_bare": paired("b", "a"),
        "quotes_vs_bare_cpu": paired("b", "a", "words_per_cpu_s"),
        "multi_vs_single": paired("c", "b"),
        "bare_vs_vanilla": paired("a", "v"),
        "quotes_vs_vanilla": paired("b", "v"),
        "quotes_vs_bare_attributed": {
            "median": median([attributed(rd) for rd in rounds]),
            "per_round": [attributed(rd) for rd in rounds],
        },
        "quotes_vs_bare_our_code_only": {
            "median": median([1 - share(rd["b"], "ours") for rd in rounds]),
            "per_round": [1 - share(rd["b"], "ours") for rd in rounds],
        },
        "quotes_vs_vanilla_attributed": {
            "median": median([attributed(rd, guard=True) for rd in rounds]),
            "per_round": [attributed(rd, guard=True) for rd in rounds],
        },
        "multi_vs_single_cpu_ceiling": None
        if "c" not in keys
        else {
            "median": median([ceiling(rd) for rd in rounds]),
            "per_round": [ceiling(rd) for rd in rounds],
        },
    }
    shares = {
        part: median([share(rd["b"], part) for rd in rounds])
        for part in ("component", "records", "memory_zone", "getter", "boundaries", "tokenizer")
    }
    shares["tokenizer_in_a"] = median([share(rd["a"], "tokenizer") for rd in rounds])
    report = {
        "machine": machine(),
        "load_average_after": load_average(),
        "source": source,
        "texts": len(texts),
        "words": words,
        "characters": chars,
        "model": model,
        "pipe_names": nlp.pipe_names,
        "batch_size": bs,
        "shared_pipeline": args.shared_pipeline,
        "n_process": None if args.no_multi else args.n_process,
        "rounds": args.rounds,
        "warmup_docs": args.warmup,
        "memory_method": MEMORY_METHOD,
        "summary": summary,
        "ratios": {k: v for k, v in ratios.items() if v is not None},
        "b_cpu_shares": shares,
        "per_round": rounds,
        "maxrss_self_mb": maxrss_mb(resource.RUSAGE_SELF),
        "maxrss_children_mb": maxrss_mb(resource.RUSAGE_CHILDREN),
    }
    if emit_report(report, args.save, args.json):
        return 0

    mach = report["machine"]
    rows = [
        [
            f"({key}) {s['label']}",
            fmt(s["words_per_s"]),
            fmt(s["words_per_cpu_s"]),
            fmt(s["wall_s"], 1),
            fmt(s["peak_rss_tree_mb"]),
            fmt(s["peak_pss_tree_mb"]),
            fmt(s["background_cores"], 2),
        ]
        for key, s in summary.items()
    ]
    print_table(
        f"Throughput: {len(texts)} texts, {words:,} words, median of {args.rounds} round(s); "
        f"{mach['cpu']}, {mach['cores']} cores, load {mach['load_average']} -> "
        f"{report['load_average_after']}",
        [
            "configuration",
            "words/s",
            "words/CPU-s",
            "wall s",
            "peak RSS MB",
            "peak PSS MB",
            "others' cores",
        ],
        rows,
    )
    targets = {
        "quotes_vs_bare": ("(b)/(a) words/s", "≥ 0.9"),
        "quotes_vs_bare_cpu": ("(b)/(a) words per CPU second", "≥ 0.9"),
        "quotes_vs_bare_attributed": ("(b)/(a) attributed (our code + zone tokenizing)", "≥ 0.9"),
        "quotes_vs_bare_our_code_only": ("(b)/(a) from our code's share only", ""),
        "quotes_vs_vanilla": ("(b)/(v) words/s", ""),
        "quotes_vs_vanilla_attributed": ("(b)/(v) attributed (guard too)", ""),
        "multi_vs_single": (f"(c)/(b) n_process={args.n_process} vs 1", "≥ 1.6"),
        "multi_vs_single_cpu_ceiling": ("(c)/(b) CPU-bound ceiling on idle cores", "≥ 1.6"),
        "bare_vs_vanilla": ("(a)/(v) our boundaries+special cases", ""),
    }
    rrows = [
        [
            label,
            fmt(ratios[k]["median"], 3),
            " ".join(f"{x:.3f}" for x in ratios[k]["per_round"]),
            target,
        ]
        for k, (label, target) in targets.items()
        if ratios[k] is not None
    ]
    print_table(
        "Ratios (median of per-round ratios)", ["ratio", "median", "rounds", "target"], rrows
    )
    print_table(
        "Shares of (b)'s CPU (thread CPU, median of rounds)",
        ["part", "share"],
        [
            ["quotes component", f"{shares['component']:.2%}"],
            ["records -> Quotes (extract_many)", f"{shares['records']:.2%}"],
            ["memory zones, enter + leave", f"{shares['memory_zone']:.2%}"],
            ["doc._.quotes getter", f"{shares['getter']:.2%}"],
            ["quotes_boundaries guard", f"{shares['boundaries']:.2%}"],
            ["tokenizer (in memory zones)", f"{shares['tokenizer']:.2%}"],
            ["tokenizer in (a), share of (a)'s CPU", f"{shares['tokenizer_in_a']:.2%}"],
        ],
    )
    print(f"peak memory: {MEMORY_METHOD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
