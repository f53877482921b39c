"""The pipeline beyond one machine: quote extraction over Dask bags and dataframes.

Needs the optional dependencies: ``pip install 'quotes[dask]'`` (on the client, the scheduler
and every worker, with the same spaCy model package installed on every worker).

Each partition is processed by one task, which streams its documents through
:func:`quotes.extract_many` and returns the same records the single-machine path produces:
:func:`extract_bag` gives ``Result.to_dict()`` contract records (the JSONL output), and
:func:`extract_dataframe` one row per quote with the columns of
:data:`quotes.writers.RECORD_FIELDS`.

The model is loaded once per worker *process*, not per task or partition: the tasks carry only
the model's name, and :func:`worker_nlp` keeps the loaded pipeline in a process-wide cache, so
the first task a worker runs loads it (a few seconds and a few hundred MB) and every later task
on that worker reuses it. The nlp object itself never travels through the scheduler (it is large
and slow to pickle). Run workers with one thread each (``--nthreads 1``) and as many processes
as cores: spaCy's pipeline holds the GIL for most of its work, so threads do not make it faster.
Threads are safe all the same (Dask's default threaded scheduler, ``scheduler="threads"`` or
``"sync"``): they take turns on the worker's pipeline and give the records processes give.

Without a ``distributed.Client``, Dask computes bags with a local process pool that lives for
one ``compute()``, whose processes load the model again at every ``compute()``: fine for a
try-out, but on one machine prefer a ``distributed.LocalCluster`` (whose workers live on) or
plainly ``quotes.extract_many(..., n_process=N)``.

>>> import dask.bag as db
>>> from quotes.dask import extract_bag
>>> bag = db.from_sequence([{"id": "a", "text": "“We are ready,” said John Kirby."}])
>>> [(r["id"], q["speaker"]["name"]) for r in extract_bag(bag).compute() for q in r["quotes"]]
[('a', 'John Kirby')]
"""

from __future__ import annotations

if __name__ == "dask":  # this file imported as the top-level ``dask``: it would shadow Dask
    raise ImportError(
        "quotes/dask.py was imported as the top-level module 'dask' because Python runs from "
        "inside the quotes/ package directory; run it from elsewhere (the module is quotes.dask)"
    )

import io
import threading
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

try:
    import dask
    import dask.bag as db
except ImportError as exc:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        f"quotes.dask needs Dask, which is not installed ({exc}); "
        "install the extra with: pip install 'quotes[dask]'"
    ) from exc

from .api import extract_many, get_nlp
from .pipeline import DEFAULT_MODEL
from .readers import Document, Problem, iter_jsonl
from .writers import RECORD_FIELDS, quote_record

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd
    from spacy.language import Language

__all__ = [
    "QUOTE_DTYPES",
    "JsonlBag",
    "extract_bag",
    "extract_dataframe",
    "quote_frame",
    "read_jsonl_bag",
    "worker_nlp",
]

#: The dtype of each column of :func:`extract_dataframe` (and :func:`quote_frame`): text as
#: ``string[pyarrow]``, offsets that are always present as ``int64``, the others as nullable
#: ``Int64``. Absent values are ``<NA>``.
QUOTE_DTYPES: dict[str, str] = {name: "string[pyarrow]" for name in RECORD_FIELDS}
QUOTE_DTYPES.update(start="int64", end="int64")
QUOTE_DTYPES.update({f"{s}_{e}": "Int64" for s in ("speaker", "cue") for e in ("start", "end")})

# --------------------------------------------------------------------------------------------
# The model, once per worker process

_load_lock = threading.Lock()


@lru_cache(maxsize=4)
def _cached_nlp(model: str) -> Language:
    # get_nlp has its own per-process cache: a process that also calls quotes.extract (the
    # client under a local scheduler) shares one pipeline instead of loading a second.
    return get_nlp(model)


