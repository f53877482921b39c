"""Shared helpers of the benchmark scripts: texts, machine facts, memory sampling, output.

Not a benchmark itself; ``throughput.py`` and ``memory.py`` import it (both put this directory
on ``sys.path`` first, so they run as ``python benchmarks/<script>.py`` from the repo root).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import statistics
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

try:  # psutil measures the whole process tree; without it we fall back to getrusage
    import psutil
except ImportError:  # pragma: no cover - depends on the environment
    psutil = None

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("QUOTES_BENCH_DATA", "/work/shared/data"))
SOURCES = (DATA_DIR / "polnear_dev.jsonl", DATA_DIR / "polnear_train.jsonl")
#: Texts of the default throughput corpus: enough batches of 32 for two workers to share evenly.
DEFAULT_LIMIT = 128
EXAMPLES = REPO / "examples"


def log(message: str) -> None:
    """Progress on stderr, so stdout stays clean for ``--json``."""
    sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] {message}\n")
    sys.stderr.flush()


# ---- texts ------------------------------------------------------------------------------------
def read_jsonl_texts(path: Path, field: str = "text") -> Iterator[tuple[str, str]]:
    """(id, text) of each record of a JSONL file that has a string ``field``."""
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            line = line.strip()
            if not line:
                continue
            rec = json.loads(line)
            text = rec.get(field)
            if isinstance(text, str):
                yield str(rec.get("id", n)), text


def example_texts() -> list[tuple[str, str]]:
    """The articles in examples/ (plain text files)."""
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.txt"))]


def load_texts(
    paths: Sequence[Path] | None, limit: int | None = None, repeat: int = 1
) -> tuple[list[str], str]:
    """The benchmark texts and a description of where they came from.

    ``paths`` None means the default corpus: the PolNeAR dev set then train set (when present),
    first ``DEFAULT_LIMIT`` texts unless ``limit`` says otherwise; else the examples/ articles
    repeated 20 times (they are short). ``limit`` keeps the first N texts, ``repeat`` repeats the
    (limited) list K times.
    """
    if paths:
        items = [t for p in paths for _, t in read_jsonl_texts(p)]
        source = ", ".join(str(p) for p in paths)
    else:
        present = [p for p in SOURCES if p.exists()]
        if present:
            items = [t for p in present for _, t in read_jsonl_texts(p)]
            source = ", ".join(str(p) for p in present)
            limit = DEFAULT_LIMIT if limit is None else limit
        else:
            items = [t for _, t in example_texts()] * 20
            source = f"{EXAMPLES}/*.txt x20"
    if limit is not None:
        items = items[:limit]
        source += f" (first {len(items)})"
    if repeat > 1:
        source += f" (x{repeat})"
    return items * max(1, repeat), source


def count_words(text: str) -> int:
    """Words as whitespace-separated strings: independent of the tokenizer under test."""
    return len(text.split())


# ---- machine ----------------------------------------------------------------------------------
def cpu_model() -> str:
    """The CPU model name, from /proc/cpuinfo (plus family/model, as VMs often hide the name)."""
    info: dict[str, str] = {}
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if ":" in line:
                    key, _, value = line.partition(":")
                    info.setdefault(key.strip(), value.strip())
    except OSError:
        return platform.processor() or "unknown"
    name = info.get("model name", platform.processor() or "unknown")
    extra = [f"{k} {info[k]}" for k in ("cpu family", "model", "cpu MHz") if k in info]
    return f"{name} ({', '.join(extra)})" if extra else name


def load_average() -> tuple[float, float, float] | None:
    try:
        return tuple(round(x, 2) for x in os.getloadavg())  # type: ignore[return-value]
    except OSError:  # pragma: no cover
        return None


def machine() -> dict[str, Any]:
    import spacy

    return {
        "date": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "load_average": load_average(),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "platform": platform.platform(),
        "memory_method": MEMORY_METHOD,
    }


# ---- memory -----------------------------------------------------------------------------------
MEMORY_METHOD = (
    "RSS of the process plus all its descendants (found with psutil), summed, polled every "
    "0.1 s from /proc/PID/statm (forked workers share the parent's pages, so the sum "
    "over-counts; PSS, from /proc/PID/smaps_rollup every 2 s, divides shared pages among the "
    "processes sharing them)"
    if psutil is not None
    else "RSS of the process alone (psutil is missing, so workers are not seen), polled every "
    "0.1 s from /proc/PID/statm"
)


def maxrss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """ru_maxrss in MB (kilobytes on Linux)."""
    return resource.getrusage(who).ru_maxrss / 1024


def cpu_seconds(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_HZ = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def rss_bytes(pid: int) -> int | None:
    """Resident set size of one process: /proc/PID/statm (cheap), else psutil, else None."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        pass
    if psutil is not None:
        with contextlib.suppress(psutil.Error):
            return psutil.Process(pid).memory_info().rss
    return None


