"""Fit the pronoun ranking weights of quotes/entities/pronouns.py (WEIGHTS).

For every third-person pronoun of a person with a known antecedent, the resolver's own
candidates and features are read, and a softmax ranking (linear score, L2) is fitted so the
right candidate scores highest. Training data: GAP development (the labelled pronoun of each
row) and GUM train (every he/she/him/her/his/hers/himself/herself of a named person chain).
Never the sets we report on (GAP validation and test, GUM dev and test).

    python tools/fit_pronoun_weights.py [--data ../shared/data] [--epochs 400]

Prints the weights, rounded, to paste into WEIGHTS, and the accuracy of the ranking on a
held-back third of the examples.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import numpy as np
from spacy.tokens import DocBin

import quotes
from quotes.entities.cluster import Clusters
from quotes.entities.descriptions import descriptions, relatives
from quotes.entities.pronouns import WEIGHTS, PronounResolver
from quotes.evaluation.resolution import load_gap, load_gum
from quotes.lexicon import Lexicon
from quotes.text import TextModel

FEATURES = sorted(WEIGHTS)
_PERSONAL = ("he", "him", "his", "himself", "she", "her", "hers", "herself")


def _clusters(doc, lex: Lexicon) -> Clusters:  # type: ignore[no-untyped-def]
    c = Clusters(doc, TextModel(doc), lex)
    c.names()
    c.appositions()
    c.name_titles()
    c.coordinations()
    relatives(c)
    descriptions(c)
    return c


def _span_cluster(c: Clusters, start: int, end: int) -> int | None:
    for j, m in enumerate(c.mentions):
        s, e = c.doc[m.start].idx, c.doc[m.end - 1].idx + len(c.doc[m.end - 1])
        if s < end and start < e and c.of[j] is not None:
            return c.of[j]
    return None


def _example(res: PronounResolver, k: int, gold: int | None):  # type: ignore[no-untyped-def]
    cands = res.candidates(k)
    if gold is None or gold not in cands or len(cands) < 2:
        return None
    keys = list(cands)
    x = np.array([[cands[c].get(f, 0.0) for f in FEATURES] for c in keys])
    return x, keys.index(gold)


def _parsed(nlp, texts: list[str], cache: Path | None):  # type: ignore[no-untyped-def]
    """The parses of ``texts``: from a DocBin ``cache`` when it holds them, else the pipeline
    (and saved there)."""
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == texts:
            return docs
    docs = list(nlp.pipe(texts))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(cache)
    return docs


def gap_examples(data: Path, nlp, lex: Lexicon, cache: Path | None = None) -> list:  # type: ignore[no-untyped-def]
    rows = load_gap(data / "gap" / "gap-development.tsv")
    out = []
    parsed = _parsed(nlp, [r.text for r in rows], cache and cache / "gap-development.spacy")
    for row, doc in zip(rows, parsed, strict=True):
        truth = row.a_span if row.a_coref else row.b_span if row.b_coref else None
        if truth is None:
            continue
        c = _clusters(doc, lex)
        res = PronounResolver(c)
        target = next((t.i for t in doc if t.idx <= row.pronoun_offset < t.idx + len(t)), None)
        for k, m in enumerate(c.mentions):
            if m.head == target:
                ex = _example(res, k, _span_cluster(c, *truth))
                if ex is not None:
                    out.append(ex)
                break
            if m.form == "pronoun" and m.person == 3 and c.of[k] is None:
                found = res.resolve(k)
                if found is not None:
                    c.join(k, found)
    return out


def gum_examples(data: Path, nlp, lex: Lexicon, cache: Path | None = None) -> list:  # type: ignore[no-untyped-def]
    docs = load_gum(data / "gum" / "gum_coref_train.jsonl")
    out = []
    parsed = _parsed(nlp, [d.text for d in docs], cache and cache / "gum-train.spacy")
    for gdoc, doc in zip(docs, parsed, strict=True):
        c = _clusters(doc, lex)
        res = PronounResolver(c)
        chain = {}
        for e in gdoc.entities:
            if e.kind == "person":
                for gm in e.mentions:
                    chain[(gm.start, gm.end)] = e
        for k, m in enumerate(c.mentions):
            if m.form != "pronoun" or m.person != 3 or c.of[k] is not None:
                continue
            tok = doc[m.head]
            entity = chain.get((tok.idx, tok.idx + len(tok)))
            gold = None
            if entity is not None and tok.lower_ in _PERSONAL:
                earlier = [
                    g
                    for g in entity.mentions
                    if g.end <= tok.idx and g.text.lower() not in _PERSONAL
                ]
                for g in reversed(earlier):
                    gold = _span_cluster(c, g.start, g.end)
                    if gold is not None:
                        break
                ex = _example(res, k, gold)
                if ex is not None:
                    out.append(ex)
            found = gold if gold is not None else res.resolve(k)  # teacher forcing
            if found is not None:
                c.join(k, found)
    return out


def fit(examples: list, epochs: int, l2: float = 1e-3, lr: float = 0.1) -> np.ndarray:
    w = np.array([WEIGHTS[f] for f in FEATURES], dtype=float) * 0
    for _ in range(epochs):
        g = np.zeros_like(w)
        for x, y in examples:
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            g += x.T @ p - x[y]
        w -= lr * (g / len(examples) + l2 * w)
    return w


def accuracy(w: np.ndarray, examples: list) -> float:
    return float(np.mean([np.argmax(x @ w) == y for x, y in examples]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--data", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "data"
    )
    ap.add_argument("--epochs", type=int, default=400)
    ap.add_argument("--cache", type=Path, help="a directory for the parses (DocBin files)")
    args = ap.parse_args()
    nlp = quotes.load()
    nlp.remove_pipe("quotes")
    lex = Lexicon.default()
    examples = gap_examples(args.data, nlp, lex, args.cache) + gum_examples(
        args.data, nlp, lex, args.cache
    )
    random.Random(7).shuffle(examples)
    cut = len(examples) * 2 // 3
    w = fit(examples[:cut], args.epochs)
    print(f"{len(examples)} examples; held-back accuracy {accuracy(w, examples[cut:]):.3f}")
    print(
        f"current weights: {accuracy(np.array([WEIGHTS[f] for f in FEATURES]), examples[cut:]):.3f}"
    )
    w = fit(examples, args.epochs)
    for f, v in zip(FEATURES, w, strict=True):
        print(f'    "{f}": {round(float(v), 2)},')


if __name__ == "__main__":
    main()