def worker_nlp(model: str | Path = DEFAULT_MODEL) -> Language:
    """The pipeline for ``model`` in this process, loaded on first use and then reused.

    Every task of :func:`extract_bag` and :func:`extract_dataframe` calls this with the model's
    *name*: the first call in a worker process loads the model, later calls (later partitions,
    later computations on the same worker) get the same object back, so a worker pays for the
    model once however many partitions it processes. ``worker_nlp.cache_info()`` (from
    :func:`functools.lru_cache`) tells how often it loaded (``misses``) and reused (``hits``);
    with ``client.run(quotes.dask.worker_nlp.cache_info)`` you get it for every worker. A lock
    makes concurrent first calls from threads of one worker load the model only once.
    """
    with _load_lock:
        return _cached_nlp(str(model))


worker_nlp.cache_info = _cached_nlp.cache_info  # type: ignore[attr-defined]
worker_nlp.cache_clear = _cached_nlp.cache_clear  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------
# Bags


def _with_ids(items: Iterable[Any], partition: int, id_field: str) -> Iterable[Any]:
    """Give strings and mappings without an id the id ``<partition>:<position>``."""
    for n, item in enumerate(items):
        if isinstance(item, str):
            yield f"{partition}:{n}", item
        elif isinstance(item, Mapping) and item.get(id_field) is None:
            yield {**item, id_field: f"{partition}:{n}"}
        else:
            yield item


def _extract_partition(
    items: Iterable[Any],
    partition: Sequence[int],
    *,
    model: str,
    batch_size: int,
    text_field: str,
    id_field: str,
) -> list[dict[str, Any]]:
    items = list(items)
    if not items:  # an empty partition never needs the model
        return []
    nlp = worker_nlp(model)
    results = extract_many(
        _with_ids(items, partition[0], id_field),
        nlp=nlp,
        batch_size=batch_size,
        text_field=text_field,
        id_field=id_field,
    )
    return [r.to_dict() for r in results]


def extract_bag(
    bag: db.Bag,
    *,
    model: str | Path = DEFAULT_MODEL,
    batch_size: int = 32,
    text_field: str = "text",
    id_field: str = "id",
) -> db.Bag:
    """A bag of JSONL contract records (``Result.to_dict()``), one per document of ``bag``.

    ``bag`` holds what :func:`quotes.extract_many` takes: mappings with ``text_field`` and
    ``id_field`` (such as ``json.loads`` of JSONL lines), ``(id, text)`` pairs, strings, or
    :class:`quotes.readers.Document` objects (from :func:`read_jsonl_bag`). Each partition
    becomes one task that runs ``extract_many`` over it, so a record is exactly what the
    single-machine path gives for that document (same quotes, same offsets), and the output
    keeps the partitions and their order. Strings and mappings without an id get the id
    ``"<partition>:<position in partition>"`` (the plain path's ids are global positions, which
    a partition cannot know). A mapping without a string ``text_field`` fails its task with a
    ``TypeError``, as in ``extract_many``; :func:`read_jsonl_bag` skips such lines instead.

    Only ``model`` (a package name, or a path that exists on every worker) is shipped: each
    worker process loads it once (see :func:`worker_nlp`).

    >>> import json
    >>> import dask.bag as db
    >>> lines = ['{"id": "k1", "text": "“We are ready,” said John Kirby. He left."}']
    >>> records = extract_bag(db.from_sequence(lines).map(json.loads))
    >>> speaker = records.compute()[0]["quotes"][0]["speaker"]
    >>> speaker["text"], speaker["start"], speaker["end"], speaker["name"]
    ('John Kirby', 21, 31, 'John Kirby')

    Write the records as JSONL, one file per partition:
    ``records.map(json.dumps).to_textfiles("out/*.jsonl", last_endline=True)``.
    """
    if bag.npartitions == 0:
        return bag
    # each task gets its partition's number, for the ids of items without one
    partitions = db.range(bag.npartitions, npartitions=bag.npartitions)
    return bag.map_partitions(
        _extract_partition,
        partitions,
        model=str(model),
        batch_size=batch_size,
        text_field=text_field,
        id_field=id_field,
    )