def pss_bytes(pid: int) -> int | None:
    """Proportional set size of one process (Linux /proc/PID/smaps_rollup), else None."""
    with (
        contextlib.suppress(OSError, ValueError),
        open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh,
    ):
        for line in fh:
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    return None


class TreeSampler:
    """Poll the memory of a process and its descendants in a background thread; keep the peaks.

    RSS summed over the tree every ``interval`` seconds (read from /proc/PID/statm: a few
    microseconds); the list of descendants is refreshed every ``refresh_every`` samples (psutil
    scans all of /proc for it: milliseconds, so not at every sample); PSS summed over the tree
    every ``pss_every`` samples (smaps_rollup costs ~4 ms of kernel time per process).
    ``include_root`` False leaves the root out (e.g. a wrapper such as ``/usr/bin/time``).
    Without psutil only the root is followed.
    """

    def __init__(
        self,
        pid: int | None = None,
        interval: float = 0.1,
        include_root: bool = True,
        refresh_every: int = 5,
        pss_every: int = 20,
    ):
        self.pid = os.getpid() if pid is None else pid
        self.interval = interval
        self.include_root = include_root
        self.refresh_every = refresh_every
        self.pss_every = pss_every
        self.peak_mb: float | None = None
        self.peak_pss_mb: float | None = None
        self.max_procs = 0
        self.samples: list[tuple[float, float]] = []  # (seconds since start, RSS MB)
        self._pids: list[int] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _refresh(self) -> None:
        pids = [self.pid] if self.include_root else []
        if psutil is not None:
            with contextlib.suppress(psutil.Error):
                pids += [c.pid for c in psutil.Process(self.pid).children(recursive=True)]
        self._pids = pids
        self.max_procs = max(self.max_procs, len(pids))

    def _sum(self, measure) -> float | None:
        values = [v for v in map(measure, self._pids) if v is not None]
        return sum(values) / 2**20 if values else None

    def _run(self) -> None:
        t0 = time.perf_counter()
        n = 0
        while not self._stop.is_set():
            if n % self.refresh_every == 0:
                self._refresh()
            mb = self._sum(rss_bytes)
            if mb is not None:
                self.samples.append((time.perf_counter() - t0, mb))
                if self.peak_mb is None or mb > self.peak_mb:
                    self.peak_mb = mb
            if n % self.pss_every == self.pss_every - 1:
                pss = self._sum(pss_bytes)
                if pss is not None and (self.peak_pss_mb is None or pss > self.peak_pss_mb):
                    self.peak_pss_mb = pss
            n += 1
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeSampler:
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


