"""Peak memory of ``quotes extract`` on synthetic JSONL corpora of about 4 MB and 40 MB.

The corpora are generated at run time (never committed) by recombining runs of consecutive
paragraphs of the available texts (PolNeAR dev + train when present, else examples/) into new
documents with new ids, each about as long as a real article. Each corpus is then run through

    quotes extract CORPUS.jsonl --format jsonl --output OUT --no-progress --n-process N

as a fresh subprocess. Reported per run: peak RSS of the whole process tree (psutil, summed over
the CLI process and its workers, polled), peak PSS of the tree (shared pages divided among the
forked workers), the largest single process's maxrss (``os.wait4`` rusage: the same figure as
``/usr/bin/time -v``), wall time, docs/s and words/s; and per N the ratio of the peaks of the
largest corpus to the smallest (target: at most 1.2, i.e. memory stays flat because input is
read and output written as a stream).

    python benchmarks/memory.py                          # 4 MB and 40 MB, n_process 1 and 2
    python benchmarks/memory.py --sizes 1 4 --n-process 1 --json
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    MEMORY_METHOD,
    SOURCES,
    Background,
    TreeSampler,
    count_words,
    emit_report,
    example_texts,
    fmt,
    load_average,
    log,
    machine,
    print_table,
    read_jsonl_texts,
)

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{3,}\b")


# ---- corpus -----------------------------------------------------------------------------------
def source_documents(paths: list[Path] | None) -> tuple[list[list[str]], str]:
    """The source articles, each as its list of paragraphs, and where they came from."""
    if paths:
        texts = [t for p in paths for _, t in read_jsonl_texts(p)]
        where = ", ".join(map(str, paths))
    else:
        present = [p for p in SOURCES if p.exists()]
        if present:
            texts = [t for p in present for _, t in read_jsonl_texts(p)]
            where = ", ".join(map(str, present))
        else:
            texts = [t for _, t in example_texts()]
            where = "examples/*.txt"
    docs = []
    for text in texts:
        paras = [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
        if len(paras) < 2:  # single-newline articles: one paragraph per line
            paras = [line.strip() for line in text.split("\n") if line.strip()]
        if paras:
            docs.append(paras)
    return docs, where


def make_corpus(
    path: Path,
    size_mb: float,
    sources: list[list[str]],
    seed: int,
    novel_rate: float = 0.0,
) -> dict[str, Any]:
    """Write a JSONL corpus of about ``size_mb`` MB (10^6 bytes) to ``path``.

    Each document has the length (in characters) of a random source article and is made of
    runs of 1-6 consecutive paragraphs taken from random source articles, joined by blank
    lines. ``novel_rate`` replaces that fraction of capitalised words with never-seen strings,
    to mimic the open vocabulary (names) of a real news stream.
    """
    rng = random.Random(seed)
    lengths = [sum(len(p) + 2 for p in doc) for doc in sources]
    target = int(size_mb * 1_000_000)
    tag = f"{size_mb:g}mb"
    written = docs = words = 0
    fresh = 0

    def novel(match: re.Match[str]) -> str:
        nonlocal fresh
        if rng.random() >= novel_rate:
            return match.group(0)
        fresh += 1
        return f"{match.group(0)[:2]}{fresh:x}q{rng.randrange(36**3):03x}"

    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        while written < target:
            want = rng.choice(lengths)
            paras: list[str] = []
            have = 0
            while have < want:
                doc = rng.choice(sources)
                start = rng.randrange(len(doc))
                run = doc[start : start + rng.randint(1, 6)]
                paras.extend(run)
                have += sum(len(p) + 2 for p in run)
            text = "\n\n".join(paras)
            if novel_rate > 0:
                text = _CAPITALISED.sub(novel, text)
            line = json.dumps({"id": f"synth-{tag}-{docs:07d}", "text": text}, ensure_ascii=False)
            fh.write(line + "\n")
            written += len(line.encode("utf-8")) + 1
            docs += 1
            words += count_words(text)
    return {"path": str(path), "bytes": written, "docs": docs, "words": words, "novel": fresh}


# ---- running the CLI --------------------------------------------------------------------------
def quotes_command() -> list[str]:
    """The ``quotes`` console script next to this Python, else ``python -m quotes.cli``."""
    script = Path(sys.executable).parent / "quotes"
    if script.exists():
        return [str(script)]
    found = shutil.which("quotes")
    return [found] if found else [sys.executable, "-m", "quotes.cli"]


def run_cli(
    corpus: Path, out: Path, n_process: int, batch_size: int, interval: float, extra: list[str]
) -> dict[str, Any]:
    """Run ``quotes extract`` on ``corpus``; wall time and memory of the process tree."""
    cmd = [
        *quotes_command(),
        "extract",
        str(corpus),
        "--format",
        "jsonl",
        "--output",
        str(out),
        "--no-progress",
        "--n-process",
        str(n_process),
        "--batch-size",
        str(batch_size),
        *extra,
    ]
    err_path = out.with_suffix(".stderr")
    load0 = load_average()
    background = Background()
    with open(err_path, "w+", encoding="utf-8") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=err, stderr=err)
        with TreeSampler(proc.pid, interval=interval) as sampler:
            # wait4: the child's rusage, whose maxrss covers it and its reaped workers (the
            # largest single process), the figure /usr/bin/time -v reports
            _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        others = background.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr_tail = err.read()[-2000:]
    out_docs = 0
    if out.exists():
        with open(out, "rb") as fh:
            out_docs = sum(1 for _ in fh)
    samples = sampler.samples
    timeline = {}
    if samples:
        end = samples[-1][0] or 1.0
        for pct in (10, 25, 50, 75, 90):
            near = min(samples, key=lambda s, pct=pct: abs(s[0] / end * 100 - pct))
            timeline[f"{pct}%"] = round(near[1], 1)
    return {
        "command": " ".join(cmd),
        "n_process": n_process,
        "exit_code": proc.returncode,
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_tree_mb": sampler.peak_mb,
        "peak_pss_tree_mb": sampler.peak_pss_mb,
        "maxrss_largest_process_mb": usage.ru_maxrss / 1024,
        "processes": sampler.max_procs,
        "rss_timeline_mb": timeline,
        "output_docs": out_docs,
        "output_bytes": out.stat().st_size if out.exists() else 0,
        "load_average_before": load0,
        "load_average_after": load_average(),
        "background_cores": others,
        "stderr_tail": stderr_tail if proc.returncode != 0 else "",
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="python benchmarks/memory.py",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    ap.add_argument(
        "--sizes", type=float, nargs="+", default=[4, 40], metavar="MB", help="Corpus sizes."
    )
    ap.add_argument(
        "--n-process", type=int, nargs="+", default=[1, 2], metavar="N", help="Worker counts."
    )
    ap.add_argument(
        "--source",
        type=Path,
        action="append",
        metavar="FILE.jsonl",
        help="JSONL file(s) to recombine (repeatable). Default: "
        "/work/shared/data/polnear_{dev,train}.jsonl, else examples/*.txt.",
    )
    ap.add_argument("--seed", type=int, default=13, help="Seed of the corpus generator.")
    ap.add_argument(
        "--novel-rate",
        type=float,
        default=0.0,
        help="Fraction of capitalised words replaced by never-seen strings (open vocabulary).",
    )
    ap.add_argument("--batch-size", type=int, default=32, help="--batch-size of quotes extract.")
    ap.add_argument("--interval", type=float, default=0.1, help="Memory polling interval, s.")
    ap.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="Where corpora and outputs go (default: a temporary directory, removed at the end).",
    )
    ap.add_argument("--keep", action="store_true", help="Keep the corpora and outputs.")
    ap.add_argument("--json", action="store_true", help="Print one JSON object instead of tables.")
    ap.add_argument("--save", type=Path, metavar="FILE", help="Also write the JSON report here.")
    ap.add_argument(
        "extra", nargs="*", help="Further options for quotes extract (after --), e.g. -- -m MODEL"
    )
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sources, where = source_documents(args.source)
    if not sources:
        log("no source texts")
        return 2
    log(f"{len(sources)} source articles from {where}")
    tmp = None
    if args.workdir is None:
        tmp = tempfile.mkdtemp(prefix="quotes-memory-")
        workdir = Path(tmp)
    else:
        workdir = args.workdir
        workdir.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "machine": machine(),
        "source": where,
        "seed": args.seed,
        "novel_rate": args.novel_rate,
        "batch_size": args.batch_size,
        "memory_method": MEMORY_METHOD + "; maxrss of the largest process from os.wait4",
        "corpora": [],
        "runs": [],
    }
    try:
        corpora = []
        for size in args.sizes:
            path = workdir / f"corpus-{size:g}mb.jsonl"
            info = make_corpus(path, size, sources, args.seed + int(size * 1000), args.novel_rate)
            info["size_mb"] = size
            corpora.append(info)
            log(
                f"corpus {path.name}: {info['bytes'] / 1e6:.1f} MB, {info['docs']:,} docs, "
                f"{info['words']:,} words, {info['novel']:,} novel words"
            )
        report["corpora"] = corpora
        for n in args.n_process:
            for info in corpora:
                out = workdir / f"out-{info['size_mb']:g}mb-n{n}.jsonl"
                log(f"running n_process={n} on {Path(info['path']).name} ...")
                run = run_cli(
                    Path(info["path"]), out, n, args.batch_size, args.interval, args.extra
                )
                run.update(
                    size_mb=info["size_mb"],
                    input_bytes=info["bytes"],
                    docs=info["docs"],
                    words=info["words"],
                    docs_per_s=info["docs"] / run["wall_s"],
                    words_per_s=info["words"] / run["wall_s"],
                )
                report["runs"].append(run)
                log(
                    f"  exit {run['exit_code']}, {run['wall_s']:.0f}s, "
                    f"{run['docs_per_s']:.1f} docs/s, peak RSS tree "
                    f"{fmt(run['peak_rss_tree_mb'])} MB, PSS {fmt(run['peak_pss_tree_mb'])} MB, "
                    f"largest process {run['maxrss_largest_process_mb']:.0f} MB, "
                    f"timeline {run['rss_timeline_mb']}"
                )
                if run["exit_code"] not in (0, 1):
                    log(run["stderr_tail"])
                if not args.keep:
                    out.unlink(missing_ok=True)
    finally:
        if tmp is not None and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        elif not args.keep:
            for info in report["corpora"]:
                Path(info["path"]).unlink(missing_ok=True)

    ratios = []
    for n in args.n_process:
        runs = sorted(
            (r for r in report["runs"] if r["n_process"] == n), key=lambda r: r["size_mb"]
        )
        if len(runs) < 2:
            continue
        small, big = runs[0], runs[-1]

        def ratio(key: str, small=small, big=big) -> float | None:
            a, b = small.get(key), big.get(key)
            return b / a if a and b else None

        ratios.append(
            {
                "n_process": n,
                "sizes_mb": [small["size_mb"], big["size_mb"]],
                "rss_tree": ratio("peak_rss_tree_mb"),
                "pss_tree": ratio("peak_pss_tree_mb"),
                "largest_process": ratio("maxrss_largest_process_mb"),
            }
        )
    report["ratios"] = ratios
    report["load_average_after"] = load_average()
    if emit_report(report, args.save, args.json):
        return 0

    mach = report["machine"]
    print_table(
        f"quotes extract --format jsonl: {mach['cpu']}, {mach['cores']} cores, "
        f"load {mach['load_average']} -> {report['load_average_after']}",
        [
            "input",
            "n",
            "docs",
            "wall s",
            "docs/s",
            "words/s",
            "peak RSS tree MB",
            "peak PSS tree MB",
            "largest proc MB",
            "exit",
        ],
        [
            [
                f"{r['input_bytes'] / 1e6:.1f} MB",
                str(r["n_process"]),
                f"{r['docs']:,}",
                fmt(r["wall_s"]),
                fmt(r["docs_per_s"], 1),
                fmt(r["words_per_s"]),
                fmt(r["peak_rss_tree_mb"]),
                fmt(r["peak_pss_tree_mb"]),
                fmt(r["maxrss_largest_process_mb"]),
                str(r["exit_code"]),
            ]
            for r in report["runs"]
        ],
    )
    if ratios:
        print_table(
            "Peak memory, largest corpus / smallest (target ≤ 1.2)",
            ["n_process", "sizes MB", "RSS tree", "PSS tree", "largest process"],
            [
                [
                    str(x["n_process"]),
                    " / ".join(f"{s:g}" for s in reversed(x["sizes_mb"])),
                    fmt(x["rss_tree"], 3),
                    fmt(x["pss_tree"], 3),
                    fmt(x["largest_process"], 3),
                ]
                for x in ratios
            ],
        )
    print(f"memory: {report['memory_method']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