# --------------------------------------------------------------------------------------------
# Dataframes


def quote_frame(rows: Iterable[dict[str, Any]], index: pd.Index | None = None) -> pd.DataFrame:
    """Flat quote rows (:func:`quotes.writers.to_records`) as a pandas DataFrame with the
    columns of ``RECORD_FIELDS`` and the dtypes of :data:`QUOTE_DTYPES`, whatever the rows
    (even none): the frame :func:`extract_dataframe` builds for each partition.

    >>> import quotes
    >>> from quotes.writers import to_records
    >>> frame = quote_frame(to_records(quotes.extract_many(["“No,” said Ana Ruiz."])))
    >>> frame[["id", "quote", "speaker", "cue_start"]].to_dict("records")
    [{'id': '0', 'quote': '“No,”', 'speaker': 'Ana Ruiz', 'cue_start': 6}]
    """
    import pandas as pd

    frame = pd.DataFrame(list(rows), columns=list(RECORD_FIELDS), dtype=object)
    if index is not None:
        frame.index = index
    return frame.astype(QUOTE_DTYPES)


def _is_missing(value: Any) -> bool:
    import pandas as pd

    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def _extract_frame(
    part: pd.DataFrame,
    *,
    text_column: str,
    id_column: str | None,
    model: str,
    batch_size: int,
) -> pd.DataFrame:
    ids = part.index if id_column is None else part[id_column]
    items: list[tuple[str, str]] = []
    positions: list[int] = []  # row of each item in ``part``
    for position, (label, doc_id, text) in enumerate(
        zip(part.index, ids, part[text_column], strict=True)
    ):
        if _is_missing(text):
            continue
        if not isinstance(text, str):
            raise TypeError(
                f"row {label!r}: column {text_column!r} holds a {type(text).__name__}, not a str"
            )
        items.append((str(label if _is_missing(doc_id) else doc_id), text))
        positions.append(position)
    rows: list[dict[str, Any]] = []
    rows_at: list[int] = []  # row in ``part`` of the document of each quote
    if items:  # an empty partition never needs the model
        results = extract_many(items, nlp=worker_nlp(model), batch_size=batch_size)
        for position, result in zip(positions, results, strict=True):
            for q in result.quotes:
                rows.append(quote_record(result.id, q))
                rows_at.append(position)
    return quote_frame(rows, part.index.take(rows_at))


def extract_dataframe(
    df: dd.DataFrame,
    *,
    text_column: str = "text",
    id_column: str | None = "id",
    model: str | Path = DEFAULT_MODEL,
    batch_size: int = 32,
) -> dd.DataFrame:
    """One row per quote of the documents of ``df`` (one document per row), partition by
    partition: the rows of :func:`quotes.writers.to_records` with the columns of
    ``RECORD_FIELDS`` and the dtypes of :data:`QUOTE_DTYPES` (declared up front, so building the
    graph computes nothing and loads no model).

    Each quote row keeps the index label of its document's row, so the result has the same
    partitions and divisions as ``df`` and joins back to it on the index. A document without
    quotes, or whose text is missing (None/NaN), gives no rows. The id is ``str()`` of
    ``id_column``, or of the index label when ``id_column`` is None or the id is missing.

    >>> import dask.dataframe as dd
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"id": ["a", "b"], "text": ["“No,” said Ana Ruiz.", "It rained."]})
    >>> found = extract_dataframe(dd.from_pandas(docs, npartitions=2))
    >>> found[["id", "quote", "speaker", "cue"]].compute().to_dict("records")
    [{'id': 'a', 'quote': '“No,”', 'speaker': 'Ana Ruiz', 'cue': 'said'}]
    """
    for column in (text_column, id_column):
        if column is not None and column not in df.columns:
            raise KeyError(f"no column {column!r} (columns: {', '.join(map(str, df.columns))})")
    meta = quote_frame([], df._meta.index[:0])
    return df.map_partitions(
        _extract_frame,
        text_column=text_column,
        id_column=id_column,
        model=str(model),
        batch_size=batch_size,
        meta=meta,
    )