# ---- the machine's other load -----------------------------------------------------------------
def busy_cpu_seconds() -> float | None:
    """CPU seconds all processes of the machine have used since boot (/proc/stat), or None."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            fields = fh.readline().split()
    except OSError:
        return None
    # user nice system idle iowait irq softirq steal guest guest_nice (guest counted in user)
    user, nice, system, _idle, _iowait, irq, softirq = (int(x) for x in fields[1:8])
    return (user + nice + system + irq + softirq) / _HZ


class Background:
    """Cores kept busy by other processes during a measurement: the machine's busy CPU time
    (/proc/stat) minus our process tree's (getrusage self + reaped children; for a subprocess
    pass its CPU seconds to ``stop``), divided by the wall time."""

    def __init__(self) -> None:
        self.t0 = time.perf_counter()
        self.busy0 = busy_cpu_seconds()
        self.own0 = cpu_seconds(resource.RUSAGE_SELF) + cpu_seconds(resource.RUSAGE_CHILDREN)

    def stop(self) -> float | None:
        busy = busy_cpu_seconds()
        if busy is None or self.busy0 is None:
            return None
        wall = time.perf_counter() - self.t0
        own = cpu_seconds(resource.RUSAGE_SELF) + cpu_seconds(resource.RUSAGE_CHILDREN) - self.own0
        return max(0.0, (busy - self.busy0 - own) / wall) if wall > 0 else None


def wait_for_quiet(max_cores: float, timeout: float, window: float = 2.0) -> float | None:
    """Wait until other processes use less than ``max_cores`` cores over ``window`` seconds, or
    ``timeout`` seconds have passed; return the last background figure seen."""
    deadline = time.monotonic() + timeout
    seen = None
    while True:
        bg = Background()
        time.sleep(window)
        seen = bg.stop()
        if seen is None or seen < max_cores or time.monotonic() >= deadline:
            return seen
        log(f"waiting for a quieter machine: others use {seen:.2f} cores")


# ---- statistics and output --------------------------------------------------------------------
def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def fmt(value: float | None, digits: int = 0) -> str:
    if value is None or value != value:  # None or NaN
        return "n/a"
    return f"{value:,.{digits}f}"


def print_table(title: str, columns: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A rich table on stdout, or aligned plain text when rich is not installed."""
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # pragma: no cover
        widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(columns)]
        print(title)
        print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
        for r in rows:
            print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)))
        return
    table = Table(title=title, title_justify="left")
    for n, c in enumerate(columns):
        table.add_column(c, justify="left" if n == 0 else "right")
    for r in rows:
        table.add_row(*r)
    Console(width=max(120, Console().width)).print(table)


def add_text_options(ap: argparse.ArgumentParser) -> None:
    """The options that choose the texts (``--texts``, ``--limit``, ``--repeat``)."""
    ap.add_argument(
        "--texts",
        type=Path,
        action="append",
        metavar="FILE.jsonl",
        help="JSONL file(s) whose 'text' fields are the corpus (repeatable). Default: the "
        "first 128 texts of /work/shared/data/polnear_{dev,train}.jsonl, else examples/*.txt x20.",
    )
    ap.add_argument("--limit", type=int, default=None, metavar="N", help="Use the first N texts.")
    ap.add_argument("--repeat", type=int, default=1, metavar="K", help="Repeat the texts K times.")


def add_quiet_options(ap: argparse.ArgumentParser) -> None:
    """``--quiet CORES`` and ``--quiet-timeout``: wait for a quiet machine before each run."""
    ap.add_argument(
        "--quiet",
        type=float,
        default=None,
        metavar="CORES",
        help="Before each measurement wait (up to --quiet-timeout s) until other processes "
        "use fewer than CORES cores.",
    )
    ap.add_argument("--quiet-timeout", type=float, default=300, help="See --quiet.")


def emit_report(report: dict[str, Any], save: Path | None, as_json: bool) -> bool:
    """Write the JSON report to ``save`` (if given) and, with ``as_json``, to stdout; True when
    it went to stdout (the tables are then not wanted)."""
    if save is not None:
        save.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if as_json:
        json.dump(report, sys.stdout, indent=2)
        sys.stdout.write("\n")
    return as_json
