"""Running the pipeline over batches of texts, in this process or in a pool of workers.

A batch goes in as texts and comes back as plain quote records, never as Docs: spaCy's own
``n_process`` sends every Doc back to the main process (``Doc.to_bytes``), which costs the main
process as much CPU as a worker spends; a record list is a few hundred bytes. Each batch runs
inside ``nlp.memory_zone()``, so the strings a batch adds to the vocabulary are freed with it
and memory stays flat over an open-ended stream of new words.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language

Records = list[tuple[list[dict[str, Any]], str | None]]

# The pipeline a forked worker runs: set in the parent just before the fork, inherited.
_WORKER_NLP: Language | None = None


def run_batch(nlp: Language, texts: list[str], batch_size: int) -> Records:
    """Quote records and rule error (or None) of each text, in order."""
    with nlp.memory_zone():
        return [
            (list(doc._.quote_records or []), doc._.quote_error)
            for doc in nlp.pipe(texts, batch_size=batch_size)
        ]


def _work(texts: list[str], batch_size: int) -> Records:
    assert _WORKER_NLP is not None
    return run_batch(_WORKER_NLP, texts, batch_size)


def map_batches(
    nlp: Language, batches: Iterable[list[str]], n_process: int, batch_size: int
) -> Iterator[Records]:
    """Results of each batch, in order; with ``n_process > 1`` batches run in a fork pool
    that keeps two batches per worker in flight (the input is read lazily)."""
    if n_process <= 1 or "fork" not in mp.get_all_start_methods():
        for texts in batches:
            yield run_batch(nlp, texts, batch_size)
        return
    global _WORKER_NLP
    _WORKER_NLP = nlp
    try:
        with mp.get_context("fork").Pool(n_process) as pool:
            inflight: deque = deque()
            for texts in batches:
                inflight.append(pool.apply_async(_work, (texts, batch_size)))
                if len(inflight) >= 2 * n_process:
                    yield inflight.popleft().get()
            while inflight:
                yield inflight.popleft().get()
    finally:
        _WORKER_NLP = None