# --------------------------------------------------------------------------------------------
# Reading JSONL corpora


class JsonlBag(NamedTuple):
    """What :func:`read_jsonl_bag` returns: the documents, and the problems met reading them."""

    #: A bag of :class:`quotes.readers.Document`, in file and line order.
    documents: db.Bag
    #: A bag of :class:`quotes.readers.Problem`: the skipped lines with the reason, and warnings.
    problems: db.Bag


def _parse_block(
    block: bytes, name: str, text_field: str, id_field: str
) -> tuple[list[Document], list[Problem]]:
    problems: list[Problem] = []
    documents = list(
        iter_jsonl(
            io.BytesIO(block),
            name=name,
            text_field=text_field,
            id_field=id_field,
            report=problems.append,
        )
    )
    return documents, problems


def read_jsonl_bag(
    urlpath: str | Path | Sequence[str | Path],
    *,
    blocksize: int | str | None = None,
    text_field: str = "text",
    id_field: str = "id",
    compression: str | None = "infer",
    storage_options: dict[str, Any] | None = None,
) -> JsonlBag:
    """Read JSONL corpora (local paths, globs or any fsspec URL such as ``s3://b/*.jsonl``) into
    a bag of documents, as the ``quotes`` command reads them, skipping malformed lines.

    Each line is parsed by :func:`quotes.readers.iter_jsonl`: one JSON object with a string
    ``text_field`` per line; a line that is not valid JSON, not an object or has no string text
    is skipped and reported in ``problems``; an HTML text becomes its article text. With
    ``blocksize=None`` (the default) each file is one partition and a record without an id gets
    ``"<path>:<line>"``; with a ``blocksize`` (bytes, or a string such as ``"64 MiB"``) files
    are split at line ends into partitions of about that size, and such ids are
    ``"<path>#<block>:<line in block>"``. Paths are those fsspec reports (for S3:
    ``bucket/key``). Compressed files (``compression``, inferred from the extension) cannot be
    split.

    The problems come from the same reading tasks as the documents: compute them together,
    ``dask.compute(records, problems)``, to read the corpus once.

    >>> import dask, json, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "corpus.jsonl"
    >>> _ = path.write_text('{"id": "a", "text": "“No,” he said."}\\n{oops\\n')
    >>> docs, problems = read_jsonl_bag(str(path))
    >>> records, problems = dask.compute(extract_bag(docs), problems)
    >>> [(r["id"], len(r["quotes"])) for r in records], [p.line for p in problems]
    ([('a', 1)], [2])
    """
    from dask.bytes import read_bytes

    urlpath = str(urlpath) if isinstance(urlpath, (str, Path)) else [str(p) for p in urlpath]
    _, blocks, paths = read_bytes(
        urlpath,
        delimiter=b"\n",
        blocksize=blocksize,
        sample=False,
        compression=compression,
        include_path=True,
        **(storage_options or {}),
    )
    parsed = []
    for path, file_blocks in zip(paths, blocks, strict=True):
        for n, block in enumerate(file_blocks):
            name = path if blocksize is None else f"{path}#{n}"
            parsed.append(dask.delayed(_parse_block, pure=True)(block, name, text_field, id_field))
    if not parsed:  # only empty files
        return JsonlBag(db.from_sequence([], npartitions=1), db.from_sequence([], npartitions=1))
    documents = db.from_delayed([p[0] for p in parsed])
    problems = db.from_delayed([p[1] for p in parsed])
    return JsonlBag(documents, problems)
