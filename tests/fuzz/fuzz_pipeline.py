"""Fuzz the pipeline and the quotation-mark pairing for a set time (not part of the test suite).

    python tests/fuzz/fuzz_pipeline.py --seconds 600 --seed 1

Generates news-like texts with the building blocks of the property tests (tests/fuzz/news.py,
drawn through a seeded random.Random) and checks on each:

- ``quotes.marks.find_quotes``: the invariants of tests/test_marks.py (spans inside the text,
  marks where they are said to be, proper nesting, depth) and determinism;
- the whole pipeline through ``quotes.extract_many`` in batches: no exception and no ``error``,
  every offset true, the JSONL contract (tests/contract.py: no two quotes share a character, no
  speaker inside its own quote), the same quotes as a single ``nlp(text)`` run;
- every tenth batch again with a small ``nlp.max_length``, so texts are split into pieces:
  offsets still true.

Each failure is printed and its input saved (exact characters, UTF-8) to --out; the run goes on.
Inputs slower than --slow seconds are saved too (reported, not failures). Exit code 1 if any
invariant failed.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
import traceback
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

from test_marks import check_invariants  # noqa: E402

import quotes  # noqa: E402
from fuzz.invariants import check_result, check_same  # noqa: E402
from fuzz.news import RandomSource, mark_run, random_article  # noqa: E402
from quotes.marks import find_quotes  # noqa: E402


def _texts(rng: random.Random, n: int, max_chars: int) -> list[str]:
    out = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.7:
            out.append(random_article(rng, 600, 10))
        elif roll < 0.95:
            out.append(random_article(rng, max_chars, 60))
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

    def save(self, kind: str, text: str, message: str) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        path = self.out / f"{kind}-{self.tried:07d}.txt"
        path.write_text(text, encoding="utf-8", newline="")
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
            for text, result in zip(texts, results, strict=True):
                try:
                    check_result(result, text)
                    if not split:
                        t0 = time.perf_counter()
                        doc = nlp(text)
                        if time.perf_counter() - t0 > self.slow:
                            self.save("slow", text, f"{time.perf_counter() - t0:.1f} s")
                        assert doc._.quote_error is None, doc._.quote_error
                        check_same(doc._.quotes, result.quotes)
                except Exception:
                    self.save("split" if split else "pipeline", text, traceback.format_exc())
        finally:
            nlp.max_length = old


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=600, help="how long to run (600)")
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
        texts = _texts(rng, args.batch, args.max_chars)
        for text in texts:
            fuzzer.tried += 1
            fuzzer.check_marks(text)
        batches += 1
        split = rng.randint(40, 400) if batches % 10 == 0 else None
        fuzzer.check_batch(nlp, texts, split)
        if time.monotonic() > next_report:
            next_report += 60
            elapsed = time.monotonic() - started
            print(
                f"[{elapsed:5.0f} s] {fuzzer.tried} inputs, {fuzzer.failures} failures",
                flush=True,
            )
    elapsed = time.monotonic() - started
    print(
        f"done: seed {seed}, {fuzzer.tried} inputs in {elapsed:.0f} s, "
        f"{fuzzer.failures} failures, {fuzzer.slow_inputs} slow inputs"
    )
    return 1 if fuzzer.failures else 0


if __name__ == "__main__":
    sys.exit(main())
