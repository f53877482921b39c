"""Fuzz the pipeline, the readers and the writers for a set time (or a set number of inputs).

    python tests/fuzz/fuzz_pipeline.py --seconds 600 --seed 1
    python tests/fuzz/fuzz_pipeline.py --inputs 300 --seed 3      # a fixed slice (CI)

Generates news-like texts with the building blocks of the property tests (tests/fuzz/news.py,
drawn through a seeded random.Random), and the hostile shapes of tests/fuzz/hostile.py (lone
surrogates, CR-only and U+2029 paragraphs, long lines of quoted spans, token-dense quotes), and
checks on each:

- ``quotes.marks.find_quotes``: the invariants of tests/test_marks.py (spans inside the text,
  marks where they are said to be, proper nesting, depth) and determinism;
- the whole pipeline through ``quotes.extract_many`` in batches: no exception and no ``error``,
  every offset true, the JSONL contract (tests/contract.py: no two quotes share a character, no
  speaker inside its own quote), the same quotes as a single ``nlp(text)`` run;
- the writers on the results: JSONL and JSON give the same record back (lone surrogates
  escaped), CSV writes every row with no formula-like cell, the table writes;
- every tenth batch again with a small ``nlp.max_length``, so texts are split into pieces:
  offsets still true; every seventh from three threads at once: the single-thread answers;
- the readers on whole inputs: JSONL corpora (integers of thousands of digits, nesting too
  deep, lines over the size limit, LF, CRLF or CR-only line ends, a BOM) give exactly the
  documents and skipped lines they hold; HTML pages declaring any codec (hex, base64, rot13,
  idna…) with undecodable bytes and deep or unclosed markup give one document or one problem.

Each failure is printed and its input saved (exact characters, UTF-8 with surrogates passed, or
the bytes) to --out; the run goes on. Inputs slower than --slow seconds are saved too (reported,
not failures). Exit code 1 if any invariant failed.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import shutil
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from contract import validate_record  # noqa: E402
from test_marks import check_invariants  # noqa: E402

import quotes  # noqa: E402
from fuzz.hostile import hostile_text, html_input, jsonl_input  # noqa: E402
from fuzz.invariants import check_result, check_same  # noqa: E402
from fuzz.news import RandomSource, mark_run, random_article  # noqa: E402
from quotes.marks import find_quotes  # noqa: E402
from quotes.readers import iter_jsonl, read_inputs  # noqa: E402
from quotes.writers import CsvWriter, JsonlWriter, JsonWriter, TableWriter  # noqa: E402


def _texts(rng: random.Random, n: int, max_chars: int) -> list[str]:
    out = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.55:
            out.append(random_article(rng, 600, 10))
        elif roll < 0.75:
            out.append(random_article(rng, max_chars, 60))
        elif roll < 0.95:
            out.append(hostile_text(rng, max_chars))
        else:  # a long run of marks inside an article
            src = RandomSource(rng)
            text = random_article(rng, 300, 4)
            cut = rng.randint(0, len(text))
            out.append(text[:cut] + mark_run(src, 400) + text[cut:])
    return out


class Fuzzer:
    def __init__(self, out: Path, slow: float) -> None:
        self.out = out
        self.slow = slow
        self.tried = 0
        self.failures = 0
        self.slow_inputs = 0
        self.seen: set[str] = set()
        self.work = Path(tempfile.mkdtemp(prefix="quotes-fuzz-"))  # pages to read, per run

    def save(self, kind: str, text: str | bytes, message: str) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        path = self.out / f"{kind}-{self.tried:07d}.txt"
        if isinstance(text, str):  # exact characters, lone surrogates too
            text = text.encode("utf-8", "surrogatepass")
        path.write_bytes(text)
        first = message.strip().splitlines()[-1] if message.strip() else kind
        if kind == "slow":
            self.slow_inputs += 1
        else:
            self.failures += 1
        signature = kind + re.sub(r"\d+", "#", first)[:80]
        new = signature not in self.seen
        self.seen.add(signature)
        print(f"{kind}: {first[:300]}\n  input saved to {path}" + ("" if new else " (seen)"))
        if new and kind != "slow":
            print(message[-2000:])
        sys.stdout.flush()

    def check_marks(self, text: str) -> None:
        try:
            spans = find_quotes(text)
            check_invariants(text, spans)
            assert find_quotes(text) == spans, "find_quotes is not deterministic"
        except Exception:
            self.save("marks", text, traceback.format_exc())

    def check_batch(self, nlp, texts: list[str], split: int | None) -> None:
        old = nlp.max_length
        if split:
            nlp.max_length = split
        try:
            try:
                results = list(quotes.extract_many(texts, nlp=nlp, batch_size=4))
            except Exception:
                for text in texts:  # find the culprit
                    try:
                        list(quotes.extract_many([text], nlp=nlp))
                    except Exception:
                        self.save("crash", text, traceback.format_exc())
                return
            if len(results) != len(texts):
                self.save("lost", "\n\n".join(texts), f"{len(results)} results, {len(texts)} texts")
                return
            try:
                check_writers(results)
            except Exception:
                self.save("writers", "\n\n".join(texts), traceback.format_exc())
            for text, result in zip(texts, results, strict=True):
                try:
                    check_result(result, text)
                    if not split:
                        t0 = time.perf_counter()
                        (alone,) = quotes.extract_many([text], nlp=nlp)  # alone, not batched
                        if time.perf_counter() - t0 > self.slow:
                            self.save("slow", text, f"{time.perf_counter() - t0:.1f} s")
                        assert alone.error is None, alone.error
                        check_same(alone.quotes, result.quotes)
                except Exception:
                    self.save("split" if split else "pipeline", text, traceback.format_exc())
        finally:
            nlp.max_length = old

    def check_threads(self, nlp, texts: list[str]) -> None:
        """The same texts from three threads at once: the single-thread answers."""
        want = [[q.to_dict() for q in quotes.extract(t, nlp=nlp)] for t in texts]
        got: dict[tuple[int, int], object] = {}

        def work(k: int) -> None:
            for i, text in enumerate(texts):
                try:
                    got[k, i] = [q.to_dict() for q in quotes.extract(text, nlp=nlp)]
                except Exception:
                    got[k, i] = traceback.format_exc()

        threads = [threading.Thread(target=work, args=(k,)) for k in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for (_, i), answer in sorted(got.items()):
            if answer != want[i]:
                self.save("threads", texts[i], f"threads differ: {str(answer)[-1500:]}")
                return

    def check_jsonl(self, rng: random.Random) -> None:
        """A JSONL corpus gives exactly its documents and its skipped lines."""
        case = jsonl_input(rng)
        problems: list = []
        try:
            docs = list(
                iter_jsonl(io.BytesIO(case.data), max_bytes=case.max_bytes, report=problems.append)
            )
            ids = tuple(d.id for d in docs)
            skipped = sum(p.skipped for p in problems)
            assert ids == case.ids, (ids, case.ids)
            assert skipped == case.skipped, (skipped, case.skipped, [str(p) for p in problems])
            assert all("\n" not in str(p) for p in problems)
        except Exception:
            self.save("jsonl", case.data, traceback.format_exc())

    def check_html(self, rng: random.Random) -> None:
        """An HTML page, whatever codec it declares: one document or one problem."""
        page = html_input(rng)
        problems: list = []
        path = self.work / "page.html"
        try:
            path.write_bytes(page)
            docs = list(read_inputs([path], report=problems.append))
            assert len(docs) + sum(p.skipped for p in problems) == 1, (docs, problems)
            assert all(d.html and isinstance(d.text, str) for d in docs)
        except Exception:
            self.save("html", page, traceback.format_exc())


def check_writers(results: list) -> None:
    """Every format writes the results; JSONL and JSON give the records back exactly."""
    out = io.StringIO()
    writer = JsonlWriter(out)
    for r in results:
        writer.write(r)
    writer.close()
    lines = out.getvalue().split("\n")
    assert lines[-1] == "" and len(lines) == len(results) + 1
    for line, r in zip(lines, results, strict=False):
        assert json.loads(line) == r.to_dict()
        validate_record(json.loads(line), r.text)
    out = io.StringIO()
    writer = JsonWriter(out)
    for r in results:
        writer.write(r)
    writer.close()
    assert json.loads(out.getvalue()) == [r.to_dict() for r in results]
    out = io.StringIO()
    writer = CsvWriter(out)
    for r in results:
        writer.write(r)
    writer.close()
    out.getvalue().encode("utf-8")  # no lone surrogate left
    import csv

    for row in csv.reader(io.StringIO(out.getvalue())):
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row), row
    table = TableWriter(io.StringIO(), width=100)
    for r in results:
        table.write(r)
    table.out.getvalue().encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=600, help="how long to run (600)")
    parser.add_argument(
        "--inputs", type=int, default=None, help="stop after this many texts (a fixed slice)"
    )
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: time)")
    parser.add_argument("--max-chars", type=int, default=3000, help="longest text (3000)")
    parser.add_argument("--batch", type=int, default=4, help="texts per extract_many call (4)")
    parser.add_argument("--slow", type=float, default=10.0, help="save inputs slower than this")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(tempfile.gettempdir()) / "quotes-fuzz",
        help="where failing inputs are saved",
    )
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    print(f"seed {seed}; {args.seconds:g} s; failing inputs go to {args.out}", flush=True)

    nlp = quotes.get_nlp()
    fuzzer = Fuzzer(args.out, args.slow)
    started = time.monotonic()
    batches = 0
    next_report = started + 60
    while time.monotonic() - started < args.seconds:
        if args.inputs is not None and fuzzer.tried >= args.inputs:
            break
        texts = _texts(rng, args.batch, args.max_chars)
        for text in texts:
            fuzzer.tried += 1
            fuzzer.check_marks(text)
        batches += 1
        split = rng.randint(40, 400) if batches % 10 == 0 else None
        fuzzer.check_batch(nlp, texts, split)
        if batches % 7 == 0:
            fuzzer.check_threads(nlp, texts)
        fuzzer.check_jsonl(rng)
        fuzzer.check_html(rng)
        fuzzer.tried += 2
        if time.monotonic() > next_report:
            next_report += 60
            elapsed = time.monotonic() - started
            print(
                f"[{elapsed:5.0f} s] {fuzzer.tried} inputs, {fuzzer.failures} failures",
                flush=True,
            )
    shutil.rmtree(fuzzer.work, ignore_errors=True)
    elapsed = time.monotonic() - started
    print(
        f"done: seed {seed}, {fuzzer.tried} inputs in {elapsed:.0f} s, "
        f"{fuzzer.failures} failures, {fuzzer.slow_inputs} slow inputs"
    )
    print(f"kinds of input: {batches * args.batch} texts, {batches} JSONL corpora, {batches} pages")
    return 1 if fuzzer.failures else 0


if __name__ == "__main__":
    sys.exit(main())
