"""Extract the quotes of JSONL news archives on a Dask cluster.

    python examples/dask_archive.py                          # built-in samples, local cluster
    python examples/dask_archive.py news/*.jsonl -o quotes.jsonl
    python examples/dask_archive.py 's3://bucket/news/*.jsonl' \\
        --scheduler tcp://10.0.0.1:8786 --blocksize '64 MiB' -o 's3://bucket/quotes/*.jsonl'

Without ``--scheduler`` it starts a local cluster (``--workers`` processes, one thread each);
with it, it connects to a running ``dask scheduler``, whose workers need ``quotes[dask]`` and
the model installed. Each input line is one ``{"id": ..., "text": ...}`` object; malformed lines
are skipped and reported. The output is the ``quotes`` JSONL contract, one record per document:
to ``--output`` as one file (default: standard output) written in input order, or, when the
path contains ``*``, as one file per partition written by the workers themselves. A summary
(documents, quotes, skipped lines) goes to standard error.

Needs ``pip install 'quotes[dask]'``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import deque
from itertools import islice
from typing import IO, Any

import dask
import dask.bag as db
from distributed import Client, LocalCluster

from quotes.dask import extract_bag, read_jsonl_bag
from quotes.pipeline import DEFAULT_MODEL

SAMPLES = [
    {
        "id": "sample-1",
        "text": "“We are ready,” said Pentagon Press Secretary John Kirby. He added that the "
        "deployment would take weeks. “Nobody should doubt our resolve,” he said.",
    },
    {
        "id": "sample-2",
        "text": "Mayor Karen Bass said the city would reopen the bridge on Monday. "
        "“Commuters have waited long enough,” Bass told reporters at City Hall.",
    },
    {
        "id": "sample-3",
        "text": "Heavy rain is expected across the region on Friday. Roads in the north may flood.",
    },
    {
        "id": "sample-4",
        "text": "Coach Maria Lopez was blunt after the defeat. “We did not show up,” she said. "
        "“The second half was unacceptable.”",
    },
]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Extract quotes from JSONL news archives on a Dask cluster."
    )
    parser.add_argument(
        "corpus", nargs="*", help="JSONL files, globs or URLs (default: built-in sample texts)"
    )
    parser.add_argument(
        "--scheduler", metavar="ADDRESS", help="a running scheduler, e.g. tcp://10.0.0.1:8786"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="local worker processes (default: 2)"
    )
    parser.add_argument(
        "-o",
        "--output",
        default="-",
        help="output JSONL file, '-' for standard output (default), or a pattern with '*' "
        "for one file per partition (e.g. 's3://bucket/quotes/*.jsonl')",
    )
    parser.add_argument(
        "--blocksize",
        default=None,
        help="split input files into partitions of about this size, e.g. '64 MiB' "
        "(default: one partition per file)",
    )
    parser.add_argument("--model", default=DEFAULT_MODEL, help="spaCy model package or path")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--text-field", default="text")
    parser.add_argument("--id-field", default="id")
    return parser.parse_args(argv)


def open_output(path: str) -> IO[str]:
    if path == "-":
        sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
        return sys.stdout
    return open(path, "w", encoding="utf-8")  # noqa: SIM115


def stream_in_order(
    client: Client, records: db.Bag, problems: db.Bag, out: IO[str], ahead: int
) -> tuple[int, int, list[Any]]:
    """Compute partitions ``ahead`` at a time and write them in input order."""
    pairs = iter(zip(records.to_delayed(), problems.to_delayed(), strict=True))
    pending: deque = deque(client.compute(list(pair)) for pair in islice(pairs, ahead))
    documents = found = 0
    seen: list[Any] = []
    while pending:
        futures = pending.popleft()
        part, part_problems = client.gather(futures)
        del futures  # the workers release the partition once no future refers to it
        nxt = next(pairs, None)
        if nxt is not None:
            pending.append(client.compute(list(nxt)))
        for record in part:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            documents += 1
            found += len(record["quotes"])
        seen.extend(part_problems)
    out.flush()
    return documents, found, seen


def to_files(records: db.Bag, problems: db.Bag, pattern: str) -> tuple[int, int, list[Any]]:
    """Write one file per partition from the workers; count in the same computation."""
    writes = records.map(json.dumps, ensure_ascii=False).to_textfiles(
        pattern, last_endline=True, compute=False
    )
    counts = records.map(lambda r: (1, len(r["quotes"]))).fold(
        lambda a, b: (a[0] + b[0], a[1] + b[1]), initial=(0, 0)
    )
    _, (documents, found), seen = dask.compute(writes, counts, problems)
    return documents, found, list(seen)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    if args.scheduler:
        cluster = None
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(
            n_workers=args.workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,  # no dashboard; its HTTP server on any free port
            scheduler_kwargs={"dashboard_address": ":0"},
        )
        client = Client(cluster)
    try:
        if args.corpus:
            docs, problems = read_jsonl_bag(
                args.corpus,
                blocksize=args.blocksize,
                text_field=args.text_field,
                id_field=args.id_field,
            )
        else:
            docs = db.from_sequence(SAMPLES, npartitions=2)
            problems = db.from_sequence([[], []], npartitions=2).flatten()  # none, per partition
        records = extract_bag(
            docs,
            model=args.model,
            batch_size=args.batch_size,
            text_field=args.text_field,
            id_field=args.id_field,
        )
        if "*" in args.output:
            documents, found, seen = to_files(records, problems, args.output)
        else:
            workers = max(1, len(client.scheduler_info()["workers"]))
            out = open_output(args.output)
            try:
                documents, found, seen = stream_in_order(
                    client, records, problems, out, ahead=2 * workers
                )
            finally:
                if out is not sys.stdout:
                    out.close()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

    skipped = [p for p in seen if p.skipped]
    for problem in seen[:10]:
        print(f"  {problem}", file=sys.stderr)
    if len(seen) > 10:
        print(f"  ... and {len(seen) - 10} more", file=sys.stderr)
    print(
        f"{documents} document{'s' if documents != 1 else ''}, "
        f"{found} quote{'s' if found != 1 else ''}, "
        f"{len(skipped)} line{'s' if len(skipped) != 1 else ''} skipped "
        f"in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":  # the guard matters: local workers are new processes
    sys.exit(main())
