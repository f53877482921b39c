"""Running the pipeline over batches of texts, in this process or in a pool of workers.

A batch goes in as texts and comes back as plain quote records, never as Docs: spaCy's own
``n_process`` sends every Doc back to the main process (``Doc.to_bytes``), which costs the main
process as much CPU as a worker spends; a record list is a few hundred bytes. Each batch runs
inside ``nlp.memory_zone()``, so the strings a batch adds to the vocabulary are freed with it
and memory stays flat over an open-ended stream of new words.

No document is lost to a failure that is not its own:

- a batch that spaCy fails on (outside our component, which guards itself) is parsed again one
  text at a time, and only the text that fails gets an error record;
- a worker that dies (the OOM killer, a segfault) breaks the pool at once (no wait forever): the
  batches it may have held run again in a fresh pool, one at a time, and a document that kills
  its worker again gets an error record;
- threads: one pipeline runs one batch at a time (a lock per pipeline), since spaCy's memory
  zones and string store are not safe to share between threads (``benchmarks/threads.py``
  measures this against a pipeline per thread).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from typing import Any
from weakref import WeakKeyDictionary

from spacy.language import Language

__all__ = ["DIED", "Records", "map_batches", "nlp_lock", "run_batch"]

#: Per text: its quote records, its error (or None), and its entity records when the pipeline
#: keeps them (``store_entities``, the ``quotes_entities`` component), else None.
Records = list[tuple[list[dict[str, Any]], str | None, list[dict[str, Any]] | None]]

#: The error of a document whose worker process died twice while parsing it.
DIED = "the worker process died while parsing this document (killed, out of memory or crashed)"

# The pipeline a forked worker runs: given to its initializer, inherited through the fork.
_WORKER_NLP: Language | None = None

_locks: WeakKeyDictionary[Language, threading.Lock] = WeakKeyDictionary()
_locks_guard = threading.Lock()


def nlp_lock(nlp: Language) -> threading.Lock:
    """The lock that lets one thread at a time run ``nlp`` in this module."""
    with _locks_guard:
        lock = _locks.get(nlp)
        if lock is None:
            lock = _locks[nlp] = threading.Lock()
        return lock


#: Characters of the first texts a pipeline meets that it tokenizes outside a memory zone.
WARM_CHARS = 500_000

_warmed: WeakKeyDictionary[Language, int] = WeakKeyDictionary()


def _warm(nlp: Language, texts: list[str]) -> None:
    """Tokenize the first ``WARM_CHARS`` characters a pipeline meets outside a memory zone
    too: spaCy's tokenizer caches no word inside a zone, so a stream would split every
    common word afresh (3.6 % of the CPU against 1.2 % with the cache). Its cache (10,000
    entries) fills with the stream's first words and stays; the vocabulary keeps the words of
    these characters only, so memory stays bounded."""
    used = _warmed.get(nlp, 0)
    for text in texts:
        if used >= WARM_CHARS:
            break
        piece = text[: WARM_CHARS - used]
        nlp.tokenizer(piece)
        used += len(piece)
    _warmed[nlp] = used


def _parse(nlp: Language, texts: list[str], batch_size: int) -> Records:
    _warm(nlp, texts)
    with nlp.memory_zone():
        return [
            (list(doc._.quote_records or []), doc._.quote_error, doc._.entity_records)
            for doc in nlp.pipe(texts, batch_size=batch_size)
        ]


def run_batch(nlp: Language, texts: list[str], batch_size: int) -> Records:
    """Quote records, error (or None) and entity records (or None) of each text, in order;
    never raises for a text: when spaCy fails on the batch, each text is parsed alone and a
    failing one gets ``"spaCy failed: …"`` as its error."""
    with nlp_lock(nlp):
        try:
            return _parse(nlp, texts, batch_size)
        except Exception as exc:
            if len(texts) == 1:
                return [([], f"spaCy failed: {type(exc).__name__}: {exc}", None)]
        records: Records = []
        for text in texts:  # find the culprit; the others keep their quotes
            try:
                records.extend(_parse(nlp, [text], batch_size))
            except Exception as exc:
                records.append(([], f"spaCy failed: {type(exc).__name__}: {exc}", None))
        return records


# --------------------------------------------------------------------------------------------
# The pool


def _quiet_exit(signum: int, frame: object) -> None:
    os._exit(128 + signum)  # told to stop: no traceback, no flushing of inherited buffers


def _worker_init(nlp: Language) -> None:
    """Set up a forked worker: its pipeline, fresh locks (a lock another thread of the parent
    held at the fork would stay held), and signals that end it quietly."""
    global _WORKER_NLP, _locks, _locks_guard
    _WORKER_NLP = nlp
    _locks, _locks_guard = WeakKeyDictionary(), threading.Lock()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the group: the parent decides
    signal.signal(signal.SIGTERM, _quiet_exit)
    if sys.platform.startswith("linux"):
        with suppress(Exception):  # end with the parent, even if it is killed outright
            import ctypes

            ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _work(texts: list[str], batch_size: int) -> Records:
    assert _WORKER_NLP is not None
    return run_batch(_WORKER_NLP, texts, batch_size)


class _Pool:
    """A fork pool that is replaced when one of its workers dies."""

    def __init__(self, nlp: Language, n_process: int) -> None:
        self.nlp = nlp
        self.n_process = n_process
        self.executor: ProcessPoolExecutor | None = None

    def submit(self, texts: list[str], batch_size: int) -> Future[Records]:
        if self.executor is None:
            self.executor = ProcessPoolExecutor(
                self.n_process,
                mp_context=mp.get_context("fork"),
                initializer=_worker_init,
                initargs=(self.nlp,),  # inherited through the fork, never pickled
            )
        try:
            return self.executor.submit(_work, texts, batch_size)
        except BrokenProcessPool as exc:  # a worker died since the last batch
            failed: Future[Records] = Future()
            failed.set_exception(exc)
            return failed

    def close(self, *, kill: bool = False) -> None:
        executor, self.executor = self.executor, None
        if executor is None:
            return
        if kill:  # interrupted, or broken: stop every worker now (each exits quietly)
            for process in list(getattr(executor, "_processes", {}).values()):
                with suppress(Exception):
                    process.terminate()
        executor.shutdown(wait=True, cancel_futures=True)

    def careful(self, texts: list[str], batch_size: int) -> Records:
        """A batch that was in flight when a worker died: again, alone; if a worker dies
        again, text by text, and a text that kills its worker gets an error record."""
        try:
            return self.submit(texts, batch_size).result()
        except BrokenProcessPool:
            self.close(kill=True)
        records: Records = []
        for text in texts:
            try:
                records.extend(self.submit([text], batch_size).result())
            except BrokenProcessPool:
                self.close(kill=True)
                records.append(([], DIED, None))
        return records

    def drain(
        self, inflight: deque[tuple[list[str], Future[Records]]], keep: int, batch_size: int
    ) -> Iterator[Records]:
        """Results of the batches in flight, in order, until ``keep`` are left."""
        while len(inflight) > keep:
            texts, future = inflight.popleft()
            try:
                records = future.result()
            except BrokenProcessPool:
                pending = [texts, *(t for t, _ in inflight)]
                inflight.clear()
                self.close(kill=True)
                for batch in pending:
                    yield self.careful(batch, batch_size)
                continue
            yield records


def map_batches(
    nlp: Language, batches: Iterable[list[str]], n_process: int, batch_size: int
) -> Iterator[Records]:
    """Results of each batch, in order; with ``n_process > 1`` batches run in a fork pool
    that keeps two batches per worker in flight (the input is read lazily)."""
    if n_process <= 1 or "fork" not in mp.get_all_start_methods():
        for texts in batches:
            yield run_batch(nlp, texts, batch_size)
        return
    pool = _Pool(nlp, n_process)
    finished = False
    try:
        inflight: deque[tuple[list[str], Future[Records]]] = deque()
        for texts in batches:
            inflight.append((texts, pool.submit(texts, batch_size)))
            yield from pool.drain(inflight, 2 * n_process - 1, batch_size)
        yield from pool.drain(inflight, 0, batch_size)
        finished = True
    finally:
        # interrupted (a signal, an error, a consumer that stopped early): workers killed
        pool.close(kill=not finished)
